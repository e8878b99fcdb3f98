"""The evidence index (证据目录) and the exhibits bundled behind it in the PDF."""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import DictionaryObject, NameObject, TextStringObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from docgen.writers.bundle import bundle_context
from docgen.cli import cli

from conftest import EXAMPLE

CASE_ID = "tantan-2026-001"
STAMP = re.compile(r"证据(\d+)\s*第(\d+)页\s*共(\d+)页")
COLUMNS = ("序号", "证据名称", "证据来源", "证明目的", "页码")
MORE_EVIDENCE = """
  - title: 店铺公告页面
    file: evidence/notice.pdf
    kind: listing
    source: 淘宝店铺首页
    date: 2026-11-21
    proves: 证明店铺公告未写明虚拟商品不退款
  - title: 探探客服回复
    kind: other
    source: 探探App客服
    proves: 证明兑换码已被他人使用
  - title: 兑换页面照片
    file: evidence/photo.jpg
    kind: code
    proves: 证明兑换页面的提示
"""


def build(case: Path, out: Path, *options: str):
    return CliRunner().invoke(cli, ["build", str(case), "-o", str(out), *options])


def two_page_pdf(path: Path) -> None:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for page in (1, 2):
        canvas.setFont("Helvetica", 28)
        canvas.drawString(72, 700, f"NOTICE PAGE {page}")
        canvas.showPage()
    canvas.save()


def turned_photo(path: Path) -> None:
    """A blue JPEG stored on its side (EXIF orientation 6), red at the stored top left."""
    image = Image.new("RGB", (400, 240), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 120, 80))
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(path, quality=95, exif=exif)


def make_case(folder: Path, evidence: str = MORE_EVIDENCE) -> Path:
    shutil.copytree(EXAMPLE, folder)
    two_page_pdf(folder / "evidence" / "notice.pdf")
    turned_photo(folder / "evidence" / "photo.jpg")
    case = folder / "case.yaml"
    case.write_text(case.read_text(encoding="utf-8") + evidence, encoding="utf-8")
    return case


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> Path:
    return make_case(tmp_path_factory.mktemp("bundle") / "case")


