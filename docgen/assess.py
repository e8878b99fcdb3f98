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

from docgen.casefile import Case
from docgen.codes import CARD_METHODS, CITES_AS, COURT_KINDS, LETTER_KINDS, documents_applying
from docgen.court import CourtFiling, court_filing, court_reasons
from docgen.disputes import Category, Police, Window, card_category, filing_window, payment_app, platform_reason, police
from docgen.formatting import to_fen
from docgen.i18n import _
from docgen.laws import Citation, CitationFacts, select_citations
from docgen.platforms import Operator, operator
from docgen.procedure import amount, cited_names, complaint_offices, period, years_after



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
        """True when the multiple of the price is below the minimum (procedure.yaml, 消法第五十五条第一款)."""
        return self.triple is not None and self.triple < amount("punitive_minimum")


@dataclass(frozen=True)
class ConsumerView:
    """What one recipient may see of the consumer; None means not shown."""

    name: str
    phone: str | None
    address: str | None
    email: str | None
    id_number: str | None = None


@dataclass(frozen=True)
class CardDispute:
    """A card dispute through the issuer: the network's category and its filing window.

    ``window_ends`` is the last day of the usual window counted from the transaction date;
    ``late`` says the letter is dated after it. Both are None/False when no window is known.
    """

    network: str
    category: Category | None
    window: Window | None
    window_ends: date | None
    late: bool


@dataclass(frozen=True)
class AppComplaint:
    """A complaint through a payment app: the provider and its route (交易投诉, 非本人操作, or
    what it offers for a transfer to a person). ``to_person``: the money went to a private
    person's account, so no merchant complaint; ``verified``: a source confirms the route."""

    provider: str
    route: str
    merchant_route: str
    """The app's merchant complaint (交易投诉), named where it does not apply (a transfer to a person)."""
    to_person: bool = False
    verified: bool = True


@dataclass(frozen=True)
class Dispute:
    """The routes chosen for the case from ``disputes.yaml``, as the letters print them.

    ``platform_reason``: the reason to pick on the platform's form (None off-platform).
    ``card`` / ``app``: the chargeback's route (None when the payment is not of that kind).
    ``acceptance_basis`` / ``jurisdiction_basis``: the articles the 12315 complaint names
    for its acceptance period and for which office handles it, as it names them; "" when
    the letter cites none of them. ``acceptance_days``: that period, in working days
    (procedure.yaml). ``platform_office``: how the office for a seller on a platform is
    worded under the rule in force (``business_place`` or ``published_address``).
    ``operator``: the platform's operator (platforms.yaml; None off a platform). ``police``:
    the numbers for a seller who vanished after payment. ``platform_refused``: the platform
    already refused, so the platform dispute is a second request.
    """

    platform_reason: str | None
    card: CardDispute | None
    app: AppComplaint | None
    acceptance_basis: str
    jurisdiction_basis: str
    acceptance_days: int
    platform_office: str
    operator: Operator | None
    police: Police
    platform_refused: bool = False


@dataclass(frozen=True)
class Assessment:
    """Everything decided about a case before any document is written.

    ``notes``: warnings for the user (not printed in letters), e.g. a card payment older
    than the network's usual filing window.
    """

    documents: tuple[str, ...]
    damages: Damages
    deadline: date
    transaction_date: date
    citations: Mapping[str, tuple[Citation, ...]]
    views: Mapping[str, ConsumerView]
    dispute: Dispute | None = None
    notes: tuple[str, ...] = ()
    court: CourtFiling | None = None
    """Where to sue, the likely court fee and why the small-claims complaint is made."""


def documents_for(case: Case) -> tuple[str, ...]:
    """The documents that apply (docs/case-file.md, "The documents"): :func:`docgen.codes.documents_applying`,
    the small-claims complaint for the reasons of :func:`docgen.court.court_reasons`."""
    return documents_applying(case.order.channel, case.payment.method, bool(case.evidence),
                              court=bool(court_reasons(case, damages_for(case).total)))


