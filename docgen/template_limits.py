"""Letter templates as untrusted code: a folder they cannot leave, and limits on what they make.

A user's own templates (``--templates DIR``) run in Jinja's immutable sandbox, which keeps
them from touching Python's internals; this module adds what the sandbox leaves open:

- :class:`FolderLoader` reads a template only from inside its folder, with links resolved
  (``{% include %}`` of a link to ``/etc/passwd`` is refused), only regular files (never a
  pipe or a device) of at most :data:`MAX_TEMPLATE_BYTES`.
- :class:`BoundedSandbox` bounds every value an operator, a filter or a call makes to
  :data:`MAX_VALUE_SIZE` characters or items (``'x' * 10**10``, ``10**100000``,
  ``lipsum(10**6)``, ``'%0999999999d' % 1`` are refused before they are computed), and
  :func:`render_bounded` bounds the output and the time (:data:`MAX_RENDER_SECONDS`):
  loops nested past any sense stop at the deadline.

Every refusal is a :class:`TemplateLimitError` naming the limit.
"""
from __future__ import annotations

import functools
import itertools
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, TemplateNotFound
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import generate_lorem_ipsum

MAX_TEMPLATE_BYTES = 1_000_000
MAX_VALUE_SIZE = 200_000
"""Characters of a text, or items of a list, that one step of a template may make."""
MAX_OUTPUT_CHARS = 2_000_000
MAX_RENDER_SECONDS = 5.0
MAX_INCLUDES = 100
"""Templates one rendering may include (the shipped letters include fewer than ten)."""
MAX_LIPSUM_PARAGRAPHS = 20
_BIG_POWER_BITS = 4096
_FORMAT_WIDTH = re.compile(r"%[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_WIDTHS = re.compile(r"\{[^{}]*:[^{}]*?(\d+)")
_GROWTH = 20
"""A step may make at most this many times :data:`MAX_VALUE_SIZE` before its result is measured:
the product of its input and its arguments (``replace`` of each character by a long text)."""
_DEADLINE: ContextVar[float | None] = ContextVar("docgen_template_deadline", default=None)
_INCLUDES: ContextVar[list[int] | None] = ContextVar("docgen_template_includes", default=None)
_WRITTEN: ContextVar[list[int] | None] = ContextVar("docgen_template_written", default=None)


class TemplateLimitError(Exception):
    """A template went past one of the limits (what it did and which limit)."""


def _check_time() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TemplateLimitError("ran past its time budget")


def _size(value: Any, budget: int = MAX_VALUE_SIZE) -> int:
    """Characters of a text, items of a list or mapping (nested ones counted), bytes of a whole
    number, up to ``budget`` + 1."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, int):
        return abs(value).bit_length() // 8
    if isinstance(value, _Steps):
        return len(value)
    if not isinstance(value, (list, tuple, dict, set, frozenset, range)):
        return 1
    total = len(value)
    if isinstance(value, range) or total > budget:
        return total
    for item in value.values() if isinstance(value, dict) else value:
        if isinstance(item, (str, bytes, list, tuple, dict, set, frozenset)):
            total += _size(item, budget - total)
            if total > budget:
                break
    return total


def bounded(value: Any, what: str) -> Any:
    """``value`` if it is within :data:`MAX_VALUE_SIZE`; else :class:`TemplateLimitError`."""
    _check_time()
    if _size(value) > MAX_VALUE_SIZE:
        raise TemplateLimitError(f"{what} made a value of more than {MAX_VALUE_SIZE:,} characters or items")
    return value


class _Steps:
    """``range()`` for templates: Jinja's limit on its length, and the deadline checked as it is walked."""

    def __init__(self, numbers: range):
        self.numbers = numbers

    def __iter__(self) -> Iterator[int]:
        for index, number in enumerate(self.numbers):
            if index % 1024 == 0:
                _check_time()
            yield number

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, index: Any) -> Any:
        return self.numbers[index]

    def __contains__(self, number: Any) -> bool:
        return number in self.numbers

    def __reversed__(self) -> Iterator[int]:
        return iter(_Steps(self.numbers[::-1]))


def _range(*args: int) -> _Steps:
    return _Steps(safe_range(*args))


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    if not (0 <= n <= MAX_LIPSUM_PARAGRAPHS and 0 < min <= max <= 1000):
        raise TemplateLimitError(f"lipsum() is limited to {MAX_LIPSUM_PARAGRAPHS} paragraphs of 1000 words")
    return generate_lorem_ipsum(n, html, min, max)


def _refuse_growth(what: str, subject: Any, arguments: tuple[Any, ...]) -> None:
    """Refuse a filter or a text method whose result could outgrow the limits before it is
    measured: a number argument beyond :data:`MAX_VALUE_SIZE` (``center(10**10)``), or a text
    argument that many times the size of ``subject`` (``replace('a', 'a' * 100000)``)."""
    size = _size(subject)
    for argument in arguments:
        if isinstance(argument, int) and not isinstance(argument, bool) and abs(argument) > MAX_VALUE_SIZE:
            raise TemplateLimitError(f"{what} was given {argument}, more than {MAX_VALUE_SIZE:,}")
        if isinstance(argument, (str, list, tuple)) and size * _size(argument) > _GROWTH * MAX_VALUE_SIZE:
            raise TemplateLimitError(f"{what} could make more than {_GROWTH * MAX_VALUE_SIZE:,} characters")
    if isinstance(subject, str):
        for width in _BRACE_WIDTHS.findall(subject):
            if int(width) > MAX_VALUE_SIZE:
                raise TemplateLimitError(f"{what}: the format width {width} is too wide")


def _materialized(value: Any, what: str) -> Any:
    """An iterator (``map``, ``select``) as the list of its items, at most :data:`MAX_VALUE_SIZE`
    of them, so that what follows can be measured; anything else as it is."""
    if not isinstance(value, Iterator):
        return value
    items = list(itertools.islice(value, MAX_VALUE_SIZE + 1))
    if len(items) > MAX_VALUE_SIZE:
        raise TemplateLimitError(f"{what} was given more than {MAX_VALUE_SIZE:,} items")
    return items


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` refusing what could grow too large, and a result beyond :data:`MAX_VALUE_SIZE`."""
    what = f"the filter {name}"

    @functools.wraps(function)
    def apply(*args: Any, **kwargs: Any) -> Any:
        leading = [a for a in args if isinstance(a, (Environment, Context, EvalContext))]
        values = args[len(leading):]
        if values:
            values = (_materialized(values[0], what), *values[1:])
            _refuse_growth(what, values[0], (*values[1:], *kwargs.values()))
        return bounded(function(*leading, *values, **kwargs), what)

    return apply


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with every value bounded and a deadline (see the module)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals.update(range=_range, lipsum=_lipsum)

    def bound_filters(self) -> None:
        """Wrap every filter, including those added after creation; call once they are all in."""
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _refuse_before(operator, left, right)
        return bounded(super().call_binop(context, operator, left, right), f"the operator {operator}")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        for argument in (*args, *kwargs.values()):
            bounded(argument, "an argument")
        method = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        if isinstance(getattr(method, "__self__", None), str):
            what = f"the method {method.__name__}"
            args = tuple(_materialized(argument, what) for argument in args)
            _refuse_growth(what, method.__self__, (*args, *kwargs.values()))
        return bounded(super().call(__context, __obj, *args, **kwargs), "a call")

    def getattr(self, obj: Any, attribute: str) -> Any:
        return bounded(super().getattr(obj, attribute), f"the attribute {attribute}")

    def get_template(self, *args: Any, **kwargs: Any) -> Any:
        """A template; while rendering (an include), counted against :data:`MAX_INCLUDES`."""
        included = _INCLUDES.get()
        if included is not None:
            included[0] += 1
            if included[0] > MAX_INCLUDES:
                raise TemplateLimitError(f"included more than {MAX_INCLUDES} templates (does one include itself?)")
        return super().get_template(*args, **kwargs)


def _refuse_before(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before computing it."""
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
    if operator == "**" and numbers and abs(left) > 1 and right * abs(left).bit_length() > _BIG_POWER_BITS:
        raise TemplateLimitError(f"{left} ** {right} is too large a number")
    if operator == "*" and not numbers:
        count = right if isinstance(right, int) else left if isinstance(left, int) else 0
        sequence = left if isinstance(right, int) else right
        if isinstance(count, int) and count * _size(sequence) > MAX_VALUE_SIZE:
            raise TemplateLimitError(f"a repetition by {count} would be more than {MAX_VALUE_SIZE:,} long")
    if operator == "%" and isinstance(left, str):
        for match in _FORMAT_WIDTH.finditer(left):
            if "*" in match.groups() or any(int(g) > MAX_VALUE_SIZE for g in match.groups() if g):
                raise TemplateLimitError(f"the format {match.group(0)!r} is too wide")


@contextmanager
def deadline(seconds: float | None = None) -> Iterator[None]:
    """A time budget for rendering (default :data:`MAX_RENDER_SECONDS`): checked at every step a
    template takes through the sandbox, and, in the main thread, by an alarm that interrupts any loop."""
    seconds = MAX_RENDER_SECONDS if seconds is None else seconds
    token = _DEADLINE.set(time.monotonic() + seconds)
    alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if alarm:
        def interrupt(signum: int, frame: Any) -> None:
            raise TemplateLimitError(f"ran longer than {seconds:g} seconds")

        previous = signal.signal(signal.SIGALRM, interrupt)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _DEADLINE.reset(token)


def count_output(characters: int) -> None:
    """Count ``characters`` written by the template being rendered against :data:`MAX_OUTPUT_CHARS`
    (the values it prints, which a ``finalize`` may set aside, as well as its text)."""
    written = _WRITTEN.get()
    if written is not None:
        written[0] += characters
        if written[0] > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(f"wrote more than {MAX_OUTPUT_CHARS:,} characters")


def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """The template rendered within the deadline, :data:`MAX_INCLUDES` and :data:`MAX_OUTPUT_CHARS`."""
    pieces = []
    tokens = _INCLUDES.set([0]), _WRITTEN.set([0])
    try:
        with deadline():
            for piece in template.generate(context):
                count_output(len(piece))
                pieces.append(piece)
    finally:
        _INCLUDES.reset(tokens[0])
        _WRITTEN.reset(tokens[1])
    return "".join(pieces)


def read_inside(folder: Path, relative: str) -> str | None:
    """The text of ``folder/relative`` if it is a regular file inside ``folder`` (links resolved)
    of at most :data:`MAX_TEMPLATE_BYTES`; None if there is no such file.

    Raises :class:`TemplateLimitError` for a file that leads outside the folder, is not a
    regular file, or is too large.
    """
    path = folder.joinpath(*split_template_path(relative))
    if not os.path.lexists(path):
        return None
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop of links (pathlib before 3.13)
        raise TemplateLimitError(f"{relative} is a loop of links in {folder}") from None
    if not target.is_relative_to(folder.resolve()):
        raise TemplateLimitError(f"{relative} leads outside the templates folder {folder} (a link?)")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:  # a dangling link
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            if stat.S_ISDIR(os.fstat(descriptor).st_mode):
                return None
            raise TemplateLimitError(f"{relative} in {folder} is not a regular file")
        data = handle.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateLimitError(f"{relative} in {folder} is larger than {MAX_TEMPLATE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateLimitError(f"{relative} in {folder} is not UTF-8") from None


class FolderLoader(BaseLoader):
    """Templates from one folder and nothing outside it (see :func:`read_inside`)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source = read_inside(self.folder, template)
        if source is None:
            raise TemplateNotFound(template)
        path = self.folder.joinpath(*split_template_path(template))
        modified = path.stat().st_mtime
        return source, str(path), lambda: path.stat().st_mtime == modified