@pytest.fixture(scope="module")
def built(case: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build(case, out)
    assert result.exit_code == 0, result.output
    return out / CASE_ID


def page_texts(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def stamps(pdf: Path) -> dict[int, tuple[int, int, int]]:
    """Bundle page number → (evidence number, x, y) of the stamp on that page."""
    found = {}
    for number, text in enumerate(page_texts(pdf), 1):
        match = STAMP.search(text)
        if match:
            found[number] = tuple(int(group) for group in match.groups())
    return found


def index_rows(docx_path: Path) -> list[list[str]]:
    (table,) = docx.Document(str(docx_path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_index_table_has_a_row_per_evidence_in_case_order(built):
    rows = index_rows(built / "evidence-index.docx")
    assert tuple(rows[0]) == COLUMNS
    assert [row[0] for row in rows[1:]] == [f"证据{n}" for n in range(1, 8)]
    assert rows[1][1:4] == ["支付宝交易记录截图", "支付宝App账单详情页，2026年11月20日",
                            "证明申请人于2026年11月20日支付168元"]
    assert rows[5][1:4] == ["店铺公告页面", "淘宝店铺首页，2026年11月21日", "证明店铺公告未写明虚拟商品不退款"]
    assert rows[6][1:4] == ["探探客服回复", "探探App客服", "证明兑换码已被他人使用"]
    pdf = re.sub(r"\s+", "", page_texts(built / "evidence-index.pdf")[0])
    for row in rows:
        for cell in row:
            assert re.sub(r"\s+", "", cell) in pdf


def test_the_index_identifies_the_case_and_is_signed(built):
    text = "\n".join(p.text for p in docx.Document(str(built / "evidence-index.docx")).paragraphs)
    for expected in ["证据目录", "提交人：张三", "卖家：速达卡盟", "订单号：3712456789012345678", "2026年11月24日",
                     "sha256sum", "certutil -hashfile"]:
        assert expected in text


def test_the_full_sha256_of_each_attached_file_is_listed(built, case):
    files = {1: "payment.png", 2: "order.png", 3: "code-invalid.png", 4: "chat.png", 5: "notice.pdf", 7: "photo.jpg"}
    paragraphs = [p.text for p in docx.Document(str(built / "evidence-index.docx")).paragraphs]
    pdf = page_texts(built / "evidence-index.pdf")[0]
    for number, name in files.items():
        digest = hashlib.sha256((case.parent / "evidence" / name).read_bytes()).hexdigest()
        assert f"证据{number}　{digest}" in paragraphs
        assert re.search(rf"证据{number}\s+{digest}\n", pdf), digest  # all 64 hex digits on one line
    assert not any(p.startswith("证据6　") for p in paragraphs)  # no file, no digest
    assert index_rows(built / "evidence-index.docx")[6][4] == "可提供"


def test_no_date_in_the_index_breaks(built):
    rows = index_rows(built / "evidence-index.docx")
    dates = [date for row in rows[1:] for date in re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", row[2])]
    pdf = page_texts(built / "evidence-index.pdf")[0]
    assert len(dates) >= 5
    for date in dates:
        assert date in pdf  # whole on one line: a break would put a line end inside it


def test_the_bundle_is_the_index_then_every_exhibit_page(built):
    texts = page_texts(built / "evidence-index.pdf")
    found = stamps(built / "evidence-index.pdf")
    index_pages = min(found) - 1
    assert index_pages >= 1 and not any(STAMP.search(text) for text in texts[:index_pages])
    # four screenshots, the two-page notice, the photo; the entry without a file has no pages
    assert len(texts) == index_pages + 4 + 2 + 1
    assert list(found.values()) == [(1, 1, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1), (5, 1, 2), (5, 2, 2), (7, 1, 1)]
    assert all(f"第 {n} 页 共 {len(texts)} 页" in text for n, text in enumerate(texts, 1))


def test_the_page_column_says_where_each_exhibit_is(built):
    rows = index_rows(built / "evidence-index.docx")
    found = stamps(built / "evidence-index.pdf")
    for row in rows[1:]:
        number = int(row[0].removeprefix("证据"))
        pages = sorted(page for page, (evidence, _, _) in found.items() if evidence == number)
        expected = "可提供" if not pages else f"{pages[0]}" if len(pages) == 1 else f"{pages[0]}–{pages[-1]}"
        assert row[4] == expected


def text_at(page) -> dict[str, tuple[float, float]]:
    """Each piece of text on ``page`` and where it starts, in points from the bottom left."""
    found = {}

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            x, y = tm[4], tm[5]
            found[text.strip()] = (x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


def test_a_pdf_exhibit_s_pages_sit_inside_the_margins_under_their_stamps(built):
    reader = PdfReader(built / "evidence-index.pdf")
    notice = [page for page, (evidence, _, _) in stamps(built / "evidence-index.pdf").items() if evidence == 5]
    for number, page in enumerate(notice, 1):
        sheet = reader.pages[page - 1]
        assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == pytest.approx(A4, abs=0.01)
        found = text_at(sheet)
        # the stamp is drawn in font runs (证据 | 5 | 第 | 1 | 页 共 | 2 | 页): its first run starts it
        _, stamp_y = found["证据"]
        text_x, text_y = found[f"NOTICE PAGE {number}"]
        assert 25 * mm < text_y < stamp_y - 10 and 28 * mm <= text_x < A4[0] - 26 * mm


def test_a_turned_pdf_page_gets_a_landscape_sheet(tmp_path):
    case = make_case(tmp_path / "case")
    notice = tmp_path / "case" / "evidence" / "notice.pdf"
    writer = PdfWriter(clone_from=notice)
    writer.pages[1].rotate(90)
    writer.write(notice)
    assert build(case, tmp_path / "out", "--format", "pdf").exit_code == 0
    bundle = tmp_path / "out" / CASE_ID / "evidence-index.pdf"
    (page,) = [page for page, found in stamps(bundle).items() if found == (5, 2, 2)]
    sheet = PdfReader(bundle).pages[page - 1]
    assert sheet.mediabox.width > sheet.mediabox.height and sheet.rotation == 0
    assert "NOTICE PAGE 2" in sheet.extract_text()


def test_page_numbers_follow_the_index_and_digests_are_kept_whole():
    files = [SimpleNamespace(exhibit=SimpleNamespace(number=number), pages=(None,) * count,
                             sha256=f"{number:064x}") for number, count in ((1, 1), (2, 3), (4, 1))]
    context = bundle_context(files, index_pages=2)
    assert context["exhibit_pages"] == {1: "3", 2: "4–6", 4: "7"}
    assert context["exhibit_sha256"][2] == f"{2:064x}"


def where_red(image: Image.Image) -> tuple[float, float, float, float]:
    """The red block's box as fractions of the coloured (red or blue) picture's box."""
    def box(test) -> tuple[int, int, int, int]:
        points = [(x, y) for y in range(image.height) for x in range(image.width)
                  if test(*image.getpixel((x, y)))]
        xs, ys = [x for x, _ in points], [y for _, y in points]
        return min(xs), min(ys), max(xs) + 1, max(ys) + 1

    left, top, right, bottom = box(lambda r, g, b: (r > 180 or b > 180) and g < 90)
    red = box(lambda r, g, b: r > 180 and g < 90 and b < 90)
    return ((red[0] - left) / (right - left), (red[1] - top) / (bottom - top),
            (red[2] - left) / (right - left), (red[3] - top) / (bottom - top))


@pytest.mark.clients
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_exif_orientation_is_honoured(built, case, tmp_path):
    """The photo shows as Pillow's ImageOps.exif_transpose turns it."""
    page = max(stamps(built / "evidence-index.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),
                    str(built / "evidence-index.pdf"), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    upright = ImageOps.exif_transpose(Image.open(case.parent / "evidence" / "photo.jpg")).convert("RGB")
    assert upright.size == (240, 400)
    expected = where_red(upright)
    assert where_red(Image.open(png).convert("RGB")) == pytest.approx(expected, abs=0.05)


def test_links_and_scripts_in_a_pdf_exhibit_are_dropped_but_what_annotations_show_is_kept(tmp_path):
    folder = tmp_path / "case"
    case = make_case(folder)
    writer = PdfWriter(clone_from=folder / "evidence" / "notice.pdf")
    note = FreeText(text="盖章", rect=(100, 500, 200, 550))
    note[NameObject("/AP")] = DictionaryObject()
    note[NameObject("/A")] = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                               NameObject("/JS"): TextStringObject("app.alert(1)")})
    writer.add_annotation(0, note)
    writer.write(folder / "evidence" / "notice.pdf")
    assert build(case, tmp_path / "out", "--format", "pdf").exit_code == 0
    data = (tmp_path / "out" / CASE_ID / "evidence-index.pdf").read_bytes()
    annotations = [a.get_object() for page in PdfReader(io.BytesIO(data)).pages for a in page.get("/Annots") or ()]
    assert [a["/Subtype"] for a in annotations] == ["/FreeText"]
    assert "/A" not in annotations[0] and b"JavaScript" not in data


def more_chats(numbers: range) -> str:
    """Evidence entries for more chat screenshots, one per number, with long texts."""
    return "".join(f"""
  - title: 补充聊天记录截图{n}
    file: evidence/chat.png
    kind: chat
    source: 淘宝旺旺
    proves: 证明卖家在第{n}次沟通中仍拒绝退款，并称虚拟商品一经发出概不退款，申请人多次要求无果
""" for n in numbers)


def test_an_index_longer_than_a_page_numbers_the_exhibits_after_it(tmp_path):
    case = make_case(tmp_path / "case", more_chats(range(5, 25)))
    assert build(case, tmp_path / "out", "--format", "pdf", "--format", "docx").exit_code == 0
    built = tmp_path / "out" / CASE_ID
    found = stamps(built / "evidence-index.pdf")
    assert min(found) > 2  # the index took more than one page
    rows = index_rows(built / "evidence-index.docx")
    assert [row[4] for row in rows[1:]] == [str(page) for page in sorted(found)]


LABEL = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")


def text_per_page(pdf: Path) -> list[str]:
    """Each page's text as pdftotext reads it (pypdf where pdftotext is not installed)."""
    if shutil.which("pdftotext") is None:
        return page_texts(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def test_every_page_of_a_bundle_mixing_images_and_pdfs_has_its_stamp_and_label(tmp_path):
    """Images, a two-page PDF with a turned page, more images, behind an index of two pages."""
    case = make_case(tmp_path / "case", MORE_EVIDENCE + more_chats(range(8, 20)))
    notice_pdf = tmp_path / "case" / "evidence" / "notice.pdf"
    writer = PdfWriter(clone_from=notice_pdf)
    writer.pages[1].rotate(90)
    writer.write(notice_pdf)
    assert build(case, tmp_path / "out", "--format", "pdf", "--format", "docx").exit_code == 0
    bundle = tmp_path / "out" / CASE_ID / "evidence-index.pdf"

    texts = text_per_page(bundle)
    sheets = [(1, 1, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1), (5, 1, 2), (5, 2, 2), (7, 1, 1)]
    sheets += [(n, 1, 1) for n in range(8, 20)]
    index_pages = len(texts) - len(sheets)
    assert index_pages >= 2
    for number, text in enumerate(texts, 1):
        found = [tuple(int(group) for group in match) for match in STAMP.findall(text)]
        assert found == ([] if number <= index_pages else [sheets[number - index_pages - 1]]), number
        labels = [tuple(int(group) for group in match) for match in LABEL.findall(STAMP.sub("", text))]
        assert labels == [(number, len(texts))], number
    notice = [index_pages + 5, index_pages + 6]
    read_by_pypdf = page_texts(bundle)
    assert all(f"NOTICE PAGE {n}" in read_by_pypdf[page - 1] for n, page in enumerate(notice, 1))
    sizes = [(page.mediabox.width, page.mediabox.height) for page in PdfReader(bundle).pages]
    assert [number for number, (width, height) in enumerate(sizes, 1) if width > height] == notice[1:]

    pages_of: dict[int, list[int]] = {}
    for page, (evidence, _, _) in enumerate(sheets, index_pages + 1):
        pages_of.setdefault(evidence, []).append(page)
    for row in index_rows(tmp_path / "out" / CASE_ID / "evidence-index.docx")[1:]:
        pages = pages_of.get(int(row[0].removeprefix("证据")), [])
        assert row[4] == ("可提供" if not pages else f"{pages[0]}" if len(pages) == 1 else f"{pages[0]}–{pages[-1]}")


def test_a_docx_only_build_lists_the_same_pages(case, built, tmp_path):
    assert build(case, tmp_path, "--format", "docx").exit_code == 0
    assert index_rows(tmp_path / CASE_ID / "evidence-index.docx") == index_rows(built / "evidence-index.docx")


def test_the_manifest_lists_the_index(built):
    manifest = (built / "manifest.json").read_text(encoding="utf-8")
    assert '"evidence-index.docx"' in manifest and '"evidence-index.pdf"' in manifest


def test_a_rebuild_gives_the_same_bytes(case, built, tmp_path):
    assert build(case, tmp_path).exit_code == 0
    for name in ("evidence-index.pdf", "evidence-index.docx"):
        assert (tmp_path / CASE_ID / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.clients
@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_errors(built):
    result = subprocess.run(["qpdf", "--check", str(built / "evidence-index.pdf")], check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def fonts_of(pdf: Path) -> dict[str, bool]:
    """Font name → embedded, as pdffonts lists them."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0]: line.split()[-5] == "yes" for line in listing.splitlines()[2:]}


@pytest.mark.clients
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) is not installed")
def test_every_font_docgen_adds_is_embedded(built, case):
    """Only fonts an exhibit brings along unembedded (the notice's Helvetica) stay so."""
    fonts = fonts_of(built / "evidence-index.pdf")
    exhibit_fonts = fonts_of(case.parent / "evidence" / "notice.pdf")
    assert any(fonts.values())
    assert {name for name, embedded in fonts.items() if not embedded} <= set(exhibit_fonts)


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def encrypt(path: Path) -> None:
    writer = PdfWriter(clone_from=path)
    writer.encrypt("secret")
    writer.write(path)


def giant(path: Path) -> None:
    Image.new("1", (10_000, 8_000)).save(path)


def not_a_png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def damage_a_stream(path: Path) -> None:
    """Zeros inside the first page's compressed content: pypdf would read it as empty."""
    data = bytearray(path.read_bytes())
    start = data.index(b"stream") + 10
    data[start:start + 50] = bytes(50)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage, name, number, reason", [
    (encrypt, "notice.pdf", 5, "encrypted"),
    (truncate, "notice.pdf", 5, "truncated"),
    (damage_a_stream, "notice.pdf", 5, "damaged"),
    (truncate, "chat.png", 4, "cannot be read"),
    (truncate, "photo.jpg", 7, "cannot be read"),
    (not_a_png, "order.png", 2, "not a PNG or JPEG"),
    (giant, "payment.png", 1, "million pixels"),
])
def test_a_file_that_cannot_be_bundled_is_refused_and_nothing_is_written(tmp_path, damage, name, number, reason):
    case = make_case(tmp_path / "case")
    damage(tmp_path / "case" / "evidence" / name)
    result = build(case, tmp_path / "out")
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert f"证据{number}" in message and f"evidence[{number - 1}].file" in message and name in message, message
    assert reason in message and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_opaque_screenshot_needs_no_soft_mask_but_transparency_is_kept(tmp_path):
    """Phone screenshots often carry an alpha channel that is opaque everywhere: it is dropped
    (no soft mask to make); a real transparency keeps its mask."""
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLE, folder)
    opaque = Image.new("RGBA", (300, 500), (30, 160, 60, 255))
    opaque.save(folder / "evidence" / "chat.png")
    translucent = opaque.copy()
    translucent.paste((0, 0, 0, 0), (0, 0, 100, 100))
    translucent.save(folder / "evidence" / "order.png")
    result = build(folder / "case.yaml", tmp_path / "out")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "out" / CASE_ID / "evidence-index.pdf")
    images = {}
    for page in reader.pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image" and (xobject["/Width"], xobject["/Height"]) == (300, 500):
                images[xobject.indirect_reference.idnum] = xobject
    masked = [x for x in images.values() if "/SMask" in x]
    assert len(images) == 2 and len(masked) == 1
    assert all(x["/ColorSpace"] == "/DeviceRGB" for x in images.values())


def test_a_jpeg_goes_into_the_bundle_byte_for_byte(built, case):
    """No re-encoding, no loss: the photo's JPEG stream is the file itself."""
    photo = (case.parent / "evidence" / "photo.jpg").read_bytes()
    streams = []
    for page in PdfReader(built / "evidence-index.pdf").pages:
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Filter") in ("/DCTDecode", ["/DCTDecode"]):
                streams.append(xobject._data)
    assert streams == [photo]
