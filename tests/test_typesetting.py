"""Pages a law office would send: keep-with-next, Latin text in a Latin face, every character
drawn or named, a refused font without Chinese (issue 17; issue 16 item 10)."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.assess import assess
from docgen.render import available_kinds
from docgen.casefile import load_case
from docgen.cli import cli
from docgen.compose import compose
from docgen.tree import Document, Heading, Paragraph
from docgen.writers import fonts as font_module
from docgen.writers.fonts import FontError, find_fonts
from docgen.writers.pdf import write_pdf

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.parent for p in (ROOT / "examples").glob("*/case.yaml"))
LIBERATION = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
needs_tools = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdffonts")),
                                 reason="poppler-utils is not installed")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split("\f")


def kept_texts(document: Document) -> list[str]:
    """The headings and lead-ins of a document, which must never end a page."""
    return [squeeze(b.text) for b in document.blocks
            if isinstance(b, Heading) or (isinstance(b, Paragraph) and b.style == "lead")]


def stranded(document: Document, pages: list[str]) -> list[tuple[int, str]]:
    """(page, line) for each page but the last whose last line of text ends a heading or a lead-in."""
    kept = kept_texts(document)
    furniture = {squeeze(document.header)}
    found = []
    for number, page in enumerate(pages[:-1], 1):
        lines = [squeeze(line) for line in page.splitlines() if squeeze(line)]
        lines = [line for line in lines if line not in furniture and not re.fullmatch(r"第\d+页共\d+页|Page\d+of\d+", line)]
        if lines and any(text.endswith(lines[-1]) and len(lines[-1]) > 1 for text in kept):
            found.append((number, lines[-1]))
    return found


@needs_tools
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_page_of_an_example_ends_on_a_heading_or_a_lead_in(example, tmp_path):
    case = load_case(example / "case.yaml").case
    assessment = assess(case)
    for kind in available_kinds(case, assessment):
        if kind == "evidence-index":
            continue  # built with its exhibits below
        document = compose(case, assessment, kind)
        pages = page_texts(write_pdf(document), tmp_path)[:-1]
        assert kept_texts(document)
        assert not stranded(document, pages), kind


@needs_tools
def test_no_page_ends_on_a_lead_in_whatever_the_line_breaks(tmp_path):
    """The seller's name lengthened character by character moves every line break after it."""
    case = load_case(EXAMPLES[[p.name for p in EXAMPLES].index("tantan-taobao")] / "case.yaml").case
    pages_seen = 0
    for extra in range(0, 40, 3):
        variant = dataclasses.replace(case, merchant=dataclasses.replace(case.merchant, name=case.merchant.name + "商" * extra))
        assessment = assess(variant)
        for kind in ("refund-request", "complaint-12315", "platform-dispute", "chargeback"):
            document = compose(variant, assessment, kind)
            pages = page_texts(write_pdf(document), tmp_path)[:-1]
            pages_seen += len(pages)
            assert not stranded(document, pages), (kind, extra)
    assert pages_seen > 40


@needs_tools
@pytest.mark.skipif(not os.path.isfile(LIBERATION), reason="fonts-liberation2 is not installed")
def test_an_english_letter_embeds_a_latin_face_and_a_chinese_one(tmp_path):
    case = load_case(ROOT / "examples" / "tantan-taobao-en" / "case.yaml").case
    document = compose(case, assess(case), "refund-request")
    (tmp_path / "en.pdf").write_bytes(write_pdf(document))
    rows = subprocess.run(["pdffonts", str(tmp_path / "en.pdf")], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)
    embedded = {row.split()[0].split("+")[-1] for row in rows}
    assert "LiberationSerif" in embedded
    assert any(name.startswith((find_fonts().body, find_fonts().heading)) for name in embedded)
    text = page_texts(write_pdf(document), tmp_path)[0]
    assert "Page 1 of" in text and "“" in text


def test_english_paragraphs_are_blocks_and_chinese_ones_are_indented():
    from docgen.writers.pdf import _styles

    fonts = find_fonts()
    assert _styles(fonts, True)["body"].firstLineIndent == 0 and _styles(fonts, True)["body"].spaceAfter > 4
    assert _styles(fonts, False)["body"].firstLineIndent == 24


@pytest.fixture
def odd_characters(edited_case):
    return edited_case(("what: 卖家通过旺旺发送兑换码",
                        'what: "卖家😀通过旺旺发送兑换码，昵称𪚥，한국어，مرحبا，零宽\\u200b字符"'))


