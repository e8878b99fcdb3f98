"""TrueType faces parsed once, not on every run.

reportlab parses a face's tables (cmap, metrics, glyph positions) in Python when it loads
it: 60–300 ms for a CJK face, a large part of a single case's build. The parsed face, less
the file's bytes, is kept in docgen's cache folder (:mod:`docgen.cache`) and loaded from
there in a few milliseconds; the file's bytes are read again (subsetting needs them).

The entry is keyed by the file's identity (real path, device, inode, size, modification
time), the face's index, reportlab's version and the entry's format: an edited or replaced
font file is parsed anew. The same face gives the same PDF bytes, cached or not.

Two of the face's tables are stored in a form that loads faster and are made again when first
read (:class:`CachedFace`): the glyph metrics as two lists rather than tens of thousands of
pairs, and the glyph-to-character map, which only reportlab's text shaping reads (docgen does
not shape), as pickled bytes. That halves the time a CJK face takes to load.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import mmap
import os
import pickle
from collections.abc import Sequence
from fnmatch import fnmatch
from typing import Any, Callable
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

from docgen.cache import cache_folder, store

_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file's bytes (read again) and a lambda (made again)
_FORMAT = 2
"""The entries' layout (:func:`_stored_state`); part of the key, so that an older entry is never read."""


class GlyphMetrics(Sequence):
    """reportlab's ``hmetrics``, (advance width, left side bearing) of each glyph, read from
    two lists; equal to the list of pairs reportlab's parser makes."""

    def __init__(self, advances: list[float], side_bearings: list[int]) -> None:
        self._advances = advances
        self._side_bearings = side_bearings

    def __len__(self) -> int:
        return len(self._advances)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return list(zip(self._advances[index], self._side_bearings[index]))
        return self._advances[index], self._side_bearings[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment] - as a list's


class CachedFace(TTFontFace):
    """A parsed face from the cache: ``hmetrics`` read from two lists (:class:`GlyphMetrics`),
    ``glyphToChar`` unpickled when first read; both equal to the ones reportlab's parser makes."""

    @functools.cached_property
    def hmetrics(self) -> GlyphMetrics:
        """(advance width, left side bearing) of each glyph."""
        return GlyphMetrics(self._advances, self._side_bearings)

    @functools.cached_property
    def glyphToChar(self) -> dict[int, list[int]]:  # noqa: N802 - reportlab's name
        """The characters each glyph draws."""
        return pickle.loads(self._glyph_to_char)


def _stored_state(face: TTFontFace) -> dict[str, Any]:
    """What is kept of a parsed face: everything but :data:`_NOT_STORED`, its metrics as two
    lists and its glyph-to-character map pickled apart (read as :class:`CachedFace` reads them)."""
    state = {k: v for k, v in face.__dict__.items() if k not in (*_NOT_STORED, "hmetrics", "glyphToChar")}
    state["_advances"] = [advance for advance, _ in face.hmetrics]  # ints, and reportlab's scaled floats
    state["_side_bearings"] = [bearing for _, bearing in face.hmetrics]  # after the last full metric
    state["_glyph_to_char"] = pickle.dumps(face.glyphToChar, protocol=pickle.HIGHEST_PROTOCOL)
    return state


def _scale(units_per_em: int) -> Callable[[Any], Any]:
    """Glyph units to PDF's thousandths of an em, exactly as reportlab's extractInfo makes it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _key(path: str, index: int) -> str:
    status = os.stat(path)
    identity = (os.path.realpath(path), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, index,
                reportlab.Version, _FORMAT)
    return hashlib.sha256(repr(identity).encode()).hexdigest()[:32]


def _from_cache(name: str, path: str, state: dict[str, Any]) -> TTFont:
    """A TTFont as ``TTFont(name, path)`` makes it (reportlab 5's constructor, less the
    parsing; a test compares the two), its face from the cached ``state``."""
    face = CachedFace.__new__(CachedFace)
    face.__dict__.update(state)
    with open(path, "rb") as file:  # mapped, not read: subsetting slices only the glyphs it needs
        face._ttf_data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    face._pdfScale = _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in unShapedFontGlob)
    return font


def load_truetype(name: str, path: str, index: int) -> TTFont:
    """reportlab's ``TTFont(name, path, subfontIndex=index)``, parsed from the cache when the
    same file was parsed before. Errors are reportlab's, as without the cache."""
    folder = cache_folder("fonts")
    entry = folder / f"{_key(path, index)}.pickle" if folder else None
    if entry is not None and entry.is_file():
        collecting = gc.isenabled()
        gc.disable()  # tens of thousands of new objects: collecting them halves the speed, and none are garbage
        try:
            state = pickle.loads(entry.read_bytes())
        except Exception:  # noqa: BLE001 - a damaged cache entry is parsed anew
            state = None
        finally:
            if collecting:  # as the caller had it: a program that turned collection off keeps it off
                gc.enable()
        if isinstance(state, dict):
            return _from_cache(name, path, state)
    font = TTFont(name, path, subfontIndex=index)
    if entry is not None:
        store(entry, pickle.dumps(_stored_state(font.face), protocol=pickle.HIGHEST_PROTOCOL))
    return font
