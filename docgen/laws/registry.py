"""The statute articles docgen carries, loaded once from the package data.

``data/<slug>.md`` holds, for each instrument, its source front matter and the articles
``rules.yaml`` cites (written by ``tools/extract_laws.py`` from the official texts). The
``instruments:`` section of ``rules.yaml`` gives each instrument the short name that
references use (``消法55(1)``), and ``english.yaml`` its English title and short name.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from docgen.data_yaml import load_data, shipped_yaml

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))


def to_chinese(number: int) -> str:
    """Write 1..9999 in Chinese numerals as statutes do: 十, 二十, 一百一十, 一百零九."""
    if not 1 <= number <= 9999:
        raise ValueError(f"{number} is outside 1..9999")
    parts: list[str] = []
    gap = False
    for value, unit in _UNITS:
        digit, number = divmod(number, value)
        if digit:
            parts.append(("零" if gap else "") + _DIGITS[digit] + unit)
            gap = False
        elif parts:
            gap = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def from_chinese(text: str) -> int:
    """Read a Chinese numeral written as :func:`to_chinese` writes it ("一百零九" → 109)."""
    units = {unit: value for value, unit in _UNITS if unit}
    total, digit = 0, None
    for char in text:
        if char in units:
            total += (1 if digit is None else digit) * units[char]
            digit = None
        elif char in _DIGITS:
            digit = _DIGITS.index(char) or None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    total += digit or 0
    if not total or to_chinese(total) != text:
        raise ValueError(f"not a Chinese numeral in statute form: {text!r}")
    return total


def article_label(number: int) -> str:
    """The heading of article ``number``: 55 → "第五十五条"."""
    return f"第{to_chinese(number)}条"


def article_number(label: str) -> int:
    """The number in an article heading: "第五十五条" → 55."""
    if not (label.startswith("第") and label.endswith("条")):
        raise ValueError(f"not an article heading: {label!r}")
    return from_chinese(label[1:-1])


_ITEM = re.compile(r"（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class LawText:
    """A law file split up: its front matter (verbatim) and its articles' lines."""

    front_matter: str
    articles: tuple[tuple[str, tuple[str, ...]], ...]
    """(heading label such as "第五十五条", its non-empty lines), in file order."""


def split_law(text: str) -> LawText:
    """Split a law file: front matter between ``---`` lines, ``## 第N条`` articles.

    ``# `` headings and any text outside an article (a preamble) are skipped.
    """
    if not text.startswith("---\n") or "\n---\n" not in text:
        raise ValueError("a law file starts with YAML front matter between '---' lines")
    end = text.index("\n---\n")
    articles: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    for line in text[end + 5:].splitlines():
        if line.startswith("## "):
            current = []
            articles.append((line[3:], current))
        elif line.startswith("# "):
            current = None
        elif line and current is not None:
            current.append(line)
    return LawText(text[4:end], tuple((label, tuple(lines)) for label, lines in articles))


def paragraphs(lines: Iterable[str]) -> tuple[str, ...]:
    """Group an article's lines into 款: item lines （一）… join the 款 above with "\\n"."""
    result: list[str] = []
    for line in lines:
        if _ITEM.match(line) and result:
            result[-1] += "\n" + line
        else:
            result.append(line)
    return tuple(result)


_REF = re.compile(
    r"(?:(?P<slug>[a-z0-9-]+):|(?P<short>[^\d:()（）]+(?:（[一二三四五六七八九十]+）)?))"
    r"(?P<number>\d+)(?:[(（](?P<paras>\d+(?:[,，]\d+)*)[)）])?"
)


def parse_ref(ref: str) -> tuple[str, int, tuple[int, ...]]:
    """Split a reference into (law, article number, 款 numbers; empty = whole article).

    Forms: ``消法55``, ``消法55(1)``, ``消法26(2,3)``, ``consumer-protection-law-2013:55``,
    ``consumer-protection-law:55(1)``. The law is any name :meth:`Registry.instrument` takes.
    """
    match = _REF.fullmatch(ref.replace(" ", ""))
    if not match:
        raise LookupError(
            f"bad reference {ref!r}: write SHORT+number with an optional (款), "
            "e.g. 消法55 or 消法55(1), or SLUG:number, e.g. consumer-protection-law-2013:55"
        )
    law = match["slug"] or match["short"]
    paras = tuple(int(p) for p in re.split("[,，]", match["paras"])) if match["paras"] else ()
    return law, int(match["number"]), paras


@dataclass(frozen=True)
class Instrument:
    """A law, regulation or judicial interpretation docgen quotes from."""

    slug: str
    title: str
    short: str
    """The official short name used in letters (front matter ``short``)."""
    alias: str
    """The short name references use (rules.yaml ``instruments:``), e.g. 实施条例."""
    effective: date
    repealed: date | None
    source: str = field(repr=False)
    title_en: str
    """The English title (english.yaml), e.g. Civil Code of the People's Republic of China."""
    short_en: str
    """The English short name (english.yaml), e.g. Civil Code."""

    def in_force(self, on: date) -> bool:
        """Whether the quoted version is in force on ``on``."""
        return self.effective <= on and (self.repealed is None or on < self.repealed)


@dataclass(frozen=True)
class Article:
    """One article, its 款 verbatim (a 款 with items holds its lines joined by "\\n")."""

    instrument: Instrument
    number: int
    label: str
    paragraphs: tuple[str, ...]

    @property
    def ref(self) -> str:
        """The short reference, e.g. "消法55"."""
        return f"{self.instrument.alias}{self.number}"

    def in_force(self, on: date) -> bool:
        """Whether the article's instrument is in force on ``on``."""
        return self.instrument.in_force(on)


