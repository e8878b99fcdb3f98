"""The DOCX writer: a :class:`~docgen.tree.Document` rendered into the house-style template.

The base template (``letters/base.docx``, made by ``tools/make_base_template.py``) holds
one template paragraph per style inside docxtpl's ``{%p for block in blocks %}`` loop, so
restyling the template in Word restyles every letter. Tables come from a ``{%tr %}`` row
loop around ``{%tc %}`` cell loops, so any number of columns works without python-docx
sub-documents (docxtpl's subdocs need the optional docxcompose package); the relative
column widths are applied to the rendered tables with python-docx.

User text is data: it is rendered once, XML-escaped, with its braces written as character
references so that docxtpl's post-render replacements ("{_{" to "{{") cannot touch it.
"""
from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime, time
from functools import lru_cache
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from docx.document import Document as DocxDocument
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Length, Pt
from docxtpl import DocxTemplate
from docxtpl import __version__ as docxtpl_version
from jinja2 import Environment, FunctionLoader, StrictUndefined, Template
from lxml import etree
from markupsafe import Markup, escape

from docgen.cache import remembered, template_bytecode
from docgen.i18n import _
from docgen.tree import (
    Block,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Quote,
    Signature,
    Table,
)
from docgen.writers.docx_package import open_document, package_zip
from docgen.writers.warning import WriterWarning

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PARAGRAPH_STYLES = frozenset({"body", "lead", "plain", "right", "note", "code"})
BODY_STYLES = ("Body Text", "Lead")
"""The base template's styles of running text."""
INDENTED_STYLES = (*BODY_STYLES, "Heading 1")
"""The base template's styles whose first line is indented two characters, as Chinese letters are."""
# Characters XML 1.0 cannot hold (tab, line feed and carriage return it can) and lone
# surrogates, which UTF-8 cannot.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_COMPILED_SOURCES = 32


def write_docx(document: Document, template: Path | None = None) -> bytes:
    """Render ``document`` into ``template`` (default: the installed base template).

    The result is byte-identical for the same document and template: zip times and core
    properties come from ``document.date``, never from the clock.
    """
    source = template.read_bytes() if template else default_template().read_bytes()
    context = _context(document)
    docx_template = CachingDocxTemplate(source)
    docx_template.render(context, jinja_environment(), autoescape=True)
    rendered = docx_template.docx
    if not document.locale.startswith("zh"):
        _set_block_paragraphs(rendered)
    _apply_column_widths(rendered, [b for b in document.blocks if isinstance(b, Table)])
    _set_core_properties(rendered.core_properties, document, context["title"])
    return package_zip(rendered.part.package, document.date)


def default_template() -> Traversable:
    """The base template installed with the package (``docgen.letters/base.docx``)."""
    return files("docgen.letters") / "base.docx"


class CachingEnvironment(Environment):
    """A Jinja environment that compiles each distinct template source only once, and keeps
    the compiled code in docgen's cache folder for the next run (:func:`docgen.cache.template_bytecode`).

    docxtpl calls ``from_string`` with the patched document.xml on every render; the
    source is the same for every letter made from one template, so compiling it again
    is wasted time. Each source is loaded as a template named by its SHA-256, so that
    Jinja's own template and bytecode caches hold it.
    """

    def __init__(self, **options: Any) -> None:
        self._sources: dict[str, str] = {}
        super().__init__(loader=FunctionLoader(self._sources.get), bytecode_cache=template_bytecode(type(self)),
                         cache_size=_COMPILED_SOURCES, **options)

    def from_string(
        self, source: Any, globals: Any = None, template_class: Any = None
    ) -> Template:
        """The compiled template for ``source``, from the cache when seen before."""
        if isinstance(source, str) and globals is None and template_class is None:
            name = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()
            self._sources[name] = source  # for the loader, should Jinja's caches not have it
            try:
                return self.get_template(name)
            finally:
                del self._sources[name]
        return super().from_string(source, globals, template_class)


