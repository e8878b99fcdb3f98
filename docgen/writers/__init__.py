"""Writers: the document tree as .docx, .pdf or text, one table of them (:data:`WRITERS`).

Every writer has the same signature, ``(Document, WriterOptions) -> bytes``, and sees only
the tree. Each entry imports its machinery (docxtpl, reportlab) when first called, so
naming the formats costs nothing. A tree with exhibits is the PDF writer's to bundle: the
evidence files follow the document in the same PDF (:mod:`docgen.writers.bundle`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import InputError
from docgen.i18n import _
from docgen.writers.warning import WriterWarning, collected_warnings

if TYPE_CHECKING:  # the tree's dataclasses are not needed to name the formats (``docgen --help``)
    from docgen.tree import Document
    from docgen.writers.bundle import Bundle

__all__ = ["WRITERS", "UnknownFormat", "Writer", "WriterOptions", "WriterWarning", "collected_warnings", "writer"]


@dataclass(frozen=True)
class WriterOptions:
    """What a writer may be told besides the tree."""

    font: str | None = None
    """The PDF's font (``PATH[#INDEX|#FAMILY]``); None: found on the system (:mod:`docgen.writers.fonts`)."""
    docx_template: Path | None = None
    """The base .docx; None: the installed ``letters/base.docx``."""
    bundle: Bundle | None = None
    """The document's exhibits already read and its pages already counted by
    :func:`docgen.writers.bundle.paginate`, for the PDF writer to write (once) rather than redo."""


Writer = Callable[["Document", WriterOptions], bytes]


def _docx(document: Document, options: WriterOptions) -> bytes:
    from docgen.writers.docx import write_docx

    return write_docx(document, options.docx_template)


def _pdf(document: Document, options: WriterOptions) -> bytes:
    from docgen.writers.fonts import find_fonts

    fonts = find_fonts(options.font)
    if document.exhibits:
        from docgen.writers.bundle import paginate

        bundle = options.bundle if options.bundle and options.bundle.document is document else None
        return (bundle or paginate(document, fonts)).pdf()
    from docgen.writers.pdf import write_pdf

    return write_pdf(document, fonts)


def _text(document: Document, options: WriterOptions) -> bytes:
    from docgen.writers.text import write_text

    return write_text(document)


WRITERS: dict[str, Writer] = {"docx": _docx, "pdf": _pdf, "txt": _text}
"""Every format docgen writes, by its file suffix: Word, PDF, and paste-ready text for online forms."""


class UnknownFormat(InputError):
    """A format no writer makes."""


def writer(fmt: str) -> Writer:
    """The writer of ``fmt``; :class:`UnknownFormat` listing every format if there is none."""
    try:
        return WRITERS[fmt]
    except KeyError:
        raise UnknownFormat(_("unknown format {format}; expected one of: {formats}").format(
            format=repr(fmt), formats=", ".join(WRITERS))) from None
