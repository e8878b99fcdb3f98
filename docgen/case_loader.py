"""Reading a case file (YAML 1.2 or JSON, UTF-8) into a validated :class:`Case`.

The file is parsed to YAML nodes, never to Python objects, so every scalar reaches us
as the text the user typed (``0123`` stays ``0123``, ``20:05`` stays ``20:05``) with its
line number. Each key is checked by the field parser named in the schema below; every
problem of the file is collected and reported at once with file, line, field and fix.
"""
from __future__ import annotations

import codecs
import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen import case as model
from docgen.case_rules import check_consistency
from docgen.errors import CaseFileError, InputError, Problem
from docgen.text_safety import UNPRINTABLE, clean_text

MAX_CASE_FILE_BYTES = 2_000_000
MAX_EVIDENCE_BYTES = 50_000_000
SHORT_TEXT = 300
LONG_TEXT = 50_000
EVIDENCE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".pdf": (b"%PDF-",),
}
_NULLS = ("", "~", "null", "Null", "NULL")
_YAML = YAML(typ="safe")  # libyaml's C parser where ruamel.yaml.clib is installed: ~10x faster


@dataclass(frozen=True)
class LoadedCase:
    """A valid case and the warnings met while reading it (e.g. characters removed)."""

    case: model.Case
    warnings: tuple[Problem, ...]


class _Invalid(Exception):
    """Raised by a field parser: what is wrong and how to fix it."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix


Parser = Callable[["_Reader", Node, str], Any]


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how to parse it and whether it must be there."""

    parse: Parser
    required: bool = True


_FAILED = object()


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _is_plain(node: Node) -> bool:
    """Written without quotes (the C parser says '', the pure one None)."""
    return not node.style


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and _is_plain(node) and node.value in _NULLS


