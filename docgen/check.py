"""What ``docgen check`` says about a case: its assessment explained, with warnings and a plan.

The decisions are the assessment's (:mod:`docgen.assess`): the documents, the articles with
their sentences of why, the amounts, the seller's deadline, the card or payment-app route,
its notes. This module only words them for the consumer and adds what no letter states,
each from ``shared/legal-map.md`` (sections 2 to 5) or the consumer guide: the periods of
section 5, the evidence a recipient expects, the order of the routes, the advice, and the
beliefs that do not hold. Sentences are in the CLI's language (:mod:`docgen.i18n`).
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from docgen.assess import PUNITIVE_MINIMUM, Assessment, Damages, assess
from docgen.codes import DOCUMENT_KINDS
from docgen.case import Case
from docgen.errors import Problem
from docgen.formatting import format_day, format_money
from docgen.i18n import N_, _, language
from docgen.laws import Citation, Passage, article_label, registry

QUALITY_RETURN_DAYS = 7
"""消法第二十四条第一款: with no rule or agreement, a defective item goes back within 7 days of receipt."""
COMPLAINT_YEARS = 3
"""投诉办法第十五条（四）: a 12315 complaint more than 3 years after the harm was known is refused."""
COURT_ABOVE = Decimal(500)
"""legal-map section 2 (fraud) and the consumer guide: above 500 yuan, the next step is the court."""
FAR_BELOW_OFFICIAL = Decimal("0.5")
"""The consumer guide: a price far below the official one ("远低于官方会员价的50%") is a warning sign."""
CREDENTIAL_WORDS = ("账号", "密码")
BREACH = frozenset({"not_delivered", "invalid_code", "not_as_described"})


@dataclass(frozen=True)
class DocumentNote:
    """Whether a document is made for the case, and why."""

    kind: str
    applies: bool
    why: str


@dataclass(frozen=True)
class CitedArticle:
    """An article a letter cites, named as letters name it, and the letter's sentence of why."""

    reference: str
    reason: str


@dataclass(frozen=True)
class Amounts:
    """The money claimed (``lines``: the arithmetic in words)."""

    currency: str
    price: Decimal
    refund: Decimal
    triple: Decimal | None
    punitive: Decimal | None
    minimum_applied: bool
    total: Decimal
    lines: tuple[str, ...]


@dataclass(frozen=True)
class KeyDate:
    """A date that matters (None: no date applies, ``text`` says why); ``over``: before the letter date."""

    key: str
    date: date | None
    over: bool
    text: str


@dataclass(frozen=True)
class Notice:
    """A warning, a piece of advice or a belief that does not hold, under a stable key."""

    key: str
    text: str


@dataclass(frozen=True)
class MissingEvidence:
    """Evidence a recipient will expect that the case lacks: any of ``kinds`` would do."""

    key: str
    kinds: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Step:
    """One step of the route plan: what to do, what it needs, how long to wait (until ``until``)."""

    number: int
    key: str
    action: str
    needs: tuple[str, ...]
    wait: str
    until: date | None


@dataclass(frozen=True)
class Report:
    """Everything ``docgen check`` says about one valid case."""

    case_id: str
    source: str
    letter_date: date
    documents: tuple[DocumentNote, ...]
    citations: dict[str, tuple[CitedArticle, ...]]
    amounts: Amounts
    dates: tuple[KeyDate, ...]
    warnings: tuple[Notice, ...]
    missing_evidence: tuple[MissingEvidence, ...]
    route: tuple[Step, ...]
    advice: tuple[Notice, ...]
    beliefs: tuple[Notice, ...]


def explain(case: Case, assessment: Assessment, load_warnings: Iterable[Problem] = ()) -> Report:
    """The report on ``case``: its assessment explained, warnings, the route plan and advice."""
    return Report(
        case_id=case.case_id,
        source=str(case.source),
        letter_date=case.letter_date,
        documents=documents(case, assessment),
        citations={kind: tuple(map(cited, citations)) for kind, citations in assessment.citations.items()},
        amounts=amounts(case, assessment.damages),
        dates=key_dates(case, assessment),
        warnings=warnings(case, assessment, load_warnings),
        missing_evidence=missing_evidence(case),
        route=route_plan(case, assessment),
        advice=advice(case),
        beliefs=beliefs(case, assessment),
    )


