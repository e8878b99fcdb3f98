"""The PDF writer: a :class:`~docgen.tree.Document` laid out as a Chinese formal letter.

A4 portrait; the body in a Song/Ming face at 12 pt (小四), headings and the title in a Hei
face, Latin text in a Latin serif and characters neither has in a fallback face
(:mod:`docgen.writers.font_runs`); a small header with a rule and a centred "第 N 页 共 M 页"
footer on every page. Lines are broken by Chinese rules (:mod:`docgen.writers.cjk_breaking`).
English documents are set as English letters: block paragraphs with space between them.
A heading, and a paragraph that leads into a quotation or a list, always stand on the page
of the first lines of what follows them (:func:`_kept_with_next`); table columns are as
wide as their content needs where the table asks for it (:func:`column_widths`). The same Document
gives the same bytes: reportlab's invariant mode, and the Document's date as the PDF's date.

:func:`lay_out` tells how many pages a document takes before anything is written, and lets
further pages follow it on the same canvas (the exhibits of a bundle, :mod:`docgen.writers.bundle`).
"""
from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from reportlab import platypus
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from docgen.tree import Block, Document, Heading, ItemList, Paragraph, Quote, Signature, Table
from docgen.writers.cjk_breaking import DATE
from docgen.writers.fonts import FontSet, find_fonts
from docgen.writers.font_runs import Faces, faces_for
from docgen.writers.pdf_streams import docgen_streams
from docgen.writers.pdf_text import TextBlock, draw_runs

TOP, BOTTOM, LEFT, RIGHT = 25 * mm, 25 * mm, 28 * mm, 26 * mm
FRAME_WIDTH = A4[0] - LEFT - RIGHT
FRAME_HEIGHT = A4[1] - TOP - BOTTOM
_FRAME_PADDING = 6.0
"""platypus's default frame padding on each side: the text is this much narrower than the frame."""
TEXT_WIDTH = FRAME_WIDTH - 2 * _FRAME_PADDING
TEXT_HEIGHT = FRAME_HEIGHT - 2 * _FRAME_PADDING
BODY_SIZE = 12.0
"""小四; two characters of indent are ``2 * BODY_SIZE``."""
LEADING = 20.0
CELL_PADDING = 12.0
"""A table cell's left and right padding together (reportlab's default, 6 pt each)."""
SHORT_CELL = 12
"""Cells of at most this many characters never break (dates, short titles)."""
_WIDTH_STEPS = 20
"""Table widths are handed out in this many steps of the width left after the least."""
_UNBREAKABLE_PART = re.compile(DATE.pattern + r"|[0-9A-Za-z.,:/@_+\-]+|.", re.S)
_GREY = colors.Color(0.3, 0.3, 0.3)

_TABLE_PADDING = 3 + 4
"""A table cell's top and bottom padding together."""
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
    styles = _styles(fonts, western_locale(document.locale))
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
    story += _kept_with_next(document.blocks, [_flowables(b, styles, document.keep_whole) for b in document.blocks])
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
    draw_margins(canvas, fonts, A4, document.header, document.page_label.format(page, total_pages),
                 western=western_locale(document.locale))


def western_locale(locale: str) -> bool:
    """True for documents set as Western letters (English)."""
    return not locale.startswith("zh")


def draw_margins(canvas: Canvas, fonts: FontSet, pagesize: tuple[float, float], header: str, footer: str,
                 *, as_stamp: bool = False, western: bool = False) -> None:
    """What a page shows in its margins: ``header`` right-aligned over a thin rule, ``footer`` centred.

    ``as_stamp`` sets the header as an exhibit stamp: black, in the heading face, larger.
    ``western``: the punctuation of an English document, in the Latin face.
    """
    width, height = pagesize
    canvas.saveState()
    canvas.setStrokeColor(_GREY)
    if header:
        header_faces = faces_for(fonts.heading, fonts.latin_heading, western) if as_stamp else faces_for(fonts.body, fonts.latin, western)
        size = 10.5 if as_stamp else 9
        _draw_line(canvas, header_faces, size, width - RIGHT, height - 17 * mm, header, colors.black if as_stamp else _GREY,
                   TA_RIGHT)
        canvas.setLineWidth(0.5)
        canvas.line(LEFT, height - 18.5 * mm, width - RIGHT, height - 18.5 * mm)
    _draw_line(canvas, faces_for(fonts.body, fonts.latin, western), 9, width / 2, 14 * mm, footer, _GREY, TA_CENTER)
    canvas.restoreState()


