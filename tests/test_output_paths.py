"""An output path that cannot be written is the user's to change: exit code 2, a message
naming the option and the path as given (never a temporary name), and nothing written."""
from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import output
from docgen.cli import cli
from docgen.errors import DocgenError, InputError

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "tantan-taobao" / "case.yaml"


@pytest.fixture
def in_the_way(tmp_path: Path) -> Path:
    """A file where a folder would have to be."""
    path = tmp_path / "a-file"
    path.write_text("not a folder", encoding="utf-8")
    return path


def _run(*arguments: str):
    return CliRunner().invoke(cli, ["--locale", "en_US", *arguments])


@pytest.mark.parametrize(("command", "named"), [
    (("build", str(EXAMPLE), "-o", "{blocked}/out"), "-o {blocked}/out"),
    (("refund-request", str(EXAMPLE), "-o", "{blocked}/letter.pdf"), "-o {blocked}/letter.pdf"),
    (("check", str(EXAMPLE), "--ics", "{blocked}/deadlines.ics"), "--ics {blocked}/deadlines.ics"),
    (("init", "--example", "{blocked}/case"), "FOLDER {blocked}/case"),
], ids=["build", "one document", "check --ics", "init"])
def test_a_file_in_the_way_of_the_output_is_refused_before_anything_is_written(command, named, in_the_way: Path):
    arguments = [part.format(blocked=in_the_way) for part in command]
    before = sorted(in_the_way.parent.rglob("*"))
    result = _run(*arguments)
    assert result.exit_code == 2, result.output
    assert f"{named.format(blocked=in_the_way)}: cannot write there: {in_the_way} is not a folder" in result.output
    assert "choose a folder you can write to" in result.output and "Traceback" not in result.output
    assert sorted(in_the_way.parent.rglob("*")) == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_folder_that_cannot_be_made_is_refused_before_the_questions(tmp_path: Path):
    result = CliRunner().invoke(cli, ["--locale", "en_US", "init", "/proc/docgen-case"], input="")
    assert result.exit_code == 2, result.output
    assert "FOLDER /proc/docgen-case: cannot" in result.output
    assert "Case id" not in result.output  # no question was asked


def test_a_write_that_fails_names_the_file_not_its_temporary_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def refused(path: Path, data: bytes, **_: object) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(path.parent / f".{path.name}.x1y2.part"))

    monkeypatch.setattr(output, "_write_temporary", refused)
    target = tmp_path / "letter.pdf"
    with pytest.raises(InputError) as raised:
        output.write_output(target, b"%PDF")
    assert str(raised.value) == f"cannot write {target}: Permission denied; choose a path you can write to"
    assert raised.value.exit_code == 2


def test_a_full_disk_is_no_fault_of_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def full(path: Path, data: bytes, **_: object) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(path) + ".part")

    monkeypatch.setattr(output, "_write_temporary", full)
    with pytest.raises(DocgenError) as raised:
        output.write_output(tmp_path / "letter.pdf", b"%PDF")
    assert not isinstance(raised.value, InputError) and raised.value.exit_code == 1
    assert str(raised.value) == f"cannot write {tmp_path / 'letter.pdf'}: No space left on device"
    assert not list(tmp_path.iterdir())
