"""English letters (locale: en_US): every document through ``docgen build``, read back from
.docx and .pdf and checked: English dates, amounts and law names, the statutes quoted in the
official Chinese verbatim, no Chinese beyond the statutes and what the user typed, the
punitive arithmetic on the 500 yuan boundary, the masking; then the parts behind them."""
from __future__ import annotations

import dataclasses
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from docgen.assess import assess
from docgen.casefile import Card, Case
from docgen.codes import COURT_KINDS, FORM_LOCALES, document_locale
from docgen.casefile import load_case
from docgen.cli import cli
from docgen.compose import compose, letters_folder
from docgen.disputes import disputes
from docgen.formatting import amount_in_english, end_sentence, format_moment, number_in_english
from docgen.laws import Citation, quote_citations, registry
from docgen.laws_cli import laws
from docgen.laws.registry import check_english, english_names
from docgen.laws.rules import shipped_rules
from docgen.tree import Heading

from conftest import ROOT
from readback import docx_text, pdf_text, squeeze

EXAMPLES = ROOT / "examples"
ENGLISH = EXAMPLES / "tantan-taobao-en"
KINDS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback", "evidence-index")
LETTERS = KINDS[:4]
COMPLAINT = "complaint-12315"
"""Always written in Chinese, for the regulator: the other documents of an English case are in English."""
ENGLISH_KINDS = tuple(k for k in KINDS if k != COMPLAINT)
ENGLISH_LETTERS = tuple(k for k in LETTERS if k != COMPLAINT)
SELLER_SIDE = ("refund-request", "platform-dispute", "chargeback")
ID_NUMBER = "110101199003074477"
HAN = re.compile(r"[\u3400-\u9fff]")


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def build(case: Path, out: Path) -> Path:
    """``docgen build`` one case; the folder of its documents."""
    result = run("build", case, "-o", out, "-q")
    assert result.exit_code == 0, result.output
    return out / load_case(case).case.case_id


