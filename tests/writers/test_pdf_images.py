"""Images go into the bundle's PDF as they look: PNG data passed through, opaque pixels
deflated once, transparency by reportlab's soft mask; each drawn where it belongs."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from docgen.tree import Document, Exhibit, PageLabel
from docgen.evidence_files import ImagePage, read_exhibit
from docgen.writers.exhibits import draw_sheets, pdf_source
from docgen.writers.fonts import find_fonts
from docgen.writers.pdf_images import PdfImage, png_as_is
from docgen.writers.pdf_streams import docgen_streams

RED, BLUE, GREEN = (210, 30, 30), (30, 30, 210), (30, 170, 30)


def picture(mode: str) -> Image.Image:
    """Red left half, blue right half, a green square at the top left; in ``mode``."""
    image = Image.new("RGB", (300, 200), BLUE)
    image.paste(RED, (0, 0, 150, 200))
    image.paste(GREEN, (20, 20, 80, 80))
    if mode == "RGBA-transparent":
        image = image.convert("RGBA")
        image.putpixel((299, 199), (0, 0, 0, 0))
        return image
    return image.convert(mode) if mode != "P" else image.quantize(8)


VARIANTS = {  # name -> (Pillow mode, save options, how it reaches the PDF)
    "rgb": ("RGB", {}, "as is"),
    "grey": ("L", {}, "as is"),
    "rgba-opaque": ("RGBA", {}, "pixels"),
    "palette": ("P", {}, "pixels"),
    "transparent": ("RGBA-transparent", {}, "reportlab"),
}


def bundle_page(path: Path, out: Path) -> tuple[Image.Image, ImagePage]:
    """``path`` drawn as exhibit 1 on a sheet of its own, rendered at 50 dpi."""
    exhibit = Exhibit(1, "截图", path, "image")
    file = read_exhibit(exhibit)
    document = Document("evidence-index", "zh_CN", "证据目录", "证据目录", PageLabel("第 ", " 页 共 ", " 页"), (),
                        "张三", date(2026, 10, 20), "test-images", exhibit_stamp="证据{number} 第{page}页 共{pages}页")
    pdf = io.BytesIO()
    canvas = Canvas(pdf, invariant=1)
    with docgen_streams():
        draw_sheets(canvas, [file], document, find_fonts(), 1, 1)
        canvas.save()
    (out / "page.pdf").write_bytes(pdf.getvalue())
    subprocess.run(["qpdf", "--check", str(out / "page.pdf")], check=True, capture_output=True)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(out / "page.pdf"), str(out / "page")], check=True)
    (png,) = out.glob("page*.png")
    return Image.open(png).convert("RGB"), file.pages[0]


def centre_of(image: Image.Image, colour: tuple[int, int, int], tolerance: int) -> tuple[float, float]:
    """The centre of the pixels of ``colour`` (each channel within ``tolerance``)."""
    points = [(x, y) for y in range(0, image.height, 2) for x in range(0, image.width, 2)
              if all(abs(a - b) < tolerance for a, b in zip(image.getpixel((x, y)), colour))]
    assert len(points) > 20, f"{colour} is not on the page"
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


@pytest.mark.clients
@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("qpdf")), reason="needs pdftoppm and qpdf")
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_kind_of_png_shows_as_it_looks(tmp_path, variant):
    mode, options, route = VARIANTS[variant]
    path = tmp_path / "shot.png"
    picture(mode).save(path, **options)
    page, drawn = bundle_page(path, tmp_path)
    expected = {"as is": True, "pixels": False}.get(route)
    source = pdf_source(drawn)
    if expected is None:
        assert not isinstance(source, PdfImage)  # reportlab makes the soft mask
    else:
        assert isinstance(source, PdfImage) and source.png_predicted is expected
    colours = [Image.new("RGB", (1, 1), colour).convert("L" if mode == "L" else "RGB").convert("RGB").getpixel((0, 0))
               for colour in (RED, BLUE, GREEN)]
    red, blue, green = (centre_of(page, colour, 12 if mode == "L" else 40) for colour in colours)
    assert red[0] < blue[0] and abs(red[1] - blue[1]) < 10  # side by side, red on the left
    assert green[0] < red[0] and green[1] < red[1]  # the green square at the top left


def test_a_png_passed_through_keeps_the_file_s_own_compressed_data(tmp_path):
    path = tmp_path / "shot.png"
    picture("RGB").save(path)
    image = pdf_source(read_exhibit(Exhibit(1, "截图", path, "image")).pages[0])
    assert isinstance(image, PdfImage) and image.png_predicted
    assert image.data in path.read_bytes()  # the IDAT data, byte for byte


def test_an_interlaced_or_16_bit_png_is_not_passed_through(tmp_path):
    path = tmp_path / "shot.png"
    picture("RGB").save(path)
    data = bytearray(path.read_bytes())
    assert png_as_is(bytes(data), "x") is not None
    interlaced = data.copy()
    interlaced[28] = 1  # IHDR's interlace method (Pillow cannot write Adam7 itself)
    assert png_as_is(bytes(interlaced), "x") is None
    sixteen_bits = data.copy()
    sixteen_bits[24] = 16  # IHDR's bit depth
    assert png_as_is(bytes(sixteen_bits), "x") is None
