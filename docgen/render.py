"""Rendering a case: each document that applies composed and written in each format, in memory.

The one path from a case file to the bytes of its documents, for ``docgen build`` and the
single-document commands alike; writing files is their part. Everything worth a warning on
the way (what the case file lost, the assessment's notes, a font that will not be embedded,
what a writer had to drop) is gathered in one list, :attr:`RenderedCase.warnings`.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from docgen.assess import Assessment, assess
from docgen.casefile import Case, LoadedCase
from docgen.codes import COURT_KINDS
from docgen.compose import compose, has_template, template_folders
from docgen.errors import DocgenWarning, InputError
from docgen.evidence_files import ExhibitRefused
from docgen.i18n import _
from docgen.options import BuildOptions
from docgen.tree import Document
from docgen.writers import WriterOptions, collected_warnings, writer


@dataclass(frozen=True)
class RenderedCase:
    """A case's documents as bytes, and what to tell the user about them."""

    case: Case
    assessment: Assessment
    files: dict[tuple[str, str], bytes]
    """The bytes of each (kind, format), documents in the assessment's order, formats in the options'."""
    missing: tuple[str, ...]
    """Documents that apply but have no template in the case's language yet."""
    warnings: tuple[DocgenWarning, ...]


FORM = "form"
"""The template variant of a document as text for an online form (:mod:`docgen.forms`)."""


def available_kinds(case: Case, assessment: Assessment, templates: tuple[Path, ...] | None = None) -> tuple[str, ...]:
    """The documents that apply to the case and have a letter template in their language (the
    case's, but Chinese for the 12315 complaint and the court form: :func:`docgen.codes.document_locale`)."""
    templates = templates or template_folders()
    return tuple(k for k in assessment.documents if has_template(templates, k, case.locale))


def compose_kind(case: Case, assessment: Assessment, kind: str,
                 options: BuildOptions) -> tuple[Document, WriterOptions]:
    """Document ``kind`` of the case as every format shows it, and what its writers are told.

    A document with exhibits is paginated (composed again until the page numbers of its
    exhibits settle, which takes the PDF fonts even when only a .docx is made), so that every
    format carries the same words; its PDF writer is handed the bundle.
    """
    folders = template_folders(options.templates)
    document = compose(case, assessment, kind, folders)
    writer_options = options.writer_options()
    if document.exhibits:
        from docgen.writers.bundle import paginate
        from docgen.writers.fonts import find_fonts

        bundle = paginate(document, find_fonts(options.font), functools.partial(compose, case, assessment, kind, folders))
        document, writer_options = bundle.document, replace(writer_options, bundle=bundle)
    return document, writer_options


def render_kind(case: Case, assessment: Assessment, kind: str, options: BuildOptions,
                warnings: list[DocgenWarning] | None = None) -> dict[str, bytes]:
    """Document ``kind`` of the case in each of ``options.formats``; its text (txt) is that of its
    online form where it has one (:func:`form_text`); what a writer had to change goes to ``warnings``."""
    document, writer_options = compose_kind(case, assessment, kind, options)
    files = {}
    for fmt in options.formats:
        with collected_warnings() as dropped:
            files[fmt] = ((fmt == "txt" and form_text(case, assessment, kind, options))
                          or writer(fmt)(document, writer_options))
        if warnings is not None:
            warnings.extend(DocgenWarning(message, f"{kind}.{fmt}") for message in dropped)
    return files


def form_text(case: Case, assessment: Assessment, kind: str, options: BuildOptions) -> bytes | None:
    """Document ``kind`` as text for its online form, one block per field (the 12315 complaint's,
    from ``<kind>/form.<locale>.j2``); None for a kind without a form template."""
    folders = template_folders(options.templates)
    if not has_template(folders, kind, case.locale, FORM):
        return None
    from docgen.forms import write_form_text

    return write_form_text(compose(case, assessment, kind, folders, variant=FORM))


def render_case(loaded: LoadedCase, options: BuildOptions, kinds: Sequence[str] | None = None) -> RenderedCase:
    """Assess the case and render documents ``kinds`` (default: every one that applies and has
    a template in the case's language) in each of ``options.formats``.

    Raises :class:`InputError` if one of ``kinds`` does not apply to the case. A court form
    (the small-claims complaint) is rendered on request whether or not a build would make it.
    """
    case = loaded.case
    assessment = assess(case)
    available = available_kinds(case, assessment, template_folders(options.templates))
    for kind in kinds or ():
        if kind not in assessment.documents and kind not in COURT_KINDS:
            raise InputError(_("{kind} does not apply to case {case_id}; the documents that apply: {applying}").format(
                kind=kind, case_id=case.case_id, applying=", ".join(assessment.documents)))
    warnings = [problem.as_warning(case.source) for problem in loaded.warnings]
    warnings += [DocgenWarning(note, str(case.source)) for note in assessment.notes]
    try:
        files = {(kind, fmt): data for kind in (available if kinds is None else kinds)
                 for fmt, data in render_kind(case, assessment, kind, options, warnings).items()}
    except ExhibitRefused as refused:
        raise refused.in_case(case) from None
    missing = tuple(k for k in assessment.documents if k not in available)
    warnings += [DocgenWarning(warning, str(case.source)) for warning in _glyph_warnings(case, options)]
    return RenderedCase(case, assessment, files, missing, (*warnings, *_font_warning(options)))


def _font_warning(options: BuildOptions) -> tuple[DocgenWarning, ...]:
    """Why the PDFs will show boxes on some readers (no embeddable font), when PDFs are made."""
    if "pdf" not in options.formats:
        return ()
    from docgen.writers.fonts import find_fonts

    warning = find_fonts(options.font).warning
    return (DocgenWarning(warning),) if warning else ()


def _glyph_warnings(case: Case, options: BuildOptions) -> tuple[str, ...]:
    """The characters of the case that the PDFs cannot draw, when PDFs are made."""
    if "pdf" not in options.formats:
        return ()
    from docgen.coverage import undrawn_characters
    from docgen.writers.fonts import find_fonts

    return undrawn_characters(case, find_fonts(options.font))
