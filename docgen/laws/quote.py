"""Citations as a letter prints them: a lead-in naming the article, then its 款 verbatim.

The 款 are always the official Chinese text from the registry, in every locale; only the
lead-in and the sentence of why follow the letter's language.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from docgen.laws.registry import Instrument, Passage
from docgen.laws.rules import Citation


@dataclass(frozen=True)
class QuotedArticle:
    """One quotation: ``lead`` (ends with "规定：" or "provides:"), the 款 ``texts``
    verbatim in Chinese, and why (in the letter's language); ``name``: the article by the
    instrument's short name, 《消法》第二十四条第一款, or in full at the instrument's first mention
    (for a list of articles without their text).

    The caller adds the quotation marks; a 款 with items holds its lines joined by "\\n".
    """

    lead: str
    texts: tuple[str, ...]
    reason: str
    name: str = ""
    ref: str = ""
    """The article's short reference (消法55), as rules.yaml writes it."""
    law: str = ""
    """The instrument's slug: a letter names it in full at its first mention only."""
    first_lead: str = ""
    """The lead naming the instrument in full (with 以下简称 / its defined short name)."""
    later_lead: str = ""
    """The lead naming the instrument by its short name."""


def quote_citations(citations: Iterable[Citation], locale: str = "zh_CN") -> tuple[QuotedArticle, ...]:
    """Quote citations in order, naming each instrument in full at its first mention.

    zh_CN, first mention: 《中华人民共和国消费者权益保护法》（以下简称《消法》）第五十五条第一款规定：
    later ones: 《消法》第二十四条规定：.
    en_US, first mention: Paragraph 1 of Article 55 of the Law of the People's Republic of
    China on the Protection of Consumer Rights and Interests (the “Consumer Protection Law”)
    provides: later ones: Article 24 of the Consumer Protection Law provides:.
    The 款 part is left out when every 款 is quoted. The reason is the citation's sentence
    of why in ``locale`` (empty when the citation gives none, as in ``docgen laws show``).
    """
    lead = _lead_en if locale == "en_US" else _lead_zh
    named: set[str] = set()
    quoted = []
    for citation in citations:
        article = citation.article
        passage = Passage(article, citation.paragraphs)
        quoted.append(QuotedArticle(
            lead=lead(passage, article.instrument.slug in named),
            texts=tuple(article.paragraphs[p - 1] for p in citation.paragraphs),
            reason=citation.reasons.get(locale, ""),
            ref=article.ref,
            law=article.instrument.slug,
            first_lead=lead(passage, False),
            later_lead=lead(passage, True),
            name=_name_zh(passage, article.instrument.slug in named),
        ))
        named.add(article.instrument.slug)
    return tuple(quoted)


def article_name(quoted: QuotedArticle, named: bool) -> str:
    """The article as a sentence names it, without "规定：" / "provides:": 《消法》第二十四条第一款."""
    lead = quoted.later_lead if named else quoted.first_lead
    name = re.sub(r"(规定：| provides?:)$", "", lead)
    return re.sub(r"^Paragraph", "paragraph", name)


def _name_zh(passage: Passage, named: bool) -> str:
    """The passage as a Chinese text names it: in full with its short name at the first mention."""
    if named:
        return passage.name
    article, inst = passage.article, passage.article.instrument
    return f"《{inst.title}》（以下简称《{inst.short}》）{article.label}{passage.paragraph_label}"


def _lead_zh(passage: Passage, named: bool) -> str:
    return f"{_name_zh(passage, named)}规定："


def _lead_en(passage: Passage, named: bool) -> str:
    article = passage.article
    paragraphs = () if passage.whole else passage.paragraphs
    part = ""
    if paragraphs:
        noun = "Paragraphs" if len(paragraphs) > 1 else "Paragraph"
        part = f"{noun} {english_series([str(p) for p in paragraphs])} of "
    verb = "provide" if len(paragraphs) > 1 else "provides"
    return f"{part}Article {article.number} of {_name_en(article.instrument, named)} {verb}:"


def _name_en(inst: Instrument, named: bool) -> str:
    return f"the {inst.short_en}" if named else f"the {inst.title_en} (the “{inst.short_en}”)"


def english_series(words: list[str]) -> str:
    """Join words as English does, with the serial comma: "1", "1 and 2", "1, 2, and 3"."""
    if len(words) < 3:
        return " and ".join(words)
    return ", ".join(words[:-1]) + ", and " + words[-1]
