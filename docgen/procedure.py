"""The procedure's numbers: ``procedure.yaml`` read, checked, and looked up by date.

Every period (the regulator's 7 working days, the three-year limit, the 7-day quality
return…) and every amount (3 × the price, at least 500 yuan) that the assessment, ``check``
and the letters use comes from here, with the article that sets it. A period can have
several versions, one per rule in force: :func:`period` picks the one for a letter date.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from docgen.data_yaml import shipped_yaml
from docgen.laws import Citation, Instrument, Registry, article_label, registry, to_chinese
from docgen.laws.registry import parse_ref
from docgen.table_check import TableChecker

UNITS = ("days", "working_days", "years")
PLATFORM_OFFICES = ("business_place", "published_address")


class ProcedureError(ValueError):
    """``procedure.yaml`` does not validate; the message lists every problem found."""


@dataclass(frozen=True)
class Reference:
    """An article named as letters and ``check`` name it, whether or not docgen carries its text.

    ``paragraphs`` empty: the whole article; ``item``: its numbered item (第（四）项), or None.
    """

    instrument: Instrument
    number: int
    paragraphs: tuple[int, ...] = ()
    item: int | None = None

    @property
    def name(self) -> str:
        """《消法》第二十四条第一款, 《投诉举报处理暂行办法》第十五条第（四）项."""
        paragraphs = "、".join(f"第{to_chinese(p)}款" for p in self.paragraphs)
        item = f"第（{to_chinese(self.item)}）项" if self.item else ""
        return f"《{self.instrument.short}》{article_label(self.number)}{paragraphs}{item}"


@dataclass(frozen=True)
class Period:
    """One version of a period: ``length`` ``unit`` (days, working_days, years), set by ``source``.

    ``also``: other articles stating the same period; ``counting``: the article saying how
    the period is counted, if the rule has one; ``starts``/``ends``: the letter dates it
    applies to (from ``starts``, before ``ends``; None: open).
    """

    length: int
    unit: str
    source: Reference
    also: tuple[Reference, ...] = ()
    counting: Reference | None = None
    starts: date | None = None
    ends: date | None = None

    def applies(self, on: date) -> bool:
        """Whether this version applies to a letter dated ``on``."""
        return (self.starts is None or self.starts <= on) and (self.ends is None or on < self.ends)

    @property
    def references(self) -> tuple[Reference, ...]:
        """The articles stating it, as a letter names them: ``also`` first, then ``source``."""
        return (*self.also, self.source)


@dataclass(frozen=True)
class Amount:
    """A number the law (``source``) or the advice docgen follows (``note``) gives."""

    value: Decimal
    source: Reference | None
    note: str


@dataclass(frozen=True)
class Offices:
    """The articles naming the office for a 12315 complaint: a seller on a platform, any other.

    ``seller_on_platform``: the office for a seller on a platform, as the letter words it:
    ``business_place`` (its place of business or the platform operator's domicile) or
    ``published_address`` (its address published on the platform or the operator's domicile).
    """

    platform: Reference
    other: Reference
    seller_on_platform: str
    starts: date | None = None
    ends: date | None = None

    def applies(self, on: date) -> bool:
        """Whether these articles apply to a letter dated ``on``."""
        return (self.starts is None or self.starts <= on) and (self.ends is None or on < self.ends)


@dataclass(frozen=True)
class Procedure:
    """The whole table."""

    periods: Mapping[str, tuple[Period, ...]]
    amounts: Mapping[str, Amount]
    offices: tuple[Offices, ...]


def parse_procedure(data: Mapping[str, Any], reg: Registry) -> Procedure:
    """Check a parsed ``procedure.yaml`` against the registry and build :class:`Procedure`.

    Raises :class:`ProcedureError` listing every problem found.
    """
    check = _ProcedureChecker(reg)
    periods = {str(name): tuple(check.period(f"periods.{name}[{i}]", v) for i, v in enumerate(versions or []))
               for name, versions in (data.get("periods") or {}).items()}
    for name, versions in periods.items():
        check.in_sequence(f"periods.{name}", versions)
    amounts = {str(name): check.amount(f"amounts.{name}", spec) for name, spec in (data.get("amounts") or {}).items()}
    offices = tuple(check.offices(f"complaint_offices[{i}]", v) for i, v in enumerate(data.get("complaint_offices") or []))
    check.in_sequence("complaint_offices", offices)
    check.done(ProcedureError, "procedure.yaml")
    return Procedure(periods, amounts, offices)


class _ProcedureChecker(TableChecker):
    """The table checker, with the parts of ``procedure.yaml`` and the registry they name."""

    def __init__(self, reg: Registry) -> None:
        super().__init__()
        self.reg = reg

    def reference(self, where: str, ref: Any, item: Any = None) -> Reference | None:
        try:
            law, number, paragraphs = parse_ref(str(ref))
            instrument = self.reg.instrument(law)
        except LookupError as error:
            self.errors.append(f"{where}: {error}")
            return None
        carried = next((a for a in self.reg.articles(instrument.slug) if a.number == number), None)
        if carried:
            self.need(all(1 <= p <= len(carried.paragraphs) for p in paragraphs),
                      f"{where}: {carried.ref} has {len(carried.paragraphs)} 款, not {paragraphs}")
            if set(paragraphs) == set(range(1, len(carried.paragraphs) + 1)):
                paragraphs = ()  # every 款: the article, as letters name it
        self.need(item is None or (isinstance(item, int) and not isinstance(item, bool) and item > 0),
                  f"{where}.item: expected a positive whole number")
        return Reference(instrument, number, paragraphs, item)

    def span(self, where: str, spec: Mapping[str, Any]) -> tuple[date | None, date | None]:
        starts, ends = spec.get("from"), spec.get("until")
        for key, value in (("from", starts), ("until", ends)):
            self.need(value is None or isinstance(value, date), f"{where}.{key}: expected a date YYYY-MM-DD")
        if isinstance(starts, date) and isinstance(ends, date):
            self.need(starts < ends, f"{where}: `from` must come before `until`")
        return (starts if isinstance(starts, date) else None), (ends if isinstance(ends, date) else None)

    def period(self, where: str, spec: Any) -> Period:
        if not self.need(isinstance(spec, Mapping), f"{where}: expected a mapping"):
            spec = {}
        length = spec.get("length")
        self.need(isinstance(length, int) and not isinstance(length, bool) and length > 0,
                  f"{where}.length: expected a positive whole number")
        unit = str(spec.get("unit"))
        self.known(f"{where}.unit", unit, UNITS)
        source = self.reference(f"{where}.source", spec.get("source"), spec.get("item"))
        also = tuple(r for i, ref in enumerate(spec.get("also") or [])
                     if (r := self.reference(f"{where}.also[{i}]", ref)))
        counting = self.reference(f"{where}.counting", spec["counting"]) if spec.get("counting") else None
        starts, ends = self.span(where, spec)
        if source and source.instrument.repealed and ends is None:
            self.errors.append(f"{where}: its source was repealed on {source.instrument.repealed}: give `until`")
        return Period(int(length or 0), unit, source or _NOWHERE, also, counting, starts, ends)

    def amount(self, where: str, spec: Any) -> Amount:
        if not self.need(isinstance(spec, Mapping), f"{where}: expected a mapping"):
            spec = {}
        value = spec.get("value")
        self.need(isinstance(value, int) and not isinstance(value, bool) and value > 0,
                  f"{where}.value: expected a positive whole number")
        source = self.reference(f"{where}.source", spec["source"]) if spec.get("source") else None
        note = " ".join(str(spec.get("note") or "").split())
        self.need(bool(source or note), f"{where}: give the `source` article or a `note` saying where it comes from")
        return Amount(Decimal(int(value or 0)), source, note)

    def offices(self, where: str, spec: Any) -> Offices:
        if not self.need(isinstance(spec, Mapping), f"{where}: expected a mapping"):
            spec = {}
        platform = self.reference(f"{where}.platform", spec.get("platform"))
        other = self.reference(f"{where}.other", spec.get("other"))
        office = str(spec.get("seller_on_platform"))
        self.known(f"{where}.seller_on_platform", office, PLATFORM_OFFICES)
        return Offices(platform or _NOWHERE, other or _NOWHERE, office, *self.span(where, spec))

    def in_sequence(self, where: str, versions: Iterable[Period | Offices]) -> None:
        """Versions in date order, none overlapping the next."""
        versions = tuple(versions)
        for earlier, later in zip(versions, versions[1:]):
            self.need(earlier.ends is not None and later.starts is not None and earlier.ends <= later.starts,
                      f"{where}: versions overlap or are out of order (each `until` at or before the next `from`)")


_NOWHERE = Reference(Instrument("", "", "", "", date.min, None, "", "", ""), 1)
"""A stand-in for a reference that did not resolve (the table is then refused anyway)."""


@cache
def procedure() -> Procedure:
    """The shipped ``procedure.yaml``, checked (once per process)."""
    return parse_procedure(shipped_yaml("docgen", "procedure.yaml"), registry())


def period(name: str, on: date) -> Period | None:
    """The version of period ``name`` for a letter dated ``on``; None when no rule in force gives one."""
    return next((p for p in procedure().periods[name] if p.applies(on)), None)


def versions(name: str) -> tuple[Period, ...]:
    """Every version of period ``name``, oldest first."""
    return procedure().periods[name]


def amount(name: str) -> Decimal:
    """The amount ``name`` (``punitive_multiple``, ``punitive_minimum``, ``court_above``)."""
    return procedure().amounts[name].value


def complaint_offices(on: date) -> Offices | None:
    """The articles naming the 12315 office for a letter dated ``on``; None when none is held."""
    return next((o for o in procedure().offices if o.applies(on)), None)


def years_after(day: date, years: int) -> date:
    """The same day ``years`` later (28 February for a 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def cited_names(references: Iterable[Reference], citations: Iterable[Citation]) -> str:
    """The references whose articles a letter also cites, named as it names them: 《消法》第四十六条、….

    A reference to an article the letter does not cite (not in force, repealed on the letter
    date, or not selected) is left out; the result is "" when none is left.
    """
    cited = {(c.article.instrument.slug, c.article.number) for c in citations}
    return "、".join(r.name for r in references if (r.instrument.slug, r.number) in cited)
