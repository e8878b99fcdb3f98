"""What a zh_CN user reads must be whole Chinese sentences: the check, shared by the tests.

The check is on ASCII-letter words: in a Chinese message each one must be a field name (a key of
the case file, or a path of keys such as ``timeline[0].what``), a file name, or a name the
test allows by name.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from docgen import i18n
from docgen.casefile import CASE_FILE
from docgen.casefile.fields import Listing, Section

# An ASCII "word" with what sticks to it in a name: case.yaml, timeline[0].what, tantan-2026-001.
WORD = re.compile(r"[\w.\[\]/\-]*[A-Za-z][\w.\[\]/\-]*", re.ASCII)


def case_keys(section: Section = CASE_FILE) -> set[str]:
    """Every key a case file can hold, at any depth."""
    keys = set()
    for name, spec in section.keys.items():
        keys.add(name)
        inner = spec.type.item if isinstance(spec.type, Listing) else spec.type
        if isinstance(inner, Section):
            keys |= case_keys(inner)
    return keys


KEYS = case_keys()


def is_field(word: str) -> bool:
    """A key of the case file or a path of keys: problems, order.price, timeline[0].what."""
    return all(part in KEYS for part in re.sub(r"\[\d+\]", "", word).split("."))


def english(text: str, *names: str) -> list[str]:
    """The ASCII-letter words of ``text`` other than field names and ``names`` (file names, allowed names)."""
    return [word for word in WORD.findall(text) if word not in names and not is_field(word)]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Messages in ``language`` inside the block."""
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(None)
