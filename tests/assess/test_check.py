"""``docgen check``: the case validated like ``build``, then explained from its assessment."""
from __future__ import annotations

import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from docgen.cli import cli

from conftest import ROOT

EXAMPLES = ROOT / "examples"


def run(*args: str, lang: str = "en_US") -> Result:
    return CliRunner(env={"DOCGEN_LANG": lang}).invoke(cli, list(args))


def check(case: Path | str, *options: str, lang: str = "en_US") -> Result:
    result = run("check", str(case), *options, lang=lang)
    assert result.exit_code == 0, result.output
    return result


def report(case: Path | str) -> dict:
    return json.loads(check(case, "--json").stdout)


def keys(entries: list[dict]) -> list[str]:
    return [entry["key"] for entry in entries]


def example_block(first: str, stop: str | None) -> str:
    """The lines of the example case from the one starting ``first`` up to the one starting ``stop``."""
    text = (EXAMPLES / "tantan-taobao" / "case.yaml").read_text(encoding="utf-8")
    start = text.index(f"\n{first}") + 1
    return text[start:text.index(f"\n{stop}", start) + 1] if stop else text[start:]


def test_the_example_is_explained_with_documents_articles_amounts_and_dates():
    out = check(EXAMPLES / "tantan-taobao").stdout
    assert "tantan-2026-001: the case file is valid" in out
    assert "yes  platform-dispute  the order was placed on taobao" in out
    assert "《消法》第二十四条第一款" in out and "《民法典》第四百九十六条第二款" in out
    assert "This is a return for a quality defect, not a seven-day no-reason return" in out  # the reason, in English
    assert "Refund: CN¥168.00, the price paid." in out
    assert "2026-11-27  The seller's deadline to answer: 3 days from the letter date, November 24, 2026." in out
    assert "2026-11-27  Return for a defect (《消法》第二十四条第一款)" in out
    assert "The 7-day no-reason return (《消法》第二十五条) does not apply: digital goods delivered online" in out
    # the letter is dated after 2026-04-15: the 12315 periods are those of 总局令第121号
    assert ("2029-11-20  12315 complaint: within 3 years of when you knew or should have known of the harm "
            "(《投诉举报处理办法》第十六条第（四）项)") in out
    assert ("2026-12-03  12315: if you complain on the letter date, November 24, 2026, the regulator is to decide by "
            "this date whether to accept the complaint: within 7 working days of receiving it (《消法》第四十六条、"
            "《投诉举报处理办法》第十五条), the day of receipt not counted (《投诉举报处理办法》第四十五条).") in out
    assert "mediation ends if there is no agreement within 60 days of acceptance (《投诉举报处理办法》第二十三条第一款第（五）项)" in out


def test_json_has_stable_keys_iso_dates_and_amounts_as_strings():
    data = report(EXAMPLES / "pdd-visa")
    assert list(data) == ["valid", "case_id", "source", "letter_date", "documents", "citations", "amounts", "dates",
                          "warnings", "missing_evidence", "route", "advice", "beliefs", "complaint_summary"]
    assert data["valid"] is True and data["letter_date"] == "2026-11-30"
    assert data["amounts"] == {"currency": "CNY", "price": "95.00", "refund": "95.00", "triple": None, "punitive": None,
                               "minimum_applied": False, "total": "95.00",
                               "lines": ["Refund: CN¥95.00, the price paid.", "Total claimed: CN¥95.00."]}
    dates = {d["key"]: d for d in data["dates"]}
    assert list(dates["seller_deadline"]) == ["key", "date", "over", "estimate", "text"]
    assert dates["seller_deadline"]["date"] == "2026-12-03"
    # 2026-11-30 is a Monday: 7 working days from the next day
    assert dates["complaint_acceptance"]["date"] == "2026-12-09" and dates["complaint_acceptance"]["estimate"] is False
    assert dates["card_dispute"]["date"] == "2027-03-15" and dates["card_dispute"]["over"] is False
    assert "120 days of the transaction date or the expected delivery date" in dates["card_dispute"]["text"]
    assert "not Chinese law" in dates["card_dispute"]["text"]
    assert {d["kind"]: d["applies"] for d in data["documents"]} == {
        "refund-request": True, "complaint-12315": True, "platform-dispute": True, "chargeback": True,
        "small-claims": True, "evidence-index": True}
    cited = [c["reference"] for c in data["citations"]["refund-request"]]
    assert "《消法》第五十三条" in cited and "《电商法》第五十一条第二款" in cited


