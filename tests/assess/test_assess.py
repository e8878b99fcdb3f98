"""The assessment: documents that apply, amounts, deadline, what each recipient sees."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from docgen.assess import assess, citation_facts, damages_for, documents_for, mask_phone
from docgen.casefile import load_case
from docgen.codes import CHANNELS, LETTER_KINDS, PAYMENT_METHODS
from docgen.formatting import amount_in_capitals
from docgen.laws import select_citations

from conftest import EXAMPLE


@pytest.fixture(scope="module")
def example():
    return load_case(EXAMPLE / "case.yaml").case


def test_deadline_is_letter_date_plus_calendar_days(example):
    assert example.letter_date == date(2026, 11, 24) and example.claims.respond_within_days == 3
    assert assess(example).deadline == date(2026, 11, 27)


def test_documents_for_a_taobao_alipay_case(example):
    assert documents_for(example) == (
        "refund-request", "complaint-12315", "platform-dispute", "chargeback", "evidence-index")


@pytest.mark.parametrize("channel, method, absent", [
    ("wechat", "wechat_pay", {"platform-dispute"}),
    ("qq", "bank_transfer", {"platform-dispute", "chargeback"}),
    ("pinduoduo", "other", {"chargeback"}),
])
def test_documents_depend_on_channel_and_payment(edited_case, channel, method, absent):
    path = edited_case(("channel: taobao", f"channel: {channel}"), ("method: alipay", f"method: {method}"))
    kinds = set(documents_for(load_case(path).case))
    assert not kinds & absent
    assert {"refund-request", "complaint-12315", "evidence-index"} <= kinds


def test_no_evidence_no_index(edited_case):
    text = (EXAMPLE / "case.yaml").read_text(encoding="utf-8")
    path = edited_case((text[text.index("evidence:\n"):], "evidence: []\n"))
    assert "evidence-index" not in documents_for(load_case(path).case)


@pytest.mark.parametrize("price, triple, punitive, total, capitals", [
    ("56.00", "168.00", "500.00", "556.00", "人民币伍佰伍拾陆元整"),
    ("166.66", "499.98", "500.00", "666.66", "人民币陆佰陆拾陆元陆角陆分"),
    ("166.67", "500.01", "500.01", "666.68", "人民币陆佰陆拾陆元陆角捌分"),
    ("500.00", "1500.00", "1500.00", "2000.00", "人民币贰仟元整"),
])
def test_punitive_arithmetic_on_the_500_yuan_boundary(edited_case, price, triple, punitive, total, capitals):
    path = edited_case(("  price: 168.00", f"  price: {price}"), ("  refund: 168.00\n", ""),
                       ("  punitive: false", "  punitive: true"), ("  - undisclosed_no_refund", "  - fraud"))
    damages = damages_for(load_case(path).case)
    assert damages.refund == Decimal(price)
    assert (damages.triple, damages.punitive, damages.total) == (Decimal(triple), Decimal(punitive), Decimal(total))
    assert damages.minimum_applied == (Decimal(triple) < 500)
    assert amount_in_capitals(damages.total) == capitals


def test_without_punitive_claim_only_the_refund(example):
    damages = damages_for(example)
    assert (damages.refund, damages.punitive, damages.total) == (Decimal("168.00"), None, Decimal("168.00"))


def test_only_the_court_sees_the_id_number_and_the_seller_never_the_full_phone(example):
    views = assess(example).views
    seller = views["refund-request"]
    assert seller.phone == "138****8000" and seller.address is None
    assert [kind for kind, view in views.items() if example.consumer.id_number in str(view)] == ["small-claims"]
    assert views["small-claims"].address == example.consumer.address
    assert views["complaint-12315"].phone == "13800138000"
    assert views["complaint-12315"].address == example.consumer.address


def test_mask_phone_keeps_three_and_four():
    assert mask_phone("139 0013 9000") == "139****9000"


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("method", PAYMENT_METHODS)
def test_a_letter_that_does_not_apply_cites_nothing(example, channel, method):
    case = replace(example, order=replace(example.order, channel=channel),
                   payment=replace(example.payment, method=method))
    applying = documents_for(case)
    for kind in LETTER_KINDS:
        assert (kind in applying) == bool(select_citations(citation_facts(case), kind)), kind
