"""Building a case: each document that applies, in each format, then a manifest.

Everything is rendered in memory first; files are written only when all of them are
ready, each atomically, so a failing case leaves nothing half-written.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from docgen import __version__
from docgen.assess import Assessment, assess
from docgen.casefile import Case
from docgen.casefile import load_case
from docgen.compose import compose, has_template, template_folders
from docgen.errors import InputError, Problem
from docgen.fingerprint import input_fingerprint
from docgen.output import inside, remove_leftovers, write_atomic
from docgen.tree import Document

if TYPE_CHECKING:
    from docgen.writers.fonts import FontSet

FORMATS = ("docx", "pdf")
BUNDLED_KINDS = frozenset({"evidence-index"})
"""Documents whose PDF bundles the case's evidence files behind them (:mod:`docgen.bundle`)."""


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
    warnings: tuple[str, ...]
    skipped: bool = False
    """True when the inputs were unchanged since the manifest was written, and nothing was rebuilt."""


def available_kinds(case: Case, assessment: Assessment, templates: tuple[Path, ...] | None = None) -> tuple[str, ...]:
    """The documents that apply to the case and have a letter template in its language."""
    templates = templates or template_folders()
    return tuple(k for k in assessment.documents if has_template(templates, k, case.locale))


def pdf_fonts(formats: Iterable[str], font: str | None) -> FontSet | None:
    """The PDF fonts (``font`` overrides the search), or None when no PDF is made."""
    if "pdf" not in formats:
        return None
    from docgen.writers.fonts import find_fonts

    return find_fonts(font)


def render(document: Document, fmt: str, fonts: FontSet | None = None) -> bytes:
    """The bytes of ``document`` in format ``fmt`` (docx, pdf, or txt: paste-ready text)."""
    if fmt == "docx":
        from docgen.writers.docx import write_docx

        return write_docx(document)
    if fmt == "pdf":
        from docgen.writers.pdf import write_pdf

        return write_pdf(document, fonts)
    if fmt == "txt":
        from docgen.writers.text import write_text

        return write_text(document)
    raise InputError(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def render_kind(case: Case, assessment: Assessment, kind: str, formats: Iterable[str],
                fonts: FontSet | None, font: str | None = None,
                templates: tuple[Path, ...] | None = None) -> dict[str, bytes]:
    """Document ``kind`` of the case in each format; a bundled kind's PDF carries the evidence files.

    A bundle's page numbers need the PDF fonts even when only a .docx is made (``font`` chooses
    them then, as for :func:`pdf_fonts`).
    """
    if kind not in BUNDLED_KINDS:
        document = compose(case, assessment, kind, templates)
        return {fmt: render(document, fmt, fonts) for fmt in formats}
    from docgen.bundle import make_bundle

    bundle = make_bundle(case, assessment, kind, fonts or pdf_fonts(("pdf",), font), templates)
    return {fmt: bundle.pdf() if fmt == "pdf" else render(bundle.document, fmt, fonts) for fmt in formats}


def warnings_of(case_path: str | Path, load_warnings: Iterable[Problem], fonts: FontSet | None,
                notes: Iterable[str] = ()) -> tuple[str, ...]:
    """The warnings to show the user: what the case file lost, the assessment's notes (e.g. a
    card payment past the dispute window), and a missing embeddable font."""
    messages = [warning.format(case_path) for warning in load_warnings]
    messages += [f"{case_path}: {note}" for note in notes]
    return tuple(messages + ([fonts.warning] if fonts and fonts.warning else []))


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
        earlier = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        files = tuple(OutputFile(**entry) for entry in earlier["files"])
        whole = all((folder / f.path).stat().st_size == f.size for f in files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if earlier.get("inputs") != inputs or not whole:
        return None
    return CaseBuild(earlier["case_id"], folder, files, tuple(earlier["not_available_yet"]), (), skipped=True)


def build_case(case_path: str | Path, out_dir: str | Path, *, formats: tuple[str, ...] = FORMATS,
               font: str | None = None, templates: Path | None = None, skip_unchanged: bool = False) -> CaseBuild:
    """Build every document that applies to one case into ``out_dir/<case_id>/``.

    ``templates`` is a folder of the user's own letter templates, used before the shipped
    ones. With ``skip_unchanged``, a case whose manifest records the same inputs (case file,
    evidence, templates, docgen version, formats, font) is not rebuilt.
    """
    loaded = load_case(case_path)
    case = loaded.case
    folders = template_folders(templates)
    folder = inside(Path(out_dir), case.case_id)
    inputs = input_fingerprint(case, folders, extra=f"{','.join(formats)}|{font or ''}|{case.letter_date}")
    if skip_unchanged and (earlier := _unchanged(folder, inputs)):
        return earlier
    assessment = assess(case)
    fonts = pdf_fonts(formats, font)
    kinds = available_kinds(case, assessment, folders)
    payloads: dict[tuple[str, str], bytes] = {}
    for kind in kinds:
        for fmt, data in render_kind(case, assessment, kind, formats, fonts, font, folders).items():
            payloads[kind, fmt] = data
    remove_leftovers(folder)
    files = []
    for (kind, fmt), data in payloads.items():
        name = f"{kind}.{fmt}"
        write_atomic(inside(folder, name), data)
        files.append(OutputFile(kind, fmt, name, len(data), hashlib.sha256(data).hexdigest()))
    missing = tuple(k for k in assessment.documents if k not in kinds)
    write_atomic(inside(folder, "manifest.json"), manifest(case, assessment, files, missing, inputs))
    warnings = warnings_of(case_path, loaded.warnings, fonts, assessment.notes)
    if fonts:
        from docgen.writers.coverage import undrawn_characters

        warnings += tuple(f"{case_path}: {message}" for message in undrawn_characters(case, fonts))
    return CaseBuild(case.case_id, folder, tuple(files), missing, warnings)
