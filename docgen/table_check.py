"""Checking docgen's own data tables (rules.yaml, disputes.yaml, procedure.yaml) on load.

:class:`TableChecker` collects what is wrong instead of raising at the first problem, so
that a table's editor sees every mistake at once; each table's reader adds its own parts
on top and ends with :meth:`TableChecker.done`.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any



class TableChecker:
    """Builds a table's parts while collecting, rather than raising, what is wrong."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def need(self, ok: bool, message: str) -> bool:
        """Note ``message`` unless ``ok``; return ``ok``."""
        if not ok:
            self.errors.append(message)
        return ok

    def known(self, where: str, code: str, domain: Iterable[str]) -> bool:
        """Whether ``code`` is one of ``domain``; if not, note it with the closest code or the list."""
        domain = tuple(domain)
        if code in domain:
            return True
        close = difflib.get_close_matches(code, domain, n=1)
        hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(domain)}"
        self.errors.append(f"{where}: unknown {code!r} ({hint})")
        return False

    def texts(self, where: str, texts: Any, languages: Iterable[str], what: str = "the text") -> dict[str, str]:
        """One text in every language: ``{zh_CN: …, en_US: …}``, each non-empty (whitespace runs joined)."""
        languages = tuple(languages)
        listed = ", ".join(languages)
        if not self.need(isinstance(texts, Mapping), f"{where}: give {what} in each language ({listed})"):
            return {}
        for lang in sorted(set(map(str, texts)) - set(languages)):
            self.errors.append(f"{where}: unknown language {lang!r} (known: {listed})")
        for lang in languages:
            self.need(isinstance(texts.get(lang), str) and bool(texts[lang].strip()), f"{where}.{lang}: missing")
        return {lang: " ".join(str(texts.get(lang) or "").split()) for lang in languages}

    def done(self, error: type[ValueError], table: str) -> None:
        """Raise ``error`` listing every problem noted, if any."""
        if self.errors:
            raise error(f"{table} does not validate:\n  " + "\n  ".join(self.errors))
