"""The citation rules: rules.yaml validates, and each case cites exactly what it should."""
from __future__ import annotations

import copy
from datetime import date

import pytest

from docgen.laws import CitationFacts, RulesError, quote_citations, registry, select_citations
from docgen.laws.registry import table
from docgen.codes import LETTER_KINDS as RECIPIENTS
from docgen.codes import PROBLEMS
from docgen.laws.rules import parse_rules, shipped_rules


def facts(*problems: str, channel: str = "taobao", payment: str = "alipay", delivered: bool = True,
          activated: bool = False, fraud_claimed: bool = False,
          transaction: date = date(2026, 3, 20), letter: date = date(2026, 3, 24),
          merchant_address: bool = True, in_time: bool = True, platform_refused: bool = False,
          paid_to_person: bool = False, promise: bool = False, disclaimer: bool = False) -> CitationFacts:
    return CitationFacts(frozenset(problems), channel, payment, delivered, activated, fraud_claimed,
                         transaction, letter, merchant_address, in_time, promise=promise, disclaimer=disclaimer,
                         platform_refused=platform_refused, paid_to_person=paid_to_person)


def cited(case: CitationFacts, recipient: str) -> list[str]:
    """The citations as refs: "消法23(1,2)" for some 款, "消法39" for the whole article."""
    return [
        c.article.ref + ("" if len(c.paragraphs) == len(c.article.paragraphs)
                         else f"({','.join(map(str, c.paragraphs))})")
        for c in select_citations(case, recipient)
    ]


PROCEDURE_12315 = ["投诉暂行办法12(2)", "投诉暂行办法14", "消法39", "消法46"]
# From 2026-04-15 (总局令第121号): the complaint's contents, the office, acceptance, refusal, mediation.
PROCEDURE_2026 = ["投诉办法10(1)", "投诉办法13", "投诉办法15", "投诉办法16", "投诉办法23(1)", "消法39", "消法46"]
PLATFORM = ["电商法61"]  # a first request: the platform's duty to help, not its liability
MERCHANT_DISPUTE_CHARGEBACK = ["民法典577", "电商法53(3)"]

# One representative case per problem (taobao, alipay, transaction 2026-03-20, letter 2026-03-24).
EXPECTED = {
    ("not_delivered", False): {
        "refund-request": ["民法典509(1,2)", "民法典577", "消法16(2)", "消法52", "消法53", "实施条例22(2)",
                           "电商法51(2)", "电商法62"],
        "complaint-12315": ["消法52", "消法53", "实施条例22(2)", "处罚办法10(2)", *PROCEDURE_12315],
        "platform-dispute": ["民法典577", "消法53", "实施条例22(2)", "电商法51(2)", "电商法62", *PLATFORM],
        "chargeback": MERCHANT_DISPUTE_CHARGEBACK,
    },
    ("invalid_code", True): {
        "refund-request": ["民法典509(1,2)", "民法典577", "消法16(2)", "消法52", "消法23(1,2)", "消法24(1)",
                           "民法典582"],
        "complaint-12315": ["消法52", "消法23(1,2)", "消法24(1)", *PROCEDURE_12315],
        "platform-dispute": ["民法典577", "消法23(1,2)", "消法24(1)", "民法典582", *PLATFORM],
        "chargeback": MERCHANT_DISPUTE_CHARGEBACK,
    },
    ("not_as_described", True): {
        "refund-request": ["民法典509(1,2)", "民法典577", "消法16(2)", "消法52", "消法20(1)", "消法23(2)",
                           "消法24(1)", "民法典582"],
        "complaint-12315": ["消法52", "消法20(1)", "消法23(2)", "消法24(1)", *PROCEDURE_12315],
        "platform-dispute": ["民法典577", "消法20(1)", "消法23(2)", "消法24(1)", "民法典582", *PLATFORM],
        "chargeback": MERCHANT_DISPUTE_CHARGEBACK,
    },
    ("unused_refund_refused", False): {
        "refund-request": ["民法典509(1,2)", "消法16(2)", "消法53", "实施条例22(2)"],
        "complaint-12315": ["消法53", "实施条例22(2)", *PROCEDURE_12315],
        "platform-dispute": ["消法53", "实施条例22(2)", *PLATFORM],
        "chargeback": [],
    },
    ("unused_refund_refused", True): {
        "refund-request": ["民法典509(1,2)", "消法16(2)"],
        "complaint-12315": PROCEDURE_12315,
        "platform-dispute": PLATFORM,
        "chargeback": [],
    },
    ("undisclosed_no_refund", True): {
        "refund-request": ["民法典509(1,2)", "消法16(2)", "民法典496(2)", "消法26", "实施条例19(2)", "网消规定1"],
        "complaint-12315": ["消法26", "实施条例19(2)", "处罚办法12", "网交办法21", *PROCEDURE_12315],
        "platform-dispute": ["民法典496(2)", "消法26", "实施条例19(2)", "网消规定1", *PLATFORM],
        "chargeback": [],
    },
    ("merchant_unreachable", True): {
        "refund-request": ["民法典509(1,2)", "消法16(2)"],
        "complaint-12315": PROCEDURE_12315,
        "platform-dispute": ["消法44(1)", "网交办法24(1)", "电商法61"],
        "chargeback": [],
    },
}