# --- sentences' building blocks ---------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return format_money(amount, language())


def _day(day: date) -> str:
    return format_day(day, language())


def _reference(citation: Citation) -> str:
    """《消法》第二十四条第一款, as the letters name a cited passage."""
    return Passage(citation.article, citation.paragraphs).name


def _article(law: str, number: int, part: str = "") -> str:
    """An article named by the statute's short name, whether or not docgen carries its text."""
    return f"《{registry().instrument(law).short}》{article_label(number)}{part}"


def _cited(assessment: Assessment, ref: str) -> Citation | None:
    """The citation of article ``ref`` (e.g. 消法24) in any letter of the case."""
    return next((c for cs in assessment.citations.values() for c in cs if c.article.ref == ref), None)


def _series(parts: Iterable[str]) -> str:
    """Parts of one sentence, separated as the language separates them."""
    return _("; ").join(parts)


def _kinds(case: Case) -> set[str]:
    return {evidence.kind for evidence in case.evidence}


def cited(citation: Citation) -> CitedArticle:
    """A citation as ``check`` shows it: its reference and its sentence of why in the CLI's language."""
    reason = citation.reasons.get(language()) or citation.reasons.get("zh_CN", "")
    return CitedArticle(_reference(citation), reason)


# --- documents and amounts ----------------------------------------------------------------------

_WHY = {  # kind → why it is made, why not
    "refund-request": (N_("always: the letter asking the seller for the money back"),) * 2,
    "complaint-12315": (N_("always: the complaint to the market regulator (12315)"),) * 2,
    "platform-dispute": (N_("the order was placed on {channel}, a platform that must help settle the dispute"),
                         N_("the order was not placed on a platform ({channel}): there is no platform to step in")),
    "chargeback": (N_("paid by {method}: the card issuer or the payment app can take up the dispute"),
                   N_("paid by {method}: there is no chargeback for this way of paying")),
    "evidence-index": (N_("the case lists evidence ({count}), numbered 证据1, 证据2, …"),
                       N_("the case lists no evidence")),
}


def documents(case: Case, assessment: Assessment) -> tuple[DocumentNote, ...]:
    """Each document kind, whether the assessment makes it, and why (case-format.md's table)."""
    facts = {"channel": case.order.channel, "method": case.payment.method, "count": len(case.evidence)}
    made = assessment.documents
    return tuple(DocumentNote(kind, kind in made, _(_WHY[kind][kind not in made]).format(**facts))
                 for kind in DOCUMENT_KINDS)


def amounts(case: Case, damages: Damages) -> Amounts:
    """The refund, three-fold compensation where claimed, and the total, with the arithmetic."""
    money = {"price": _money(damages.price), "refund": _money(damages.refund), "total": _money(damages.total),
             "minimum": _money(PUNITIVE_MINIMUM), "article": _article("消法", 55, "第一款")}
    lines = [_("Refund: {refund}, the price paid.").format(**money) if damages.refund == damages.price
             else _("Refund: {refund}, of the {price} paid.").format(**money)]
    if damages.punitive is not None and damages.triple is not None:
        money |= {"triple": _money(damages.triple), "punitive": _money(damages.punitive)}
        lines.append(_("Three-fold compensation ({article}): 3 × {price} = {triple}, below the minimum of {minimum}, "
                       "so {punitive}.").format(**money) if damages.minimum_applied
                     else _("Three-fold compensation ({article}): 3 × {price} = {punitive}.").format(**money))
    lines.append(_("Total claimed: {total}.").format(**money))
    return Amounts(case.order.currency, damages.price, damages.refund, damages.triple, damages.punitive,
                   damages.minimum_applied, damages.total, tuple(lines))


