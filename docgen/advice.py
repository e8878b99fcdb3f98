"""The advice on a case, decided: its key dates, what is weak, the route plan and the beliefs to correct.

Beside the assessment (:mod:`docgen.assess`, what the letters say), this decides what
``docgen check`` tells the consumer and no letter states, each from the legal map
(sections 2 to 5) or the chargeback notes (section 4), the team's research notes, or the consumer guide: the periods of
:mod:`docgen.procedure` turned into dates, the evidence a recipient expects, the order of
the routes, the advice that fits and the popular beliefs that do not hold. Nothing here is
worded: each finding has a ``key`` and the ``facts`` its sentence needs; :mod:`docgen.check`
writes the sentences in the CLI's language.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from docgen.assess import Assessment, Damages, assess
from docgen.casefile import Case
from docgen.findings import quality_return_ends
from docgen.laws import Citation, Passage, article_label, registry
from docgen.disputes import police
from docgen.procedure import amount, period, years_after
from docgen.workdays import known_years, working_days_after

FAR_BELOW_OFFICIAL = Decimal("0.5")
"""The consumer guide: a price far below the official one ("远低于官方会员价的50%") is a warning sign."""
CREDENTIAL_WORDS = ("账号", "密码")
"""Words in the timeline or contacts that suggest the seller got account details."""
BREACH = frozenset({"not_delivered", "invalid_code", "not_as_described"})
"""The problems where the seller did not perform as agreed (without fraud, which needs evidence)."""


@dataclass(frozen=True)
class Finding:
    """Something to tell the consumer: ``key`` names it, ``facts`` hold what its sentence needs."""

    key: str
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyDate(Finding):
    """A date that matters (None: no date applies, the facts say why).

    ``over``: before the letter date; ``estimate``: counted in calendar days where the
    working days could not be counted (the holiday schedule of that year is unknown).
    """

    date: date | None = None
    over: bool = False
    estimate: bool = False


@dataclass(frozen=True)
class Step(Finding):
    """One step of the route plan; ``documents``: the documents it takes; ``until``: how long to wait."""

    documents: tuple[str, ...] = ()
    until: date | None = None


@dataclass(frozen=True)
class ExpectedEvidence:
    """Evidence the seller, platform or bank will ask for, when ``needed`` for the case: any of ``kinds``."""

    key: str
    kinds: tuple[str, ...]
    needed: Callable[[Case], bool]


EXPECTED_EVIDENCE = (
    ExpectedEvidence("payment", ("payment",), lambda case: True),
    ExpectedEvidence("delivered", ("code", "account"), lambda case: case.order.delivered_at is not None),
    ExpectedEvidence("chat", ("chat",), lambda case: True),
    ExpectedEvidence("membership_status", ("account", "code"), lambda case: True),
    ExpectedEvidence("listing", ("listing",), lambda case: bool({"not_as_described", "fraud"} & set(case.problems))),
)
"""From the consumer guide (支付凭证, 兑换码/账号, 沟通记录, 会员状态截图) and the chargeback notes,
section 4 (what issuers ask for)."""


@dataclass(frozen=True)
class Advice:
    """Everything decided for ``docgen check`` beyond the assessment."""

    dates: tuple[KeyDate, ...]
    warnings: tuple[Finding, ...]
    missing_evidence: tuple[ExpectedEvidence, ...]
    route: tuple[Step, ...]
    advice: tuple[Finding, ...]
    beliefs: tuple[Finding, ...]


def advise(case: Case, assessment: Assessment) -> Advice:
    """The advice on ``case``, from its assessment."""
    return Advice(
        dates=key_dates(case, assessment),
        warnings=warnings(case),
        missing_evidence=missing_evidence(case),
        route=route_plan(case, assessment),
        advice=advice(case),
        beliefs=beliefs(case, assessment),
    )


# --- references -----------------------------------------------------------------------------------


def article(law: str, number: int, part: str = "") -> str:
    """An article named by the statute's short name, whether or not docgen carries its text."""
    return f"《{registry().instrument(law).short}》{article_label(number)}{part}"


def cited(assessment: Assessment, ref: str) -> Citation | None:
    """The citation of article ``ref`` (e.g. 消法24) in any letter of the case."""
    return next((c for cs in assessment.citations.values() for c in cs if c.article.ref == ref), None)


def reference(citation: Citation) -> str:
    """《消法》第二十四条第一款, as the letters name a cited passage."""
    return Passage(citation.article, citation.paragraphs).name


def _kinds(case: Case) -> set[str]:
    return {evidence.kind for evidence in case.evidence}


# --- dates ----------------------------------------------------------------------------------------


