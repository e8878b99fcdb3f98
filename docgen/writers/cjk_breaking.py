"""Chinese line breaking for reportlab paragraphs.

reportlab's ``wordWrap='CJK'`` breaks between any two characters; its table of characters
that cannot start a line is Japanese-oriented (``，；：！？”》…`` may start a line), nothing
stops an opening bracket or quote from ending one, and long numbers are cut anywhere.
Instead of patching reportlab's module globals, :class:`CJKParagraph` overrides the one
method that breaks lines and uses :func:`break_lines`, which follows the usual Chinese
rules (GB/T 15834, W3C clreq):

* no line starts with a closing mark (:data:`CANNOT_START`) or a space (spaces hang in the
  margin instead), none ends with an opening mark (:data:`CANNOT_END`), and "——" stays whole;
* a run of Latin letters, digits and ASCII punctuation (an e-mail address, a long number) and
  every occurrence of a ``keep_whole`` string stay on one line unless they are longer than
  a line.

Lines are filled greedily; when a character does not fit, the line is broken at the last
allowed position before it and the rest moves down. Only where the alternative is to split
a word does one closing mark hang in the margin (as Word's "allow punctuation to overflow").
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, Paragraph, ParaLines, _handleBulletWidth

CANNOT_START = frozenset("，。、；：！？）］｝》〉」』】〕〗〙〛”’…‥·・％‰℃°′″～々〃!),.:;?]}%")
"""Closing brackets and quotes, stops, commas and postfix signs: never at the start of a line."""

CANNOT_END = frozenset("（［｛《〈「『【〔〖〘〚“‘([{￥＄")
"""Opening brackets and quotes and prefix currency signs: never at the end of a line."""

_UNSPLIT_PAIRS = frozenset("—…‥")
"""Marks written doubled ("——", "……") whose two halves stay together."""

NEVER, AVOID, GOOD = 0, 1, 2
"""How acceptable a line break at a position is; AVOID only when a word exceeds a line."""

_FUZZ = 1e-6


@dataclass(frozen=True)
class Line:
    """One line: ``text[start:end]``; ``width`` leaves out trailing spaces and a hanging mark."""

    start: int
    end: int
    width: float
    hard: bool
    """The line ends with a forced line break ("\\n")."""


def _is_latin(char: str) -> bool:
    """Letters, digits and punctuation of alphabetic scripts: parts of one unbreakable word."""
    return ord(char) < 0x2000 and not char.isspace()


def _level(before: str, after: str) -> int:
    if (
        after in CANNOT_START
        or before in CANNOT_END
        or after.isspace()
        or (before == after and after in _UNSPLIT_PAIRS)
    ):
        return NEVER
    if _is_latin(before) and _is_latin(after):
        return AVOID
    return GOOD


def break_levels(text: str, keep_whole: Iterable[str] = ()) -> list[int]:
    """For each ``i`` in ``0..len(text)``, how acceptable a line break before ``text[i]`` is."""
    levels = [NEVER] + [_level(a, b) for a, b in itertools.pairwise(text)] + [GOOD]
    for word in keep_whole:
        at = text.find(word) if word else -1
        while at >= 0:
            for i in range(at + 1, at + len(word)):
                levels[i] = min(levels[i], AVOID)
            at = text.find(word, at + 1)
    return levels


def _break_before(text: str, levels: Sequence[int], start: int, overflow: int) -> tuple[int, int]:
    """Where to end a line from ``start`` whose character ``overflow`` does not fit.

    Returns the line's end and the end of what must fit: rather than split a word, one
    closing mark may hang in the margin.
    """
    for position in range(overflow, start, -1):
        if levels[position] == GOOD:
            return position, position
    if text[overflow] in CANNOT_START and levels[overflow + 1] == GOOD:
        return overflow + 1, overflow
    for position in range(overflow, start, -1):
        if levels[position] == AVOID:
            return position, position
    return overflow, overflow


def _width(text: str, widths: Sequence[float], start: int, end: int) -> float:
    while end > start and text[end - 1].isspace():
        end -= 1
    return sum(widths[start:end])


def break_lines(
    text: str,
    widths: Sequence[float],
    max_widths: Sequence[float],
    keep_whole: Iterable[str] = (),
) -> list[Line]:
    """Break ``text`` (one character per width; "\\n" forces a break) into lines.

    ``max_widths[k]`` is the width of line ``k``; the last one applies to all further lines.
    """
    levels = break_levels(text, keep_whole)
    lines: list[Line] = []
    start = i = 0
    used = 0.0
    while i < len(text):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        if text[i] == "\n":
            end = fits = i + 1
        elif used + widths[i] > limit + _FUZZ and i > start and not text[i].isspace():
            end, fits = _break_before(text, levels, start, i)
        else:
            used += widths[i]
            i += 1
            continue
        lines.append(Line(start, end, _width(text, widths, start, fits), hard=text[end - 1] == "\n"))
        start = i = end
        used = 0.0
    if start < len(text):
        lines.append(Line(start, len(text), _width(text, widths, start, len(text)), False))
    return lines


_char_width = functools.lru_cache(maxsize=1 << 16)(stringWidth)


def _frag_line(spans: Sequence[tuple[ABag, str, int, int]], line: Line, limit: float) -> FragLine:
    """reportlab's line of fragments for ``line``, as ``makeCJKParaLine`` builds it."""
    words = [
        frag.clone(text=text[max(line.start, start) - start : min(line.end, end) - start])
        for frag, text, start, end in spans
        if start < line.end and end > line.start
    ]
    bounds = [getAscentDescent(word.fontName, word.fontSize) for word in words]
    return FragLine(
        kind=1,
        extraSpace=limit - line.width,
        wordCount=1,
        words=words,
        fontSize=max(word.fontSize for word in words),
        ascent=max(ascent for ascent, _ in bounds),
        descent=min(descent for _, descent in bounds),
        maxWidth=limit,
        currentWidth=line.width,
        lineBreak=line.hard,
    )


