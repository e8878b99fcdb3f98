"""Limits on the shape of a YAML file, checked on the parser's events before any node is built.

A case file or a terms file needs no aliases, and little nesting. An alias (``*name``) is
a copy of a value marked ``&name``: a few kilobytes of aliases of aliases stand for
billions of values ("billion laughs"), and anything that walks them runs for hours. Deep
nesting exhausts the recursion of whatever builds or walks the nodes. Both are refused
here, on the event stream, which stops at the first level too deep: a file of a million
``[`` is refused in milliseconds.
"""
from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from docgen.errors import Problem
from docgen.i18n import _

MAX_DEPTH = 20
"""Levels of lists and mappings inside each other; a case file uses four."""
MAX_ALIAS_PROBLEMS = 10
"""Aliases reported before the check stops: enough to find them, never a flood of lines."""


class _Level:
    """A list or mapping being read: its field path, and where the next value goes."""

    def __init__(self, path: str, mapping: bool):
        self.path, self.mapping = path, mapping
        self.index = 0
        self.key: str | None = None

    def child(self, event: NodeEvent) -> str:
        """The field path of the node ``event`` starts, moving past it."""
        if not self.mapping:
            self.index += 1
            return f"{self.path}[{self.index - 1}]"
        is_key = self.index % 2 == 0
        self.index += 1
        if is_key:
            self.key = str(event.value) if isinstance(event, ScalarEvent) else "?"
            return self.path
        return f"{self.path}.{self.key}" if self.path else str(self.key)


def structure_problems(parser: YAML, text: str) -> list[Problem]:
    """The aliases (at most :data:`MAX_ALIAS_PROBLEMS`) and the first level nested deeper than
    :data:`MAX_DEPTH` in YAML ``text``, each with its line and field path.

    Raises the parser's ``MarkedYAMLError`` for a syntax error met on the way.
    """
    problems: list[Problem] = []
    levels: list[_Level] = []
    for event in parser.parse(text):
        if isinstance(event, CollectionEndEvent):
            levels.pop()
            continue
        if not isinstance(event, NodeEvent):
            continue
        path = levels[-1].child(event) if levels else ""
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            problems.append(_alias(path, line, event))
            if len(problems) >= MAX_ALIAS_PROBLEMS:
                break
        elif isinstance(event, CollectionStartEvent):
            levels.append(_Level(path, isinstance(event, MappingStartEvent)))
            if len(levels) > MAX_DEPTH:
                problems.append(Problem(path, line, _("lists and mappings are nested more than {depth} levels deep")
                                        .format(depth=MAX_DEPTH), _("check the indentation and the brackets")))
                break
    return problems


def _alias(path: str, line: int, event: Any) -> Problem:
    return Problem(path, line, _("'*{name}' is a YAML alias (a copy of the value marked '&{name}'), which docgen "
                                 "does not read").format(name=event.anchor),
                   _("write the value out in full"))
