"""Finding and registering the Chinese fonts that the PDF writer embeds.

:func:`find_fonts` picks a Song/Ming (serif) face for the body and a Hei (sans) face for
headings, registers them with reportlab once per process and caches the result.

Where the fonts come from, first match wins:

1. the ``override`` argument, then the ``DOCGEN_FONT`` environment variable: a font file,
   optionally with a face of a collection, ``path#2`` (index) or ``path#AR PL UMing CN``
   (family, full or PostScript name). The one face is used for body and headings. A font
   named there that cannot be used is an error (:class:`FontError`), never a silent fallback;
2. the fonts fontconfig lists for Chinese (``fc-list :lang=zh``, run once per process) and a
   few usual file paths on Linux, macOS and Windows, ranked by :data:`SERIF_PREFERENCE` and
   :data:`SANS_PREFERENCE`. Faces with CFF (PostScript) outlines, e.g. Noto CJK, are skipped:
   reportlab embeds TrueType outlines only. If a single face is usable it serves both roles;
3. the WenQuanYi Micro Hei TrueType collection that the ``paperang-p2-fonts-cjk`` package
   (a dependency) installs with pip, so a machine without font packages still embeds a face;
4. reportlab's built-in ``STSong-Light``, which is not embedded: the returned
   :attr:`FontSet.warning` says so, and the caller should show it to the user (once).

Latin text is set in its own faces (:data:`LATIN_FILES`: Liberation Serif from Debian's
fonts-liberation2 and its usual equivalents), found at the same time; without one, in the
Bitstream Vera Sans that reportlab ships. A face named by ``DOCGEN_FONT`` must draw Chinese.
"""
from __future__ import annotations

import dataclasses
import functools
import importlib.util
import logging
import os
import shutil
import struct
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

import reportlab
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from docgen.errors import InputError
from docgen.i18n import _
from docgen.writers.font_cache import load_truetype

log = logging.getLogger(__name__)

FALLBACK_FONT = "STSong-Light"

KNOWN_FILES = (
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/Supplemental/Songti.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "C:/Windows/Fonts/simsun.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)
"""Usual places of Chinese TrueType fonts, for systems without fontconfig."""

PIP_FONT = ("paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc")
"""The Chinese TrueType font a pip install brings (package, file inside it): WenQuanYi Micro
Hei, Apache 2.0 or GPLv3 with the font embedding exception."""

LATIN_FILES = {
    "serif": ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
              "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
              "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
              "/System/Library/Fonts/Supplemental/Times New Roman.ttf", "C:/Windows/Fonts/times.ttf"),
    "sans": ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
             "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
             "/System/Library/Fonts/Supplemental/Arial.ttf", "C:/Windows/Fonts/arial.ttf"),
    "mono": ("/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
             "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
             "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
             "/System/Library/Fonts/Supplemental/Courier New.ttf", "C:/Windows/Fonts/cour.ttf"),
}  # fmt: skip
"""Latin TrueType faces by role (body serif, sans beside the Hei headings, monospace for hashes), best first."""

CHINESE_SAMPLE = "中文的一是"
"""Characters any usable Chinese face draws: a ``DOCGEN_FONT`` lacking them is refused."""

SERIF_PREFERENCE = (
    "ar pl uming cn", "simsun", "songti sc", "stsong", "source han serif sc",
    "noto serif cjk sc", "song", "ming", "sung", "serif", "宋", "明",
)  # fmt: skip
"""Lower-case parts of family names for the body face, best first."""

SANS_PREFERENCE = (
    "wenquanyi zen hei", "microsoft yahei", "simhei", "pingfang sc", "heiti sc", "stheiti",
    "source han sans sc", "noto sans cjk sc", "hei", "sans", "gothic", "黑",
)  # fmt: skip
"""Lower-case parts of family names for the heading face, best first."""


class FontError(InputError):
    """A font that was asked for by name or path cannot be used."""


