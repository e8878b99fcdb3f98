"""``docgen verify``: the built documents read back agree, and one changed fact is named."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from docgen.cli import cli

from conftest import ROOT

EXAMPLES = ROOT / "examples"
ALL = tuple(sorted(p.parent.name for p in EXAMPLES.glob("*/case.yaml")))


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def case_id(name: str) -> str:
    return YAML(typ="safe").load((EXAMPLES / name / "case.yaml").read_text(encoding="utf-8"))["case_id"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    result = run("build", *(str(EXAMPLES / name / "case.yaml") for name in ALL), "-o", str(folder), "--quiet")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def built(out: Path, tmp_path: Path) -> Path:
    """A copy of the tantan-taobao build, free to change."""
    return Path(shutil.copytree(out / case_id("tantan-taobao"), tmp_path / "tantan"))


def replace_in_docx(path: Path, old: str, new: str) -> None:
    """Change one piece of text inside a built .docx, as an editor would."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)


@pytest.mark.parametrize("name", ALL)
def test_every_example_build_agrees_with_itself_and_its_case(out, name):
    folder = out / case_id(name)
    assert run("verify", str(folder)).exit_code == 0
    result = run("verify", str(folder), "--case", str(EXAMPLES / name / "case.yaml"))
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("agree.")


@pytest.mark.parametrize("old, new, line", [
    ("¥168.00（人民币壹佰陆拾捌元整）", "¥186.00（人民币壹佰陆拾捌元整）",
     "complaint-12315.docx: refund amount: says 186.00, expected 168.00"),
    ("¥168.00（人民币壹佰陆拾捌元整）", "¥168.00（人民币壹佰陆拾玖元整）",
     "complaint-12315.docx: amount in words: says 人民币壹佰陆拾玖元整, expected 人民币壹佰陆拾捌元整 (¥168.00)"),
    ("订单号为3712456789012345678", "订单号为3712456789012345679",
     "complaint-12315.docx: order number: says 3712456789012345679, expected 3712456789012345678"),
    ("交易号为2026112022001456780512345678", "交易号为2026112022001456780512345670",
     "complaint-12315.docx: transaction number: says 2026112022001456780512345670, expected"),
    ("2026年11月24日", "2026年11月25日", "complaint-12315.docx: letter date: says 2026年11月25日, expected 2026年11月24日"),
])
def test_one_changed_fact_in_one_docx_is_named(built, old, new, line):
    path = built / "complaint-12315.docx"
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    if old == "2026年11月24日":  # the signature's date: the last one in the letter
        old = xml[xml.rindex(old):xml.rindex(old) + len(old)]
    replace_in_docx(path, old, new)
    for args in ((), ("--case", str(EXAMPLES / "tantan-taobao" / "case.yaml"))):
        result = run("verify", str(built), *args)
        assert result.exit_code == 1
        assert any(row.startswith(line) for row in result.output.splitlines()), result.output
        assert "complaint-12315.docx: file: says" in result.output  # and it no longer matches manifest.json
        assert all(row.startswith("complaint-12315.docx") for row in result.output.splitlines()), result.output


def test_a_changed_deadline_is_named(built):
    replace_in_docx(built / "refund-request.docx", "请贵方于2026年11月27日前办理退款", "请贵方于2026年11月28日前办理退款")
    result = run("verify", str(built), "--case", str(EXAMPLES / "tantan-taobao" / "case.yaml"))
    assert result.exit_code == 1
    assert "refund-request.docx: reply deadline: says 2026年11月28日, expected 2026年11月27日 (the case file)" \
        in result.output


def test_an_exhibit_title_changed_in_one_letter_is_named(built):
    replace_in_docx(built / "platform-dispute.docx", "兑换失败提示截图（探探App", "兑换成功截图（探探App")
    result = run("verify", str(built))
    assert result.exit_code == 1
    assert "platform-dispute.docx: exhibit title: says 兑换成功截图（探, expected 3: 兑换失败提示截图 (most documents)" in result.output


def test_the_index_pages_are_checked_against_the_bundle(built):
    path = built / "evidence-index.docx"
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    cell = '<w:t xml:space="preserve">3</w:t>'
    assert xml.count(cell) == 1
    replace_in_docx(path, cell, '<w:t xml:space="preserve">4</w:t>')
    result = run("verify", str(built))
    assert result.exit_code == 1
    assert "evidence-index.docx: exhibit pages in the index: says 2: 4, expected 2: 3 (the bundle in " \
           "evidence-index.pdf)" in result.output


def test_a_pdf_that_disagrees_is_named(built, tmp_path):
    """A refund request PDF built from a case with one digit of the order number changed."""
    source = (EXAMPLES / "tantan-taobao" / "case.yaml").read_text(encoding="utf-8")
    changed = tmp_path / "changed"
    shutil.copytree(EXAMPLES / "tantan-taobao", changed)
    (changed / "case.yaml").write_text(source.replace("3712456789012345678", "3712456789012345699"), encoding="utf-8")
    assert run("refund-request", str(changed / "case.yaml"), "-o", str(built / "refund-request.pdf")).exit_code == 0
    result = run("verify", str(built))
    assert result.exit_code == 1
    assert "refund-request.pdf: order number: says 3712456789012345699, expected 3712456789012345678 " \
           "(most documents)" in result.output


def test_a_folder_that_is_no_build_is_refused_with_exit_2(tmp_path):
    result = run("verify", str(tmp_path))
    assert result.exit_code == 2
    assert "manifest.json" in result.output and "Traceback" not in result.output


def test_an_unreadable_file_is_one_line(built):
    (built / "chargeback.pdf").write_bytes(b"%PDF-1.4 broken")
    result = run("verify", str(built))
    assert result.exit_code == 1
    assert "chargeback.pdf: file: says unreadable, expected pdf (manifest.json)" in result.output


def test_a_changed_order_date_is_named(built):
    replace_in_docx(built / "chargeback.docx", "于2026年11月20日 21:14在淘宝", "于2026年11月19日 21:14在淘宝")
    result = run("verify", str(built))
    assert result.exit_code == 1
    assert "chargeback.docx: order date: says 2026年11月19日, expected 2026年11月20日 (most documents)" in result.output


@pytest.mark.parametrize("manifest", [
    "[" * 100_000,  # was: RecursionError traceback
    '{"letter_date": "2026-11-24", "files": [{"path": "refund-request.pdf"}]}',  # was: KeyError traceback
    '{"letter_date": "2026-11-24", "files": [{"path": 1, "sha256": 2, "format": "pdf", "kind": "x"}]}',
    '{"letter_date": "2026-11-24", "files": ["refund-request.pdf"]}',
    '{"letter_date": "2026-11-24", "files": [{"path": "../../../etc/passwd", "sha256": "0", "format": "pdf",'
    ' "kind": "refund-request"}]}',  # was: read outside the folder
])
def test_a_damaged_or_hostile_manifest_is_refused_with_exit_2(built, manifest):
    (built / "manifest.json").write_text(manifest, encoding="utf-8")
    result = run("verify", str(built))
    assert result.exit_code == 2, result.output
    assert "manifest.json" in result.output and "Traceback" not in result.output
