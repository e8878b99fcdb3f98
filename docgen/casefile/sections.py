"""The case: a validated, typed picture of one purchase gone wrong, and the case file's keys.

Each section of the case file is declared here once, as a frozen dataclass whose fields
are the section's keys (:func:`~docgen.casefile.fields.key`: the field type, whether the
file must have it, its title and description); the loader, ``docgen schema`` and ``docgen
init`` all read these declarations. Fields that are not keys (the case's source, an
exhibit's number) are set by the loader. Built only by :func:`docgen.casefile.load_case`;
every later step trusts it. Money is ``Decimal``, ids are text exactly as typed, times
are naive China local time. A ``date`` field may hold a ``datetime`` where the time is
known (``datetime`` is a ``date``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.codes import (
    CARD_NETWORKS,
    CHANNELS,
    CURRENCIES,
    EVIDENCE_KINDS,
    LOCALES,
    PAYEES,
    PAYMENT_METHODS,
    PLATFORM_CHANNELS,
    PROBLEMS,
)
from docgen.casefile.fields import (
    LONG_TEXT,
    SUPPLIED,
    Boolean,
    CalendarDate,
    Choice,
    CodeWithFacts,
    EvidenceFile,
    IdNumber,
    Integer,
    Listing,
    Money,
    Moment,
    Pattern,
    Phone,
    Section,
    Text,
    key,
)
from docgen.i18n import N_

ID_TEXT = Pattern(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,63}", N_("an id of letters and digits"), '"3712456789012345678"')
WINDOWS_DEVICE_NAMES = r"(?![Cc][Oo][Nn]$|[Pp][Rr][Nn]$|[Aa][Uu][Xx]$|[Nn][Uu][Ll]$|([Cc][Oo][Mm]|[Ll][Pp][Tt])[0-9]$)"
"""Folder names Windows keeps for devices (any letter case): OUT/CON/ cannot be made there."""
CASE_ID = Pattern(WINDOWS_DEVICE_NAMES + r"[A-Za-z0-9][A-Za-z0-9_\-]{0,79}",
                  N_("a case id of letters, digits, '-' and '_' (at most 80), not a name Windows keeps for a device "
                     "(CON, PRN, AUX, NUL, COM1, LPT1…)"),
                  "tantan-2026-001")
PROBLEM_MEANINGS = {
    "not_delivered": N_("the code or service never arrived"),
    "invalid_code": N_("what arrived does not work (invalid, already used, wrong product)"),
    "not_as_described": N_("it works but is not what was advertised (shorter term, fewer rights)"),
    "unused_refund_refused": N_("unused, refund asked in time, seller refuses"),
    "undisclosed_no_refund": N_("a no-refund rule was not shown before payment"),
    "merchant_unreachable": N_("the seller stopped answering or vanished"),
    "fraud": N_("the seller deceived the buyer (fake code, bait price, fake store)"),
    "unauthorized_charge": N_("the buyer did not make or authorise this payment"),
}
EXHIBIT_NUMBERS = Listing(Integer(1, 999), allow_empty=False)
PAYEE_MEANINGS = {
    "merchant": N_("a shop or company: the payment record names a merchant (商户)"),
    "person": N_("a private person: a transfer (转账) or red packet to a personal account"),
}
AT = Moment(time_required=False)
AT_TITLE, AT_DESCRIPTION = N_("When"), N_("YYYY-MM-DD HH:MM, or only the date YYYY-MM-DD")


@dataclass(frozen=True, kw_only=True)
class Consumer:
    """The person asking: 申请人 / 投诉人 / 持卡人."""

    name: str = key(Text(100), N_("Your full name"), N_("as on your ID card; the letters are signed with it"))
    phone: str = key(Phone(), N_("Your phone number"),
                     N_("a mainland mobile (11 digits) or landline number; quote it"))
    address: str = key(Text(), N_("Your postal address"),
                       N_("where answers can reach you; the 12315 complaint requires it"))
    email: str | None = key(Pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", N_("an email address"), "zhangsan@example.com"),
                            N_("Your email address"), N_("optional"), required=False)
    id_number: str | None = key(IdNumber(), N_("Your ID number"),
                                N_("optional; put only where a recipient requires it"), required=False)


@dataclass(frozen=True, kw_only=True)
class Merchant:
    """The seller: 卡盟 / 店铺 / 个人卖家."""

    name: str = key(Text(200), N_("The seller's name"), N_("the name the seller trades under: 卡盟, store or person"))
    store: str | None = key(Text(200), N_("Store name"), N_("optional: the store name on the platform"),
                            required=False)
    contact: str | None = key(Text(200), N_("The seller's contact"), N_("optional, e.g. 微信号 sudakm888"),
                              required=False)
    address: str | None = key(Text(), N_("The seller's address"), N_("optional; unknown is normal for a reseller"),
                              required=False)
    credit_code: str | None = key(
        Pattern(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", N_("an 18-character unified social credit code"),
                "91440300MA5XXXXX0X"),
        N_("The seller's 统一社会信用代码"), N_("optional: the 18-character unified social credit code"), required=False)


@dataclass(frozen=True, kw_only=True)
class Order:
    """What was bought, where, and whether it arrived and was used."""

    channel: str = key(Choice(CHANNELS), N_("Where you bought it"),
                       N_("the platform of the order; wechat, qq or other when there is none"))
    order_id: str = key(ID_TEXT, N_("Order number"), N_("quote it: long numbers must stay text"))
    product: str = key(Text(), N_("Product"), N_("what was bought, as the listing named it"))
    quantity: int = key(Integer(1, 10_000), N_("Quantity"), N_("optional; default 1"), required=False, default=1)
    price: Decimal = key(Money(), N_("Price paid"), N_("what was paid, in the currency below"))
    currency: str = key(Choice(CURRENCIES), N_("Currency"), N_("optional; CNY"), required=False, default="CNY")
    official_price: Decimal | None = key(Money(), N_("Official price"),
                                         N_("optional: the official price of the same thing"), required=False)
    ordered_at: datetime = key(Moment(time_required=True), N_("Ordered at"),
                               N_("when the order was placed: YYYY-MM-DD HH:MM"))
    delivered_at: datetime | None = key(Moment(time_required=True), N_("Delivered at"),
                                        N_("optional; absent or null: never delivered"), required=False)
    activated: bool = key(Boolean(), N_("Was it activated?"),
                          N_("was the membership or code used or activated?"))
    refund_terms_shown: bool = key(Boolean(), N_("Was a no-refund rule shown?"),
                                   N_("did the seller show a no-refund rule before payment?"))
    promise: str | None = key(Text(LONG_TEXT), N_("The seller's promise"),
                              N_("optional: what the seller promised or stated as its terms before payment, in its "
                                 "own words, e.g. 未使用可退"), required=False)
    platform_refused: bool = key(Boolean(), N_("Did the platform already refuse?"),
                                 N_("optional: true when you already asked the platform to step in and it refused "
                                    "or did nothing; the platform dispute is then a second request"),
                                 required=False, default=False)

    @property
    def on_platform(self) -> bool:
        """True when the order went through a marketplace platform (not WeChat, QQ or other)."""
        return self.channel in PLATFORM_CHANNELS


class Problem(str):
    """A problem code (so ``"fraud" in case.problems`` holds) with what the consumer says
    happened (``fact``, one sentence) and the exhibits that show it (``evidence``, numbers)."""

    fact: str | None
    evidence: tuple[int, ...]

    def __new__(cls, code: str, fact: str | None = None, evidence: tuple[int, ...] = ()) -> "Problem":
        problem = super().__new__(cls, code)
        problem.fact, problem.evidence = fact, tuple(evidence)
        return problem

    @property
    def code(self) -> str:
        """The problem's code as plain text."""
        return str.__str__(self)