@pytest.mark.parametrize("problem, delivered", list(EXPECTED))
@pytest.mark.parametrize("recipient", RECIPIENTS)
def test_each_problem_and_recipient(problem, delivered, recipient):
    assert cited(facts(problem, delivered=delivered), recipient) == EXPECTED[problem, delivered][recipient]


@pytest.mark.parametrize("recipient, expected", [
    ("refund-request", ["民法典509(1,2)", "民法典577", "消法16(2)", "消法52", "消法20(1)", "消法55(1)",
                        "实施条例49(1)"]),
    ("complaint-12315", ["消法52", "消法20(1)", "处罚办法16(2)", "消法55(1)", "实施条例49(1)",
                         *PROCEDURE_12315]),
    ("platform-dispute", ["民法典577", "消法20(1)", *PLATFORM]),
    ("chargeback", MERCHANT_DISPUTE_CHARGEBACK),
])
def test_fraud_with_punitive_claim(recipient, expected):
    assert cited(facts("fraud", fraud_claimed=True), recipient) == expected


@pytest.mark.parametrize("payment, expected", [
    ("debit_card", ["电商法57", "银行卡规定4", "银行卡规定5", "银行卡规定7(1)"]),
    # 银行卡规定7(2) has an ASCII ";" in its only source: not quoted.
    ("credit_card", ["电商法57", "银行卡规定4", "银行卡规定5"]),
    ("alipay", ["电商法57"]),
    ("wechat_pay", ["电商法57"]),
    ("bank_transfer", []),
    ("other", []),
])
def test_unauthorized_charge(payment, expected):
    case = facts("unauthorized_charge", payment=payment)
    assert cited(case, "chargeback") == expected
    for recipient in ("refund-request", "complaint-12315", "platform-dispute"):
        assert cited(case, recipient) == []


def test_the_example_case():
    case = facts("invalid_code", transaction=date(2026, 11, 20), letter=date(2026, 11, 24))
    assert cited(case, "refund-request") == [
        "民法典509(1,2)", "民法典577", "消法16(2)", "消法52", "消法23(1,2)", "消法24(1)", "民法典582"]
    assert cited(case, "complaint-12315") == ["消法52", "消法23(1,2)", "消法24(1)", *PROCEDURE_2026]


def test_the_platform_s_joint_liability_only_once_it_failed_to_act():
    """消法44(2) and 电商法38(1) (joint liability) are not in a first request to the platform, only in a
    second one (order.platform_refused) and then in the 12315 complaint."""
    liability = {"消法44(2)", "消法44", "电商法38(1)"}
    first = facts("not_delivered", letter=date(2026, 11, 24))
    assert not liability & set(cited(first, "platform-dispute"))
    assert not liability & set(cited(first, "complaint-12315"))
    again = facts("not_delivered", letter=date(2026, 11, 24), platform_refused=True)
    assert cited(again, "platform-dispute")[-3:] == ["电商法61", "消法44(2)", "电商法38(1)"]
    assert {"消法44(2)", "电商法38(1)"} <= set(cited(again, "complaint-12315"))
    unreachable = facts("merchant_unreachable", platform_refused=True)
    assert cited(unreachable, "platform-dispute") == ["消法44", "网交办法24(1)", "电商法61", "电商法38(1)"]


@pytest.mark.parametrize("payment, paid_to_person, off_platform", [
    ("alipay", False, False), ("alipay", True, True), ("bank_transfer", False, True)])
def test_a_platform_order_paid_outside_the_platform_says_so_to_the_platform(payment, paid_to_person, off_platform):
    case = facts("not_delivered", payment=payment, paid_to_person=paid_to_person)
    assert ("网消规定5" in cited(case, "platform-dispute")) is off_platform