def test_a_platform_order_goes_to_the_platform_then_12315_then_the_card():
    route = report(EXAMPLES / "pdd-visa")["route"]
    assert keys(route) == ["seller", "platform", "complaint_12315", "card_dispute"]
    assert [step["number"] for step in route] == [1, 2, 3, 4]
    assert route[0]["until"] == "2026-12-03" and route[0]["needs"] == ["refund-request", "evidence-index"]
    assert "“未收到货”" in route[1]["action"]
    assert "7 working days" in route[2]["wait"] and "《消法实施条例》第四十六条第三款" in route[2]["wait"]
    assert "招商银行" in route[3]["action"] and "visa 13.1 Merchandise/Services Not Received" in route[3]["action"]
    assert route[3]["until"] == "2027-03-15"


def test_a_private_seller_with_fraud_goes_to_the_seller_payment_12315_then_the_police():
    data = report(EXAMPLES / "wechat-private")
    assert keys(data["route"]) == ["seller", "app_complaint", "complaint_12315", "police_or_court"]
    assert "微信号 xingyu_km520" in data["route"][0]["action"]
    assert "police" in data["route"][3]["action"] and "小额诉讼" in data["route"][3]["action"]
    assert data["amounts"]["lines"][1] == ("Increased compensation, 增加赔偿 (《消法》第五十五条第一款): 3 × CN¥128.00 = "
                                           "CN¥384.00, below the minimum of CN¥500.00, so CN¥500.00.")
    assert data["amounts"]["total"] == "628.00" and data["amounts"]["minimum_applied"] is True
    assert {d["kind"]: d["applies"] for d in data["documents"]}["platform-dispute"] is False
    # nothing was delivered: the seven days never started, and no belief about them is needed
    dates = {d["key"]: d["text"] for d in data["dates"]}
    assert "nothing was received" in dates["no_reason_return"]
    assert "seven_day_return" not in keys(data["beliefs"])
    # the assessment's notes come through as warnings
    assert any("统一社会信用代码" in w["text"] for w in data["warnings"] if w["key"] == "assessment")


def test_beliefs_that_do_not_hold_are_explained_from_the_legal_map():
    beliefs = {b["key"]: b["text"] for b in report(EXAMPLES / "tantan-taobao")["beliefs"]}
    assert list(beliefs) == ["seven_day_return", "no_refund_rule", "triple_for_any_failure",
                             "payment_app_must_refund"]
    assert "docgen does not cite it for a delivered code" in beliefs["seven_day_return"]
    assert beliefs["seven_day_return"].endswith("which docgen cites: 《消法》第二十四条第一款.")
    assert "not even part of the contract (《民法典》第四百九十六条第二款)" in beliefs["no_refund_rule"]
    assert "(《电商法》第五十七条)" in beliefs["payment_app_must_refund"]


def test_a_letter_before_the_2026_rules_change_gets_the_3_year_limit_and_both_mediation_periods(edited_case):
    path = edited_case(("2026-11-", "2026-02-"))
    data = report(path)
    limit = {d["key"]: d for d in data["dates"]}["complaint_limit"]
    assert limit["date"] == "2029-02-20"
    assert "within 3 years" in limit["text"] and "《投诉举报处理暂行办法》第十五条第（四）项" in limit["text"]
    wait = {s["key"]: s for s in data["route"]}["complaint_12315"]["wait"]
    assert "60 days" in wait and "45 working days" in wait and "《投诉举报处理暂行办法》第二十一条第（五）项" in wait


def test_weak_cases_are_warned_about(edited_case):
    path = edited_case(("  - undisclosed_no_refund", "  - fraud"), (example_block("contacts:", "claims:"), ""))
    warnings = {w["key"]: w["text"] for w in report(path)["warnings"]}
    assert "would add CN¥504.00 (3 × CN¥168.00 = CN¥504.00, at least CN¥500.00)" in warnings["fraud_not_claimed"]
    assert "Card issuers require one" in warnings["no_contacts"]
    assert "fraud_unproven" not in warnings  # the chat is among the evidence


def test_fraud_without_a_listing_or_chat_and_missing_evidence(edited_case):
    path = edited_case(("  - undisclosed_no_refund", "  - fraud"), ("activated: false", "activated: true"),
                       (example_block("evidence:", None), "evidence:\n  - title: 淘宝订单详情截图\n    kind: order\n"))
    data = report(path)
    warnings = keys(data["warnings"])
    assert "fraud_unproven" in warnings and "activated" in warnings
    assert keys(data["missing_evidence"]) == ["payment", "delivered", "chat", "membership_status", "listing"]
    out = check(path).stdout
    assert "! Missing evidence: the payment record (支付凭证)" in out


