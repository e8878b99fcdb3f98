"""What ``docgen check`` says about a case: its assessment and its advice, worded, as text or JSON.

The decisions are the assessment's (:mod:`docgen.assess`: the documents, the articles with
their sentences of why, the amounts, the seller's deadline, the card or payment-app route,
its notes) and the advice's (:mod:`docgen.advice`: the dates, what is weak or missing, the
route plan, the advice and the beliefs that do not hold). This module only words them for
the consumer, in the CLI's language (:mod:`docgen.i18n`), and renders the report.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from docgen.advice import Advice, Finding, KeyDate, Step, advise
from docgen.assess import Assessment, Damages
from docgen.casefile import Case
from docgen.codes import COURT_KINDS, DOCUMENT_KINDS
from docgen.complaint_summary import complaint_summary
from docgen.errors import Problem
from docgen.formatting import format_day, format_money
from docgen.i18n import N_, _, language
from docgen.laws import Citation, Passage
from docgen.procedure import Period, amount, procedure


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
class DateNote:
    """A date that matters (None: no date applies, ``text`` says why); ``over``: before the letter date;
    ``estimate``: counted in calendar days, as the working days of its year are not known."""

    key: str
    date: date | None
    over: bool
    estimate: bool
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
class StepNote:
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
    dates: tuple[DateNote, ...]
    warnings: tuple[Notice, ...]
    missing_evidence: tuple[MissingEvidence, ...]
    route: tuple[StepNote, ...]
    advice: tuple[Notice, ...]
    beliefs: tuple[Notice, ...]
    complaint_summary: tuple[str, ...] = ()
    """What the 12315 complaint says, in the CLI's language, when it is not in the case's language."""


def explain(case: Case, assessment: Assessment, load_warnings: Iterable[Problem] = ()) -> Report:
    """The report on ``case``: its assessment and advice, worded."""
    advice = advise(case, assessment)
    return Report(
        case_id=case.case_id,
        source=str(case.source),
        letter_date=case.letter_date,
        documents=documents(case, assessment),
        citations={kind: tuple(map(cited, citations)) for kind, citations in assessment.citations.items()
                   if kind in assessment.documents},
        amounts=amounts(case, assessment.damages),
        dates=tuple(map(date_note, advice.dates)),
        warnings=warnings(case, assessment, advice, load_warnings),
        missing_evidence=tuple(MissingEvidence(e.key, e.kinds, _(_EVIDENCE[e.key])) for e in advice.missing_evidence),
        route=tuple(step_note(number, step) for number, step in enumerate(advice.route, 1)),
        advice=tuple(_notice(finding) for finding in advice.advice),
        beliefs=tuple(_notice(finding) for finding in advice.beliefs),
        complaint_summary=complaint_summary(case, assessment),
    )


# --- sentences' building blocks ---------------------------------------------------------------


def _money(amount: Decimal) -> str:
    return format_money(amount, language())


def _day(day: date) -> str:
    return format_day(day, language())


_UNITS = {"days": N_("{length} days"), "working_days": N_("{length} working days"), "years": N_("{length} years")}


def _length(period: Period) -> str:
    """A period's length in words, in its unit (days, working days, years)."""
    return _(_UNITS[period.unit]).format(length=period.length)


def _series(parts: Iterable[str]) -> str:
    """Parts of one sentence, separated as the language separates them."""
    return _("; ").join(parts)


def cited(citation: Citation) -> CitedArticle:
    """A citation as ``check`` shows it: its reference and its sentence of why in the CLI's language."""
    reason = citation.reasons.get(language()) or citation.reasons.get("zh_CN", "")
    return CitedArticle(Passage(citation.article, citation.paragraphs).name, reason)


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


_COURT_WHY = {
    "total_above_threshold": N_("the total claimed, {total}, is above {threshold}"),
    "seller_unreachable": N_("the seller cannot be reached"),
}


def _small_claims_why(assessment: Assessment) -> str:
    """Why ``docgen build`` makes the civil complaint or not, the court and the estimated fee."""
    court = assessment.court
    if court is None:
        return ""
    facts = {"total": _money(assessment.damages.total), "threshold": _money(court.threshold)}
    where = court.venue.court if court.venue else _("the basic people's court of your domicile")
    if not court.reasons:
        return _("the total claimed, {total}, is not above {threshold} and the seller can be reached: "
                 "docgen small-claims CASE makes the civil complaint on request").format(**facts)
    reasons = _series(_(_COURT_WHY[code]).format(**facts) for code in court.reasons)
    why = _("{reasons}: the civil complaint (small claims) to {court}, the court of the buyer's domicile for "
            "a contract made and delivered online; court fee estimated at {fee}, {half} if halved").format(
        reasons=reasons, court=where, fee=_money(court.fee.full), half=_money(court.fee.half))
    if court.internet_court:
        why += _("; {internet_court} may hear online-shopping cases of the city instead: ask the court").format(
            internet_court=court.internet_court)
    return why


