"""The case file's JSON Schema (draft 2020-12), generated from the sections' declarations.

Each key of the case file is declared once (:mod:`docgen.casefile.sections`) with its
field type, which gives the JSON Schema of the values it accepts; ``docgen schema``
prints the result. Titles and descriptions are in the CLI's language.

The schema describes the file as a YAML editor reads it, so it is a little stricter than
the loader in one way: ids and phone numbers must be quoted strings (the loader also takes
them unquoted, as typed). Checks across keys (a card only for card payments, three-fold
compensation only with fraud, dates before the letter date) are the loader's alone:
``docgen check`` reports them.
"""
from __future__ import annotations

from typing import Any

from docgen.casefile.sections import CASE_FILE
from docgen.i18n import _

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:docgen:case-file:1"


def case_schema() -> dict[str, Any]:
    """The JSON Schema of a case file, version 1."""
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": _("docgen case file, version 1"),
        "description": _("One purchase gone wrong, from which docgen writes the letters. "
                         "Check it with: docgen check CASE"),
        **CASE_FILE.json_schema(),
    }