# --- dates -----------------------------------------------------------------------------------------


def key_dates(case: Case, assessment: Assessment) -> tuple[KeyDate, ...]:
    """The dates that matter, in the order a consumer meets them."""
    found = (_seller_deadline(case, assessment), _quality_return(case, assessment), _no_reason_return(case),
             _payment_deadline(case, assessment), _complaint_limit(case, assessment))
    return tuple(d for d in found if d is not None)


def _seller_deadline(case: Case, assessment: Assessment) -> KeyDate:
    text = _("The seller's deadline to answer: {days} days from the letter date, {letter_date}. It is your own "
             "demand, not a time limit set by law.")
    return KeyDate("seller_deadline", assessment.deadline, False,
                   text.format(days=case.claims.respond_within_days, letter_date=_day(case.letter_date)))


def _quality_return(case: Case, assessment: Assessment) -> KeyDate | None:
    citation = _cited(assessment, "消法24")
    if citation is None or case.order.delivered_at is None:
        return None
    ends = case.order.delivered_at.date() + timedelta(days=QUALITY_RETURN_DAYS)
    text = _("Return for a defect ({reference}): within {days} days of receiving it, when no other rule or "
             "agreement gives a period; after that, a return only if the conditions for ending the contract are "
             "met, otherwise an exchange or a repair.")
    return KeyDate("quality_return", ends, ends < case.letter_date,
                   text.format(reference=_reference(citation), days=QUALITY_RETURN_DAYS))


def _no_reason_return(case: Case) -> KeyDate:
    if case.order.delivered_at is None:
        reason = _("it runs from receipt of the goods, and nothing was received")
    elif case.order.activated:
        reason = _("digital goods delivered online are excluded (第一款第（三）项), and this code was "
                   "activated")
    else:
        reason = _("digital goods delivered online are excluded (第一款第（三）项), and a membership is "
                   "arguably a service rather than goods")
    text = _("The seven-day no-reason return ({reference}) does not apply: {reason}. It is a right for physical "
             "goods bought at a distance.")
    return KeyDate("no_reason_return", None, False, text.format(reference=_article("消法", 25), reason=reason))


def _payment_deadline(case: Case, assessment: Assessment) -> KeyDate | None:
    dispute = assessment.dispute
    card, app = (dispute.card, dispute.app) if dispute else (None, None)
    if card and case.payment.card:
        facts = {"issuer": case.payment.card.issuer, "network": card.network}
        if card.window is None or card.window_ends is None:
            text = _("Card dispute through {issuer} ({network}): no public source gives this network's time "
                     "limit; ask the issuer at once.")
            return KeyDate("card_dispute", None, False, text.format(**facts))
        text = _("Card dispute through {issuer} ({network}): usually within {days} days of {counted_from} "
                 "(source: {source}); from the payment, that is until this date. A card-network rule, not Chinese "
                 "law: ask the issuer to confirm.")
        return KeyDate("card_dispute", card.window_ends, card.late,
                       text.format(**facts, days=card.window.days, counted_from=card.window.start,
                                   source=card.window.source))
    if app:
        text = _("Complaint in {provider} ({route}): docgen knows no verified deadline; complain soon, while the "
                 "records are fresh.")
        return KeyDate("app_complaint", None, False, text.format(provider=app.provider, route=app.route))
    return None


def _complaint_limit(case: Case, assessment: Assessment) -> KeyDate:
    rule = registry().instrument("投诉办法")
    reference = _article("投诉办法", 15, "第（四）项")
    if rule.repealed and case.letter_date >= rule.repealed:
        text = _("12315 complaint: the rule that allowed {years} years from when you knew of the harm "
                 "({reference}) was repealed on {repealed}. Its successor (总局令第121号) is not among the texts "
                 "docgen holds, so docgen states no time limit: complain soon.")
        return KeyDate("complaint_limit", None, False,
                       text.format(years=COMPLAINT_YEARS, reference=reference, repealed=_day(rule.repealed)))
    purchase = assessment.transaction_date
    try:
        ends = purchase.replace(year=purchase.year + COMPLAINT_YEARS)
    except ValueError:  # 29 February
        ends = purchase.replace(year=purchase.year + COMPLAINT_YEARS, day=28)
    text = _("12315 complaint: within {years} years of when you knew or should have known of the harm "
             "({reference}): at least until this date, {years} years from the purchase on {purchase}.")
    return KeyDate("complaint_limit", ends, ends < case.letter_date,
                   text.format(years=COMPLAINT_YEARS, reference=reference, purchase=_day(purchase)))


