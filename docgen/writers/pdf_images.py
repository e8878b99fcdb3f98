"""Images put into a PDF without reportlab's image path: a PNG's compressed data as it is in
the file, or an opaque image's decoded pixels deflated once, each named by the file's SHA-256.

A PNG's image data (its IDAT chunks) is a zlib stream of filtered scanlines, which PDF reads
directly: FlateDecode with the PNG predictors (PDF 32000-1, 7.4.4.4, /Predictor 15). An
8-bit greyscale or RGB PNG without interlacing or transparency goes in as the file holds it:
nothing decoded, hashed or deflated again. Other opaque images (a phone's RGBA screenshot
whose alpha is all opaque, a palette image) go in as their decoded pixels, deflated once by
:data:`~docgen.writers.pdf_streams.deflate`. reportlab would hash every pixel to name the
image and deflate it at zlib's default level: ~150 ms for a 1080×2400 screenshot. Images
with real transparency keep reportlab's path (it makes their soft mask).

reportlab has no image object for predictor-coded data, so :func:`draw_image` registers one
on the canvas as ``Canvas.drawImage`` registers its own (reportlab 5): the same file drawn
twice is embedded once.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from PIL import Image
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream
from reportlab.pdfgen.canvas import Canvas

from docgen.writers.pdf_streams import deflate

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_COLOURS = {0: "L", 2: "RGB"}  # PNG colour types PDF can take as they are
_COLOUR_SPACES = {"L": ("DeviceGray", 1), "RGB": ("DeviceRGB", 3)}


@dataclass(frozen=True)
class PdfImage:
    """An image as a PDF image object holds it: 8 bits per component, zlib-compressed
    ``data``, as PNG-predicted scanlines (``png_predicted``) or plain pixels."""

    name: str
    width: int
    height: int
    mode: str  # L or RGB
    data: bytes
    png_predicted: bool


def png_as_is(png: bytes, name: str) -> PdfImage | None:
    """``png``'s own image data when PDF can take it as it is (8-bit greyscale or RGB, not
    interlaced, no transparency chunk), else None. The file must have been decoded once
    (Pillow's ``load``) to know that it is whole: this only walks its chunks."""
    if not png.startswith(_SIGNATURE):
        return None
    position, header, idat = len(_SIGNATURE), None, []
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"tRNS":
            return None
        elif kind == b"IEND":
            break
    if header is None or not idat:
        return None
    width, height, depth, colour_type, _compression, _filter, interlace = header
    if depth != 8 or interlace or colour_type not in _PNG_COLOURS:
        return None
    return PdfImage(name, width, height, _PNG_COLOURS[colour_type], b"".join(idat), png_predicted=True)


def opaque_pixels(image: Image.Image, name: str) -> PdfImage | None:
    """The decoded pixels of an opaque greyscale, RGB or palette ``image``, deflated; None
    for other modes (transparency, 16 bits, CMYK), which reportlab's own path handles."""
    if image.mode == "P" and "transparency" not in image.info:
        image = image.convert("RGB")
    if image.mode not in _COLOUR_SPACES:
        return None
    return PdfImage(name, image.width, image.height, image.mode, deflate(image.tobytes()), png_predicted=False)


class _ImageObject(PDFObject):
    """The PDF image XObject of a :class:`PdfImage`."""

    def __init__(self, image: PdfImage) -> None:
        self.image = image

    def format(self, document: object) -> bytes:
        image = self.image
        colour_space, components = _COLOUR_SPACES[image.mode]
        entries = {"Type": PDFName("XObject"), "Subtype": PDFName("Image"), "Width": image.width,
                   "Height": image.height, "BitsPerComponent": 8, "ColorSpace": PDFName(colour_space),
                   "Filter": PDFArray([PDFName("FlateDecode")])}
        if image.png_predicted:
            entries["DecodeParms"] = PDFArray([PDFDictionary(
                {"Predictor": 15, "Colors": components, "BitsPerComponent": 8, "Columns": image.width})])
        # a stream whose /Filter is set is written as it is, not compressed again
        return PDFStream(PDFDictionary(entries), image.data).format(document)


def draw_image(canvas: Canvas, image: PdfImage) -> None:
    """Draw ``image`` into the unit square of the canvas's current coordinates (as
    ``drawImage(image, 0, 0, 1, 1)`` does)."""
    document = canvas._doc
    registered = document.getXObjectName(image.name)
    if registered not in document.idToObject:
        image_object = _ImageObject(image)
        document.Reference(image_object, registered)
        document.addForm(image.name, image_object)
    canvas._code.append(f"/{registered} Do")
    canvas._formsinuse.append(image.name)