def documents(case: Case, assessment: Assessment) -> tuple[DocumentNote, ...]:
    """Each document kind, whether the assessment makes it, and why (docs/case-file.md, "The documents")."""
    facts = {"channel": case.order.channel, "method": case.payment.method, "count": len(case.evidence)}
    made = assessment.documents
    return tuple(DocumentNote(kind, kind in made, _small_claims_why(assessment) if kind in COURT_KINDS
                              else _(_WHY[kind][kind not in made]).format(**facts))
                 for kind in DOCUMENT_KINDS)


def _punitive_article() -> str:
    """The article of the increased compensation and its minimum: 《消法》第五十五条第一款 (procedure.yaml)."""
    source = procedure().amounts["punitive_multiple"].source
    return source.name if source else ""


def amounts(case: Case, damages: Damages) -> Amounts:
    """The refund, the increased compensation where claimed, and the total, with the arithmetic."""
    money = {"price": _money(damages.price), "refund": _money(damages.refund), "total": _money(damages.total),
             "minimum": _money(amount("punitive_minimum")), "multiple": amount("punitive_multiple"),
             "article": _punitive_article()}
    lines = [_("Refund: {refund}, the price paid.").format(**money) if damages.refund == damages.price
             else _("Refund: {refund}, of the {price} paid.").format(**money)]
    if damages.punitive is not None and damages.triple is not None:
        money |= {"triple": _money(damages.triple), "punitive": _money(damages.punitive)}
        lines.append(_("Increased compensation, 增加赔偿 ({article}): {multiple} × {price} = {triple}, below the "
                       "minimum of {minimum}, so {punitive}.").format(**money) if damages.minimum_applied
                     else _("Increased compensation, 增加赔偿 ({article}): {multiple} × {price} = {punitive}.").format(**money))
    lines.append(_("Total claimed: {total}.").format(**money))
    return Amounts(case.order.currency, damages.price, damages.refund, damages.triple, damages.punitive,
                   damages.minimum_applied, damages.total, tuple(lines))


# --- dates -----------------------------------------------------------------------------------------


def date_note(key_date: KeyDate) -> DateNote:
    """A key date with its sentence."""
    return DateNote(key_date.key, key_date.date, key_date.over, key_date.estimate,
                    _DATES[key_date.key](key_date.facts, key_date.estimate))


def _seller_deadline(facts: Mapping[str, Any], estimate: bool) -> str:
    return _("The seller's deadline to answer: {days} days from the letter date, {letter_date}. It is your own "
             "demand, not a time limit set by law.").format(days=facts["days"], letter_date=_day(facts["letter_date"]))


def _complaint_acceptance(facts: Mapping[str, Any], estimate: bool) -> str:
    text = _("12315: if you complain on the letter date, {letter_date}, the regulator is to decide by this date "
             "whether to accept the complaint: within {days} working days of receiving it ({basis}), the day of "
             "receipt not counted{counting}.").format(
        letter_date=_day(facts["letter_date"]), days=facts["days"], basis=facts["basis"],
        counting=_(" ({reference})").format(reference=facts["counting"]) if facts["counting"] else "")
    if estimate:
        return text + _(" This date is an estimate: docgen knows China's official holidays and make-up working "
                        "days only through {year}, so it counted {days} calendar days; the real date is later by "
                        "the weekends and holidays in between.").format(year=facts["last_year"], days=facts["days"])
    return text + _(" Counted over China's official holidays and make-up working days (调休).")


def _quality_return(facts: Mapping[str, Any], estimate: bool) -> str:
    return _("Return for a defect ({reference}): within {days} days of receiving it, when no other rule or "
             "agreement gives a period; after that, a return only if the conditions for ending the contract are "
             "met, otherwise an exchange or a repair.").format(**facts)


_NO_REASON_WHY = {
    "not_received": N_("it runs from receipt of the goods, and nothing was received"),
    "activated": N_("digital goods delivered online are excluded (第一款第（三）项), and this code was activated"),
    "service": N_("digital goods delivered online are excluded (第一款第（三）项), and a membership is arguably a "
                  "service rather than goods"),
}


def _no_reason_return(facts: Mapping[str, Any], estimate: bool) -> str:
    return _("The {days}-day no-reason return ({reference}) does not apply: {reason}. It is a right for physical "
             "goods bought at a distance.").format(days=facts["days"], reference=facts["reference"],
                                                   reason=_(_NO_REASON_WHY[facts["why"]]))


