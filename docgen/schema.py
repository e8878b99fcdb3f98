"""The case file's JSON Schema (draft 2020-12), generated from the loader's own schema.

:mod:`docgen.case_loader` declares every key once, as a :class:`~docgen.case_loader.Field`
whose parser carries the JSON Schema of the values it accepts; this module walks those
declarations (``docgen schema`` prints the result, ``docgen init`` asks its questions from
the same walk). Titles and descriptions are in the CLI's language.

The schema describes the file as a YAML editor reads it, so it is a little stricter than
the loader in one way: ids and phone numbers must be quoted strings (the loader also takes
them unquoted, as typed). Checks across keys (a card only for card payments, three-fold
compensation only with fraud, dates before the letter date) are the loader's alone:
``docgen check`` reports them.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from docgen import case as model
from docgen.case_loader import (
    CARD,
    CASE,
    CLAIMS,
    CONSUMER,
    CONTACT,
    EVENT,
    EVIDENCE,
    MERCHANT,
    ORDER,
    PAYMENT,
    Field,
    Parser,
)
from docgen.i18n import _

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:docgen:case-file:1"
MODELS = ((CASE, model.Case), (CONSUMER, model.Consumer), (MERCHANT, model.Merchant), (ORDER, model.Order),
          (PAYMENT, model.Payment), (CARD, model.Card), (EVENT, model.Event), (CONTACT, model.Contact),
          (CLAIMS, model.Claims), (EVIDENCE, model.Evidence))
"""Each section of the schema and the class of the case it becomes (whose defaults apply)."""


def fields_of(parse: Parser) -> dict[str, Field] | None:
    """The keys of a section parser; None for any other parser."""
    return getattr(parse, "fields", None)


def item_of(parse: Parser) -> Parser | None:
    """The parser of a list's entries; None for any other parser."""
    return getattr(parse, "item", None)


def meanings_of(parse: Parser) -> dict[str, str]:
    """What each code of a choice means (English, to translate with ``_``); empty if not given."""
    return getattr(parse, "meanings", {})


def default_of(fields: dict[str, Field], key: str) -> str | int | bool | Decimal | None:
    """The value the case takes when optional ``key`` of section ``fields`` is left out, if a plain one."""
    cls = next(cls for section, cls in MODELS if section is fields)
    spec = next((f for f in dataclasses.fields(cls) if f.name == key), None)
    default = spec.default if spec is not None else None
    return default if isinstance(default, (str, int, bool, Decimal)) else None


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, version 1."""
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": _("docgen case file, version 1"),
        "description": _("One purchase gone wrong, from which docgen writes the letters. "
                         "Check it with: docgen check CASE"),
        **_object(CASE),
    }


def _object(fields: dict[str, Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key: _property(fields, key) for key in fields},
        "required": [key for key, field in fields.items() if field.required],
        "additionalProperties": False,
    }


def _property(fields: dict[str, Field], key: str) -> dict[str, Any]:
    field = fields[key]
    schema = {"title": _(field.title), "description": _(field.description), **_values(field.parse)}
    default = default_of(fields, key)
    if default is not None:
        schema["default"] = default
    if not field.required:  # an optional key may be written empty or null: the loader skips it
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = [*types, "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def _values(parse: Parser) -> dict[str, Any]:
    """The schema of what ``parse`` accepts, with a section's keys and a list's entries."""
    schema = dict(parse.json_schema)  # type: ignore[attr-defined]
    fields, item, meanings = fields_of(parse), item_of(parse), meanings_of(parse)
    if fields is not None:
        schema.update(_object(fields))
    if item is not None:
        schema["items"] = _values(item)
    if meanings:
        schema["description"] = "; ".join(f"{code}: {_(meaning)}" for code, meaning in meanings.items())
    return schema
