"""Compiled letter templates are kept in docgen's cache between runs, and never served stale."""
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
