"""The 12315 complaint, the platform dispute and the chargeback: built through the CLI from
the two example cases (and variants of them), read back from .docx, .pdf and .txt, checked."""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result

from docgen.assess import assess
from docgen.casefile import load_case
from docgen.cli import cli
from docgen.disputes import DisputesError, disputes, parse_disputes
from docgen.codes import PROBLEMS
from docgen.single_document import choose_format
from docgen.laws import registry

from readback import docx_text, pdf_text, squeeze

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PDD, WECHAT = EXAMPLES / "pdd-visa", EXAMPLES / "wechat-private"
LETTERS = ("complaint-12315", "platform-dispute", "chargeback")
READERS = ("docx", "pdf")
ID_NUMBERS = ("320106199205156017", "440304198809231525")


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def read(folder: Path, kind: str, fmt: str, *, raw: bool = False) -> str:
    path = folder / f"{kind}.{fmt}"
    text = docx_text(path) if fmt == "docx" else pdf_text(path)
    return text if raw else squeeze(text)


def assert_all_in(text: str, expected: list[str]) -> None:
    for words in expected:
        assert squeeze(words) in text, words


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """Both examples built once with ``docgen build``: case name → its output folder."""
    out = tmp_path_factory.mktemp("letters")
    for folder in (PDD, WECHAT):
        result = run("build", folder / "case.yaml", "-o", out)
        assert result.exit_code == 0, result.output
    return {"pdd": out / "pdd-visa-2026-002", "wechat": out / "wechat-km-2026-003"}


@pytest.fixture
def variant(tmp_path) -> Callable[..., Path]:
    """A copy of an example with text replaced: ``variant(PDD, ("old", "new"), ...)`` → case.yaml."""

    def make(example: Path, *replacements: tuple[str, str]) -> Path:
        target = tmp_path / f"{example.name}-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(example, target)
        text = (example / "case.yaml").read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{example.name} no longer contains {old!r}"
            text = text.replace(old, new)
        (target / "case.yaml").write_text(text, encoding="utf-8")
        return target / "case.yaml"

    return make


def letter(case: Path, kind: str, out: Path, fmt: str = "docx") -> str:
    """One document written by its own command, read back (squeezed)."""
    target = out / f"{case.parent.name}-{kind}.{fmt}"
    result = run(kind, case, "-o", target)
    assert result.exit_code == 0, result.output
    if fmt == "txt":
        return target.read_text(encoding="utf-8")
    return read(out, target.stem, fmt)


# ── which documents ──────────────────────────────────────────────────────────────────


def test_pdd_visa_has_every_letter_and_wechat_no_platform_dispute(built):
    pdd = json.loads((built["pdd"] / "manifest.json").read_text(encoding="utf-8"))
    wechat = json.loads((built["wechat"] / "manifest.json").read_text(encoding="utf-8"))
    made = {(f["kind"], f["format"]) for f in pdd["files"]}
    assert {(kind, fmt) for kind in ("refund-request", *LETTERS) for fmt in READERS} <= made
    assert {"refund-request", *LETTERS} <= set(pdd["documents_applying"])
    assert "platform-dispute" not in wechat["documents_applying"]
    assert not (built["wechat"] / "platform-dispute.docx").exists()
    assert not (built["wechat"] / "platform-dispute.pdf").exists()
    assert {"refund-request", "complaint-12315", "chargeback"} <= {f["kind"] for f in wechat["files"]}


