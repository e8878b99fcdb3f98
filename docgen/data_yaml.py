"""docgen's own YAML data (statute rules, dispute routes, law metadata, letter terms), read fast.

YAML 1.2 through ruamel.yaml's safe loader, which parses with libyaml's C code where
ruamel.yaml.clib is installed (a dependency on CPython): about six times faster than the
pure-Python parser, with the same values. The files shipped with docgen are parsed once
and kept, pickled, in docgen's cache folder (:func:`load_data`). Case files have a loader
of their own (:mod:`docgen.casefile`), which keeps every scalar as typed.
"""
from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import ruamel.yaml
from ruamel.yaml import YAML

from docgen.cache import remembered


@cache
def _yaml() -> YAML:
    return YAML(typ="safe")


def load_yaml(text: str) -> Any:
    """Plain Python values (dicts, lists, str, int, date, ...) from YAML ``text``."""
    return _yaml().load(text)


def load_data(text: str) -> Any:
    """:func:`load_yaml` for docgen's own data: from docgen's cache folder when this very text
    was parsed before by this ruamel.yaml (unpickling takes a tenth of the parse)."""
    return remembered("data", f"{ruamel.yaml.__version__}\n{text}", lambda: load_yaml(text))


def shipped_yaml(package: str, name: str) -> Any:
    """The data file ``name`` installed with ``package`` (e.g. ``docgen.laws``, ``rules.yaml``), parsed."""
    return load_data((files(package) / name).read_text(encoding="utf-8"))
