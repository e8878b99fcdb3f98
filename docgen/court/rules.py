"""The court rules of ``rules.yaml``: article texts to quote and the court fee's bands."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from docgen.data_yaml import shipped_yaml
from docgen.formatting import to_fen


@dataclass(frozen=True)
class CourtArticle:
    """An article of a court rule, verbatim: ``name`` as the guidance names it, its 款 ``text``."""

    law: str
    title: str
    article: str
    paragraph: str
    text: tuple[str, ...]

    @property
    def name(self) -> str:
        """《民事诉讼法》第一百六十五条, 《诉讼费用交纳办法》第十三条第（一）项."""
        item = f"第{self.paragraph}项" if self.paragraph else ""
        return f"《{self.law}》{self.article}{item}"

    @property
    def full_name(self) -> str:
        """The first mention: 《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二十条."""
        item = f"第{self.paragraph}项" if self.paragraph else ""
        title = self.title.replace("《", "〈").replace("》", "〉")
        return f"《{title}》{self.article}{item}"


@dataclass(frozen=True)
class FeeEstimate:
    """The court fee (案件受理费) of a property claim of ``amount`` under 第十三条（一）, and its half."""

    amount: Decimal
    full: Decimal
    half: Decimal


@cache
def court_rules() -> dict[str, Any]:
    """``rules.yaml`` as read."""
    return shipped_yaml("docgen.court", "rules.yaml")


@cache
def court_articles() -> dict[str, CourtArticle]:
    """The articles held, keyed as ``民事诉讼法第一百六十五条``."""
    table = court_rules()
    articles = {}
    for entry in table["articles"]:
        law = entry["law"]
        article = CourtArticle(law, table["instruments"][law]["title"], entry["article"],
                               entry.get("paragraph", ""), tuple(entry["text"]))
        articles[f"{law}{entry['article']}"] = article
    return articles


def estimate_fee(amount: Decimal) -> FeeEstimate:
    """The fee of 第十三条（一） on ``amount``: a fixed fee up to the first band's limit, then each
    later band's rate on the part of the amount within it, added up (分段累计)."""
    bands = court_rules()["fee_bands"]
    first = bands["first"]
    fee = Decimal(first["fee"])
    lower = Decimal(first["up_to"])
    for band in bands["rates"]:
        if amount <= lower:
            break
        upper = Decimal(band["up_to"]) if band["up_to"] is not None else amount
        fee += (min(amount, upper) - lower) * Decimal(band["rate"])
        lower = upper
    full = to_fen(fee)
    return FeeEstimate(amount, full, to_fen(full / 2))