@dataclass(frozen=True, kw_only=True)
class ProblemFacts:
    """A problem written as a mapping: its code, the fact in the consumer's words, its exhibits."""

    code: str = key(Choice(PROBLEMS, PROBLEM_MEANINGS), N_("Problem"), N_("the problem's code"))
    fact: str | None = key(Text(LONG_TEXT), N_("The fact"),
                           N_("optional: one sentence in your words saying what happened, e.g. "
                              "兑换时提示激活码已被使用，经客服核实该码早于购买时间已被激活"), required=False)
    evidence: tuple[int, ...] = key(EXHIBIT_NUMBERS, N_("Its exhibits"),
                                    N_("optional: the numbers of the evidence entries that show it, e.g. [2]"),
                                    required=False, default=())


PROBLEM = CodeWithFacts(PROBLEMS, PROBLEM_MEANINGS, Section(ProblemFacts), Problem)


@dataclass(frozen=True, kw_only=True)
class Card:
    """A payment card, known only by issuer, network and last four digits."""

    issuer: str = key(Text(100), N_("Card issuer"), N_("the bank that issued the card, e.g. 招商银行"))
    network: str = key(Choice(CARD_NETWORKS), N_("Card network"), N_("the brand on the card"))
    last4: str = key(Pattern(r"\d{4}", N_("the card's last four digits"), '"1234"'), N_("Last four digits"),
                     N_("only the last four digits of the card number; quote them"))


