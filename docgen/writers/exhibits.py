"""Evidence files bundled behind a PDF, as read and checked by :mod:`docgen.evidence_files`:
laid out on stamped pages, merged.

Every exhibit page gets an A4 sheet (landscape where that shows it larger) whose margins
carry the document's exhibit stamp, top right ("证据2 第1页 共3页"), and the bundle's page
label at the bottom; the evidence sits inside the margins, so neither covers it. An image fills one
sheet, scaled down to fit (never enlarged beyond :data:`~docgen.evidence_files.NATURAL_DPI`) and
turned as its EXIF orientation says; a JPEG keeps its original bytes, and so does a PNG's compressed data
where PDF can read it as it is (:mod:`~docgen.writers.pdf_images`). Each page of a PDF is scaled into
a sheet of its own; its annotations keep what they show (seals, highlights), never what
they do (links, scripts).

The sheets, images and all, are drawn on the canvas of the document they follow
(:func:`draw_sheets`); the pages of PDF exhibits are merged onto theirs in the finished
PDF (:func:`merge_pdf_pages`, pypdf), which is left as it is when there are none.
"""
from __future__ import annotations

import io
import warnings
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from docgen.evidence_files import ORIENTATIONS, ExhibitFile, ExhibitPage, ImagePage, PdfPage, refusing
from docgen.tree import Document
from docgen.writers.fonts import FontSet
from docgen.writers.pdf import BOTTOM, LEFT, RIGHT, TOP, draw_margins, western_locale
from docgen.writers.pdf_images import PdfImage, draw_image, opaque_pixels, png_as_is


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
        draw_margins(canvas, fonts, sheet, stamp, label, as_stamp=True, western=western_locale(document.locale))
        if isinstance(page, ImagePage):
            with refusing(exhibit):
                _draw_image(canvas, page)
        canvas.showPage()


def _draw_image(canvas: Canvas, page: ImagePage) -> None:
    x, y, scale = _placement(page)
    width, height = page.width * scale, page.height * scale
    ax, by, cx, dy, ex, fy = ORIENTATIONS[page.orientation]
    canvas.saveState()
    canvas.transform(width * ax, height * by, width * cx, height * dy, x + width * ex, y + height * fy)
    source = pdf_source(page)
    if isinstance(source, PdfImage):
        draw_image(canvas, source)
    else:
        canvas.drawImage(source, 0, 0, 1, 1, mask="auto")
    canvas.restoreState()


def pdf_source(page: ImagePage) -> ImageReader | PdfImage:
    """What goes into the PDF for an image: a JPEG as it is, and so most PNGs' compressed data;
    other images as the pixels Pillow decoded, by our own image object where they are opaque."""
    if page.image is None:
        return _JpegAsIs(page.data)
    return png_as_is(page.data, page.name) or opaque_pixels(page.image, page.name) or ImageReader(page.image)


class _JpegAsIs(ImageReader):
    """A JPEG that goes into the PDF byte for byte, as reportlab embeds JPEGs.

    reportlab names an image by a digest of ``getRGBData()``, which would decode every pixel
    of a JPEG only to hash them (~0.2 s for a 12-megapixel photo); the file's bytes name it
    as well, and nothing else reads a JPEG's pixels.
    """

    def __init__(self, data: bytes) -> None:
        with warnings.catch_warnings():  # damaged EXIF, read and judged by evidence_files already
            warnings.simplefilter("ignore", UserWarning)
            super().__init__(io.BytesIO(data))
        self._jpeg = data
        self._dataA = None  # no alpha: what drawImage asks after getRGBData

    def getRGBData(self) -> bytes:  # noqa: N802 - reportlab's name
        """The file's bytes, for reportlab's digest."""
        return self._jpeg


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
