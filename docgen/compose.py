"""Composing documents: the letter templates in ``letters/`` filled from a case and its assessment.

A letter template is Jinja text where each line is one block of the document tree:

    #title 退款申请书            #section 申请事项  (numbered: 一、申请事项)
    #header …                    #heading 附：…     (a heading as written)
    #pages 第 {page} 页 共 {pages} 页
    #plain …  #right …  #note …  #quote …  #sign …
    #lead …  (leads into the quotation or list below it)   #code …  (monospace: a hash)
    #item 证据1 | 支付记录……     #item # | …  (numbered 1. 2. … within the list)
    #table 序号:0.6 | 证据名称:2  (a table: column names with relative widths)
    #autotable …                  (the same, its PDF columns as wide as their content needs)
    #row {{ a }} | {{ b }}        (a row of the table above)
    #exhibits                     (bundle the case's evidence files behind the document)
    #stamp 证据{number} 第{page}页 共{pages}页   (the stamp on each exhibit page)
    any other line               a body paragraph

User text is data, never structure: every ``{{ value }}`` is replaced by a token while the
template renders, the lines and markers are read from the template's own text, and only
then do the tokens turn back into the user's words. A user who types ``#heading`` or
``{{ 7*7 }}`` gets exactly that, printed.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Mapping

from jinja2 import ChoiceLoader, StrictUndefined, TemplateNotFound, pass_context
from jinja2 import TemplateError as JinjaError
from jinja2.runtime import Context
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from docgen.assess import Assessment
from docgen.cache import template_bytecode
from docgen.casefile import Case
from docgen.codes import COURT_KINDS, document_locale
from docgen.court import complaint_form, court_articles
from docgen.data_yaml import load_yaml
from docgen.errors import InputError
from docgen.evidence_files import exhibits_of
from docgen.findings import findings, first_contact, quality_return_ends
from docgen.formatting import (
    amount_in_words,
    end_clause,
    end_sentence,
    exhibit_refs,
    format_day,
    format_moment,
    format_money,
    what_it_proves,
)
from docgen.i18n import _
from docgen.laws import article_name, english_series, quote_citations
from docgen.moments import as_datetime
from docgen.template_data import template_data
from docgen.template_limits import (
    BoundedSandbox,
    FolderLoader,
    TemplateLimitError,
    bounded,
    count_output,
    read_inside,
    render_bounded,
)
from docgen.yaml_limits import structure_problems
from docgen.tree import (
    Block,
    Document,
    Heading,
    ItemList,
    ListItem,
    PageLabel,
    Paragraph,
    Quote,
    Signature,
    Table,
)

_TOKEN = re.compile("\x00(\\d+)\x00")
_STASH: ContextVar[list[str]] = ContextVar("docgen_stash")
_NAMED: ContextVar[set[str]] = ContextVar("docgen_named")
_NESTING = 8
_STYLES = {"lead", "plain", "right", "note", "code"}
_CELL = " | "
_TERMS_PARSER = YAML(typ="safe")


class TemplateError(InputError):
    """A letter template that cannot be used (missing, a line docgen cannot read, past a limit)."""


@pass_context
def _stash_value(context: Context, value: Any) -> str:
    """Jinja's ``finalize``: put each printed value aside and print a token instead.

    Taking the context keeps Jinja from folding constant expressions at compile time,
    so every value goes through here at render time.
    """
    stash = _STASH.get()
    text = bounded(value if isinstance(value, str) else str(value), "a printed value")
    count_output(len(text))
    stash.append(text)
    return f"\x00{len(stash) - 1}\x00"


def _mention(article: Any) -> str:
    """The article's name at this point of the letter: the instrument in full (以下简称…) at
    its first mention, by its short name after."""
    named = _NAMED.get()
    name = article_name(article, article.law in named)
    named.add(article.law)
    return name


@pass_context
def _lead(context: Context, article: Any) -> str:
    """A quoted article's lead (…规定： / … provides:), naming the instrument in full only at
    the letter's first mention of it."""
    first = article.law not in _NAMED.get()
    _NAMED.get().add(article.law)
    return article.first_lead if first else article.later_lead


@pass_context
def _cited(context: Context, *refs: str) -> str:
    """The names of those of ``refs`` (消法24, 民法典582) this letter cites, in the letter's
    words and in the order given, a law's articles together where it is named once more
    further on ("" when it cites none of them)."""
    by_ref = {article.ref: article for article in context["citations"]}
    articles = [by_ref[ref] for ref in refs if ref in by_ref]
    laws = list(dict.fromkeys(article.law for article in articles))
    articles.sort(key=lambda article: laws.index(article.law))  # stable: the given order within each law
    names = [_mention(article) for article in articles]
    if context["locale"] == "en_US":
        return english_series(names)
    # 《消法》第二十条第一款、第二十三条第二款: a law named once for its articles in a row
    return "、".join(re.sub(r"^《[^》]+》", "", name) if index and article.law == articles[index - 1].law else name
                    for index, (article, name) in enumerate(zip(articles, names)))


