"""Hostile inputs found by the second red-team pass: each refused with exit 2 and one clear
message, or built correctly."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from docgen.casefile import load_case
from docgen.casefile.fields import MAX_LIST_ENTRIES
from docgen.cli import cli
from docgen.errors import MAX_SHOWN_PROBLEMS, CaseFileError

from chinese import speaking


def test_an_evidence_link_loop_is_refused_with_its_line_not_a_traceback(edited_case):
    path = edited_case(("file: evidence/payment.png", "file: evidence/loop1.png"))
    (path.parent / "evidence" / "loop1.png").symlink_to("loop2.png")
    (path.parent / "evidence" / "loop2.png").symlink_to("loop1.png")
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("evidence[0].file", 66)
    assert "cannot be read" in problem.message
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output


def test_a_folder_named_like_an_evidence_file_is_called_a_folder(edited_case):
    path = edited_case()
    (path.parent / "evidence" / "payment.png").unlink()
    (path.parent / "evidence" / "payment.png").mkdir()
    with pytest.raises(CaseFileError, match="'evidence/payment.png' is a folder, not a file"):
        load_case(path)


def test_unicode_line_and_paragraph_separators_join_a_field_as_other_line_breaks_do(edited_case, tmp_path):
    """A field is one paragraph: U+2028 and U+2029 were kept, a line break in the .docx and .txt."""
    path = edited_case(("    what: 卖家通过旺旺发送兑换码", '    what: "卖家通过\\u2028旺旺\\u2029发送兑换码\\u0085了"'))
    assert load_case(path).case.timeline[0].what == "卖家通过 旺旺 发送兑换码 了"


def test_thousands_of_errors_print_the_first_few_and_the_count(edited_case):
    path = edited_case(("claims:\n", "".join(f"k{i}: {i}\n" for i in range(5000)) + "claims:\n"))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert len(caught.value.problems) == 5000  # all kept for --json and callers
    lines = str(caught.value).splitlines()
    assert len(lines) == MAX_SHOWN_PROBLEMS + 2  # was: 5,001 lines
    assert "unknown key 'k0'" in lines[0]
    assert lines[-2] == f"… {5000 - MAX_SHOWN_PROBLEMS} more not shown — fix these first, then check again"
    assert lines[-1] == f"5000 errors in {path}; nothing was written."


def test_a_64k_value_is_quoted_shortened_in_its_message(edited_case):
    path = edited_case(("case_id: tantan-2026-001", "case_id: " + "a" * 65536))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    [problem] = caught.value.problems
    assert len(problem.message) < 300  # was: 65,600 characters on one line
    assert problem.message.startswith("'" + "a" * 40 + "… (65536 characters)' is not a case id")


def test_a_64k_value_is_shortened_in_chinese_messages_too(edited_case):
    path = edited_case(("case_id: tantan-2026-001", "case_id: " + "a" * 65536))
    with speaking("zh_CN"), pytest.raises(CaseFileError) as caught:
        load_case(path)
    [problem] = caught.value.problems
    assert problem.message.startswith("“" + "a" * 40 + "……（共 65536 个字符）”")


@pytest.mark.parametrize("case_id", ["CON", "con", "Nul", "aux", "PRN", "COM1", "lpt9"])
def test_a_case_id_windows_keeps_for_a_device_is_refused(edited_case, case_id):
    """OUT/CON/ cannot be made on Windows: the case would fail there after passing check."""
    path = edited_case(("case_id: tantan-2026-001", f"case_id: {case_id}"))
    with pytest.raises(CaseFileError, match="not a name Windows keeps for a device"):
        load_case(path)


@pytest.mark.parametrize("case_id", ["CONSOLE", "con-1", "com10", "nul_2"])
def test_case_ids_that_only_begin_like_a_device_name_pass(edited_case, case_id):
    path = edited_case(("case_id: tantan-2026-001", f"case_id: {case_id}"))
    assert load_case(path).case.case_id == case_id


def test_a_list_of_thousands_of_entries_is_refused_at_once(edited_case):
    """10,000 evidence entries were accepted: 25 s to build, every letter listing them all."""
    entries = "".join(f"  - title: 证据{i}\n    kind: chat\n    source: 微信\n    date: 2026-11-21\n    proves: 证明{i}\n"
                      for i in range(MAX_LIST_ENTRIES + 1))
    path = edited_case(("evidence:\n", "evidence:\n" + entries))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    [problem] = caught.value.problems
    assert problem.path == "evidence"
    assert f"has {MAX_LIST_ENTRIES + 5} entries; at most {MAX_LIST_ENTRIES}" in problem.message  # and the 4 of the example


def test_the_schema_states_the_list_limit():
    from docgen.casefile.schema import case_schema
    assert case_schema()["properties"]["evidence"]["maxItems"] == MAX_LIST_ENTRIES


@pytest.mark.parametrize("day", ["2026-02-30", "2026-13-01", "2026-04-31"])
def test_a_day_that_does_not_exist_is_called_so(edited_case, day):
    """It was "'2026-02-30' is not a date from 2000 to 2099", which it is."""
    path = edited_case(("letter_date: 2026-11-24", f"letter_date: {day}"))
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    [problem] = caught.value.problems
    assert (problem.message, problem.fix) == (f"'{day}' is no day of the calendar", "check the month and the day")