@dataclass(frozen=True)
class FontSet:
    """reportlab font names for the body and headings, and what they are."""

    body: str
    heading: str
    embedded: bool
    description: str
    warning: str | None = None
    """Set when falling back to a non-embedded font: one line for the user."""
    latin: str | None = None
    """The Latin face of the body; None: the body face's own Latin glyphs."""
    latin_heading: str | None = None
    """The Latin face of headings; None: ``latin``."""
    mono: str | None = None
    """A monospaced face (hash digests); None: ``latin``."""


@dataclass(frozen=True)
class Face:
    """One face of a font file, as its ``name`` table describes it."""

    path: str
    index: int
    families: tuple[str, ...]
    """Family, full and PostScript names, English first."""
    postscript: str
    truetype: bool
    """TrueType (``glyf``) outlines; False for CFF, which reportlab cannot embed."""

    @property
    def label(self) -> str:
        """``family (path#index)`` for messages."""
        family = self.families[0] if self.families else "?"
        return f"{family} ({self.path}#{self.index})"


def _read(file: BinaryIO, offset: int, size: int) -> bytes:
    file.seek(offset)
    data = file.read(size)
    if len(data) != size:
        raise FontError(_("{file}: truncated font file").format(file=file.name))
    return data


def _names(file: BinaryIO, offset: int) -> tuple[tuple[str, ...], str]:
    """(family, full and PostScript names; the PostScript name) from a ``name`` table."""
    _, count, strings = struct.unpack(">HHH", _read(file, offset, 6))
    names: dict[str, None] = {}
    postscript = ""
    for platform, encoding, _, name_id, length, at in struct.iter_unpack(
        ">6H", _read(file, offset + 6, 12 * count)
    ):
        if name_id not in (1, 4, 6, 16):
            continue
        raw = _read(file, offset + strings + at, length)
        if platform in (0, 3):
            text = raw.decode("utf-16-be", "replace")
        elif platform == 1 and encoding == 0:
            text = raw.decode("mac_roman")
        else:
            continue
        if name_id == 6:
            postscript = postscript or text
        names[text] = None
    return tuple(sorted(names, key=lambda name: not name.isascii())), postscript


def read_faces(path: str) -> tuple[Face, ...]:
    """The faces of a .ttf/.otf/.ttc file; :class:`FontError` if it is not a font."""
    try:
        with open(path, "rb") as file:
            head = file.read(12)
            if head[:4] == b"ttcf":
                (count,) = struct.unpack(">I", head[8:12])
                offsets = struct.unpack(f">{count}I", _read(file, 12, 4 * count))
            else:
                offsets = (0,)
            return tuple(_read_face(file, path, index, offset) for index, offset in enumerate(offsets))
    except OSError as error:
        raise FontError(f"{path}: {error.strerror or error}") from None
    except struct.error as error:
        raise FontError(_("{path}: damaged font file ({error})").format(path=path, error=error)) from None


def _read_face(file: BinaryIO, path: str, index: int, offset: int) -> Face:
    version, count = struct.unpack(">4sH", _read(file, offset, 6))
    if version not in (b"\0\1\0\0", b"true", b"OTTO"):
        raise FontError(_("{path}: not a TrueType/OpenType font (it starts with {start})").format(
            path=path, start=repr(version)))
    tables = {
        tag: at for tag, _, at, _ in struct.iter_unpack(">4sIII", _read(file, offset + 12, 16 * count))
    }
    if b"name" not in tables:
        raise FontError(_("{path}: font without a name table").format(path=path))
    families, postscript = _names(file, tables[b"name"])
    return Face(path, index, families, postscript, truetype=b"glyf" in tables)


def _select(faces: tuple[Face, ...], selector: str | None, path: str) -> Face:
    if not selector:
        return faces[0]
    if selector.isdigit():
        if int(selector) < len(faces):
            return faces[int(selector)]
        raise FontError(_("{path}: no face #{selector}, the file has {count}").format(
            path=path, selector=selector, count=len(faces)))
    for face in faces:
        if selector.casefold() in (name.casefold() for name in face.families):
            return face
    known = "; ".join(face.families[0] for face in faces if face.families)
    raise FontError(_("{path}: no face named {selector} (it has: {known})").format(
        path=path, selector=repr(selector), known=known))


