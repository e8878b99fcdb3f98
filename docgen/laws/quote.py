"""Citations as a letter prints them: a lead-in naming the article, then its 款 verbatim."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from docgen.laws.registry import to_chinese
from docgen.laws.rules import Citation


@dataclass(frozen=True)
class QuotedArticle:
    """One quotation: ``lead`` (ends with "规定："), the 款 ``texts`` verbatim, and why.

    The caller adds the quotation marks; a 款 with items holds its lines joined by "\\n".
    """

    lead: str
    texts: tuple[str, ...]
    reason: str


def quote_citations(citations: Iterable[Citation]) -> tuple[QuotedArticle, ...]:
    """Quote citations in order, naming each instrument in full at its first mention.

    First mention: 《中华人民共和国消费者权益保护法》（以下简称《消法》）第五十五条第一款规定：
    later ones: 《消法》第二十四条规定：. The 款 part is left out when every 款 is quoted.
    """
    named: set[str] = set()
    quoted = []
    for citation in citations:
        article = citation.article
        inst = article.instrument
        name = f"《{inst.short}》" if inst.slug in named else f"《{inst.title}》（以下简称《{inst.short}》）"
        named.add(inst.slug)
        whole = len(citation.paragraphs) == len(article.paragraphs)
        part = "" if whole else "、".join(f"第{to_chinese(p)}款" for p in citation.paragraphs)
        quoted.append(QuotedArticle(
            lead=f"{name}{article.label}{part}规定：",
            texts=tuple(article.paragraphs[p - 1] for p in citation.paragraphs),
            reason=citation.reason,
        ))
    return tuple(quoted)