# --- warnings ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedEvidence:
    """Evidence the seller, platform or bank will ask for, when ``needed`` for the case."""

    key: str
    kinds: tuple[str, ...]
    what: str
    needed: Callable[[Case], bool]


EXPECTED_EVIDENCE = (
    ExpectedEvidence("payment", ("payment",),
                     N_("the payment record (支付凭证): the bill in Alipay or WeChat, or the bank statement"),
                     lambda case: True),
    ExpectedEvidence("delivered", ("code", "account"),
                     N_("the code or account the seller delivered (兑换码 / 账号; hide any password)"),
                     lambda case: case.order.delivered_at is not None),
    ExpectedEvidence("chat", ("chat",),
                     N_("the chat with the seller, above all what it promised and how it refused"),
                     lambda case: True),
    ExpectedEvidence("membership_status", ("account", "code"),
                     N_("the membership status screen in the app: purchase time, expiry, activated or not"),
                     lambda case: True),
    ExpectedEvidence("listing", ("listing",), N_("the listing or advert as you saw it before paying"),
                     lambda case: bool({"not_as_described", "fraud"} & set(case.problems))),
)
"""From the consumer guide (支付凭证, 兑换码/账号, 沟通记录, 会员状态截图) and chargeback-rules.md
section 4 (what issuers ask for)."""


def missing_evidence(case: Case) -> tuple[MissingEvidence, ...]:
    """The evidence recipients will expect that the case does not list."""
    kinds = _kinds(case)
    return tuple(MissingEvidence(e.key, e.kinds, _(e.what)) for e in EXPECTED_EVIDENCE
                 if e.needed(case) and not kinds & set(e.kinds))


def warnings(case: Case, assessment: Assessment, load_warnings: Iterable[Problem]) -> tuple[Notice, ...]:
    """Where the case is weak: what the file lost, the assessment's notes, and the checks below."""
    found = [Notice("case_file", warning.format(case.source)) for warning in load_warnings]
    found += [Notice("assessment", note) for note in assessment.notes]
    if case.order.activated:
        found.append(Notice("activated", _(
            "order.activated is true: sellers and platforms treat an activated membership as used (已消费), and a "
            "refund is much harder. Keep the membership status screen that shows what the activation really gave "
            "you.")))
    if "fraud" in case.problems and not case.claims.punitive:
        damages = _if_punitive_claimed(case)
        if damages and damages.punitive is not None and damages.triple is not None:
            found.append(Notice("fraud_not_claimed", _(
                "fraud is among the problems, but claims.punitive is false: the letters do not claim three-fold "
                "compensation ({article}). With evidence of deception, punitive: true would add {punitive} "
                "(3 × {price} = {triple}, at least {minimum}).").format(
                article=_article("消法", 55, "第一款"), punitive=_money(damages.punitive),
                price=_money(damages.price), triple=_money(damages.triple), minimum=_money(PUNITIVE_MINIMUM))))
    if "fraud" in case.problems and not _kinds(case) & {"listing", "chat"}:
        found.append(Notice("fraud_unproven", _(
            "fraud is among the problems, but neither a listing nor a chat is among the evidence: fraud must be "
            "shown by evidence of deception (what the seller claimed, and proof that it was false). A code that "
            "does not work is a breach of contract, not fraud.")))
    if not case.contacts:
        found.append(Notice("no_contacts", _(
            "No attempt to settle with the seller is recorded (contacts is empty). Card issuers require one before "
            "a dispute, and platforms and 12315 expect you to have asked the seller first: send the refund request "
            "and add it under contacts.")))
    return tuple(found)