def key_dates(case: Case, assessment: Assessment) -> tuple[KeyDate, ...]:
    """The dates that matter, in the order a consumer meets them."""
    found = (_seller_deadline(case, assessment), _complaint_acceptance(case, assessment),
             _quality_return(case, assessment), _no_reason_return(case), _payment_deadline(case, assessment),
             _complaint_limit(case, assessment))
    return tuple(d for d in found if d is not None)


def _seller_deadline(case: Case, assessment: Assessment) -> KeyDate:
    return KeyDate("seller_deadline", {"days": case.claims.respond_within_days, "letter_date": case.letter_date},
                   assessment.deadline)


def _complaint_acceptance(case: Case, assessment: Assessment) -> KeyDate | None:
    """The regulator's decision on a 12315 complaint filed on the letter date, in working days."""
    rule = period("complaint_acceptance", case.letter_date)
    if rule is None or rule.unit != "working_days":
        return None
    basis = assessment.dispute.acceptance_basis if assessment.dispute else ""
    counted = working_days_after(case.letter_date, rule.length)
    facts = {"days": rule.length, "basis": basis or rule.source.name, "letter_date": case.letter_date,
             "counting": rule.counting.name if rule.counting else "", "last_year": known_years()[1]}
    return KeyDate("complaint_acceptance", facts, counted.day, estimate=counted.estimate)


def _quality_return(case: Case, assessment: Assessment) -> KeyDate | None:
    citation = cited(assessment, "消法24")
    rule = period("quality_return", case.letter_date)
    ends = quality_return_ends(case)
    if citation is None or rule is None or ends is None:
        return None
    return KeyDate("quality_return", {"reference": reference(citation), "days": rule.length}, ends,
                   ends < case.letter_date)


def _no_reason_return(case: Case) -> KeyDate | None:
    rule = period("no_reason_return", case.letter_date)
    if rule is None:
        return None
    if case.order.delivered_at is None:
        why = "not_received"
    elif case.order.activated:
        why = "activated"
    else:
        why = "service"
    return KeyDate("no_reason_return", {"reference": rule.source.name, "days": rule.length, "why": why})


def _payment_deadline(case: Case, assessment: Assessment) -> KeyDate | None:
    dispute = assessment.dispute
    card, app = (dispute.card, dispute.app) if dispute else (None, None)
    if card and case.payment.card:
        facts = {"issuer": case.payment.card.issuer, "network": card.network, "window": card.window}
        return KeyDate("card_dispute", facts, card.window_ends, card.late)
    if app:
        return KeyDate("app_complaint", {"provider": app.provider, "route": app.route})
    return None


def _complaint_limit(case: Case, assessment: Assessment) -> KeyDate | None:
    rule = period("complaint_limit", case.letter_date)
    if rule is None:
        return None
    purchase = assessment.transaction_date
    ends = years_after(purchase, rule.length)
    return KeyDate("complaint_limit", {"years": rule.length, "reference": rule.source.name, "purchase": purchase},
                   ends, ends < case.letter_date)


# --- warnings and evidence -----------------------------------------------------------------------


def warnings(case: Case) -> tuple[Finding, ...]:
    """Where the case is weak: an activated membership, fraud not claimed or not shown, no contact."""
    found = []
    if case.order.activated:
        found.append(Finding("activated"))
    if "fraud" in case.problems and not case.claims.punitive:
        damages = _if_punitive_claimed(case)
        if damages and damages.punitive is not None and damages.triple is not None:
            found.append(Finding("fraud_not_claimed", {"damages": damages}))
    if "fraud" in case.problems and not _kinds(case) & {"listing", "chat"}:
        found.append(Finding("fraud_unproven"))
    if not case.contacts:
        found.append(Finding("no_contacts"))
    return tuple(found)


def _if_punitive_claimed(case: Case) -> Damages | None:
    """The damages if the increased compensation were claimed; None where no letter would cite 消法55."""
    claimed = assess(replace(case, claims=replace(case.claims, punitive=True)))
    return claimed.damages if cited(claimed, "消法55") else None


def missing_evidence(case: Case) -> tuple[ExpectedEvidence, ...]:
    """The evidence recipients will expect that the case does not list."""
    kinds = _kinds(case)
    return tuple(e for e in EXPECTED_EVIDENCE if e.needed(case) and not kinds & set(e.kinds))


# --- the route plan --------------------------------------------------------------------------------


