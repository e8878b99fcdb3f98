"""Characters of a case that no font can draw, named with their code point and field.

The PDF writer draws every character in some face (:mod:`docgen.writers.font_runs`); what
none of the installed faces has would print as an empty box, so the user is told which
character, in which field of the case file, before reading the letter.
"""
from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Iterator

from docgen.casefile import Case
from docgen.i18n import _
from docgen.writers.font_runs import faces_for, undrawable
from docgen.writers.fonts import FontSet
from docgen.writers.pdf import western_locale


def text_fields(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) for every string in ``value``: ``timeline[2].what``."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from text_fields(getattr(value, field.name), f"{path}.{field.name}" if path else field.name)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from text_fields(item, f"{path}[{index}]")


def undrawn_characters(case: Case, fonts: FontSet) -> tuple[str, ...]:
    """One warning per field and character of ``case`` that the PDF cannot draw."""
    body = faces_for(fonts.body, fonts.latin, western_locale(case.locale))
    messages = []
    for field, text in text_fields(case):
        missing = undrawable(text, body)
        backwards = [char for char in missing if unicodedata.bidirectional(char) in ("R", "AL")]
        if backwards:
            messages.append(_("{field}: {codes} ({chars}) are written right to left, which the PDF cannot "
                              "set; they print as boxes: write the text without them, or in Latin letters")
                            .format(field=field, codes=_codes(backwards), chars="".join(backwards)))
        if missing := [char for char in missing if char not in backwards]:
            messages.append(_("{field}: {codes} ({chars}) are in none of the installed fonts and print as "
                              "boxes in the PDF: install a font that has them (fonts-hanazono for rare "
                              "Chinese characters, fonts-symbola for emoji) or write the text without them")
                            .format(field=field, codes=_codes(missing), chars=" ".join(missing)))
    return tuple(messages)


def _codes(chars: list[str]) -> str:
    return ", ".join(f"U+{ord(char):04X}" for char in chars)
