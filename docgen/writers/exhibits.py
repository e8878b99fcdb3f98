"""Evidence files bundled behind a PDF: read and checked, laid out on stamped pages, merged.

Every exhibit page gets an A4 sheet (landscape where that shows it larger) whose margins
carry the document's exhibit stamp, top right ("证据2 第1页 共3页"), and the bundle's page
label at the bottom; the evidence sits inside the margins, so neither covers it. An image fills one
sheet, scaled down to fit (never enlarged beyond :data:`NATURAL_DPI`) and turned as its
EXIF orientation says; a JPEG keeps its original bytes, and so does a PNG's compressed data
where PDF can read it as it is (:mod:`~docgen.writers.pdf_images`). Each page of a PDF is scaled into
a sheet of its own; its annotations keep what they show (seals, highlights), never what
they do (links, scripts).

The sheets, images and all, are drawn on the canvas of the document they follow
(:func:`draw_sheets`); the pages of PDF exhibits are merged onto theirs in the finished
PDF (:func:`merge_pdf_pages`, pypdf), which is left as it is when there are none.

A file that cannot be trusted (encrypted, truncated, damaged, too many pixels, too many
pages) is refused with an :class:`~docgen.errors.InputError` naming the evidence entry.
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

from PIL import Image, UnidentifiedImageError
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from docgen.errors import InputError
from docgen.i18n import _
from docgen.tree import Document, Exhibit
from docgen.writers.fonts import FontSet
from docgen.writers.pdf import BOTTOM, LEFT, RIGHT, TOP, draw_margins
from docgen.writers.pdf_images import PdfImage, draw_image, opaque_pixels, png_as_is

if TYPE_CHECKING:  # pypdf is imported where a PDF exhibit needs it (~0.15 s saved otherwise)
    from pypdf import PageObject, Transformation

MAX_PIXELS = 64_000_000
"""Images with more pixels are refused (decompression bombs); 50 MP phone photos still pass."""
MAX_PDF_PAGES = 200
NATURAL_DPI = 96
"""A small image is enlarged to at most its size on a screen; a phone screenshot fills the width."""
_PDF_TAIL = 1024
"""The end-of-file marker must be this close to the end (PDF 32000-1, 7.5.5)."""
_ANNOTATION_ACTIONS = ("/A", "/AA", "/Dest", "/Popup", "/IRT", "/Parent")
_IMAGE_FORMATS = ("PNG", "JPEG")

# (ax, by, cx, dy, ex, fy) per EXIF orientation: the stored image's unit square (u, v) lands
# at x = ax*u + cx*v + ex, y = by*u + dy*v + fy of the displayed one (as ImageOps.exif_transpose).
_ORIENTATIONS = {
    1: (1, 0, 0, 1, 0, 0), 2: (-1, 0, 0, 1, 1, 0), 3: (-1, 0, 0, -1, 1, 1), 4: (1, 0, 0, -1, 0, 1),
    5: (0, -1, -1, 0, 1, 1), 6: (0, -1, 1, 0, 0, 1), 7: (0, 1, 1, 0, 0, 0), 8: (0, 1, -1, 0, 1, 0),
}


@dataclass(frozen=True)
class ImagePage:
    """An image as one exhibit page; ``width`` and ``height`` in pixels as displayed."""

    image: ImageReader | PdfImage
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


def _refuse(exhibit: Exhibit, problem: str, fix: str) -> InputError:
    return InputError(_("{exhibit}: {problem} — {fix}; nothing was written").format(
        exhibit=describe(exhibit), problem=problem, fix=fix))


def read_exhibit(exhibit: Exhibit) -> ExhibitFile:
    """Read and check one evidence file; :class:`InputError` if it cannot be bundled."""
    with refusing(exhibit):
        data = exhibit.path.read_bytes()
        sha256 = hashlib.sha256(data).hexdigest()
        pages = _pdf_pages(exhibit, data) if exhibit.media == "pdf" else (_image_page(exhibit, data, sha256),)
    return ExhibitFile(exhibit, sha256, pages)


def _image_page(exhibit: Exhibit, data: bytes, sha256: str) -> ImagePage:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
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
    orientation = orientation if orientation in _ORIENTATIONS else 1
    if orientation >= 5:
        width, height = height, width
    # a JPEG goes into the PDF as it is, and so do most PNGs' compressed data; other images
    # as the pixels Pillow decoded, by our own image object where they are opaque
    if image.format == "JPEG":
        return ImagePage(_JpegAsIs(data), width, height, orientation)
    name, flat = f"Image{sha256[:32]}", _without_opaque_alpha(image)
    source = png_as_is(data, name) or opaque_pixels(flat, name) or ImageReader(flat)
    return ImagePage(source, width, height, orientation)


class _JpegAsIs(ImageReader):
    """A JPEG that goes into the PDF byte for byte, as reportlab embeds JPEGs.

    reportlab names an image by a digest of ``getRGBData()``, which would decode every pixel
    of a JPEG only to hash them (~0.2 s for a 12-megapixel photo); the file's bytes name it
    as well, and nothing else reads a JPEG's pixels.
    """

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self._jpeg = data
        self._dataA = None  # no alpha: what drawImage asks after getRGBData

    def getRGBData(self) -> bytes:  # noqa: N802 - reportlab's name
        """The file's bytes, for reportlab's digest."""
        return self._jpeg


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

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise _refuse(exhibit, _("the PDF is encrypted (password-protected)"),
                      _("save an unprotected copy, e.g. print it to a new PDF"))
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
        raise _refuse(exhibit, _("a page of the PDF has no usable size ({box})").format(box=box), _("export the file again"))
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


def _scale(page: ExhibitPage, sheet: tuple[float, float]) -> float:
    """How much ``page`` is scaled to fit inside the margins of ``sheet``."""
    width, height = sheet
    return min((width - LEFT - RIGHT) / page.width, (height - TOP - BOTTOM) / page.height, page.largest_scale)


def _sheet(page: ExhibitPage) -> tuple[float, float]:
    """A4, turned to landscape only where that shows ``page`` larger."""
    return landscape(A4) if _scale(page, landscape(A4)) > _scale(page, A4) else A4


def _placement(page: ExhibitPage) -> tuple[float, float, float]:
    """Where ``page`` goes on its sheet: (x, y, scale), centred across, at the top margin."""
    sheet_width, sheet_height = sheet = _sheet(page)
    scale = _scale(page, sheet)
    x = LEFT + (sheet_width - LEFT - RIGHT - page.width * scale) / 2
    y = sheet_height - TOP - page.height * scale
    return x, y, scale


def draw_sheets(canvas: Canvas, files: Sequence[ExhibitFile], document: Document, fonts: FontSet,
                first_page: int, total_pages: int) -> None:
    """One sheet per exhibit page, numbered from ``first_page``: the stamp and page label,
    and the images drawn.

    Sheets for PDF pages stay empty inside the margins until :func:`merge_pdf_pages`.
    """
    sheets = [(file.exhibit, index, len(file.pages), page) for file in files
              for index, page in enumerate(file.pages, 1)]
    for number, (exhibit, index, pages, page) in enumerate(sheets, first_page):
        sheet = _sheet(page)
        canvas.setPageSize(sheet)
        stamp = document.exhibit_stamp.format(number=exhibit.number, page=index, pages=pages)
        label = document.page_label.format(number, total_pages)
        draw_margins(canvas, fonts, sheet, stamp, label, as_stamp=True)
        if isinstance(page, ImagePage):
            with refusing(exhibit):
                _draw_image(canvas, page)
        canvas.showPage()


def _draw_image(canvas: Canvas, page: ImagePage) -> None:
    x, y, scale = _placement(page)
    width, height = page.width * scale, page.height * scale
    ax, by, cx, dy, ex, fy = _ORIENTATIONS[page.orientation]
    canvas.saveState()
    canvas.transform(width * ax, height * by, width * cx, height * dy, x + width * ex, y + height * fy)
    if isinstance(page.image, PdfImage):
        draw_image(canvas, page.image)
    else:
        canvas.drawImage(page.image, 0, 0, 1, 1, mask="auto")
    canvas.restoreState()


def merge_pdf_pages(bundle: bytes, files: Sequence[ExhibitFile], index_pages: int) -> bytes:
    """``bundle`` with each PDF exhibit page merged onto its sheet (the sheets follow
    ``index_pages`` pages); ``bundle`` itself when no exhibit is a PDF.

    The bundle's metadata and file identifier are kept.
    """
    sheets = enumerate(((file.exhibit, page) for file in files for page in file.pages), index_pages)
    pages = [(number, exhibit, page) for number, (exhibit, page) in sheets if isinstance(page, PdfPage)]
    if not pages:
        return bundle
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bundle)))
    for number, exhibit, page in pages:
        x, y, scale = _placement(page)
        with refusing(exhibit):
            writer.pages[number].merge_transformed_page(page.page, page.upright.scale(scale).translate(x, y))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
