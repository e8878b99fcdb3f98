"""Which face draws each character: font runs that switch inside a line.

Latin letters, digits and Western punctuation go to the Latin face, Chinese to the CJK
face, and a character neither has to the first fallback face whose character map covers
it (:func:`fallback_font`): an Extension B face for rare Han characters in names (𠀀 𪚥),
a symbol face for emoji. In a Chinese letter, quotation marks, dashes and ellipses are
the Chinese ones (CJK face); in an English letter they are English (Latin face).

What no face can draw, and right-to-left scripts that would come out unshaped and
reversed, are reported by :func:`undrawable` so the user is told by code point; invisible
format characters (zero-width spaces and joiners, variation selectors) are taken out of
the text by :func:`visible` instead of being drawn as boxes.
"""
from __future__ import annotations

import functools
import itertools
import logging
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from docgen.writers.fonts import FontError, read_faces, register

log = logging.getLogger(__name__)

FALLBACK_FILES = (
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",  # CJK Extension B and later (fonts-hanazono)
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",  # Extension A, compatibility ideographs
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",  # emoji and symbols (fonts-symbola)
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Hangul, kana
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  # Greek, Cyrillic, symbols
    "C:/Windows/Fonts/simsunb.ttf",  # SimSun-ExtB
    "C:/Windows/Fonts/seguisym.ttf",
    "C:/Windows/Fonts/malgun.ttf",
)
"""Fallback faces tried first, in this order; then whatever fontconfig lists for the character."""

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Default-ignorable code points: format characters that are never drawn."""

_RIGHT_TO_LEFT = frozenset({"R", "AL"})


def visible(text: str) -> str:
    """``text`` without the invisible format characters a PDF would show as boxes."""
    return _INVISIBLE.sub("", text)


def _covers(name: str, char: str) -> bool:
    """True when the registered font ``name`` has a glyph for ``char``."""
    cmap = getattr(getattr(pdfmetrics.getFont(name), "face", None), "charToGlyph", None)
    if cmap is None:  # the built-in CID font: no character map to ask, it has the BMP's Chinese
        return ord(char) <= 0xFFFF
    return ord(char) in cmap


def _fontconfig_files(char: str) -> list[str]:
    """Font files fontconfig says cover ``char``; none without fontconfig."""
    if not shutil.which("fc-list"):
        return []
    try:
        listing = subprocess.run(["fc-list", "-f", "%{file}\n", f":charset={ord(char):x}"],
                                 capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line for line in listing.splitlines() if line.endswith((".ttf", ".ttc", ".otf"))})


@functools.cache
def _faces_of(path: str) -> tuple[str, ...]:
    """The registered fonts of the TrueType faces in ``path``; those that cannot be used are skipped."""
    names = []
    try:
        faces = read_faces(path)
    except FontError as error:
        log.info("skipping fallback font %s", error)
        return ()
    for face in faces:
        try:
            names.append(register(face))
        except FontError as error:
            log.info("skipping fallback font %s", error)
    return tuple(names)


@functools.cache
def fallback_font(char: str) -> str | None:
    """The first fallback face whose character map has ``char`` (:data:`FALLBACK_FILES`, then
    fontconfig's list), registered; None if none has it or it is written right to left."""
    if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT:
        return None
    known = [path for path in FALLBACK_FILES if os.path.isfile(path)]
    for path in itertools.chain(known, (p for p in _fontconfig_files(char) if p not in known)):
        for name in _faces_of(path):
            if _covers(name, char):
                return name
    return None


def _latin_text(char: str, western: bool) -> bool:
    """True for characters the Latin face sets: never wide (Han, kana, full-width forms);
    East Asian "ambiguous" marks (“ ” — …) and spaces only in Western text (a Chinese
    letter keeps its spaces as wide as the Chinese face has them)."""
    width = unicodedata.east_asian_width(char)
    if width in ("W", "F") or (not western and (width == "A" or char == " ")):
        return False
    return ord(char) < 0x2000 or (western and ord(char) < 0x2E80)


class Faces(dict):
    """Character → the registered font that draws it in one text style, decided on first use."""

    def __init__(self, cjk: str, latin: str | None, western: bool) -> None:
        super().__init__({"\n": cjk})
        self.cjk, self.latin, self.western = cjk, latin, western
        self._advances: dict[float, _Advances] = {}

    def __missing__(self, char: str) -> str:
        font = self[char] = self._choose(char)
        return font

    def _choose(self, char: str) -> str:
        latin = self.latin
        if latin and _latin_text(char, self.western) and _covers(latin, char):
            return latin
        if _covers(self.cjk, char) and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT:
            return self.cjk
        if latin and _covers(latin, char):
            return latin
        return fallback_font(char) or self.cjk

    def draws(self, char: str) -> bool:
        """True when some face draws ``char`` (as itself: right-to-left text never is)."""
        return char.isspace() or (_covers(self[char], char) and unicodedata.bidirectional(char) not in _RIGHT_TO_LEFT)

    def runs(self, text: str) -> Iterator[tuple[str, str]]:
        """``text`` as (font, part) runs of one font each."""
        for font, chars in itertools.groupby(text, self.__getitem__):
            yield font, "".join(chars)

    def advances(self, size: float) -> dict[str, float]:
        """Character → its advance width at ``size`` in the face that draws it."""
        if size not in self._advances:
            self._advances[size] = _Advances(self, size)
        return self._advances[size]

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size``."""
        return sum(stringWidth(part, font, size) for font, part in self.runs(text))


class _Advances(dict):
    """Character → advance width in the face that draws it at one size, measured on first use."""

    def __init__(self, faces: Faces, size: float) -> None:
        super().__init__({"\n": 0.0})
        self.faces, self.size = faces, size

    def __missing__(self, char: str) -> float:
        width = self[char] = stringWidth(char, self.faces[char], self.size)
        return width


@functools.cache
def faces_for(cjk: str, latin: str | None, western: bool) -> Faces:
    """The :class:`Faces` of these fonts, one per process (its choices and widths are kept)."""
    return Faces(cjk, latin, western)


def undrawable(text: str, faces: Faces) -> list[str]:
    """The characters of ``text`` no face draws, each once, in order."""
    return list(dict.fromkeys(char for char in visible(text) if not faces.draws(char)))
