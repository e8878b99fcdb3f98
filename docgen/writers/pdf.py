"""The PDF writer: a :class:`~docgen.tree.Document` laid out as a Chinese formal letter.

A4 portrait; the body in a Song/Ming face at 12 pt (小四), headings and the title in a Hei
face; a small header with a rule and a centred "第 N 页 共 M 页" footer on every page.
Lines are broken by Chinese rules (:mod:`docgen.writers.cjk_breaking`). The same Document
gives the same bytes: reportlab's invariant mode, and the Document's date as the PDF's date.

:func:`lay_out` tells how many pages a document takes before anything is written, and lets
further pages follow it on the same canvas (the exhibits of a bundle, :mod:`docgen.writers.bundle`).
"""
from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reportlab import platypus
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from docgen.tree import Block, Document, Heading, ItemList, Paragraph, Quote, Signature, Table
from docgen.writers.fonts import FontSet, find_fonts
from docgen.writers.pdf_streams import docgen_streams
from docgen.writers.pdf_text import TextBlock

TOP, BOTTOM, LEFT, RIGHT = 25 * mm, 25 * mm, 28 * mm, 26 * mm
FRAME_WIDTH = A4[0] - LEFT - RIGHT
BODY_SIZE = 12.0
"""小四; two characters of indent are ``2 * BODY_SIZE``."""
LEADING = 20.0
_GREY = colors.Color(0.3, 0.3, 0.3)

_TABLE_STYLE = (
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
)


def write_pdf(document: Document, fonts: FontSet | None = None, *, total_pages: int | None = None) -> bytes:
    """The PDF of ``document``.

    ``fonts`` defaults to :func:`find_fonts`; a caller that falls back to the built-in font
    should show the user ``FontSet.warning`` (this function does not print).
    ``total_pages`` is the M of "第 N 页 共 M 页" when pages follow the document (a bundle
    of exhibits); by default the document's own page count.
    """
    return lay_out(document, fonts).write(total_pages=total_pages)


def lay_out(document: Document, fonts: FontSet | None = None) -> Layout:
    """``document`` laid out on A4 pages, which are held back until :meth:`Layout.write`.

    ``fonts`` as for :func:`write_pdf`.
    """
    fonts = fonts or find_fonts()
    styles = _styles(fonts)
    out = io.BytesIO()
    template = platypus.SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        title=document.title,
        author=document.author,
        subject=document.subject,
        creator="docgen",
        lang=document.locale.replace("_", "-"),
        invariant=1,
        initialFontName=fonts.body,
    )
    story: list[platypus.Flowable] = [TextBlock(document.title, styles["title"])]
    for block in document.blocks:
        story.extend(_flowables(block, styles, document.keep_whole))
    template.build(story, canvasmaker=functools.partial(_PagedCanvas, day=document.date))
    return Layout(document, fonts, template.canv, out)


@dataclass(frozen=True)
class Layout:
    """A document laid out; its pages are numbered and written by :meth:`write`, once."""

    document: Document
    fonts: FontSet
    canvas: _PagedCanvas
    out: io.BytesIO

    @property
    def pages(self) -> int:
        """How many pages the document took."""
        return len(self.canvas.held)

    def write(self, *, total_pages: int | None = None, after: Callable[[Canvas], None] | None = None) -> bytes:
        """The PDF: the document's pages, then the pages ``after`` draws on the canvas (each
        ended by ``showPage``, in any size). ``total_pages`` as for :func:`write_pdf`."""
        decorate = functools.partial(_decorate, document=self.document, fonts=self.fonts,
                                     total_pages=total_pages or self.pages)
        with docgen_streams():
            self.canvas.write(decorate, after)
        return self.out.getvalue()


class _PagedCanvas(Canvas):
    """Holds the story's pages back to decorate them knowing how many there are; writes
    nothing until :meth:`write` (the doc template's ``save`` only ends the story).

    One layout pass (a ``multiBuild`` would lay the whole story out at least twice).
    """

    def __init__(self, *args, day: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.held: list[dict] = []
        self._story_shown = False
        self.setDateFormatter(lambda *_: f"D:{day:%Y%m%d}000000")  # the PDF's dates: the letter's, no clock

    def showPage(self) -> None:
        if self._story_shown:  # a page after the story's
            super().showPage()
            return
        self.held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        """The story is laid out; :meth:`write` writes it."""

    def write(self, decorate: Callable[[Canvas, int], None], after: Callable[[Canvas], None] | None) -> None:
        """Decorate and show the held pages (``decorate(canvas, number)``), let ``after`` draw
        further pages, and write the PDF."""
        for number, page in enumerate(self.held, 1):
            self.__dict__.update(page)
            decorate(self, number)
            super().showPage()
        self._story_shown = True
        if after:
            after(self)
        super().save()


def _decorate(canvas: Canvas, page: int, *, document: Document, fonts: FontSet, total_pages: int) -> None:
    draw_margins(canvas, fonts, A4, document.header, document.page_label.format(page, total_pages))


def draw_margins(canvas: Canvas, fonts: FontSet, pagesize: tuple[float, float], header: str, footer: str,
                 *, as_stamp: bool = False) -> None:
    """What a page shows in its margins: ``header`` right-aligned over a thin rule, ``footer`` centred.

    ``as_stamp`` sets the header as an exhibit stamp: black, in the heading face, larger.
    """
    width, height = pagesize
    canvas.saveState()
    canvas.setStrokeColor(_GREY)
    if header:
        canvas.setFillColor(colors.black if as_stamp else _GREY)
        canvas.setFont(fonts.heading if as_stamp else fonts.body, 10.5 if as_stamp else 9)
        canvas.drawRightString(width - RIGHT, height - 17 * mm, header)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, height - 18.5 * mm, width - RIGHT, height - 18.5 * mm)
    canvas.setFillColor(_GREY)
    canvas.setFont(fonts.body, 9)
    canvas.drawCentredString(width / 2, 14 * mm, footer)
    canvas.restoreState()