def _if_punitive_claimed(case: Case) -> Damages | None:
    """The damages if three-fold compensation were claimed; None where no letter would cite 消法55."""
    claimed = assess(replace(case, claims=replace(case.claims, punitive=True)))
    return claimed.damages if _cited(claimed, "消法55") else None


# --- the route plan -----------------------------------------------------------------------------------


def route_plan(case: Case, assessment: Assessment) -> tuple[Step, ...]:
    """The routes in order: on a platform, its dispute process, then 12315, then the payment route;
    off a platform, the seller, then the payment route and 12315; for fraud or more than 500 yuan,
    then the police or the court."""
    seller = _seller_step(case, assessment)
    if case.order.on_platform:
        plan = [seller, _platform_step(case, assessment), _complaint_step(case, assessment),
                _payment_step(case, assessment)]
    else:
        plan = [seller, _payment_step(case, assessment), _complaint_step(case, assessment)]
    if "fraud" in case.problems or assessment.damages.total > COURT_ABOVE:
        plan.append(_police_or_court_step(case, assessment))
    return tuple(replace(step, number=number) for number, step in enumerate(plan, 1))


def _letters(assessment: Assessment, kind: str) -> tuple[str, ...]:
    """The document ``kind`` with the evidence index behind it, where the case has one."""
    return tuple(k for k in (kind, "evidence-index") if k in assessment.documents)


def _seller_step(case: Case, assessment: Assessment) -> Step:
    if case.order.on_platform:
        action = _("Ask the seller for the refund: apply for a refund (申请退款) in the {channel} order and send "
                   "the refund request in the platform's chat.").format(channel=case.order.channel)
    else:
        action = _("Ask the seller for the refund: send the refund request where you dealt with it "
                   "({contact}).").format(contact=case.merchant.contact or case.order.channel)
    wait = _("until {date}, the deadline the letter gives").format(date=_day(assessment.deadline))
    return Step(0, "seller", action, _letters(assessment, "refund-request"), wait, assessment.deadline)


def _platform_step(case: Case, assessment: Assessment) -> Step:
    reason = assessment.dispute.platform_reason if assessment.dispute else None
    action = _("If the seller refuses or does not answer, ask {channel} to step in (申请平台介入 / 客服介入) "
               "with the platform dispute letter; on the form, choose the reason “{reason}”.").format(
        channel=case.order.channel, reason=reason or "")
    wait = _("as long as the platform's own rules allow (the order page shows its time limits); docgen knows no "
             "fixed period")
    return Step(0, "platform", action, _letters(assessment, "platform-dispute"), wait, None)


def _complaint_step(case: Case, assessment: Assessment) -> Step:
    action = _("Complain to the market regulator through 12315 (the 12315 website, app or mini-program, or the "
               "12315 hotline) with the complaint.")
    needs = (*_letters(assessment, "complaint-12315"),
             _("the seller's name and address or 统一社会信用代码: 12315 needs a clearly identified "
               "respondent"))
    basis = assessment.dispute.acceptance_basis if assessment.dispute else ""
    waits = [_("7 working days for the regulator to accept or refuse it ({basis})").format(
        basis=basis or _article("消法", 46))]
    if registry().instrument("实施条例").in_force(case.letter_date):
        waits.append(_("mediation, if both sides agree to it, should be finished within 60 days of acceptance "
                       "({reference})").format(reference=_article("实施条例", 46, "第三款")))
    complaint_rule = registry().instrument("投诉办法")
    if complaint_rule.in_force(case.letter_date):
        waits.append(_("mediation ends if there is no agreement within 45 working days of acceptance "
                       "({reference})").format(reference=_article("投诉办法", 21, "第（五）项")))
    return Step(0, "complaint_12315", action, needs, _series(waits), None)


