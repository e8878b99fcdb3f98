"""Which articles a letter cites: the rules in ``rules.yaml``, checked and applied."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from docgen.codes import CHANNELS, CODE_GROUPS, LETTER_KINDS, LOCALES, PAYMENT_METHODS, PROBLEMS, documents_applying
from docgen.laws.registry import Article, Instrument, Passage, Registry, parse_ref, registry, table
from docgen.table_check import TableChecker

_CODES = {"problems": PROBLEMS, "channels": CHANNELS, "payment": PAYMENT_METHODS}
_FLAGS = ("delivered", "activated", "fraud_claimed", "merchant_address", "complaint_in_time", "platform_refused",
          "paid_to_person", "promise", "disclaimer")
_CONDITIONS = (*_CODES, *_FLAGS, "letter_from")
_SECTIONS = ("instruments", "procedural", "not_quoted", "groups", "rules")


class RulesError(ValueError):
    """``rules.yaml`` does not validate; the message lists every problem found."""


@dataclass(frozen=True)
class CitationFacts:
    """The facts of a case that decide which articles a letter cites."""

    problems: frozenset[str]
    channel: str
    payment_method: str
    delivered: bool
    activated: bool
    fraud_claimed: bool
    transaction_date: date
    letter_date: date
    merchant_address: bool
    """The case gives the seller's address (what the 12315 complaint must contain)."""
    complaint_in_time: bool
    """The letter is dated within the 12315 complaint limit of the purchase (procedure.yaml)."""
    promise: bool = False
    """The case records a promise or term the seller stated before payment (order.promise)."""
    disclaimer: bool = False
    """The seller disclaimed liability in words the case records (a contact's said, disclaimer: true)."""
    platform_refused: bool = False
    """The platform was already asked to step in and refused or did nothing (order.platform_refused)."""
    paid_to_person: bool = False
    """The money went to a private person's account, not to a merchant (payment.payee: person)."""

    def __post_init__(self) -> None:
        if not self.problems or not self.problems <= set(PROBLEMS):
            raise ValueError(f"problems must be some of {', '.join(PROBLEMS)}: {sorted(self.problems)}")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if self.payment_method not in PAYMENT_METHODS:
            raise ValueError(f"unknown payment method {self.payment_method!r}")
        if self.fraud_claimed and "fraud" not in self.problems:
            raise ValueError("fraud_claimed needs the problem 'fraud'")


@dataclass(frozen=True)
class Citation:
    """An article a letter cites, the 款 it quotes (1-based, never empty) and why, by locale."""

    article: Article
    paragraphs: tuple[int, ...]
    reasons: Mapping[str, str]
    """The sentence of why in each locale (``zh_CN``, ``en_US``)."""


@dataclass(frozen=True)
class Condition:
    """The ``when`` of a rule; ``None`` means "any"."""

    problems: frozenset[str] | None = None
    channels: frozenset[str] | None = None
    payment: frozenset[str] | None = None
    delivered: bool | None = None
    activated: bool | None = None
    fraud_claimed: bool | None = None
    merchant_address: bool | None = None
    complaint_in_time: bool | None = None
    promise: bool | None = None
    disclaimer: bool | None = None
    platform_refused: bool | None = None
    paid_to_person: bool | None = None
    letter_from: date | None = None

    def holds(self, facts: CitationFacts) -> bool:
        """Whether the facts meet every condition."""
        return (
            (self.problems is None or bool(self.problems & facts.problems))
            and (self.channels is None or facts.channel in self.channels)
            and (self.payment is None or facts.payment_method in self.payment)
            and all(getattr(self, f) in (None, getattr(facts, f)) for f in _FLAGS)
            and (self.letter_from is None or facts.letter_date >= self.letter_from)
        )


@dataclass(frozen=True)
class Rule:
    """One entry of ``rules:``: for these recipients, when this holds, cite these."""

    recipients: frozenset[str]
    when: Condition
    cites: tuple[tuple[Passage, Mapping[str, str]], ...]


@dataclass(frozen=True)
class Rules:
    """The whole table: the rules in order, and the instruments of procedure (by slug)."""

    rules: tuple[Rule, ...]
    procedural: frozenset[str]
    """Instruments whose articles are cited by the letter date alone (the rule in force when complaining)."""


def parse_rules(data: Mapping[str, Any], reg: Registry) -> Rules:
    """Check a parsed rules table against the registry and build :class:`Rules`.

    Raises :class:`RulesError` listing every problem found.
    """
    checker = _RulesChecker(reg, data.get("groups") or {})
    for section in data:
        checker.known("rules.yaml", str(section), _SECTIONS)
    procedural = frozenset(inst.slug for name in data.get("procedural") or []
                           if (inst := checker.instrument("procedural", name)))
    for law, numbers in (data.get("not_quoted") or {}).items():
        inst = checker.instrument("not_quoted", law)
        checker.not_quoted |= {(inst.slug, int(n)) for n in numbers or []} if inst else set()
    rules = data.get("rules") or []
    parsed = [checker.rule(f"rules[{i}]{_line(rules, i)}", r) for i, r in enumerate(rules)]
    checker.done(RulesError, "rules.yaml")
    return Rules(tuple(parsed), procedural)