def _card_dispute(facts: Mapping[str, Any], estimate: bool) -> str:
    window = facts["window"]
    if window is None:
        return _("Card dispute through {issuer} ({network}): no public source gives this network's time "
                 "limit; ask the issuer at once.").format(**facts)
    return _("Card dispute through {issuer} ({network}): usually within {days} days of {counted_from} "
             "(source: {source}); from the payment, that is until this date. A card-network rule, not Chinese "
             "law: ask the issuer to confirm.").format(issuer=facts["issuer"], network=facts["network"],
                                                      days=window.days, counted_from=window.start,
                                                      source=window.source)


def _app_complaint(facts: Mapping[str, Any], estimate: bool) -> str:
    return _("Complaint in {provider} ({route}): docgen knows no verified deadline; complain soon, while the "
             "records are fresh.").format(**facts)


def _complaint_limit(facts: Mapping[str, Any], estimate: bool) -> str:
    return _("12315 complaint: within {years} years of when you knew or should have known of the harm "
             "({reference}): at least until this date, {years} years from the purchase on {purchase}.").format(
        years=facts["years"], reference=facts["reference"], purchase=_day(facts["purchase"]))


_DATES: dict[str, Callable[[Mapping[str, Any], bool], str]] = {
    "seller_deadline": _seller_deadline, "complaint_acceptance": _complaint_acceptance,
    "quality_return": _quality_return, "no_reason_return": _no_reason_return,
    "card_dispute": _card_dispute, "app_complaint": _app_complaint, "complaint_limit": _complaint_limit,
}


# --- warnings, advice and beliefs -------------------------------------------------------------------

_EVIDENCE = {
    "payment": N_("the payment record (支付凭证): the bill in Alipay or WeChat, or the bank statement"),
    "delivered": N_("the code or account the seller delivered (兑换码 / 账号; hide any password)"),
    "chat": N_("the chat with the seller, above all what it promised and how it refused"),
    "membership_status": N_("the membership status screen in the app: purchase time, expiry, activated or not"),
    "listing": N_("the listing or advert as you saw it before paying"),
}


def warnings(case: Case, assessment: Assessment, advice: Advice, load_warnings: Iterable[Problem]) -> tuple[Notice, ...]:
    """Where the case is weak: what the file lost, the assessment's notes, and the advice's warnings."""
    found = [Notice("case_file", warning.format(case.source)) for warning in load_warnings]
    found += [Notice("assessment", note) for note in assessment.notes]
    return tuple([*found, *(_notice(finding) for finding in advice.warnings)])


def _fraud_not_claimed(facts: Mapping[str, Any]) -> str:
    damages = facts["damages"]
    return _("fraud is among the problems, but claims.punitive is false: the letters do not claim the "
             "increased compensation ({article}). With evidence of deception, punitive: true would add {punitive} "
             "({multiple} × {price} = {triple}, at least {minimum}).").format(
        article=_punitive_article(), punitive=_money(damages.punitive), multiple=amount("punitive_multiple"),
        price=_money(damages.price), triple=_money(damages.triple), minimum=_money(amount("punitive_minimum")))


def _far_below_official_price(facts: Mapping[str, Any]) -> str:
    return _("The price paid, {price}, is {percent} percent of the official {official}. A price that far below "
             "the official one suggests codes of doubtful origin (bought with stolen cards, shared or already used) "
             "and a seller likely to vanish: act quickly and keep every record. If the seller called the code "
             "official, that claim and the price may be evidence of deception.").format(
        price=_money(facts["price"]), official=_money(facts["official"]), percent=facts["percent"])


def _seven_day_return(facts: Mapping[str, Any]) -> str:
    defect = _(" A code that does not work is a defect instead, which docgen cites: {reference}.").format(
        reference=facts["quality"]) if facts["quality"] else ""
    return _("“Anything bought online can be returned within {days} days” ({reference}): docgen does not cite it "
             "for a delivered code. Digital goods delivered online are excluded (第一款第（三）项); goods whose value "
             "drops once activated can be excluded when you confirmed it at purchase (第二款); and a membership is "
             "arguably a service, not goods.{defect}").format(days=facts["days"], reference=facts["reference"],
                                                              defect=defect)


def _no_refund_rule(facts: Mapping[str, Any]) -> str:
    not_shown = _(" A term not shown before payment is not even part of the contract ({reference}).").format(
        reference=facts["not_shown"]) if facts["not_shown"] else ""
    return _("“Virtual goods are never refunded” (the seller's rule): no notice or term can take away the right to "
             "a refund for a code that was not delivered or does not work ({reference}).{not_shown}").format(
        reference=facts["reference"], not_shown=not_shown)