def _draw_line(canvas: Canvas, faces: Faces, size: float, x: float, y: float, line: str, color: colors.Color,
               alignment: int) -> None:
    """One line of text in font runs, ending at ``x`` (right-aligned) or centred on it."""
    width = faces.width(line, size)
    text = canvas.beginText(x - (width if alignment == TA_RIGHT else width / 2), y)
    text.setFillColor(color)
    draw_runs(text, faces, size, line)
    canvas.drawText(text)


@functools.cache
def _styles(fonts: FontSet, western: bool = False) -> dict[str, ParagraphStyle]:
    body = faces_for(fonts.body, fonts.latin, western)
    heading = faces_for(fonts.heading, fonts.latin_heading, western)
    base = ParagraphStyle(
        "base", fontName=fonts.body, fontSize=BODY_SIZE, leading=LEADING,
        bulletFontName=fonts.body, bulletFontSize=BODY_SIZE, faces=body,
    )  # fmt: skip
    indent = 2 * BODY_SIZE
    # Chinese: the first line indented two characters; English: block paragraphs, space between
    first_line, after = (0, 8) if western else (indent, 2)

    def style(name: str, **kwargs) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kwargs)

    return {
        "title": style("title", fontName=fonts.heading, faces=heading, fontSize=18, leading=28, alignment=TA_CENTER,
                       spaceAfter=14),
        "heading": style("heading", fontName=fonts.heading, faces=heading, fontSize=13, leading=22, spaceBefore=8,
                         spaceAfter=2 + after / 2),
        "body": style("body", firstLineIndent=first_line, spaceAfter=after),
        "lead": style("lead", firstLineIndent=first_line, spaceAfter=2),
        "plain": style("plain", spaceAfter=2),
        "right": style("right", alignment=TA_RIGHT, spaceAfter=2),
        "note": style("note", fontSize=10.5, leading=16, spaceAfter=2),
        "code": style("code", faces=faces_for(fonts.body, fonts.mono, True), fontSize=9, leading=14, spaceAfter=1),
        "quote": style("quote", leftIndent=indent, rightIndent=indent, spaceBefore=4, spaceAfter=6),
        "item": style("item", bulletIndent=first_line, spaceAfter=2),
        "cell": style("cell", fontSize=10.5, leading=15, alignment=TA_LEFT),
        "cell_head": style("cell_head", fontName=fonts.heading, faces=heading, fontSize=10.5, leading=15,
                           alignment=TA_CENTER),
        "signature": style("signature", alignment=TA_RIGHT),
    }  # fmt: skip


def _leads(block: Block) -> bool:
    """True for blocks that must stand on the page of what follows them."""
    return isinstance(block, Heading) or (isinstance(block, Paragraph) and block.style == "lead")


def _kept_with_next(blocks: tuple[Block, ...], laid: list[list[platypus.Flowable]]) -> list[platypus.Flowable]:
    """The flowables of ``blocks`` (``laid``, one list per block) with a conditional page
    break before each run of headings and lead-ins: it starts a new page unless the run and
    the first two lines of what follows fit on this one (Word's "keep with next")."""
    story: list[platypus.Flowable] = []
    for number, flowables in enumerate(laid):
        if _leads(blocks[number]) and (number == 0 or not _leads(blocks[number - 1])):
            end = next((k for k in range(number, len(blocks)) if not _leads(blocks[k])), len(blocks))
            run = [f for part in laid[number:end] for f in part]
            following = laid[end][0] if end < len(laid) and laid[end] else None
            needed = sum(_height(f) for f in run) + (_head_height(following) if following else 0)
            if needed < TEXT_HEIGHT / 2:
                story.append(platypus.CondPageBreak(needed))
        story.extend(flowables)
    return story


