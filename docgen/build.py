"""Building a case: each document that applies, in each format, then a manifest.

Everything is rendered in memory first; files are written only when all of them are
ready, as one set (:func:`docgen.output.replace_set`) under the case folder's lock: a
failing case leaves the previous complete set or nothing, never a mix, and concurrent runs
into one folder take turns.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from docgen import __version__
from docgen.assess import Assessment
from docgen.casefile import Case, load_case
from docgen.compose import template_folders
from docgen.errors import DocgenWarning
from docgen.fingerprint import input_fingerprint
from docgen.options import BuildOptions
from docgen.output import inside, locked, refuse_case_input, remove_leftovers, replace_set
from docgen.render import render_case

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class OutputFile:
    """One written file, as listed in manifest.json."""

    kind: str
    format: str
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class CaseBuild:
    """What building one case wrote, and what it could not make yet."""

    case_id: str
    folder: Path
    files: tuple[OutputFile, ...]
    not_available: tuple[str, ...]
    warnings: tuple[DocgenWarning, ...]
    skipped: bool = False
    """True when the inputs were unchanged since the manifest was written, and nothing was rebuilt."""


def manifest(case: Case, assessment: Assessment, files: Iterable[OutputFile], missing: Iterable[str],
             inputs: str) -> bytes:
    """manifest.json: the case, each file with kind, format, size and SHA-256, and the
    fingerprint of the inputs it was built from. No clock."""
    body = {
        "docgen": __version__,
        "case_id": case.case_id,
        "letter_date": case.letter_date.isoformat(),
        "inputs": inputs,
        "documents_applying": list(assessment.documents),
        "not_available_yet": list(missing),
        "files": [file.__dict__ for file in files],
    }
    return (json.dumps(body, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _unchanged(folder: Path, inputs: str) -> CaseBuild | None:
    """The earlier build in ``folder`` if its manifest has these inputs and its files are whole."""
    try:
        earlier = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = tuple(OutputFile(**entry) for entry in earlier["files"])
        whole = all((folder / f.path).stat().st_size == f.size for f in files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if earlier.get("inputs") != inputs or not whole:
        return None
    return CaseBuild(earlier["case_id"], folder, files, tuple(earlier["not_available_yet"]), (), skipped=True)


def build_case(case_path: str | Path, out_dir: str | Path, options: BuildOptions = BuildOptions()) -> CaseBuild:
    """Build every document that applies to one case into ``out_dir/<case_id>/``.

    Unless ``options.force``, a case whose manifest records the same inputs (case file,
    evidence, templates, docgen version, formats, font) is not rebuilt.
    """
    loaded = load_case(case_path)
    case = loaded.case
    folder = inside(Path(out_dir), case.case_id)
    inputs = input_fingerprint(case, template_folders(options.templates),
                               extra=f"{','.join(options.formats)}|{options.font or ''}|{case.letter_date}")
    if not options.force and (earlier := _unchanged(folder, inputs)):
        return earlier
    rendered = render_case(loaded, options)
    payloads = {f"{kind}.{fmt}": data for (kind, fmt), data in rendered.files.items()}
    files = [OutputFile(kind, fmt, f"{kind}.{fmt}", len(data), hashlib.sha256(data).hexdigest())
             for (kind, fmt), data in rendered.files.items()]
    payloads[MANIFEST] = manifest(case, rendered.assessment, files, rendered.missing, inputs)
    for name in payloads:  # OUT/<case_id> may be the case's own folder
        refuse_case_input(folder / name, case)
    with locked(folder):
        remove_leftovers(folder)
        replace_set(folder, payloads, stale=_listed(folder))
    return CaseBuild(case.case_id, folder, tuple(files), rendered.missing, rendered.warnings)


def _listed(folder: Path) -> tuple[str, ...]:
    """The files the manifest in ``folder`` lists (an earlier build's), which a new set replaces."""
    try:
        earlier = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return tuple(str(entry["path"]) for entry in earlier["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return ()
