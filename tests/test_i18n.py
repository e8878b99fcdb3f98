"""docgen's own messages through gettext: complete catalogs, compiled and up to date, chosen cheaply."""
from __future__ import annotations

import configparser
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

from docgen import i18n
from docgen.cli import cli

from conftest import ROOT

LOCALES = ROOT / "locales"
CATALOGS = sorted(LOCALES.glob("*/LC_MESSAGES/docgen.po"))
SETUP = configparser.ConfigParser()
SETUP.read(ROOT / "setup.cfg")


def catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_there_is_a_catalog_for_every_language():
    assert [path.parts[-3] for path in CATALOGS] == sorted(i18n.LANGUAGES)


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_every_message_is_translated_and_none_is_fuzzy(path):
    messages = [m for m in catalog(path) if m.id]
    assert messages
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_translations_keep_every_placeholder(path):
    names = re.compile(r"\{(\w*)\}")
    for message in catalog(path):
        if message.id:
            assert set(names.findall(message.string)) == set(names.findall(message.id)), message.id


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_the_shipped_mo_is_compiled_from_the_po(path):
    """Run `python -c 'from setuptools import setup; setup()' compile_catalog` after editing a .po."""
    with path.with_suffix(".mo").open("rb") as handle:
        shipped = read_mo(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog(path))
    buffer.seek(0)
    fresh = read_mo(buffer)
    assert {m.id: m.string for m in shipped if m.id} == {m.id: m.string for m in fresh if m.id}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_the_catalogs_hold_exactly_the_messages_of_the_code(path):
    """Run extract_messages and update_catalog (docs/assistant.md) after changing a message."""
    source = ROOT / SETUP["extract_messages"]["input_paths"]
    in_code = {message for _file, _line, message, _comments, _context in extract_from_dir(source)}
    assert {m.id for m in catalog(path) if m.id} == in_code


@pytest.mark.parametrize(("value", "language"), [
    ("zh_CN.UTF-8", "zh_CN"), ("zh", "zh_CN"), ("zh_TW.UTF-8", "zh_CN"), ("en_US.UTF-8", "en_US"),
    ("C.UTF-8", "en_US"), ("POSIX", "en_US"), ("fr_FR", "en_US"),
])
def test_any_chinese_locale_speaks_chinese_and_anything_else_english(value, language):
    assert i18n.normalize(value) == language


def test_the_language_comes_from_the_option_then_docgen_lang_then_the_locale(monkeypatch):
    for name in i18n.ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    assert i18n.language() == "en_US"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.language() == "zh_CN" and i18n._("Documents") == "文书"
    monkeypatch.setenv("LC_ALL", "C")
    assert i18n.language() == "en_US"
    monkeypatch.setenv("DOCGEN_LANG", "zh")
    assert i18n.language() == "zh_CN"
    i18n.set_language("en_US")
    try:
        assert i18n.language() == "en_US" and i18n._("Documents") == "Documents"
    finally:
        i18n.set_language(None)


def test_the_option_lasts_one_run(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCGEN_LANG", "en_US")
    assert CliRunner().invoke(cli, ["--locale", "zh_CN", "init", str(tmp_path), "--example"]).exit_code == 0
    assert i18n.language() == "en_US"


def test_cli_messages_follow_the_language(tmp_path):
    runner = CliRunner(env={"DOCGEN_LANG": "zh_CN"})
    assert runner.invoke(cli, ["init", str(tmp_path), "--example"]).exit_code == 0
    again = runner.invoke(cli, ["init", str(tmp_path), "--example"])
    assert again.exit_code == 2
    assert again.stderr == f"错误：{tmp_path / 'case.yaml'} 已存在；如要替换，请加 --force\n"
    english = runner.invoke(cli, ["--locale", "en_US", "init", str(tmp_path), "--example"])
    assert english.stderr == f"error: {tmp_path / 'case.yaml'} already exists; give --force to replace it\n"


def test_a_message_reads_the_catalog_without_babel(tmp_path):
    probe = ("import sys; from docgen.i18n import _, set_language; set_language('zh_CN')\n"
             "print(_('Documents'), 'babel' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            cwd=tmp_path).stdout  # not the source tree: the installed package
    assert output == "文书 False\n"


def test_case_file_problems_follow_the_language(edited_case, tmp_path):
    case = edited_case(("  channel: taobao\n", "  chanel: taobao\n"))
    result = CliRunner().invoke(cli, ["--locale", "zh_CN", "build", str(case), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{case}:24: order.chanel: 未知的键“chanel” — 您是不是要写“channel”？" in result.output
    assert "order.channel: 缺少此项 — 请在“order”下添加“channel:”" in result.output
    assert f"{case} 中有 2 处错误；未写入任何文件。" in result.output
    assert not (tmp_path / "out").exists()


def test_parallel_workers_speak_the_chosen_language(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from docgen.cli import cli

    root = Path(__file__).resolve().parents[1]
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "case.yaml").write_text(f"version: 1\ncase_id: {name}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--locale", "zh_CN", "build", str(tmp_path / "a"), str(tmp_path / "b"),
                                      str(root / "examples" / "tantan-taobao"), "-o", str(tmp_path / "out"),
                                      "--jobs", "2", "-q"])
    assert result.exit_code == 1
    assert result.output.count("缺少此项") >= 2
