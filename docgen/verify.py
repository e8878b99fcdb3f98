"""``docgen verify``: read a case's built documents back and check that they agree.

Every .docx (python-docx: body, tables, header) and .pdf (pypdf) listed in the folder's
``manifest.json`` is read as a recipient's software reads it. From each text come the facts
a reader acts on: amounts in figures with their words (人民币…整 / RMB …), the refund, the
order and transaction numbers, the order date, the letter date and the reply deadline, the
parties' names, the exhibits cited by number with their titles; from the evidence index, each exhibit's
pages, checked against the stamps on the bundle's pages. Each fact is compared with the
case file (``--case``) or, without it, with what most of the documents say. Each
disagreement is one line naming the file, the fact, what it says and what was expected.
"""
from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Iterable

import docx
from docx.opc.exceptions import PackageNotFoundError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from docgen.assess import assess
from docgen.casefile import Case
from docgen.errors import InputError
from docgen.formatting import amount_in_words, format_day
from docgen.i18n import N_, _

_ID = r"((?=[A-Za-z_\-]*\d)[A-Za-z0-9][A-Za-z0-9_\-]*)(?![A-Za-z0-9_\-])"
# Prose and header forms only: a table's cells may come out of a PDF value first, label
# after (…5678交易号3712…订单号), so a Chinese id counts only where punctuation ends it.
_ENDS = r"(?=[，。）、；]|$)"
ORDER_ID = (rf"订单号(?:为|：| )?{_ID}{_ENDS}", rf"(?:order number|Order No\.) {_ID}")
TRANSACTION_ID = (rf"交易号(?:为|：)?{_ID}{_ENDS}", rf"transaction number {_ID}")
AMOUNT_PAIR = (r"¥([\d,]+\.\d{2})（(人民币[^）]+)）", r"CN¥([\d,]+\.\d{2}) \((RMB [^)]+)\)")
REFUND = (r"退还[^¥。]{0,30}¥([\d,]+\.\d{2})", r"refund CN¥([\d,]+\.\d{2})")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DATE = (r"(\d{4})年(\d{1,2})月(\d{1,2})日", rf"({'|'.join(MONTHS)}) (\d{{1,2}}), (\d{{4}})")
ORDERED = (r"于(\d{4}年\d{1,2}月\d{1,2}日) ?\d{1,2}:\d{2}(?:在|通过)[^。]{0,80}?购买",
           rf"On ((?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}}), \d{{1,2}}:\d{{2}}\W*[AP]M, I ordered")
DEADLINE = (r"于(\d{4}年\d{1,2}月\d{1,2}日)前", rf"by ((?:{'|'.join(MONTHS)}) \d{{1,2}}, \d{{4}})")
STAMP = r"(?:证据(\d+) ?第(\d+)页 ?共(\d+)页|Exhibit (\d+), page (\d+) of (\d+))"
EXHIBIT_ENTRY = r"(?:证据|Exhibit )(\d+) ?(?:[：:] ?)?(?![\d、，。,;.)）(（第]|page)(\S)"
CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"

WHAT = {
    "order": N_("order number"),
    "transaction": N_("transaction number"),
    "refund": N_("refund amount"),
    "words": N_("amount in words"),
    "letter_date": N_("letter date"),
    "deadline": N_("reply deadline"),
    "ordered": N_("order date"),
    "consumer": N_("consumer's name"),
    "merchant": N_("seller's name"),
    "exhibit": N_("exhibit title"),
    "exhibit_number": N_("exhibit number"),
    "pages": N_("exhibit pages in the index"),
    "file": N_("file"),
}


@dataclass(frozen=True)
class Disagreement:
    """One fact a file states differently from the case, the other files or its bundle."""

    file: str
    what: str
    found: str
    expected: str
    source: str

    def line(self) -> str:
        """The disagreement as one line for the user, in the CLI's language."""
        return _("{file}: {what}: says {found}, expected {expected} ({source})").format(
            file=self.file, what=_(WHAT[self.what]), found=self.found or _("nothing"), expected=self.expected,
            source=self.source)


