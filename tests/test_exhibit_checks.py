"""`check` and `build` read evidence files with one function and agree on each (issue 16 items 8, 10, 12)."""
from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from docgen import evidence_files
from docgen.cli import cli

from conftest import ROOT

AES_PDF = ROOT / "tests" / "data" / "aes-256-encrypted.pdf"
"""qpdf --encrypt '' owner 256 -- plain.pdf aes-256-encrypted.pdf: opens without a password, AES-256."""


def pdf_of(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for number in range(pages):
        canvas.drawString(100, 700, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 400), (200, 10, 10)).save(out, "JPEG", quality=90)
    return out.getvalue()[: len(out.getvalue()) // 2]


def with_order_file(edited_case, name: str, data: bytes):
    path = edited_case(("file: evidence/order.png", f"file: evidence/{name}"))
    (path.parent / "evidence" / name).write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, reason", [
    ("order.jpg", truncated_jpeg(), "image file is truncated"),
    ("order.pdf", AES_PDF.read_bytes(), "the PDF is encrypted"),
])
def test_check_and_build_refuse_the_same_file_with_the_same_words(edited_case, tmp_path, name, data, reason):
    path = with_order_file(edited_case, name, data)
    checked = CliRunner().invoke(cli, ["check", str(path)])
    built = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "out")])
    assert checked.exit_code == built.exit_code == 2, (checked.output, built.output)  # check was: 0, valid
    expected = f"case.yaml:72: evidence[1].file: {name} (证据2): "
    assert expected in checked.output and reason in checked.output
    assert checked.output.strip() in built.output
    assert "cryptography" not in built.output  # was: "cryptography>=3.1 is required for AES algorithm"
    assert not (tmp_path / "out").exists()


def test_check_json_lists_an_unbundlable_file_as_an_error(edited_case):
    path = with_order_file(edited_case, "order.pdf", AES_PDF.read_bytes())
    result = CliRunner().invoke(cli, ["check", "--json", str(path)])
    assert result.exit_code == 2
    assert '"path": "evidence[1].file"' in result.output and '"line": 72' in result.output


def test_a_16_bit_greyscale_png_keeps_its_tones_in_the_bundle(edited_case, tmp_path):
    ramp = Image.new("I;16", (256, 64))
    ramp.putdata([x * 257 for _ in range(64) for x in range(256)])  # 0 … 65535, left to right
    out = io.BytesIO()
    ramp.save(out, "PNG")
    path = with_order_file(edited_case, "ramp.png", out.getvalue())
    result = CliRunner().invoke(cli, ["evidence-index", str(path), "-o", str(tmp_path / "index.pdf")])
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "index.pdf")
    drawn = [image.image for page in reader.pages for image in page.images if image.image.size == (256, 64)]
    assert len(drawn) == 1
    row = [drawn[0].convert("L").getpixel((x, 10)) for x in (0, 64, 128, 192, 255)]
    assert row == sorted(row) and row[0] <= 2 and row[-1] >= 253 and 120 <= row[2] <= 135  # was: all 255


def test_the_pages_of_all_exhibits_together_are_limited(edited_case, monkeypatch):
    """Four exhibits: three images and a PDF; at most seven pages in all (here; 600 shipped)."""
    monkeypatch.setattr(evidence_files, "MAX_BUNDLE_PAGES", 7)
    path = with_order_file(edited_case, "order.pdf", pdf_of(4))
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
    path = with_order_file(edited_case, "order.pdf", pdf_of(5))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "evidence[3].file: chat.png (证据4): the exhibits up to this one have 8 pages, more than the 7" \
           in result.output


def test_an_unbundlable_file_is_refused_in_the_users_language(edited_case):
    path = with_order_file(edited_case, "long.pdf", pdf_of(201))
    result = CliRunner().invoke(cli, ["--locale", "zh_CN", "check", str(path)])
    assert result.exit_code == 2, result.output
    assert "该 PDF 有 201 页" in result.output and "the PDF has" not in result.output


def test_a_jpeg_with_broken_exif_is_read_upright_without_a_python_warning(edited_case, recwarn):
    """Pillow's "Corrupt EXIF data" UserWarning reached the terminal, with a path into Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "blue").save(out, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff" + bytes(20))
    path = with_order_file(edited_case, "broken-exif.jpg", out.getvalue())
    assert CliRunner().invoke(cli, ["check", str(path)]).exit_code == 0
    result = CliRunner().invoke(cli, ["evidence-index", str(path), "-o", str(path.parent / "index.pdf")])
    assert result.exit_code == 0, result.output
    assert not [w for w in recwarn if "EXIF" in str(w.message)]
    [page] = evidence_files.read_exhibit(evidence_files.Exhibit(2, "x", path.parent / "evidence" / "broken-exif.jpg",
                                                                "image")).pages
    assert (page.width, page.height, page.orientation) == (200, 100, 1)
