"""Real clients open what docgen writes: LibreOffice every .docx, qpdf and pdffonts every PDF.

Built from every bundled example and from a case full of hostile text. Skipped (with the
reason) where the program is missing; .ci/run installs them all.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import cli

from conftest import ROOT

pytestmark = pytest.mark.clients

HOSTILE = "{{ 7*7 }} AT&T <w:p> ]]> \u202e😀𠀀 #heading ，。》（《“ " + "长" * 3000


def needs(program: str) -> str:
    path = shutil.which(program)
    if not path:
        pytest.skip(f"{program} is not installed (.ci/run installs it)")
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """Every document of every example, plus the documents of a hostile case."""
    out = tmp_path_factory.mktemp("out")
    hostile = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "examples" / "tantan-taobao", hostile, dirs_exist_ok=True)
    case = (hostile / "case.yaml").read_text(encoding="utf-8")
    case = case.replace("case_id: tantan-2026-001", "case_id: hostile-1")
    case = case.replace("what: 卖家通过旺旺发送兑换码", "what: " + json.dumps(HOSTILE, ensure_ascii=False))
    case = case.replace("  - undisclosed_no_refund", "  - undisclosed_no_refund\n  - merchant_unreachable")  # + court
    (hostile / "case.yaml").write_text(case, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(ROOT / "examples"), str(hostile), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_every_example_document_was_made(outputs):
    kinds = {p.stem for p in outputs.rglob("*.docx")}
    assert kinds == {"refund-request", "complaint-12315", "platform-dispute", "chargeback", "small-claims",
                     "evidence-index"}
    assert len(list(outputs.rglob("*.pdf"))) == len(list(outputs.rglob("*.docx")))


def test_libreoffice_opens_every_docx(outputs, tmp_path):
    soffice = shutil.which("soffice") or needs("libreoffice")
    files = sorted(outputs.rglob("*.docx"))
    staging = tmp_path / "in"
    staging.mkdir()
    for index, path in enumerate(files):  # names are shared across cases: give each its own
        shutil.copy(path, staging / f"{index:03d}-{path.parent.name}-{path.name}")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *sorted(map(str, staging.iterdir()))],
                   check=True, capture_output=True, timeout=600)
    converted = sorted((tmp_path / "pdf").glob("*.pdf"))
    assert len(converted) == len(files)
    pdftotext = needs("pdftotext")
    for pdf in converted:
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())
        assert "第1页共" in flat or "Page1of" in flat, pdf.name  # zh_CN and en_US page labels


def test_qpdf_passes_every_pdf(outputs):
    qpdf = needs("qpdf")
    for pdf in sorted(outputs.rglob("*.pdf")):
        result = subprocess.run([qpdf, "--check", str(pdf)], capture_output=True, text=True)
        assert result.returncode == 0, f"{pdf}: {result.stdout}{result.stderr}"


def test_every_font_docgen_adds_is_embedded(outputs):
    pdffonts = needs("pdffonts")
    from docgen.writers.fonts import find_fonts

    if not find_fonts().embedded:
        pytest.skip("no TrueType CJK font on this machine (.ci/run installs one)")
    for pdf in sorted(outputs.rglob("*.pdf")):
        rows = subprocess.run([pdffonts, str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, pdf
        for row in rows:
            assert row.split()[-5] == "yes", f"{pdf}: {row}"


def test_hostile_text_arrives_literally(outputs):
    pdftotext = needs("pdftotext")
    for kind in ("refund-request", "small-claims"):  # the complaint: 3000 characters in one of its cells
        text = subprocess.run([pdftotext, str(outputs / "hostile-1" / f"{kind}.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())
        assert "{{7*7}}AT&T<w:p>]]>" in flat and "#heading" in flat and flat.count("长") >= 3000, kind
