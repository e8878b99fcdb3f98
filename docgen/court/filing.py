"""What docgen decides about going to court for one case: why, where, and the likely fee."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from docgen.casefile import Case
from docgen.court.rules import FeeEstimate, court_rules, estimate_fee
from docgen.court.venue import Venue, venue_from_address
from docgen.laws import Citation
from docgen.laws.registry import to_chinese

REASONS = ("total_above_threshold", "seller_unreachable")
"""Why ``docgen build`` makes the complaint: the total claimed is above ``policy.build_above``
(rules.yaml), or the case says the seller cannot be reached."""


@dataclass(frozen=True)
class CourtFiling:
    """The complaint's court, fee and legal basis.

    ``reasons``: why ``docgen build`` makes it (codes of :data:`REASONS`; empty: only on
    request). ``venue``: the buyer's district or county (None when the address names none).
    ``seller_domicile``: the seller's address when the case gives it (the other court
    民事诉讼法第二十四条 allows). ``internet_court``: the internet court of the buyer's city
    for an order on a platform, to check with. ``basis``: 事实与理由 23's 法律规定, from the
    articles the assessment chose for the claim against the seller.
    """

    reasons: tuple[str, ...]
    threshold: Decimal
    venue: Venue | None
    seller_domicile: str | None
    internet_court: str | None
    fee: FeeEstimate
    basis: str
    sex: str | None
    birth: date | None
    """The plaintiff's sex (男, 女) and date of birth as the ID number encodes them (GB 11643:
    digits 7-14 the birth date, digit 17 odd for men); None without an ID number."""


def court_reasons(case: Case, total: Decimal) -> tuple[str, ...]:
    """Why ``docgen build`` makes the complaint for this case (empty: it does not)."""
    above = total > Decimal(court_rules()["policy"]["build_above"])
    unreachable = "merchant_unreachable" in case.problems
    return tuple(code for code, holds in zip(REASONS, (above, unreachable)) if holds)


def legal_basis(citations: Iterable[Citation]) -> str:
    """The articles by law, in the order first cited, as the form's example writes them:
    《中华人民共和国民法典》第五百零九条、第五百七十七条；《中华人民共和国消费者权益保护法》第五十五条第一款."""
    laws: dict[str, list[str]] = {}
    for citation in citations:
        article = citation.article
        whole = len(citation.paragraphs) == len(article.paragraphs)
        paragraphs = "" if whole else "、".join(f"第{to_chinese(p)}款" for p in citation.paragraphs)
        laws.setdefault(article.instrument.title, []).append(article.label + paragraphs)
    return "；".join(f"《{title}》{'、'.join(articles)}" for title, articles in laws.items())


def id_number_facts(id_number: str | None) -> tuple[str | None, date | None]:
    """The sex and birth date an 18-digit resident ID number encodes (the loader has checked it)."""
    if not id_number:
        return None, None
    try:
        birth: date | None = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:  # a check digit can be right on a mistyped date
        birth = None
    return ("男" if int(id_number[16]) % 2 else "女"), birth


def court_filing(case: Case, total: Decimal, citations: Iterable[Citation]) -> CourtFiling:
    """The complaint's decisions for ``case``, claiming ``total`` on the grounds of ``citations``."""
    venue = venue_from_address(case.consumer.address)
    sex, birth = id_number_facts(case.consumer.id_number)
    internet = venue.internet_court if venue and case.order.on_platform else None
    return CourtFiling(
        reasons=court_reasons(case, total),
        threshold=Decimal(court_rules()["policy"]["build_above"]),
        venue=venue,
        seller_domicile=case.merchant.address,
        internet_court=internet,
        fee=estimate_fee(total),
        basis=legal_basis(citations),
        sex=sex,
        birth=birth,
    )