def _in_letter_locale(format_: Callable[[Any, str], str]) -> Callable[[Context, Any], str]:
    """A Jinja filter applying ``format_(value, locale)`` in the letter's own locale."""

    @pass_context
    def apply(context: Context, value: Any) -> str:
        return format_(value, context["locale"])

    return apply


def letters_folder() -> Path:
    """The installed ``letters/`` folder (templates, terms, the base .docx)."""
    return Path(str(files("docgen.letters")))


def template_folders(user: Path | None = None) -> tuple[Path, ...]:
    """Where letter templates and terms are looked up: a user's own folder first, then ``letters/``."""
    return (user, letters_folder()) if user else (letters_folder(),)


def template_name(kind: str, locale: str, variant: str = "") -> str:
    """The template of ``kind`` in ``locale``: ``kind/locale.j2``, or ``kind/variant.locale.j2`` (e.g. the
    12315 complaint's online-form text, ``complaint-12315/form.zh_CN.j2``)."""
    return f"{kind}/{variant}.{locale}.j2" if variant else f"{kind}/{locale}.j2"


def has_template(templates: tuple[Path, ...], kind: str, locale: str, variant: str = "") -> bool:
    """True when one of the folders has a template for ``kind`` in ``locale`` (in the document's own
    language where it has one, :data:`docgen.codes.FORM_LOCALES`), and ``variant``."""
    name = template_name(kind, document_locale(kind, locale), variant)
    return any((folder / name).is_file() for folder in templates)


