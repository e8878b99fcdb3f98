"""docgen's own YAML data (statute rules, dispute routes, law metadata, letter terms), read fast.

YAML 1.2 through ruamel.yaml's safe loader, which parses with libyaml's C code where
ruamel.yaml.clib is installed (a dependency on CPython): about six times faster than the
pure-Python parser, with the same values. Case files have a loader of their own
(:mod:`docgen.casefile`), which keeps every scalar as typed.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from ruamel.yaml import YAML


@cache
def _yaml() -> YAML:
    return YAML(typ="safe")


def load_yaml(text: str) -> Any:
    """Plain Python values (dicts, lists, str, int, date, ...) from YAML ``text``."""
    return _yaml().load(text)
