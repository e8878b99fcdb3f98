"""Evidence files read and checked: what ``docgen check`` and the bundle both rely on.

Each file is decoded in full (a truncated or damaged one fails here, not later), its size
and pages bounded: an image of more than :data:`MAX_PIXELS` (a decompression bomb), a PDF
that is encrypted (also with AES, without asking for a crypto library), truncated, damaged
or longer than :data:`MAX_PDF_PAGES`, or exhibits of more than :data:`MAX_BUNDLE_PAGES`
together are refused with an :class:`ExhibitRefused` naming the evidence entry. A 16-bit
greyscale image is scaled to 8 bits (its tones kept, not clipped to white).

Pillow reads images; pypdf, imported only for a PDF, reads PDFs. Nothing here draws: the
PDF writer (:mod:`docgen.writers.exhibits`) lays out what this module read.
"""
from __future__ import annotations

import hashlib
import io
import logging
import math
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.casefile import Case, field_line
from docgen.errors import CaseFileError, InputError, Problem
from docgen.i18n import _
from docgen.tree import Exhibit

if TYPE_CHECKING:  # Pillow and pypdf are imported where an exhibit needs them (~0.15 s saved otherwise)
    from PIL import Image
    from pypdf import PageObject, Transformation

MAX_PIXELS = 64_000_000
"""Images with more pixels are refused (decompression bombs); 50 MP phone photos still pass."""
MAX_PDF_PAGES = 200
MAX_BUNDLE_PAGES = 600
"""Exhibit pages one bundle may hold, all files together (each page is drawn on a sheet of its own)."""
NATURAL_DPI = 96
"""A small image is enlarged to at most its size on a screen; a phone screenshot fills the width."""
_PDF_TAIL = 1024
"""The end-of-file marker must be this close to the end (PDF 32000-1, 7.5.5)."""
_ANNOTATION_ACTIONS = ("/A", "/AA", "/Dest", "/Popup", "/IRT", "/Parent")
_IMAGE_FORMATS = ("PNG", "JPEG")

# (ax, by, cx, dy, ex, fy) per EXIF orientation: the stored image's unit square (u, v) lands
# at x = ax*u + cx*v + ex, y = by*u + dy*v + fy of the displayed one (as ImageOps.exif_transpose).
ORIENTATIONS = {
    1: (1, 0, 0, 1, 0, 0), 2: (-1, 0, 0, 1, 1, 0), 3: (-1, 0, 0, -1, 1, 1), 4: (1, 0, 0, -1, 0, 1),
    5: (0, -1, -1, 0, 1, 1), 6: (0, -1, 1, 0, 0, 1), 7: (0, 1, 1, 0, 0, 0), 8: (0, 1, -1, 0, 1, 0),
}


@dataclass(frozen=True)
class ImagePage:
    """An image as one exhibit page: its decoded pixels and its file's bytes (a JPEG, and most
    PNGs, go into the PDF as they are); ``width`` and ``height`` in pixels as displayed."""

    image: Image.Image | None
    """The decoded pixels (8 bits a channel, opaque alpha dropped); None for a JPEG."""
    data: bytes
    """The file's bytes."""
    name: str
    """The image's name in the PDF (from its SHA-256)."""
    width: int
    height: int
    orientation: int

    largest_scale = 72 / NATURAL_DPI
    """Points per pixel at most."""


@dataclass(frozen=True)
class PdfPage:
    """One page of a PDF exhibit; ``upright`` puts its visible box, turned as its /Rotate
    says, at the origin; ``width`` and ``height`` in points as displayed."""

    page: PageObject
    upright: Transformation
    width: float
    height: float

    largest_scale = 1.0
    """Never enlarged."""


ExhibitPage = ImagePage | PdfPage


@dataclass(frozen=True)
class ExhibitFile:
    """An evidence file read and checked: the full SHA-256 of its bytes and its pages."""

    exhibit: Exhibit
    sha256: str
    pages: tuple[ExhibitPage, ...]


def describe(exhibit: Exhibit) -> str:
    """How messages name an exhibit: ``evidence[1].file chat.png (证据2)``."""
    return f"evidence[{exhibit.number - 1}].file {exhibit.path.name} (证据{exhibit.number})"