def _join_lines(para: ParaLines, start: int, stop: int) -> list[ABag]:
    return [word for line in para.lines[start:stop] for word in line.words]


class CJKParagraph(Paragraph):
    """A reportlab ``Paragraph`` (style ``wordWrap='CJK'``) broken by :func:`break_lines`.

    ``keep_whole``: strings that must not be split over two lines (order numbers).
    """

    def __init__(self, text: str | None, style, keep_whole: Iterable[str] = (), **kwargs) -> None:
        self.keep_whole = tuple(keep_whole)
        self._broken: tuple[tuple, ParaLines] | None = None
        super().__init__(text, style, **kwargs)

    def breakLinesCJK(self, maxWidths):
        """Break the paragraph's fragments into lines (called by every ``wrap``; cached)."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        key = tuple(maxWidths)
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        if self._broken is None or self._broken[0] != key:
            self._broken = key, self._break(maxWidths)
        return self._broken[1]

    def _break(self, maxWidths: Sequence[float]) -> ParaLines:
        runs: list[tuple[ABag, str]] = []  # the fragments, neighbours of the same style joined
        for frag in self.frags:
            if runs and frag.text and sameFrag(runs[-1][0], frag):
                runs[-1] = (runs[-1][0], runs[-1][1] + frag.text)
            else:
                runs.append((frag, frag.text))
        spans = []  # (fragment, its text, start, end in the text broken; "<br/>" there is "\n")
        parts: list[str] = []
        widths: list[float] = []
        for frag, text in runs:
            parts.append(text or ("\n" if hasattr(frag, "lineBreak") else "\u200b"))
            spans.append((frag, text, len(widths), len(widths) + len(parts[-1])))
            if text:
                widths.extend(_char_width(char, frag.fontName, frag.fontSize) for char in text)
            else:
                widths.append(0.0)
        lines = []
        for k, line in enumerate(break_lines("".join(parts), widths, maxWidths, self.keep_whole)):
            limit = maxWidths[min(k, len(maxWidths) - 1)]
            lines.append(_frag_line(spans, line, limit))
        return ParaLines(kind=1, lines=lines)

    def split(self, availWidth, availHeight):
        """Split over a page break; both parts keep ``keep_whole``."""
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.keep_whole = self.keep_whole
        return parts

    def _get_split_blParaFunc(self):
        # reportlab appends a space to every line when it splits a paragraph (right for
        # words, wrong for Chinese): the continuation gets exactly the remaining text.
        return _join_lines
