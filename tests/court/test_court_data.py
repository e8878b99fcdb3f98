"""The package copies of the 2025 form and the court rules, checked against the research
texts (../shared/court, when it is beside the repository), and the rules' numbers."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.court import complaint_form, court_articles, estimate_fee, labels_in_order, venue_from_address
from docgen.court.rules import court_rules

from conftest import ROOT

SHARED_COURT = ROOT.parent / "shared" / "court"
needs_shared = pytest.mark.skipif(not SHARED_COURT.is_dir(), reason=f"the research texts are not at {SHARED_COURT}")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def verbatim_part(name_start: str, markers: bool = False) -> str:
    """The verbatim part of a research file (from its VERBATIM line), whitespace removed (the
    PDF conversion put stray spaces where lines wrapped, the file's notes say) and, unless
    ``markers``, the extraction's table marks (│ ■ ▶ 【 】)."""
    path = next(SHARED_COURT.glob(f"{name_start}*.txt"))
    text = path.read_text(encoding="utf-8")
    text = squeeze(text[text.index("VERBATIM"):])
    return text if markers else re.sub("[│■▶【】]", "", text)


def form_words(form: dict) -> list[str]:
    """Every printed string of the package copy, in the form's order."""
    words = [form["title"], form["subtitle"], form["notice_heading"], form["notice_intro"], *form["notices"],
             form["warning_heading"], *form["warnings"], form["sections"]["parties"]]
    words += list(form["parties"].values())[:2]
    words += [form["parties"]["agent"], *list(form["parties"].values())[3:]]
    words += [form["sections"]["claims"], form["claims_note"], form["claims_hint"], *labels_in_order(form, "claims"),
              form["sections"]["jurisdiction"], *labels_in_order(form, "jurisdiction"), form["preservation_note"],
              form["sections"]["facts"], form["facts_hint"], *labels_in_order(form, "facts"),
              form["sections"]["willingness"], form["willingness"]["mediation"], form["willingness"]["benefits"],
              *form["mediation_benefits"], form["willingness"]["consider"], form["signature"], form["date"]]
    return words


@needs_shared
def test_every_printed_word_of_the_package_form_is_in_the_2025_blank_form_in_order():
    source = verbatim_part("02_template_2025")
    position = 0
    for words in form_words(complaint_form()):
        found = source.find(squeeze(words), position)
        assert found >= 0, f"not in the blank form after position {position}: {words}"
        position = found + len(squeeze(words))


@needs_shared
def test_the_package_form_has_every_numbered_label_of_the_blank_form():
    source = verbatim_part("02_template_2025", markers=True)
    printed = re.findall(r"▶【(\d+)\.([^】]+)】", source)
    claims = printed[:10]
    assert [squeeze(label) for label in labels_in_order(complaint_form(), "claims")] == [
        f"{n}.{text}" for n, text in claims]
    facts = [f"{n}.{text}" for n, text in printed if f"{n}.{text}" not in {f"{a}.{b}" for a, b in claims}]
    assert [squeeze(label) for label in labels_in_order(complaint_form(), "facts")] == facts[2:]
    assert [squeeze(label) for label in labels_in_order(complaint_form(), "jurisdiction")] == facts[:2]


def test_the_package_form_holds_no_conversion_artefacts():
    for words in form_words(complaint_form()):
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", words), words
        assert "（空白填写栏）" not in words and "▶" not in words


@needs_shared
@pytest.mark.parametrize("key, research", [
    ("民诉法解释第二十条", "10_rule"),
    ("民事诉讼法第二十四条", "10_rule"),
    ("民事诉讼法第一百六十五条", "11_rule"),
    ("诉讼费用交纳办法第十三条", "12_rule"),
    ("诉讼费用交纳办法第十五条", "12_rule"),
    ("诉讼费用交纳办法第十六条", "12_rule"),
])
def test_court_articles_are_verbatim(key, research):
    article = court_articles()[key]
    source = verbatim_part(research)
    assert squeeze("".join(article.text)) in source, key


def test_the_fee_bands_are_the_figures_of_article_13():
    text = "".join(court_articles()["诉讼费用交纳办法第十三条"].text)
    bands = court_rules()["fee_bands"]
    assert f"不超过{bands['first']['up_to'] // 10000}万元的，每件交纳{bands['first']['fee']}元" in text
    printed = re.findall(r"超过(\d+)万元(?:至(\d+)万元)?的部分，按照([\d.]+)%交纳", text)
    assert [(band["up_to"], Decimal(band["rate"])) for band in bands["rates"]] == [
        (int(upper) * 10000 if upper else None, Decimal(rate) / 100) for _lower, upper, rate in printed]


@pytest.mark.parametrize("amount, full", [
    ("88", "50.00"), ("628", "50.00"), ("10000", "50.00"), ("10001", "50.03"),
    ("100000", "2300.00"), ("150000", "3300.00"), ("1000000", "13800.00"),
])
def test_fee_is_added_up_band_by_band(amount, full):
    fee = estimate_fee(Decimal(amount))
    assert fee.full == Decimal(full)
    assert fee.half == (Decimal(full) / 2).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


@pytest.mark.parametrize("address, court", [
    ("广东省深圳市南山区粤海街道科苑路15号2栋1202室", "深圳市南山区人民法院"),
    ("江苏省南京市鼓楼区中山北路200号3栋501室", "南京市鼓楼区人民法院"),
    ("北京市海淀区中关村大街1号", "北京市海淀区人民法院"),
    ("上海市浦东新区世纪大道100号", "上海市浦东新区人民法院"),
    ("浙江省杭州市桐庐县城南街道1号", "桐庐县人民法院"),
    ("江苏省苏州市昆山市前进西路1号", "昆山市人民法院"),
    ("山东省济南市市中区经四路1号", "济南市市中区人民法院"),
])
def test_the_court_is_named_from_the_district_or_county(address, court):
    venue = venue_from_address(address)
    assert venue is not None and venue.court == court


@pytest.mark.parametrize("address", [
    "Room 1202, Building 2, 100 Wensan Road, Xihu District, Hangzhou, Zhejiang",
    "广州市天河路100号",
    "中山北路200号",
])
def test_an_address_without_a_district_names_no_court(address):
    assert venue_from_address(address) is None


def test_internet_courts_are_named_for_their_cities_only():
    assert venue_from_address("浙江省杭州市西湖区文三路100号").internet_court == "杭州互联网法院"
    assert venue_from_address("江苏省南京市鼓楼区中山北路200号").internet_court is None