def english_copy(example: Path, target: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of an example with ``locale: en_US`` and text replaced; its case.yaml."""
    shutil.copytree(example, target)
    text = (example / "case.yaml").read_text(encoding="utf-8").replace("locale: zh_CN", "locale: en_US")
    assert "locale: en_US" in text
    for old, new in replacements:
        assert old in text, f"{example.name} no longer contains {old!r}"
        text = text.replace(old, new)
    (target / "case.yaml").write_text(text, encoding="utf-8")
    return target / "case.yaml"


def styled(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of each body paragraph of a .docx."""
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


def header_and_table_text(path: Path) -> list[str]:
    """The running header and every table cell of a .docx."""
    document = docx.Document(str(path))
    texts = [p.text for section in document.sections for p in section.header.paragraphs]
    return texts + [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def registry_paragraphs() -> set[str]:
    return {text for article in registry().articles() for text in article.paragraphs}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The English example built once: the folder of its documents."""
    return build(ENGLISH / "case.yaml", tmp_path_factory.mktemp("english"))


@pytest.fixture(scope="module")
def texts(built) -> dict[tuple[str, str], str]:
    """Every document read back, squeezed: (kind, "docx" or "pdf") → text; a PDF without its
    running footers and headers, which fall inside a paragraph split across pages."""
    return {(kind, fmt): squeeze(docx_text(built / f"{kind}.docx") if fmt == "docx"
                                 else body_of_pdf(pdf_text(built / f"{kind}.pdf")))
            for kind in KINDS for fmt in ("docx", "pdf")}


def body_of_pdf(text: str) -> str:
    """A PDF's text without the page footers (Page N of M) and the running header after them."""
    return re.sub(r"\n\s*Page \d+ of \d+\s*\n(\f?[^\n]*– (?:Order|Card)[^\n]*\n)?", "\n", text)


def assert_all_in(text: str, expected: list[str]) -> None:
    for words in expected:
        assert squeeze(words) in text, words


# ── the documents ───────────────────────────────────────────────────────────────────


def test_four_documents_are_made_in_english_and_the_12315_complaint_in_chinese(built, texts):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    assert {(f["kind"], f["format"]) for f in manifest["files"]} == {(k, f) for k in KINDS for f in ("docx", "pdf")}
    assert styled(built / f"{COMPLAINT}.docx")[0] == ("Title", "投诉书")
    complaint = texts[COMPLAINT, "pdf"]
    assert squeeze("投诉书　订单号 3712456789012345678") in complaint and "第1页" in complaint
    assert len(re.findall("[A-Za-z]", complaint)) < len(HAN.findall(complaint)) / 4  # the user's own words only
    titles = {"refund-request": "Request for Refund",
              "platform-dispute": "Request for Platform Intervention",
              "chargeback": "Transaction Complaint Statement", "evidence-index": "Index of Exhibits"}
    for kind, title in titles.items():
        assert styled(built / f"{kind}.docx")[0] == ("Title", title)
        assert squeeze(f"{title} – Order No. 3712456789012345678") in texts[kind, "pdf"]
        footers = squeeze(pdf_text(built / f"{kind}.pdf"))
        assert squeeze("Page 1 of") in footers and "第1页" not in footers


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_dates_and_amounts_in_english(texts, fmt):
    text = texts["refund-request", fmt]
    assert_all_in(text, [
        "Please refund CN¥168.00 (RMB one hundred sixty-eight yuan) of the price I paid, "
        "by the original payment route (Alipay, transaction number 2026112022001456780512345678).",
        "Please make the refund and reply in writing by November 27, 2026.",
        "On November 20, 2026, 9:14\u00a0PM, I ordered “Tantan VIP membership, 12 months (redemption code)”",
        "for CN¥168.00 (the official price of the same product is CN¥298.00)",
        "within 3 days of the date of this letter",
        "Emily Carter", "November 24, 2026",
    ])
    assert not re.search(r"\d+年\d+月\d+日|¥\d|人民币", text.replace("CN¥", ""))
    assert "\u202f" not in text


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_laws_named_in_english_with_article_numbers(texts, fmt):
    assert_all_in(texts["refund-request", fmt], [
        # first named in the grounds, where the letter first mentions them
        "paragraphs 1 and 2 of Article 23 of the Law of the People's Republic of China on the Protection of "
        "Consumer Rights and Interests (the “Consumer Protection Law”) and Article 582 of the Civil Code of the "
        "People's Republic of China (the “Civil Code”)",
        "Paragraphs 1 and 2 of Article 509 of the Civil Code provide:",
        "Article 577 of the Civil Code provides:",
        "Paragraph 2 of Article 16 of the Consumer Protection Law provides:",
        "Paragraph 1 of Article 24 of the Consumer Protection Law provides:",
    ])
    assert_all_in(texts["complaint-12315", fmt], [  # in Chinese, for the regulator
        "《市场监督管理投诉举报处理办法》（以下简称《投诉举报处理办法》）第十条第一款规定：",
        "《投诉举报处理办法》第十五条规定：", "《消法》第三十九条规定：",
    ])
    assert "provides:" not in texts["complaint-12315", fmt]
    assert "《" not in texts["refund-request", fmt] and "规定：" not in texts["refund-request", fmt]


@pytest.mark.parametrize("kind", LETTERS)
def test_quotes_are_the_registry_text_verbatim_with_the_english_reason(built, kind):
    case = load_case(ENGLISH / "case.yaml").case
    assessment = assess(case)
    citations = assessment.citations[kind]
    quotes = [text for style, text in styled(built / f"{kind}.docx") if style == "Quote"]
    assert quotes and all(q.startswith("“") and q.endswith("”") for q in quotes)
    assert [q[1:-1] for q in quotes] == [c.article.paragraphs[p - 1] for c in citations for p in c.paragraphs]
    assert {q[1:-1] for q in quotes} <= registry_paragraphs()
    body = docx_text(built / f"{kind}.docx")
    for citation in citations:  # the reason in the letter's language: the complaint's is Chinese,
        reason = citation.reasons[document_locale(kind, case.locale)]  # naming the seller 被投诉人
        assert (reason.replace("卖家", "被投诉人") if kind == "complaint-12315" else reason) in body


@pytest.mark.parametrize("kind", ENGLISH_KINDS)
def test_no_chinese_but_the_statutes_and_what_the_user_typed(built, kind):
    case = load_case(ENGLISH / "case.yaml").case
    typed = [case.merchant.name, case.merchant.store]
    labels = list(YAML(typ="safe").load((letters_folder() / "terms" / "en_US.yaml").read_text(encoding="utf-8"))["glossary"])
    allowed = sorted(filter(None, typed + labels), key=len, reverse=True)
    paragraphs = styled(built / f"{kind}.docx")
    for style, text in paragraphs:
        if style in ("Title", "Heading 1"):
            assert not HAN.search(text), text
        elif style == "Quote":
            assert text[1:-1] in registry_paragraphs()
        else:
            for snippet in allowed:
                text = text.replace(snippet, "")
            assert not HAN.search(text), text
    for text in header_and_table_text(built / f"{kind}.docx"):
        for snippet in allowed:
            text = text.replace(snippet, "")
        assert not HAN.search(text), text


def test_the_same_exhibit_numbers_in_every_document(built, texts):
    assert_all_in(texts[COMPLAINT, "docx"], ["证据1", "Alipay transaction record (screenshot)", "证据4"])
    for kind in ENGLISH_LETTERS:
        assert_all_in(texts[kind, "docx"], [
            "Exhibit 1", "Alipay transaction record (screenshot) (Alipay app, bill details; November 20, 2026): "
            "Shows that I paid 168 yuan on November 20, 2026.", "Exhibit 4", "Wangwang chat record (screenshot)"])
        assert "Exhibit 5" not in texts[kind, "docx"] and "证据" not in texts[kind, "docx"]
    cells = header_and_table_text(built / "evidence-index.docx")
    assert [c for c in cells if c.startswith("Exhibit ")] == ["Exhibit 1", "Exhibit 2", "Exhibit 3", "Exhibit 4"]
    for number in range(1, 5):
        assert squeeze(f"Exhibit {number}, page 1 of 1") in texts["evidence-index", "pdf"]


def test_each_recipient_sees_only_what_it_needs(built, texts):
    for kind in KINDS:
        for fmt in ("docx", "pdf"):
            assert ID_NUMBER not in texts[kind, fmt]
    for kind in SELLER_SIDE:
        assert "138****8000" in texts[kind, "docx"] and "13800138000" not in texts[kind, "docx"]
        assert "Wensan Road" not in texts[kind, "docx"]
    assert_all_in(texts["complaint-12315", "docx"], [
        "联系电话：13800138000",
        "通讯地址：Room 1202, Building 2, 100 Wensan Road, Xihu District, Hangzhou, Zhejiang",
        "被投诉人：速达卡盟", "地址：不详（投诉人未能取得）", "平台经营者：浙江淘宝网络有限公司（淘宝）",
    ])
    assert "8000" not in texts["evidence-index", "docx"]


# ── the punitive claim ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("price, triple, minimum, punitive, total, total_words", [
    ("166.66", "CN¥499.98", True, "CN¥500.00", "CN¥666.66", "RMB six hundred sixty-six yuan and sixty-six fen"),
    ("166.67", "CN¥500.01", False, "CN¥500.01", "CN¥666.68", "RMB six hundred sixty-six yuan and sixty-eight fen"),
])
def test_punitive_arithmetic_in_english_on_the_500_yuan_boundary(tmp_path, price, triple, minimum, punitive,
                                                                  total, total_words):
    case = english_copy(ENGLISH, tmp_path / "case", ("price: 168.00", f"price: {price}"),
                        ("refund: 168.00", f"refund: {price}"), ("punitive: false", "punitive: true"),
                        ("  - undisclosed_no_refund", "  - undisclosed_no_refund\n  - fraud"))
    folder = build(case, tmp_path / "out")
    for text in (squeeze(docx_text(folder / "refund-request.docx")), squeeze(pdf_text(folder / "refund-request.pdf"))):
        assert_all_in(text, [
            f"pay increased compensation of {punitive}",
            "under paragraph 1 of Article 55 of the Law of the People's Republic of China on the Protection of "
            "Consumer Rights and Interests (the “Consumer Protection Law”).",
            f"Calculation: price paid CN¥{price} × 3 = {triple}",
            f"Total: {total} ({total_words}).",
            "Paragraph 1 of Article 55 of the Consumer Protection Law provides:",
        ])
        assert (squeeze("as this is less than 500 yuan, the compensation is 500 yuan") in text) is minimum
    for text in (squeeze(docx_text(folder / f"{COMPLAINT}.docx")), squeeze(pdf_text(folder / f"{COMPLAINT}.pdf"))):
        assert_all_in(text, [f"增加赔偿{punitive.replace('CN', '')}", f"商品价款¥{price}×3＝{triple.replace('CN', '')}",
                             "《消法》第五十五条第一款规定："])
        assert ("不足五百元，按五百元计" in text) is minimum
    assert "increased compensation" not in docx_text(folder / "platform-dispute.docx")