@dataclass
class Reading:
    """One built file as read back: its normalized ``text`` (the body, without bundled
    exhibits), and for the evidence index its rows (.docx) or stamped pages (.pdf)."""

    name: str
    kind: str
    text: str
    index_rows: dict[int, tuple[str, str]] = field(default_factory=dict)
    stamps: dict[int, tuple[int, int, int]] = field(default_factory=dict)
    """PDF page (1-based) → (exhibit number, page of the exhibit, its page count)."""
    ordered: bool = True
    """The text keeps each list entry's label next to its text (a .docx; a PDF may not)."""


def normalize(text: str) -> str:
    """One line, single spaces, none around Chinese characters, none after a hyphen at a line
    end: line breaks fall anywhere in a PDF."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(rf" ?({CJK}) ?", r"\1", text).strip()


def read_docx(path: Path, kind: str) -> Reading:
    """A .docx's header, body paragraphs and table rows (cells joined by " | ")."""
    document = docx.Document(str(path))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    # the header, the tables, then the body: the body's last date is the signature's
    lines = [p.text for section in document.sections for p in section.header.paragraphs]
    lines += [" | ".join(row) for row in rows]
    lines += [p.text for p in document.paragraphs]
    index_rows = {}
    for row in rows:
        number = re.fullmatch(r"(?:证据|Exhibit )(\d+)", row[0].strip()) if row else None
        if number and len(row) >= 5:
            index_rows[int(number.group(1))] = (row[1].strip(), row[4].strip())
    return Reading(path.name, kind, normalize("\n".join(lines)), index_rows=index_rows)


def read_pdf(path: Path, kind: str) -> Reading:
    """A PDF's text up to the first stamped exhibit page, and the stamp on each page."""
    pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    stamps: dict[int, tuple[int, int, int]] = {}
    body: list[str] = []
    for number, page in enumerate(pages, 1):
        stamp = re.search(STAMP, normalize(page))
        if stamp:
            values = [int(v) for v in stamp.groups() if v]
            stamps[number] = (values[0], values[1], values[2])
        elif not stamps:
            body.append(page)
    return Reading(path.name, kind, normalize("\n".join(body)), stamps=stamps, ordered=False)


def _check_manifest(manifest: dict) -> None:
    """Raise ValueError unless ``manifest`` has the shape docgen writes: a letter date and files
    named by plain paths inside the folder (never '..' or absolute), each with its digest."""
    date.fromisoformat(manifest["letter_date"])
    for entry in manifest["files"]:
        if not all(isinstance(entry[key], str) for key in ("path", "sha256", "format", "kind")):
            raise ValueError("a manifest entry that is not text")
        path = PurePosixPath(entry["path"])
        if path.is_absolute() or ".." in path.parts or "\\" in entry["path"]:
            raise ValueError("a manifest path outside the folder")


def read_folder(folder: Path) -> tuple[dict, list[Reading], list[Disagreement]]:
    """The manifest, each listed file read back, and the files that are missing, changed or unreadable.

    Raises :class:`InputError` when ``folder`` has no readable manifest.json (not a build's folder).
    """
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        _check_manifest(manifest)
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        raise InputError(_("{folder} has no readable manifest.json: give the folder of one case that docgen "
                           "build wrote, like out/<case_id>").format(folder=folder)) from None
    readings, problems = [], []
    for entry in manifest["files"]:
        path = folder / entry["path"]
        if not path.is_file():
            problems.append(Disagreement(entry["path"], "file", _("missing"), entry["sha256"][:16], "manifest.json"))
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            problems.append(Disagreement(entry["path"], "file", digest[:16], entry["sha256"][:16], "manifest.json"))
        reader = {"docx": read_docx, "pdf": read_pdf}.get(entry["format"])
        try:
            if reader:
                readings.append(reader(path, entry["kind"]))
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, PdfReadError, PackageNotFoundError):
            problems.append(Disagreement(entry["path"], "file", _("unreadable"), entry["format"], "manifest.json"))
    return manifest, readings, problems


