"""Hostile case files: each refused in well under a second with one short, exact message (issue 16)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.casefile import load_case, peek_case_id
from docgen.cli import cli
from docgen.errors import CaseFileError, InputError
from docgen.yaml_limits import MAX_ALIAS_PROBLEMS, MAX_DEPTH

from conftest import EXAMPLE

HANG = 10
"""Seconds that tell a refusal from a hang (the hostile files ran for minutes): not a speed target."""
FIRST_ADDED_LINE = len((EXAMPLE / "case.yaml").read_text(encoding="utf-8").splitlines()) + 1


def billion_laughs(levels: int = 9) -> str:
    """Nine aliases of nine aliases of ...: 9**levels values in a few hundred bytes."""
    lines = ['  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "laughs:\n" + "\n".join(lines) + "\n"


def example_plus(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text((EXAMPLE / "case.yaml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_an_alias_bomb_under_an_unknown_key_is_refused_at_once_in_a_few_lines(tmp_path):
    path = example_plus(tmp_path, billion_laughs())
    started = time.perf_counter()
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert time.perf_counter() - started < HANG  # was: past 60 s, 74,734 lines of errors at 9**5
    assert len(caught.value.problems) == MAX_ALIAS_PROBLEMS
    first = caught.value.problems[0]
    assert (first.path, first.line) == ("laughs.l1[0]", FIRST_ADDED_LINE + 2)
    assert "'*l0' is a YAML alias" in first.message and first.fix == "write the value out in full"


def test_a_single_alias_of_a_known_field_is_refused_with_its_field(edited_case):
    path = edited_case(("  name: 速达卡盟", "  name: &seller 速达卡盟"),
                       ("  store: 速达虚拟商品专营店", "  store: *seller"))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert [(p.path, p.line) for p in caught.value.problems] == [("merchant.store", 18)]


@pytest.mark.parametrize("nested", ["deep: " + "[" * 1000 + "]" * 1000, "deep: " + "[" * 1_000_000,
                                    "".join(" " * i + "k:\n" for i in range(1000)) + " " * 1000 + "k: 1"])
def test_deep_nesting_is_refused_without_recursion(tmp_path, nested):
    path = example_plus(tmp_path, nested + "\n")
    started = time.perf_counter()
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert time.perf_counter() - started < HANG
    [problem] = caught.value.problems
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert FIRST_ADDED_LINE <= problem.line <= FIRST_ADDED_LINE + MAX_DEPTH


def test_the_cli_refuses_a_deep_file_with_exit_2_and_no_traceback(tmp_path):
    path = example_plus(tmp_path, "deep: " + "[" * 1000 + "]" * 1000 + "\n")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "nested more than" in result.output


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        load_case(fifo)
    assert peek_case_id(fifo) is None  # was: blocked forever


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "case.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        load_case(tmp_path)
    assert peek_case_id(link) is None  # was: read until MemoryError


def test_peeking_reads_the_case_id_as_the_loader_does(edited_case):
    path = edited_case(("case_id: tantan-2026-001", 'case_id: "  tantan-2026-001 "'))
    assert load_case(path).case.case_id == peek_case_id(path) == "tantan-2026-001"
    path = edited_case(("case_id: tantan-2026-001", 'case_id: "not an id!"'))
    assert peek_case_id(path) is None


def test_terminal_escapes_in_values_are_shown_escaped_never_sent_to_the_terminal(edited_case):
    path = edited_case(("case_id: tantan-2026-001", r'case_id: "\e]0;pwned\a\e[31mRED"'),
                       ("channel: taobao", r'channel: "\e[2J\u202etaobao"'))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output
    assert r"case_id: '\x1b]0;pwned\x07\x1b[31mRED' is not a case id" in result.output
    assert r"order.channel: '\x1b[2J\u202etaobao' is not a known value" in result.output


def test_a_file_name_with_escapes_is_shown_escaped_in_a_batch(tmp_path):
    folder = tmp_path / "\x1b[2Jcases"
    folder.mkdir()
    (folder / "case.yaml").write_text("version: 1\ncase_id: \"\\e[5mX\"\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and r"\x1b[2Jcases" in result.output
