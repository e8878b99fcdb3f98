"""Letters argued from the case's own facts (issue 14), read back from the built .docx files.

Each new example is built as a user builds it (``docgen build``); the tests read what a
recipient reads: the reasons state each problem's fact with its exhibits, the seller is
quoted only with the words the case file holds, the remedy can be acted on, the evidence is
spoken of as it is (附后 only with a file), laws are named in full at their first mention.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import docx
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from docgen.cli import cli
from docgen.disputes import disputes
from docgen.laws import registry
from docgen.laws.registry import english_names

from conftest import ROOT
from readback import docx_text, pdf_text, squeeze

EXAMPLES = ROOT / "examples"
NEW = ("disclaimer-jd", "fraud-qq", "undisclosed-douyin", "no-files-pdd", "english-qq")
ALL = tuple(sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml")))
LETTERS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example built (.docx and .pdf): example name → its output folder."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(cli, ["build", *(str(EXAMPLES / name / "case.yaml") for name in ALL),
                                      "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return {name: out / _case_id(name) for name in ALL}


def _case_id(name: str) -> str:
    return YAML(typ="safe").load((EXAMPLES / name / "case.yaml").read_text(encoding="utf-8"))["case_id"]


def _text(built: dict[str, Path], name: str, kind: str) -> str:
    return docx_text(built[name] / f"{kind}.docx")


def _section(text: str, title: str) -> str:
    """The body of one numbered section (三、申请理由 / 3. Grounds) up to the next heading."""
    match = re.search(rf"^[一二三四五六七八九十\d]+[、.] ?(?:{title})\n(.*?)(?=^[一二三四五六七八九十\d]+[、.] ?\S+\n|\Z)",
                      text, re.M | re.S)
    assert match, f"no section {title}"
    return match.group(1)


# ── what the case file holds: the only words a letter may quote ───────────────────────


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def _allowed(name: str) -> list[str]:
    """Where quoted words may come from: the case file's own text, the statutes, the laws'
    defined short names and the payment apps' route names (names, not anyone's words)."""
    case = YAML(typ="safe").load((EXAMPLES / name / "case.yaml").read_text(encoding="utf-8"))
    statutes = [p for article in registry().articles() for p in article.paragraphs]
    names = [str(n["short"]) for n in english_names().values()]
    routes = [route for app in disputes().apps.values() for route in (app.merchant, app.unauthorized)]
    return [*_strings(case), *statutes, *names, *routes]


def _quotations(text: str) -> list[str]:
    """Every text inside “…” (nested ones too) and inside "..."."""
    found, opened = [], []
    for index, char in enumerate(text):
        if char == "“":
            opened.append(index)
        elif char == "”" and opened:
            found.append(text[opened.pop() + 1:index])
    found += re.findall(r'"([^"\n]+)"', text)
    return found


@pytest.mark.parametrize("name", ALL)
def test_no_letter_quotes_words_that_are_not_in_the_case_file_or_the_statutes(built, name):
    allowed = _allowed(name)
    for document in (built[name] / f"{kind}.docx" for kind in LETTERS):
        if not document.exists():
            continue
        for quoted in _quotations(docx_text(document)):
            assert any(quoted in source for source in allowed), f"{document.name} quotes “{quoted}”"


@pytest.mark.parametrize("name", ALL)
def test_no_stock_phrase_is_put_in_the_seller_s_mouth(built, name):
    for document in built[name].glob("*.docx"):
        text = docx_text(document)
        assert "虚拟商品售出不退" not in text and "仅称“已发送”" not in text


# ── the reasons: each problem's fact, its exhibits, its consequence, its article ─────────


def test_a_disclaimer_is_quoted_from_said_and_held_void(built):
    for kind, seller in (("refund-request", "贵方"), ("complaint-12315", "被投诉人"), ("platform-dispute", "卖家")):
        reasons = _section(_text(built, "disclaimer-jd", kind), "(?:申请|投诉)理由")
        assert f"2026年11月22日 20:10，{seller}通过京东客服称“已发货概不负责，卡密发出后问题自行联系官方”（证据3）。" in reasons
        assert "第二十六条第二款、第三款的规定，该声明的内容无效" in reasons
        assert "在网易云音乐兑换中心兑换时提示“该兑换码已失效”，兑换未成功（证据2）。" in reasons


def test_the_quality_return_window_is_dated_while_it_is_open(built):
    reasons = _section(_text(built, "disclaimer-jd", "refund-request"), "申请理由")
    assert "《消法》第二十四条第一款的规定" in reasons
    assert "贵方于2026年11月22日交付，该期限至2026年11月29日届满，申请人已于2026年11月22日提出退款，在该期限之内。" in reasons


def test_fraud_states_its_fact_with_its_exhibits(built):
    for kind in ("refund-request", "complaint-12315"):
        text = _text(built, "fraud-qq", kind)
        reasons = _section(text, "(?:申请|投诉)理由")
        assert ("经探探客服核实该码于2026年11月10日即已被其他账号激活，早于申请人购买的时间（证据2、证据3）。"
                in reasons)
        assert "兑换时提示“激活码已被使用”，兑换未成功（证据4）。" in reasons
        assert "商品页面" not in text and "陈述与事实不符，申请人系因此作出购买决定" not in text
        assert "增加赔偿¥500.00（人民币伍佰元整）" in text and "以上合计¥588.00（人民币伍佰捌拾捌元整）" in text
    assert not (built["fraud-qq"] / "platform-dispute.docx").exists()


def test_a_no_refund_term_never_shown_is_not_part_of_the_contract(built):
    reasons = _section(_text(built, "undisclosed-douyin", "refund-request"), "申请理由")
    assert "申请人也从未确认过此类规则（证据1、证据2）。" in reasons
    assert ("《中华人民共和国民法典》（以下简称《民法典》）第四百九十六条第二款、《中华人民共和国消费者权益保护法实施条例》"
            "（以下简称《消法实施条例》）第十九条第二款的规定，贵方不能据以拒绝退款。") in reasons
    assert "下单后十五分钟即申请退款，商家客服以虚拟商品为由拒绝（证据3）。" in reasons
    assert "贵方通过抖音商家客服称“虚拟商品不支持退款”（证据3）。" in reasons


def test_a_promise_holds_the_seller(built):
    reasons = _section(_text(built, "no-files-pdd", "refund-request"), "申请理由")
    assert "贵方在申请人付款前承诺“未使用可退”（证据1），该承诺是双方的约定" in reasons
    assert "第十六条第二款的规定，贵方应当按照约定退款。" in reasons


def test_the_english_letter_argues_in_the_first_person_from_its_facts(built):
    text = _text(built, "english-qq", "refund-request")
    grounds = _section(text, "Grounds")
    assert ("The code I was sold as a six-month pass gave only 30 days of Blessing of the Welkin Moon when I "
            "redeemed it (Exhibit 3).") in grounds
    assert "you stated via QQ: “只能补偿10元余额，不退款” (Exhibit 2)." in grounds
    assert ("Under paragraph 1 of Article 24 of the Consumer Protection Law, goods may be returned within seven "
            "days of receipt; they were delivered on November 16, 2026, so that period ends on November 23, 2026, "
            "and I asked for a refund on November 17, 2026, within it.") in grounds
    assert "the consumer" not in text.replace("the “Consumer", "")
    assert "Telephone: +86 137****7777" in text
    assert "联系电话：+86 137 0000 7777" in _text(built, "english-qq", "complaint-12315")


# ── the remedy ──────────────────────────────────────────────────────────────────────


def test_the_remedy_names_the_route_the_codes_and_the_date(built):
    demands = _section(_text(built, "undisclosed-douyin", "refund-request"), "申请事项")
    assert "按原支付途径（支付宝，交易号2026111922001487650099887766）退回" in demands
    assert "贵方已交付的商品申请人未使用；退款时，申请人同意将其交还贵方，或者由贵方予以作废。" in demands
    assert "请贵方于2026年11月24日前办理退款并书面答复。" in demands
    invalid = _section(_text(built, "disclaimer-jd", "refund-request"), "申请事项")
    assert "贵方交付的兑换码无法兑换，申请人未从中获得任何权益；退款后，申请人不再使用该兑换码，由贵方予以作废。" in invalid


# ── evidence spoken of as it is ──────────────────────────────────────────────────────


def test_without_files_no_document_says_the_evidence_is_attached(built):
    folder = built["no-files-pdd"]
    for document in folder.glob("*.docx"):
        text = docx_text(document)
        assert "附后" not in text and "所附" not in text and "随本" not in text.replace("随本目录附上", ""), \
            document.name
    letter = _text(built, "no-files-pdd", "refund-request")
    assert letter.count("可提供。") == 3 and "以上证据申请人可随时提供" in letter
    index = squeeze(pdf_text(folder / "evidence-index.pdf"))
    assert index.count("可提供") >= 3 and "以上证据均未随本目录附上，提交人可随时提供。" in index
    assert "SHA-256" not in index and "证据1第1页" not in index  # no digests, no stamped exhibit pages


def test_with_files_each_exhibit_is_attached(built):
    letter = _text(built, "disclaimer-jd", "refund-request")
    assert letter.count("附后。") == 3 and "可提供" not in letter
    assert "以上证据随本申请书附后（见证据目录）" in letter


# ── form ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", ALL)
def test_each_law_is_named_in_full_at_its_first_mention_only(built, name):
    for kind in LETTERS:
        path = built[name] / f"{kind}.docx"
        if not path.exists():
            continue
        text = docx_text(path)
        for match in re.finditer(r"（以下简称(《[^》]+》)）", text):
            short = match.group(1)
            assert text.count(match.group(0)) == 1, f"{kind}: {short} defined twice"
            assert short not in text[:match.start()], f"{kind}: {short} used before it is defined"
        for match in re.finditer(r"\(the “([^”]+)”\)", text):
            assert text.count(match.group(0)) == 1, f"{kind}: {match.group(1)} defined twice"
            used = re.search(rf"the {re.escape(match.group(1))}(?! of the People)", text[:match.start()])
            assert not used, f"{kind}: {match.group(1)} used before it is defined"


@pytest.mark.parametrize("name", [n for n in ALL if not n.endswith("-en") and n != "english-qq"])
def test_a_sentence_ending_in_a_quotation_has_its_full_stop(built, name):
    for document in built[name].glob("*.docx"):
        for paragraph in docx.Document(str(document)).paragraphs:
            if paragraph.style.name in ("Body Text", "List"):  # sentences, not labels or quoted statutes
                assert not paragraph.text.endswith("”"), f"{document.name}: {paragraph.text}"


def test_without_a_fact_the_reasons_use_the_evidence_of_its_kind(built):
    reasons = _section(_text(built, "tantan-taobao", "refund-request"), "申请理由")
    assert reasons.startswith("兑换失败提示截图（证据3）证明卖家交付的兑换码无效，会员未开通。")


def test_without_a_fact_or_evidence_of_its_kind_nothing_is_invented(edited_case):
    from docgen.assess import assess
    from docgen.casefile import load_case
    from docgen.compose import compose
    from docgen.tree import Paragraph

    path = edited_case(("    kind: code\n", "    kind: other\n"))
    case = load_case(path).case
    text = "\n".join(b.text for b in compose(case, assess(case), "refund-request").blocks if isinstance(b, Paragraph))
    assert "贵方交付的兑换码无法正常使用。兑换码不具备应当具备的使用性能" in text
    assert "证据3）证明" not in text


def test_the_quality_window_is_not_spoken_of_once_closed_and_unused(edited_case):
    """Asked after the seven days, by a letter dated after them: no window date to hold to."""
    from docgen.assess import assess
    from docgen.casefile import load_case
    from docgen.compose import compose
    from docgen.tree import Paragraph

    path = edited_case(("letter_date: 2026-11-24", "letter_date: 2026-12-10"),
                       ("  - at: 2026-11-21 10:00", "  - at: 2026-12-01 10:00"),
                       ("  - at: 2026-11-22 15:30", "  - at: 2026-12-02 15:30"))
    case = load_case(path).case
    text = "\n".join(b.text for b in compose(case, assess(case), "refund-request").blocks if isinstance(b, Paragraph))
    assert "届满" not in text and "七日内退货；" not in text
    assert "这是因商品质量问题退货，不是无理由退货。" in text
