"""Golden document trees: a readable dump of every example's documents, kept under tests/golden/.

As pandoc keeps its ``.native`` files, these dumps make every change of a letter's wording
show in review: ``tests/test_golden.py`` fails when a dump is stale, and

    python tests/golden.py

rewrites them all (then read the diff before committing it).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"

if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from docgen.tree import Block, Document, Heading, ItemList, Paragraph, Quote, Signature, Table  # noqa: E402


def example_cases() -> list[Path]:
    """Every bundled example's case file."""
    return sorted(EXAMPLES.glob("*/case.yaml"))


def dump(document: Document) -> str:
    """The document tree as text: its metadata, then one line (or a few) per block."""
    lines = [
        f"kind: {document.kind}",
        f"locale: {document.locale}",
        f"title: {document.title}",
        f"header: {document.header}",
        f"pages: {_page_label(document)}",
        f"author: {document.author}",
        f"date: {document.date.isoformat()}",
        f"identifier: {document.identifier}",
        f"subject: {document.subject}",
        f"keep_whole: {' | '.join(document.keep_whole)}",
    ]
    if document.exhibit_stamp:
        lines.append(f"stamp: {document.exhibit_stamp}")
    for exhibit in document.exhibits:
        lines.append(f"exhibit {exhibit.number}: {exhibit.media} {_relative(exhibit.path)} {exhibit.title}")
    lines.append("---")
    for block in document.blocks:
        lines.extend(_block_lines(block))
    return "\n".join(lines) + "\n"


def _page_label(document: Document) -> str:
    label = document.page_label
    return f"{label.before}{{page}}{label.between}{{pages}}{label.after}"


def _relative(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def _block_lines(block: Block) -> Iterator[str]:
    if isinstance(block, Heading):
        yield f"# {block.text}"
    elif isinstance(block, Paragraph):
        yield f"¶{'' if block.style == 'body' else block.style} {block.text}"
    elif isinstance(block, Quote):
        yield f"> {block.text}"
    elif isinstance(block, ItemList):
        yield from (f"- {item.label} | {item.text}" for item in block.items)
    elif isinstance(block, Table):
        yield ("autotable " if block.fit else "table ") + " | ".join(f"{c}:{w:g}" for c, w in zip(block.columns, block.widths))
        yield from ("  | " + " | ".join(row) for row in block.rows)
    elif isinstance(block, Signature):
        yield from (f"sign {line}" for line in block.lines)
    else:
        raise TypeError(f"no dump for {type(block).__name__}")


def documents(case_path: Path) -> Iterator[Document]:
    """The documents a build of the case renders, as trees (the evidence index with its bundle's pages)."""
    from docgen.assess import assess
    from docgen.casefile import load_case
    from docgen.options import BuildOptions
    from docgen.render import available_kinds, compose_kind

    case = load_case(case_path).case
    assessment = assess(case)
    for kind in available_kinds(case, assessment):
        yield compose_kind(case, assessment, kind, BuildOptions())[0]


def golden_files() -> dict[Path, str]:
    """Each golden file's path and the text it should hold now."""
    wanted = {}
    for case_path in example_cases():
        for document in documents(case_path):
            wanted[GOLDEN / case_path.parent.name / f"{document.kind}.tree"] = dump(document)
    return wanted


def main() -> None:
    """Rewrite tests/golden/ from the examples as they build now; remove stale dumps."""
    wanted = golden_files()
    for stale in sorted(GOLDEN.glob("*/*.tree")):
        if stale not in wanted:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    for path, text in sorted(wanted.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