class _Repairs(logging.Handler):
    """Collects what pypdf logs when it repairs a damaged file and carries on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def refusing(exhibit: Exhibit) -> Iterator[None]:
    """Turn any failure while reading ``exhibit``, or any repair pypdf had to make to read
    it (a damaged stream it would silently leave out), into an :class:`InputError` naming it."""
    logger = logging.getLogger("pypdf")
    repairs, propagate = _Repairs(), logger.propagate
    logger.addHandler(repairs)
    logger.propagate = False
    try:
        yield
    except InputError:
        raise
    except Exception as error:  # a hostile file can make a parser fail in any way
        raise _refuse(exhibit, _("cannot be read ({kind}: {error})").format(kind=type(error).__name__, error=error),
                      _("export it again as PNG, JPEG or PDF")) from error
    else:
        if repairs.messages:
            raise _refuse(exhibit, _("the PDF is damaged ({repair})").format(repair=repairs.messages[0]),
                          _("print or export it again to a new PDF"))
    finally:
        logger.removeHandler(repairs)
        logger.propagate = propagate


class ExhibitRefused(InputError):
    """An evidence file that cannot be bundled: which one, what is wrong, and the fix."""

    def __init__(self, exhibit: Exhibit, problem: str, fix: str):
        super().__init__(_("{exhibit}: {problem} — {fix}; nothing was written").format(
            exhibit=describe(exhibit), problem=problem, fix=fix))
        self.exhibit, self.problem, self.fix = exhibit, problem, fix

    def in_case(self, case: Case) -> CaseFileError:
        """The same refusal as a problem of the case file, with the line of the evidence entry."""
        field = f"evidence[{self.exhibit.number - 1}].file"
        message = f"{self.exhibit.path.name} (证据{self.exhibit.number}): {self.problem}"
        return CaseFileError(case.source, [Problem(field, field_line(case.source, field), message, self.fix)])


def _refuse(exhibit: Exhibit, problem: str, fix: str) -> ExhibitRefused:
    return ExhibitRefused(exhibit, problem, fix)


def exhibits_of(case: Case) -> tuple[Exhibit, ...]:
    """The evidence entries that have a file, as exhibits in their evidence order."""
    return tuple(
        Exhibit(e.number, e.title, case.folder / e.file, "pdf" if e.file.suffix.lower() == ".pdf" else "image")
        for e in case.evidence if e.file
    )


def read_exhibits(exhibits: Sequence[Exhibit]) -> tuple[ExhibitFile, ...]:
    """Read and check every evidence file, and their pages together against
    :data:`MAX_BUNDLE_PAGES`: what ``docgen check`` and the bundle both call, so that they
    agree on every file. :class:`ExhibitRefused` for the first that cannot be bundled."""
    files, pages = [], 0
    for exhibit in exhibits:
        files.append(read_exhibit(exhibit))
        pages += len(files[-1].pages)
        if pages > MAX_BUNDLE_PAGES:
            raise _refuse(exhibit, _("the exhibits up to this one have {pages} pages, more than the {most} one "
                                     "bundle may hold").format(pages=pages, most=MAX_BUNDLE_PAGES),
                          _("bundle only the pages that matter"))
    return tuple(files)


def check_exhibits(case: Case) -> None:
    """Refuse the case (:class:`CaseFileError`, with the line of the entry) if one of its
    evidence files cannot be bundled."""
    try:
        read_exhibits(exhibits_of(case))
    except ExhibitRefused as refused:
        raise refused.in_case(case) from None


def read_exhibit(exhibit: Exhibit) -> ExhibitFile:
    """Read and check one evidence file; :class:`ExhibitRefused` if it cannot be bundled."""
    with refusing(exhibit):
        data = exhibit.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        pages = _pdf_pages(exhibit, data) if exhibit.media == "pdf" else (_image_page(exhibit, data, sha256),)
    return ExhibitFile(exhibit, sha256, pages)


def _image_page(exhibit: Exhibit, data: bytes, sha256: str) -> ImagePage:
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)  # damaged EXIF: Pillow reads what it can (upright then)
        try:
            image = Image.open(io.BytesIO(data), formats=_IMAGE_FORMATS)
        except Image.DecompressionBombError:
            raise _too_many_pixels(exhibit) from None
        except UnidentifiedImageError:
            raise _refuse(exhibit, _("is not a PNG or JPEG image that can be read"), _("export it again")) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(exhibit, f" ({width}×{height})")
    if image.format == "JPEG":  # decoded at 1/8 scale: still reads every byte, in half the time
        image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
    image.load()  # decodes the whole file: a truncated or damaged one fails here
    orientation = image.getexif().get(0x0112, 1)
    orientation = orientation if orientation in ORIENTATIONS else 1
    if orientation >= 5:
        width, height = height, width
    pixels = None if image.format == "JPEG" else _eight_bit(_without_opaque_alpha(image))
    return ImagePage(pixels, data, f"Image{sha256[:32]}", width, height, orientation)


def _eight_bit(image: Image.Image) -> Image.Image:
    """A 16- or 32-bit greyscale image (PNG's 16-bit grey) scaled to 8-bit grey: Pillow's own
    conversion, and a PDF's, would clip every tone above 255 to white."""
    if image.mode not in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        return image
    image = image.convert("I") if image.mode != "I" else image
    low, high = image.getextrema()
    most = 65535 if high > 255 else 255  # a 16-bit file holds up to 65535; PNG's 8-bit modes never come here
    return image.point(lambda value: value * (255 / most)).convert("L")


def _without_opaque_alpha(image: Image.Image) -> Image.Image:
    """``image`` without its alpha channel where every pixel is opaque (most phone screenshots):
    the PDF then needs no soft mask, which makes a third of the time such an image takes."""
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema() == (255, 255):
        return image.convert(image.mode[:-1])
    return image


def _too_many_pixels(exhibit: Exhibit, size: str = "") -> InputError:
    return _refuse(exhibit, _("the image has more than {millions} million pixels{size}").format(
        millions=MAX_PIXELS // 1_000_000, size=size), _("scale it down or crop it"))


def _pdf_pages(exhibit: Exhibit, data: bytes) -> tuple[PdfPage, ...]:
    if b"%%EOF" not in data[-_PDF_TAIL:]:
        raise _refuse(exhibit, _("the PDF is truncated (no end-of-file marker)"), _("copy or export the file again"))
    from pypdf import PdfReader

    from pypdf.errors import DependencyError

    encrypted = (_("the PDF is encrypted (password-protected)"), _("save an unprotected copy, e.g. print it to a new PDF"))
    try:
        reader = PdfReader(io.BytesIO(data))
    except DependencyError:  # pypdf needs a crypto library only to open an AES-encrypted file
        raise _refuse(exhibit, *encrypted) from None
    if reader.is_encrypted:
        raise _refuse(exhibit, *encrypted)
    if not 0 < len(reader.pages) <= MAX_PDF_PAGES:
        raise _refuse(exhibit, _("the PDF has {count} pages").format(count=len(reader.pages)),
                      _("give 1 to {most} pages").format(most=MAX_PDF_PAGES))
    return tuple(_pdf_page(exhibit, page) for page in reader.pages)


def _pdf_page(exhibit: Exhibit, page: PageObject) -> PdfPage:
    from pypdf import Transformation

    if page.rotation % 90:
        raise _refuse(exhibit, _("a page of the PDF is turned by {degrees}°").format(degrees=page.rotation),
                      _("export the file again"))
    box = page.cropbox
    turn = Transformation().rotate(-page.rotation)
    xs, ys = zip(*(turn.apply_on((x, y)) for x in (box.left, box.right) for y in (box.bottom, box.top)))
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if not (math.isfinite(width * height) and width > 0 and height > 0):
        raise _refuse(exhibit, _("a page of the PDF has no usable size ({box})").format(box=box),
                      _("export the file again"))
    page.get_contents()  # decodes the content: a damaged stream is reported here, by name
    _keep_visible_annotations(page)
    return PdfPage(page, turn.translate(-min(xs), -min(ys)), width, height)


def _keep_visible_annotations(page: PageObject) -> None:
    """Keep the annotations that have an appearance, without their actions; drop links."""
    from pypdf.generic import ArrayObject, NameObject

    kept = ArrayObject()
    for reference in page.get("/Annots") or ():
        annotation = reference.get_object()
        if "/AP" not in annotation or annotation.get("/Subtype") in ("/Link", "/Popup"):
            continue
        for key in _ANNOTATION_ACTIONS:
            annotation.pop(key, None)
        kept.append(reference)
    if kept:
        page[NameObject("/Annots")] = kept
    else:
        page.pop("/Annots", None)
