"""The DOCX writer: words, styles, page set-up, safety and byte-stable output."""
from __future__ import annotations

import dataclasses
import importlib.util
import io
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docxtpl import DocxTemplate
from lxml import etree

from docgen.tree import (
    Document,
    Heading,
    ItemList,
    ListItem,
    PageLabel,
    Paragraph,
    Quote,
    Signature,
    Table,
)
from docgen.writers import docx as writer
from docgen.writers.docx import write_docx
from docgen.writers.docx_package import normalise_zip

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "letters" / "base.docx"
HOSTILE = ("AT&T 公司", "{{ 7*7 }}", "<w:p>", "]]>", "{_{ a }_}", "{% if x %}", "{#p c #}")
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
STATUTE = "《消费者权益保护法》第二十四条\n经营者提供的商品不符合质量要求的……\n没有国家规定的……"


def make_document(**changes: object) -> Document:
    """A complaint letter with every kind of block."""
    document = Document(
        kind="refund",
        locale="zh_CN",
        title="退款申请书",
        header="退款申请 · 订单号 E2024050112345",
        page_label=PageLabel("第 ", " 页 共 ", " 页"),
        blocks=(
            Paragraph("致：某某网络科技有限公司", "plain"),
            Heading("一、事实与经过"),
            Paragraph("申请人于2024年5月1日购买年度会员。", "body"),
            Quote(STATUTE),
            ItemList((ListItem("1.", "订单截图"), ListItem("（二）", "聊天记录"))),
            Table(("日期", "事项", "金额"), (("5月1日", "购买", "398.00"), ("5月2日", "投诉", "0")),
                  (1, 3, 1)),
            Paragraph("2024年5月20日", "right"),
            Signature(("申请人：张三", "联系电话：13800000000")),
            Paragraph("注：本函一式两份。", "note"),
        ),
        author="张三",
        date=date(2024, 5, 20),
        identifier="urn:docgen:case-1:refund",
        subject="退款申请",
    )
    return dataclasses.replace(document, **changes)


def render(document: Document) -> docx.document.Document:
    return docx.Document(io.BytesIO(write_docx(document, BASE)))


def styled_paragraphs(result: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in result.paragraphs if p.text]


def test_every_block_in_order_with_its_style() -> None:
    result = render(make_document())
    assert styled_paragraphs(result) == [
        ("Title", "退款申请书"),
        ("Plain", "致：某某网络科技有限公司"),
        ("Heading 1", "一、事实与经过"),
        ("Body Text", "申请人于2024年5月1日购买年度会员。"),
        ("Quote", STATUTE),
        ("List", "1.\t订单截图"),
        ("List", "（二）\t聊天记录"),
        ("Right", "2024年5月20日"),
        ("Signature", "申请人：张三"),
        ("Signature", "联系电话：13800000000"),
        ("Note", "注：本函一式两份。"),
    ]


def test_the_table_sits_between_the_list_and_what_follows() -> None:
    body = render(make_document()).element.body
    kinds = [etree.QName(child).localname for child in body]
    texts = ["".join(child.itertext()) for child in body]
    table = kinds.index("tbl")
    assert "聊天记录" in texts[table - 1]
    assert "2024年5月20日" in next(t for t in texts[table + 1:] if t)


def test_table_cells_in_order_with_relative_widths() -> None:
    table = render(make_document()).tables[0]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["日期", "事项", "金额"],
        ["5月1日", "购买", "398.00"],
        ["5月2日", "投诉", "0"],
    ]
    assert [c.paragraphs[0].style.name for c in table.rows[0].cells] == ["Table Heading"] * 3
    assert table.rows[1].cells[0].paragraphs[0].style.name == "Table Text"
    assert table.style.name == "Table Grid"
    column_widths = [column.width for column in table.columns]
    assert column_widths[1] == pytest.approx(3 * column_widths[0], abs=Mm(0.1))
    assert sum(column_widths) == pytest.approx(Mm(210 - 28 - 26), abs=Mm(0.1))


def test_tables_of_any_width_and_even_default_widths() -> None:
    columns = tuple(f"列{i}" for i in range(7))
    wide = Table(columns, (tuple(f"格{i}" for i in range(7)),), ())
    table = render(make_document(blocks=(wide,))).tables[0]
    assert [cell.text for cell in table.rows[1].cells] == [f"格{i}" for i in range(7)]
    assert len({column.width for column in list(table.columns)[:-1]}) == 1


