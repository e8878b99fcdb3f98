"""The whole flow through the command line: case file in, .docx and .pdf out, read back."""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen.cli import cli

from readback import docx_text, pdf_text, squeeze

from conftest import EXAMPLE


def run(*args: str) -> "click.testing.Result":  # noqa: F821
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)








@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run("build", str(EXAMPLE / "case.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out / "tantan-2026-001"


def test_build_writes_both_formats_and_a_manifest(built):
    manifest = json.loads((built / "manifest.json").read_text(encoding="utf-8"))
    names = {f["path"] for f in manifest["files"]}
    assert {"refund-request.docx", "refund-request.pdf"} <= names
    for entry in manifest["files"]:
        data = (built / entry["path"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["path"] == f"{entry['kind']}.{entry['format']}" and entry["format"] in ("docx", "pdf")
    assert manifest["case_id"] == "tantan-2026-001" and manifest["letter_date"] == "2026-11-24"
    assert not list(built.glob("*.part")) and not list(built.glob(".*"))


@pytest.mark.parametrize("reader", [docx_text, pdf_text])
def test_the_letter_carries_the_facts(built, reader):
    suffix = ".docx" if reader is docx_text else ".pdf"
    text = squeeze(reader(built / f"refund-request{suffix}"))
    for expected in ["退款申请书", "致：速达卡盟", "¥168.00（人民币壹佰陆拾捌元整）", "2026年11月27日前",
                     "3712456789012345678", "2026112022001456780512345678", "兑换码无效或已被使用",
                     "证据1", "证据4", "申请人：张三", "2026年11月24日", "138****8000"]:
        assert squeeze(expected) in text, expected
    assert "13800138000" not in text and "110101199003074477" not in text


def pdf_body(folder: Path, stem: str) -> str:
    """The PDF's words without whitespace, its running header and its page numbers."""
    header = squeeze(docx.Document(str(folder / f"{stem}.docx")).sections[0].header.paragraphs[0].text)
    return re.sub(r"第\d+页共\d+页", "", squeeze(pdf_text(folder / f"{stem}.pdf")).replace(header, ""))


def test_docx_and_pdf_say_the_same_words(built):
    """The PDF, without its running header and page numbers, is the .docx body word for word."""
    assert squeeze(docx_text(built / "refund-request.docx")) == pdf_body(built, "refund-request")


def test_pdf_pages_are_a4_and_numbered(built):
    reader = PdfReader(built / "refund-request.pdf")
    pages = len(reader.pages)
    assert pages >= 2
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == (595.3, 841.9)
    text = squeeze(pdf_text(built / "refund-request.pdf"))
    for number in range(1, pages + 1):
        assert f"第{number}页共{pages}页" in text


def test_single_document_by_suffix_and_by_format(tmp_path):
    for target, extra in [(tmp_path / "refund.pdf", []), (tmp_path / "letter", ["--format", "docx"])]:
        result = run("refund-request", str(EXAMPLE / "case.yaml"), "-o", str(target), *extra)
        assert result.exit_code == 0, result.output
        head = target.read_bytes()[:4]
        assert head == (b"%PDF" if target.suffix == ".pdf" else b"PK\x03\x04")


def test_format_and_suffix_must_agree(tmp_path):
    result = CliRunner().invoke(cli, ["refund-request", str(EXAMPLE / "case.yaml"), "-o",
                                      str(tmp_path / "x.pdf"), "--format", "docx"])
    assert result.exit_code == 2 and "does not match" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_same_input_same_bytes(tmp_path):
    for name in ("a", "b"):
        assert run("build", str(EXAMPLE / "case.yaml"), "-o", str(tmp_path / name)).exit_code == 0
    for name in ("refund-request.docx", "refund-request.pdf", "manifest.json"):
        first = (tmp_path / "a" / "tantan-2026-001" / name).read_bytes()
        assert first == (tmp_path / "b" / "tantan-2026-001" / name).read_bytes(), name


def test_broken_case_exit_2_precise_message_nothing_written(edited_case, tmp_path):
    path = edited_case(("  price: 168.00", "  price: 168.005"), ("  channel: taobao", "  chanel: taobao"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert "case.yaml:24: order.chanel: unknown key 'chanel' — did you mean 'channel'?" in result.output
    assert "order.price: '168.005' has more than two decimals" in result.output
    assert "order.channel: is missing" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_case_file_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "none.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "no case file there" in result.output


def test_python_dash_m_docgen_runs(tmp_path):
    result = subprocess.run([sys.executable, "-m", "docgen", "--version"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0 and "docgen" in result.stdout


def test_very_long_text_flows_over_pages_in_both_formats(edited_case, tmp_path):
    long_text = "兑换码无效，卖家拒绝退款。" * 1000  # 13,000 characters in one field
    path = edited_case(("what: 卖家通过旺旺发送兑换码", f"what: {long_text}"))
    assert run("build", str(path), "-o", str(tmp_path)).exit_code == 0
    built = tmp_path / "tantan-2026-001"
    assert long_text in docx_text(built / "refund-request.docx")
    assert len(PdfReader(built / "refund-request.pdf").pages) >= 10
    assert pdf_body(built, "refund-request").count("兑换码无效，卖家拒绝退款。") == 1000


def test_an_interrupted_build_leaves_no_partial_file_and_a_rerun_completes(monkeypatch, tmp_path):
    import docgen.output

    calls = []
    real_replace = docgen.output.os.replace

    def interrupted_replace(source, target):
        if not Path(target).is_relative_to(tmp_path):  # docgen's cache
            return real_replace(source, target)
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if the process were stopped between two files
        real_replace(source, target)

    monkeypatch.setattr(docgen.output.os, "replace", interrupted_replace)
    result = CliRunner().invoke(cli, ["build", str(EXAMPLE / "case.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 130 and "interrupted before a case was finished" in result.output
    folder = tmp_path / "tantan-2026-001"
    assert [p.name for p in folder.iterdir()] == [Path(calls[0]).name]  # one whole file, no .part
    monkeypatch.undo()
    assert run("build", str(EXAMPLE / "case.yaml"), "-o", str(tmp_path)).exit_code == 0
    assert {"manifest.json", "refund-request.docx", "refund-request.pdf"} <= {p.name for p in folder.iterdir()}


def test_skip_unchanged_rebuilds_only_what_changed(example_dir, tmp_path):
    from docgen.build import build_case
    from docgen.options import BuildOptions

    first = build_case(example_dir / "case.yaml", tmp_path)
    assert not first.skipped
    again = build_case(example_dir / "case.yaml", tmp_path)
    assert again.skipped and again.files == first.files
    (example_dir / "evidence" / "chat.png").write_bytes((example_dir / "evidence" / "order.png").read_bytes())
    assert not build_case(example_dir / "case.yaml", tmp_path).skipped
    (tmp_path / "tantan-2026-001" / "refund-request.pdf").write_bytes(b"%PDF-truncated")
    assert not build_case(example_dir / "case.yaml", tmp_path).skipped
    assert not build_case(example_dir / "case.yaml", tmp_path, BuildOptions(formats=("pdf",))).skipped


def test_user_templates_override_the_shipped_ones_in_the_sandbox(tmp_path):
    from docgen.build import build_case
    from docgen.options import BuildOptions

    own = tmp_path / "mine" / "refund-request"
    own.mkdir(parents=True)
    own.joinpath("zh_CN.j2").write_text("#title 我的退款信\n#header H\n#pages {page}/{pages}\n致{{ merchant.name }}\n",
                                        encoding="utf-8")
    built = build_case(EXAMPLE / "case.yaml", tmp_path / "out", BuildOptions(formats=("docx",), templates=tmp_path / "mine"))
    text = docx_text(built.folder / "refund-request.docx")
    assert "我的退款信" in text and "致速达卡盟" in text
    assert "证据目录" in docx_text(built.folder / "evidence-index.docx")  # not overridden: the shipped one


def test_a_letter_is_never_written_over_an_evidence_file_of_its_case(edited_case):
    """`-o evidence/order.pdf` replaced the exhibit itself with the letter, exit 0."""
    from reportlab.pdfgen.canvas import Canvas
    path = edited_case(("file: evidence/order.png", "file: evidence/order.pdf"))
    exhibit = path.parent / "evidence" / "order.pdf"
    canvas = Canvas(str(exhibit))
    canvas.drawString(100, 700, "the order page")
    canvas.save()
    before = exhibit.read_bytes()
    for target in (exhibit, path.parent / "evidence" / ".." / "evidence" / "order.pdf"):
        result = run("refund-request", str(path), "-o", str(target))
        assert result.exit_code == 2, result.output
        assert "is evidence[1].file of the case" in result.output
    assert exhibit.read_bytes() == before


def test_check_never_writes_its_calendar_over_an_evidence_file(edited_case):
    """`check --ics evidence/payment.png` replaced the screenshot with the calendar, exit 0."""
    path = edited_case()
    exhibit = path.parent / "evidence" / "payment.png"
    before = exhibit.read_bytes()
    result = run("check", str(path), "--ics", str(exhibit))
    assert result.exit_code == 2, result.output
    assert "is evidence[0].file of the case" in result.output
    assert exhibit.read_bytes() == before
