"""One document of one case, written to one file (``docgen refund-request CASE -o FILE``)."""
from __future__ import annotations

from pathlib import Path

from docgen.assess import assess
from docgen.build import FORMATS, pdf_fonts, render_kind, warnings_of
from docgen.casefile import load_case
from docgen.codes import COURT_KINDS
from docgen.compose import template_folders
from docgen.errors import InputError
from docgen.output import write_atomic

DOCUMENT_FORMATS = (*FORMATS, "txt")
"""The formats of a single document: those of a build, and paste-ready text for online forms."""


def choose_format(output: Path | None, fmt: str | None) -> str:
    """The format named by ``--format`` or by the suffix of ``-o``; they must agree."""
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if fmt and suffix and suffix != fmt:
        raise InputError(f"--format {fmt} does not match the file name {output}; change one of them")
    if fmt or suffix in DOCUMENT_FORMATS:
        return fmt or suffix
    if suffix:
        raise InputError(f"cannot tell the format of {output}: name it .docx, .pdf or .txt, or give --format")
    return "pdf"


def write_document(case_path: Path, kind: str, output: Path | None, fmt: str | None, font: str | None = None,
                   templates: Path | None = None) -> tuple[Path, tuple[str, ...]]:
    """Write document ``kind`` of the case to ``output``; return the path and the warnings.

    A court form (the small-claims complaint) is written on request whether or not ``docgen
    build`` would make it for the case."""
    chosen = choose_format(output, fmt)
    loaded = load_case(case_path)
    case = loaded.case
    assessment = assess(case)
    if kind not in assessment.documents and kind not in COURT_KINDS:
        applying = ", ".join(assessment.documents)
        raise InputError(f"{kind} does not apply to case {case.case_id}; the documents that apply: {applying}")
    fonts = pdf_fonts((chosen,), font)
    data = render_kind(case, assessment, kind, (chosen,), fonts, font, template_folders(templates))[chosen]
    target = output or Path(f"{case.case_id}-{kind}.{chosen}")
    if target.is_dir():
        raise InputError(f"{target} is a folder; give a file name, e.g. {target / (kind + '.' + chosen)}")
    write_atomic(target, data)
    return target, warnings_of(case_path, loaded.warnings, fonts, assessment.notes)