@pytest.mark.parametrize("channel, merchant_address, disclose", [
    ("pinduoduo", False, True), ("pinduoduo", True, False), ("wechat", False, False)])
def test_the_complaint_names_the_platform_s_duty_to_disclose_an_unknown_address(channel, merchant_address, disclose):
    case = facts("not_delivered", channel=channel, merchant_address=merchant_address, letter=date(2026, 11, 24))
    assert ("消法44(1)" in cited(case, "complaint-12315")) is disclose


# ── what must not be cited ──────────────────────────────────────────────────

def all_cited(case: CitationFacts) -> set[str]:
    return {c.article.ref for r in RECIPIENTS for c in select_citations(case, r)}


@pytest.mark.parametrize("problem", PROBLEMS)
def test_never_the_seven_day_rule(problem):
    cited_refs = all_cited(facts(problem, fraud_claimed=problem == "fraud"))
    assert "消法25" not in cited_refs
    assert not any(ref.startswith("七日") for ref in cited_refs)


@pytest.mark.parametrize("case", [
    facts("invalid_code"), facts("fraud"), facts("not_as_described", "fraud"),
    facts("fraud", fraud_claimed=True, channel="xianyu"),
])
def test_no_punitive_damages_without_a_claim(case):
    assert "消法55" not in all_cited(case) and "实施条例49" not in all_cited(case)


@pytest.mark.parametrize("channel", ["wechat", "qq", "other"])
def test_no_platform_liability_without_a_platform(channel):
    case = facts(*PROBLEMS, channel=channel, fraud_claimed=True)
    assert not {"消法44", "电商法38", "电商法61"} & all_cited(case)
    assert select_citations(case, "platform-dispute") == ()
    assert "投诉暂行办法12(1)" in cited(case, "complaint-12315")


@pytest.mark.parametrize("payment", ["credit_card", "debit_card"])
@pytest.mark.parametrize("problem", ["not_delivered", "invalid_code", "not_as_described", "fraud"])
def test_no_bank_card_rules_for_a_merchant_dispute(problem, payment):
    case = facts(problem, payment=payment)
    assert not any(ref.startswith("银行卡规定") for ref in all_cited(case))
    assert cited(case, "chargeback") == MERCHANT_DISPUTE_CHARGEBACK


def test_no_chargeback_for_a_bank_transfer():
    assert select_citations(facts("not_delivered", payment="bank_transfer"), "chargeback") == ()


def test_xianyu_seller_may_be_a_private_person():
    case = facts("fraud", channel="xianyu", fraud_claimed=True)
    for recipient in ("refund-request", "complaint-12315", "platform-dispute"):
        assert "网消规定7" in cited(case, recipient)


def test_off_platform_payment_on_a_platform():
    assert "网消规定5" in cited(facts("not_delivered", payment="bank_transfer"), "platform-dispute")
    assert "网消规定5" not in cited(facts("not_delivered"), "platform-dispute")


# ── dates ──────────────────────────────────────────────────────────────────

def test_regulation_only_for_transactions_from_2024_07_01():
    before = facts("not_delivered", "fraud", fraud_claimed=True, delivered=False,
                   transaction=date(2024, 6, 30), letter=date(2024, 7, 5))
    assert not any(ref.startswith("实施条例") for ref in all_cited(before))
    after = facts("not_delivered", "fraud", fraud_claimed=True, delivered=False,
                  transaction=date(2024, 7, 1), letter=date(2024, 7, 5))
    assert {"实施条例22", "实施条例49"} <= all_cited(after)


def test_complaint_rules_repealed_on_2026_04_15():
    day_before = facts("invalid_code", transaction=date(2026, 4, 10), letter=date(2026, 4, 14))
    assert cited(day_before, "complaint-12315") == [
        "消法52", "消法23(1,2)", "消法24(1)", *PROCEDURE_12315]
    repealed = facts("invalid_code", transaction=date(2026, 4, 10), letter=date(2026, 4, 15))
    refs = cited(repealed, "complaint-12315")
    assert not any(ref.startswith("投诉暂行办法") for ref in refs)
    # the 2026 rule governs a complaint made from 2026-04-15, whenever the purchase was
    assert refs == ["消法52", "消法23(1,2)", "消法24(1)", *PROCEDURE_2026]


@pytest.mark.parametrize("channel, office", [("taobao", "平台公示的地址"), ("wechat", "自建网站或者其他网络服务")])
def test_the_2026_rule_names_the_office_for_the_seller(channel, office):
    (citation,) = [c for c in select_citations(facts("not_delivered", channel=channel, letter=date(2026, 4, 15)),
                                               "complaint-12315") if c.article.ref == "投诉办法13"]
    assert office in citation.reasons["zh_CN"]