def test_advice_on_credentials_and_a_price_far_below_the_official_one(edited_case):
    path = edited_case(("official_price: 298.00", "official_price: 600.00"),
                       ("卖家通过旺旺发送兑换码", "卖家要求提供探探账号和密码后发送兑换码"))
    advice = {a["key"]: a["text"] for a in report(path)["advice"]}
    assert "two-step verification" in advice["change_password"]
    assert advice["far_below_official_price"].startswith(
        "The price paid, CN¥168.00, is 28 percent of the official CN¥600.00.")
    assert report(EXAMPLES / "tantan-taobao")["advice"] == []  # 168 of 298 is not below half


def test_a_bank_transfer_has_no_chargeback_and_goes_to_the_bank(edited_case):
    data = report(edited_case(("method: alipay", "method: bank_transfer")))
    assert {d["kind"]: d["why"] for d in data["documents"]}["chargeback"] == (
        "paid by bank_transfer: there is no chargeback for this way of paying")
    assert keys(data["route"]) == ["seller", "platform", "complaint_12315", "bank"]
    assert "payment_app_must_refund" not in keys(data["beliefs"])


def test_a_late_card_dispute_is_marked(edited_case):
    card = 'method: credit_card\n  card: {issuer: 招商银行, network: mastercard, last4: "1234"}'
    path = edited_case(("letter_date: 2026-11-24", "letter_date: 2027-04-01"), ("method: alipay", card))
    window = {d["key"]: d for d in report(path)["dates"]}["card_dispute"]
    assert window["date"] == "2027-03-20" and window["over"] is True
    assert "[over on the letter date]" in check(path).stdout


def test_the_report_speaks_chinese_with_locale_or_docgen_lang():
    out = check(EXAMPLES / "tantan-taobao", lang="zh_CN").stdout
    assert "tantan-2026-001：案件文件有效" in out
    assert "退款：¥168.00，即实付金额。" in out
    assert "卖家答复期限：自文书日期2026年11月24日起3日。" in out
    assert "需要：refund-request；evidence-index" in out
    assert "双方的买卖合同已经成立" in out  # the reasons in the language of the catalogs
    assert run("--locale", "zh_CN", "check", str(EXAMPLES / "tantan-taobao")).stdout == out


def test_the_payment_route_s_notes_and_sources_speak_chinese():
    wechat = check(EXAMPLES / "wechat-private", lang="zh_CN").stdout
    assert ("! chargeback：微信支付的交易投诉适用于向商户的付款；向个人微信用户转账或发红包，可能不在交易投诉的范围内"
            "（未经核实）。") in wechat
    assert "WeChat" not in wechat and "unverified" not in wechat
    assert "WeChat Pay's merchant complaint (交易投诉)" in check(EXAMPLES / "wechat-private").stdout
    visa = check(EXAMPLES / "pdd-visa", lang="zh_CN").stdout
    assert "（来源：Chargeflow 的“Network timelines”，第三方整理的汇总，并非 Visa 的规则）" in visa
    assert "third-party" not in visa
    # the network's reason code keeps the name the network gives it, introduced as such
    assert "未收到所购商品或服务（卡组织的争议原因代码及其原名：visa 13.1 Merchandise/Services Not Received）。" in visa


@pytest.mark.parametrize("as_json", [False, True])
def test_a_broken_case_exits_2_with_the_messages_of_build(edited_case, as_json):
    path = edited_case(("price: 168.00", "price: -1"), ("channel: taobao", "channel: taobaoo"))
    result = run("check", str(path), *(["--json"] if as_json else []))
    built = run("build", str(path), "-o", str(path.parent / "out"))
    assert result.exit_code == built.exit_code == 2
    assert result.stderr == built.stderr
    assert "order.channel: 'taobaoo' is not a known value — did you mean 'taobao'?" in result.stderr
    if as_json:
        data = json.loads(result.stdout)
        assert data["valid"] is False
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [(e["path"], e["line"]) for e in data["errors"]] == [
            ("order.channel", lines.index("  channel: taobaoo") + 1), ("order.price", lines.index("  price: -1") + 1)]
    else:
        assert result.stdout == ""


# --- dates in working days and the calendar file ------------------------------------------------


