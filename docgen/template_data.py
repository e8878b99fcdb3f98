"""What a letter template may touch: plain, read-only data, never live objects.

Templates (including a user's own, see ``--templates``) get numbers, text, dates and
namespaces of them: no paths to open, no methods that act on the world.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import PurePath
from types import MappingProxyType, SimpleNamespace
from typing import Any, Mapping


def _public_properties(value: Any) -> dict[str, Any]:
    return {
        name: getattr(value, name)
        for klass in type(value).__mro__
        for name, member in vars(klass).items()
        if isinstance(member, property) and not name.startswith("_")
    }


def template_data(value: Any) -> Any:
    """``value`` as template data: dataclasses become namespaces (with their public
    properties), paths become their text, mappings and sequences are copied read-only."""
    if is_dataclass(value) and not isinstance(value, type):
        members = {f.name: getattr(value, f.name) for f in fields(value)} | _public_properties(value)
        return SimpleNamespace(**{name: template_data(member) for name, member in members.items()})
    if isinstance(value, PurePath):
        return value.as_posix()
    if isinstance(value, Mapping):
        return MappingProxyType({key: template_data(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(template_data(item) for item in value)
    return value