def test_the_2026_rule_claims_the_respondent_s_address_and_the_time_limit_only_where_true():
    def reasons(**kwargs) -> dict[str, str]:
        case = facts("not_delivered", letter=date(2026, 11, 24), **kwargs)
        return {c.article.ref: c.reasons["zh_CN"] for c in select_citations(case, "complaint-12315")}

    known = reasons()
    assert "被投诉人的名称和地址" in known["投诉办法10"] and "第十条第一款规定的材料" in known["投诉办法16"]
    unknown = reasons(merchant_address=False)
    assert "被投诉人的地址投诉人未能取得" in unknown["投诉办法10"] and "地址" not in unknown["投诉办法16"]
    assert "投诉办法16" not in reasons(in_time=False)


def test_the_2026_rule_is_cited_only_at_the_granularity_its_text_allows():
    """Its paragraph breaks are inferred: 款 only for 第十条第一款 and 第二十三条第一款 (known_issues)."""
    case = facts(*PROBLEMS, fraud_claimed=True, letter=date(2026, 11, 24))
    for recipient in RECIPIENTS:
        for citation in select_citations(case, recipient):
            if citation.article.instrument.alias == "投诉办法":
                whole = len(citation.paragraphs) == len(citation.article.paragraphs)
                assert whole or (citation.article.number, citation.paragraphs) in {(10, (1,)), (23, (1,))}


def test_complaint_rules_go_by_the_letter_date():
    old = facts("invalid_code", transaction=date(2022, 4, 1), letter=date(2022, 4, 30))
    assert not any(ref.startswith("投诉暂行办法") for ref in cited(old, "complaint-12315"))
    later = facts("invalid_code", transaction=date(2022, 4, 1), letter=date(2022, 5, 10))
    assert "投诉暂行办法14" in cited(later, "complaint-12315")


def test_articles_amended_since_their_text_was_saved_are_never_cited():
    """网络交易监督管理办法 第十八条 and 第四十一条 were amended in 2025 (总局令第101号)."""
    refs = {str(ref) for rule in table()["rules"] for ref in rule["cite"]}
    assert not {"网交办法18", "网交办法41"} & {r.split("(")[0] for r in refs}
    assert {18, 41} <= set(table()["not_quoted"]["网交办法"])
    broken = copy.deepcopy(dict(table()))
    broken["rules"] = [{"when": {"recipients": ["refund-request"], "problems": ["fraud"]},
                        "cite": {"网交办法18(1)": WHY, "网交办法41": WHY}}]
    with pytest.raises(RulesError) as raised:
        parse_rules(broken, registry())
    assert "网交办法18(1) is never to be cited" in str(raised.value)
    assert "网交办法41 is never to be cited" in str(raised.value)


@pytest.mark.parametrize("problem, payment, prefix, first_day", [
    ("invalid_code", "alipay", "民法典", date(2021, 1, 1)),
    ("undisclosed_no_refund", "alipay", "网消规定", date(2022, 3, 15)),
    ("merchant_unreachable", "alipay", "网交办法", date(2021, 5, 1)),
    ("unauthorized_charge", "debit_card", "银行卡规定", date(2021, 5, 25)),
])
def test_instruments_not_yet_in_force(problem, payment, prefix, first_day):
    def refs(day: date) -> set[str]:
        return all_cited(facts(problem, payment=payment, transaction=day, letter=first_day.replace(year=2026)))

    assert not any(ref.startswith(prefix) for ref in refs(date.fromordinal(first_day.toordinal() - 1)))
    assert any(ref.startswith(prefix) for ref in refs(first_day))


# ── merging, quoting, inputs ───────────────────────────────────────────────

def test_one_citation_per_article_with_merged_paragraphs():
    case = facts(*PROBLEMS, fraud_claimed=True)
    for recipient in RECIPIENTS:
        citations = select_citations(case, recipient)
        articles = [c.article for c in citations]
        assert len(articles) == len(set(articles))
        assert all(c.paragraphs and list(c.paragraphs) == sorted(set(c.paragraphs)) for c in citations)
        assert all(c.reasons["zh_CN"].endswith("。") for c in citations)
    both = select_citations(facts("invalid_code", "not_as_described"), "refund-request")
    (quality,) = [c for c in both if c.article.ref == "消法23"]
    assert quality.paragraphs == (1, 2) and quality.reasons["zh_CN"].startswith("兑换码无法兑换使用")