def damages_for(case: Case) -> Damages:
    """Refund, and where fraud is claimed the multiple of the price with its minimum (procedure.yaml)."""
    price = to_fen(case.order.price)
    refund = to_fen(case.claims.refund if case.claims.refund is not None else price)
    if not case.claims.punitive:
        return Damages(price, refund, None, None, refund)
    triple = to_fen(price * amount("punitive_multiple"))
    punitive = max(triple, amount("punitive_minimum"))
    return Damages(price, refund, triple, punitive, refund + punitive)


def mask_phone(phone: str) -> str:
    """Keep the first three and last four digits of the number: 138****8000; a country prefix
    stays as it was written: +86 137****7777."""
    prefix = "+86 " if re.match(r"\s*\+[\s-]*8[\s-]*6", phone) else ""
    digits = re.sub(r"\D", "", phone)[2 if prefix else 0:]
    head, tail = digits[:3], digits[-4:]
    return prefix + head + "*" * (len(digits) - len(head) - len(tail)) + tail


def views_for(case: Case) -> dict[str, ConsumerView]:
    """What each recipient sees: the ID number only for the court; the full phone and address
    only for 12315 and the court."""
    consumer = case.consumer
    masked = ConsumerView(consumer.name, mask_phone(consumer.phone), None, consumer.email)
    full = ConsumerView(consumer.name, consumer.phone, consumer.address, consumer.email)
    court = ConsumerView(consumer.name, consumer.phone, consumer.address, consumer.email, consumer.id_number)
    return {
        "refund-request": masked,
        "complaint-12315": full,
        "small-claims": court,
        "platform-dispute": masked,
        "chargeback": masked,
        "evidence-index": ConsumerView(consumer.name, None, None, None),
    }


def citation_facts(case: Case) -> CitationFacts:
    """The facts of the case that decide which articles apply."""
    transaction = (case.payment.paid_at or case.order.ordered_at).date()
    limit = period("complaint_limit", case.letter_date)
    return CitationFacts(
        problems=frozenset(case.problems),
        channel=case.order.channel,
        payment_method=case.payment.method,
        delivered=case.order.delivered_at is not None,
        activated=case.order.activated,
        fraud_claimed=case.claims.punitive,
        transaction_date=transaction,
        letter_date=case.letter_date,
        merchant_address=case.merchant.address is not None,
        complaint_in_time=limit is None or case.letter_date < years_after(transaction, limit.length),
        promise=case.order.promise is not None,
        disclaimer=any(contact.disclaimer and contact.said for contact in case.contacts),
        platform_refused=case.order.platform_refused,
        paid_to_person=case.payment.to_person,
    )


def card_dispute(case: Case, transaction_date: date) -> CardDispute | None:
    """The card network's category for the case's problems and its usual filing window."""
    card = case.payment.card
    if case.payment.method not in CARD_METHODS or card is None:
        return None
    window = filing_window(card.network)
    ends = transaction_date + timedelta(days=window.days) if window else None
    return CardDispute(card.network, card_category(card.network, case.problems), window, ends,
                       ends is not None and case.letter_date > ends)


def dispute_for(case: Case, transaction_date: date, complaint_citations: tuple[Citation, ...]) -> Dispute:
    """The routes of the case: platform form reason, card or app route, the 12315 procedure."""
    acceptance = period("complaint_acceptance", case.letter_date)
    if acceptance is None or acceptance.unit != "working_days":
        raise RuntimeError("procedure.yaml: complaint_acceptance must give working days for every letter date")
    offices = complaint_offices(case.letter_date)
    office = (offices.platform if case.order.on_platform else offices.other) if offices else None
    return Dispute(
        platform_reason=platform_reason(case.problems) if case.order.on_platform else None,
        card=card_dispute(case, transaction_date),
        app=app_complaint(case),
        acceptance_basis=cited_names(acceptance.references, complaint_citations),
        jurisdiction_basis=cited_names((office,) if office else (), complaint_citations),
        acceptance_days=acceptance.length,
        platform_office=offices.seller_on_platform if offices else "business_place",
        operator=operator(case.order.channel),
        police=police(),
        platform_refused=case.order.platform_refused,
    )


