"""The document tree: what a letter says, free of any file format.

Composers build a :class:`Document` from a case and its assessment; writers turn the
same tree into .docx, .pdf or plain text, so every format carries the same words.
All text in the tree is final, already formatted and masked: writers only lay it out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, Union

ParagraphStyle = Literal["body", "lead", "plain", "right", "note", "code"]


@dataclass(frozen=True)
class Heading:
    """A section heading, e.g. "一、事实与经过"."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text.

    Styles: ``body`` (first line indented two characters), ``lead`` (a body paragraph that
    leads into what follows, a quotation or a list: kept on the page of its first lines),
    ``plain`` (no indent, e.g. the addressee line), ``right`` (right-aligned), ``note``
    (smaller, for remarks), ``code`` (small monospace: hash digests to be checked character
    by character).
    """

    text: str
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class Quote:
    """A statute text quoted verbatim, set off from the body (indented)."""

    text: str


@dataclass(frozen=True)
class ListItem:
    """One entry of a list; the label ("1.", "（一）", "证据1") is part of the words."""

    label: str
    text: str


@dataclass(frozen=True)
class ItemList:
    """A list of labelled entries with a hanging indent."""

    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``widths`` are relative column widths."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    fit: bool = False
    """Columns as wide as their content needs, where the layout can measure it (short cells
    and dates unbroken); ``widths`` where it cannot, or when even that does not fit."""


@dataclass(frozen=True)
class Signature:
    """The signature block, right-aligned and kept on one page."""

    lines: tuple[str, ...]


Block = Union[Heading, Paragraph, Quote, ItemList, Table, Signature]


@dataclass(frozen=True)
class Exhibit:
    """An evidence file bundled behind the document: 证据N, an image or a PDF."""

    number: int
    title: str
    path: Path
    media: Literal["image", "pdf"]


@dataclass(frozen=True)
class PageLabel:
    """The footer's page numbering around the two numbers: "第 " N " 页 共 " M " 页"."""

    before: str
    between: str
    after: str

    def format(self, page: int, pages: int) -> str:
        """The label for one page, e.g. "第 1 页 共 2 页"."""
        return f"{self.before}{page}{self.between}{pages}{self.after}"


@dataclass(frozen=True)
class Document:
    """One document of a case, ready for any writer.

    ``identifier`` is stable for the same input (derived from the case, never the clock):
    writers use it wherever a file format wants a unique id, and ``date`` wherever it
    wants a date, so that a rebuild is byte-for-byte identical.
    """

    kind: str
    locale: str
    title: str
    header: str
    page_label: PageLabel
    blocks: tuple[Block, ...]
    author: str
    date: date
    identifier: str
    subject: str = ""
    keep_whole: tuple[str, ...] = field(default=())
    """Strings (order and transaction numbers) that a line break must never split."""
    exhibits: tuple[Exhibit, ...] = field(default=())
    """Evidence files to bundle after the document, in order."""
    exhibit_stamp: str = ""
    """The stamp on every exhibit page, with {number}, {page} and {pages}: "证据{number} 第{page}页 共{pages}页"."""
