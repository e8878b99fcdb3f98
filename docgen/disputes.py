"""The dispute routes, as data: ``disputes.yaml`` read, checked, and looked up.

Platform form reasons by problem, card networks' dispute categories and filing windows,
payment apps' complaint routes (for a merchant payment and for a transfer to a person), and
the police numbers (the 12315 complaint's procedure is :mod:`docgen.procedure`).
:func:`disputes` loads the shipped table once; the assessment (:mod:`docgen.assess`)
decides with the small functions below, and letter templates print what it decided.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docgen.codes import APP_METHODS, CARD_NETWORKS, CHANNELS, PROBLEMS
from docgen.data_yaml import shipped_yaml
from docgen.i18n import LANGUAGES, language
from docgen.table_check import TableChecker


class DisputesError(ValueError):
    """``disputes.yaml`` does not validate; the message lists every problem found."""


@dataclass(frozen=True)
class Code:
    """A card network's reason code and its name as the network writes it: 13.1 …."""

    code: str
    name: str


@dataclass(frozen=True)
class Category:
    """A network's dispute category for some problems; ``verified`` false: ask the issuer."""

    problems: frozenset[str]
    codes: tuple[Code, ...]
    summary: str
    verified: bool


@dataclass(frozen=True)
class Window:
    """The usual cardholder filing window: ``days`` counted from ``starts``.

    ``starts`` (what the days are counted from) and ``sources`` (where the window comes
    from) are given in each language of docgen's messages and letters.
    """

    days: int
    starts: Mapping[str, str]
    sources: Mapping[str, str]

    @property
    def start(self) -> str:
        """What the days are counted from, in the CLI's language (:mod:`docgen.i18n`)."""
        return self.starts[language()]

    @property
    def source(self) -> str:
        """Where the window comes from, in the CLI's language (:mod:`docgen.i18n`)."""
        return self.sources[language()]


@dataclass(frozen=True)
class Network:
    """A card network: its categories in order of precedence, and its window if known."""

    categories: tuple[Category, ...]
    window: Window | None


@dataclass(frozen=True)
class App:
    """A payment app's complaint routes, and a note for orders in ``caveat_channels``.

    ``person``: what the app offers for money sent to a private person (no merchant complaint),
    in the letter's words; ``person_verified``: whether a source confirms it. ``caveats``: the
    note in each language of docgen's messages (empty: no note).
    """

    provider: str
    merchant: str
    unauthorized: str
    person: str
    person_verified: bool
    caveat_channels: frozenset[str] = frozenset()
    caveats: Mapping[str, str] = field(default_factory=dict)

    @property
    def caveat(self) -> str:
        """The note for orders in ``caveat_channels``, in the CLI's language ("" if none)."""
        return self.caveats.get(language(), "")

    def route(self, problems: Collection[str], to_person: bool = False) -> str:
        """The route to take: 非本人操作 for an unauthorized payment, else 交易投诉 for a merchant
        payment, or the app's route for a transfer to a person."""
        if "unauthorized_charge" in problems:
            return self.unauthorized
        return self.person if to_person else self.merchant


@dataclass(frozen=True)
class Police:
    """The police numbers for a seller who vanished after payment, and where they come from."""

    emergency: str
    anti_fraud: str
    source: str


@dataclass(frozen=True)
class Disputes:
    """The whole table."""

    platform_reasons: Mapping[str, str]
    networks: Mapping[str, Network]
    apps: Mapping[str, App]
    police: Police


def parse_disputes(data: Mapping[str, Any]) -> Disputes:
    """Check a parsed ``disputes.yaml`` and build :class:`Disputes`.

    Raises :class:`DisputesError` listing every problem found.
    """
    check = _DisputesChecker()
    reasons = {str(k): str(v) for k, v in (data.get("platform_reasons") or {}).items()}
    check.need(set(reasons) == set(PROBLEMS),
               f"platform_reasons: needs exactly the problem codes; missing {sorted(set(PROBLEMS) - set(reasons))},"
               f" unknown {sorted(set(reasons) - set(PROBLEMS))}")
    networks = {str(name): check.network(f"networks.{name}", spec)
                for name, spec in (data.get("networks") or {}).items()
                if check.known("networks", str(name), CARD_NETWORKS)}
    apps = {str(method): check.app(f"apps.{method}", spec)
            for method, spec in (data.get("apps") or {}).items()
            if check.known("apps", str(method), APP_METHODS)}
    check.need(set(apps) == set(APP_METHODS), f"apps: needs {', '.join(APP_METHODS)}")
    police = data.get("police") or {}
    for key in ("emergency", "anti_fraud", "source"):
        check.need(isinstance(police.get(key), str) and bool(police[key].strip()), f"police.{key}: missing (as text)")
    check.done(DisputesError, "disputes.yaml")
    return Disputes(reasons, networks, apps,
                    Police(police["emergency"], police["anti_fraud"], " ".join(police["source"].split())))


