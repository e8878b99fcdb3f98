"""Amounts in Chinese financial capitals (大写), checked against cn2an, the library we replaced."""
from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from docgen.formatting import amount_in_capitals, to_fen


@pytest.mark.parametrize("amount, capitals", [
    ("0", "人民币零元整"),
    ("0.05", "人民币伍分"),
    ("0.5", "人民币伍角"),
    ("10.05", "人民币壹拾元零伍分"),
    ("15", "人民币壹拾伍元整"),
    ("100.5", "人民币壹佰元伍角"),
    ("168.00", "人民币壹佰陆拾捌元整"),
    ("1001", "人民币壹仟零壹元整"),
    ("20050", "人民币贰万零伍拾元整"),
    ("100010", "人民币壹拾万零壹拾元整"),
    ("803102.1", "人民币捌拾万叁仟壹佰零贰元壹角"),
    ("100000001", "人民币壹亿零壹元整"),
    ("1000000000000", "人民币壹万亿元整"),
    ("166.666", "人民币壹佰陆拾陆元陆角柒分"),  # rounded to fen, half up
])
def test_capitals(amount, capitals):
    assert amount_in_capitals(Decimal(amount)) == capitals


# digits with many zeros, where the rules for 零 matter
_AMOUNTS = st.builds(
    lambda digits, fen: Decimal(f"{int(digits or '0')}.{fen:02d}"),
    st.text("0000000123456789", max_size=16),
    st.integers(0, 99),
)


@settings(max_examples=3000, derandomize=True)
@given(_AMOUNTS)
@example(Decimal("400003450.45"))
@example(Decimal("350600803109309.00"))
def test_same_as_cn2an(amount):
    assert amount_in_capitals(amount) == "人民币" + cn2an.an2cn(str(to_fen(amount)), "rmb")


def test_negative_amount_refused():
    with pytest.raises(ValueError, match="negative"):
        amount_in_capitals(Decimal("-1"))
