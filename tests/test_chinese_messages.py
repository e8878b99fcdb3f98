"""A zh_CN user reads whole Chinese sentences: case-file errors and warnings, the YAML parser's
syntax errors, and the texts of disputes.yaml, with no English fragment left inside.

The check is on ASCII-letter words: in a Chinese message each one must be a field name (a key of
the case file, or a path of keys such as ``timeline[0].what``), a file name, or a name the
test allows by name (the YAML parser's own text, quoted as ``（解析器原文：…）``; the names of
card networks' reason codes and of published sources, as they are written).
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, StreamMark

from docgen import case_loader, i18n, yaml_syntax
from docgen.codes import DOCUMENT_KINDS
from docgen.case_loader import load_case
from docgen.cli import cli
from docgen.disputes import DisputesError, disputes, parse_disputes
from docgen.errors import CaseFileError

from conftest import ROOT

EXAMPLES = ROOT / "examples"
# An ASCII "word" with what sticks to it in a name: case.yaml, timeline[0].what, tantan-2026-001.
WORD = re.compile(r"[\w.\[\]/\-]*[A-Za-z][\w.\[\]/\-]*", re.ASCII)
SYNTAX = re.compile(r"文件格式有误：(?P<explanation>.+)（解析器原文：(?P<original>.+)）")
UNKNOWN_SYNTAX = re.compile(r"文件格式有误，解析器无法读取（解析器原文：(?P<original>.+)）")


def case_keys(fields: dict = case_loader.CASE) -> set[str]:
    """Every key a case file can hold, at any depth."""
    keys = set()
    for name, spec in fields.items():
        keys.add(name)
        inner = getattr(spec.parse, "fields", None) or getattr(getattr(spec.parse, "item", None), "fields", None)
        if inner:
            keys |= case_keys(inner)
    return keys


KEYS = case_keys()


def is_field(word: str) -> bool:
    """A key of the case file or a path of keys: problems, order.price, timeline[0].what."""
    return all(part in KEYS for part in re.sub(r"\[\d+\]", "", word).split("."))


def english(text: str, *names: str) -> list[str]:
    """The ASCII-letter words of ``text`` other than field names and ``names`` (file names, allowed names)."""
    return [word for word in WORD.findall(text) if word not in names and not is_field(word)]


@contextmanager
def speaking(language: str) -> Iterator[None]:
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(None)


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
    monkeypatch.setattr(case_loader, "_YAML", yaml)
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
        case_loader._YAML.compose(text)
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


# --- disputes.yaml ----------------------------------------------------------------------------------------


def published(source: str) -> str:
    """A source without the titles it quotes (“Network timelines”), which stay as published."""
    return re.sub(r"“[^”]*”", "", source)


def test_the_texts_of_disputes_yaml_a_user_reads_are_in_both_languages():
    table = disputes()
    wechat = table.apps["wechat_pay"]
    windows = {name: network.window for name, network in table.networks.items() if network.window}
    with speaking("zh_CN"):
        caveat, sources = wechat.caveat, {name: window.source for name, window in windows.items()}
    assert caveat == ("微信支付的交易投诉适用于向商户的付款；向个人微信用户转账或发红包，可能不在交易投诉的范围内（未经核实）。"
                      "请查看付款记录：如果记录中没有商户，请改为向公安机关报案，举报诈骗。")
    assert english(caveat) == []
    assert sources["visa"] == "Chargeflow 的“Network timelines”，第三方整理的汇总，并非 Visa 的规则"
    for name, source in sources.items():
        assert set(english(published(source))) <= {"Chargeflow", "Adyen", "Visa"}, source
        with speaking("en_US"):
            assert all(f'"{title}"' in windows[name].source for title in re.findall(r"“([^”]*)”", source))
    with speaking("en_US"):
        assert wechat.caveat.startswith("WeChat Pay's merchant complaint (交易投诉) covers payments to a merchant")
        assert windows["visa"].source == 'Chargeflow, "Network timelines" (a third-party summary, not Visa\'s rules)'
    assert table.apps["alipay"].caveat == ""


def test_a_text_of_disputes_yaml_in_one_language_only_is_refused():
    table = {
        "platform_reasons": dict(disputes().platform_reasons),
        "networks": {"visa": {"window": {"days": 120, "from": "交易日", "source": "Chargeflow"}, "categories": [
            {"problems": ["fraud"], "codes": [], "summary": "欺诈", "verified": False}]}},
        "apps": {"alipay": {"provider": "支付宝", "merchant": "交易投诉", "unauthorized": "非本人操作"},
                 "wechat_pay": {"provider": "微信支付", "merchant": "交易投诉", "unauthorized": "非本人操作",
                                "caveat": {"channels": ["wechat"], "note": {"en_US": "unverified"}}}},
    }
    with pytest.raises(DisputesError) as raised:
        parse_disputes(table)
    message = str(raised.value)
    assert "networks.visa.window.source: give the text in each language (en_US, zh_CN)" in message
    assert "networks.visa.window.from: give the text in each language (en_US, zh_CN)" in message
    assert "apps.wechat_pay.caveat.note.zh_CN: missing" in message


# --- what `docgen check` and `docgen build` say --------------------------------------------------------------


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if (p / "case.yaml").is_file()))
def test_check_and_build_speak_chinese_but_for_codes_and_names(example, tmp_path):
    """Every ASCII word of the zh_CN report and warnings is one the case file gives (a code, an id,
    a contact), a document, a file, docgen, "App" (as Chinese writes it), or a name as its owner
    writes it (reason codes, sources)."""
    folder = EXAMPLES / example
    given = {line.split("#")[0] for line in (folder / "case.yaml").read_text(encoding="utf-8").splitlines()}
    table = disputes()
    names = {word for network in table.networks.values() for category in network.categories
             for code in category.codes for word in WORD.findall(code.name)}
    with speaking("zh_CN"):
        names |= {word for network in table.networks.values() if network.window
                  for word in WORD.findall(network.window.source)}
    allowed = {*(word for line in given for word in WORD.findall(line)), *DOCUMENT_KINDS, *names, "docgen", "App",
               str(folder / "case.yaml")}
    runner = CliRunner(env={"DOCGEN_LANG": "zh_CN"})
    report = runner.invoke(cli, ["check", str(folder)])
    built = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path), "-q"])
    assert report.exit_code == built.exit_code == 0, report.output + built.output
    said = report.stdout + built.stderr
    assert english(said, *allowed) == []
