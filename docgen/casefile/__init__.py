"""The case file: reading it (:func:`load_case`), its typed sections (:class:`Case` and the
rest, each declared once in :mod:`~docgen.casefile.sections`) and its JSON Schema
(:mod:`~docgen.casefile.schema`). The contract is docs/case-file.md.

Modules, one job each: ``reader`` walks the YAML nodes and collects problems; ``fields``
holds the field types (``parse`` and ``json_schema``, as Click's ``ParamType``);
``sections`` declares the case's dataclasses and their keys; ``rules`` checks across
fields; ``yaml_syntax`` explains YAML mistakes; ``load`` reads a file into a case.
"""
from __future__ import annotations

from docgen.casefile.load import LoadedCase, field_line, load_case, peek_case_id
from docgen.casefile.reader import Invalid, Reader, parse_answer
from docgen.casefile.sections import (
    CASE_FILE,
    Card,
    Case,
    Claims,
    Consumer,
    Contact,
    Event,
    Evidence,
    Merchant,
    Order,
    Payment,
)

__all__ = [
    "CASE_FILE", "Card", "Case", "Claims", "Consumer", "Contact", "Event", "Evidence", "Invalid", "LoadedCase",
    "Merchant", "Order", "Payment", "Reader", "field_line", "load_case", "parse_answer", "peek_case_id",
]
