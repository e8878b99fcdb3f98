"""Making user text safe to place in any document: nothing a user types can break XML."""
from __future__ import annotations

import re

from docgen.i18n import _

# Control characters (those XML 1.0 forbids, DEL and the C1 controls but NEL), lone
# surrogates and non-characters: invisible in a letter, and refused by XML or YAML. Dropped.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional overrides, embeddings and isolates: they can reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a terminal would act on or a reader would not see: every control character (C0 with
# tab and line breaks, DEL, C1), bidirectional controls, and invisible format characters.
_NOT_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Line breaks (also NEL and Unicode's line and paragraph separators) with the spaces around them.
_SPACES = re.compile(r"[ \t\r\n\x85\u2028\u2029\u3000]*[\r\n\x85\u2028\u2029][ \t\r\n\x85\u2028\u2029\u3000]*|[\t ]{2,}")


def clean_text(raw: str) -> tuple[str, str]:
    """Return the text fit for a document and a description of what was removed ("" if nothing).

    Line breaks and runs of spaces become one space: a field is one paragraph of a letter.
    The description is in the CLI's language (:mod:`docgen.i18n`).
    """
    removed = []
    forbidden = len(UNPRINTABLE.findall(raw))
    if forbidden:
        raw = UNPRINTABLE.sub("", raw)
        removed.append(_("{count} control character(s) a document cannot hold").format(count=forbidden))
    bidi = len(_BIDI.findall(raw))
    if bidi:
        raw = _BIDI.sub("", raw)
        removed.append(_("{count} bidirectional override mark(s)").format(count=bidi))
    return _SPACES.sub(" ", raw).strip(), _("; ").join(removed)


def shown(text: str) -> str:
    """``text`` fit for a terminal and a log: each control, bidirectional or invisible character
    written as its escape (``\\x1b``, ``\\u202e``), so no escape sequence reaches the
    terminal and nothing hides; everything else as it is."""
    return _NOT_SHOWN.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


MESSAGE_LENGTH = 400
"""A message longer than this has its longest quoted value shortened (:func:`abridged`)."""
_QUOTED = re.compile(r"(?<=['“])[^'“”]{61,}(?=['”])")
"""A long value in quotes: '…' (English messages) or “…” (Chinese ones)."""


def abridged(message: str) -> str:
    """``message`` with its quoted values ('…', “…”) shortened to their first 40 characters and
    their length, longest first, until it fits :data:`MESSAGE_LENGTH`: a 64K-character case
    id is named, not printed."""
    while len(message) > MESSAGE_LENGTH:
        longest = max(_QUOTED.finditer(message), key=lambda match: len(match.group()), default=None)
        if longest is None:
            return message
        value = longest.group()
        short = _("{start}… ({count} characters)").format(start=value[:40], count=len(value))
        message = f"{message[:longest.start()]}{short}{message[longest.end():]}"
    return message
