"""What docgen tells its user besides the documents: errors that format themselves (no
tracebacks) and warnings, one type of each."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

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
        """``case.yaml:14: order.price: must be positive — fix``."""
        return str(self.as_warning(filename))

    def as_warning(self, filename: str | Path) -> DocgenWarning:
        """This problem of the file ``filename`` as a warning (or the line of an error)."""
        text = f"{self.path}: {self.message}" if self.path else self.message
        where = f"{filename}:{self.line}" if self.line else f"{filename}"
        return DocgenWarning(f"{text} — {self.fix}" if self.fix else text, where)


@dataclass(frozen=True)
class DocgenWarning:
    """Something the user should know that does not stop docgen (never printed in a letter):
    what a case file lost, a weak point of the case, a font that will not be embedded."""

    message: str
    where: str = ""
    """What it is about: a file (``case.yaml``, ``case.yaml:14``), or "" (this machine)."""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class DocgenError(Exception):
    """Any error docgen reports to the user as a message rather than a traceback; it formats
    itself (as Click's ClickException): :attr:`exit_code`, :meth:`format_message`, :meth:`show`."""

    exit_code = 1

    def format_message(self) -> str:
        """The message alone."""
        return str(self)

    def report(self, source: str | Path | None = None) -> str:
        """What the user reads: ``error: SOURCE: message`` (``source``: the input it is about,
        left out where the message starts with it)."""
        message = self.format_message()
        if source and not message.startswith(f"{source}:"):  # the message may name the file already
            message = f"{source}: {message}"
        return _("error: {message}").format(message=message)

    def show(self, file: TextIO | None = None) -> None:
        """Print :meth:`report` to ``file`` (standard error by default), control characters
        escaped (:func:`docgen.text_safety.shown`): a terminal gets no escape sequence."""
        print("\n".join(shown(line) for line in self.report().split("\n")), file=file or sys.stderr)


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

    def report(self, source: str | Path | None = None) -> str:
        """One line per problem, each naming the file and the line, then the count."""
        return self.format_message()
