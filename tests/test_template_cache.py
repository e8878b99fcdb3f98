"""Compiled letter templates and docgen's parsed data files are kept in docgen's cache between
runs, and never served stale."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docgen.cache import ENVIRONMENT_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tantan-taobao" / "case.yaml"


def _build(out: Path, cache: Path, templates: Path) -> str:
    """Run ``docgen refund-request`` as a user does, in a fresh process; the letter's text."""
    env = {**os.environ, ENVIRONMENT_VARIABLE: str(cache)}
    subprocess.run([sys.executable, "-m", "docgen", "refund-request", str(EXAMPLE), "-o", str(out),
                    "--templates", str(templates)], check=True, capture_output=True, env=env, cwd=out.parent)
    return out.read_text(encoding="utf-8")


def test_templates_are_compiled_once_and_recompiled_when_they_change(tmp_path):
    own = tmp_path / "mine" / "refund-request"
    own.mkdir(parents=True)
    template = own / "zh_CN.j2"
    template.write_text("#title 第一版\n#header H\n#pages {page}/{pages}\n致{{ merchant.name }}\n", encoding="utf-8")
    first = _build(tmp_path / "one.txt", tmp_path / "cache", tmp_path / "mine")
    entries = sorted((tmp_path / "cache").rglob("*.cache"))
    assert entries, "no compiled template was kept"
    assert _build(tmp_path / "two.txt", tmp_path / "cache", tmp_path / "mine") == first  # from the cache

    template.write_text("#title 第二版\n#header H\n#pages {page}/{pages}\n致{{ merchant.name }}\n", encoding="utf-8")
    changed = _build(tmp_path / "three.txt", tmp_path / "cache", tmp_path / "mine")
    assert "第二版" in changed and "第一版" not in changed


def test_caching_can_be_turned_off(tmp_path):
    own = tmp_path / "mine" / "refund-request"
    own.mkdir(parents=True)
    (own / "zh_CN.j2").write_text("#title T\n#header H\n#pages {page}/{pages}\n致{{ merchant.name }}\n",
                                  encoding="utf-8")
    env = {**os.environ, ENVIRONMENT_VARIABLE: "off", "HOME": str(tmp_path / "home"), "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    subprocess.run([sys.executable, "-m", "docgen", "refund-request", str(EXAMPLE), "-o", str(tmp_path / "x.txt"),
                    "--templates", str(tmp_path / "mine")], check=True, capture_output=True, env=env, cwd=tmp_path)
    assert not (tmp_path / "xdg").exists() and not (tmp_path / "home").exists()


def _docx(out: Path, cache: Path) -> bytes:
    """``docgen refund-request`` of the example as a .docx, in a fresh process with ``cache``."""
    env = {**os.environ, ENVIRONMENT_VARIABLE: str(cache)}
    subprocess.run([sys.executable, "-m", "docgen", "refund-request", str(EXAMPLE), "-o", str(out)],
                   check=True, capture_output=True, env=env, cwd=out.parent)
    return out.read_bytes()


def test_the_word_template_is_compiled_once_and_gives_the_same_bytes(tmp_path):
    first = _docx(tmp_path / "one.docx", tmp_path / "cache")
    kept = sorted((tmp_path / "cache").rglob("templates-docgen.writers.docx.CachingEnvironment/*.cache"))
    assert kept, "the .docx template's compiled code was not kept"
    assert _docx(tmp_path / "two.docx", tmp_path / "cache") == first  # compiled code from the cache
    assert _docx(tmp_path / "three.docx", tmp_path / "no-cache-yet") == first


def test_the_data_files_are_parsed_once_and_a_damaged_entry_is_parsed_anew(tmp_path):
    import pickle

    first = _docx(tmp_path / "one.docx", tmp_path / "cache")
    entries = sorted((tmp_path / "cache").rglob("data/*.pickle"))
    assert len(entries) >= 5, "the shipped YAML files were not kept parsed"
    assert any(isinstance(pickle.loads(entry.read_bytes()), dict) for entry in entries)
    for entry in entries:
        entry.write_bytes(b"damaged")
    assert _docx(tmp_path / "two.docx", tmp_path / "cache") == first
    assert all(entry.read_bytes() != b"damaged" for entry in entries)  # stored again