def _payment_step(case: Case, assessment: Assessment) -> Step:
    dispute = assessment.dispute
    attempt = _("the refund request and the seller's answer, or its silence")
    if dispute and dispute.card and case.payment.card:
        card = dispute.card
        category = card.category.summary if card.category else _("ask the issuer which category applies")
        codes = ", ".join(f"{card.network} {c.code} {c.name}" for c in card.category.codes) if card.category else ""
        if codes:  # the network's reason codes, with their names as the network writes them
            category = _("{category} ({codes})").format(category=category, codes=codes)
        action = _("Ask {issuer} for a card dispute (争议交易 / 拒付) with the chargeback letter: "
                   "{category}.").format(issuer=case.payment.card.issuer, category=category)
        if card.window_ends:
            wait = _("file by {date}; then the issuer's own process decides").format(date=_day(card.window_ends))
        else:
            wait = _("file at once: docgen knows no time limit for {network} cards").format(network=card.network)
        return Step(0, "card_dispute", action, (*_letters(assessment, "chargeback"), attempt), wait, card.window_ends)
    if dispute and dispute.app:
        action = _("Complain in {provider} about this payment ({route}) with the chargeback text.").format(
            provider=dispute.app.provider, route=dispute.app.route)
        wait = _("no deadline docgen can vouch for: complain soon; the merchant answers through the app")
        return Step(0, "app_complaint", action, (*_letters(assessment, "chargeback"), attempt), wait, None)
    action = _("There is no chargeback for {method}: ask your bank's fraud desk about the payment, and report fraud "
               "to the police.").format(method=case.payment.method)
    return Step(0, "bank", action, (_("the transfer record"),), _("at once: the sooner the bank knows, the better"),
                None)


def _police_or_court_step(case: Case, assessment: Assessment) -> Step:
    needs = (_("the evidence and the payment record"),
             _("what you know of the seller's identity: name, account, phone, payee"))
    if "fraud" in case.problems:
        action = _("Report the fraud to the police (110 or the local police station) with the evidence; for the "
                   "money, you can also sue the seller at the people's court (small-claims procedure, 小额诉讼).")
    else:
        action = _("Sue the seller for {total} at the people's court (small-claims procedure, 小额诉讼, for a "
                   "simple money claim); a lawyer's advice helps.").format(total=_money(assessment.damages.total))
    return Step(0, "police_or_court", action, needs, "", None)


# --- advice and beliefs ------------------------------------------------------------------------------


def advice(case: Case) -> tuple[Notice, ...]:
    """The consumer guide's advice that fits the case: account safety, a suspiciously low price."""
    found = []
    said = " ".join([*(e.what for e in case.timeline), *(c.summary for c in case.contacts)])
    if "account" in _kinds(case) or any(word in said for word in CREDENTIAL_WORDS):
        found.append(Notice("change_password", _(
            "The case suggests the seller got account details (an account among the evidence, or 账号/密码 in "
            "the timeline or contacts): if you gave the seller an account or its password, change the password now "
            "and turn on two-step verification (二次验证). Never send the seller your ID card or other personal "
            "data.")))
    official = case.order.official_price
    if official and case.order.price < official * FAR_BELOW_OFFICIAL:
        found.append(Notice("far_below_official_price", _(
            "The price paid, {price}, is {percent} percent of the official {official}. A price that far below "
            "the official one suggests codes of doubtful origin (bought with stolen cards, shared or already used) "
            "and a seller likely to vanish: act quickly and keep every record. If the seller called the code "
            "official, that claim and the price may be evidence of deception.").format(
            price=_money(case.order.price), official=_money(official),
            percent=round(case.order.price * 100 / official))))
    return tuple(found)