def route_plan(case: Case, assessment: Assessment) -> tuple[Step, ...]:
    """The routes in order: on a platform, its dispute process, then 12315, then the payment route;
    off a platform, the seller, then the payment route and 12315; for fraud, a seller who vanished
    after a transfer to a private account, or a total above the court threshold (procedure.yaml
    ``court_above``), then the police or the court."""
    seller = _seller_step(case, assessment)
    if case.order.on_platform:
        plan = [seller, _platform_step(case, assessment), _complaint_step(case, assessment), _payment_step(case, assessment)]
    else:
        plan = [seller, _payment_step(case, assessment), _complaint_step(case, assessment)]
    app = assessment.dispute.app if assessment.dispute else None
    vanished = bool(app and app.to_person) and "merchant_unreachable" in case.problems
    if "fraud" in case.problems or vanished or assessment.damages.total > amount("court_above"):
        plan.append(Step("police_or_court", {"fraud": "fraud" in case.problems or vanished,
                                             "total": assessment.damages.total, "police": police()}))
    return tuple(plan)


def _letters(assessment: Assessment, kind: str) -> tuple[str, ...]:
    """The document ``kind`` with the evidence index behind it, where the case has one."""
    return tuple(k for k in (kind, "evidence-index") if k in assessment.documents)


def _seller_step(case: Case, assessment: Assessment) -> Step:
    facts = {"on_platform": case.order.on_platform, "channel": case.order.channel,
             "contact": case.merchant.contact or case.order.channel, "deadline": assessment.deadline}
    return Step("seller", facts, _letters(assessment, "refund-request"), assessment.deadline)


def _platform_step(case: Case, assessment: Assessment) -> Step:
    reason = assessment.dispute.platform_reason if assessment.dispute else None
    return Step("platform", {"channel": case.order.channel, "reason": reason or ""},
                _letters(assessment, "platform-dispute"))


def _complaint_step(case: Case, assessment: Assessment) -> Step:
    """12315: its acceptance period with the articles the complaint names, and the mediation periods in force."""
    basis = assessment.dispute.acceptance_basis if assessment.dispute else ""
    acceptance = period("complaint_acceptance", case.letter_date)
    waits = {"acceptance": acceptance, "basis": basis or article("消法", 46),
             "mediation_target": period("mediation_target", case.letter_date),
             "mediation_end": period("mediation_end", case.letter_date)}
    return Step("complaint_12315", waits, _letters(assessment, "complaint-12315"))


def _payment_step(case: Case, assessment: Assessment) -> Step:
    dispute = assessment.dispute
    if dispute and dispute.card and case.payment.card:
        card = dispute.card
        return Step("card_dispute", {"issuer": case.payment.card.issuer, "card": card},
                    _letters(assessment, "chargeback"), card.window_ends)
    if dispute and dispute.app:
        return Step("app_complaint", {"app": dispute.app}, _letters(assessment, "chargeback"))
    return Step("bank", {"method": case.payment.method})


# --- advice and beliefs ------------------------------------------------------------------------------


def advice(case: Case) -> tuple[Finding, ...]:
    """The consumer guide's advice that fits the case: account safety, a suspiciously low price."""
    found = []
    said = " ".join([*(e.what for e in case.timeline), *(c.summary for c in case.contacts)])
    if "account" in _kinds(case) or any(word in said for word in CREDENTIAL_WORDS):
        found.append(Finding("change_password"))
    official = case.order.official_price
    if official and case.order.price < official * FAR_BELOW_OFFICIAL:
        found.append(Finding("far_below_official_price", {
            "price": case.order.price, "official": official, "percent": round(case.order.price * 100 / official)}))
    return tuple(found)


def beliefs(case: Case, assessment: Assessment) -> tuple[Finding, ...]:
    """Popular beliefs that do not hold for this case, and the articles that say why (the legal map)."""
    found = []
    problems = set(case.problems)
    quality = cited(assessment, "消法24")
    no_reason = period("no_reason_return", case.letter_date)
    if case.order.delivered_at is not None and no_reason:
        found.append(Finding("seven_day_return", {
            "reference": no_reason.source.name, "days": no_reason.length,
            "quality": reference(quality) if quality else None}))
    if problems & (BREACH | {"undisclosed_no_refund"}):
        found.append(Finding("no_refund_rule", {
            "reference": article("消法", 26),
            "not_shown": None if case.order.refund_terms_shown else article("民法典", 496, "第二款")}))
    if "fraud" not in problems and problems & BREACH:
        found.append(Finding("triple_for_any_failure", {"reference": article("消法", 55, "第一款")}))
    app = assessment.dispute.app if assessment.dispute else None
    if app and "unauthorized_charge" not in problems:
        found.append(Finding("payment_app_must_refund", {"app": app, "reference": article("电商法", 57)}))
    return tuple(found)
