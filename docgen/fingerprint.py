"""The fingerprint of a case's inputs: what a rebuild would read.

Two builds with the same fingerprint write the same bytes, so a batch run can skip a
case whose manifest carries the fingerprint of its current inputs.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from docgen import __version__
from docgen.casefile import Case


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _folder_digest(folder: Path) -> str:
    """One digest of every file below ``folder`` (names and bytes), computed once per process.

    A link that leads out of the folder counts by where it points, never by what it points at
    (a user's templates folder may hold a link to anything: templates never read through it)."""
    digest = hashlib.sha256()
    inside = folder.resolve()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        content = (file_sha256(path) if path.resolve().is_relative_to(inside)
                   else f"link {os.readlink(path) if path.is_symlink() else path.resolve()}")
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + content.encode())
    return digest.hexdigest()


def input_fingerprint(case: Case, templates: tuple[Path, ...], extra: str = "") -> str:
    """SHA-256 over docgen's version, the case file, its evidence files, the templates, the
    statute data, the court data (the complaint form and court rules), docgen's own tables
    (procedure, disputes, platforms, forms: ``docgen/*.yaml``) and ``extra`` (the build's options)."""
    digest = hashlib.sha256(f"docgen {__version__}\0{extra}\0".encode())
    digest.update(file_sha256(case.source).encode())
    for evidence in case.evidence:
        if evidence.file:
            digest.update(evidence.file.as_posix().encode() + b"\0" + file_sha256(case.folder / evidence.file).encode())
    for folder in (*templates, Path(str(files("docgen.laws"))), Path(str(files("docgen.court")))):
        digest.update(_folder_digest(folder).encode())
    digest.update(_tables_digest().encode())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _tables_digest() -> str:
    """One digest of docgen's own data tables (``docgen/*.yaml``), computed once per process."""
    digest = hashlib.sha256()
    for path in sorted(Path(str(files("docgen"))).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + file_sha256(path).encode())
    return digest.hexdigest()