def _height(flowable: platypus.Flowable) -> float:
    """The height ``flowable`` takes in the frame, with the space around it."""
    return flowable.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def _head_height(flowable: platypus.Flowable) -> float:
    """The height of the first two lines (or table rows) of ``flowable``: what a lead-in needs beside it."""
    if isinstance(flowable, TextBlock):
        lines = min(2, len(flowable.lines(TEXT_WIDTH)))
        return lines * flowable.style.leading + flowable.getSpaceBefore()
    if isinstance(flowable, platypus.Table):  # its first two rows, without laying out the whole table
        rows = flowable._cellvalues[:2]
        return flowable.getSpaceBefore() + sum(
            _TABLE_PADDING + max(len(cell.lines(width - CELL_PADDING)) * cell.style.leading
                                 for cell, width in zip(row, flowable._colWidths))
            for row in rows
        )
    return _height(flowable)


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
            label = max(item.faces.width(i.label, item.bulletFontSize) for i in items)
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


def _row_parts(row: tuple[str, ...], widths: list[float], style: ParagraphStyle,
               para: Callable[..., TextBlock]) -> list[tuple[str, ...]]:
    """``row`` as one row, or as several when a cell is longer than :data:`CELL_LINES` lines: each
    cell's text cut at line starts, the later rows holding what goes on ("" in shorter cells)."""
    pieces = []
    for text, width in zip(row, widths):
        starts = [line.start for line in para(text, style).lines(width - CELL_PADDING)][::CELL_LINES]
        pieces.append([text[a:b] for a, b in zip(starts or [0], [*starts[1:], len(text)])])
    depth = max(len(cell) for cell in pieces)
    return [tuple(cell[i] if i < len(cell) else "" for cell in pieces) for i in range(depth)]


def _table(block: Table, styles: dict[str, ParagraphStyle], para: Callable[..., TextBlock]) -> platypus.Table:
    columns = len(block.columns)
    if len(block.widths) != columns or any(len(row) != columns for row in block.rows):
        raise ValueError(f"table with {columns} columns has rows or widths of another length")
    if block.fit:
        widths = list(column_widths(block, styles["cell_head"], styles["cell"]))
    else:
        widths = [FRAME_WIDTH * width / sum(block.widths) for width in block.widths]
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


@functools.lru_cache(maxsize=32)  # a bundle lays its index out more than once
def column_widths(table: Table, head: ParagraphStyle, cell: ParagraphStyle,
                  width: float = FRAME_WIDTH) -> tuple[float, ...]:
    """Column widths from the content, adding up to ``width``: each column at least as wide as
    its widest unbreakable part (a short cell, a date, a number); then, step by step, the
    width goes where it saves the most lines of the table per point, and what no column
    needs is shared in the template's proportions. The template's proportions alone when
    even the least does not fit."""
    columns = range(len(table.columns))
    cells = [[TextBlock(name, head), *(TextBlock(row[c], cell) for row in table.rows)]
             for c, name in enumerate(table.columns)]
    least = [max(_least_width(b.text, b.style) for b in column) + CELL_PADDING for column in cells]
    most = [max(_line_width(b.text, b.style) for b in column) + CELL_PADDING for column in cells]
    if sum(least) > width:
        return tuple(width * share / sum(table.widths) for share in table.widths)

    @functools.cache
    def lines(c: int, w: float) -> tuple[int, ...]:
        return tuple(len(block.lines(w - CELL_PADDING)) for block in cells[c])

    def height(widths: list[float]) -> int:
        return sum(map(max, zip(*(lines(c, widths[c]) for c in columns))))

    widths = list(least)
    step = (width - sum(least)) / _WIDTH_STEPS
    while step > 0 and width - sum(widths) >= step:
        now, best = height(widths), None
        for c in columns:
            for k in range(1, int((width - sum(widths)) / step + 1e-9) + 1):
                if widths[c] >= most[c]:
                    break
                trial = [*widths[:c], min(widths[c] + k * step, most[c]), *widths[c + 1:]]
                saved = now - height(trial)
                if saved > 0:
                    if best is None or saved / k > best[0]:
                        best = (saved / k, trial)
                    break
        if best is None:
            break
        widths = best[1]
    extra = width - sum(widths)
    return tuple(w + extra * share / sum(table.widths) for w, share in zip(widths, table.widths))


def _line_width(text: str, style: ParagraphStyle) -> float:
    return max(style.faces.width(line, style.fontSize) for line in text.split("\n"))


def _least_width(text: str, style: ParagraphStyle) -> float:
    """The width below which ``text`` would break where it must not: all of a short text,
    else its widest date, number or word."""
    if len(text) <= SHORT_CELL:
        return _line_width(text, style)
    return max((style.faces.width(part, style.fontSize) for part in _UNBREAKABLE_PART.findall(text)), default=0.0)