def test_user_text_prints_exactly_as_typed() -> None:
    text = " ".join(HOSTILE)
    document = make_document(
        title=text,
        header=text,
        blocks=(
            Heading(text),
            Paragraph(text, "body"),
            Quote(text),
            ItemList((ListItem(text, text),)),
            Table((text,), ((text,),), (1,)),
            Signature((text,)),
        ),
    )
    result = render(document)
    texts = [p.text for p in result.paragraphs if p.text]
    assert texts == [text, text, text, text, f"{text}\t{text}", text]
    assert [cell.text for row in result.tables[0].rows for cell in row.cells] == [text, text]
    assert result.sections[0].header.paragraphs[0].text == text
    assert result.core_properties.title == text


def test_quote_lines_become_line_breaks() -> None:
    quote = next(p for p in render(make_document()).paragraphs if p.style.name == "Quote")
    assert len(quote._p.findall(".//w:br", W)) == 2
    assert quote.text == STATUTE


def test_characters_xml_forbids_are_dropped_with_a_warning() -> None:
    document = make_document(blocks=(Paragraph("退款\x0c申请\x07书\ud800\r\n第二行", "body"),))
    with pytest.warns(UserWarning, match=r"blocks\[0\]\.text: dropped 3"):
        result = render(document)
    assert result.paragraphs[1].text == "退款申请书\n第二行"


def test_malformed_blocks_are_refused() -> None:
    with pytest.raises(ValueError, match="paragraph style"):
        write_docx(make_document(blocks=(Paragraph("x", "bold"),)), BASE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        write_docx(make_document(blocks=(Table(("a", "b", "c"), (("1", "2"),), ()),)), BASE)
    with pytest.raises(TypeError, match="cannot lay out"):
        write_docx(make_document(blocks=("plain string",)), BASE)  # type: ignore[arg-type]


def test_header_text_and_footer_page_fields() -> None:
    section = render(make_document()).sections[0]
    assert section.header.paragraphs[0].text == "退款申请 · 订单号 E2024050112345"
    assert section.header.paragraphs[0].style.name == "Header"
    footer = section.footer.paragraphs[0]
    codes = [code.text.strip() for code in footer._p.findall(".//w:instrText", W)]
    assert codes == ["PAGE", "NUMPAGES"]
    assert footer.text == "第 1 页 共 1 页"
    assert footer.alignment is None and footer.style.paragraph_format.alignment == (
        WD_ALIGN_PARAGRAPH.CENTER
    )


def test_a4_portrait_with_letter_margins() -> None:
    section = render(make_document()).sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin,
             section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes] == [210, 297, 25, 25, 28, 26]


def test_every_style_declares_east_asian_and_latin_fonts() -> None:
    styles = render(make_document()).styles.element
    for style in styles.findall("w:style", W):
        fonts = style.find("w:rPr/w:rFonts", W)
        name = style.find("w:name", W).get(qn("w:val"))
        assert fonts is not None, name
        for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            assert fonts.get(qn(attribute)), (name, attribute)
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", W)
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_house_style_faces_indents_and_keeping() -> None:
    styles = render(make_document()).styles
    # the faces the PDF embeds on Debian: Liberation Serif / AR PL UMing CN, WenQuanYi Zen Hei
    assert (_east_asian(styles["Body Text"]), styles["Body Text"].font.name) == ("AR PL UMing CN", "Liberation Serif")
    assert _east_asian(styles["Heading 1"]) == "WenQuanYi Zen Hei"
    assert _east_asian(styles["Title"]) == "WenQuanYi Zen Hei"
    assert styles["Lead"].paragraph_format.keep_with_next and styles["Heading 1"].paragraph_format.keep_with_next
    assert styles["Code"].font.name == "Liberation Mono"
    indent = styles["Body Text"].element.pPr.ind
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert styles["Plain"].paragraph_format.first_line_indent is None
    quote = styles["Quote"].paragraph_format
    assert quote.left_indent == quote.right_indent > 0
    assert styles["List"].paragraph_format.first_line_indent < 0
    signature = styles["Signature"]
    assert signature.paragraph_format.keep_with_next
    assert signature.base_style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def _east_asian(style: docx.styles.style.BaseStyle) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_core_properties_come_from_the_document() -> None:
    props = render(make_document()).core_properties
    assert (props.title, props.author, props.subject) == ("退款申请书", "张三", "退款申请")
    assert props.identifier == "urn:docgen:case-1:refund"
    assert props.created == props.modified == datetime(2024, 5, 20, tzinfo=timezone.utc)
    assert (props.last_modified_by, props.revision, props.language) == ("张三", 1, "zh-CN")


def test_same_document_same_bytes() -> None:
    document = make_document()
    assert write_docx(document, BASE) == write_docx(document, BASE)