def test_the_12315_decision_past_the_holiday_data_is_an_estimate(edited_case):
    path = edited_case(("letter_date: 2026-11-24", "letter_date: 2026-12-28"))
    acceptance = {d["key"]: d for d in report(path)["dates"]}["complaint_acceptance"]
    assert acceptance["date"] == "2027-01-04" and acceptance["estimate"] is True
    assert "This date is an estimate: docgen knows China's official holidays and make-up working days only " \
           "through 2026, so it counted 7 calendar days" in acceptance["text"]
    assert "[estimate]" in check(path).stdout
    assert "这一日期是估算" in check(path, lang="zh_CN").stdout


def read_ics(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


@pytest.mark.parametrize("example, keys", [
    ("tantan-taobao", ["seller_deadline", "complaint_acceptance", "quality_return"]),
    ("pdd-visa", ["seller_deadline", "complaint_acceptance", "card_dispute"]),
])
def test_check_writes_the_dates_to_act_on_as_an_ics_file(tmp_path, example, keys):
    target = tmp_path / "dates.ics"
    data = json.loads(check(EXAMPLES / example, "--json", "--ics", str(target)).stdout)
    events = read_ics(target)
    dates = {d["key"]: d for d in data["dates"]}
    assert list(events) == [f"{data['case_id']}-{key}@docgen" for key in keys]
    for key in keys:
        event = events[f"{data['case_id']}-{key}@docgen"]
        assert event.decoded("dtstart").isoformat() == dates[key]["date"]
        assert (event.decoded("dtend") - event.decoded("dtstart")).days == 1
        assert event.decoded("dtstamp").date().isoformat() == data["letter_date"]
        assert str(event["description"]) == dates[key]["text"]
    assert "the seller's deadline to answer ends today" in str(events[f"{data['case_id']}-seller_deadline@docgen"]["summary"])
    again = tmp_path / "again.ics"
    check(EXAMPLES / example, "--ics", str(again))
    assert again.read_bytes() == target.read_bytes()  # no clock in the file


def test_a_date_already_over_is_not_in_the_calendar_and_an_estimate_says_so(edited_case, tmp_path):
    card = 'method: credit_card\n  card: {issuer: 招商银行, network: mastercard, last4: "1234"}'
    path = edited_case(("letter_date: 2026-11-24", "letter_date: 2027-04-01"), ("method: alipay", card))
    target = tmp_path / "late.ics"
    check(path, "--ics", str(target), lang="zh_CN")
    events = read_ics(target)
    assert "tantan-2026-001-card_dispute@docgen" not in events  # the window ended on 2027-03-20
    acceptance = events["tantan-2026-001-complaint_acceptance@docgen"]
    assert str(acceptance["summary"]).startswith("（估算）12315：")


# ── the 12315 complaint of an English case ─────────────────────────────────────────────────


def test_an_english_case_s_check_summarises_its_chinese_complaint_in_english():
    data = report(EXAMPLES / "tantan-taobao-en")
    summary = data["complaint_summary"]
    assert summary[0].startswith("The 12315 complaint is written in Chinese, whatever the case's language")
    assert "Respondent: 速达卡盟; address: unknown (the complaint says you could not obtain it)." in summary
    assert any(line.startswith("Platform operator: 浙江淘宝网络有限公司, named as the one who must disclose")
               for line in summary)
    assert "Requests: a refund of CN¥168.00; that the regulator handle the complaint and mediate." in summary
    assert any("《投诉举报处理办法》第十三条" in line for line in summary if line.startswith("Articles quoted:"))
    assert summary[-1].startswith("Your own words (the product, timeline, contacts and evidence titles)")
    text = check(EXAMPLES / "tantan-taobao-en").stdout
    assert "The 12315 complaint, in Chinese" in text
    # and the operator's name is flagged as unverified, with where it comes from
    assert any("浙江淘宝网络有限公司" in w["text"] and "not verified" in w["text"] for w in data["warnings"])


def test_a_chinese_case_needs_no_summary_of_its_complaint():
    data = report(EXAMPLES / "pdd-visa")
    assert data["complaint_summary"] == []
    assert "The 12315 complaint, in Chinese" not in check(EXAMPLES / "pdd-visa").stdout


def test_a_transfer_to_a_person_that_vanished_goes_to_the_police(edited_case):
    case = edited_case(("  method: alipay", "  method: wechat_pay\n  payee: person"),
                       ("  - invalid_code\n", "  - invalid_code\n  - merchant_unreachable\n"))
    data = report(case)
    route = {step["key"]: step["action"] for step in data["route"]}
    assert "merchant complaint (交易投诉) does not cover it" in route["app_complaint"]
    assert "110" in route["police_or_court"] and "96110" in route["police_or_court"]
