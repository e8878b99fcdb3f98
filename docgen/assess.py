"""The assessment: all the reasoning about a case, in one place.

Which documents apply, the amounts claimed, the seller's deadline, the articles each
letter cites and what each recipient may see of the consumer. Composers only print
what is decided here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from docgen.case import Case
from docgen.formatting import to_fen
from docgen.laws import Citation, CitationFacts, select_citations

DOCUMENT_KINDS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback", "evidence-index")
LETTER_KINDS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback")
NO_CHARGEBACK_METHODS = ("bank_transfer", "other")
PUNITIVE_MULTIPLE = Decimal(3)
PUNITIVE_MINIMUM = Decimal(500)


@dataclass(frozen=True)
class Damages:
    """The money demanded, with the steps of the arithmetic a letter shows."""

    price: Decimal
    refund: Decimal
    triple: Decimal | None
    punitive: Decimal | None
    total: Decimal

    @property
    def minimum_applied(self) -> bool:
        """True when three times the price is below the 500 yuan minimum (消法第五十五条)."""
        return self.triple is not None and self.triple < PUNITIVE_MINIMUM


@dataclass(frozen=True)
class ConsumerView:
    """What one recipient may see of the consumer; None means not shown."""

    name: str
    phone: str | None
    address: str | None
    email: str | None


@dataclass(frozen=True)
class Assessment:
    """Everything decided about a case before any document is written."""

    documents: tuple[str, ...]
    damages: Damages
    deadline: date
    transaction_date: date
    citations: Mapping[str, tuple[Citation, ...]]
    views: Mapping[str, ConsumerView]


def documents_for(case: Case) -> tuple[str, ...]:
    """The documents that apply (case-format.md, "The documents")."""
    applies = {
        "refund-request": True,
        "complaint-12315": True,
        "platform-dispute": case.order.on_platform,
        "chargeback": case.payment.method not in NO_CHARGEBACK_METHODS,
        "evidence-index": bool(case.evidence),
    }
    return tuple(kind for kind in DOCUMENT_KINDS if applies[kind])


def damages_for(case: Case) -> Damages:
    """Refund, and where fraud is claimed 3 × the price with the 500 yuan minimum."""
    price = to_fen(case.order.price)
    refund = to_fen(case.claims.refund if case.claims.refund is not None else price)
    if not case.claims.punitive:
        return Damages(price, refund, None, None, refund)
    triple = to_fen(price * PUNITIVE_MULTIPLE)
    punitive = max(triple, PUNITIVE_MINIMUM)
    return Damages(price, refund, triple, punitive, refund + punitive)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits: 138****8000."""
    digits = re.sub(r"\D", "", phone)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def views_for(case: Case) -> dict[str, ConsumerView]:
    """What each recipient sees: never the ID number; the full phone and address only for 12315."""
    consumer = case.consumer
    masked = ConsumerView(consumer.name, mask_phone(consumer.phone), None, consumer.email)
    full = ConsumerView(consumer.name, consumer.phone, consumer.address, consumer.email)
    return {
        "refund-request": masked,
        "complaint-12315": full,
        "platform-dispute": masked,
        "chargeback": masked,
        "evidence-index": ConsumerView(consumer.name, None, None, None),
    }


def citation_facts(case: Case) -> CitationFacts:
    """The facts of the case that decide which articles apply."""
    return CitationFacts(
        problems=frozenset(case.problems),
        channel=case.order.channel,
        payment_method=case.payment.method,
        delivered=case.order.delivered_at is not None,
        activated=case.order.activated,
        fraud_claimed=case.claims.punitive,
        transaction_date=(case.payment.paid_at or case.order.ordered_at).date(),
        letter_date=case.letter_date,
    )


def assess(case: Case) -> Assessment:
    """Decide everything the documents of ``case`` will say."""
    facts = citation_facts(case)
    documents = documents_for(case)
    citations = {kind: select_citations(facts, kind) for kind in documents if kind in LETTER_KINDS}
    return Assessment(
        documents=documents,
        damages=damages_for(case),
        deadline=case.letter_date + timedelta(days=case.claims.respond_within_days),
        transaction_date=facts.transaction_date,
        citations=MappingProxyType(citations),
        views=MappingProxyType(views_for(case)),
    )