def beliefs(case: Case, assessment: Assessment) -> tuple[Notice, ...]:
    """Popular beliefs that do not hold for this case, and why docgen does not rely on them (legal-map.md)."""
    found = []
    problems = set(case.problems)
    quality = _cited(assessment, "消法24")
    if case.order.delivered_at is not None:
        defect = _(" A code that does not work is a defect instead, which docgen cites: {reference}.").format(
            reference=_reference(quality)) if quality else ""
        found.append(Notice("seven_day_return", _(
            "“Anything bought online can be returned within seven days” ({reference}): docgen does not cite it "
            "for a delivered code. Digital goods delivered online are excluded (第一款第（三）项); goods whose value "
            "drops once activated can be excluded when you confirmed it at purchase (第二款); and a membership is "
            "arguably a service, not goods.{defect}").format(reference=_article("消法", 25), defect=defect)))
    if problems & (BREACH | {"undisclosed_no_refund"}):
        not_shown = "" if case.order.refund_terms_shown else _(
            " A term not shown before payment is not even part of the contract ({reference}).").format(
            reference=_article("民法典", 496, "第二款"))
        found.append(Notice("no_refund_rule", _(
            "“Virtual goods are never refunded” (the seller's rule): no notice or term can take away the right to "
            "a refund for a code that was not delivered or does not work ({reference}).{not_shown}").format(
            reference=_article("消法", 26), not_shown=not_shown)))
    if "fraud" not in problems and problems & BREACH:
        found.append(Notice("triple_for_any_failure", _(
            "“A seller whose code fails owes three times the price”: only fraud does ({reference}), and fraud must "
            "be shown by evidence of deception; a code that fails is a breach of contract, and the refund is the "
            "claim.").format(reference=_article("消法", 55, "第一款"))))
    app = assessment.dispute.app if assessment.dispute else None
    if app and "unauthorized_charge" not in problems:
        found.append(Notice("payment_app_must_refund", _(
            "“{provider} must give the money back”: no law makes a payment app refund you for a seller's breach; "
            "its complaint ({route}) asks the merchant to answer. The law puts the loss on the payment provider only "
            "for a payment you did not make ({reference}).").format(
            provider=app.provider, route=app.route, reference=_article("电商法", 57))))
    return tuple(found)


# --- output ------------------------------------------------------------------------------------------------


def render_json(report: Report) -> str:
    """The report as one JSON object: stable keys, ISO dates, amounts as strings with two decimals."""
    return json.dumps({"valid": True, **dataclasses.asdict(report)}, ensure_ascii=False, indent=2,
                      default=_json_value)


def _json_value(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def render_text(report: Report) -> str:
    """The report for a terminal: sections with a heading, one indented entry per line."""
    yes, no, over, missing = _("yes"), _("no"), _("over on the letter date"), _("Missing evidence")
    needs, wait = _("Needs: {items}"), _("Wait: {text}")
    width = max(len(d.kind) for d in report.documents)
    sections = (
        (_("Documents"), [f"  {yes if d.applies else no:<4} {d.kind:<{width}}  {d.why}" for d in report.documents]),
        (_("Articles each letter cites, and why"),
         [line for kind, articles in report.citations.items()
          for line in (f"  {kind}", *(f"    {a.reference}\n      {a.reason}" for a in articles))]),
        (_("Amounts"), [f"  {line}" for line in report.amounts.lines]),
        (_("Dates"), [f"  {d.date.isoformat() if d.date else '—':<10}  {d.text}" + (f"  [{over}]" if d.over else "")
                      for d in report.dates]),
        (_("Warnings"), [*(f"  ! {w.text}" for w in report.warnings),
                         *(f"  ! {missing}: {m.text}" for m in report.missing_evidence)]),
        (_("Route plan"), [f"  {s.number}. {s.action}"
                           + (f"\n     {needs.format(items=_series(s.needs))}" if s.needs else "")
                           + (f"\n     {wait.format(text=s.wait)}" if s.wait else "") for s in report.route]),
        (_("Advice"), [f"  - {a.text}" for a in report.advice]),
        (_("Beliefs that do not hold here"), [f"  - {b.text}" for b in report.beliefs]),
    )
    lines = [_("{case_id}: the case file is valid ({source}); letter date {date}.").format(
        case_id=report.case_id, source=report.source, date=_day(report.letter_date))]
    for title, entries in sections:
        if entries:
            lines += ["", title, *entries]
    return "\n".join(lines)
