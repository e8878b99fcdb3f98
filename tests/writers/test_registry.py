"""The table of writers: one signature for every format, one error naming them all, and a
PDF that bundles the exhibits of any tree that has them."""
from __future__ import annotations

import dataclasses
import io
import pickle
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen.cli import cli
from docgen.errors import DocgenError
from docgen.options import BuildOptions
from docgen.tree import Document, Exhibit, PageLabel, Paragraph
from docgen.writers import WRITERS, UnknownFormat, WriterOptions, writer

from conftest import EXAMPLE
from readback import pdf_text, squeeze

LETTER = Document(
    kind="refund-request", locale="zh_CN", title="退款申请书", header="退款申请书", page_label=PageLabel("第 ", " 页 共 ", " 页"),
    blocks=(Paragraph("请退还货款。"),), author="张三", date=date(2026, 11, 24), identifier="id",
)


def read_back(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8")


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_writer_takes_the_tree_and_its_options_and_gives_bytes(fmt):
    text = squeeze(read_back(fmt, writer(fmt)(LETTER, WriterOptions())))
    assert "退款申请书" in text and "请退还货款。" in text


def test_an_unknown_format_is_one_error_naming_every_format():
    with pytest.raises(UnknownFormat) as raised:
        writer("odt")
    assert raised.value.exit_code == 2
    assert str(raised.value) == "unknown format 'odt'; expected one of: docx, pdf, txt"
    with pytest.raises(UnknownFormat):
        BuildOptions(formats=("pdf", "odt"))


def test_the_build_options_are_frozen_and_travel_to_worker_processes():
    options = BuildOptions(formats=("pdf",), font="/fonts/x.ttf#1", templates=Path("mine"), force=True)
    assert pickle.loads(pickle.dumps(options)) == options
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.force = False  # type: ignore[misc]


def test_a_tree_with_exhibits_gets_them_bundled_behind_it_in_the_pdf():
    exhibits = (Exhibit(1, "支付记录", EXAMPLE / "evidence" / "payment.png", "image"),
                Exhibit(2, "订单详情", EXAMPLE / "evidence" / "order.png", "image"))
    letter = dataclasses.replace(LETTER, exhibits=exhibits, exhibit_stamp="证据{number} 第{page}页 共{pages}页")
    pages = PdfReader(io.BytesIO(WRITERS["pdf"](letter, WriterOptions()))).pages
    assert len(pages) == 3
    assert "证据2第1页共1页" in squeeze(pages[2].extract_text()) and "第3页共3页" in squeeze(pages[2].extract_text())


def test_a_user_template_with_exhibits_under_any_kind_bundles_them(tmp_path):
    own = tmp_path / "mine" / "refund-request"
    own.mkdir(parents=True)
    own.joinpath("zh_CN.j2").write_text(
        "#title 我的退款信\n#header H\n#pages 第 {page} 页 共 {pages} 页\n"
        "{% for number, pages in exhibit_pages | dictsort %}证据{{ number }}在第{{ pages }}页\n{% endfor %}"
        "#exhibits\n#stamp 证据{number} 第{page}页 共{pages}页\n", encoding="utf-8")
    target = tmp_path / "refund.pdf"
    result = CliRunner().invoke(cli, ["refund-request", str(EXAMPLE / "case.yaml"), "-o", str(target),
                                      "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    exhibits = sum(1 for line in (EXAMPLE / "case.yaml").read_text(encoding="utf-8").splitlines()
                   if line.strip().startswith("file: evidence/"))
    text = squeeze(pdf_text(target))
    assert len(PdfReader(target).pages) == 1 + exhibits
    assert "证据1在第2页" in text and "证据1第1页共1页" in text and f"第{1 + exhibits}页共{1 + exhibits}页" in text


def test_pagination_that_never_settles_is_an_error_naming_the_document(monkeypatch):
    import docgen.writers.bundle as bundle

    grown = iter(range(2, 20))
    monkeypatch.setattr(bundle, "lay_out", lambda document, fonts: SimpleNamespace(pages=next(grown)))
    exhibits = (Exhibit(1, "支付记录", EXAMPLE / "evidence" / "payment.png", "image"),)
    letter = dataclasses.replace(LETTER, kind="evidence-index", exhibits=exhibits)
    with pytest.raises(DocgenError, match="^evidence-index: the index did not settle on a page count in 4 layouts$"):
        bundle.paginate(letter, None, lambda context: letter)  # type: ignore[arg-type]
