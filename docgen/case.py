"""The case: a validated, typed picture of one purchase gone wrong.

Built only by :mod:`docgen.case_loader`; every later step trusts it. Money is
``Decimal``, ids are text exactly as typed, times are naive China local time. A
``date`` field may hold a ``datetime`` where the time is known (``datetime`` is a
``date``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from docgen.codes import CARD_METHODS, CARD_NETWORKS, CHANNELS, CURRENCIES, EVIDENCE_KINDS, LOCALES, PAYMENT_METHODS, PLATFORM_CHANNELS, PROBLEMS  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class Consumer:
    """The person asking: 申请人 / 投诉人 / 持卡人."""

    name: str
    phone: str
    address: str
    email: str | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class Merchant:
    """The seller: 卡盟 / 店铺 / 个人卖家."""

    name: str
    store: str | None = None
    contact: str | None = None
    address: str | None = None
    credit_code: str | None = None


@dataclass(frozen=True)
class Order:
    """What was bought, where, and whether it arrived and was used."""

    channel: str
    order_id: str
    product: str
    price: Decimal
    ordered_at: datetime
    activated: bool
    refund_terms_shown: bool
    quantity: int = 1
    currency: str = "CNY"
    official_price: Decimal | None = None
    delivered_at: datetime | None = None

    @property
    def on_platform(self) -> bool:
        """True when the order went through a marketplace platform (not WeChat, QQ or other)."""
        return self.channel in PLATFORM_CHANNELS


@dataclass(frozen=True)
class Card:
    """A payment card, known only by issuer, network and last four digits."""

    issuer: str
    network: str
    last4: str


@dataclass(frozen=True)
class Payment:
    """How the money left the buyer."""

    method: str
    transaction_id: str | None = None
    paid_at: datetime | None = None
    card: Card | None = None


@dataclass(frozen=True)
class Event:
    """Something that happened, for the timeline."""

    at: date
    what: str


@dataclass(frozen=True)
class Contact:
    """One attempt to settle the matter with the seller."""

    at: date
    via: str
    summary: str


@dataclass(frozen=True)
class Claims:
    """What the buyer asks for."""

    refund: Decimal | None = None
    punitive: bool = False
    respond_within_days: int = 7
    other: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One exhibit; ``number`` is its place in the case file, from 1 (证据1)."""

    number: int
    title: str
    kind: str
    source: str | None = None
    date: date | None = None
    proves: str | None = None
    file: Path | None = None


@dataclass(frozen=True)
class Case:
    """One case file, validated."""

    source: Path
    case_id: str
    letter_date: date
    consumer: Consumer
    merchant: Merchant
    order: Order
    payment: Payment
    problems: tuple[str, ...]
    version: int = 1
    locale: str = "zh_CN"
    timeline: tuple[Event, ...] = ()
    contacts: tuple[Contact, ...] = ()
    claims: Claims = Claims()
    evidence: tuple[Evidence, ...] = ()

    @property
    def folder(self) -> Path:
        """The case file's folder: evidence paths are relative to it."""
        return self.source.parent
