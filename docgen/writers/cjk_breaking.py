"""Chinese line breaking: where a line of mixed Chinese and Latin text may end.

reportlab's ``wordWrap='CJK'`` breaks between any two characters; its table of characters
that cannot start a line is Japanese-oriented (``，；：！？”》…`` may start a line), nothing
stops an opening bracket or quote from ending one, and long numbers are cut anywhere.
:func:`break_lines` follows the usual Chinese rules instead (GB/T 15834, W3C clreq):

* no line starts with a closing mark (:data:`CANNOT_START`) or a space (spaces hang in the
  margin instead), none ends with an opening mark (:data:`CANNOT_END`), and "——" stays whole;
* a run of Latin letters, digits and ASCII punctuation (an e-mail address, a long number), a
  date (2026年10月28日, November 20, 2026) and every occurrence of a ``keep_whole`` string stay on one line
  unless they are longer than a line.

Lines are filled greedily; when a character does not fit, the line is broken at the last
allowed position before it and the rest moves down. Only where the alternative is to split
a word does one closing mark hang in the margin (as Word's "allow punctuation to overflow").

The work is proportional to the number of lines, not of characters: the first character
that overflows a line is found by bisection in the running total of the widths, and how
acceptable a break is gets decided only at the few positions looked at.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CANNOT_START = frozenset("，。、；：！？）］｝》〉」』】〕〗〙〛”’…‥·・％‰℃°′″～々〃!),.:;?]}%")
"""Closing brackets and quotes, stops, commas and postfix signs: never at the start of a line."""

CANNOT_END = frozenset("（［｛《〈「『【〔〖〘〚“‘([{￥＄")
"""Opening brackets and quotes and prefix currency signs: never at the end of a line."""

DATE = re.compile(
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"
)
"""Dates, which stay on one line like a ``keep_whole`` string ("2026年10月28 / 日" read badly)."""

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


def _is_latin(char: str) -> bool:
    """Letters, digits and punctuation of alphabetic scripts: parts of one unbreakable word."""
    return ord(char) < 0x2000 and not char.isspace()


class _Breaks:
    """How acceptable a line break before ``text[i]`` is, decided when asked."""

    def __init__(self, text: str, keep_whole: Iterable[str]) -> None:
        self.text = text
        self.inside_words: set[int] = set()
        for date in DATE.finditer(text):
            self.inside_words.update(range(date.start() + 1, date.end()))
        for word in keep_whole:
            at = text.find(word) if word else -1
            while at >= 0:
                self.inside_words.update(range(at + 1, at + len(word)))
                at = text.find(word, at + 1)

    def level(self, position: int) -> int:
        text = self.text
        if position >= len(text):
            return GOOD
        if position == 0:
            return NEVER
        before, after = text[position - 1], text[position]
        if (
            after in CANNOT_START
            or before in CANNOT_END
            or after.isspace()
            or (before == after and after in _UNSPLIT_PAIRS)
        ):
            return NEVER
        if (_is_latin(before) and _is_latin(after)) or position in self.inside_words:
            return AVOID
        return GOOD

    def before(self, start: int, overflow: int) -> tuple[int, int]:
        """Where to end a line from ``start`` whose character ``overflow`` does not fit.

        Returns the line's end and the end of what must fit: rather than split a word, one
        closing mark may hang in the margin.
        """
        positions = range(overflow, start, -1)
        for position in positions:
            if self.level(position) == GOOD:
                return position, position
        if self.text[overflow] in CANNOT_START and self.level(overflow + 1) == GOOD:
            return overflow + 1, overflow
        for position in positions:
            if self.level(position) == AVOID:
                return position, position
        return overflow, overflow


def break_lines(
    text: str,
    widths: Sequence[float],
    max_widths: Sequence[float],
    keep_whole: Iterable[str] = (),
) -> list[Line]:
    """Break ``text`` (one character per width; "\\n" forces a break) into lines.

    ``max_widths[k]`` is the width of line ``k``; the last one applies to all further lines.
    """
    breaks = _Breaks(text, keep_whole)
    running = list(itertools.accumulate(widths, initial=0.0))  # running[i]: width of text[:i]
    lines: list[Line] = []
    start = 0
    while start < len(text):
        limit = max_widths[min(len(lines), len(max_widths) - 1)]
        newline = text.find("\n", start)
        stop = len(text) if newline < 0 else newline
        # the first character that does not fit; the first of a line always does, spaces hang
        overflow = max(bisect.bisect_right(running, running[start] + limit + _FUZZ, start, stop + 1) - 1, start + 1)
        while overflow < stop and text[overflow].isspace():
            overflow += 1
        if overflow >= stop:
            end = fits = stop if newline < 0 else stop + 1
        else:
            end, fits = breaks.before(start, overflow)
        lines.append(Line(start, end, _width(text, running, start, fits)))
        start = end
    return lines


def _width(text: str, running: Sequence[float], start: int, end: int) -> float:
    while end > start and text[end - 1].isspace():
        end -= 1
    return running[end] - running[start]
