"""docgen's PDFs deflate their streams without ASCII85 and leave reportlab's settings as found."""
from __future__ import annotations

import re
from datetime import date

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFZCompress

from docgen.tree import Document, PageLabel, Paragraph
from docgen.writers.pdf import write_pdf
from docgen.writers.pdf_streams import docgen_streams


def _letter() -> Document:
    return Document("refund-request", "zh_CN", "退款申请书", "退款申请书", PageLabel("第 ", " 页 共 ", " 页"),
                    (Paragraph("申请人：张三。" * 400),), "张三", date(2026, 10, 20), "test-streams")


def test_streams_are_deflated_and_never_ascii85():
    pdf = write_pdf(_letter())
    filters = re.findall(rb"/Filter\s*(\[[^\]]*\]|/\w+)", pdf)
    assert filters and all(f == b"/FlateDecode" or f == b"[ /FlateDecode ]" for f in filters), filters
    assert b"ASCII85Decode" not in pdf


def test_reportlab_settings_are_restored_even_after_an_error():
    before = rl_config.useA85
    try:
        with docgen_streams():
            assert rl_config.useA85 == 0
            raise RuntimeError("drawing failed")
    except RuntimeError:
        pass
    assert rl_config.useA85 == before
    assert "encode" not in vars(PDFZCompress)
