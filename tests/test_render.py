"""One path from a case to its documents' bytes, with every warning in one list, and errors
that format themselves."""
from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from docgen.assess import assess
from docgen.casefile import load_case
from docgen.cli import cli
from docgen.errors import CaseFileError, DocgenWarning, InputError, Problem
from docgen.i18n import set_language
from docgen.options import BuildOptions
from docgen.render import render_case
from docgen.writers import writer

from conftest import ROOT

WECHAT = ROOT / "examples" / "wechat-private" / "case.yaml"


def test_every_warning_of_a_case_comes_in_one_list(edited_case, tmp_path):
    """What the case file lost, the assessment's notes and what a writer dropped, each saying where."""
    path = edited_case(("locale: zh_CN\n", "locale: zh_CN\x07\n"))
    own = tmp_path / "mine" / "refund-request"
    own.mkdir(parents=True)
    own.joinpath("zh_CN.j2").write_text("#title 退款\x07申请\n#header H\n#pages {page}/{pages}\n致{{ merchant.name }}\n",
                                        encoding="utf-8")
    rendered = render_case(load_case(path), BuildOptions(formats=("docx",), templates=tmp_path / "mine"),
                           ("refund-request",))
    assert all(isinstance(warning, DocgenWarning) for warning in rendered.warnings)
    wheres = [warning.where for warning in rendered.warnings]
    assert wheres[0].startswith(f"{path}:") and "removed 1 invisible control character" in rendered.warnings[0].message
    dropped = {w.message for w in rendered.warnings if w.where == "refund-request.docx"}
    assert dropped == {f"{field}: dropped 1 control character(s) a .docx cannot hold" for field in ("title", "subject")}
    rendered = render_case(load_case(WECHAT), BuildOptions(formats=("docx",)))
    assert rendered.assessment.notes and rendered.warnings == tuple(
        DocgenWarning(note, str(WECHAT)) for note in rendered.assessment.notes)


def test_a_document_that_does_not_apply_is_refused_before_anything_is_rendered():
    loaded = load_case(WECHAT)
    applying = ", ".join(assess(loaded.case).documents)
    assert "platform-dispute" not in applying and "chargeback" in applying
    with pytest.raises(InputError, match=re.escape(f"platform-dispute does not apply to case {loaded.case.case_id}; "
                                                   f"the documents that apply: {applying}")):
        render_case(loaded, BuildOptions(), ("platform-dispute",))


def test_an_error_reports_itself_and_a_case_file_error_lists_its_lines():
    error = InputError("the thing is broken")
    assert error.report() == "error: the thing is broken" and error.report("a.yaml") == "error: a.yaml: the thing is broken"
    shown = io.StringIO()
    error.show(shown)
    assert shown.getvalue() == "error: the thing is broken\n"
    hostile = io.StringIO()
    InputError("case\x1b[2J.yaml: broken").show(hostile)
    assert hostile.getvalue() == "error: case\\x1b[2J.yaml: broken\n"
    assert InputError("a.yaml: broken").report("a.yaml") == "error: a.yaml: broken"  # named once
    problems = CaseFileError("case.yaml", [Problem("order.price", 4, "must be positive", "write 168")])
    assert problems.report("ignored.yaml") == ("case.yaml:4: order.price: must be positive — write 168\n"
                                               "1 error in case.yaml; nothing was written.")


def test_pipeline_messages_speak_the_users_language():
    set_language("zh_CN")
    try:
        with pytest.raises(InputError) as raised:
            writer("odt")
    finally:
        set_language(None)
    assert str(raised.value) == "未知格式 'odt'；可用的格式：docx, pdf, txt"


def test_the_cli_shows_warnings_once_each_and_errors_without_a_traceback(tmp_path):
    runner = CliRunner()
    built = runner.invoke(cli, ["build", str(WECHAT), "-o", str(tmp_path), "--format", "docx", "-q"])
    assert built.exit_code == 0
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == len(set(warnings)) >= 2 and all(f"warning: {WECHAT}: " in line for line in warnings)
    refused = runner.invoke(cli, ["platform-dispute", str(WECHAT), "-o", str(tmp_path / "p.pdf")])
    assert refused.exit_code == 2 and refused.stderr.startswith("error: platform-dispute does not apply")
    assert "Traceback" not in refused.stderr
