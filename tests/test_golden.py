"""The golden document trees (tests/golden/) match what the examples build now.

A failure means a letter's words changed: if the change is meant, run
``python tests/golden.py`` and review the diff of tests/golden/ with the change.
"""
from __future__ import annotations

import difflib

import pytest

from golden import GOLDEN, ROOT, golden_files

WANTED = golden_files()


@pytest.mark.parametrize("path", sorted(WANTED), ids=lambda p: p.relative_to(GOLDEN).as_posix())
def test_golden_tree_is_current(path):
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run python tests/golden.py"
    held = path.read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(held.splitlines(True), WANTED[path].splitlines(True), "golden", "now", n=1))
    assert held == WANTED[path], f"stale; run python tests/golden.py and review:\n{diff[:4000]}"


def test_no_golden_tree_without_its_document():
    stale = sorted(p.relative_to(ROOT).as_posix() for p in GOLDEN.glob("*/*.tree") if p not in WANTED)
    assert not stale, f"dumps of documents no example builds: {stale}; run python tests/golden.py"


def test_every_example_has_its_documents_dumped():
    kinds = {path.parent.name: {p.stem for p in WANTED if p.parent == path.parent} for path in WANTED}
    assert kinds["pdd-visa"] == {"refund-request", "complaint-12315", "platform-dispute", "chargeback",
                                 "small-claims", "evidence-index"}
    assert "platform-dispute" not in kinds["wechat-private"]