def _all(patterns: tuple[str, ...], text: str) -> list[str]:
    return [m.group(1) for pattern in patterns for m in re.finditer(pattern, text)]


def _dates(text: str) -> list[date]:
    found = [(m.start(), date(int(m[1]), int(m[2]), int(m[3]))) for m in re.finditer(DATE[0], text)]
    found += [(m.start(), date(int(m[3]), MONTHS.index(m[1]) + 1, int(m[2]))) for m in re.finditer(DATE[1], text)]
    return [day for _, day in sorted(found)]


def _day(text: str) -> date | None:
    days = _dates(text)
    return days[0] if days else None


@dataclass(frozen=True)
class Expected:
    """What every document should say; ``source`` says where it comes from."""

    order: str | None
    transaction: str | None
    refund: str | None
    letter_date: date | None
    deadline: date | None
    ordered: date | None
    consumer: str | None
    merchant: str | None
    exhibits: dict[int, str]
    source: str


def expected_from_case(case: Case) -> Expected:
    """The facts as the case file and its assessment give them."""
    assessment = assess(case)
    return Expected(case.order.order_id, case.payment.transaction_id, f"{assessment.damages.refund:,.2f}",
                    case.letter_date, assessment.deadline, case.order.ordered_at.date(), case.consumer.name,
                    case.merchant.name,
                    {e.number: e.title for e in case.evidence}, _("the case file"))


def _majority(values: Iterable[object]) -> object | None:
    counted = Counter(v for v in values if v is not None)
    return counted.most_common(1)[0][0] if counted else None


def expected_from_documents(readings: list[Reading], manifest: dict) -> Expected:
    """The facts as most of the documents state them (the letter date from manifest.json)."""
    index = next((r for r in readings if r.index_rows), None)
    return Expected(
        order=_majority(v for r in readings for v in set(_all(ORDER_ID, r.text))),
        transaction=_majority(v for r in readings for v in set(_all(TRANSACTION_ID, r.text))),
        refund=_majority(next(iter(_all(REFUND, r.text)), None) for r in readings),
        letter_date=date.fromisoformat(manifest["letter_date"]),
        deadline=_majority(_day(d) for r in readings for d in _all(DEADLINE, r.text)[:1]),
        ordered=_majority(_day(d) for r in readings for d in _all(ORDERED, r.text)[:1]),
        consumer=None,
        merchant=None,
        exhibits={n: title for n, (title, _pages) in index.index_rows.items()} if index else {},
        source=_("most documents"),
    )


def check(readings: list[Reading], expected: Expected) -> list[Disagreement]:
    """Every disagreement of each reading with ``expected``, and of the index with its bundle."""
    problems: list[Disagreement] = []
    for reading in readings:
        problems += _check_one(reading, expected, _locale_of(reading.text))
    pdf_index = next((r for r in readings if r.stamps), None)
    docx_index = next((r for r in readings if r.index_rows), None)
    if pdf_index and docx_index:
        problems += _check_bundle(pdf_index, docx_index)
    return problems


