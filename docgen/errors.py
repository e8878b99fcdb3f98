"""One hierarchy of errors that the CLI turns into clean messages (no tracebacks)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.i18n import _
from docgen.text_safety import abridged, shown

MAX_SHOWN_PROBLEMS = 20
"""A case file's message lists this many problems, then how many more there are."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a case file, with where and how to fix it."""

    path: str
    line: int | None
    message: str
    fix: str = ""

    def __post_init__(self) -> None:
        # a value quoted in a message (a case id, a choice) may hold a terminal's escape sequences
        for name in ("path", "message", "fix"):
            object.__setattr__(self, name, abridged(shown(getattr(self, name))))

    def format(self, filename: str | Path) -> str:
        """``case.yaml:14: order.price: must be positive (fix: ...)``."""
        where = f"{filename}:{self.line}" if self.line else f"{filename}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class DocgenError(Exception):
    """Any error docgen reports to the user as a message rather than a traceback."""

    exit_code = 1


class InputError(DocgenError):
    """The user's input (a case file, an option, a path) cannot be used; exit code 2."""

    exit_code = 2


class CaseFileError(InputError):
    """A case file with one or more problems, all reported together."""

    def __init__(self, filename: str | Path, problems: list[Problem] | tuple[Problem, ...]):
        self.filename = str(filename)
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = [p.format(self.filename) for p in self.problems[:MAX_SHOWN_PROBLEMS]]
        if count > MAX_SHOWN_PROBLEMS:
            lines.append(_("… {count} more not shown — fix these first, then check again").format(
                count=count - MAX_SHOWN_PROBLEMS))
        if count == 1:
            lines.append(_("1 error in {filename}; nothing was written.").format(filename=self.filename))
        else:
            lines.append(_("{count} errors in {filename}; nothing was written.").format(
                count=count, filename=self.filename))
        super().__init__("\n".join(lines))
