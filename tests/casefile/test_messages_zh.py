"""A zh_CN user reads whole Chinese sentences in the case file's errors and warnings: removed
characters, the YAML parser's syntax errors explained, with no English fragment left inside
but field names, file names and the parser's own text (quoted as ``（解析器原文：…）``).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, StreamMark

from docgen import i18n
from docgen.casefile import load, load_case, yaml_syntax
from docgen.errors import CaseFileError

from chinese import english, speaking

SYNTAX = re.compile(r"文件格式有误：(?P<explanation>.+)（解析器原文：(?P<original>.+)）")


def test_the_check_itself_catches_english():
    assert english("已删除：1 control character(s) a document cannot hold", "case.yaml") == [
        "control", "character", "s", "a", "document", "cannot", "hold"]
    assert english("case.yaml:47: timeline[0].what: 已删除 — 请在“order”下添加“channel:”", "case.yaml") == []


# --- removed characters ------------------------------------------------------------------------


def test_removed_characters_are_described_in_chinese_and_in_english_as_before(edited_case):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", 'what: "卖家\\u0007发送\\u202e兑换码"'))
    with speaking("zh_CN"):
        chinese = load_case(path).warnings[0].format("case.yaml")
    with speaking("en_US"):
        english_warning = load_case(path).warnings[0].format("case.yaml")
    assert chinese == ("case.yaml:47: timeline[0].what: 已删除：1 个文书中无法保存的控制字符；1 个双向文字控制符"
                       "（会改变文字的显示顺序） — 请重新输入这段文字，不要带这些字符")
    assert english(chinese, "case.yaml") == []
    assert english_warning == ("case.yaml:47: timeline[0].what: removed 1 control character(s) a document cannot "
                               "hold; 1 bidirectional override mark(s) — retype the text without them")


def test_invisible_characters_on_a_line_are_described_in_chinese(edited_case):
    path = edited_case(("what: 卖家通过旺旺发送兑换码", "what: 卖家\x7f通过旺旺\x9f发送兑换码"))
    with speaking("zh_CN"):
        warning = load_case(path).warnings[0].format("case.yaml")
    assert warning == "case.yaml:47: 已删除 2 个不可见的控制字符 — 请重新输入这段文字，不要带这些字符"


# --- YAML syntax errors -------------------------------------------------------------------------------

# (what was done, the edit of the example, a text on the line the error must name)
BROKEN = [
    ("a tab", ("  channel: taobao\n", "\tchannel: taobao\n"), "\tchannel"),
    ("': ' inside a value", ("    what: 卖家通过旺旺发送兑换码\n", "    what: 卖家说: 已发送兑换码\n"), "卖家说: "),
    ("a key indented too far", ("  channel: taobao\n", "    channel: taobao\n"), "  order_id:"),  # seen on the next key
    ("a quote never closed", ("  contact: 旺旺 sudakm888\n", "  contact: '旺旺 sudakm888\n"), "contact: '"),
    ("text after the closing quote", ('  phone: "13800138000"\n', '  phone: "13800138000" 手机\n'), '" 手机'),
    ("a value starting with @", ("  contact: 旺旺 sudakm888\n", "  contact: @sudakm888\n"), "@sudakm888"),
    ("a list entry after its key", ("problems:\n  - invalid_code\n", "problems: - invalid_code\n"), "problems: -"),
    ("a full-width colon after the key", ("  contact: 旺旺 sudakm888\n", "  contact：旺旺 sudakm888\n"), "contact："),
    ("a backslash in double quotes", ("file: evidence/payment.png", 'file: "evidence\\payment.png"'), "evidence\\"),
    ("a [ never closed", ("problems:\n  - invalid_code\n  - undisclosed_no_refund\n",
                          "problems: [invalid_code, undisclosed_no_refund\n"), "problems: ["),
    ("two documents", ("locale: zh_CN\n", "---\nlocale: zh_CN\n"), "---"),
]


@pytest.fixture(params=["libyaml", "pure"])
def parser(request, monkeypatch) -> str:
    """Each case file read by libyaml (the C parser, where ruamel.yaml.clib is installed) and the pure one."""
    yaml = YAML(typ="safe", pure=request.param == "pure")
    if request.param == "libyaml" and yaml.Parser.__name__ != "CParser":
        pytest.skip("ruamel.yaml.clib is not installed")
    monkeypatch.setattr(load, "_YAML", yaml)
    return request.param


def syntax_error(path: Path, language: str):
    with speaking(language), pytest.raises(CaseFileError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    return problem


@pytest.mark.parametrize(("mistake", "edit", "marker"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_syntax_error_is_explained_in_chinese_with_the_parser_s_words_its_line_and_a_fix(
        parser, edited_case, mistake, edit, marker):
    path = edited_case(edit)
    text = path.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.split("\n"), 1) if marker in row)
    with pytest.raises(MarkedYAMLError) as raised:
        load._YAML.compose(text)
    said = raised.value.problem
    chinese, english_problem = syntax_error(path, "zh_CN"), syntax_error(path, "en_US")

    # English: as before, the parser's own words; the line; a fix for this error
    assert english_problem.message.startswith("not valid YAML: ") and said in english_problem.message
    original = english_problem.message.removeprefix("not valid YAML: ")
    assert english_problem.line == line and english_problem.path == ""
    assert english_problem.fix and english_problem.fix != "check the indentation and quotes on this line"

    # Chinese: an explanation, the parser's words unchanged in parentheses, the same line, a fix
    found = SYNTAX.fullmatch(chinese.message)
    assert found, chinese.message
    assert found["original"] == original
    assert chinese.line == line
    assert chinese.format("case.yaml").startswith(f"case.yaml:{line}: 文件格式有误：")
    assert english(found["explanation"]) == [] and english(chinese.fix) == [], chinese.format("case.yaml")
    assert re.search(r"[\u4e00-\u9fff]", chinese.fix)


@pytest.mark.parametrize("kind", yaml_syntax.EXPLAINED, ids=lambda kind: kind.words)
def test_every_syntax_error_docgen_knows_is_explained_in_chinese_and_left_to_the_parser_in_english(kind):
    with speaking("zh_CN"):
        explanation, fix = i18n._(kind.words), i18n._(kind.fix)
    assert explanation != kind.words and re.search(r"[\u4e00-\u9fff]", explanation)
    assert english(explanation) == [] and english(fix) == [], (explanation, fix)
    with speaking("en_US"):
        assert i18n._(kind.words) == kind.words  # English shows the parser's text alone


def test_an_unknown_syntax_error_keeps_the_parser_s_words_in_parentheses_with_its_line_and_a_fix():
    error = MarkedYAMLError(problem="found something new", problem_mark=StreamMark("case.yaml", 4, 2, 0))
    with speaking("zh_CN"):
        problem = yaml_syntax.syntax_problem(error, "a: 1\nb: 2\nc\n")
    assert problem.format("case.yaml") == ("case.yaml:3: 文件格式有误，解析器无法读取（解析器原文：found something new）"
                                           " — 请检查这一行的缩进和引号")
    with speaking("en_US"):
        problem = yaml_syntax.syntax_problem(error, "a: 1\nb: 2\nc\n")
    assert problem.format("case.yaml") == ("case.yaml:3: not valid YAML: found something new — check the "
                                           "indentation and quotes on this line")


def test_a_key_that_is_a_list_is_named_by_its_line_not_by_the_parser_s_objects(example_dir):
    path = example_dir / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("locale: zh_CN\n", "[a, b]: 1\n"), encoding="utf-8")
    with speaking("zh_CN"), pytest.raises(CaseFileError) as raised:
        load_case(path)
    (problem,) = raised.value.problems
    assert problem.format("case.yaml") == ("case.yaml:6: 键必须是一个词，不能是列表或多个“键: 值”"
                                           " — 把键写成一个词，后面跟英文冒号和空格“: ”")
