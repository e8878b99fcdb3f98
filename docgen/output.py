"""Writing files safely: whole or not at all, and only where they belong."""
from __future__ import annotations

import errno
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, InputError
from docgen.i18n import _

if TYPE_CHECKING:
    from docgen.casefile import Case

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


def refuse_case_input(target: Path, case: Case) -> None:
    """Refuse (:class:`InputError`) to write ``target`` if it is one of the files the case is
    made from, its case file or an evidence file: a letter or a calendar written there would
    replace it."""
    inputs = {case.source.resolve(): _("the case file")} | {
        (case.folder / entry.file).resolve(): _("{field} of the case").format(field=f"evidence[{entry.number - 1}].file")
        for entry in case.evidence if entry.file}
    what = inputs.get(target.resolve())
    if what:
        raise InputError(_("{target} is {what}: writing there would replace it; give another file name")
                         .format(target=target, what=what))


PATH_ERRORS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS,
                         errno.EEXIST, errno.ENAMETOOLONG, errno.ELOOP})
"""Failures to write that another path would avoid (a missing or read-only folder, a file
where a folder should be): the user's choice of path, so exit code 2, as for other bad input."""


def check_output_folder(folder: Path, given: str) -> None:
    """Refuse (:class:`InputError`) an output folder that cannot be made or written, before
    anything is built: the nearest existing folder on its way must be a folder this user may
    write in. ``given``: what the user wrote, to name it (``-o out/x.pdf``). Nothing is created."""
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if existing.is_dir() and os.access(existing, os.W_OK | os.X_OK):
        return
    problem = (_("{path} is not a folder").format(path=existing) if existing.exists() and not existing.is_dir()
               else _("{path} cannot be written by you").format(path=existing))
    raise InputError(_("{given}: cannot write there: {problem}; choose a folder you can write to").format(
        given=given, problem=problem))


def make_output_folder(folder: Path, given: str) -> None:
    """Make the folder the user named (and those on its way), once :func:`check_output_folder`
    has passed it; a failure is an :class:`InputError` naming it as ``given`` where another
    folder would do (:data:`PATH_ERRORS`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        if error.errno not in PATH_ERRORS:
            raise
        raise InputError(_("{given}: cannot make this folder: {reason}; choose a folder you can write to")
                         .format(given=given, reason=error.strerror or error)) from None


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _write_temporary(path: Path, data: bytes, *, sync: bool = True) -> Path:
    """``data`` written in full (and synced to disk, unless not ``sync``) to a temporary file
    beside ``path``, its name unique to this run (``.<name>.<random>.part``); removed again if
    anything fails."""
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.name}.", suffix=".part", delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(handle.name, _file_mode())
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader (or a crash) never sees a half-written file under the final name, and an
    existing file is replaced only as a whole.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _write_temporary(path, data)
    except OSError as error:  # named by the file asked for, not by its temporary name
        raise type(error)(error.errno, error.strerror, str(path)) from None
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_output(path: Path, data: bytes) -> None:
    """:func:`write_atomic` for a file the user asked for: a failure names the file and is an
    :class:`InputError` (exit code 2) where another path would do (:data:`PATH_ERRORS`)."""
    try:
        write_atomic(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno in PATH_ERRORS:
            raise InputError(_("cannot write {path}: {reason}; choose a path you can write to").format(
                path=path, reason=reason)) from None
        raise DocgenError(_("cannot write {path}: {reason}").format(path=path, reason=reason)) from None


def replace_set(folder: Path, files: dict[str, bytes], stale: Iterable[str] = ()) -> None:
    """Put ``files`` (name: bytes) into ``folder`` as one set, and remove the ``stale`` names.

    Every name is checked first (:func:`inside`), then every file is written in full under a
    temporary name: a refused name, a full disk or any other failure removes the temporary
    files and leaves the folder as it was. Only then is each renamed over its final name, in
    the order given (the manifest last), which takes no space and cannot half-happen.

    One sync to disk per set, of the folder after the renames (a sync per file cost ~3 ms
    each, 40 ms a case): a crash never shows a half-written file under a final name, but a
    power loss right after a build can leave a document empty or short, which the next run
    sees (its size differs from the manifest's) and builds again.
    """
    targets = {name: inside(folder, name) for name in files}
    for target in targets.values():
        if target.is_dir() and not target.is_symlink():
            raise InputError(_("{target} is a folder where docgen writes a file; move it away, then build again")
                             .format(target=target))
    targets |= {name: folder / name for name in stale if name not in files and _plain_name(name)}
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    try:
        for name, data in files.items():
            written[name] = _write_temporary(targets[name], data, sync=False)
    except BaseException:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
        raise
    try:
        for name, temporary in written.items():
            os.replace(temporary, targets[name])
    except BaseException:  # stopped between two renames: no temporary file is left behind
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
        raise
    for name in stale:
        if name in targets and name not in files:
            targets[name].unlink(missing_ok=True)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the folder's entries (the renames) durable, where the system can sync a folder."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _plain_name(name: str) -> bool:
    """A file name without a folder, not hidden (what an earlier manifest may ask to remove)."""
    return name == os.path.basename(name) and not name.startswith(".") and name not in ("", "..")


LOCK_WAIT_SECONDS = 120
"""How long a run waits for another run writing into the same case folder."""


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold ``folder`` (created if needed) for this run alone: another docgen run writing into
    it waits its turn (at most :data:`LOCK_WAIT_SECONDS`), so no run removes or renames
    what another is writing. An advisory lock (flock) on the folder itself; where there is no
    flock (Windows), runs are not serialised, and each one's temporary names stay its own."""
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        waited_until = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > waited_until:
                    raise DocgenError(_("{folder}: another docgen run has been writing here for over {seconds} s; "
                                        "try again when it has finished").format(
                        folder=folder, seconds=LOCK_WAIT_SECONDS)) from None
                time.sleep(0.05)
        yield
    except BaseException:
        if created and not any(folder.iterdir()):
            folder.rmdir()  # a first build that failed leaves nothing, not even its folder
        raise
    finally:
        os.close(descriptor)  # releases the lock


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files an interrupted run left in ``folder`` (never a finished file);
    call it holding the folder's lock (:func:`locked`), so that no running run's files are taken."""
    if folder.is_dir():
        for leftover in folder.glob(".*.part"):
            leftover.unlink(missing_ok=True)


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would lead outside ``folder``."""
    target = (folder / name).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise InputError(_("refusing to write {name}: it would leave the output folder {folder}").format(
            name=repr(name), folder=folder))
    return folder / name