def _payment_app_must_refund(facts: Mapping[str, Any]) -> str:
    app = facts["app"]
    return _("“{provider} must give the money back”: no law makes a payment app refund you for a seller's breach; "
             "its complaint ({route}) asks the merchant to answer. The law puts the loss on the payment provider only "
             "for a payment you did not make ({reference}).").format(
        provider=app.provider, route=app.route, reference=facts["reference"])


_NOTICES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "activated": lambda facts: _(
        "order.activated is true: sellers and platforms treat an activated membership as used (已消费), and a "
        "refund is much harder. Keep the membership status screen that shows what the activation really gave "
        "you."),
    "fraud_not_claimed": _fraud_not_claimed,
    "fraud_unproven": lambda facts: _(
        "fraud is among the problems, but neither a listing nor a chat is among the evidence: fraud must be "
        "shown by evidence of deception (what the seller claimed, and proof that it was false). A code that "
        "does not work is a breach of contract, not fraud."),
    "no_contacts": lambda facts: _(
        "No attempt to settle with the seller is recorded (contacts is empty). Card issuers require one before "
        "a dispute, and platforms and 12315 expect you to have asked the seller first: send the refund request "
        "and add it under contacts."),
    "change_password": lambda facts: _(
        "The case suggests the seller got account details (an account among the evidence, or 账号/密码 in "
        "the timeline or contacts): if you gave the seller an account or its password, change the password now "
        "and turn on two-step verification (二次验证). Never send the seller your ID card or other personal "
        "data."),
    "far_below_official_price": _far_below_official_price,
    "seven_day_return": _seven_day_return,
    "no_refund_rule": _no_refund_rule,
    "triple_for_any_failure": lambda facts: _(
        "“A seller whose code fails owes {multiple} times the price”: only fraud does ({reference}), and fraud "
        "must be shown by evidence of deception; a code that fails is a breach of contract, and the refund is the "
        "claim.").format(multiple=amount("punitive_multiple"), **facts),
    "payment_app_must_refund": _payment_app_must_refund,
}


def _notice(finding: Finding) -> Notice:
    return Notice(finding.key, _NOTICES[finding.key](finding.facts))


# --- the route plan -----------------------------------------------------------------------------------


def step_note(number: int, step: Step) -> StepNote:
    """A step of the route plan, worded: what to do, what it needs, how long to wait."""
    action, needs, wait = _STEPS[step.key](step.facts)
    return StepNote(number, step.key, action, (*step.documents, *needs), wait, step.until)


def _seller_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    if facts["on_platform"]:
        action = _("Ask the seller for the refund: apply for a refund (申请退款) in the {channel} order and send "
                   "the refund request in the platform's chat.").format(channel=facts["channel"])
    else:
        action = _("Ask the seller for the refund: send the refund request where you dealt with it "
                   "({contact}).").format(contact=facts["contact"])
    return action, (), _("until {date}, the deadline the letter gives").format(date=_day(facts["deadline"]))


def _platform_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    action = _("If the seller refuses or does not answer, ask {channel} to step in (申请平台介入 / 客服介入) "
               "with the platform dispute letter; on the form, choose the reason “{reason}”.").format(**facts)
    wait = _("as long as the platform's own rules allow (the order page shows its time limits); docgen knows no "
             "fixed period")
    return action, (), wait


def _complaint_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    action = _("Complain to the market regulator through 12315 (the 12315 website, app or mini-program, or the "
               "12315 hotline) with the complaint.")
    needs = (_("the seller's name and address or 统一社会信用代码: 12315 needs a clearly identified "
               "respondent"),)
    waits = [_("{period} for the regulator to accept or refuse it ({basis})").format(
        period=_length(facts["acceptance"]), basis=facts["basis"])]
    if facts["mediation_target"]:
        waits.append(_("mediation, if both sides agree to it, should be finished within {period} of acceptance "
                       "({reference})").format(period=_length(facts["mediation_target"]),
                                               reference=facts["mediation_target"].source.name))
    if facts["mediation_end"]:
        waits.append(_("mediation ends if there is no agreement within {period} of acceptance "
                       "({reference})").format(period=_length(facts["mediation_end"]),
                                               reference=facts["mediation_end"].source.name))
    return action, needs, _series(waits)


_ATTEMPT = N_("the refund request and the seller's answer, or its silence")