class CachingDocxTemplate(DocxTemplate):
    """A docxtpl template that unzips and cleans up each distinct source only once.

    docxtpl opens the template package and runs ``patch_xml``, a battery of regular
    expressions, over its body, header and footer XML on every render; both depend on
    nothing but the template, which is the same for every letter made from it.
    """

    def __init__(self, source: bytes) -> None:
        super().__init__(BytesIO(source))
        self.docx = open_document(source)  # the first render uses it instead of reopening

    def patch_xml(self, src_xml: str) -> str:
        """``src_xml`` made ready for Jinja, from the cache when seen before."""
        return _patched_xml(src_xml)

    def map_tree(self, tree: Any) -> None:
        """Put the rendered body into the document as python-docx's own elements.

        docxtpl parses the rendered body with a plain lxml parser; lxml gives an element
        python-docx's class only when it makes a new proxy for it, so while anything still
        holds the plain one (a sampling profiler's reference to docxtpl's frame, as Dask
        workers run) ``document.tables`` fails on it. Parsing the body again with
        python-docx's parser makes it right whatever holds the old one.
        """
        super().map_tree(parse_xml(etree.tostring(tree)))


@lru_cache(maxsize=_COMPILED_SOURCES)
def _patched_xml(src_xml: str) -> str:
    """docxtpl's own ``patch_xml`` (it never reads its instance, so ``None`` stands in), kept
    in docgen's cache folder for the next run, by docxtpl's version and the source."""
    return remembered("docx-patched", f"{docxtpl_version}\n{src_xml}", lambda: DocxTemplate.patch_xml(None, src_xml))


@lru_cache(maxsize=1)
def jinja_environment() -> CachingEnvironment:
    """The environment every render uses: strict, autoescaping, compile-cached."""
    return CachingEnvironment(undefined=StrictUndefined, autoescape=True, finalize=_as_xml_text)


def _as_xml_text(value: object) -> Markup:
    """XML-escape a value and write its braces as character references."""
    text = str(escape(value))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


def _context(document: Document) -> dict[str, Any]:
    label = document.page_label
    return {
        "title": _clean(document.title, "title"),
        "header": _clean(document.header, "header"),
        "page_before": _clean(label.before, "page_label.before"),
        "page_between": _clean(label.between, "page_label.between"),
        "page_after": _clean(label.after, "page_label.after"),
        "blocks": [_block(block, f"blocks[{i}]") for i, block in enumerate(document.blocks)],
    }


def _block(block: Block, where: str) -> SimpleNamespace:
    """The template's view of one block: ``type`` picks the template paragraph."""
    if isinstance(block, Heading):
        return SimpleNamespace(type="heading", text=_clean(block.text, f"{where}.text"))
    if isinstance(block, Paragraph):
        if block.style not in PARAGRAPH_STYLES:
            raise ValueError(f"{where}: unknown paragraph style {block.style!r}")
        return SimpleNamespace(type=block.style, text=_clean(block.text, f"{where}.text"))
    if isinstance(block, Quote):
        return SimpleNamespace(type="quote", text=_clean(block.text, f"{where}.text"))
    if isinstance(block, ItemList):
        items = [
            SimpleNamespace(label=_clean(item.label, f"{where}.items[{i}].label"),
                            text=_clean(item.text, f"{where}.items[{i}].text"))
            for i, item in enumerate(block.items)
        ]
        return SimpleNamespace(type="list", items=items)
    if isinstance(block, Table):
        return _table(block, where)
    if isinstance(block, Signature):
        lines = [_clean(line, f"{where}.lines[{i}]") for i, line in enumerate(block.lines)]
        return SimpleNamespace(type="signature", lines=lines)
    raise TypeError(f"{where}: the DOCX writer cannot lay out {type(block).__name__}")


