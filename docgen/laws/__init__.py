"""The statutes docgen quotes and the rules for which articles a letter cites.

``registry()`` holds the articles (verbatim, from ``data/``); ``select_citations`` applies
``rules.yaml`` to a case's facts; ``quote_citations`` turns citations into the words a
letter prints. The ``laws`` CLI group lives in :mod:`docgen.laws_cli`.
"""
from docgen.laws.quote import QuotedArticle, article_name, english_series, quote_citations
from docgen.laws.registry import (
    Article,
    Instrument,
    Passage,
    Registry,
    article_label,
    article_number,
    from_chinese,
    registry,
    to_chinese,
)
from docgen.laws.rules import (
    Citation,
    CitationFacts,
    RulesError,
    select_citations,
)

__all__ = [
    "Article",
    "Citation",
    "CitationFacts",
    "Instrument",
    "Passage",
    "QuotedArticle",
    "Registry",
    "RulesError",
    "article_label",
    "article_name",
    "english_series",
    "article_number",
    "from_chinese",
    "quote_citations",
    "registry",
    "select_citations",
    "to_chinese",
]
