"""Plain text as a platypus flowable, broken into lines by Chinese rules.

A letter's blocks are plain text in one font each, so :class:`TextBlock` does what reportlab's
``Paragraph`` would without its markup parser and per-fragment machinery (which made up
half the time of a PDF): the text is broken by :func:`~docgen.writers.cjk_breaking.break_lines`
and drawn as one text object, a line per ``Tm``/``Tj``. It takes a reportlab
``ParagraphStyle`` for font, size, leading, alignment, indents, spacing and bullets, and splits
over pages as ``Paragraph`` does (never leaving a single line at the foot of a page).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import replace

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from docgen.writers.cjk_breaking import Line, break_lines


class _Widths(dict):
    """Character → advance width in one font and size, measured on first use."""

    def __init__(self, font: str, size: float) -> None:
        super().__init__({"\n": 0.0})
        self.font, self.size = font, size

    def __missing__(self, char: str) -> float:
        width = self[char] = stringWidth(char, self.font, self.size)
        return width


@functools.cache
def _widths(font: str, size: float) -> _Widths:
    return _Widths(font, size)


class TextBlock(Flowable):
    """``text`` (newlines kept) in ``style``; ``bullet`` is drawn at ``style.bulletIndent``
    on the first line. ``keep_whole``: strings that must not be split over two lines."""

    def __init__(self, text: str, style: ParagraphStyle, keep_whole: Iterable[str] = (),
                 bullet: str | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.keep_whole = tuple(keep_whole)
        self.bullet = bullet
        self._broken: tuple[float, list[Line]] | None = None

    def lines(self, width: float) -> list[Line]:
        """The lines for a frame ``width`` wide (kept for the next call with that width)."""
        if self._broken is None or self._broken[0] != width:
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
        text.setFont(style.fontName, style.fontSize, leading)
        text.setFillColor(style.textColor)
        for number, line in enumerate(self.lines(self.width)):
            indent = style.firstLineIndent if number == 0 else 0
            text.setTextOrigin(style.leftIndent + indent + _slack(style, inner - indent - line.width), y)
            text.textOut(self.text[line.start : line.end].rstrip())
            y -= leading
        if self.bullet:
            text.setFont(style.bulletFontName, style.bulletFontSize)
            text.setTextOrigin(style.bulletIndent, first)
            text.textOut(self.bullet)
        self.canv.drawText(text)


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
    """Each character's width in ``style``'s font and size."""
    return list(map(_widths(style.fontName, style.fontSize).__getitem__, text))


@functools.cache
def _continued(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` for the part of a block that goes on after a page break: no first-line indent."""
    return ParagraphStyle(f"{style.name}-continued", parent=style, firstLineIndent=0)
