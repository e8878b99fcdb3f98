"""Shared fixtures: the bundled example case, copied where a test may change it."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tantan-taobao"


def pytest_configure(config: pytest.Config) -> None:
    """docgen's cache (parsed fonts, compiled templates) in a folder of this test run's own,
    also for the docgen commands the tests start: never the user's."""
    os.environ["DOCGEN_CACHE_DIR"] = tempfile.mkdtemp(prefix="docgen-test-cache-")


@pytest.fixture
def example_dir(tmp_path: Path) -> Path:
    """A private copy of the example case folder (case.yaml and evidence/)."""
    target = tmp_path / "case"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.fixture
def edited_case(example_dir: Path) -> Callable[..., Path]:
    """Write a variant of the example: ``edited_case(("old text", "new text"), ...)``."""

    def edit(*replacements: tuple[str, str]) -> Path:
        path = example_dir / "case.yaml"
        text = (EXAMPLE / "case.yaml").read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"the example no longer contains {old!r}"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        return path

    return edit