def test_a_document_that_does_not_apply_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["platform-dispute", str(WECHAT / "case.yaml"), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "does not apply" in result.output
    assert not (tmp_path / "x.pdf").exists()


# ── the 12315 complaint ──────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fmt", READERS)
def test_complaint_carries_every_required_element(built, fmt):
    text = read(built["pdd"], "complaint-12315", fmt)
    assert_all_in(text, [
        "投诉书", "投诉人：李明", "联系电话：13912345678", "通讯地址：江苏省南京市鼓楼区中山北路200号3栋501室",
        "被投诉人：南京点券之家网络科技有限公司", "地址：不详（投诉人未能取得）", "统一社会信用代码：91320106MA1XK8T2R0",
        "经营平台：拼多多，店铺名称“点券之家游戏专营店”", "联系方式：拼多多店铺客服",
        "平台经营者：上海寻梦信息技术有限公司（拼多多）",
        "一、投诉请求", "要求被投诉人退还投诉人已支付的货款¥95.00（人民币玖拾伍元整）",
        "二、事实与经过", "订单号为261115-508812345670123", "截至本投诉书出具之日，被投诉人未向投诉人交付所购商品",
        "2026年11月16日 09:40，投诉人通过拼多多店铺客服与被投诉人协商：要求发送卡密或退款，客服未回复。",
        # 总局令第121号 第十三条 (the letter is dated 2026-11-30): no published address known, so the operator's
        # domicile; the operator must disclose the seller's identity (消法第四十四条第一款)
        "被投诉人系拼多多平台内经营者，投诉人未能取得其在拼多多平台公示的地址，本投诉请由上海寻梦信息技术有限公司"
        "（拼多多平台经营者）住所地的县级市场监督管理部门处理（《投诉举报处理办法》第十三条）。",
        "上海寻梦信息技术有限公司（拼多多平台经营者）应当提供被投诉人的真实名称、地址和有效联系方式，请市场监督管理部门要求其提供。",
        "《消法》第四十四条第一款规定：",
        "依照《消法》第四十六条、《投诉举报处理办法》第十五条的规定，市场监督管理部门应当自收到投诉之日起7个工作日内",
        "证据1", "证据4", "投诉人：李明", "2026年11月30日",
    ])


@pytest.mark.parametrize("fmt", READERS)
def test_complaint_with_fraud_claims_three_times_with_the_500_yuan_minimum(built, fmt):
    text = read(built["wechat"], "complaint-12315", fmt)
    assert_all_in(text, [
        "联系电话：13612345678", "通讯地址：广东省深圳市南山区粤海街道科苑路15号2栋1202室",
        "被投诉人：星语卡盟", "地址：不详（投诉人未能取得）", "联系方式：微信号 xingyu_km520",
        "收款记录：微信支付交易号4200002691202611182206357812",
        "¥128.00（人民币壹佰贰拾捌元整）", "增加赔偿¥500.00（人民币伍佰元整）",
        "商品价款¥128.00×3＝¥384.00，不足五百元，按五百元计", "以上合计¥628.00（人民币陆佰贰拾捌元整）",
        "《消法》第五十五条第一款规定：", "投诉人一并举报",
    ])
    assert "平台经营者" not in procedure(text)  # only in 第十三条 as quoted whole
    assert "第四十四条" not in text  # no platform: no operator to disclose the seller


def procedure(text: str) -> str:
    """The complaint's section on which office handles it and the time limits."""
    return text[text.index("处理部门与程序"):text.index("证据清单")]


def cited_leads(text: str) -> list[str]:
    """The articles the letter quotes, as its leads name them: 《消法》第三十九条, …."""
    return re.findall(r"(《[^》]+》(?:（以下简称《[^》]+》）)?第[^条]+条(?:第[^款]+款)?)规定：", text)


def test_complaint_procedure_follows_the_rules_in_force_on_the_letter_date(variant, tmp_path):
    march = ("2026-11-", "2026-03-")
    before = letter(variant(PDD, march, ("letter_date: 2026-03-30", "letter_date: 2026-04-14")),
                    "complaint-12315", tmp_path)
    from_change = letter(variant(PDD, march, ("letter_date: 2026-03-30", "letter_date: 2026-04-15")),
                         "complaint-12315", tmp_path)
    assert_all_in(procedure(before), [
        "（《投诉举报处理暂行办法》第十二条第二款）",
        "依照《消法》第四十六条、《投诉举报处理暂行办法》第十四条的规定，市场监督管理部门应当自收到投诉之日起7个工作日内",
    ])
    assert [lead for lead in cited_leads(before) if "投诉" in lead] == [
        "《市场监督管理投诉举报处理暂行办法》（以下简称《投诉举报处理暂行办法》）第十二条第二款",
        "《投诉举报处理暂行办法》第十四条"]
    assert "投诉举报处理办法" not in before and "第二十一条" not in before
    # from 2026-04-15: 总局令第121号, cited by whole articles but for 第十条第一款 and 第二十三条第一款,
    # for a purchase made before it came into force
    assert "投诉举报处理暂行办法" not in from_change
    assert [lead for lead in cited_leads(from_change) if "投诉" in lead] == [
        "《市场监督管理投诉举报处理办法》（以下简称《投诉举报处理办法》）第十条第一款",
        "《投诉举报处理办法》第十三条", "《投诉举报处理办法》第十五条", "《投诉举报处理办法》第十六条",
        "《投诉举报处理办法》第二十三条第一款"]
    assert_all_in(procedure(before), [  # the 2019 rule: its place of business, or (unknown) the operator's domicile
        "本投诉可由被投诉人实际经营地或者住所地的县级市场监督管理部门处理；被投诉人系拼多多平台内经营者，本投诉也可由"
        "上海寻梦信息技术有限公司（拼多多平台经营者）住所地的县级市场监督管理部门处理",
        "被投诉人的地址不详，投诉人请求由上海寻梦信息技术有限公司（拼多多平台经营者）住所地的县级市场监督管理部门处理。",
    ])
    assert_all_in(procedure(from_change), [
        "投诉人未能取得其在拼多多平台公示的地址，本投诉请由上海寻梦信息技术有限公司（拼多多平台经营者）住所地的县级市场"
        "监督管理部门处理（《投诉举报处理办法》第十三条）。",
        "依照《消法》第四十六条、《投诉举报处理办法》第十五条的规定，市场监督管理部门应当自收到投诉之日起7个工作日内",
    ])
    assert "自投诉受理之日起六十日内投诉人和被投诉人未能达成调解协议的" in squeeze(from_change)  # 第二十三条（五）
    for text in (before, from_change):  # the procedure section itself promises no mediation period
        assert not re.search("45个工作日|四十五个工作日|60日|六十日", procedure(text))


# ── the platform dispute ─────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fmt", READERS)
def test_platform_dispute_names_the_platform_route_reason_and_duty(built, fmt):
    text = read(built["pdd"], "platform-dispute", fmt)
    assert_all_in(text, [
        "平台介入申请书", "致：拼多多平台", "申请人：李明", "订单号：261115-508812345670123",
        "店铺：点券之家游戏专营店", "卖家：南京点券之家网络科技有限公司（联系方式：拼多多店铺客服）",
        "申请原因：未收到货", "现申请拼多多平台介入，请平台核实处理。",
        "由卖家退还申请人已支付的货款¥95.00（人民币玖拾伍元整）",
        "请平台向申请人提供卖家的真实名称、地址和有效联系方式",
        "2026年11月18日 10:05，申请人通过拼多多店铺客服与卖家协商：再次要求退款，仍无回复。",
        "《消法》第四十四条第一款规定：", "《电商法》第六十一条规定：", "证据1", "证据4",
    ])
    # a first request: calm, the platform's own liability is not raised
    assert "连带责任" not in text and "第三十八条" not in text and "赔偿责任" not in text


@pytest.mark.parametrize("problem, reason", [
    ("invalid_code", "卡密无效"), ("not_as_described", "商品与描述不符"), ("merchant_unreachable", "未按约定提供服务"),
])
def test_platform_form_reason_follows_the_problem(variant, tmp_path, problem, reason):
    case = variant(PDD, ("  - not_delivered\n  - merchant_unreachable\n", f"  - {problem}\n"))
    assert f"申请原因：{reason}" in letter(case, "platform-dispute", tmp_path)


# ── the chargeback ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("fmt", READERS)
def test_card_chargeback_carries_what_the_issuer_asks_for(built, fmt):
    text = read(built["pdd"], "chargeback", fmt)
    assert_all_in(text, [
        "争议交易（拒付）申请说明", "致：招商银行", "持卡人：李明", "卡片：招商银行信用卡（Visa），卡号尾号4821",
        "交易时间 2026年11月15日 20:33", "交易金额 ¥95.00（人民币玖拾伍元整）",
        "商户名称 南京点券之家网络科技有限公司（拼多多店铺“点券之家游戏专营店”）",
        "对应Visa争议类别13.1（Merchandise/Services Not Received）",
        "2026年11月15日 21:10，持卡人通过拼多多店铺客服联系商户", "2026年11月16日 09:40", "2026年11月18日 10:05",
        "依照卡组织的争议交易处理规则", "本人声明：", "截至本说明出具之日，本人未收到所购商品。",
    ])
    assert "提示：" not in text
    assert "银行卡纠纷规定" not in text  # a merchant dispute: no statutory chargeback right


@pytest.mark.parametrize("fmt", READERS)
def test_payment_app_complaint_takes_the_apps_route_and_prints_no_deadline(built, fmt):
    text = read(built["wechat"], "chargeback", fmt)
    assert_all_in(text, [
        "争议交易投诉说明", "致：微信支付", "投诉人：王芳", "投诉渠道：微信支付“交易投诉”",
        "交易号 4200002691202611182206357812", "交易金额 ¥128.00（人民币壹佰贰拾捌元整）",
        "收款方 星语卡盟（微信号 xingyu_km520）", "督促收款方退还投诉人已支付的货款¥128.00",
        "2026年11月20日 10:05，投诉人通过微信联系收款方", "本人声明：",
    ])
    assert not re.search(r"\d+(个工作日|小时|日|天)内(处理|答复|回复|处理完毕)", text)
    assert "拒付" not in text and "争议类别" not in text


@pytest.mark.parametrize("network, problems, codes, verified", [
    ("visa", ["not_delivered"], ["13.1"], True),
    ("visa", ["merchant_unreachable"], ["13.1"], True),
    ("visa", ["invalid_code"], ["13.3"], True),
    ("visa", ["not_as_described"], ["13.3"], True),
    ("visa", ["fraud"], ["13.5", "13.3"], True),
    ("visa", ["fraud", "not_delivered"], ["13.1"], True),
    ("visa", ["unused_refund_refused"], ["13.6", "13.7"], True),
    ("visa", ["unauthorized_charge"], ["10.4"], True),
    ("mastercard", ["not_delivered"], ["4853", "4855"], True),
    ("mastercard", ["invalid_code"], ["4853"], True),
    ("mastercard", ["fraud"], ["4853"], True),
    ("mastercard", ["unauthorized_charge"], ["4837", "4863"], True),
    ("unionpay", ["not_delivered"], [], False),
    ("unionpay", ["unauthorized_charge"], [], False),
])
def test_category_codes_per_problem_and_network(variant, network, problems, codes, verified):
    listed = "".join(f"  - {p}\n" for p in problems)
    case = load_case(variant(PDD, ("network: visa", f"network: {network}"),
                             ("  - not_delivered\n  - merchant_unreachable\n", listed))).case
    card = assess(case).dispute.card
    assert [c.code for c in card.category.codes] == codes
    assert card.category.verified is verified


@pytest.mark.parametrize("network, problem, expected, confirm", [
    ("mastercard", "invalid_code", "对应Mastercard争议类别4853（Cardholder Dispute）", False),
    ("unionpay", "not_delivered", "本笔交易属于银联争议类别中“未收到商品/服务”的情形", True),
    ("amex", "not_delivered", "请发卡行根据以下事实确认适用的争议类别", False),
    ("visa", "unauthorized_charge", "对应Visa争议类别10.4（Other Fraud: Card-Absent Environment）", False),
])
def test_category_in_the_letter(variant, tmp_path, network, problem, expected, confirm):
    case = variant(PDD, ("network: visa", f"network: {network}"),
                   ("  - not_delivered\n  - merchant_unreachable\n", f"  - {problem}\n"))
    text = letter(case, "chargeback", tmp_path)
    assert squeeze(expected) in text
    assert ("请发卡行确认适用的争议类别" in text) is confirm


@pytest.mark.parametrize("letter_date, late", [("2027-03-15", False), ("2027-03-16", True)])
def test_filing_window_warning_on_both_sides_of_120_days(variant, tmp_path, letter_date, late):
    case = variant(PDD, ("letter_date: 2026-11-30", f"letter_date: {letter_date}"))
    notes = assess(load_case(case).case).notes
    assert any("filing window" in note and "2027-03-15" in note for note in notes) is late
    for fmt in READERS:
        text = letter(case, "chargeback", tmp_path, fmt)
        assert ("提示：本笔交易发生于2026年11月15日，距本说明出具之日已超过120日" in text) is late
        assert ("2027年3月15日止" in text) is late


def test_unauthorized_card_charge_rests_on_the_statute(variant, tmp_path):
    case = variant(PDD, ("  - not_delivered\n  - merchant_unreachable\n", "  - unauthorized_charge\n"))
    text = letter(case, "chargeback", tmp_path)
    assert_all_in(text, ["持卡人未进行、也未授权他人进行下述交易", "《电商法》）第五十七条规定：",
                         "本人未进行、也未授权他人进行上述交易"])
    assert "依照卡组织的争议交易处理规则" not in text


PERSON = ("  paid_at: 2026-11-18 22:06", "  paid_at: 2026-11-18 22:06\n  payee: person\n  descriptor: 星语（**芳）")


@pytest.mark.parametrize("vanished", [True, False])
def test_a_transfer_to_a_person_gets_the_app_s_route_and_the_police_not_a_merchant_complaint(variant, tmp_path,
                                                                                               vanished):
    problems = ("  - not_delivered\n", "  - not_delivered\n  - merchant_unreachable\n" if vanished else "  - not_delivered\n")
    case = variant(WECHAT, PERSON, problems)
    assessment = assess(load_case(case).case)
    assert assessment.dispute.app.to_person and assessment.dispute.app.route != "交易投诉"
    for fmt in READERS:
        text = letter(case, "chargeback", tmp_path, fmt)
        assert_all_in(text, [
            "转账纠纷情况说明", "致：微信支付",
            "投诉途径：在与收款人的聊天或其个人资料页中选择“投诉”，以欺诈为由投诉收款人账户",
            "该笔款项是向个人账户的转账，不是向商户的付款，微信支付的“交易投诉”不适用于该笔款项。",
            "账单显示的收款方 星语（**芳）", "卖家 星语卡盟（微信号 xingyu_km520）",
            "请微信支付保存并向投诉人提供该笔转账的交易记录和收款人账户信息", "报警途径",
            "投诉人将向公安机关报案（拨打110或前往当地派出所），并可拨打96110反诈专线咨询。",
        ])
        assert ("收款人收款后已失联。" in text) is vanished
        assert "投诉渠道：微信支付“交易投诉”" not in text and "督促收款方退还" not in text
    notes = assessment.notes
    assert not any("payment.payee" in note for note in notes)  # the case says who was paid: no caveat
    assert any("private person" in note and "could not confirm" in note for note in notes)


def test_a_merchant_payment_keeps_the_merchant_complaint_and_no_police_section(variant, tmp_path):
    case = variant(WECHAT, ("  paid_at: 2026-11-18 22:06", "  paid_at: 2026-11-18 22:06\n  payee: merchant"))
    text = letter(case, "chargeback", tmp_path)
    assert "投诉渠道：微信支付“交易投诉”" in text and "报警途径" not in text
    assert not any("payment.payee" in note for note in assess(load_case(case).case).notes)


def test_the_card_letter_names_the_merchant_as_on_the_statement(variant, tmp_path):
    case = variant(PDD, ("  paid_at: 2026-11-15 20:33", "  paid_at: 2026-11-15 20:33\n  descriptor: PDD*DIANQUANZHIJIA"))
    text = letter(case, "chargeback", tmp_path)
    assert_all_in(text, ["账单显示的商户名称 PDD*DIANQUANZHIJIA", "卖家 南京点券之家网络科技有限公司（拼多多店铺“点券之家游戏专营店”）"])


CHANGE_OF_MIND = re.compile("误购|不想要|不需要了|改变主意|无理由退|后悔")


@pytest.mark.parametrize("problem", [p for p in PROBLEMS if p != "unauthorized_charge"])
def test_no_chargeback_describes_a_problem_as_a_change_of_mind(variant, tmp_path, problem):
    case = variant(PDD, ("  - not_delivered\n  - merchant_unreachable\n", f"  - {problem}\n"),
                   ("delivered_at: null", "delivered_at: 2026-11-15 20:40"))
    text = letter(case, "chargeback", tmp_path)
    assert not CHANGE_OF_MIND.search(text)
    card = assess(load_case(case).case).dispute.card
    assert card.category is not None and card.category.problems & {problem}  # the category follows the facts


def test_a_second_request_to_the_platform_raises_its_liability(variant, tmp_path):
    case = variant(PDD, ("  refund_terms_shown: false", "  refund_terms_shown: false\n  platform_refused: true"))
    text = letter(case, "platform-dispute", tmp_path)
    assert_all_in(text, ["平台介入申请书（再次申请）", "申请人此前已申请平台介入，平台未予处理。现再次申请拼多多平台介入",
                         "平台不能提供的，请平台依法承担赔偿责任", "《电商法》第三十八条第一款规定：", "连带责任"])
    complaint = letter(case, "complaint-12315", tmp_path)
    assert "（以下简称《电商法》）第三十八条第一款规定：" in complaint and "《消法》第四十四条规定：" in complaint


def test_platform_refused_off_a_platform_is_refused(variant, tmp_path):
    case = variant(WECHAT, ("  refund_terms_shown: false", "  refund_terms_shown: false\n  platform_refused: true"))
    result = run("check", case)
    assert result.exit_code == 2 and "order.platform_refused" in result.output


# ── masking and quotations, in every letter ──────────────────────────────────────────


@pytest.mark.parametrize("case, phone, masked, address", [
    ("pdd", "13912345678", "139****5678", "江苏省南京市鼓楼区中山北路200号3栋501室"),
    ("wechat", "13612345678", "136****5678", "广东省深圳市南山区粤海街道科苑路15号2栋1202室"),
])
@pytest.mark.parametrize("fmt", READERS)
def test_each_recipient_sees_only_what_it_needs(built, case, phone, masked, address, fmt):
    for kind in ("refund-request", *LETTERS):
        if not (built[case] / f"{kind}.{fmt}").exists():
            continue
        text = read(built[case], kind, fmt)
        assert not any(number in text for number in ID_NUMBERS), kind
        if kind == "complaint-12315":
            assert phone in text and squeeze(address) in text
        else:
            assert phone not in text and masked in text and squeeze(address) not in text, kind
        numbers = re.findall(r"\d[\d-]*", read(built[case], kind, fmt, raw=True))
        assert all(n == "4821" for n in numbers if "4821" in n), kind  # the card: its last four digits only


def quoted_statutes(paragraphs: list[str]) -> list[str]:
    """The texts between “ and ” in the paragraphs that follow a lead ending in 规定：."""
    quoted, inside = [], False
    for paragraph in paragraphs:
        if inside and paragraph.startswith("“") and paragraph.endswith("”"):
            quoted.append(paragraph[1:-1])
            continue
        inside = paragraph.endswith("规定：")
    return quoted


def test_every_quotation_is_verbatim_from_the_registry(built, variant, tmp_path):
    texts = {text for article in registry().articles() for text in article.paragraphs}
    paths = [built[case] / f"{kind}.docx" for case in built for kind in LETTERS]
    before = variant(PDD, ("2026-11-", "2026-03-"), ("letter_date: 2026-03-30", "letter_date: 2026-04-14"))
    assert run("complaint-12315", before, "-o", tmp_path / "before.docx").exit_code == 0
    found = 0
    for path in [p for p in paths if p.exists()] + [tmp_path / "before.docx"]:
        for quote in quoted_statutes([p.text for p in docx.Document(str(path)).paragraphs]):
            assert quote in texts, f"{path.name}: {quote[:40]}…"
            found += 1
    assert found > 20


# ── paste-ready text ─────────────────────────────────────────────────────────────────


FORM_FIELDS = ["投诉人", "被投诉人", "投诉请求", "事实与理由", "证据"]


def form_blocks(text: str) -> dict[str, str]:
    """The 12315 form's text: each field's label line (【投诉人】（72字；…）) → the text to paste under it."""
    blocks = text.rstrip("\n").split("\n\n")
    fields = {}
    for block in blocks[1:]:
        label, _, body = block.partition("\n")
        match = re.fullmatch(r"【(.+?)】（(\d+)字；(.+)）", label)
        assert match, label
        assert int(match.group(2)) == len(body.replace("\n", "")), label  # the length it states is the body's
        assert "未经核实" in match.group(3)  # no public source gives the 12315 form's limits
        fields[match.group(1)] = body
    return fields


def test_complaint_as_text_gives_one_block_per_field_of_the_12315_form(tmp_path):
    text = letter(WECHAT / "case.yaml", "complaint-12315", tmp_path, "txt")
    assert text.startswith("投诉书（12315平台在线表单，逐栏填写）\n\n【投诉人】")
    fields = form_blocks(text)
    assert list(fields) == FORM_FIELDS
    assert fields["投诉人"].splitlines()[:3] == ["姓名：王芳", "联系电话：13612345678",
                                               "通讯地址：广东省深圳市南山区粤海街道科苑路15号2栋1202室"]
    assert fields["被投诉人"].splitlines()[:2] == ["被投诉人：星语卡盟", "地址：不详（投诉人未能取得）"]
    assert fields["投诉请求"].splitlines() == [
        "1. 要求被投诉人退还投诉人已支付的货款¥128.00（人民币壹佰贰拾捌元整），按原支付途径（微信支付，交易号4200002691202611182206357812）退回。",
        ("2. 要求被投诉人依照《中华人民共和国消费者权益保护法》（以下简称《消法》）第五十五条第一款的规定增加赔偿¥500.00（人民币伍佰元整）。"
         "计算方式：商品价款¥128.00×3＝¥384.00，不足五百元，按五百元计。"),
        "3. 以上合计¥628.00（人民币陆佰贰拾捌元整）。",
        "4. 请市场监督管理部门依法处理本投诉；投诉人同意由市场监督管理部门组织双方调解。",
        "5. 被投诉人的上述行为涉嫌欺诈消费者，投诉人一并举报，请依法调查处理。",
    ]
    facts = fields["事实与理由"]
    assert facts.startswith("投诉人于2026年11月18日 22:05通过微信向被投诉人购买“陌陌SVIP会员12个月（官方直充）”")
    assert "法律依据：《消法》第五十二条、" in facts  # 以下简称 given once, in the 投诉请求 field before it
    assert text.count("（以下简称《消法》）") == 1
    assert "规定：“" not in facts  # articles named, not quoted: the uploaded letter quotes them
    assert fields["证据"].startswith("证据1 ")
    assert "第 1 页" not in text


def test_an_english_case_s_form_text_is_chinese_with_the_operator(tmp_path):
    fields = form_blocks(letter(EXAMPLES / "tantan-taobao-en" / "case.yaml", "complaint-12315", tmp_path, "txt"))
    assert list(fields) == FORM_FIELDS
    assert "平台经营者：浙江淘宝网络有限公司（淘宝）" in fields["被投诉人"].splitlines()
    assert "浙江淘宝网络有限公司（淘宝平台经营者）应当提供被投诉人的真实名称、地址和有效联系方式" in fields["事实与理由"]


def test_txt_by_suffix_or_format_same_bytes(tmp_path):
    case = PDD / "case.yaml"
    assert run("chargeback", case, "-o", tmp_path / "a.txt").exit_code == 0
    assert run("chargeback", case, "-o", tmp_path / "b", "--format", "txt").exit_code == 0
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b").read_bytes()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith("争议交易（拒付）申请说明\n\n致：招商银行\n\n")
    assert choose_format(Path("x.TXT"), None) == "txt" and choose_format(None, "txt") == "txt"


# ── the data ─────────────────────────────────────────────────────────────────────────


def test_the_shipped_dispute_table_loads():
    table = disputes()
    assert table.platform_reasons["not_delivered"] == "未收到货"
    assert table.networks["visa"].window.days == 120 and table.networks["unionpay"].window is None
    assert table.apps["alipay"].route(["unauthorized_charge"]) == "非本人操作"
    assert table.apps["wechat_pay"].route(["fraud"]) == "交易投诉"


def test_a_broken_dispute_table_lists_every_problem():
    broken = {
        "platform_reasons": {"not_delivered": "未收到货", "lost_parcel": "丢件"},
        "networks": {"visa": {"window": {"days": 0}, "categories": [{"problems": ["stolen"], "codes": []}]},
                     "diners": {"categories": []}},
        "apps": {"alipay": {"provider": "支付宝", "merchant": "交易投诉"}},
    }
    with pytest.raises(DisputesError) as raised:
        parse_disputes(broken)
    message = str(raised.value)
    for expected in ["platform_reasons", "'lost_parcel'", "networks: unknown 'diners'", "window.days",
                     "categories[0].problems", "categories[0].summary", "apps.alipay.unauthorized: missing",
                     "apps: needs alipay, wechat_pay"]:
        assert expected in message, expected


def test_notes_for_the_user_are_not_printed_in_letters(built):
    notes = assess(load_case(WECHAT / "case.yaml").case).notes
    assert any(note.startswith("complaint-12315:") and "clearly identified" in note for note in notes)
    assert any(note.startswith("chargeback:") and "WeChat" in note for note in notes)
    (note,) = assess(load_case(PDD / "case.yaml").case).notes  # the platform operator's name is not verified
    assert note.startswith("complaint-12315:") and "上海寻梦信息技术有限公司" in note and "not verified" in note
    assert "not verified" not in read(built["pdd"], "complaint-12315", "docx")
    for kind in ("complaint-12315", "chargeback"):
        assert "clearlyidentified" not in read(built["wechat"], kind, "docx")


def test_a_platform_whose_operator_docgen_cannot_name_is_still_named_as_the_one_to_disclose(variant, tmp_path):
    case = variant(PDD, ("channel: pinduoduo", "channel: xianyu"))
    text = letter(case, "complaint-12315", tmp_path)
    assert_all_in(text, ["平台经营者：闲鱼平台的经营者",
                         "本投诉请由闲鱼平台经营者住所地的县级市场监督管理部门处理（《投诉举报处理办法》第十三条）。",
                         "闲鱼平台经营者应当提供被投诉人的真实名称、地址和有效联系方式，请市场监督管理部门要求其提供。"])
    notes = assess(load_case(case).case).notes
    assert any("without its name: docgen found no source for it" in note for note in notes)