def test_quoted_citations_name_each_law_once():
    quoted = quote_citations(select_citations(facts("invalid_code"), "refund-request"))
    assert quoted[0].lead == "《中华人民共和国民法典》（以下简称《民法典》）第五百零九条第一款、第二款规定："
    assert quoted[2].lead == "《中华人民共和国消费者权益保护法》（以下简称《消法》）第十六条第二款规定："
    assert quoted[3].lead == "《消法》第五十二条规定："
    assert sum("以下简称" in q.lead for q in quoted) == 2


@pytest.mark.parametrize("kwargs", [
    {"problems": ("invalid_cod",)}, {"problems": ()}, {"channel": "ebay"}, {"payment": "cash"},
    {"fraud_claimed": True},
])
def test_facts_are_checked(kwargs):
    problems = kwargs.pop("problems", ("invalid_code",))
    with pytest.raises(ValueError):
        facts(*problems, **kwargs)


def test_unknown_recipient():
    with pytest.raises(ValueError, match="unknown recipient"):
        select_citations(facts("invalid_code"), "evidence-index")


# ── the table itself ───────────────────────────────────────────────────────

def test_the_shipped_table_validates():
    rules = shipped_rules()
    assert len(rules.rules) > 20
    cited_refs = {p.article.ref for rule in rules.rules for p, _ in rule.cites}
    assert cited_refs == {a.ref for a in registry().articles()}, "data/ carries exactly what is cited"


WHY = {"zh_CN": "…", "en_US": "…"}


def test_a_broken_table_is_reported_in_full():
    broken = copy.deepcopy(dict(table()))
    broken["rules"] = list(broken["rules"]) + [
        {"when": {"recipients": ["refund-requests"], "problems": ["not_deliverd"], "weekday": 1},
         "cite": {"消法25": WHY, "消费法55": WHY, "消法23(4)": WHY, "消法52": {"zh_CN": "", "en_US": "…"}}},
        {"when": {"recipients": ["chargeback"]}, "cite": {"电商法57": {"zh_CN": "…"}}},
        {"when": {"recipients": ["chargeback"], "problems": ["fraud"], "delivered": "yes",
                  "letter_from": "2026-02-30"}, "cite": {"电商法57": "…"}},
    ]
    broken["documents"] = {"chargeback": {"payment": ["e_payment"]}}
    broken["groups"] = {**broken["groups"], "card": ["credit_card"]}
    with pytest.raises(RulesError) as raised:
        parse_rules(broken, registry())
    message = str(raised.value)
    for expected in [
        "rules.yaml: unknown 'documents'",
        "groups.card: given by docgen's codes",
        "unknown 'refund-requests' (did you mean refund-request?)",
        "unknown 'not_deliverd' (did you mean not_delivered?)",
        "unknown condition 'weekday'",
        "消法25 is not among the articles docgen carries",
        "unknown law '消费法'",
        "消法23 has 3 款, so no 款 4",
        "消法52.zh_CN: missing",
        "电商法57.en_US: missing",
        "电商法57: give the sentence of why in each language (zh_CN, en_US)",
        "`problems` is required",
        "delivered: expected true or false",
        "letter_from: expected a date",
    ]:
        assert expected in message


@pytest.mark.parametrize("recipient", ["refund-request", "complaint-12315", "platform-dispute"])
def test_a_promise_binds_the_seller(recipient):
    """legal-map section 2, unused_refund_refused (a): a promise such as 未使用可退 → 消法16(2)."""
    assert "消法16(2)" in cited(facts("unused_refund_refused", promise=True), recipient)
    if recipient != "refund-request":
        assert "消法16(2)" not in cited(facts("unused_refund_refused"), recipient)


@pytest.mark.parametrize("recipient", ["refund-request", "complaint-12315", "platform-dispute"])
def test_a_disclaimer_the_seller_made_is_void(recipient):
    """The seller's own words refusing liability: 消法26 ¶2 and ¶3 (¶1 only with a term never shown)."""
    with_disclaimer = cited(facts("invalid_code", disclaimer=True), recipient)
    assert "消法26(2,3)" in with_disclaimer
    assert not any(ref.startswith("消法26") for ref in cited(facts("invalid_code"), recipient))
    assert ("处罚办法12" in with_disclaimer) == (recipient == "complaint-12315")
    both = cited(facts("undisclosed_no_refund", disclaimer=True), recipient)
    assert "消法26" in both
