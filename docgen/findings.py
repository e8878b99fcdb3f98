"""What the letters say happened, problem by problem: the consumer's own fact and its exhibits.

A problem written as a mapping carries its fact and exhibit numbers (``problems[].fact``,
``problems[].evidence``). Without a fact, the letters point to the evidence entries whose
kind shows that sort of problem, with the words the case file gives for what each proves;
nothing is made up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from docgen.casefile import Case
from docgen.casefile.sections import Evidence, Problem
from docgen.moments import as_datetime
from docgen.procedure import period

SHOWN_BY_KINDS: dict[str, tuple[str, ...]] = {
    "not_delivered": ("account", "chat"),
    "invalid_code": ("code", "account"),
    "not_as_described": ("listing", "account"),
    "unused_refund_refused": ("chat",),
    "undisclosed_no_refund": ("order", "listing"),
    "merchant_unreachable": ("chat",),
    "fraud": ("listing", "chat"),
    "unauthorized_charge": ("payment",),
}
"""The kinds of evidence that can show each problem, used only when the problem has no fact."""

QUALITY_PROBLEMS = ("invalid_code", "not_as_described")
"""The problems that make a return a quality return (消法第二十四条), not a no-reason one."""


@dataclass(frozen=True)
class Finding:
    """One problem as a letter states it: ``fact`` in the consumer's words (None: the case
    gives none) and ``exhibits``, the evidence that shows it (the fact's own numbers, or
    the entries of a kind that shows this problem)."""

    code: str
    fact: str | None
    exhibits: tuple[Evidence, ...]


def findings(case: Case) -> tuple[Finding, ...]:
    """The case's problems in file order, each with its fact and exhibits."""
    by_number = {item.number: item for item in case.evidence}
    result = []
    for code in case.problems:
        problem = code if isinstance(code, Problem) else Problem(code)
        if problem.evidence:
            exhibits = tuple(by_number[n] for n in problem.evidence if n in by_number)
        elif problem.fact is None:
            kinds = SHOWN_BY_KINDS.get(problem.code, ())
            exhibits = tuple(item for item in case.evidence if item.kind in kinds)
        else:
            exhibits = ()
        result.append(Finding(problem.code, problem.fact, exhibits))
    return tuple(result)


def quality_return_ends(case: Case) -> date | None:
    """The last day of the quality return without agreement (procedure.yaml quality_return,
    counted from delivery), for a delivered item with a quality problem; else None."""
    delivered = case.order.delivered_at
    window = period("quality_return", case.letter_date)
    if delivered is None or window is None or not set(QUALITY_PROBLEMS) & set(case.problems):
        return None
    return delivered.date() + timedelta(days=window.length)


def first_contact(case: Case) -> date | None:
    """The day the consumer first took the matter up with the seller (None: no contact recorded)."""
    first = min((as_datetime(c.at) for c in case.contacts), default=None)
    return first.date() if first else None