@lru_cache(maxsize=None)
def _environment(templates: tuple[Path, ...]) -> BoundedSandbox:
    """The sandboxed Jinja environment for the templates in these folders, first folder first.

    Lines holding only a Jinja tag render as blank lines, which are skipped, so there is
    no ``trim_blocks`` (it would glue a line ending in a tag to the next line).
    """
    env = BoundedSandbox(
        loader=ChoiceLoader([FolderLoader(folder) for folder in templates]),
        bytecode_cache=template_bytecode(BoundedSandbox),
        undefined=StrictUndefined,
        finalize=_stash_value,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(
        date=_in_letter_locale(format_day), moment=_in_letter_locale(format_moment),
        money=_in_letter_locale(format_money), capitals=_in_letter_locale(amount_in_words),
        sentence=_in_letter_locale(end_sentence), clause=_in_letter_locale(end_clause),
        exhibits=_in_letter_locale(exhibit_refs), proven=_in_letter_locale(what_it_proves), lead=_lead,
    )
    env.globals["cited"] = _cited
    env.bound_filters()
    return env


@lru_cache(maxsize=None)
def _terms(templates: tuple[Path, ...], locale: str) -> dict[str, Any]:
    """The letter terms of ``locale`` from the first folder that has them; as untrusted as a
    template: read from inside the folder, no aliases, little nesting (:mod:`docgen.yaml_limits`)."""
    name = f"terms/{locale}.yaml"
    for folder in templates:
        try:
            text = read_inside(folder, name)
            if text is None:
                continue
            if problems := structure_problems(_TERMS_PARSER, text):
                raise TemplateError("\n".join(problem.format(folder / name) for problem in problems))
            terms = load_yaml(text)
        except TemplateLimitError as error:
            raise TemplateError(str(error)) from None
        except MarkedYAMLError as error:
            line = error.problem_mark.line + 1 if error.problem_mark else 1
            raise TemplateError(_("{file}:{line}: not valid YAML for docgen: {problem}").format(
                file=folder / name, line=line, problem=error.problem)) from None
        except YAMLError as error:
            raise TemplateError(_("{file}: not valid YAML for docgen: {error}").format(
                file=folder / name, error=error)) from None
        if not isinstance(terms, dict):
            raise TemplateError(_("{file}: must be a mapping of terms").format(file=folder / name))
        return terms
    raise TemplateError(_("no {name} in {folders}").format(name=name, folders=", ".join(map(str, templates))))


@dataclass
class _Parts:
    meta: dict[str, str]
    blocks: list[Block]
    exhibits: bool = False


def _read_lines(rendered: str, stash: list[str], template: str, terms: dict[str, Any]) -> _Parts:
    """Turn the rendered template into blocks; markers come only from the template's text."""
    parts = _Parts({}, [])
    sections = 0

    def words(raw: str) -> str:
        # A value printed inside a {% set %} block or a macro comes back as a token inside
        # another value: replace tokens until none is left (nesting is shallow; user text
        # cannot hold the NUL a token is made of, text_safety removes it).
        for _depth in range(_NESTING):
            raw, found = _TOKEN.subn(lambda m: stash[int(m.group(1))], raw)
            if not found:
                break
        return raw.strip()

    for number, line in enumerate(rendered.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            parts.blocks.append(Paragraph(words(line)))
            continue
        marker, rest = line[1:].partition(" ")[::2]
        if marker in ("title", "header"):
            parts.meta[marker] = words(rest)
        elif marker in ("pages", "stamp"):
            parts.meta[marker] = rest
        elif marker == "exhibits":
            parts.exhibits = True
        elif marker in ("table", "autotable"):
            parts.blocks.append(_table_head(rest, template, words, fit=marker == "autotable"))
        elif marker == "row":
            parts.blocks.append(_table_row(parts.blocks, [words(cell) for cell in rest.split(_CELL)], template))
        elif marker == "heading":
            parts.blocks.append(Heading(words(rest)))
        elif marker == "section":
            number = terms["section_numbers"][sections]
            sections += 1
            parts.blocks.append(Heading(terms["section_format"].format(number=number, title=words(rest))))
        elif marker in _STYLES:
            parts.blocks.append(Paragraph(words(rest), marker))  # type: ignore[arg-type]
        elif marker == "quote":
            parts.blocks.append(Quote(words(rest)))
        elif marker == "item":
            label, text = rest.partition(_CELL)[::2]
            if label == "#":
                current = parts.blocks[-1] if parts.blocks and isinstance(parts.blocks[-1], ItemList) else None
                label = f"{len(current.items) + 1 if current else 1}."
            _append_to(parts.blocks, ItemList, ItemList(()), ListItem(words(label), words(text)))
        elif marker == "sign":
            _append_to(parts.blocks, Signature, Signature(()), words(rest))
        else:
            raise TemplateError(_("{template}: rendered line {number}: unknown marker '#{marker}'").format(
                template=template, number=number, marker=marker))
    missing = {"title", "header", "pages"} - parts.meta.keys()
    if missing:
        raise TemplateError(_("{template}: missing {markers}").format(
            template=template, markers=", ".join("#" + m for m in sorted(missing))))
    return parts


def _table_head(spec: str, template: str, words: Callable[[str], str], fit: bool = False) -> Table:
    columns, widths = [], []
    for cell in spec.split(_CELL):
        name, width = cell.rpartition(":")[::2]
        try:
            widths.append(float(width))
        except ValueError:
            raise TemplateError(_("{template}: #table columns are written name:width, not {cell}").format(
                template=template, cell=repr(cell))) from None
        columns.append(words(name))
    return Table(tuple(columns), (), tuple(widths), fit)


def _table_row(blocks: list[Block], cells: list[str], template: str) -> Table:
    table = blocks.pop() if blocks and isinstance(blocks[-1], Table) else None
    if table is None or len(cells) != len(table.columns):
        raise TemplateError(_("{template}: #row needs a #table above it with {count} columns").format(
            template=template, count=len(cells)))
    return dataclasses.replace(table, rows=table.rows + (tuple(cells),))


def _append_to(blocks: list[Block], kind: type, empty: Block, entry: Any) -> None:
    """Add ``entry`` to the list or signature block at the end, starting one if needed."""
    if not blocks or not isinstance(blocks[-1], kind):
        blocks.append(empty)
    last = blocks.pop()
    field = "items" if kind is ItemList else "lines"
    blocks.append(kind(getattr(last, field) + (entry,)))


def _page_label(pattern: str, template: str) -> PageLabel:
    match = re.fullmatch(r"(.*)\{page\}(.*)\{pages\}(.*)", pattern)
    if not match:
        raise TemplateError(_("{template}: #pages needs {page} and {pages}, e.g. {example}").format(
            template=template, page="{page}", pages="{pages}", example="第 {page} 页 共 {pages} 页"))
    return PageLabel(*match.groups())


def chronology(case: Case) -> tuple[dict[str, Any], ...]:
    """The timeline and the contacts with the seller as one story, oldest first.

    Each entry has ``at`` and either ``what`` (an event) or ``via``, ``summary`` and ``said`` (a
    contact), and ``contact`` saying which; entries at the same time keep the file's order.
    """
    events = [{"at": e.at, "what": e.what, "contact": False} for e in case.timeline]
    contacts = [{"at": c.at, "via": c.via, "summary": c.summary, "said": c.said, "contact": True}
                for c in case.contacts]
    return tuple(sorted(events + contacts, key=lambda entry: as_datetime(entry["at"])))


def letter_context(case: Case, assessment: Assessment, kind: str, templates: tuple[Path, ...]) -> dict[str, Any]:
    """The names a letter template can use (documented in letters/README.md); ``exhibit_pages``
    and ``exhibit_sha256`` stay empty until the document is bundled (:mod:`docgen.writers.bundle`)."""
    return {
        "locale": case.locale,
        "kind": kind,
        "case_id": case.case_id,
        "letter_date": case.letter_date,
        "consumer": assessment.views[kind],
        "merchant": case.merchant,
        "order": case.order,
        "payment": case.payment,
        "problems": case.problems,
        "findings": findings(case),
        "quality_return_ends": quality_return_ends(case),
        "first_contact": first_contact(case),
        "timeline": case.timeline,
        "contacts": case.contacts,
        "chronology": chronology(case),
        "claims": case.claims,
        "evidence": case.evidence,
        "damages": assessment.damages,
        "deadline": assessment.deadline,
        "dispute": assessment.dispute,
        "documents": assessment.documents,
        "citations": quote_citations(assessment.citations.get(kind, ()), case.locale),
        "terms": _terms(templates, case.locale),
        "exhibit_pages": {},
        "exhibit_sha256": {},
        **(_court_context(assessment) if kind in COURT_KINDS else {}),
    }


def _court_context(assessment: Assessment) -> dict[str, Any]:
    """What a court form adds: the form's printed words, the court decisions, the court rules,
    and ``br``, a line break inside a table cell."""
    return {"form": complaint_form(), "court": assessment.court, "rules": court_articles(), "br": "\n"}


def _keep_whole(case: Case) -> tuple[str, ...]:
    """Numbers a line break must not split: order, transaction and card ids, phone, email."""
    values = (case.order.order_id, case.payment.transaction_id, case.consumer.phone, case.consumer.email)
    return tuple(v for v in values if v)


def compose(case: Case, assessment: Assessment, kind: str, templates: tuple[Path, ...] | None = None,
            extra: Mapping[str, Any] | None = None, variant: str = "") -> Document:
    """Build the document ``kind`` of ``case`` from ``<kind>/<locale>.j2`` in ``templates``
    (default: the shipped ``letters/``), in the document's language (:func:`docgen.codes.document_locale`).

    ``extra`` adds names to the template's context (e.g. the bundle's page numbers);
    ``variant`` picks ``<kind>/<variant>.<locale>.j2`` instead (:func:`template_name`).
    """
    templates = templates or template_folders()
    if document_locale(kind, case.locale) != case.locale:
        case = replace(case, locale=document_locale(kind, case.locale))
    name = template_name(kind, case.locale, variant)
    try:
        template = _environment(templates).get_template(name)
    except TemplateNotFound:
        raise TemplateError(_("no letter template {name} in {folders}").format(
            name=name, folders=", ".join(map(str, templates)))) from None
    except (JinjaError, TemplateLimitError) as error:
        raise TemplateError(f"{name}: {error}") from None
    stash: list[str] = []
    token, named = _STASH.set(stash), _NAMED.set(set())
    try:
        context = template_data({**letter_context(case, assessment, kind, templates), **(extra or {})})
        rendered = render_bounded(template, context)
    except TemplateNotFound as error:
        folders = ", ".join(map(str, templates))
        raise TemplateError(_("{name}: includes {included}, which is not in {folders}").format(
            name=name, included=error.name, folders=folders)) from None
    except (JinjaError, TemplateLimitError) as error:
        raise TemplateError(f"{name}: {error}") from None
    except RecursionError:
        raise TemplateError(_("{name}: includes or calls itself without end").format(name=name)) from None
    except MemoryError:
        raise TemplateError(_("{name}: needed more memory than there is").format(name=name)) from None
    finally:
        _STASH.reset(token)
        _NAMED.reset(named)
    parts = _read_lines(rendered, stash, name, _terms(templates, case.locale))
    return Document(
        kind=kind,
        locale=case.locale,
        title=parts.meta["title"],
        header=parts.meta["header"],
        page_label=_page_label(parts.meta["pages"], name),
        blocks=tuple(parts.blocks),
        author=case.consumer.name,
        date=case.letter_date,
        identifier=str(uuid.uuid5(uuid.NAMESPACE_URL, f"docgen:{case.case_id}:{kind}:{case.letter_date}")),
        subject=f"{parts.meta['title']} {case.case_id}",
        keep_whole=_keep_whole(case),
        exhibits=exhibits_of(case) if parts.exhibits else (),
        exhibit_stamp=parts.meta.get("stamp", ""),
    )
