"""The PDF writer: words, pages, Chinese line breaking, fonts, determinism."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as StockParagraph
from reportlab.platypus import SimpleDocTemplate

from docgen import tree
from docgen.tree import Document, Heading, ItemList, ListItem, PageLabel, Quote, Signature, Table
from docgen.writers import pdf
from docgen.writers.cjk_breaking import CANNOT_END, CANNOT_START, break_lines
from docgen.writers.fonts import find_fonts
from docgen.writers.pdf import FRAME_WIDTH, write_pdf
from docgen.writers.pdf_text import TextBlock

PUNCTUATED = (
    "经营者应当真实、全面地提供信息（包括价格、数量、期限等），不得作虚假宣传；消费者有权要求退款！"
    "为什么？因为《消费者权益保护法》第二十条规定：“经营者不得欺诈。”……此外，“七日无理由退货”"
    "的规则（见《网络购买商品七日无理由退货暂行办法》）亦适用，「特此说明」。"
) * 2
ORDER = "E202403151234567890123456"


def tool(name: str) -> pytest.MarkDecorator:
    """Skip unless the command-line tool ``name`` is installed."""
    return pytest.mark.skipif(shutil.which(name) is None, reason=f"{name} is not installed")


def document(*blocks: tree.Block, header: str = "张三 · 投诉函", keep_whole: tuple[str, ...] = ()) -> Document:
    return Document(
        kind="complaint",
        locale="zh_CN",
        title="关于退还会员费用的投诉函",
        header=header,
        page_label=PageLabel("第 ", " 页 共 ", " 页"),
        blocks=blocks,
        author="张三",
        date=date(2024, 3, 20),
        identifier="test-0001",
        subject="退款投诉",
        keep_whole=keep_whole,
    )


def every_block() -> Document:
    return document(
        tree.Paragraph("某某科技有限公司客户服务部：", "plain"),
        Heading("一、事实与经过"),
        tree.Paragraph("本人通过 AT&T 公司购买服务，备注写着 <li4> x 以及 {{ 7*7 }}，订单号 " + ORDER + "。"),
        Quote("《消费者权益保护法》第二十条：\n经营者不得作虚假宣传。\n第五十五条　经营者有欺诈行为的，应当增加赔偿。"),
        ItemList((ListItem("1.", "全额退还会员费；"), ListItem("（二）", "书面答复。"))),
        Table(("序号", "证据名称"), (("1", "支付凭证截图"), ("2", "客服聊天记录")), (1, 4)),
        tree.Paragraph("2024年3月20日", "right"),
        tree.Paragraph("附：截图两张", "note"),
        Signature(("投诉人：张三", "联系电话：138****0000")),
        keep_whole=(ORDER,),
    )


def block_words(block: tree.Block) -> list[str]:
    """The texts of a block, each printed in one piece (perhaps over several lines)."""
    match block:
        case Table(columns=columns, rows=rows):
            return [*columns, *(cell for row in rows for cell in row)]
        case ItemList(items=items):
            return [part for item in items for part in (item.label, item.text)]
        case Signature(lines=lines):
            return list(lines)
    return block.text.split("\n")


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def layout_lines(data: bytes) -> list[list[str]]:
    """``pdftotext -layout``: the non-empty lines of each page, stripped."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.decode().split("\f")[:-1]]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def violations(lines: list[str]) -> list[str]:
    """Lines that start with a closing mark or end with an opening one."""
    return [line for line in lines if line[0] in CANNOT_START or line[-1] in CANNOT_END]


@pytest.fixture(scope="module")
def fonts():
    return find_fonts()


def test_the_words_of_every_block_are_printed_as_typed(fonts):
    text = "\n".join(pages_text(write_pdf(every_block(), fonts)))
    for expected in ("AT&T 公司", "<li4> x", "{{ 7*7 }}", ORDER, "138****0000"):
        assert expected in text
    for block in every_block().blocks:
        for words in block_words(block):
            assert squeeze(words) in squeeze(text), words


@tool("pdftotext")
def test_quote_lines_stay_lines(fonts):
    lines = layout_lines(write_pdf(every_block(), fonts))[0]
    assert "经营者不得作虚假宣传。" in lines
    assert any(line.startswith("第五十五条") for line in lines)


@pytest.fixture(scope="module")
def two_pages(fonts) -> bytes:
    body = "本人于二〇二四年三月十五日购买年度会员服务，实际内容与宣传严重不符，现要求退款。" * 3
    return write_pdf(document(Heading("一、事实"), *[tree.Paragraph(body)] * 12), fonts)