def _face_from_spec(spec: str) -> Face:
    path, selector = spec, None
    if "#" in spec and not os.path.exists(spec):
        path, selector = spec.rsplit("#", 1)
    if not os.path.isfile(path):
        raise FontError(_("{path}: no such font file").format(path=path))
    return _select(read_faces(path), selector, path)


_registered: dict[tuple[str, int], str] = {}


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap for a font subset (``ttfonts.makeToUnicodeCMap``), with
    characters beyond U+FFFF written as UTF-16 surrogate pairs as the PDF standard says
    (reportlab writes five hex digits, and text extraction read 𪚥 as "⩪")."""
    cmap = _reportlab_to_unicode_cmap(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            cmap = cmap.replace(f"> <{code:04X}>", f"> <{chr(code).encode('utf-16-be').hex().upper()}>", 1)
    return cmap


_reportlab_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class _GlyphTable:
    """A font's ``glyf`` table that slices the font file's bytes instead of copying them."""

    __slots__ = ("_data", "_start")

    def __init__(self, data: bytes, start: int) -> None:
        self._data = data
        self._start = start

    def __getitem__(self, part: slice) -> bytes:
        return self._data[self._start + part.start : self._start + part.stop]


def _subset_without_copying(font: TTFont) -> None:
    """Speed up embedding: reportlab's ``makeSubset`` copies the whole ``glyf`` table (17 MB
    for AR PL UMing) for every 256-glyph subset only to slice glyphs out of it; this face's
    ``get_table("glyf")`` (called by nothing else) returns a :class:`_GlyphTable` instead.
    """
    face = font.face
    get_table = face.get_table
    glyf = _GlyphTable(face._ttf_data, face.get_table_pos("glyf")[0])
    face.get_table = lambda tag: glyf if tag == "glyf" else get_table(tag)


def register(face: Face) -> str:
    """Register ``face`` with reportlab once per process; its reportlab font name."""
    key = (os.path.realpath(face.path), face.index)
    if key in _registered:
        return _registered[key]
    if not face.truetype:
        raise FontError(_("{font}: no TrueType outlines (CFF/PostScript, as in Noto CJK, or bitmaps only), which "
                          "reportlab cannot embed; convert the font to TrueType (e.g. with fontTools) or use another")
                        .format(font=face.label))
    name = face.postscript or f"{os.path.basename(face.path)}-{face.index}"
    try:
        font = load_truetype(name, face.path, face.index)
    except (TTFError, OSError, struct.error) as error:
        raise FontError(f"{face.label}: {error}") from None
    _subset_without_copying(font)
    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(name) is not font:
        raise FontError(_("{font}: reportlab already has a different font with the PostScript name {name} and "
                          "would silently use that one").format(font=face.label, name=repr(font.face.name)))
    _registered[key] = name
    return name


@functools.lru_cache(maxsize=1)
def _fontconfig_files() -> tuple[str, ...]:
    """Files fontconfig lists for Chinese; none without fontconfig."""
    if not shutil.which("fc-list"):
        return ()
    try:
        listing = subprocess.run(
            ["fc-list", "-f", "%{file}\n", ":lang=zh"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(sorted({line for line in listing.splitlines() if line}))


def _pip_font() -> tuple[str, ...]:
    """The Chinese font installed with pip (:data:`PIP_FONT`), if it is there."""
    package, inside = PIP_FONT
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return ()
    return tuple(os.path.join(folder, inside) for folder in spec.submodule_search_locations)


def _candidates() -> tuple[list[Face], dict[str, str]]:
    """All faces of the installed Chinese fonts, and why files were skipped (by path)."""
    faces: list[Face] = []
    skipped: dict[str, str] = {}
    paths = dict.fromkeys(
        os.path.realpath(p) for p in (*_fontconfig_files(), *KNOWN_FILES, *_pip_font()) if os.path.isfile(p)
    )
    for path in paths:
        try:
            faces.extend(read_faces(path))
        except FontError as error:
            skipped[path] = str(error)
    return faces, skipped


def _rank(face: Face, preference: tuple[str, ...]) -> tuple:
    names = [name.casefold() for name in face.families]
    for rank, part in enumerate(preference):
        matching = [len(name) for name in names if part in name]
        if matching:
            return (rank, min(matching), face.path, face.index)
    return (len(preference), 0, face.path, face.index)


def _discover(faces: Iterable[Face], skipped: dict[str, str]) -> FontSet:
    """The best usable body and heading faces, else the built-in fallback with a warning."""
    faces = list(faces)
    failed: dict[Face, None] = {}

    def first_usable(preference: tuple[str, ...]) -> Face | None:
        for face in sorted(faces, key=lambda face: _rank(face, preference)):
            if face in failed:
                continue
            try:
                register(face)
                return face
            except FontError as error:
                log.info("skipping font %s", error)
                skipped.setdefault(face.path, str(error))
                failed[face] = None
        return None

    body = first_usable(SERIF_PREFERENCE)
    if body is None:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        reasons = _(" (skipped: {reasons})").format(reasons="; ".join(skipped.values())) if skipped else ""
        return FontSet(
            FALLBACK_FONT,
            FALLBACK_FONT,
            embedded=False,
            description=f"{FALLBACK_FONT} (reportlab built-in, not embedded)",
            warning=_("no embeddable Chinese TrueType font found{reasons}; using {font}, which is not embedded in "
                      "the PDF, so readers substitute a font and some show boxes: install fonts-arphic-uming and "
                      "fonts-wqy-zenhei or set DOCGEN_FONT").format(reasons=reasons, font=FALLBACK_FONT),
        )
    heading = first_usable(SANS_PREFERENCE) or body
    return _with_latin(FontSet(
        register(body),
        register(heading),
        embedded=True,
        description=f"body {body.label}, headings {heading.label}, embedded",
    ))  # fmt: skip


REPORTLAB_LATIN = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf")
"""Bitstream Vera Sans, which comes with reportlab: the Latin face of last resort (pip alone)."""


def _latin_face(role: str) -> str | None:
    """The first usable face of :data:`LATIN_FILES` for ``role``, then :data:`REPORTLAB_LATIN`,
    registered; None without one."""
    for path in (*LATIN_FILES[role], REPORTLAB_LATIN):
        if os.path.isfile(path):
            try:
                return register(read_faces(path)[0])
            except FontError as error:
                log.info("skipping Latin font %s", error)
    return None


def _with_latin(fonts: FontSet) -> FontSet:
    """``fonts`` with the Latin faces found on this machine."""
    latin = _latin_face("serif")
    faces = ", ".join(pdfmetrics.getFont(name).face.name.decode("latin-1") for name in (latin,) if name)
    return dataclasses.replace(
        fonts, latin=latin, latin_heading=_latin_face("sans") or latin, mono=_latin_face("mono") or latin,
        description=f"{fonts.description}; Latin {faces or 'from the Chinese face'}",
    )


def draws_chinese(name: str) -> bool:
    """True when the registered font ``name`` has glyphs for :data:`CHINESE_SAMPLE`."""
    face = getattr(pdfmetrics.getFont(name), "face", None)
    covered = getattr(face, "charToGlyph", None)
    return covered is None or all(ord(char) in covered for char in CHINESE_SAMPLE)


@functools.cache
def _find_fonts(override: str | None, environment: str | None) -> FontSet:
    for spec, source in ((override, "font override"), (environment, "DOCGEN_FONT")):
        if spec:
            try:
                face = _face_from_spec(spec)
                name = register(face)
            except FontError as error:
                raise FontError(f"{source}: {error}") from None
            if not draws_chinese(name):
                raise FontError(_("{source}: {font} has no Chinese characters, so every Chinese character "
                                  "would print as an empty box; name a Chinese font (e.g. {example})")
                                .format(source=source, font=face.label, example=KNOWN_FILES[0]))
            return _with_latin(FontSet(name, name, embedded=True, description=f"{face.label} ({source}), embedded"))
    return _discover(*_candidates())


def find_fonts(override: str | None = None) -> FontSet:
    """The fonts for PDFs (see the module docstring), cached per process and override.

    Raises :class:`FontError` if ``override`` or ``DOCGEN_FONT`` names an unusable font.
    """
    return _find_fonts(override, os.environ.get("DOCGEN_FONT") or None)
