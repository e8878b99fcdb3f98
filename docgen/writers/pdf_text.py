"""Plain text as a platypus flowable, broken into lines by Chinese rules.

A letter's blocks are plain text in one style each, so :class:`TextBlock` does what reportlab's
``Paragraph`` would without its markup parser and per-fragment machinery (which made up
half the time of a PDF): the text is broken by :func:`~docgen.writers.cjk_breaking.break_lines`
and drawn as one text object, a line per ``Tm`` with a ``Tj`` per font run. It takes a reportlab
``ParagraphStyle`` for size, leading, alignment, indents, spacing and bullets, with a ``faces``
attribute (:class:`~docgen.writers.font_runs.Faces`) that picks the font of each character, and splits
over pages as ``Paragraph`` does (never leaving a single line at the foot of a page).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from docgen.writers.cjk_breaking import Line, break_lines
from docgen.writers.font_runs import Faces, faces_for, visible


class TextBlock(Flowable):
    """``text`` (newlines kept) in ``style``; ``bullet`` is drawn at ``style.bulletIndent``
    on the first line. ``keep_whole``: strings that must not be split over two lines."""

    def __init__(self, text: str, style: ParagraphStyle, keep_whole: Iterable[str] = (),
                 bullet: str | None = None) -> None:
        super().__init__()
        self.text = visible(text)
        self.style = style
        self.keep_whole = tuple(visible(word) for word in keep_whole)
        self.bullet = bullet
        self._broken: tuple[float, list[Line]] | None = None

    def lines(self, width: float) -> list[Line]:
        """The lines for a frame ``width`` wide (kept for the next call with that width)."""
        if self._broken is None or abs(self._broken[0] - width) > 1e-6:  # the same width, however computed
            style = self.style
            inner = width - style.leftIndent - style.rightIndent
            widths = _char_widths(self.text, style)
            self._broken = width, break_lines(self.text, widths, [inner - style.firstLineIndent, inner], self.keep_whole)
        return self._broken[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = len(self.lines(availWidth)) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self.lines(availWidth)
        fitting = int(availHeight / self.style.leading)
        if fitting <= 1:  # no room, or a single orphaned line
            return []
        if fitting >= len(lines):
            return [self]
        cut = lines[fitting].start
        first = TextBlock(self.text[:cut], self.style, self.keep_whole, self.bullet)
        rest = TextBlock(self.text[cut:], _continued(self.style), self.keep_whole)
        first._broken = availWidth, lines[:fitting]
        rest._broken = availWidth, [_moved(line, -cut) for line in lines[fitting:]]
        return [first, rest]

    def draw(self) -> None:
        style = self.style
        inner = self.width - style.leftIndent - style.rightIndent
        leading = style.leading
        first = y = self.height - style.fontSize  # where reportlab's Paragraph puts the first baseline
        text = self.canv.beginText()
        text.setFillColor(style.textColor)
        faces = faces_of(style)
        font = None
        for number, line in enumerate(self.lines(self.width)):
            indent = style.firstLineIndent if number == 0 else 0
            text.setTextOrigin(style.leftIndent + indent + _slack(style, inner - indent - line.width), y)
            font = draw_runs(text, faces, style.fontSize, self.text[line.start : line.end].rstrip(), font)
            y -= leading
        if self.bullet:
            text.setTextOrigin(style.bulletIndent, first)
            draw_runs(text, faces, style.bulletFontSize, self.bullet, font)
        self.canv.drawText(text)


def faces_of(style: ParagraphStyle) -> Faces:
    """The faces of ``style``: its ``faces``, else its one font."""
    return getattr(style, "faces", None) or faces_for(style.fontName, None, western=False)


def draw_runs(text: PDFTextObject, faces: Faces, size: float, line: str,
              current: tuple[str, float] | None = None) -> tuple[str, float] | None:
    """Draw ``line`` at the text object's position, switching fonts where its runs change.

    ``current`` is the text object's font and size (None: not set yet); returns the new one.
    The runs are appended as ``textOut`` would, less its bookkeeping of the cursor's x (the
    PDF moves the cursor along each run itself; every line starts at a new text origin)."""
    code = text._code
    for font, part in faces.runs(line):
        if current != (font, size):
            current = font, size
            text.setFont(font, size)
        code.append(text._formatText(part))
    return current


def _slack(style: ParagraphStyle, free: float) -> float:
    """How far alignment moves a line with ``free`` space left on it."""
    if style.alignment == TA_CENTER:
        return free / 2
    if style.alignment == TA_RIGHT:
        return free
    return 0.0


def _moved(line: Line, offset: int) -> Line:
    return replace(line, start=line.start + offset, end=line.end + offset)


def _char_widths(text: str, style: ParagraphStyle) -> Sequence[float]:
    """Each character's width in the face that draws it, at ``style``'s size."""
    return list(map(faces_of(style).advances(style.fontSize).__getitem__, text))


@functools.cache
def _continued(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` for the part of a block that goes on after a page break: no first-line indent."""
    return ParagraphStyle(f"{style.name}-continued", parent=style, firstLineIndent=0)