def test_same_bytes_in_another_process() -> None:
    code = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]];"
        "from test_docx import make_document, BASE;"
        "from docgen.writers.docx import write_docx;"
        "sys.stdout.buffer.write(write_docx(make_document(), BASE))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(Path(__file__).parent)],
        capture_output=True, check=True, env=env, timeout=60,
    ).stdout
    assert other == write_docx(make_document(), BASE)


def test_zip_times_follow_the_document_date() -> None:
    first = write_docx(make_document(), BASE)
    later = write_docx(make_document(date=date(2025, 1, 2)), BASE)
    assert _zip_times(first) == {(2024, 5, 20, 0, 0, 0)}
    assert _zip_times(later) == {(2025, 1, 2, 0, 0, 0)}


def _zip_times(data: bytes) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml"
        return {info.date_time for info in package.infolist()}


def test_compile_cache_reuses_templates() -> None:
    environment = writer.jinja_environment()
    source = "<w:t>{{ x }}</w:t>"
    assert environment.from_string(source) is environment.from_string(source)
    with pytest.raises(Exception, match="undefined"):
        environment.from_string(source).render()


def test_letters_rendered_in_a_row_keep_their_own_text() -> None:
    first = make_document(title="甲方函", header="甲方页眉", blocks=(Paragraph("只属于甲", "body"),))
    second = make_document(title="乙方函", header="乙方页眉",
                           blocks=(Paragraph("只属于乙", "body"), Table(("乙列",), (("乙格",),), ())))
    first_bytes = write_docx(first, BASE)
    result = docx.Document(io.BytesIO(write_docx(second, BASE)))
    assert [p.text for p in result.paragraphs if p.text] == ["乙方函", "只属于乙"]
    assert [cell.text for row in result.tables[0].rows for cell in row.cells] == ["乙列", "乙格"]
    assert result.sections[0].header.paragraphs[0].text == "乙方页眉"
    assert write_docx(first, BASE) == first_bytes


def test_the_shortcuts_make_the_bytes_docxtpl_and_python_docx_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = make_document()
    fast = write_docx(document, BASE)
    monkeypatch.setattr(writer, "CachingDocxTemplate",
                        lambda source: DocxTemplate(io.BytesIO(source)))
    monkeypatch.setattr(writer, "package_zip", _saved_and_normalised)
    assert write_docx(document, BASE) == fast


def _saved_and_normalised(package: docx.opc.package.OpcPackage, day: date) -> bytes:
    """python-docx's own save, then the timestamps and order made stable."""
    buffer = io.BytesIO()
    package.save(buffer)
    return normalise_zip(buffer.getvalue(), day)


def test_base_template_is_lean_and_generated_by_the_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    data = BASE.read_bytes()
    assert len(data) < 20_000
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        styles = package.read("word/styles.xml")
    assert not {"word/theme/theme1.xml", "word/numbering.xml",
                "word/stylesWithEffects.xml"} & names
    assert b"latentStyles" not in styles
    spec = importlib.util.spec_from_file_location("make_base_template",
                                                  ROOT / "tools" / "make_base_template.py")
    tool = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, tool)
    spec.loader.exec_module(tool)
    assert _entries(tool.build()) == _entries(data), (
        "letters/base.docx is stale: run python tools/make_base_template.py"
    )


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    """The package's entries in order, uncompressed (zlib builds may deflate differently)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(name, package.read(name)) for name in package.namelist()]


def test_default_template_is_the_packaged_letters_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = []
    monkeypatch.setattr(writer, "files", lambda package: asked.append(package) or BASE.parent)
    assert writer.default_template() == BASE
    assert write_docx(make_document()) == write_docx(make_document(), BASE)
    assert asked == ["docgen.letters", "docgen.letters"]


@pytest.mark.skipif(importlib.util.find_spec("docgen.letters") is None,
                    reason="after install only: docgen.letters maps to letters/ via setup.cfg")
def test_installed_default_template() -> None:
    assert writer.default_template().is_file()
    assert write_docx(make_document()) == write_docx(make_document(), BASE)


@pytest.mark.clients
def test_libreoffice_opens_and_paginates(tmp_path: Path) -> None:
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not soffice or not pdftotext:
        pytest.skip("needs LibreOffice (soffice) and poppler-utils (pdftotext) on PATH")
    source = tmp_path / "letter.docx"
    source.write_bytes(write_docx(make_document(), BASE))
    subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    text = subprocess.run([pdftotext, "-raw", str(tmp_path / "letter.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    compact = "".join(text.split())  # LibreOffice spaces Latin from Han: "2024 年"
    for words in ("退款申请书", "一、事实与经过", "申请人于2024年5月1日购买年度会员。", "聊天记录",
                  "398.00", "申请人：张三", "退款申请·订单号E2024050112345"):
        assert words in compact
    assert "第 1 页 共 1 页" in text
