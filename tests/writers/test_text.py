"""The plain-text writer: every kind of block, in order, blank lines between, words as given."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from docgen.tree import (
    Document,
    Exhibit,
    Heading,
    ItemList,
    ListItem,
    PageLabel,
    Paragraph,
    Quote,
    Signature,
    Table,
)
from docgen.writers import WRITERS, WriterOptions
from docgen.writers.text import block_text, write_text

USER_TEXT = "#heading {{ 7*7 }} <b>AT&T</b> 第{page}页 \\n"


def document(*blocks) -> Document:
    return Document(
        kind="complaint-12315", locale="zh_CN", title="投诉书", header="投诉书　订单号 123",
        page_label=PageLabel("第 ", " 页 共 ", " 页"), blocks=tuple(blocks), author="张三",
        date=date(2026, 11, 24), identifier="id", keep_whole=("123",),
        exhibits=(Exhibit(1, "支付记录", Path("evidence/payment.png"), "image"),), exhibit_stamp="证据{number}",
    )


@pytest.fixture
def every_block() -> Document:
    return document(
        Paragraph("投诉人：张三", "plain"),
        Heading("一、投诉请求"),
        ItemList((ListItem("1.", "要求退款¥168.00。"), ListItem("2.", USER_TEXT))),
        Heading("二、事实与经过"),
        Paragraph("投诉人于2026年11月20日下单。"),
        Paragraph("提示：请尽早提交。", "note"),
        Quote("“经营者应当按照约定履行义务。\n（一）第一项；”"),
        Table(("序号", "证据名称"), (("1", "支付记录"), ("2", "聊天记录")), (0.6, 2.0)),
        Paragraph("2026年11月24日", "right"),
        Signature(("投诉人：张三", "2026年11月24日")),
    )


def test_blocks_in_order_separated_by_blank_lines(every_block):
    assert write_text(every_block).decode("utf-8") == (
        "投诉书\n\n"
        "投诉人：张三\n\n"
        "一、投诉请求\n\n"
        f"1. 要求退款¥168.00。\n2. {USER_TEXT}\n\n"
        "二、事实与经过\n\n"
        "投诉人于2026年11月20日下单。\n\n"
        "提示：请尽早提交。\n\n"
        "“经营者应当按照约定履行义务。\n（一）第一项；”\n\n"
        "序号 | 证据名称\n1 | 支付记录\n2 | 聊天记录\n\n"
        "2026年11月24日\n\n"
        "投诉人：张三\n2026年11月24日\n"
    )


def test_no_header_page_numbers_or_exhibits(every_block):
    text = write_text(every_block).decode("utf-8")
    assert "订单号 123" not in text and "第 1 页" not in text and "evidence/payment.png" not in text


def test_utf8_without_bom_and_deterministic(every_block):
    data = write_text(every_block)
    assert not data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8").endswith("\n")
    assert data == write_text(every_block)


def test_user_text_is_printed_literally():
    assert USER_TEXT in write_text(document(Paragraph(USER_TEXT))).decode("utf-8")


def test_a_document_with_no_blocks_is_its_title():
    assert write_text(document()) == "投诉书\n".encode()


def test_the_writer_table_dispatches_txt(every_block):
    assert WRITERS["txt"](every_block, WriterOptions()) == write_text(every_block)


def test_unknown_block_is_an_error():
    with pytest.raises(TypeError, match="object"):
        block_text(object())  # type: ignore[arg-type]
