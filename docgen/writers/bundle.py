"""A document with its evidence files bundled behind it in one PDF (the 证据目录).

The index's table says on which pages of the bundle each exhibit is, and that depends on
how many pages the index itself takes. So the exhibits are read first (their page counts
and SHA-256 digests), then the document is composed again (by the caller's ``recompose``)
with page numbers that assume a page count, laid out, and composed again with the count it
really took until the two agree: :func:`paginate`.

The index and the exhibits' stamped sheets are drawn in one reportlab pass (one canvas, the
fonts embedded once); only PDF exhibits need pypdf, to merge their pages onto their sheets.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from docgen.errors import DocgenError
from docgen.i18n import _
from docgen.tree import Document
from docgen.evidence_files import ExhibitFile, read_exhibits
from docgen.writers.exhibits import draw_sheets, merge_pdf_pages
from docgen.writers.fonts import FontSet
from docgen.writers.pdf import Layout, lay_out

MAX_LAYOUTS = 4
"""Layouts of the index tried before giving up; one is usual, two when the index grows a page."""

Recompose = Callable[[Mapping[str, Any]], Document]
"""The document composed again with more names in its template's context (:func:`bundle_context`)."""


@dataclass(frozen=True)
class Bundle:
    """The document as composed with its page numbers and digests, laid out; :meth:`pdf`
    writes the whole PDF (once), so a .docx-only build does not draw the exhibits."""

    document: Document
    index: Layout
    files: tuple[ExhibitFile, ...]

    def pdf(self) -> bytes:
        """The PDF: the index's pages, then a stamped sheet per exhibit page."""
        total = self.index.pages + sum(len(file.pages) for file in self.files)
        draw = functools.partial(draw_sheets, files=self.files, document=self.document, fonts=self.index.fonts,
                                 first_page=self.index.pages + 1, total_pages=total)
        return merge_pdf_pages(self.index.write(total_pages=total, after=draw), self.files,
                               index_pages=self.index.pages)


def paginate(document: Document, fonts: FontSet, recompose: Recompose | None = None) -> Bundle:
    """``document``'s exhibits read, and the document composed again by ``recompose`` with
    their page numbers and digests until its own page count settles; without ``recompose``,
    ``document`` bundled as it is.

    Raises :class:`~docgen.errors.InputError` naming the evidence entry if a file cannot be
    bundled (encrypted, damaged, too large).
    """
    files = read_exhibits(document.exhibits)
    if recompose is None:
        return Bundle(document, lay_out(document, fonts), files)
    index_pages = 1
    for _attempt in range(MAX_LAYOUTS):
        document = recompose(bundle_context(files, index_pages))
        index = lay_out(document, fonts)
        if index.pages == index_pages:
            return Bundle(document, index, files)
        index_pages = index.pages
    raise DocgenError(_("{kind}: the index did not settle on a page count in {layouts} layouts").format(
        kind=document.kind, layouts=MAX_LAYOUTS))


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
