"""The printed words of the 2025 form 民事起诉状（买卖合同纠纷） (``form-2025.yaml``)."""
from __future__ import annotations

from functools import cache
from typing import Any

from docgen.data_yaml import shipped_yaml


@cache
def complaint_form() -> dict[str, Any]:
    """``form-2025.yaml`` as read: labels, notes and options, keyed as the file documents."""
    return shipped_yaml("docgen.court", "form-2025.yaml")


def labels_in_order(form: dict[str, Any], part: str) -> tuple[str, ...]:
    """The element labels of ``part`` (``claims``, ``jurisdiction``, ``facts``) in the form's order."""
    return tuple(form[part][number] for number in sorted(form[part]))
