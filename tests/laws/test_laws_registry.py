"""The statute registry: verbatim texts, references, numerals, quoting and the CLI."""
from __future__ import annotations

import json
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.laws import (
    Citation,
    article_label,
    article_number,
    from_chinese,
    quote_citations,
    registry,
    to_chinese,
)
from docgen.laws_cli import laws

from conftest import ROOT

SHARED_LAWS = ROOT.parent / "shared" / "laws"
needs_shared = pytest.mark.skipif(
    not SHARED_LAWS.is_dir(), reason=f"the source law texts are not at {SHARED_LAWS}"
)


def source_articles(path: Path) -> dict[str, list[str]]:
    """Parse a shared/laws file the simple way: heading → its 款 (items joined by \\n)."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    articles: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.split("\n"):
        if line.startswith("## "):
            current = articles.setdefault(line[3:], [])
        elif line.startswith("# "):
            current = None
        elif line and current is not None:
            if line[0] == "（" and line.index("）") <= 4 and current:
                current[-1] += "\n" + line
            else:
                current.append(line)
    return articles


def front_matter(text: str) -> str:
    return text[: text.index("\n---\n") + 5]


@needs_shared
@pytest.mark.parametrize("instrument", registry().instruments, ids=lambda i: i.slug)
def test_article_texts_are_the_source_texts(instrument):
    source = source_articles(SHARED_LAWS / f"{instrument.slug}.md")
    for article in registry().articles(instrument.slug):
        assert list(article.paragraphs) == source[article.label], article.ref


@needs_shared
@pytest.mark.parametrize("instrument", registry().instruments, ids=lambda i: i.slug)
def test_data_files_keep_the_source_front_matter(instrument):
    data = (files("docgen.laws") / "data" / f"{instrument.slug}.md").read_text(encoding="utf-8")
    source = (SHARED_LAWS / f"{instrument.slug}.md").read_text(encoding="utf-8")
    assert front_matter(data) == front_matter(source)


def test_punitive_paragraph_is_whole():
    passage = registry().resolve("消法55(1)")
    ((text,),) = (q.texts for q in quote_citations([Citation(passage.article, passage.paragraphs, {})]))
    assert "不足五百元的，为五百元" in text
    assert text.endswith("法律另有规定的，依照其规定。")


def test_items_belong_to_the_paragraph_above():
    article = registry().article("消法", 39)
    assert len(article.paragraphs) == 1
    assert article.paragraphs[0].split("\n")[3] == "（三）向有关行政部门投诉；"
    assert len(registry().article("投诉暂行办法", 12).paragraphs) == 3
    # 总局令第121号: items are split at their markers (certain); 第十条 has three 款, 第十六条 one
    assert [len(p.split("\n")) for p in registry().article("投诉办法", 10).paragraphs] == [4, 1, 1]
    assert len(registry().article("投诉办法", 16).paragraphs) == 1


def test_instruments_carry_their_dates():
    reg = registry()
    interim = reg.instrument("投诉暂行办法")
    assert interim.slug == "samr-complaint-handling-measures-2019" and interim.short == "投诉举报处理暂行办法"
    assert interim.repealed == date(2026, 4, 15)
    assert interim.in_force(date(2026, 4, 14)) and not interim.in_force(date(2026, 4, 15))
    complaint = reg.instrument("投诉办法")
    assert complaint.slug == "samr-complaint-report-measures-2025" and complaint.short == "投诉举报处理办法"
    assert not complaint.in_force(date(2026, 4, 14)) and complaint.in_force(date(2026, 4, 15))
    assert reg.instrument("投诉举报处理办法") is complaint
    regulation = reg.article("实施条例", 22)
    assert not regulation.in_force(date(2024, 6, 30)) and regulation.in_force(date(2024, 7, 1))
    assert reg.instrument("消法").title == "中华人民共和国消费者权益保护法"
    assert reg.instrument("消法").short == "消法"


@pytest.mark.parametrize("ref", [
    "消法55", "消法 55", "consumer-protection-law-2013:55", "consumer-protection-law:55",
])
def test_reference_forms_name_the_whole_article(ref):
    passage = registry().resolve(ref)
    assert (passage.article.ref, passage.paragraphs) == ("消法55", (1, 2))


def test_reference_paragraphs_and_names():
    reg = registry()
    assert reg.resolve("消法55(1)").paragraphs == (1,)
    assert reg.resolve("民法典509(2,1)").paragraphs == (1, 2)
    assert reg.resolve("实施条例22").article is reg.resolve("消法实施条例22").article
    assert reg.resolve("网消规定1").article.instrument.short == "网络消费纠纷规定（一）"


@pytest.mark.parametrize("ref, message", [
    ("消费法55", "did you mean 消法"),
    ("消法99", "消法99 is not among the articles docgen carries"),
    ("消法55(3)", "has 2 款"),
    ("消法", "bad reference"),
    ("55", "bad reference"),
])
def test_unknown_references_raise_lookup_error(ref, message):
    with pytest.raises(LookupError, match=message):
        registry().resolve(ref)


def test_numerals_round_trip():
    for number in range(1, 1261):
        assert from_chinese(to_chinese(number)) == number
        assert article_number(article_label(number)) == number


@pytest.mark.parametrize("number, label", [
    (1, "第一条"), (10, "第十条"), (20, "第二十条"), (55, "第五十五条"), (100, "第一百条"),
    (109, "第一百零九条"), (110, "第一百一十条"), (509, "第五百零九条"), (1000, "第一千条"),
    (1001, "第一千零一条"), (1010, "第一千零一十条"), (1260, "第一千二百六十条"),
])
def test_numeral_spot_values(number, label):
    assert article_label(number) == label
    assert article_number(label) == number


@pytest.mark.parametrize("text", ["", "零", "一十", "二二", "十百", "一百零零九", "五十五条", "一百十"])
def test_numerals_reject_non_statute_forms(text):
    with pytest.raises(ValueError):
        from_chinese(text)


def test_every_heading_in_the_sources_parses():
    for article in registry().articles():
        assert article.label == article_label(article.number)


def test_quotes_name_the_law_in_full_once():
    reg = registry()
    passages = [reg.resolve(r) for r in ("消法55(1)", "民法典509(1,2)", "消法24", "消法26(2,3)")]
    quoted = quote_citations(Citation(p.article, p.paragraphs, {"zh_CN": f"why {i}"}) for i, p in enumerate(passages))
    assert [q.lead for q in quoted] == [
        "《中华人民共和国消费者权益保护法》（以下简称《消法》）第五十五条第一款规定：",
        "《中华人民共和国民法典》（以下简称《民法典》）第五百零九条第一款、第二款规定：",
        "《消法》第二十四条规定：",
        "《消法》第二十六条第二款、第三款规定：",
    ]
    assert quoted[0].texts == reg.article("消法", 55).paragraphs[:1]
    assert quoted[2].texts == reg.article("消法", 24).paragraphs
    assert quoted[3].reason == "why 3"


def test_cli_list_json_keys():
    result = CliRunner().invoke(laws, ["list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(
        set(row) == {"law", "title", "short", "article", "label", "paragraph", "text", "effective", "repealed"}
        for row in rows
    )
    punitive = [r for r in rows if r["law"] == "consumer-protection-law-2013" and r["article"] == 55]
    assert [(r["paragraph"], r["label"], r["effective"], r["repealed"]) for r in punitive] == [
        (1, "第五十五条", "2014-03-15", None), (2, "第五十五条", "2014-03-15", None)]
    assert punitive[0]["text"] == registry().article("消法", 55).paragraphs[0]
    assert {r["repealed"] for r in rows if r["law"] == "samr-complaint-handling-measures-2019"} == {"2026-04-15"}


def test_cli_list_filters_by_law_and_date():
    runner = CliRunner()
    before = json.loads(runner.invoke(laws, ["list", "--json", "--on", "2024-06-30"]).output)
    assert before and "consumer-protection-law-regulation-2024" not in {r["law"] for r in before}
    after = json.loads(runner.invoke(laws, ["list", "--json", "--on", "2026-04-15"]).output)
    assert "samr-complaint-handling-measures-2019" not in {r["law"] for r in after}
    only = json.loads(runner.invoke(laws, ["list", "--json", "--law", "e-commerce-law-2018"]).output)
    assert {r["short"] for r in only} == {"电商法"}
    text = runner.invoke(laws, ["list", "--law", "消法"]).output
    assert text.splitlines()[0].startswith("消法16\t消法第十六条\t2014-03-15\t")


def test_cli_show():
    result = CliRunner().invoke(laws, ["show", "消法55"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first, second = registry().article("消法", 55).paragraphs
    assert lines[:3] == [
        "《中华人民共和国消费者权益保护法》（以下简称《消法》）第五十五条规定：",
        f"“{first}”",
        f"“{second}”",
    ]
    assert "in force from: 2014-03-15" in lines
    assert any(line.startswith("source: ") and "flk.npc.gov.cn" in line for line in lines)


@pytest.mark.parametrize("args", [["show", "消费法55"], ["show", "消法99"], ["list", "--on", "2026-13-01"],
                                  ["list", "--law", "nope"]])
def test_cli_bad_input_is_a_usage_error(args):
    result = CliRunner().invoke(laws, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "Error: Invalid value" in result.output
