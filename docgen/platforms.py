"""The platforms docgen knows: ``platforms.yaml`` read, checked, and looked up.

Who operates each platform (the operator's legal name and domicile, each with its source
and whether it was verified): the 12315 complaint names the operator where the seller's
address is unknown, and ``docgen check`` says where the name comes from.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from docgen.codes import PLATFORM_CHANNELS
from docgen.data_yaml import shipped_yaml
from docgen.i18n import LANGUAGES, language
from docgen.table_check import TableChecker


class PlatformsError(ValueError):
    """``platforms.yaml`` does not validate; the message lists every problem found."""


@dataclass(frozen=True)
class Operator:
    """A platform's operator: legal name and domicile (None: no source found), where they come
    from (``sources``, in each language of docgen's messages) and whether they were verified."""

    channel: str
    name: str | None
    domicile: str | None
    sources: Mapping[str, str]
    verified: bool

    @property
    def source(self) -> str:
        """Where the operator's name comes from, in the CLI's language (:mod:`docgen.i18n`)."""
        return self.sources[language()]


def parse_platforms(data: Mapping[str, Any]) -> dict[str, Operator]:
    """Check a parsed ``platforms.yaml``: one entry for each platform channel, each with its source.

    Raises :class:`PlatformsError` listing every problem found.
    """
    check = TableChecker()
    entries = data.get("platforms") or {}
    operators = {}
    for channel, spec in entries.items():
        where = f"platforms.{channel}"
        if not check.known("platforms", str(channel), PLATFORM_CHANNELS) or not check.need(
                isinstance(spec, Mapping), f"{where}: expected a mapping"):
            continue
        for key in ("operator", "domicile"):
            check.need(spec.get(key) is None or (isinstance(spec[key], str) and bool(spec[key].strip())),
                       f"{where}.{key}: expected the text, or null where no source was found")
        sources = check.texts(f"{where}.source", spec.get("source"), LANGUAGES, "where it comes from")
        check.need(isinstance(spec.get("verified"), bool), f"{where}.verified: expected true or false")
        operators[str(channel)] = Operator(str(channel), spec.get("operator"), spec.get("domicile"), sources,
                                           spec.get("verified") is True)
    check.need(set(operators) == set(PLATFORM_CHANNELS),
               f"platforms: needs every platform channel ({', '.join(PLATFORM_CHANNELS)})")
    check.done(PlatformsError, "platforms.yaml")
    return operators


@cache
def platforms() -> dict[str, Operator]:
    """The shipped ``platforms.yaml``, checked (once per process)."""
    return parse_platforms(shipped_yaml("docgen", "platforms.yaml"))


def operator(channel: str) -> Operator | None:
    """The operator of the platform ``channel``; None off a platform (wechat, qq, other)."""
    return platforms().get(channel)