@functools.cache
def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "base", fontName=fonts.body, fontSize=BODY_SIZE, leading=LEADING,
        bulletFontName=fonts.body, bulletFontSize=BODY_SIZE,
    )  # fmt: skip
    indent = 2 * BODY_SIZE

    def style(name: str, **kwargs) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kwargs)

    return {
        "title": style("title", fontName=fonts.heading, fontSize=18, leading=28, alignment=TA_CENTER, spaceAfter=14),
        "heading": style("heading", fontName=fonts.heading, fontSize=13, leading=22, spaceBefore=8, spaceAfter=2,
                         keepWithNext=1),
        "body": style("body", firstLineIndent=indent, spaceAfter=2),
        "plain": style("plain", spaceAfter=2),
        "right": style("right", alignment=TA_RIGHT, spaceAfter=2),
        "note": style("note", fontSize=10.5, leading=16, spaceAfter=2),
        "quote": style("quote", leftIndent=indent, rightIndent=indent, spaceBefore=4, spaceAfter=6),
        "item": style("item", bulletIndent=indent, spaceAfter=2),
        "cell": style("cell", fontSize=10.5, leading=15, alignment=TA_LEFT),
        "cell_head": style("cell_head", fontName=fonts.heading, fontSize=10.5, leading=15, alignment=TA_CENTER),
        "signature": style("signature", alignment=TA_RIGHT),
    }  # fmt: skip


def _flowables(block: Block, styles: dict[str, ParagraphStyle], keep: tuple[str, ...]) -> list[platypus.Flowable]:
    para = functools.partial(TextBlock, keep_whole=keep)
    match block:
        case Heading(text=text):
            return [para(text, styles["heading"])]
        case Paragraph(text=text, style=style):
            return [para(text, styles[style])]
        case Quote(text=text):
            return [para(text, styles["quote"])]
        case ItemList(items=items) if items:
            item = styles["item"]
            label = max(stringWidth(i.label, item.bulletFontName, item.bulletFontSize) for i in items)
            hanging = ParagraphStyle("item", parent=item, leftIndent=item.bulletIndent + label + BODY_SIZE / 2)
            return [para(i.text, hanging, bullet=i.label) for i in items]
        case ItemList():
            return []
        case Table():
            return [_table(block, styles, para)]
        case Signature(lines=lines):
            signature = [para(line, styles["signature"]) for line in lines]
            return [platypus.KeepTogether([platypus.Spacer(1, LEADING), *signature])]
    raise TypeError(f"the PDF writer does not know {type(block).__name__}")


CELL_LINES = 30
"""The most lines a table row holds in the PDF; reportlab moves rows whole to the next page, so
a longer cell (a form's account of the facts) goes on in rows below, each part at most this."""
_CELL_PADDING = 12  # reportlab's default left and right padding of a cell, 6 points each


def _row_parts(row: tuple[str, ...], widths: list[float], style: ParagraphStyle,
               para: Callable[..., TextBlock]) -> list[tuple[str, ...]]:
    """``row`` as one row, or as several when a cell is longer than :data:`CELL_LINES` lines: each
    cell's text cut at line starts, the later rows holding what goes on ("" in shorter cells)."""
    pieces = []
    for text, width in zip(row, widths):
        starts = [line.start for line in para(text, style).lines(width - _CELL_PADDING)][::CELL_LINES]
        pieces.append([text[a:b] for a, b in zip(starts or [0], [*starts[1:], len(text)])])
    depth = max(len(cell) for cell in pieces)
    return [tuple(cell[i] if i < len(cell) else "" for cell in pieces) for i in range(depth)]


def _table(block: Table, styles: dict[str, ParagraphStyle], para: Callable[..., TextBlock]) -> platypus.Table:
    columns = len(block.columns)
    if len(block.widths) != columns or any(len(row) != columns for row in block.rows):
        raise ValueError(f"table with {columns} columns has rows or widths of another length")
    total = sum(block.widths)
    widths = [FRAME_WIDTH * width / total for width in block.widths]
    head = [para(text, styles["cell_head"]) for text in block.columns]
    rows = [[para(text, styles["cell"]) for text in part]
            for row in block.rows for part in _row_parts(row, widths, styles["cell"], para)]
    return platypus.Table(
        [head, *rows],
        colWidths=widths,
        repeatRows=1,
        # the cells are paragraphs; the table's own font would add an unused Helvetica
        style=[*_TABLE_STYLE, ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName)],
        spaceBefore=6,
        spaceAfter=8,
    )
