"""The small-claims complaint (民事起诉状（买卖合同纠纷）), read back from what docgen writes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import cli
from docgen.court import complaint_form, labels_in_order

from conftest import ROOT
from readback import docx_text, pdf_text, squeeze

FRAUD = ROOT / "examples" / "wechat-private"
ID_NUMBER = "440304198809231525"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every document of the fraud example (三倍赔偿 claimed, 128 yuan paid)."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", str(FRAUD / "case.yaml"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "wechat-km-2026-003"


@pytest.fixture(scope="module")
def complaint(built) -> str:
    return docx_text(built / "small-claims.docx")


def cell_after(text: str, label: str, next_label: str) -> str:
    """The text between a label and the next one (the docx's table cells, read in order)."""
    flat = squeeze(text)
    start = flat.index(squeeze(label)) + len(squeeze(label))
    return flat[start:flat.index(squeeze(next_label), start)]


def docx_all_text(path: Path) -> str:
    """Paragraphs and table cells of a .docx, in document order of tables after paragraphs."""
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def cells(built) -> str:
    import docx

    document = docx.Document(str(built / "small-claims.docx"))
    seen: list[str] = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if not seen or seen[-1] != cell.text:
                    seen.append(cell.text)
    return "\n".join(seen)


def test_build_makes_the_complaint_when_the_total_is_above_500(built):
    assert (built / "small-claims.docx").is_file() and (built / "small-claims.pdf").is_file()


def test_claims_hold_the_refund_and_the_compensation_with_the_total(cells):
    claims = cell_after(cells, "9. 其他请求", "10. 标的总额")
    assert "增加赔偿500.00元（人民币伍佰元整）" in claims
    assert "价款128.00元×3＝384.00元，不足五百元，按五百元计" in claims
    total = cell_after(cells, "10. 标的总额", "约定管辖和诉前保全")
    assert total.startswith("628.00元（人民币陆佰贰拾捌元整）")
    assert "退还货款128.00元＋增加赔偿500.00元" in total
    loss = cell_after(cells, "3. 赔偿因卖方违约所受的损失", "4. 是否对标的物的瑕疵承担责任")
    assert "128.00元" in loss and "不履行√" in loss
    assert "是√" in cell_after(cells, "8. 是否主张诉讼费用", "9. 其他请求")
    assert "判令解除合同√" in cell_after(cells, "5. 要求继续履行或者解除合同", "6. 是否主张担保权利")


def test_every_fact_element_is_filled_or_says_none(cells):
    labels = labels_in_order(complaint_form(), "facts")
    for label, following in zip(labels, [*labels[1:], "对纠纷解决方式的意愿"]):
        answer = cell_after(cells, label, following)
        assert answer, label
    assert cell_after(cells, labels[15], labels[16]) == "无"  # 16: no guarantee in the case
    assert "星语卡盟" in cell_after(cells, labels[1], labels[2])
    basis = cell_after(cells, labels[22], labels[23])
    assert "《中华人民共和国消费者权益保护法》" in basis and "第五十五条第一款" in basis
    evidence = cell_after(cells, labels[24], "对纠纷解决方式的意愿")
    assert all(f"证据{n}：" in evidence for n in range(1, 5))


def test_labels_of_claims_and_facts_appear_in_the_forms_order(complaint, built):
    form = complaint_form()
    expected = [form["sections"]["claims"], *labels_in_order(form, "claims"), form["sections"]["jurisdiction"],
                *labels_in_order(form, "jurisdiction"), form["sections"]["facts"], *labels_in_order(form, "facts")]
    for text in (docx_all_text(built / "small-claims.docx"), pdf_text(built / "small-claims.pdf")):
        flat, position = squeeze(text), 0
        for label in expected:
            found = flat.find(squeeze(label), position)
            assert found >= 0, label
            position = found + len(squeeze(label))


def test_the_court_follows_the_consumers_address(built):
    text = squeeze(pdf_text(built / "small-claims.pdf"))
    assert "即深圳市南山区人民法院起诉" in text
    assert "人民法院在线服务" in text
    assert "案件受理费为¥50.00" in text and "减半交纳，即¥25.00" in text and "预估" in text


def test_the_id_number_is_in_the_complaint_and_in_no_other_document(built):
    documents = sorted(built.glob("*.docx")) + sorted(built.glob("*.pdf"))
    assert len(documents) >= 10
    for path in documents:
        text = squeeze(docx_all_text(path) if path.suffix == ".docx" else pdf_text(path))
        assert (ID_NUMBER in text) == (path.stem == "small-claims"), path.name
        if path.stem == "small-claims":
            assert "广东省深圳市南山区粤海街道科苑路15号2栋1202室" in text


def test_sex_and_birth_come_from_the_id_number(cells):
    assert "女√" in squeeze(cells) and "1988年9月23日" in squeeze(cells)


def test_an_english_case_gets_the_complaint_in_chinese(tmp_path):
    target = tmp_path / "c.pdf"
    result = CliRunner().invoke(cli, ["small-claims", str(ROOT / "examples" / "tantan-taobao-en" / "case.yaml"),
                                      "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = squeeze(pdf_text(target))
    assert "民事起诉状（买卖合同纠纷）" in text and "标的总额" in text
    assert "原告住所地（Room1202" in text  # an English address names no district: the court is described


def test_a_small_claim_with_a_reachable_seller_is_made_only_on_request(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples" / "tantan-taobao" / "case.yaml"), "-o",
                                      str(tmp_path), "-q", "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert not list(tmp_path.rglob("small-claims.*"))
    target = tmp_path / "c.txt"
    result = CliRunner().invoke(cli, ["small-claims", str(ROOT / "examples" / "tantan-taobao" / "case.yaml"),
                                      "-o", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert "杭州市西湖区人民法院" in text and "杭州互联网法院" in text  # a Taobao order from Hangzhou


def test_an_unreachable_seller_gets_the_complaint_from_build(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples" / "pdd-visa" / "case.yaml"), "-o",
                                      str(tmp_path), "-q", "--format", "docx"])
    assert result.exit_code == 0, result.output
    text = docx_all_text(tmp_path / "pdd-visa-2026-002" / "small-claims.docx")
    assert "南京市鼓楼区人民法院" in text and "91320106MA1XK8T2R0" in text


@pytest.mark.parametrize("example, applies, reason", [
    ("wechat-private", True, "above"),
    ("pdd-visa", True, "cannot be reached"),
    ("tantan-taobao", False, "on request"),
])
def test_check_says_when_the_complaint_applies_and_why(example, applies, reason):
    result = CliRunner().invoke(cli, ["--locale", "en_US", "check", str(ROOT / "examples" / example / "case.yaml")])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "small-claims" in line)
    assert line.split()[0] == ("yes" if applies else "no") and reason in line


def test_a_cell_longer_than_a_page_goes_on_over_the_pages(tmp_path):
    """The form's account of the facts can outgrow a page; reportlab moves table rows whole."""
    from datetime import date

    from docgen.tree import Document, PageLabel, Table
    from docgen.writers.pdf import write_pdf

    long = "头" + "长" * 6000 + "尾"
    table = Table(("事实与理由", ""), (("", long), ("1. 合同的签订情况", "无书面合同")), (1, 2.8))
    document = Document("small-claims", "zh_CN", "T", "H", PageLabel("第", "页共", "页"), (table,), "a",
                        date(2026, 11, 26), "id")
    (tmp_path / "t.pdf").write_bytes(write_pdf(document))
    text = squeeze(pdf_text(tmp_path / "t.pdf"))
    assert text.count("长") == 6000 and "头" in text and "尾" in text and "无书面合同" in text
    assert text.count("第4页共") == 1  # four pages and more


def test_in_word_only_a_row_with_a_long_cell_may_break_across_pages():
    from datetime import date
    from io import BytesIO

    import docx
    from docx.oxml.ns import qn

    from docgen.tree import Document, PageLabel, Table
    from docgen.writers.docx import SPLITTABLE_CELL, write_docx

    table = Table(("事实与理由", ""), (("", "长" * (SPLITTABLE_CELL + 1)), ("1.", "无书面合同")), (1, 2.8))
    document = Document("small-claims", "zh_CN", "T", "H", PageLabel("第", "页共", "页"), (table,), "a",
                        date(2026, 11, 26), "id")
    rows = docx.Document(BytesIO(write_docx(document))).tables[0].rows
    keeps_whole = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows[1:]]
    assert keeps_whole == [False, True]


def test_the_complaint_is_byte_for_byte_repeatable(built, tmp_path):
    result = CliRunner().invoke(cli, ["build", str(FRAUD / "case.yaml"), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    for fmt in ("docx", "pdf"):
        again = tmp_path / "wechat-km-2026-003" / f"small-claims.{fmt}"
        assert again.read_bytes() == (built / f"small-claims.{fmt}").read_bytes(), fmt


def test_check_names_the_internet_court_of_a_platform_buyers_city(edited_case):
    case = edited_case(("  - undisclosed_no_refund", "  - undisclosed_no_refund\n  - merchant_unreachable"))
    result = CliRunner().invoke(cli, ["--locale", "en_US", "check", str(case)])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "small-claims" in line)
    assert line.split()[0] == "yes" and "杭州市西湖区人民法院" in line and "杭州互联网法院 may hear" in line