class _RulesChecker(TableChecker):
    """The table checker, with the groups of codes ``when`` lists may name."""

    def __init__(self, reg: Registry, groups: Mapping[str, list[str]]) -> None:
        super().__init__()
        self.reg = reg
        for name in sorted(set(map(str, groups)) & set(CODE_GROUPS)):
            self.errors.append(f"groups.{name}: given by docgen's codes ({', '.join(CODE_GROUPS[name])}); "
                               "do not define it here")
        self.groups = {**CODE_GROUPS, **{str(k): tuple(str(c) for c in v) for k, v in groups.items()}}
        self.not_quoted: set[tuple[str, int]] = set()

    def instrument(self, where: str, name: Any) -> Instrument | None:
        try:
            return self.reg.instrument(str(name))
        except LookupError as exc:
            self.errors.append(f"{where}: {exc}")
            return None

    def codes(self, where: str, values: Any, domain: tuple[str, ...]) -> frozenset[str]:
        if not isinstance(values, list) or not values:
            self.errors.append(f"{where}: expected a non-empty list")
            return frozenset()
        expanded = [c for v in values for c in self.groups.get(str(v), [str(v)])]
        return frozenset(c for c in expanded if self.known(where, c, domain))

    def condition(self, where: str, when: Mapping[str, Any]) -> Condition:
        fields: dict[str, Any] = {}
        for key, value in when.items():
            if key in _CODES:
                fields[key] = self.codes(f"{where}.{key}", value, _CODES[key])
            elif key in _FLAGS:
                if isinstance(value, bool):
                    fields[key] = value
                else:
                    self.errors.append(f"{where}.{key}: expected true or false")
            elif key == "letter_from":
                try:
                    fields[key] = value if isinstance(value, date) else date.fromisoformat(str(value))
                except ValueError:
                    self.errors.append(f"{where}.letter_from: expected a date YYYY-MM-DD")
            else:
                self.errors.append(f"{where}: unknown condition {key!r} (known: {', '.join(_CONDITIONS)})")
        return Condition(**fields)

    def rule(self, where: str, rule: Any) -> Rule:
        if not (isinstance(rule, Mapping) and set(rule) == {"when", "cite"}
                and isinstance(rule["when"], Mapping) and isinstance(rule["cite"], Mapping)):
            self.errors.append(f"{where}: a rule is a mapping of `when` and `cite`, both mappings")
            return Rule(frozenset(), Condition(), ())
        when = dict(rule["when"])
        if "problems" not in when:
            self.errors.append(f"{where}.when: `problems` is required")
        recipients = self.codes(f"{where}.when.recipients", when.pop("recipients", None), LETTER_KINDS)
        condition = self.condition(f"{where}.when", when)
        cites = []
        for ref, reasons in rule["cite"].items():
            try:
                law, number, _ = parse_ref(str(ref))
                if (self.reg.instrument(law).slug, number) in self.not_quoted:
                    self.errors.append(f"{where}.cite: {ref} is never to be cited (not_quoted: the text held is "
                                       "not the one in force, or not verified)")
                    continue
                passage = self.reg.resolve(str(ref))
            except LookupError as exc:
                self.errors.append(f"{where}.cite: {exc}")
                continue
            cites.append((passage, self.texts(f"{where}.cite.{ref}", reasons, LOCALES, "the sentence of why")))
        if not cites:
            self.errors.append(f"{where}: cites nothing")
        return Rule(recipients, condition, tuple(cites))


def _line(node: Any, index: int) -> str:
    """' (line N)' for item ``index`` of a round-trip YAML list, else ''."""
    lc = getattr(node, "lc", None)
    return f" (line {lc.item(index)[0] + 1})" if lc is not None else ""


@cache
def shipped_rules() -> Rules:
    """The rules of the packaged ``rules.yaml``, checked (once per process)."""
    return parse_rules(table(), registry())


def select_citations(facts: CitationFacts, recipient: str) -> tuple[Citation, ...]:
    """The articles a letter to ``recipient`` cites for these facts, in rules.yaml order.

    One citation per article (款 merged in order); only articles in force on the
    transaction date and not repealed on the letter date, or, for the instruments of
    procedure, in force on the letter date. Empty when the recipient's
    document does not apply (a platform dispute without a platform, a chargeback for a
    bank transfer).
    """
    if recipient not in LETTER_KINDS:
        raise ValueError(f"unknown recipient {recipient!r}; known: {', '.join(LETTER_KINDS)}")
    if recipient not in documents_applying(facts.channel, facts.payment_method, has_evidence=False):
        return ()
    merged: dict[Article, tuple[set[int], Mapping[str, str]]] = {}
    table_ = shipped_rules()
    for rule in table_.rules:
        if recipient not in rule.recipients or not rule.when.holds(facts):
            continue
        for passage, reasons in rule.cites:
            article = passage.article
            procedural = article.instrument.slug in table_.procedural
            if article.in_force(facts.letter_date) and (procedural or article.in_force(facts.transaction_date)):
                merged.setdefault(article, (set(), reasons))[0].update(passage.paragraphs)
    return tuple(Citation(a, tuple(sorted(p)), reasons) for a, (p, reasons) in merged.items())
