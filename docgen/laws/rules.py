"""Which articles a letter cites: the rules in ``rules.yaml``, checked and applied."""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from docgen.case import LOCALES
from docgen.laws.registry import Article, Passage, Registry, registry, table

PROBLEMS = (
    "not_delivered", "invalid_code", "not_as_described", "unused_refund_refused",
    "undisclosed_no_refund", "merchant_unreachable", "fraud", "unauthorized_charge",
)
RECIPIENTS = ("refund-request", "complaint-12315", "platform-dispute", "chargeback")
CHANNELS = ("taobao", "tmall", "pinduoduo", "jd", "xianyu", "douyin", "wechat", "qq", "other")
PAYMENT_METHODS = ("alipay", "wechat_pay", "credit_card", "debit_card", "bank_transfer", "other")

_CODES = {"problems": PROBLEMS, "channels": CHANNELS, "payment": PAYMENT_METHODS}
_FLAGS = ("delivered", "activated", "fraud_claimed")
_CONDITIONS = (*_CODES, *_FLAGS, "letter_from")


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
    """The whole table: when each document is written, and the rules in order."""

    documents: Mapping[str, Condition]
    rules: tuple[Rule, ...]


def parse_rules(data: Mapping[str, Any], reg: Registry) -> Rules:
    """Check a parsed rules table against the registry and build :class:`Rules`.

    Raises :class:`RulesError` listing every problem found.
    """
    checker = _Checker(data.get("groups") or {})
    documents = data.get("documents") or {}
    for name in RECIPIENTS:
        if name not in documents:
            checker.errors.append(f"documents: {name} is missing")
    parsed_documents = {
        name: checker.condition(f"documents.{name}", when or {})
        for name, when in documents.items()
        if checker.known("documents", str(name), RECIPIENTS)
    }
    rules = data.get("rules") or []
    parsed_rules = [checker.rule(f"rules[{i}]{_line(rules, i)}", r, reg) for i, r in enumerate(rules)]
    if checker.errors:
        raise RulesError("rules.yaml does not validate:\n  " + "\n  ".join(checker.errors))
    return Rules(parsed_documents, tuple(parsed_rules))


class _Checker:
    """Builds rule objects while collecting, rather than raising, what is wrong."""

    def __init__(self, groups: Mapping[str, list[str]]) -> None:
        self.groups = {str(k): [str(c) for c in v] for k, v in groups.items()}
        self.errors: list[str] = []

    def known(self, where: str, code: str, domain: tuple[str, ...]) -> bool:
        if code in domain:
            return True
        close = difflib.get_close_matches(code, domain, n=1)
        self.errors.append(f"{where}: unknown {code!r}" + (f" (did you mean {close[0]}?)" if close else ""))
        return False

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

    def rule(self, where: str, rule: Any, reg: Registry) -> Rule:
        if not (isinstance(rule, Mapping) and set(rule) == {"when", "cite"}
                and isinstance(rule["when"], Mapping) and isinstance(rule["cite"], Mapping)):
            self.errors.append(f"{where}: a rule is a mapping of `when` and `cite`, both mappings")
            return Rule(frozenset(), Condition(), ())
        when = dict(rule["when"])
        if "problems" not in when:
            self.errors.append(f"{where}.when: `problems` is required")
        recipients = self.codes(f"{where}.when.recipients", when.pop("recipients", None), RECIPIENTS)
        condition = self.condition(f"{where}.when", when)
        cites = []
        for ref, reasons in rule["cite"].items():
            try:
                passage = reg.resolve(str(ref))
            except LookupError as exc:
                self.errors.append(f"{where}.cite: {exc}")
                continue
            cites.append((passage, self.reasons(f"{where}.cite.{ref}", reasons)))
        if not cites:
            self.errors.append(f"{where}: cites nothing")
        return Rule(recipients, condition, tuple(cites))

    def reasons(self, where: str, reasons: Any) -> dict[str, str]:
        """The sentence of why in every locale: ``{zh_CN: …, en_US: …}``."""
        if not isinstance(reasons, Mapping):
            self.errors.append(f"{where}: give the sentence of why in each locale ({', '.join(LOCALES)})")
            return {}
        for locale in sorted(set(map(str, reasons)) - set(LOCALES)):
            self.errors.append(f"{where}: unknown locale {locale!r} (known: {', '.join(LOCALES)})")
        for locale in LOCALES:
            if not isinstance(reasons.get(locale), str) or not reasons[locale].strip():
                self.errors.append(f"{where}: the sentence of why in {locale} is missing")
        return {locale: str(reasons.get(locale) or "") for locale in LOCALES}


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
    transaction date and not repealed on the letter date. Empty when the recipient's
    document does not apply (a platform dispute without a platform, a chargeback for a
    bank transfer).
    """
    if recipient not in RECIPIENTS:
        raise ValueError(f"unknown recipient {recipient!r}; known: {', '.join(RECIPIENTS)}")
    table_ = shipped_rules()
    if not table_.documents[recipient].holds(facts):
        return ()
    merged: dict[Article, tuple[set[int], Mapping[str, str]]] = {}
    for rule in table_.rules:
        if recipient not in rule.recipients or not rule.when.holds(facts):
            continue
        for passage, reasons in rule.cites:
            article = passage.article
            if article.in_force(facts.transaction_date) and article.in_force(facts.letter_date):
                merged.setdefault(article, (set(), reasons))[0].update(passage.paragraphs)
    return tuple(Citation(a, tuple(sorted(p)), reasons) for a, (p, reasons) in merged.items())