def app_complaint(case: Case) -> AppComplaint | None:
    """The payment app's route: 非本人操作, 交易投诉 for a merchant, or its route for a transfer to a person."""
    app = payment_app(case.payment.method)
    if app is None:
        return None
    to_person = case.payment.to_person and "unauthorized_charge" not in case.problems
    return AppComplaint(app.provider, app.route(case.problems, to_person), app.merchant, to_person,
                        app.person_verified if to_person else True)


def notes_for(case: Case, dispute: Dispute, documents: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings for the user about the documents that apply (never printed in a letter)."""
    notes = []
    merchant = case.merchant
    if not (case.order.on_platform or merchant.address or merchant.credit_code):
        notes.append(_("complaint-12315: the case file gives neither an address nor a 统一社会信用代码 for the "
                       "seller, and no platform can locate it; 12315 needs a clearly identified respondent: add "
                       "{address} or {credit_code} if you can find them (payment record, licence)").format(
            address="merchant.address", credit_code="merchant.credit_code"))
    card = dispute.card if "chargeback" in documents else None
    if card and (card.category is None or not card.category.verified):
        notes.append(_("chargeback: docgen knows no verified {network} dispute category for these problems; "
                       "the letter asks the issuer to confirm the category").format(network=card.network))
    if card and card.late and card.window and card.window_ends:
        notes.append(_("chargeback: the card payment is older than the usual filing window for {network} cards, "
                       "{days} days from {counted_from} (source: {source}), which ended on {ended}; file at once "
                       "and ask the issuer whether it can still accept the dispute").format(
            network=card.network, days=card.window.days, counted_from=card.window.start,
            source=card.window.source, ended=card.window_ends.isoformat()))
    app = payment_app(case.payment.method) if "chargeback" in documents else None
    if app and case.payment.payee is None and case.order.channel in app.caveat_channels:
        notes.append(_("chargeback: {caveat}").format(caveat=app.caveat))
    if dispute.app and dispute.app.to_person and not dispute.app.verified:
        notes.append(_("chargeback: the payment went to a private person, so {provider}'s merchant complaint does not "
                       "cover it; the letter names the route {provider} offers instead ({route}), which docgen could "
                       "not confirm from a source: check it in the app").format(
            provider=dispute.app.provider, route=dispute.app.route))
    operator = dispute.operator if not merchant.address else None
    if operator and operator.name is None:
        notes.append(_("complaint-12315: the seller's address is unknown, so the complaint names the operator of "
                       "{channel}, who must disclose it, without its name: docgen found no source for it. The "
                       "platform's licence page (营业执照) shows it; you can add it when you file").format(
            channel=case.order.channel))
    elif operator and not operator.verified:
        notes.append(_("complaint-12315: the seller's address is unknown, so the complaint names the operator of "
                       "{channel}, who must disclose it; the operator's name ({name}) is not verified (source: "
                       "{source}): check it on the platform's licence page (营业执照) before filing").format(
            channel=case.order.channel, name=operator.name, source=operator.source))
    return tuple(notes)


def assess(case: Case) -> Assessment:
    """Decide everything the documents of ``case`` will say."""
    facts = citation_facts(case)
    damages = damages_for(case)
    documents = documents_for(case)
    citations = {kind: select_citations(facts, kind) for kind in documents if kind in LETTER_KINDS}
    citations |= {kind: citations.get(CITES_AS[kind]) or select_citations(facts, CITES_AS[kind])
                  for kind in COURT_KINDS}
    dispute = dispute_for(case, facts.transaction_date, citations.get("complaint-12315", ()))
    return Assessment(
        documents=documents,
        damages=damages,
        deadline=case.letter_date + timedelta(days=case.claims.respond_within_days),
        transaction_date=facts.transaction_date,
        citations=MappingProxyType(citations),
        views=MappingProxyType(views_for(case)),
        dispute=dispute,
        notes=notes_for(case, dispute, documents),
        court=court_filing(case, damages.total, citations["small-claims"]),
    )