@needs_tools
def test_emoji_and_extension_b_are_drawn_or_named(odd_characters, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(odd_characters), "-o", str(tmp_path / "out"), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    pdf = next((tmp_path / "out").glob("*/refund-request.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for char, code in (("😀", "U+1F600"), ("𪚥", "U+2A6A5"), ("한", "U+D55C")):
        assert char in text or f"timeline[0].what: {code}" in result.output, char
    assert "\u200b" not in text  # invisible characters are left out, not boxes
    assert "U+0645" in result.output and "timeline[0].what" in result.output  # Arabic: named, not drawn backwards


def test_a_docgen_font_without_chinese_is_refused(monkeypatch, tmp_path):
    latin = next((p for p in (LIBERATION, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") if os.path.isfile(p)), None)
    if latin is None:
        pytest.skip("no Latin-only TrueType font installed")
    font_module._find_fonts.cache_clear()
    monkeypatch.setenv("DOCGEN_FONT", latin)
    try:
        with pytest.raises(FontError, match="no Chinese characters"):
            find_fonts()
    finally:
        font_module._find_fonts.cache_clear()


def test_a_docgen_font_without_chinese_exits_2(example_dir, tmp_path):
    latin = LIBERATION if os.path.isfile(LIBERATION) else None
    if latin is None:
        pytest.skip("fonts-liberation2 is not installed")
    run = subprocess.run([str(Path(os.sys.executable).parent / "docgen"), "build", str(example_dir / "case.yaml"),
                          "-o", str(tmp_path / "out")], capture_output=True, text=True,
                         env={**os.environ, "DOCGEN_FONT": latin, "LANGUAGE": "en_US"}, timeout=120)
    assert run.returncode == 2 and "no Chinese characters" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out" / "tantan-2026-001").exists()


def test_without_system_fonts_the_pip_installed_font_is_embedded(monkeypatch):
    """The search sees no system font at all: the font that came with pip serves."""
    monkeypatch.delenv("DOCGEN_FONT", raising=False)
    monkeypatch.setattr(font_module, "_fontconfig_files", lambda: ())
    monkeypatch.setattr(font_module, "KNOWN_FILES", ())
    font_module._find_fonts.cache_clear()
    try:
        found = find_fonts()
    finally:
        font_module._find_fonts.cache_clear()
    assert found.embedded and found.warning is None
    assert "WenQuanYi Micro Hei" in found.description and font_module.draws_chinese(found.body)


@needs_tools
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root and unshare")
def test_with_the_system_font_folders_hidden_the_example_embeds_a_chinese_font(tmp_path):
    """As on a fresh machine: a tmpfs over /usr/share/fonts in a private mount namespace."""
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs none /usr/share/fonts"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode:
        pytest.skip(f"no private mount namespace here: {probe.stderr.strip()}")
    docgen = Path(os.sys.executable).parent / "docgen"
    script = (f"mount -t tmpfs none /usr/share/fonts && test -z \"$(ls /usr/share/fonts)\" && "
              f"{docgen} build {ROOT / 'examples' / 'tantan-taobao' / 'case.yaml'} "
              f"{ROOT / 'examples' / 'tantan-taobao-en' / 'case.yaml'} -o {tmp_path / 'out'} --format pdf")
    run = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "DOCGEN_FONT"})
    assert run.returncode == 0, run.stderr
    pdf = tmp_path / "out" / "tantan-2026-001" / "refund-request.pdf"
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)
    assert any("MicroHei" in row for row in rows)
    assert "STSong" not in run.stderr and "no embeddable" not in run.stderr  # no fallback to the built-in font
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "退款申请书" in text
    english = tmp_path / "out" / "tantan-2026-001-en" / "refund-request.pdf"
    rows = subprocess.run(["pdffonts", str(english)], capture_output=True, text=True, check=True).stdout
    assert "BitstreamVeraSans" in rows and "MicroHei" in rows  # Latin in reportlab's own Vera


def test_the_docx_of_an_english_letter_has_block_paragraphs_and_a_chinese_one_indents():
    import io

    import docx

    from docgen.writers.docx import write_docx

    for example, indented in (("tantan-taobao-en", False), ("tantan-taobao", True)):
        case = load_case(ROOT / "examples" / example / "case.yaml").case
        rendered = docx.Document(io.BytesIO(write_docx(compose(case, assess(case), "refund-request"))))
        for name in ("Body Text", "Lead", "Heading 1"):
            style = rendered.styles[name].paragraph_format
            indent = style.first_line_indent if style.first_line_indent is not None else \
                rendered.styles["Body Text"].paragraph_format.first_line_indent
            assert bool(indent) == indented, (example, name)
        assert rendered.styles["Lead"].paragraph_format.keep_with_next
        leads = [p for p in rendered.paragraphs if p.style.name == "Lead"]
        assert leads and all(p.text.endswith(("：", ":")) for p in leads)


def test_an_autotable_sizes_columns_from_content_and_a_table_keeps_its_proportions():
    from docgen.tree import Table
    from docgen.writers.pdf import FRAME_WIDTH, _styles, _table
    from docgen.writers.pdf_text import TextBlock

    styles = _styles(find_fonts(), False)
    rows = (("证据1", "支付宝交易记录", "支付宝App账单详情页，2026年10月28日", "证明申请人于2026年10月28日支付168元" * 3, "2"),)
    narrow = (1.0, 1.0, 1.0, 10.0, 1.0)  # proportions that would break the date and the title
    for fit in (False, True):
        table = _table(Table(("序号", "证据名称", "证据来源", "证明目的", "页码"), rows, narrow, fit),
                       styles, TextBlock)
        widths = table._colWidths
        assert sum(widths) == pytest.approx(FRAME_WIDTH)
        if not fit:
            assert widths == pytest.approx([FRAME_WIDTH * w / sum(narrow) for w in narrow])
            continue
        cells = table._cellvalues[1]
        for column in (0, 1, 4):  # short cells on one line
            assert len(cells[column].lines(widths[column] - 12)) == 1, cells[column].text
        source = [cells[2].text[line.start:line.end] for line in cells[2].lines(widths[2] - 12)]
        assert any("2026年10月28日" in line for line in source), source


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_paragraph_that_introduces_a_quotation_or_a_list_is_marked_as_a_lead_in(example):
    """Keep-with-next comes from the tree (#lead), not from guessing at the text: a template
    that introduces a quotation or a list with "…：" must say so."""
    from docgen.tree import ItemList, Quote, Table

    case = load_case(example / "case.yaml").case
    assessment = assess(case)
    for kind in available_kinds(case, assessment):
        if kind == "evidence-index":
            continue
        blocks = compose(case, assessment, kind).blocks
        for block, following in zip(blocks, blocks[1:]):
            if isinstance(block, Paragraph) and block.style in ("body", "lead") \
                    and isinstance(following, (Quote, ItemList, Table)) and block.text.endswith(("：", ":")):
                assert block.style == "lead", (kind, block.text)