def _closest(word: str, options: tuple[str, ...] | list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else "expected one of: " + ", ".join(options)


class _Reader:
    """Walks the node tree, collecting values, problems and warnings."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, node: Node, path: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(path, _line(node), message, fix))

    def read(self, parse: Parser, node: Node, path: str) -> Any:
        try:
            return parse(self, node, path)
        except _Invalid as invalid:
            self.fail(node, path, invalid.message, invalid.fix)
            return _FAILED

    def scalar(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise _Invalid("must be a single value, not a list or a mapping")
        return node.value

    def text(self, node: Node, path: str, max_length: int) -> str:
        raw = self.scalar(node)
        cleaned, removed = clean_text(raw)
        if removed:
            self.warnings.append(
                Problem(path, _line(node), f"removed {removed}", "retype the text without them")
            )
        if not cleaned:
            raise _Invalid("must not be empty", "write the text, or remove the key if it is optional")
        if len(cleaned) > max_length:
            raise _Invalid(f"is {len(cleaned)} characters long; at most {max_length}", "shorten it")
        return cleaned

    def mapping(self, node: Node, path: str, fields: dict[str, Field]) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise _Invalid("must be a mapping of 'key: value' lines", "indent the keys under it")
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node.value)
            key_path = f"{path}.{key}" if path else key
            if key in seen:
                self.fail(key_node, key_path, "appears twice", "keep one of them")
                continue
            seen.add(key)
            if key not in fields:
                self.fail(key_node, key_path, f"unknown key '{key}'", _closest(key, list(fields)))
                continue
            if _is_null(value_node):
                if fields[key].required:
                    self.fail(value_node, key_path, "is required but empty", "give it a value")
                continue
            value = self.read(fields[key].parse, value_node, key_path)
            if value is not _FAILED:
                values[key] = value
        for key, spec in fields.items():
            if spec.required and key not in seen:
                key_path = f"{path}.{key}" if path else key
                self.fail(node, key_path, "is missing", f"add '{key}:' under '{path or 'the top level'}'")
        return values


# --- field parsers --------------------------------------------------------------------


def text(max_length: int = SHORT_TEXT) -> Parser:
    """Free text, cleaned of characters a document cannot hold."""
    return lambda reader, node, path: reader.text(node, path, max_length)


def pattern(regex: str, explain: str, example: str) -> Parser:
    """Text exactly as typed (quoted or not) that must match ``regex``."""
    compiled = re.compile(regex)

    def parse(reader: _Reader, node: Node, path: str) -> str:
        value = reader.scalar(node).strip()
        if not compiled.fullmatch(value):
            raise _Invalid(f"'{value}' is not {explain}", f"write it like {example}")
        return value

    return parse


def choice(options: tuple[str, ...]) -> Parser:
    """One of a fixed set of codes."""

    def parse(reader: _Reader, node: Node, path: str) -> str:
        value = reader.scalar(node).strip()
        if value not in options:
            raise _Invalid(f"'{value}' is not a known value", _closest(value, options))
        return value

    return parse


def integer(low: int, high: int) -> Parser:
    """A whole number in [low, high]."""

    def parse(reader: _Reader, node: Node, path: str) -> int:
        value = reader.scalar(node).strip()
        if not re.fullmatch(r"\d+", value) or not low <= int(value) <= high:
            raise _Invalid(f"'{value}' is not a whole number from {low} to {high}")
        return int(value)

    return parse


def money(reader: _Reader, node: Node, path: str) -> Decimal:
    """An amount in yuan: positive, finite, at most two decimals, read from the typed text."""
    value = reader.scalar(node).strip()
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise _Invalid(f"'{value}' is not an amount", "write it like 168.00") from None
    if not amount.is_finite() or amount <= 0:
        raise _Invalid(f"'{value}' must be a positive amount", "write it like 168.00")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _Invalid(f"'{value}' has more than two decimals", "round it to fen, like 168.05")
    if amount >= Decimal("1000000000"):
        raise _Invalid(f"'{value}' is implausibly large", "check the amount")
    return amount


def boolean(reader: _Reader, node: Node, path: str) -> bool:
    """``true`` or ``false``; yes/no/on/off are refused rather than guessed."""
    value = reader.scalar(node).strip()
    if _is_plain(node) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _Invalid(f"'{value}' is not true or false", "write true or false, without quotes")


def calendar_date(reader: _Reader, node: Node, path: str) -> date:
    """A date written YYYY-MM-DD."""
    value = reader.scalar(node).strip()
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else _no()
    except (ValueError, _Invalid):
        raise _Invalid(f"'{value}' is not a date", "write it as YYYY-MM-DD, like 2026-11-20") from None


def moment(time_required: bool) -> Parser:
    """A local date and time ``YYYY-MM-DD HH:MM[:SS]`` (the time optional if allowed)."""
    formats = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")

    def parse(reader: _Reader, node: Node, path: str) -> date:
        value = reader.scalar(node).strip()
        for fmt in formats:
            try:
                return datetime.strptime(value, fmt)
            except ValueError:
                continue
        if not time_required and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return calendar_date(reader, node, path)
        raise _Invalid(f"'{value}' is not a date and time", "write it as YYYY-MM-DD HH:MM, like 2026-11-20 21:14")

    return parse


def _no() -> Any:
    raise _Invalid("invalid")


def phone(reader: _Reader, node: Node, path: str) -> str:
    """A mainland mobile (11 digits) or landline number, kept as typed."""
    value = reader.scalar(node).strip()
    digits = re.sub(r"[\s-]", "", value)
    digits = digits[3:] if digits.startswith("+86") else digits
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0\d{9,11}", digits):
        return value
    # The value is not echoed: error output must never carry a phone number.
    raise _Invalid("is not a mainland mobile (11 digits) or landline number",
                   'write it in quotes, like "13912345678" or "0571-87654321"')


def id_number(reader: _Reader, node: Node, path: str) -> str:
    """An 18-character resident ID number with a correct check digit."""
    value = reader.scalar(node).strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise _Invalid("is not an 18-character ID number", 'write it in quotes, like "330106199001011234"')
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(value, weights)) % 11]
    if value[-1] != check:
        raise _Invalid("has a wrong check digit (a typing mistake?)", "compare it with the ID card")
    return value


def evidence_file(reader: _Reader, node: Node, path: str) -> Path:
    """A png, jpg or pdf file inside the case folder, checked by its content."""
    value = reader.scalar(node).strip()
    relative = Path(value)
    fix = "put the file in the case folder (e.g. evidence/) and give its path relative to case.yaml"
    if relative.is_absolute() or ".." in relative.parts:
        raise _Invalid(f"'{value}' points outside the case folder", fix)
    folder = reader.folder.resolve()
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder):
        raise _Invalid(f"'{value}' leads outside the case folder (a link?)", fix)
    if not target.is_file():
        raise _Invalid(f"'{value}' does not exist", f"check the name, or {fix}")
    suffix = target.suffix.lower()
    if suffix not in EVIDENCE_SIGNATURES:
        raise _Invalid(f"'{value}' is not a png, jpg or pdf file", "export it as PNG, JPEG or PDF")
    if target.stat().st_size > MAX_EVIDENCE_BYTES:
        raise _Invalid(f"'{value}' is larger than {MAX_EVIDENCE_BYTES // 1_000_000} MB", "reduce its size")
    with target.open("rb") as handle:
        head = handle.read(16)
    if not head.startswith(EVIDENCE_SIGNATURES[suffix]):
        raise _Invalid(f"'{value}' is not really a {suffix[1:]} file (its content says otherwise)",
                       "export it again as PNG, JPEG or PDF")
    return relative


def listing(item: Parser, *, allow_empty: bool = True) -> Parser:
    """A YAML sequence whose entries are parsed by ``item``."""

    def parse(reader: _Reader, node: Node, path: str) -> tuple[Any, ...]:
        if not isinstance(node, SequenceNode):
            raise _Invalid("must be a list ('- ' entries)", "write each entry on its own line starting with '- '")
        if not node.value and not allow_empty:
            raise _Invalid("must have at least one entry")
        values = [reader.read(item, child, f"{path}[{i}]") for i, child in enumerate(node.value)]
        return tuple(v for v in values if v is not _FAILED)

    return parse


def section(fields: dict[str, Field]) -> Parser:
    """A nested mapping with its own keys."""
    return lambda reader, node, path: reader.mapping(node, path, fields)


# --- the schema: case-format.md, version 1 -------------------------------------------------

ID_TEXT = pattern(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}", "an id of letters and digits", '"3712456789012345678"')

CONSUMER = {
    "name": Field(text(100)),
    "phone": Field(phone),
    "address": Field(text()),
    "email": Field(pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", "an email address", "zhangsan@example.com"), False),
    "id_number": Field(id_number, False),
}
MERCHANT = {
    "name": Field(text(200)),
    "store": Field(text(200), False),
    "contact": Field(text(200), False),
    "address": Field(text(), False),
    "credit_code": Field(pattern(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}",
                                 "an 18-character unified social credit code", "91440300MA5XXXXX0X"), False),
}
ORDER = {
    "channel": Field(choice(model.CHANNELS)),
    "order_id": Field(ID_TEXT),
    "product": Field(text()),
    "quantity": Field(integer(1, 10_000), False),
    "price": Field(money),
    "currency": Field(choice(model.CURRENCIES), False),
    "official_price": Field(money, False),
    "ordered_at": Field(moment(time_required=True)),
    "delivered_at": Field(moment(time_required=True), False),
    "activated": Field(boolean),
    "refund_terms_shown": Field(boolean),
}
CARD = {
    "issuer": Field(text(100)),
    "network": Field(choice(model.CARD_NETWORKS)),
    "last4": Field(pattern(r"\d{4}", "the card's last four digits", '"1234"')),
}
PAYMENT = {
    "method": Field(choice(model.PAYMENT_METHODS)),
    "transaction_id": Field(ID_TEXT, False),
    "paid_at": Field(moment(time_required=True), False),
    "card": Field(section(CARD), False),
}
EVENT = {"at": Field(moment(time_required=False)), "what": Field(text(LONG_TEXT))}
CONTACT = {
    "at": Field(moment(time_required=False)),
    "via": Field(text(100)),
    "summary": Field(text(LONG_TEXT)),
}
CLAIMS = {
    "refund": Field(money, False),
    "punitive": Field(boolean, False),
    "respond_within_days": Field(integer(1, 60), False),
    "other": Field(text(LONG_TEXT), False),
}
EVIDENCE = {
    "title": Field(text(200)),
    "file": Field(evidence_file, False),
    "kind": Field(choice(model.EVIDENCE_KINDS)),
    "source": Field(text(200), False),
    "date": Field(calendar_date, False),
    "proves": Field(text(LONG_TEXT), False),
}
CASE = {
    "version": Field(integer(1, 1)),
    "case_id": Field(pattern(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,79}",
                             "a case id of letters, digits, '-' and '_' (at most 80)", "tantan-2026-001")),
    "locale": Field(choice(model.LOCALES), False),
    "letter_date": Field(calendar_date, False),
    "consumer": Field(section(CONSUMER)),
    "merchant": Field(section(MERCHANT)),
    "order": Field(section(ORDER)),
    "payment": Field(section(PAYMENT)),
    "problems": Field(listing(choice(model.PROBLEMS), allow_empty=False)),
    "timeline": Field(listing(section(EVENT)), False),
    "contacts": Field(listing(section(CONTACT)), False),
    "claims": Field(section(CLAIMS), False),
    "evidence": Field(listing(section(EVIDENCE)), False),
}


# --- reading the file ----------------------------------------------------------------------


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CaseFileError(path, [Problem("", 1, "the file is saved as UTF-16", "save it as UTF-8")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("gb18030")
            guess = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        raise CaseFileError(path, [Problem("", line, f"the file is not UTF-8{guess}",
                                           "save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)")]) from None


def _remove_unprintable(text_: str) -> tuple[str, list[Problem]]:
    """Drop characters YAML refuses to read, with one warning per line that had them."""
    lines = text_.split("\n")
    warnings = []
    for number, line in enumerate(lines):
        count = len(UNPRINTABLE.findall(line))
        if count:
            lines[number] = UNPRINTABLE.sub("", line)
            warnings.append(Problem("", number + 1, f"removed {count} invisible control character(s)",
                                    "retype the text without them"))
    return "\n".join(lines), warnings


def _parse_yaml(path: Path, text_: str) -> Node:
    try:
        root = _YAML.compose(text_)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"not valid YAML: {error.problem or error.context}"
        raise CaseFileError(path, [Problem("", line, message, "check the indentation and quotes on this line")]) from None
    except YAMLError as error:
        raise CaseFileError(path, [Problem("", None, f"not valid YAML: {error}", "check the file")]) from None
    if root is None:
        raise CaseFileError(path, [Problem("", 1, "the file is empty", "start from examples/ or run docgen init")])
    return root


def _locate(path: Path) -> Path:
    if path.is_dir():
        path = path / "case.yaml"
    if not path.is_file():
        raise InputError(f"{path}: no such case file")
    if path.stat().st_size > MAX_CASE_FILE_BYTES:
        raise InputError(f"{path}: larger than {MAX_CASE_FILE_BYTES // 1_000_000} MB; is it really a case file?")
    return path


def load_case(path: str | Path, *, today: date | None = None) -> LoadedCase:
    """Read and validate a case file (or a folder holding ``case.yaml``).

    Raises :class:`CaseFileError` listing every problem in the file; ``today`` is the
    default letter date (the system date when not given).
    """
    path = _locate(Path(path))
    text_, warnings = _remove_unprintable(_decode(path, path.read_bytes()))
    root = _parse_yaml(path, text_)
    reader = _Reader(path.parent)
    reader.warnings.extend(warnings)
    values = reader.read(section(CASE), root, "")
    if values is not _FAILED:
        reader.problems.extend(check_consistency(values, root, today or date.today()))
    if reader.problems:
        raise CaseFileError(path, sorted(reader.problems, key=lambda p: (p.line or 0, p.path)))
    return LoadedCase(_build(path, values, today or date.today()), tuple(reader.warnings))


def peek_case_id(path: Path) -> str | None:
    """The case_id a case file declares, without validating the rest (None if unreadable)."""
    try:
        root = _parse_yaml(path, _remove_unprintable(_decode(path, path.read_bytes()))[0])
    except (CaseFileError, OSError):
        return None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "case_id" and isinstance(value, ScalarNode):
                return value.value
    return None


def _build(path: Path, values: dict[str, Any], today: date) -> model.Case:
    payment = dict(values["payment"])
    if "card" in payment:
        payment["card"] = model.Card(**payment["card"])
    evidence = tuple(
        model.Evidence(number=number, **entry) for number, entry in enumerate(values.get("evidence", ()), 1)
    )
    return model.Case(
        source=path,
        case_id=values["case_id"],
        version=values["version"],
        locale=values.get("locale", "zh_CN"),
        letter_date=values.get("letter_date", today),
        consumer=model.Consumer(**values["consumer"]),
        merchant=model.Merchant(**values["merchant"]),
        order=model.Order(**values["order"]),
        payment=model.Payment(**payment),
        problems=tuple(values["problems"]),
        timeline=tuple(model.Event(**e) for e in values.get("timeline", ())),
        contacts=tuple(model.Contact(**c) for c in values.get("contacts", ())),
        claims=model.Claims(**values.get("claims", {})),
        evidence=evidence,
    )
