"""Reading a case file (YAML 1.2 or JSON, UTF-8) into a validated :class:`~docgen.casefile.sections.Case`.

The file is parsed to YAML nodes, never to Python objects, so every scalar reaches the
field types as the text the user typed (``0123`` stays ``0123``, ``20:05`` stays
``20:05``) with its line number. Every problem of the file is collected and reported at
once with file, line, field and fix.
"""
from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode

from docgen.casefile.reader import FAILED, Invalid, Reader, line_of
from docgen.casefile.rules import check_consistency, node_at
from docgen.casefile.sections import CASE_FILE, CASE_ID, Case, build_case
from docgen.casefile.yaml_syntax import dropped_prefixes, syntax_problem
from docgen.errors import CaseFileError, InputError, Problem
from docgen.i18n import _
from docgen.text_safety import UNPRINTABLE
from docgen.yaml_limits import structure_problems

MAX_CASE_FILE_BYTES = 2_000_000
_YAML = YAML(typ="safe")  # libyaml's C parser where ruamel.yaml.clib is installed: ~10x faster


@dataclass(frozen=True)
class LoadedCase:
    """A valid case and the warnings met while reading it (e.g. characters removed)."""

    case: Case
    warnings: tuple[Problem, ...]


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CaseFileError(path, [Problem("", 1, _("the file is saved as UTF-16"), _("save it as UTF-8"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = _("the file is not UTF-8")
        try:
            raw.decode("gb18030")
            message = _("the file is not UTF-8 (it looks like GBK/GB18030)")
        except UnicodeDecodeError:
            pass
        raise CaseFileError(path, [Problem("", line, message,
                                           _("save it as UTF-8 (in Notepad: Save as, Encoding UTF-8)"))]) from None


def _remove_unprintable(text: str) -> tuple[str, list[Problem]]:
    """Drop characters YAML refuses to read, with one warning per line that had them."""
    lines = text.split("\n")
    warnings = []
    for number, line in enumerate(lines):
        count = len(UNPRINTABLE.findall(line))
        if count:
            lines[number] = UNPRINTABLE.sub("", line)
            warnings.append(Problem("", number + 1,
                                    _("removed {count} invisible control character(s)").format(count=count),
                                    _("retype the text without them")))
    return "\n".join(lines), warnings


def _parse_yaml(path: Path, text: str) -> Node:
    try:
        if problems := structure_problems(_YAML, text):
            raise CaseFileError(path, problems)
        root = _YAML.compose(text)
    except MarkedYAMLError as error:
        raise CaseFileError(path, [syntax_problem(error, text)]) from None
    except YAMLError as error:
        raise CaseFileError(path, [Problem("", None, _("not valid YAML: {problem}").format(problem=error),
                                           _("check the file"))]) from None
    if root is None:
        raise CaseFileError(path, [Problem("", 1, _("the file is empty"),
                                           _("start from {folder} or run {command}").format(
                                               folder="examples/", command="docgen init"))])
    if problems := dropped_prefixes(root, text):
        raise CaseFileError(path, problems)
    return root


def _read(path: Path) -> tuple[Path, bytes]:
    """The case file at ``path`` (or ``path/case.yaml``) and its bytes.

    Only a regular file of at most :data:`MAX_CASE_FILE_BYTES` is read: it is opened without
    waiting (a named pipe would block forever) and checked before a byte is read (``/dev/zero``
    never ends).
    """
    if path.is_dir():
        path = path / "case.yaml"
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError(_("{path}: no such case file").format(path=path)) from None
    except OSError as error:  # a loop of links, no permission: the build would call it a write error
        raise InputError(_("{path}: cannot be read ({reason})").format(path=path, reason=error.strerror)) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise InputError(_("{path}: not a regular file (a pipe, a device or a socket)").format(path=path))
        data = handle.read(MAX_CASE_FILE_BYTES + 1)
    if len(data) > MAX_CASE_FILE_BYTES:
        raise InputError(_("{path}: larger than {size} MB; is it really a case file?").format(
            path=path, size=MAX_CASE_FILE_BYTES // 1_000_000))
    return path, data


def load_case(path: str | Path, *, today: date | None = None) -> LoadedCase:
    """Read and validate a case file (or a folder holding ``case.yaml``).

    Raises :class:`CaseFileError` listing every problem in the file; ``today`` is the
    default letter date (the system date when not given).
    """
    path, raw = _read(Path(path))
    text, warnings = _remove_unprintable(_decode(path, raw))
    root = _parse_yaml(path, text)
    reader = Reader(path.parent)
    reader.warnings.extend(warnings)
    values = reader.read(CASE_FILE, root, "")
    if values is not FAILED:
        reader.problems.extend(check_consistency(values, root, today or date.today()))
    if reader.problems:
        raise CaseFileError(path, sorted(reader.problems, key=lambda p: (p.line or 0, p.path)))
    return LoadedCase(build_case(values, source=path, today=today or date.today()), tuple(reader.warnings))


def peek_case_id(path: Path) -> str | None:
    """The case_id a case file declares, as the loader reads it, without validating the rest
    (None if the file or its case_id cannot be read)."""
    try:
        path, raw = _read(path)
        root = _parse_yaml(path, _remove_unprintable(_decode(path, raw))[0])
    except (InputError, OSError):
        return None
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if key.value == "case_id" and isinstance(value, ScalarNode):
                try:
                    return CASE_ID.parse(Reader(path.parent), value, "case_id")
                except Invalid:
                    return None
    return None


def field_line(path: Path, field: str) -> int | None:
    """The line of ``field`` (``evidence[1].file``) in the case file at ``path``, for a problem
    found after loading (an evidence file that cannot be bundled); None if it cannot be read."""
    try:
        path, raw = _read(path)
        root = _parse_yaml(path, _remove_unprintable(_decode(path, raw))[0])
    except (InputError, OSError):
        return None
    return line_of(node_at(root, field))