def test_two_pages_numbered_with_header_on_a4(two_pages):
    reader = pypdf.PdfReader(io.BytesIO(two_pages))
    assert len(reader.pages) == 2
    for number, page in enumerate(reader.pages, 1):
        assert [round(float(v), 2) for v in page.mediabox] == [0, 0, 595.28, 841.89]
        text = page.extract_text()
        assert f"第 {number} 页 共 2 页" in text
        assert "张三 · 投诉函" in text
    assert reader.metadata.title == "关于退还会员费用的投诉函"
    assert reader.metadata.author == "张三"
    assert reader.metadata.subject == "退款投诉"
    assert reader.metadata["/CreationDate"] == "D:20240320000000"


def test_same_document_same_bytes(fonts):
    assert write_pdf(every_block(), fonts) == write_pdf(every_block(), fonts)


def test_same_bytes_in_a_fresh_process(fonts, tmp_path):
    script = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import test_pdf as t\n"
        "sys.stdout.buffer.write(t.write_pdf(t.every_block()))\n"
    )
    fresh = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, check=True).stdout
    assert fresh == write_pdf(every_block())


@tool("qpdf")
def test_qpdf_check_passes(two_pages, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(two_pages)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@tool("pdffonts")
def test_fonts_are_embedded(fonts, two_pages, tmp_path):
    if not fonts.embedded:
        pytest.skip(f"no Chinese TrueType font installed: {fonts.warning}")
    path = tmp_path / "letter.pdf"
    path.write_bytes(two_pages)
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, emb = row.split()[0], row.split()[-5]
        assert emb == "yes", row
        assert name.split("+")[-1].startswith((fonts.body, fonts.heading, fonts.latin or fonts.body)), row


def test_table_header_repeats_and_signature_stays_together(fonts):
    rows = tuple((str(i), f"支付凭证截图{i}") for i in range(1, 50))
    table = write_pdf(document(Table(("序号", "证据名称"), rows, (1, 4))), fonts)
    pages = pages_text(table)
    assert len(pages) == 2 and all("证据名称" in page for page in pages)
    signature = Signature(("投诉人：张三", "联系电话：138****0000", "二〇二四年三月二十日"))
    for filler in range(22, 32):  # one of these puts the signature across the page break
        pages = pages_text(write_pdf(document(*[tree.Paragraph("事实。", "plain")] * filler, signature), fonts))
        assert sum(all(line in page for line in signature.lines) for page in pages) == 1, filler


def test_unknown_block_and_ragged_table_are_refused(fonts):
    with pytest.raises(TypeError, match="str"):
        write_pdf(document("不是块"), fonts)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2 columns"):
        write_pdf(document(Table(("a", "b"), (("1",),), (1, 1))), fonts)


# --- Chinese line breaking -------------------------------------------------------------


def paragraph_lines(paragraph, width: float = FRAME_WIDTH) -> list[str]:
    """The lines ``paragraph`` is laid out in: ours, or reportlab's (kind 0: one string a line)."""
    if isinstance(paragraph, TextBlock):
        return [paragraph.text[line.start : line.end].rstrip() for line in paragraph.lines(width)]
    paragraph.wrap(width, 10**6)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return ["".join(words).rstrip() for _, words in lines]
    return ["".join(word.text for word in line.words).rstrip() for line in lines]


@pytest.fixture(scope="module")
def body_style(fonts) -> ParagraphStyle:
    return ParagraphStyle("body", fontName=fonts.body, fontSize=12, leading=20, wordWrap="CJK")


def offsets(count: int) -> list[str]:
    """Texts that shift everything after them by 0..count-1 characters."""
    return ["甲" * k for k in range(count)]


def test_breaks_follow_chinese_rules_where_reportlab_alone_does_not(body_style):
    ours = stock = 0
    for prefix in offsets(30):
        lines = paragraph_lines(TextBlock(prefix + PUNCTUATED, body_style))
        assert "".join(lines) == prefix + PUNCTUATED
        ours += len(violations(lines))
        stock += len(violations(paragraph_lines(StockParagraph(prefix + PUNCTUATED, body_style))))
    assert ours == 0
    assert stock > 0, "the check would not notice reportlab's own breaking"


@pytest.mark.parametrize("width", range(6, 40))  # "诈。”……" (5) cannot be split at all
def test_break_lines_rules_at_every_width(width):
    text = PUNCTUATED + "联系 zhang.san@example.com 或 AT&T——谢谢。"
    lines = [text[line.start : line.end] for line in break_lines(text, [1.0] * len(text), [width])]
    assert "".join(lines) == text
    assert violations([line.rstrip() for line in lines]) == []
    assert "—|—" not in "|".join(lines)
    if width >= len("zhang.san@example.com"):
        assert any("zhang.san@example.com" in line for line in lines)


def test_hard_breaks_and_hanging_mark():
    assert [(line.start, line.end) for line in break_lines("甲乙\n丙", [1, 1, 0, 1], [10])] == [(0, 3), (3, 4)]
    # "12345）" does not fit in 5: the mark hangs rather than split the number
    (first,) = break_lines("12345）", [1.0] * 6, [5])
    assert (first.end, first.width) == (6, 5)


def test_keep_whole_numbers_stay_on_one_line_where_reportlab_alone_splits(body_style):
    split_by_stock = 0
    for prefix in offsets(40):
        text = prefix + "订单号" + ORDER + "，请核实。" + "此致敬礼" * 10
        assert any(ORDER in line for line in paragraph_lines(TextBlock(text, body_style, keep_whole=[ORDER])))
        split_by_stock += not any(ORDER in line for line in paragraph_lines(StockParagraph(text, body_style)))
    assert split_by_stock > 0, "no offset would have split the number"


def test_keep_whole_is_what_keeps_a_spaced_number_whole(body_style):
    number = "4200 0012 3420 2403 1512 3456"
    split_without = 0
    for prefix in offsets(40):
        text = prefix + "交易单号" + number + "，请核实。" + "此致敬礼" * 10
        assert any(number in line for line in paragraph_lines(TextBlock(text, body_style, keep_whole=[number])))
        split_without += not any(number in line for line in paragraph_lines(TextBlock(text, body_style)))
    assert split_without > 0


def test_split_over_a_page_keeps_the_text_and_keep_whole(body_style):
    text = PUNCTUATED * 2
    paragraph = TextBlock(text, body_style, keep_whole=[ORDER])
    paragraph.wrap(FRAME_WIDTH, 10**6)
    first, rest = paragraph.split(FRAME_WIDTH, 100)
    assert len(paragraph_lines(first)) == 100 // body_style.leading
    assert paragraph_lines(first) + paragraph_lines(rest) == paragraph_lines(paragraph)
    assert "".join(paragraph_lines(first) + paragraph_lines(rest)) == text
    assert rest.keep_whole == (ORDER,)
    assert paragraph.split(FRAME_WIDTH, 2 * body_style.leading - 1) == []  # never one orphaned line


def render_stock(text: str, style: ParagraphStyle) -> bytes:
    """``text`` laid out by reportlab's own Paragraph in the writer's frame."""
    out = io.BytesIO()
    margins = {"leftMargin": pdf.LEFT, "rightMargin": pdf.RIGHT, "topMargin": pdf.TOP, "bottomMargin": pdf.BOTTOM}
    SimpleDocTemplate(out, **margins, invariant=1).build([StockParagraph(text, style)])
    return out.getvalue()


@tool("pdftotext")
def test_extracted_lines_follow_chinese_rules(fonts, body_style):
    stock = 0
    for prefix in offsets(30)[::6]:
        text = prefix + PUNCTUATED
        page = layout_lines(write_pdf(document(tree.Paragraph(text, "plain"), header=""), fonts))[0]
        assert page[0] == squeeze(document().title) and page[-1] == "第 1 页 共 1 页"
        lines = page[1:-1]
        assert len(lines) > 5 and squeeze("".join(lines)) == squeeze(text)  # these are the lines
        assert violations(lines) == []
        stock_lines = layout_lines(render_stock(text, body_style))[0]
        assert squeeze("".join(stock_lines)) == squeeze(text)
        stock += len(violations(stock_lines))
    assert stock > 0, "the check would not notice reportlab's own breaking"


@tool("pdftotext")
@pytest.mark.parametrize("shift", [0, 13, 22, 26, 30])
def test_extracted_order_number_is_never_split(fonts, shift):
    text = "甲" * shift + "订单号" + ORDER + "。" + "此致敬礼" * 30
    data = write_pdf(document(tree.Paragraph(text, "plain"), keep_whole=(ORDER,)), fonts)
    assert any(ORDER in line for line in layout_lines(data)[0])