class _DisputesChecker(TableChecker):
    """The table checker, with the parts of ``disputes.yaml``."""

    def network(self, where: str, spec: Mapping[str, Any]) -> Network:
        categories = tuple(self.category(f"{where}.categories[{i}]", entry)
                           for i, entry in enumerate(spec.get("categories") or []))
        self.need(bool(categories), f"{where}.categories: lists none")
        window = spec.get("window")
        if window is None:
            return Network(categories, None)
        days = window.get("days")
        self.need(isinstance(days, int) and not isinstance(days, bool) and days > 0,
                  f"{where}.window.days: expected a positive whole number")
        self.need(bool(window.get("from")) and bool(window.get("source")), f"{where}.window: needs from and source")
        starts = self.texts(f"{where}.window.from", window.get("from"), LANGUAGES) if window.get("from") else {}
        sources = self.texts(f"{where}.window.source", window.get("source"), LANGUAGES) if window.get("source") else {}
        return Network(categories, Window(int(days or 0), starts, sources))

    def category(self, where: str, entry: Mapping[str, Any]) -> Category:
        problems = frozenset(str(p) for p in entry.get("problems") or [])
        self.need(bool(problems) and problems <= set(PROBLEMS),
                  f"{where}.problems: expected some of {', '.join(PROBLEMS)}, got {sorted(problems)}")
        self.need(bool(entry.get("summary")), f"{where}.summary: missing")
        self.need(isinstance(entry.get("verified"), bool), f"{where}.verified: expected true or false")
        codes = tuple(Code(str(c.get("code")), str(c.get("name"))) for c in entry.get("codes") or [])
        self.need(all(c.code and c.name for c in codes), f"{where}.codes: each needs code and name")
        return Category(problems, codes, str(entry.get("summary")), entry.get("verified") is True)

    def app(self, where: str, spec: Mapping[str, Any]) -> App:
        for key in ("provider", "merchant", "unauthorized"):
            self.need(bool(spec.get(key)), f"{where}.{key}: missing")
        person = spec.get("person") or {}
        self.need(bool(person.get("route")), f"{where}.person.route: missing")
        self.need(isinstance(person.get("verified"), bool), f"{where}.person.verified: expected true or false")
        caveat = spec.get("caveat") or {}
        channels = frozenset(str(c) for c in caveat.get("channels") or [])
        self.need(channels <= set(CHANNELS), f"{where}.caveat.channels: unknown {sorted(channels - set(CHANNELS))}")
        self.need(bool(caveat.get("note")) == bool(channels), f"{where}.caveat: needs both channels and note")
        notes = self.texts(f"{where}.caveat.note", caveat["note"], LANGUAGES) if caveat.get("note") else {}
        return App(str(spec.get("provider")), str(spec.get("merchant")), str(spec.get("unauthorized")),
                   str(person.get("route")), person.get("verified") is True, channels, notes)


@cache
def disputes() -> Disputes:
    """The shipped ``disputes.yaml``, checked (once per process)."""
    return parse_disputes(shipped_yaml("docgen", "disputes.yaml"))


def platform_reason(problems: Collection[str]) -> str:
    """The reason to pick on the platform's form: that of the first problem in table order."""
    reasons = disputes().platform_reasons
    return next(reasons[p] for p in reasons if p in problems)


def card_category(network: str, problems: Collection[str]) -> Category | None:
    """The network's category for these problems, or None when docgen knows none."""
    known = disputes().networks.get(network)
    categories = known.categories if known else ()
    return next((c for c in categories if c.problems & set(problems)), None)


def filing_window(network: str) -> Window | None:
    """The network's usual filing window, or None when no source gives one."""
    known = disputes().networks.get(network)
    return known.window if known else None


def police() -> Police:
    """The police numbers the letters and ``check`` give for a seller who vanished after payment."""
    return disputes().police


def payment_app(method: str) -> App | None:
    """The complaint routes of a payment app (alipay, wechat_pay); None for other methods."""
    return disputes().apps.get(method)