@dataclass(frozen=True, kw_only=True)
class Payment:
    """How the money left the buyer."""

    method: str = key(Choice(PAYMENT_METHODS), N_("Payment method"), N_("how you paid"))
    transaction_id: str | None = key(ID_TEXT, N_("Transaction number"),
                                     N_("optional: from the payment record; quote it"), required=False)
    paid_at: datetime | None = key(Moment(time_required=True), N_("Paid at"), N_("optional: YYYY-MM-DD HH:MM"),
                                   required=False)
    card: Card | None = key(Section(Card), N_("The card"), N_("only for credit_card / debit_card"), required=False)
    payee: str | None = key(Choice(PAYEES, PAYEE_MEANINGS), N_("Who received the money"),
                            N_("optional: merchant (the record shows a shop or company) or person (a transfer or red "
                               "packet to a private account)"), required=False)
    descriptor: str | None = key(Text(200), N_("Name on the statement"),
                                 N_("optional: the payee's name exactly as the bill or card statement shows it"),
                                 required=False)

    @property
    def to_person(self) -> bool:
        """True when the money went to a private person's account (a transfer, not a merchant payment)."""
        return self.payee == "person"


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened, for the timeline."""

    at: date = key(AT, AT_TITLE, AT_DESCRIPTION)
    what: str = key(Text(LONG_TEXT), N_("What happened"), N_("one or two sentences"))


@dataclass(frozen=True, kw_only=True)
class Contact:
    """One attempt to settle the matter with the seller."""

    at: date = key(AT, AT_TITLE, AT_DESCRIPTION)
    via: str = key(Text(100), N_("Through"), N_("the channel, e.g. 旺旺, 微信, phone"))
    summary: str = key(Text(LONG_TEXT), N_("What was said"),
                       N_("what you asked for and what the seller answered, in full sentences in the first "
                          "person: the letters print it as written"))
    said: str | None = key(Text(LONG_TEXT), N_("The seller's exact words"),
                           N_("optional: what the seller wrote or said, word for word; only these words are "
                              "quoted as the seller's"), required=False)
    disclaimer: bool = key(Boolean(), N_("Did the seller disclaim liability?"),
                           N_("optional: true when the seller's words refuse any refund or deny liability "
                              "(概不退款, 概不负责)"), required=False, default=False)


@dataclass(frozen=True, kw_only=True)
class Claims:
    """What the buyer asks for."""

    refund: Decimal | None = key(Money(), N_("Refund claimed"), N_("optional; default: order.price"), required=False)
    punitive: bool = key(Boolean(), N_("Claim increased compensation (增加赔偿)?"),
                         N_("true: also claim the increased compensation of 消法第五十五条 (needs fraud)"),
                         required=False, default=False)
    respond_within_days: int = key(Integer(1, 60), N_("Days the seller has to answer"),
                                   N_("the deadline given to the seller, in days"), required=False, default=7)
    other: str | None = key(Text(LONG_TEXT), N_("Other demands"), N_("optional free text"), required=False)


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """One exhibit; ``number`` is its place in the case file, from 1 (证据1)."""

    number: int
    title: str = key(Text(200), N_("Title"), N_("what it is, e.g. 支付宝交易记录截图"))
    file: Path | None = key(EvidenceFile(), N_("File"), N_("optional; png, jpg or pdf, inside the case folder"),
                            required=False)
    kind: str = key(Choice(EVIDENCE_KINDS), N_("Kind"), N_("what sort of record it is"))
    source: str | None = key(Text(200), N_("Source"), N_("optional: where it comes from, e.g. 支付宝App账单详情页"),
                             required=False)
    date: date | None = key(CalendarDate(), N_("Date"), N_("optional: the date it shows, YYYY-MM-DD"), required=False)
    proves: str | None = key(Text(LONG_TEXT), N_("What it proves"),
                             N_("optional, e.g. 证明申请人于2026年11月20日支付168元"), required=False)


@dataclass(frozen=True, kw_only=True)
class Case:
    """One case file, validated; ``source`` is the file it was read from."""

    source: Path
    version: int = key(Integer(1, 1), N_("Case file version"), N_("always 1"), default=1)
    case_id: str = key(CASE_ID, N_("Case id"), N_("letters, digits, '-' and '_'; names the output folder"))
    locale: str = key(Choice(LOCALES), N_("Language of the letters"), N_("zh_CN (default) or en_US"),
                      required=False, default="zh_CN")
    letter_date: date = key(CalendarDate(), N_("Letter date"), N_("optional; default: today"), required=False,
                            default=SUPPLIED)
    consumer: Consumer = key(Section(Consumer), N_("You"), N_("the person asking: 申请人 / 投诉人 / 持卡人"))
    merchant: Merchant = key(Section(Merchant), N_("The seller"), N_("the seller: 卡盟 / 店铺 / 个人卖家"))
    order: Order = key(Section(Order), N_("The order"),
                       N_("what was bought, where, and whether it arrived and was used"))
    payment: Payment = key(Section(Payment), N_("The payment"), N_("how the money left you"))
    problems: tuple[Problem, ...] = key(Listing(PROBLEM, allow_empty=False), N_("What went wrong"),
                                        N_("one or more: a code, or code, fact and evidence (exhibit numbers)"))
    timeline: tuple[Event, ...] = key(Listing(Section(Event)), N_("Timeline"), N_("what happened, oldest first"),
                                      required=False, default=())
    contacts: tuple[Contact, ...] = key(Listing(Section(Contact)), N_("Contacts with the seller"),
                                        N_("each attempt to settle it with the seller"), required=False, default=())
    claims: Claims = key(Section(Claims), N_("Claims"), N_("what you ask for"), required=False, default=Claims())
    evidence: tuple[Evidence, ...] = key(Listing(Section(Evidence), numbered=True), N_("Evidence"),
                                         N_("numbered in this order: 证据1, 证据2, ..."), required=False, default=())

    @property
    def folder(self) -> Path:
        """The case file's folder: evidence paths are relative to it."""
        return self.source.parent


CASE_FILE = Section(Case)
"""The whole case file: its keys are the :class:`Case`'s."""


def build_case(values: dict[str, Any], *, source: Path, today: date) -> Case:
    """The :class:`Case` of a case file's parsed ``values`` (read from ``source``; the letter date
    defaults to ``today``)."""
    return CASE_FILE.build(values, source=source, letter_date=values.get("letter_date", today))
