"""Every code and kind docgen knows, declared once, and which documents a case gets.

The case loader accepts these codes, the citation rules (``laws/rules.yaml``) and the
dispute table (``disputes.yaml``) are checked against them, and the assessment decides
with them: no other module lists them again. Names of groups that ``rules.yaml`` may use
in a ``when`` list (``platform``, ``card``…) are here too, since they follow from the codes.
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CHANNELS = ("taobao", "tmall", "pinduoduo", "jd", "xianyu", "douyin", "wechat", "qq", "other")
PLATFORM_CHANNELS = ("taobao", "tmall", "pinduoduo", "jd", "xianyu", "douyin")
"""Marketplaces with a platform operator; ``other`` counts as none (legal-map section 6: "decide per site")."""
PAYMENT_METHODS = ("alipay", "wechat_pay", "credit_card", "debit_card", "bank_transfer", "other")
PAYEES = ("merchant", "person")
"""Who received the money: a merchant (a merchant payment) or a private person (a transfer)."""
CARD_METHODS = ("credit_card", "debit_card")
APP_METHODS = ("alipay", "wechat_pay")
CHARGEBACK_METHODS = (*APP_METHODS, *CARD_METHODS)
"""The methods with a dispute route through the payer's provider (no chargeback for a bank transfer)."""
CARD_NETWORKS = ("unionpay", "visa", "mastercard", "amex", "jcb", "other")
PROBLEMS = (
    "not_delivered",
    "invalid_code",
    "not_as_described",
    "unused_refund_refused",
    "undisclosed_no_refund",
    "merchant_unreachable",
    "fraud",
    "unauthorized_charge",
)
EVIDENCE_KINDS = ("payment", "order", "chat", "code", "account", "listing", "other")
LOCALES = ("zh_CN", "en_US")
CURRENCIES = ("CNY",)

LETTER_KINDS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback")
"""The letters: each goes to one recipient and cites articles (``rules.yaml`` recipients)."""
COURT_KINDS = ("small-claims",)
"""Court documents: the element-style civil complaint (民事起诉状（买卖合同纠纷）, 2025 form)."""
DOCUMENT_KINDS = (*LETTER_KINDS, *COURT_KINDS, "evidence-index")
FORM_LOCALES: Mapping[str, str] = MappingProxyType({"complaint-12315": "zh_CN", "small-claims": "zh_CN"})
"""Documents written in one language whatever the case's locale: the 12315 complaint goes to a
Chinese regulator, whose online form and staff work in Chinese, and a court form has no
English version."""
CITES_AS: Mapping[str, str] = MappingProxyType({"small-claims": "refund-request"})
"""Documents that cite the articles chosen for another: the complaint sues on the claim the
refund request makes of the seller (``rules.yaml`` has rules only for the letters)."""

CODE_GROUPS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "platform": PLATFORM_CHANNELS,
    "non_platform": tuple(c for c in CHANNELS if c not in PLATFORM_CHANNELS),
    "card": CARD_METHODS,
    "e_payment": CHARGEBACK_METHODS,
})
"""Groups of channels and payment methods, usable by name in ``rules.yaml``."""


def document_locale(kind: str, locale: str) -> str:
    """The language document ``kind`` is written in for a case in ``locale``."""
    return FORM_LOCALES.get(kind, locale)


def documents_applying(channel: str, payment_method: str, has_evidence: bool,
                       court: bool = False) -> tuple[str, ...]:
    """The documents a case gets (docs/case-file.md, "The documents"), in :data:`DOCUMENT_KINDS` order.

    Always the refund request and the 12315 complaint; the platform dispute only for an order
    on a platform; the chargeback only for a payment with a provider's dispute route; the
    small-claims complaint when ``court`` (the assessment's decision,
    :func:`docgen.court.court_reasons`); the evidence index only when the case lists evidence.
    """
    applies = {
        "refund-request": True,
        "complaint-12315": True,
        "platform-dispute": channel in PLATFORM_CHANNELS,
        "chargeback": payment_method in CHARGEBACK_METHODS,
        "small-claims": court,
        "evidence-index": has_evidence,
    }
    return tuple(kind for kind in DOCUMENT_KINDS if applies[kind])
