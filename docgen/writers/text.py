"""Paste-ready plain text: the document tree as UTF-8 text for online forms (12315, …).

The title, then every block in order, each block separated from the next by one blank
line: a heading, a paragraph or a quotation is one block; a list is one block with an
entry per line ("1. …", "证据1 …"); a table is one block with a line per row, cells
joined by " | "; the signature is one block with a line each. No running header, no page
numbers and no exhibits (evidence files are uploaded on their own). The words are
printed exactly as they stand in the tree.
"""
from __future__ import annotations

from docgen.tree import (
    Block,
    Document,
    Heading,
    ItemList,
    Paragraph,
    Quote,
    Signature,
    Table,
)

CELL = " | "


def write_text(document: Document) -> bytes:
    """The document as UTF-8 text, blocks separated by blank lines, ending with a newline."""
    blocks = [document.title, *(block_text(block) for block in document.blocks)]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def block_text(block: Block) -> str:
    """One block as lines of text, without a trailing newline."""
    if isinstance(block, (Heading, Paragraph, Quote)):
        return block.text
    if isinstance(block, ItemList):
        return "\n".join(f"{item.label} {item.text}" for item in block.items)
    if isinstance(block, Table):
        return "\n".join(CELL.join(row) for row in (block.columns, *block.rows))
    if isinstance(block, Signature):
        return "\n".join(block.lines)
    raise TypeError(f"no plain-text form for {type(block).__name__}")