@dataclass(frozen=True)
class Passage:
    """What a reference points at: an article and the 款 meant (1-based, never empty)."""

    article: Article
    paragraphs: tuple[int, ...]

    @property
    def whole(self) -> bool:
        """True when every 款 of the article is meant."""
        return len(self.paragraphs) == len(self.article.paragraphs)

    @property
    def paragraph_label(self) -> str:
        """第一款、第二款 (empty when the whole article is meant)."""
        return "" if self.whole else "、".join(f"第{to_chinese(p)}款" for p in self.paragraphs)

    @property
    def name(self) -> str:
        """The passage as letters name it after the first mention: 《消法》第二十四条第一款."""
        return f"《{self.article.instrument.short}》{self.article.label}{self.paragraph_label}"


class Registry:
    """The articles docgen carries, looked up by instrument and number or by reference."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._articles = {(a.instrument.slug, a.number): a for a in articles}
        self.instruments = tuple(dict.fromkeys(a.instrument for a in self._articles.values()))
        self._names: dict[str, Instrument] = {}
        for inst in self.instruments:
            for name in {inst.alias, inst.short, inst.slug, _without_year(inst.slug)}:
                if self._names.setdefault(name, inst) != inst:
                    raise ValueError(f"{name!r} names both {self._names[name].slug} and {inst.slug}")

    def instrument(self, name: str) -> Instrument:
        """The instrument called ``name``: its alias, short name, slug or slug without year."""
        try:
            return self._names[name]
        except KeyError:
            close = difflib.get_close_matches(name, self._names, n=3, cutoff=0.4)
            hint = f"did you mean {', '.join(close)}?" if close else (
                "known: " + ", ".join(i.alias for i in self.instruments))
            raise LookupError(f"unknown law {name!r}; {hint}") from None

    def article(self, law: str, number: int) -> Article:
        """Article ``number`` of the instrument called ``law``."""
        inst = self.instrument(law)
        try:
            return self._articles[inst.slug, number]
        except KeyError:
            carried = ", ".join(a.ref for a in self.articles(inst.slug))
            raise LookupError(
                f"{inst.alias}{number} is not among the articles docgen carries ({carried})"
            ) from None

    def articles(self, law: str | None = None) -> tuple[Article, ...]:
        """All articles carried, or those of one instrument, in the order given at creation."""
        slug = self.instrument(law).slug if law else None
        return tuple(a for a in self._articles.values() if slug in (None, a.instrument.slug))

    def resolve(self, ref: str) -> Passage:
        """The passage a reference names; no (款) means the whole article."""
        law, number, paras = parse_ref(ref)
        article = self.article(law, number)
        count = len(article.paragraphs)
        for p in paras:
            if not 1 <= p <= count:
                raise LookupError(f"{ref!r}: {article.ref} has {count} 款, so no 款 {p}")
        return Passage(article, tuple(sorted(set(paras))) or tuple(range(1, count + 1)))


def _without_year(slug: str) -> str:
    return re.sub(r"-\d{4}(-.*)?$", "", slug)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@cache
def table() -> Mapping[str, Any]:
    """The shipped ``rules.yaml``, parsed."""
    return shipped_yaml("docgen.laws", "rules.yaml")


@cache
def english_names() -> Mapping[str, Mapping[str, str]]:
    """The shipped ``english.yaml``: slug → ``title`` and ``short`` in English."""
    return shipped_yaml("docgen.laws", "english.yaml")


def read_instrument(text: str, alias: str, english: Mapping[str, str]) -> tuple[Instrument, tuple[Article, ...]]:
    """Build an instrument and its articles from a law file's text and its English names."""
    law = split_law(text)
    meta = load_data(law.front_matter)
    inst = Instrument(
        slug=meta["slug"],
        title=meta["title"],
        short=meta["short"],
        alias=alias,
        effective=_date(meta["effective"]),
        repealed=_date(meta["repealed"]) if meta.get("repealed") else None,
        source=meta["source"],
        title_en=str(english["title"]),
        short_en=str(english["short"]),
    )
    return inst, tuple(
        Article(inst, article_number(label), label, paragraphs(lines)) for label, lines in law.articles
    )


@cache
def registry() -> Registry:
    """The registry of the packaged articles (loaded once per process)."""
    data = files("docgen.laws") / "data"
    aliases = {str(slug): str(alias) for alias, slug in table()["instruments"].items()}
    found = {f.name[:-3] for f in data.iterdir() if f.name.endswith(".md")}
    if found != set(aliases):
        raise RuntimeError(
            "docgen/laws/data does not match rules.yaml instruments: "
            f"missing {sorted(set(aliases) - found)}, unlisted {sorted(found - set(aliases))}; "
            "run tools/extract_laws.py"
        )
    check_english(english_names(), set(aliases))
    articles: list[Article] = []
    for slug, alias in aliases.items():
        inst, arts = read_instrument((data / f"{slug}.md").read_text(encoding="utf-8"), alias, english_names()[slug])
        if inst.slug != slug:
            raise RuntimeError(f"data/{slug}.md says slug {inst.slug!r}")
        articles.extend(arts)
    return Registry(articles)


def check_english(english: Mapping[str, Any], slugs: set[str]) -> None:
    """Every instrument has an English title and short name in english.yaml, and no more."""
    problems = [f"{slug}: no English name" for slug in sorted(slugs - set(english))]
    problems += [f"{slug}: not an instrument in rules.yaml" for slug in sorted(set(english) - slugs)]
    problems += [f"{slug}: {key} is missing" for slug in sorted(slugs & set(english))
                 for key in ("title", "short") if not str((english[slug] or {}).get(key) or "").strip()]
    if problems:
        raise RuntimeError("docgen/laws/english.yaml: " + "; ".join(problems))
