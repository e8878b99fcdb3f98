"""The reader: walks a case file's YAML nodes, collecting values, problems and warnings.

A field type (:mod:`docgen.casefile.fields`) reads one node through the reader and calls
its own ``fail`` when the node is wrong; the reader records the problem with its line and
goes on, so every problem of the file is reported at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.error import StreamMark
from ruamel.yaml.nodes import Node, ScalarNode

from docgen.errors import Problem
from docgen.i18n import _

if TYPE_CHECKING:
    from docgen.casefile.fields import FieldType

NULLS = ("", "~", "null", "Null", "NULL")
"""Plain scalars YAML 1.2 reads as null: an optional key written so is left out."""


class Invalid(Exception):
    """Raised by a field type (its ``fail``): what is wrong with the value and how to fix it."""

    def __init__(self, message: str, fix: str = ""):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message} — {self.fix}" if self.fix else self.message


class _Failed:
    """The value of a node that failed to read (its problem is recorded)."""

    def __repr__(self) -> str:
        return "FAILED"


FAILED: Any = _Failed()


def line_of(node: Node) -> int:
    """The 1-based line a node starts on."""
    return node.start_mark.line + 1


def is_plain(node: Node) -> bool:
    """Written without quotes (the C parser says '', the pure one None)."""
    return not node.style


def is_null(node: Node) -> bool:
    """A plain empty value, ``~`` or ``null``."""
    return isinstance(node, ScalarNode) and is_plain(node) and node.value in NULLS


class Reader:
    """Reads the nodes of one case file (whose folder evidence paths are relative to)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def fail(self, node: Node, path: str, message: str, fix: str = "") -> None:
        """Record a problem at ``node``'s line."""
        self.problems.append(Problem(path, line_of(node), message, fix))

    def warn(self, node: Node, path: str, message: str, fix: str = "") -> None:
        """Record a warning at ``node``'s line."""
        self.warnings.append(Problem(path, line_of(node), message, fix))

    def read(self, kind: FieldType, node: Node, path: str) -> Any:
        """``node`` read by ``kind``, or FAILED with its problem recorded."""
        try:
            return kind.parse(self, node, path)
        except Invalid as invalid:
            self.fail(node, path, invalid.message, invalid.fix)
            return FAILED

    def scalar(self, node: Node) -> str:
        """The text of a single value (raises Invalid for a list or a mapping)."""
        if not isinstance(node, ScalarNode):
            raise Invalid(_("must be a single value, not a list or a mapping"),
                          _("write the value on the key's own line, after ': '"))
        return node.value


def parse_answer(kind: FieldType, text: str, folder: Path, path: str = "") -> Any:
    """One value typed outside a case file (``docgen init``), read as the loader reads it there.

    Raises :class:`Invalid` with the loader's message and fix.
    """
    mark = StreamMark("<answer>", 0, 0, 0)
    node = ScalarNode("tag:yaml.org,2002:str", text, start_mark=mark, end_mark=mark)
    return kind.parse(Reader(folder), node, path)