# ── the other routes ────────────────────────────────────────────────────────────────


def test_card_dispute_and_platform_in_english(tmp_path):
    folder = build(english_copy(EXAMPLES / "pdd-visa", tmp_path / "pdd"), tmp_path / "out")
    chargeback = squeeze(docx_text(folder / "chargeback.docx"))
    assert_all_in(chargeback, [
        "Cardholder Dispute Statement (Chargeback Request)", "To: 招商银行",
        "Card: 招商银行 credit card (Visa), ending in 4821",
        "I consider this to be a case of goods or services purchased but not received, which "
        "corresponds to Visa dispute reason code 13.1 (Merchandise/Services Not Received).",
        "return the disputed amount of CN¥95.00 (RMB ninety-five yuan) to my card",
        "As of the date of this statement, I have not received the goods I bought.",
    ])
    assert "139****5678" in chargeback and "4821" in chargeback
    assert_all_in(squeeze(docx_text(folder / "platform-dispute.docx")), [
        "Reason selected on the form: 未收到货 (goods not received)",
        "I therefore request intervention by the Pinduoduo platform",
        "I ask the platform to require the seller to produce its records of delivery",
        "The seller can no longer be reached.",
    ])


def test_a_transfer_to_a_person_in_english_gives_the_app_s_route_and_the_police(tmp_path):
    case = english_copy(EXAMPLES / "wechat-private", tmp_path / "wechat",
                        ("  paid_at: 2026-11-18 22:06", "  paid_at: 2026-11-18 22:06\n  payee: person"),
                        ("  - not_delivered\n", "  - not_delivered\n  - merchant_unreachable\n"))
    text = squeeze(docx_text(build(case, tmp_path / "out") / "chargeback.docx"))
    assert_all_in(text, [
        "Statement on a Disputed Transfer",
        "Complaint channel: WeChat Pay: in the chat with the payee or on the payee's profile, choose “Complain”",
        "so WeChat Pay's merchant complaint (“交易投诉”) does not cover it",
        "Reporting to the Police", "The payee has disappeared since receiving the money.",
        "by calling 110 or at the local police station", "the anti-fraud line 96110",
    ])
    assert "Transaction Complaint Statement" not in text and "press the payee to refund" not in text


