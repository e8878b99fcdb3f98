"""docgen's cache folder: work that every run would repeat (parsed fonts, compiled templates)
kept between runs, in the user's cache folder (platformdirs: ~/.cache/docgen on Linux,
~/Library/Caches/docgen on macOS, %LOCALAPPDATA%\\docgen\\Cache on Windows).

``DOCGEN_CACHE_DIR`` moves it; ``DOCGEN_CACHE_DIR=off`` turns caching off. Everything in it
can be deleted at any time: a missing or unreadable entry is made again. Entries are keyed by
what they were made from (a file's identity, docgen's version), so a stale one is never read.
Where the folder cannot be made or written, docgen runs without it.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from docgen import __version__
from docgen.output import write_atomic

if TYPE_CHECKING:
    from jinja2 import FileSystemBytecodeCache

ENVIRONMENT_VARIABLE = "DOCGEN_CACHE_DIR"
Value = TypeVar("Value")


@cache
def cache_folder(part: str) -> Path | None:
    """The writable folder ``part`` of docgen's cache for this version, made if needed
    (private to the user), or None when caching is off or the folder cannot be made."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "")
    if configured.lower() == "off":
        return None
    if configured:
        root = Path(configured)
    else:
        from platformdirs import user_cache_dir

        root = Path(user_cache_dir("docgen", appauthor=False))
    folder = root / __version__ / part
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def store(path: Path, data: bytes) -> None:
    """Write a cache entry whole or not at all (a concurrent reader sees the old entry, the
    new one or none); a cache that cannot be written is no error."""
    with contextlib.suppress(OSError):
        write_atomic(path, data)


def remembered(part: str, made_from: str, make: Callable[[], Value]) -> Value:
    """``make()``, kept pickled in folder ``part`` of the cache under a key of ``made_from``
    (all that the value depends on), and read from there when made before; a missing or
    damaged entry is made again. Without a cache folder, simply ``make()``."""
    folder = cache_folder(part)
    if folder is None:
        return make()
    entry = folder / f"{hashlib.sha256(made_from.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}.pickle"
    try:
        return pickle.loads(entry.read_bytes())
    except Exception:  # noqa: BLE001 - missing or damaged: made again
        value = make()
    store(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def template_bytecode(environment: type) -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates for environments of class ``environment``, in this
    folder; None when caching is off. Jinja compiles anew a template whose source changed (its
    checksum is part of the entry), and each class has its own folder, so code compiled for
    another environment (a sandbox's for an unsandboxed one's, or back) is never loaded."""
    folder = cache_folder(f"templates-{environment.__module__}.{environment.__qualname__}")
    if folder is None:
        return None
    from jinja2 import FileSystemBytecodeCache

    return FileSystemBytecodeCache(str(folder))