def _card_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    card = facts["card"]
    category = card.category.summary if card.category else _("ask the issuer which category applies")
    codes = ", ".join(f"{card.network} {c.code} {c.name}" for c in card.category.codes) if card.category else ""
    if codes:  # the network's reason codes, with their names as the network writes them
        category = _("{category} ({codes})").format(category=category, codes=codes)
    action = _("Ask {issuer} for a card dispute (争议交易 / 拒付) with the chargeback letter: "
               "{category}.").format(issuer=facts["issuer"], category=category)
    if card.window_ends:
        wait = _("file by {date}; then the issuer's own process decides").format(date=_day(card.window_ends))
    else:
        wait = _("file at once: docgen knows no time limit for {network} cards").format(network=card.network)
    return action, (_(_ATTEMPT),), wait


def _app_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    app = facts["app"]
    if app.to_person:
        action = _("The money went to a private account, so {provider}'s merchant complaint ({merchant}) does not "
                   "cover it: complain about the payee's account in the app ({route}) with the chargeback text, and "
                   "ask for the record of the transfer.").format(provider=app.provider, merchant=app.merchant_route,
                                                                 route=app.route)
        return action, (_(_ATTEMPT),), _("no deadline docgen can vouch for: complain soon")
    action = _("Complain in {provider} about this payment ({route}) with the chargeback text.").format(
        provider=app.provider, route=app.route)
    wait = _("no deadline docgen can vouch for: complain soon; the merchant answers through the app")
    return action, (_(_ATTEMPT),), wait


def _bank_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    action = _("There is no chargeback for {method}: ask your bank's fraud desk about the payment, and report fraud "
               "to the police.").format(**facts)
    return action, (_("the transfer record"),), _("at once: the sooner the bank knows, the better")


def _police_or_court_step(facts: Mapping[str, Any]) -> tuple[str, tuple[str, ...], str]:
    needs = (_("the evidence and the payment record"),
             _("what you know of the seller's identity: name, account, phone, payee"))
    if facts["fraud"]:
        action = _("Report the fraud to the police ({emergency} or the local police station; the anti-fraud line "
                   "{anti_fraud} also advises) with the evidence; for the money, you can also sue the seller at the "
                   "people's court (small-claims procedure, 小额诉讼).").format(
            emergency=facts["police"].emergency, anti_fraud=facts["police"].anti_fraud)
    else:
        action = _("Sue the seller for {total} at the people's court (small-claims procedure, 小额诉讼, for a "
                   "simple money claim); a lawyer's advice helps.").format(total=_money(facts["total"]))
    return action, needs, ""


_STEPS: dict[str, Callable[[Mapping[str, Any]], tuple[str, tuple[str, ...], str]]] = {
    "seller": _seller_step, "platform": _platform_step, "complaint_12315": _complaint_step,
    "card_dispute": _card_step, "app_complaint": _app_step, "bank": _bank_step,
    "police_or_court": _police_or_court_step,
}


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
    estimate = _("estimate")
    needs, wait = _("Needs: {items}"), _("Wait: {text}")
    width = max(len(d.kind) for d in report.documents)
    sections = (
        (_("Documents"), [f"  {yes if d.applies else no:<4} {d.kind:<{width}}  {d.why}" for d in report.documents]),
        (_("Articles each letter cites, and why"),
         [line for kind, articles in report.citations.items()
          for line in (f"  {kind}", *(f"    {a.reference}\n      {a.reason}" for a in articles))]),
        (_("Amounts"), [f"  {line}" for line in report.amounts.lines]),
        (_("Dates"), [f"  {d.date.isoformat() if d.date else '—':<10}  {d.text}" + (f"  [{over}]" if d.over else "")
                      + (f"  [{estimate}]" if d.estimate else "") for d in report.dates]),
        (_("Warnings"), [*(f"  ! {w.text}" for w in report.warnings),
                         *(f"  ! {missing}: {m.text}" for m in report.missing_evidence)]),
        (_("Route plan"), [f"  {s.number}. {s.action}"
                           + (f"\n     {needs.format(items=_series(s.needs))}" if s.needs else "")
                           + (f"\n     {wait.format(text=s.wait)}" if s.wait else "") for s in report.route]),
        (_("Advice"), [f"  - {a.text}" for a in report.advice]),
        (_("Beliefs that do not hold here"), [f"  - {b.text}" for b in report.beliefs]),
        (_("The 12315 complaint, in Chinese"), [f"  {line}" for line in report.complaint_summary]),
    )
    lines = [_("{case_id}: the case file is valid ({source}); letter date {date}.").format(
        case_id=report.case_id, source=report.source, date=_day(report.letter_date))]
    for title, entries in sections:
        if entries:
            lines += ["", title, *entries]
    return "\n".join(lines)