def test_payment_app_and_fraud_without_a_platform_in_english(tmp_path):
    folder = build(english_copy(EXAMPLES / "wechat-private", tmp_path / "wechat"), tmp_path / "out")
    assert not (folder / "platform-dispute.docx").exists()
    assert_all_in(squeeze(docx_text(folder / "chargeback.docx")), [
        "Complaint channel: WeChat Pay, “交易投诉” (Transaction Complaint)",
        "I ask WeChat Pay to review the transaction above",
    ])
    refund = squeeze(docx_text(folder / "refund-request.docx"))
    assert_all_in(refund, ["from you through WeChat", "a complaint through WeChat Pay's complaint channel",
                           "a report to the police", "Calculation: price paid CN¥128.00 × 3 = CN¥384.00"])


def cases() -> list[Case]:
    """The English example varied over problems, channels, payments and networks; dated before
    2026-04-15 (the complaint rules then in force); and a card payment past its filing window."""
    base = load_case(ENGLISH / "case.yaml").case
    card = Card(issuer="招商银行", network="visa", last4="4821")
    variants = []
    for problem in ("not_delivered", "invalid_code", "not_as_described", "unused_refund_refused",
                    "undisclosed_no_refund", "merchant_unreachable", "fraud", "unauthorized_charge"):
        for channel, method, network in (("taobao", "alipay", None), ("xianyu", "credit_card", "unionpay"),
                                         ("wechat", "wechat_pay", None), ("jd", "debit_card", "mastercard"),
                                         ("qq", "bank_transfer", None), ("douyin", "credit_card", "amex")):
            delivered = problem not in ("not_delivered", "unused_refund_refused")
            variants.append(dataclasses.replace(
                base, problems=(problem,),
                order=dataclasses.replace(base.order, channel=channel,
                                          delivered_at=base.order.delivered_at if delivered else None),
                payment=dataclasses.replace(base.payment, method=method,
                                            card=dataclasses.replace(card, network=network) if network else None),
                claims=dataclasses.replace(base.claims, punitive=problem == "fraud", refund=Decimal("100.00")),
            ))
    early = dataclasses.replace(base, letter_date=base.letter_date.replace(month=3, day=1),
                                order=dataclasses.replace(base.order, ordered_at=base.order.ordered_at.replace(month=2),
                                                          delivered_at=base.order.delivered_at.replace(month=2)),
                                payment=dataclasses.replace(base.payment, paid_at=base.payment.paid_at.replace(month=2)),
                                timeline=(), contacts=())
    late_visa = dataclasses.replace(base, letter_date=base.letter_date.replace(year=2027),
                                    payment=dataclasses.replace(base.payment, method="credit_card", card=card))
    return [*variants, early, late_visa]


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c.problems[0]}-{c.order.channel}-{c.payment.method}"
                                                       f"-{c.letter_date.isoformat()}")