def _check_one(reading: Reading, expected: Expected, locale: str) -> list[Disagreement]:
    text, found = reading.text, []

    def differ(what: str, values: Iterable[str], want: object) -> None:
        for value in dict.fromkeys(values):
            if want is not None and value != str(want):
                found.append(Disagreement(reading.name, what, value, str(want), expected.source))

    differ("order", _all(ORDER_ID, text), expected.order)
    differ("transaction", _all(TRANSACTION_ID, text), expected.transaction)
    differ("refund", _all(REFUND, text)[:1], expected.refund)
    for pattern, words_locale in zip(AMOUNT_PAIR, ("zh_CN", "en_US")):
        for figure, words in re.findall(pattern, text):
            right = normalize(amount_in_words(_decimal(figure), words_locale))
            if normalize(words) != right:
                found.append(Disagreement(reading.name, "words", words, right, f"¥{figure}"))
    days = _dates(text)
    if days and expected.letter_date and days[-1] != expected.letter_date:
        found.append(Disagreement(reading.name, "letter_date", format_day(days[-1], locale),
                                  format_day(expected.letter_date, locale), expected.source))
    for what, patterns, want in (("deadline", DEADLINE, expected.deadline), ("ordered", ORDERED, expected.ordered)):
        differ(what, [format_day(d, locale) for d in map(_day, _all(patterns, text)) if d],
               format_day(want, locale) if want else None)
    for what, name in (("consumer", expected.consumer), ("merchant", expected.merchant)):
        if name and normalize(name) not in text:
            found.append(Disagreement(reading.name, what, "", name, expected.source))
    if reading.index_rows:
        for number, (title, _pages) in reading.index_rows.items():
            differ("exhibit", [title], expected.exhibits.get(number))
    elif expected.exhibits:
        # each exhibit listed by number must be one the case has, with its title: right after
        # the number in a .docx; somewhere in a PDF, which may give a list's labels apart
        for match in re.finditer(EXHIBIT_ENTRY, text):
            number, title = int(match.group(1)), expected.exhibits.get(int(match.group(1)))
            if title is None:
                found.append(Disagreement(reading.name, "exhibit_number", str(number),
                                          ", ".join(map(str, expected.exhibits)), expected.source))
            elif not (text.startswith(normalize(title), match.start(2)) if reading.ordered
                      else normalize(title) in text):
                found.append(Disagreement(reading.name, "exhibit", text[match.start(2):match.start(2) + len(title)],
                                          f"{number}: {title}", expected.source))
    return found


def _decimal(figure: str) -> Decimal:
    """An amount printed with thousands separators, as a Decimal."""
    return Decimal(figure.replace(",", ""))


def _check_bundle(pdf_index: Reading, docx_index: Reading) -> list[Disagreement]:
    """Each exhibit's pages in the index against the stamps on the bundle's pages."""
    found = []
    stamped: dict[int, list[int]] = {}
    for page, (number, _part, _count) in sorted(pdf_index.stamps.items()):
        stamped.setdefault(number, []).append(page)
    for number, (_title, cell) in docx_index.index_rows.items():
        pages = stamped.get(number, [])
        actual = "" if not pages else str(pages[0]) if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"
        listed = cell if re.fullmatch(r"\d+(–\d+)?", cell) else ""
        if listed != actual:
            found.append(Disagreement(docx_index.name, "pages", f"{number}: {cell}", f"{number}: {actual or '—'}",
                                      _("the bundle in {file}").format(file=pdf_index.name)))
        for part, page in enumerate(pages, 1):
            if pdf_index.stamps[page][1:] != (part, len(pages)):
                found.append(Disagreement(pdf_index.name, "pages", f"{number}: {page}",
                                          f"{number}: {part}/{len(pages)}", pdf_index.name))
    return found


def verify(folder: Path, case: Case | None = None) -> list[Disagreement]:
    """Every disagreement among the documents built in ``folder`` (and with ``case``, if given)."""
    manifest, readings, problems = read_folder(folder)
    expected = expected_from_case(case) if case else expected_from_documents(readings, manifest)
    return problems + check(readings, expected)


def _locale_of(text: str) -> str:
    """The language a document is written in, by its dates: en_US or zh_CN (documents of one
    case may differ: the 12315 complaint and the court form are always in Chinese)."""
    return "en_US" if len(re.findall(DATE[1], text)) > len(re.findall(DATE[0], text)) else "zh_CN"
