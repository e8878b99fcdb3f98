"""A document with the case's evidence files bundled behind it in one PDF (the 证据目录).

The index's table says on which pages of the bundle each exhibit is, and that depends on
how many pages the index itself takes. So the exhibits are read first (their page counts
and SHA-256 digests), then the index is composed with page numbers that assume a page
count, rendered, and composed again with the count it really took until the two agree.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from docgen.assess import Assessment
from docgen.case import Case
from docgen.compose import compose
from docgen.errors import DocgenError
from docgen.tree import Document
from docgen.writers.exhibits import ExhibitFile, merge_bundle, read_exhibit, stamped_sheets
from docgen.writers.fonts import FontSet
from docgen.writers.pdf import write_pdf

MAX_LAYOUTS = 4
"""Layouts of the index tried before giving up; one is usual, two when the index grows a page."""


@dataclass(frozen=True)
class Bundle:
    """The index as composed with its page numbers and digests, and the whole PDF."""

    document: Document
    pdf: bytes


def make_bundle(case: Case, assessment: Assessment, kind: str, fonts: FontSet,
                templates: tuple[Path, ...] | None = None) -> Bundle:
    """Compose document ``kind`` with the exhibits' page numbers and digests, and bundle them.

    Raises :class:`~docgen.errors.InputError` naming the evidence entry if a file cannot be
    bundled (encrypted, damaged, too large).
    """
    draft = compose(case, assessment, kind, templates, extra=bundle_context((), 1))
    files = [read_exhibit(exhibit) for exhibit in draft.exhibits]
    exhibit_pages = sum(len(file.pages) for file in files)
    index_pages = 1
    for _ in range(MAX_LAYOUTS):
        document = compose(case, assessment, kind, templates, extra=bundle_context(files, index_pages))
        total = index_pages + exhibit_pages
        index = write_pdf(document, fonts, total_pages=total)
        reader = PdfReader(io.BytesIO(index))
        if len(reader.pages) == index_pages:
            if not files:
                return Bundle(document, index)
            sheets = stamped_sheets(files, document, fonts, first_page=index_pages + 1, total_pages=total)
            return Bundle(document, merge_bundle(reader, sheets, files))
        index_pages = len(reader.pages)
    raise DocgenError(f"{kind}: the index did not settle on a page count in {MAX_LAYOUTS} layouts")


def bundle_context(files: Sequence[ExhibitFile], index_pages: int) -> dict[str, Any]:
    """The template's ``exhibit_pages`` ("3", "3–4") and ``exhibit_sha256`` by evidence number,
    for exhibits that follow an index of ``index_pages`` pages."""
    pages: dict[int, str] = {}
    digests: dict[int, str] = {}
    first = index_pages + 1
    for file in files:
        last = first + len(file.pages) - 1
        pages[file.exhibit.number] = f"{first}" if last == first else f"{first}–{last}"
        digests[file.exhibit.number] = file.sha256
        first = last + 1
    return {"exhibit_pages": pages, "exhibit_sha256": digests}