def _table(table: Table, where: str) -> SimpleNamespace:
    width = len(table.columns)
    if not width:
        raise ValueError(f"{where}: a table needs at least one column")
    if table.widths and (len(table.widths) != width or min(table.widths) <= 0):
        raise ValueError(f"{where}: widths {table.widths} for {width} columns")
    for r, row in enumerate(table.rows):
        if len(row) != width:
            raise ValueError(f"{where}.rows[{r}]: {len(row)} cells for {width} columns")
    columns = [_clean(text, f"{where}.columns[{c}]") for c, text in enumerate(table.columns)]
    rows = [
        [_clean(text, f"{where}.rows[{r}][{c}]") for c, text in enumerate(row)]
        for r, row in enumerate(table.rows)
    ]
    return SimpleNamespace(type="table", columns=columns, rows=rows)


def _clean(text: str, where: str) -> str:
    """Text as Word will hold it: one kind of line end, no characters XML forbids."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, dropped = _NOT_XML.subn("", text)
    if dropped:
        warnings.warn(_("{where}: dropped {count} control character(s) a .docx cannot hold").format(
            where=where, count=dropped), WriterWarning, stacklevel=2)
    return text


def _set_block_paragraphs(rendered: DocxDocument) -> None:
    """Set body paragraphs and headings as an English letter's: no first-line indent, space
    between paragraphs. The styles change (not each paragraph), so Word restyles as before."""
    for name in INDENTED_STYLES:
        style = rendered.styles[name]
        indent = style.element.get_or_add_pPr().get_or_add_ind()
        indent.set(qn("w:firstLine"), "0")
        indent.set(qn("w:firstLineChars"), "0")
        if name in BODY_STYLES:
            style.paragraph_format.space_after = Pt(8)


def _apply_column_widths(rendered: DocxDocument, tables: list[Table]) -> None:
    """Give each rendered table its relative column widths across the text width."""
    if len(rendered.tables) != len(tables):
        raise ValueError(
            f"the template made {len(rendered.tables)} tables for {len(tables)} table blocks: "
            "a base template must not hold tables outside the block loop"
        )
    section = rendered.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    for rendered_table, table in zip(rendered.tables, tables):
        widths = list(_split(text_width, table.widths or [1.0] * len(table.columns)))
        for column, width in zip(rendered_table.columns, widths):
            column.width = width
        for row, cells in zip(rendered_table.rows[1:], table.rows):
            for cell, width in zip(row.cells, widths):
                cell.width = width
            if max(map(len, cells)) > SPLITTABLE_CELL:
                _allow_row_to_break(row)
        for cell, width in zip(rendered_table.rows[0].cells, widths):
            cell.width = width


SPLITTABLE_CELL = 800
"""Characters in a cell above which its row may break across pages. The base template keeps
rows whole (``w:cantSplit``), and Word cuts off a row taller than a page (a form's account of
the facts can be)."""


def _allow_row_to_break(row: Any) -> None:
    """Drop the row's ``w:cantSplit`` so Word breaks it across pages."""
    tr_pr = row._tr.trPr
    for element in tr_pr.findall(qn("w:cantSplit")) if tr_pr is not None else ():
        tr_pr.remove(element)


def _split(total: int, weights: Iterable[float]) -> Iterator[Length]:
    """``total`` split in proportion to ``weights``; the parts add up to ``total``."""
    weights = list(weights)
    whole = sum(weights)
    given = 0
    for i, weight in enumerate(weights):
        part = total - given if i == len(weights) - 1 else round(total * weight / whole)
        given += part
        yield Length(part)


def _set_core_properties(props: CoreProperties, document: Document, title: str) -> None:
    """Everything the file says about itself, from the document and never the clock."""
    stamp = datetime.combine(document.date, time())
    props.title = title
    props.subject = _clean(document.subject, "subject")
    props.author = props.last_modified_by = _clean(document.author, "author")
    props.identifier = _clean(document.identifier, "identifier")
    props.language = document.locale.replace("_", "-")
    props.created = props.modified = stamp
    props.revision = 1
