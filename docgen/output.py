"""Writing files safely: whole or not at all, and only where they belong."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.errors import InputError


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (or a crash) never sees a half-written file under the final name, and an
    existing file is replaced only as a whole.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, _file_mode())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files an interrupted run left in ``folder`` (never a finished file)."""
    if folder.is_dir():
        for leftover in folder.glob(".*.part"):
            leftover.unlink(missing_ok=True)


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would lead outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise InputError(f"refusing to write {name!r}: it would leave the output folder {folder}")
    return folder / name
