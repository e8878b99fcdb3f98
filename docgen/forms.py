"""Text for an online form (the 12315 complaint's), one block per field of the form.

The form's document (``<kind>/form.<locale>.j2``) marks each field with a heading; this module
writes each field as a label line, with the field's length and the form's limit from
``forms.yaml`` (where a public source gives it), followed by the field's text, ready to paste.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from docgen.data_yaml import shipped_yaml
from docgen.table_check import TableChecker
from docgen.tree import Document, Heading
from docgen.writers.text import block_text


class FormsError(ValueError):
    """``forms.yaml`` does not validate; the message lists every problem found."""


@dataclass(frozen=True)
class FieldLimit:
    """A form field's limit in characters (None: unknown) and whether a source states it."""

    max_chars: int | None
    verified: bool


def parse_forms(data: Mapping[str, Any]) -> dict[str, dict[str, FieldLimit]]:
    """Check a parsed ``forms.yaml``: each form's fields with a limit (or null) and ``verified``."""
    check = TableChecker()
    forms = {}
    for kind, spec in (data or {}).items():
        check.need(bool(str(spec.get("source") or "").strip()), f"{kind}.source: say where the limits come from")
        fields = {}
        for name, limit in (spec.get("fields") or {}).items():
            most = limit.get("max_chars")
            check.need(most is None or (isinstance(most, int) and not isinstance(most, bool) and most > 0),
                       f"{kind}.fields.{name}.max_chars: expected a positive whole number or null")
            check.need(isinstance(limit.get("verified"), bool), f"{kind}.fields.{name}.verified: expected true or false")
            check.need(most is not None or limit.get("verified") is not True,
                       f"{kind}.fields.{name}: a verified limit needs max_chars")
            fields[str(name)] = FieldLimit(most, limit.get("verified") is True)
        check.need(bool(fields), f"{kind}.fields: lists none")
        forms[str(kind)] = fields
    check.done(FormsError, "forms.yaml")
    return forms


@cache
def forms() -> dict[str, dict[str, FieldLimit]]:
    """The shipped ``forms.yaml``, checked (once per process)."""
    return parse_forms(shipped_yaml("docgen", "forms.yaml"))


def form_fields(document: Document) -> list[tuple[str, str]]:
    """Each field of the form's document: its heading and its text (the blocks under it, one per line)."""
    fields: list[tuple[str, list[str]]] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            fields.append((block.text, []))
        elif fields:
            fields[-1][1].append(block_text(block))
    return [(name, "\n".join(lines)) for name, lines in fields]


def field_label(name: str, text: str, limit: FieldLimit | None) -> str:
    """【事实与理由】（312字；表单上限未知）: the field, its length, and the form's limit."""
    length = len(text.replace("\n", ""))
    if limit is None or limit.max_chars is None:
        return f"【{name}】（{length}字；表单字数上限未知，未经核实）"
    state = "" if limit.verified else "，未经核实"
    over = f"；超出{length - limit.max_chars}字，请删减" if length > limit.max_chars else ""
    return f"【{name}】（{length}字；表单上限{limit.max_chars}字{state}{over}）"


def write_form_text(document: Document) -> bytes:
    """The form's text: the title, then per field a label line and the text to paste, blank lines between."""
    limits = forms().get(document.kind, {})
    blocks = [document.title] + [f"{field_label(name, text, limits.get(name))}\n{text}"
                                 for name, text in form_fields(document)]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
