"""A case folder holds one complete set: a failed run leaves the previous set or nothing, and
concurrent runs into one folder take turns (issue 16 items 6 and 9)."""
from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import output
from docgen.cli import cli

from conftest import EXAMPLE

CASE_ID = "tantan-2026-001"


def build(*args: str):
    return CliRunner().invoke(cli, ["build", str(EXAMPLE), "-q", *args])


def the_set(folder: Path) -> dict[str, str]:
    """Every file in the folder with its SHA-256; and each must be the one its manifest lists."""
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    listed = {f["path"]: f["sha256"] for f in json.loads((folder / "manifest.json").read_text())["files"]}
    assert {name: files[name] for name in listed} == listed
    return files


def failing_after(count: int, monkeypatch) -> None:
    """Make the disk full after ``count`` files were written."""
    real = output._write_temporary
    calls = []

    def write(path, data, **options):
        calls.append(path)
        if len(calls) > count:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data, **options)

    monkeypatch.setattr(output, "_write_temporary", write)


def test_a_full_disk_in_the_middle_of_a_rebuild_keeps_the_previous_set(tmp_path, monkeypatch):
    assert build("-o", str(tmp_path), "--format", "docx").exit_code == 0
    before = the_set(tmp_path / CASE_ID)
    failing_after(4, monkeypatch)
    result = build("-o", str(tmp_path), "--force")
    assert result.exit_code == 1
    assert "cannot write: No space left on device" in result.output
    assert the_set(tmp_path / CASE_ID) == before  # was: new files beside the old manifest, no new manifest


def test_a_first_build_that_fails_leaves_nothing_not_even_its_folder(tmp_path, monkeypatch):
    failing_after(2, monkeypatch)
    assert build("-o", str(tmp_path)).exit_code == 1
    assert not (tmp_path / CASE_ID).exists()


def test_a_refused_target_is_found_before_anything_is_written(tmp_path):
    folder = tmp_path / CASE_ID
    folder.mkdir()
    (folder / "manifest.json").symlink_to(tmp_path / "elsewhere.json")
    result = build("-o", str(tmp_path))
    assert result.exit_code == 2
    assert sorted(p.name for p in folder.iterdir()) == ["manifest.json"]  # was: ten documents written first
    assert not (tmp_path / "elsewhere.json").exists()


def test_a_rebuild_with_fewer_files_leaves_exactly_its_own_set(tmp_path):
    assert build("-o", str(tmp_path)).exit_code == 0
    assert build("-o", str(tmp_path), "--format", "docx", "--force").exit_code == 0
    files = the_set(tmp_path / CASE_ID)
    assert not [name for name in files if name.endswith(".pdf")]


def test_a_run_waits_for_another_holding_the_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "LOCK_WAIT_SECONDS", 0.3)
    with output.locked(tmp_path / "case"):
        child = subprocess.run([sys.executable, "-c", "from docgen import output; from pathlib import Path; "
                                "output.LOCK_WAIT_SECONDS = 0.3\nwith output.locked(Path('case')): pass"],
                               cwd=tmp_path, capture_output=True, text=True)
    assert child.returncode != 0 and "another docgen run has been writing here" in child.stderr


@pytest.mark.parametrize("attempt", range(2))
def test_concurrent_forced_builds_into_one_folder_all_succeed(tmp_path, attempt):
    """Four `docgen build --force` at once: was, a third of them failed (FileNotFoundError)."""
    runs = [subprocess.Popen([sys.executable, "-m", "docgen", "build", str(EXAMPLE), "-o", str(tmp_path), "--force",
                              "-q", "--format", "docx"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    errors = [run.communicate()[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], errors
    files = the_set(tmp_path / CASE_ID)
    assert not [name for name in files if name.endswith(".part")]
    assert not [name for name in os.listdir(tmp_path / CASE_ID) if name.startswith(".")]


def test_a_folder_in_the_place_of_a_document_is_found_before_anything_is_replaced(tmp_path):
    assert build("-o", str(tmp_path), "--format", "docx").exit_code == 0
    before = the_set(tmp_path / CASE_ID)
    (tmp_path / CASE_ID / "refund-request.pdf").mkdir()
    result = build("-o", str(tmp_path), "--force")
    assert result.exit_code == 2 and "is a folder where docgen writes a file" in result.output
    (tmp_path / CASE_ID / "refund-request.pdf").rmdir()
    assert the_set(tmp_path / CASE_ID) == before


def test_a_set_is_synced_to_disk_once_not_once_a_file(tmp_path, monkeypatch):
    synced = []
    real_fsync = output.os.fsync
    monkeypatch.setattr(output.os, "fsync", lambda descriptor: synced.append(descriptor) or real_fsync(descriptor))
    output.replace_set(tmp_path / "case", {"a.pdf": b"a", "b.pdf": b"b", "manifest.json": b"{}"})
    assert len(synced) == 1  # the folder, after the renames
    assert sorted(p.name for p in (tmp_path / "case").iterdir()) == ["a.pdf", "b.pdf", "manifest.json"]


def test_a_build_into_the_case_folder_never_replaces_an_evidence_file(tmp_path):
    """OUT/<case_id> is the case's own folder here, and an exhibit is named refund-request.pdf."""
    import shutil

    from reportlab.pdfgen.canvas import Canvas

    folder = tmp_path / CASE_ID
    shutil.copytree(EXAMPLE, folder)
    path = folder / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("file: evidence/order.png", "file: refund-request.pdf"),
                    encoding="utf-8")
    canvas = Canvas(str(folder / "refund-request.pdf"))
    canvas.drawString(100, 700, "the order page")
    canvas.save()
    before = (folder / "refund-request.pdf").read_bytes()
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path), "-q"])
    assert result.exit_code == 2, result.output
    assert "refund-request.pdf is evidence[1].file of the case" in result.output
    assert (folder / "refund-request.pdf").read_bytes() == before  # was: replaced by the letter