def test_every_branch_of_the_templates_renders_in_english(case):
    assessment = assess(case)
    extra = {"exhibit_pages": {}, "exhibit_sha256": {}}
    for kind in (kind for kind in assessment.documents if kind not in COURT_KINDS):  # court forms: their own tests
        document = compose(case, assessment, kind, extra=extra if kind == "evidence-index" else None)
        if kind in FORM_LOCALES:  # the 12315 complaint: in Chinese, whatever the case's language
            assert document.locale == FORM_LOCALES[kind] == "zh_CN" and document.page_label.before == "第 "
            continue
        assert document.page_label.before == "Page " and not HAN.search(document.title + document.header)
        for block in document.blocks:
            if isinstance(block, Heading):
                assert not HAN.search(block.text), block.text


# ── the parts ───────────────────────────────────────────────────────────────────────


_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_SMALL |= {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_LARGE = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def read_english(words: str) -> int:
    """The number English words name (the inverse of number_in_english, written independently)."""
    total = current = 0
    for word in words.replace("-", " ").split():
        if word in _SMALL:
            current += _SMALL[word]
        elif word == "hundred":
            current *= 100
        else:
            total, current = total + current * _LARGE[word], 0
    return total + current


@pytest.mark.parametrize("amount, words", [
    ("168", "RMB one hundred sixty-eight yuan"),
    ("168.00", "RMB one hundred sixty-eight yuan"),
    ("500", "RMB five hundred yuan"),
    ("499.98", "RMB four hundred ninety-nine yuan and ninety-eight fen"),
    ("12.5", "RMB twelve yuan and fifty fen"),
    ("0.05", "RMB five fen"),
    ("1", "RMB one yuan"),
    ("2005", "RMB two thousand five yuan"),
    ("110", "RMB one hundred ten yuan"),
    ("1000000", "RMB one million yuan"),
    ("1234567.89", "RMB one million two hundred thirty-four thousand five hundred sixty-seven yuan and eighty-nine fen"),
    ("100.005", "RMB one hundred yuan and one fen"),
])
def test_amount_in_english(amount, words):
    assert amount_in_english(Decimal(amount)) == words


@given(st.integers(min_value=1, max_value=10**17 - 1))
def test_amount_in_english_reads_back(fen):
    words = amount_in_english(Decimal(fen) / 100)
    match = re.fullmatch(r"RMB (?:(.+) yuan)?(?: and )?(?:(.+) fen)?", words)
    assert match, words
    assert read_english(match[1] or "zero") * 100 + read_english(match[2] or "zero") == fen
    assert "  " not in words and not words.endswith(" ")


@pytest.mark.parametrize("bad", [-1, 10**15])
def test_number_in_english_range(bad):
    with pytest.raises(ValueError):
        number_in_english(bad)


@pytest.mark.parametrize("text, ended", [
    ("The seller refused", "The seller refused."),
    ("The seller refused.", "The seller refused."),
    ("Really?", "Really?"),
    ("He said “no”", "He said “no”."),
    ("He said “no.”", "He said “no.”"),
    ("(see Exhibit 2)", "(see Exhibit 2)."),
    ("卖家拒绝退款", "卖家拒绝退款。"),
    ("卖家称“概不退款”", "卖家称“概不退款”。"),
    ("卖家拒绝退款。", "卖家拒绝退款。"),
])
def test_sentence_ends_in_english(text, ended):
    assert end_sentence(text, "en_US") == ended


def test_sentence_ends_in_chinese_as_before():
    assert [end_sentence(t, "zh_CN") for t in ("卖家拒绝", "卖家拒绝。", "称“不退”", "称“不退。”", "done.")] == [
        "卖家拒绝。", "卖家拒绝。", "称“不退”。", "称“不退。”", "done.。"]


def test_english_times_have_no_narrow_space():
    moment = load_case(ENGLISH / "case.yaml").case.order.ordered_at
    assert format_moment(moment, "en_US") == "November 20, 2026, 9:14\u00a0PM"
    assert format_moment(moment, "zh_CN") == "2026年11月20日 21:14"


def test_english_leads_name_each_law_in_full_once():
    reg = registry()
    passages = [reg.resolve(r) for r in ("消法55(1)", "民法典509(1,2)", "消法24", "消法26(2,3)", "实施条例22(1,2)")]
    quoted = quote_citations((Citation(p.article, p.paragraphs, {"en_US": f"why {i}"}) for i, p in enumerate(passages)),
                             "en_US")
    assert [q.lead for q in quoted] == [
        "Paragraph 1 of Article 55 of the Law of the People's Republic of China on the Protection of Consumer "
        "Rights and Interests (the “Consumer Protection Law”) provides:",
        "Paragraphs 1 and 2 of Article 509 of the Civil Code of the People's Republic of China (the “Civil Code”) "
        "provide:",
        "Article 24 of the Consumer Protection Law provides:",
        "Paragraphs 2 and 3 of Article 26 of the Consumer Protection Law provide:",
        "Paragraphs 1 and 2 of Article 22 of the Regulation on the Implementation of the Law of the People's "
        "Republic of China on the Protection of Consumer Rights and Interests (the “Implementing Regulation”) provide:",
    ]
    assert quoted[0].texts == reg.article("消法", 55).paragraphs[:1]
    assert [q.reason for q in quoted] == [f"why {i}" for i in range(5)]


def test_every_instrument_has_an_english_name():
    for inst in registry().instruments:
        assert inst.title_en == english_names()[inst.slug]["title"] and inst.short_en
        assert not HAN.search(inst.title_en + inst.short_en)


def test_a_missing_english_name_is_refused():
    names = dict(english_names())
    names.pop("e-commerce-law-2018")
    names["civil-code-2020-selected"] = {"title": "Civil Code of the People's Republic of China", "short": ""}
    names["no-such-law"] = {"title": "x", "short": "x"}
    with pytest.raises(RuntimeError) as raised:
        check_english(names, {inst.slug for inst in registry().instruments})
    for expected in ["e-commerce-law-2018: no English name", "civil-code-2020-selected: short is missing",
                     "no-such-law: not an instrument in rules.yaml"]:
        assert expected in str(raised.value)


def test_every_citation_has_an_english_reason():
    for rule in shipped_rules().rules:
        for _, reasons in rule.cites:
            assert set(reasons) == {"zh_CN", "en_US"}
            assert reasons["en_US"].endswith(".") and not HAN.search(reasons["en_US"])


def test_the_english_terms_cover_what_the_chinese_ones_do_and_every_label():
    def terms(locale: str) -> dict:
        return YAML(typ="safe").load((letters_folder() / "terms" / f"{locale}.yaml").read_text(encoding="utf-8"))

    english, chinese = terms("en_US"), terms("zh_CN")
    for group in ("channels", "platform_routes", "payment_methods", "payment_routes", "card_networks"):
        assert set(english[group]) == set(chinese[group]), group
    assert len(english["section_numbers"]) == len(chinese["section_numbers"])
    table = disputes()
    labels = {*table.platform_reasons.values(), *(app.merchant for app in table.apps.values()),
              *(app.unauthorized for app in table.apps.values()), *(app.person for app in table.apps.values()),
              *(c.summary for n in table.networks.values() for c in n.categories)}
    assert labels <= set(english["glossary"]), labels - set(english["glossary"])


def test_laws_show_in_english():
    result = CliRunner().invoke(laws, ["show", "消法55(1)", "--locale", "en_US"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Paragraph 1 of Article 55 of the Law of the People's Republic of China")
    assert registry().article("消法", 55).paragraphs[0] in result.output


def test_english_letters_cite_what_chinese_ones_cite():
    english = load_case(ENGLISH / "case.yaml").case
    chinese = load_case(EXAMPLES / "tantan-taobao" / "case.yaml").case
    for kind in LETTERS:
        assert assess(english).citations[kind] == assess(chinese).citations[kind]


def test_exhibits_and_articles_are_listed_with_the_serial_comma():
    from docgen.formatting import exhibit_refs

    assert [exhibit_refs(n, "en_US") for n in ([2], [2, 3], [1, 2, 4])] == [
        "Exhibit 2", "Exhibits 2 and 3", "Exhibits 1, 2, and 4"]
    assert exhibit_refs([2, 3], "zh_CN") == "证据2、证据3"
