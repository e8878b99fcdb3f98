"""Rendering a case: each document that applies composed and written in each format, in memory.

The one path from a case file to the bytes of its documents, for ``docgen build`` and the
single-document commands alike; writing files is their part.
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
from docgen.errors import InputError
from docgen.evidence_files import ExhibitRefused
from docgen.options import BuildOptions
from docgen.tree import Document
from docgen.writers import WriterOptions, writer


@dataclass(frozen=True)
class RenderedCase:
    """A case's documents as bytes, and what to tell the user about them."""

    loaded: LoadedCase
    assessment: Assessment
    files: dict[tuple[str, str], bytes]
    """The bytes of each (kind, format), documents in the assessment's order, formats in the options'."""
    missing: tuple[str, ...]
    """Documents that apply but have no template in the case's language yet."""
    font_warning: str | None = None
    glyph_warnings: tuple[str, ...] = ()
    """Characters of the case that no installed font draws, each with its code point and field."""

    @property
    def case(self) -> Case:
        """The case rendered."""
        return self.loaded.case

    def warnings(self, case_path: str | Path) -> tuple[str, ...]:
        """The warnings to show the user: what the case file lost, the assessment's notes (e.g.
        a card payment past the dispute window), characters no font draws, and a missing
        embeddable font."""
        messages = [warning.format(case_path) for warning in self.loaded.warnings]
        messages += [f"{case_path}: {note}" for note in self.assessment.notes]
        messages += [f"{case_path}: {warning}" for warning in self.glyph_warnings]
        return tuple(messages + ([self.font_warning] if self.font_warning else []))


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


def render_kind(case: Case, assessment: Assessment, kind: str, options: BuildOptions) -> dict[str, bytes]:
    """Document ``kind`` of the case in each of ``options.formats``; its text (txt) is that of its
    online form where it has one (:func:`form_text`)."""
    document, writer_options = compose_kind(case, assessment, kind, options)
    return {fmt: (fmt == "txt" and form_text(case, assessment, kind, options)) or writer(fmt)(document, writer_options)
            for fmt in options.formats}


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
            applying = ", ".join(assessment.documents)
            raise InputError(f"{kind} does not apply to case {case.case_id}; the documents that apply: {applying}")
    try:
        files = {(kind, fmt): data for kind in (available if kinds is None else kinds)
                 for fmt, data in render_kind(case, assessment, kind, options).items()}
    except ExhibitRefused as refused:
        raise refused.in_case(case) from None
    missing = tuple(k for k in assessment.documents if k not in available)
    return RenderedCase(loaded, assessment, files, missing, _font_warning(options), _glyph_warnings(case, options))


def _font_warning(options: BuildOptions) -> str | None:
    """Why the PDFs will show boxes on some readers (no embeddable font), when PDFs are made."""
    if "pdf" not in options.formats:
        return None
    from docgen.writers.fonts import find_fonts

    return find_fonts(options.font).warning


def _glyph_warnings(case: Case, options: BuildOptions) -> tuple[str, ...]:
    """The characters of the case that the PDFs cannot draw, when PDFs are made."""
    if "pdf" not in options.formats:
        return ()
    from docgen.writers.coverage import undrawn_characters
    from docgen.writers.fonts import find_fonts

    return undrawn_characters(case, find_fonts(options.font))
