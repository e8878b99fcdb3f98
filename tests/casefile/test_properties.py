"""Property-based tests: whatever a user types, docgen builds or refuses cleanly.

A seeded, bounded run is part of every test run; ``pytest -m slow`` runs many more
examples (DOCGEN_PROPERTY_EXAMPLES sets how many).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from docgen.codes import CHANNELS, PAYMENT_METHODS, PROBLEMS
from docgen.cli import cli
from docgen.text_safety import clean_text

from readback import docx_text

from conftest import EXAMPLE

NASTY = [
    "{{ 7*7 }}", "{% raw %}", "{# x", "AT&T 公司", "<w:p>", "]]>", "&amp;", "#heading 标题", " | ", "a\tb",
    "\u202etxet", "𠀀𪚥", "😀👍🏽‍🦰", "ﷺ", "NULL", "0123", "\\", "'\"", "，。》）", "（《“", "\u3000全角空格",
    "x" * 300, "长" * 2000,
]
text_piece = st.one_of(st.sampled_from(NASTY), st.text(st.characters(codec="utf-8"), min_size=1, max_size=40))
user_text = st.lists(text_piece, min_size=1, max_size=4).map("".join)


def usable(text: str, limit: int) -> bool:
    cleaned = clean_text(text)[0]
    return bool(cleaned) and len(cleaned) <= limit


def case_dict(product: str, what: str, name: str, store: str, channel: str, method: str,
              problems: list[str]) -> dict[str, Any]:
    payment: dict[str, Any] = {"method": method, "transaction_id": "T0001", "paid_at": "2026-11-20 21:14"}
    if method in ("credit_card", "debit_card"):
        payment["card"] = {"issuer": "招商银行", "network": "visa", "last4": "0042"}
    return {
        "version": 1, "case_id": "prop-1", "letter_date": "2026-11-24",
        "consumer": {"name": name, "phone": "13800138000", "address": "杭州市西湖区"},
        "merchant": {"name": "某卡盟", "store": store},
        "order": {"channel": channel, "order_id": "0012345", "product": product, "price": "56.00",
                  "ordered_at": "2026-11-20 21:14", "delivered_at": "2026-11-20 21:20",
                  "activated": False, "refund_terms_shown": False},
        "payment": payment,
        "problems": problems,
        "timeline": [{"at": "2026-11-21", "what": what}],
        "evidence": [{"title": "支付记录", "kind": "payment", "file": "evidence/payment.png"}],
    }


def examples(default: int) -> int:
    return int(os.environ.get("DOCGEN_PROPERTY_EXAMPLES", default))


def build(folder: Path, case: dict[str, Any]) -> tuple[Any, Path]:
    (folder / "evidence").mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "evidence" / "payment.png", folder / "evidence" / "payment.png")
    path = folder / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    out = folder / "out"
    return CliRunner().invoke(cli, ["build", str(path), "-o", str(out)]), out


valid_cases = st.builds(
    case_dict,
    product=user_text.filter(lambda t: usable(t, 300)),
    what=user_text.filter(lambda t: usable(t, 50_000)),
    name=user_text.filter(lambda t: usable(t, 100)),
    store=user_text.filter(lambda t: usable(t, 200)),
    channel=st.sampled_from(CHANNELS),
    method=st.sampled_from(PAYMENT_METHODS),
    problems=st.lists(st.sampled_from([p for p in PROBLEMS if p != "fraud"]), min_size=1, max_size=3, unique=True),
)

# The bounded run does not shrink a failure (it costs minutes); the slow run does.
SETTINGS = dict(deadline=None, derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SLOW = {**SETTINGS, "derandomize": False, "phases": list(Phase)}


def check_valid_case_builds(tmp_path: Path, case: dict[str, Any]) -> None:
    folder = Path(os.path.join(tmp_path, str(abs(hash(json.dumps(case, ensure_ascii=False))))))
    result, out = build(folder, case)
    assert result.exit_code == 0, result.output
    built = out / "prop-1"
    words = docx_text(built / "refund-request.docx")
    for typed in (case["order"]["product"], case["timeline"][0]["what"], case["consumer"]["name"]):
        assert clean_text(typed)[0] in words
    reader = PdfReader(built / "refund-request.pdf")
    assert len(reader.pages) >= 1 and "".join(page.extract_text() for page in reader.pages)


@settings(max_examples=examples(12), **SETTINGS)
@given(case=valid_cases)
def test_any_valid_case_builds_and_keeps_the_users_words(tmp_path, case):
    check_valid_case_builds(tmp_path, case)


@pytest.mark.slow
@settings(max_examples=examples(300), **SLOW)
@given(case=valid_cases)
def test_many_valid_cases_build(tmp_path, case):
    check_valid_case_builds(tmp_path, case)


BREAKAGES = [
    ("order", "price", ["-1", "abc", "1.234", "0", "NaN", 12.5e300]),
    ("order", "channel", ["taobau", "", "TAOBAO", 3]),
    ("order", "ordered_at", ["2026-13-01 10:00", "yesterday", "2026-11-20"]),
    ("order", "activated", ["no", "yes", 1]),
    ("order", "order_id", ["有空格 的", "", "a/b"]),
    ("consumer", "phone", ["12345", "phone", ""]),
    ("consumer", "nickname", ["x"]),
    ("payment", "method", ["paypal"]),
    ("claims", "respond_within_days", [0, 61, "3 days"]),
]


@settings(max_examples=examples(12), **SETTINGS)
@given(where=st.sampled_from(BREAKAGES), data=st.data())
def test_any_broken_case_exits_2_naming_the_field_and_writes_nothing(tmp_path, where, data):
    section, key, bad_values = where
    bad = data.draw(st.sampled_from(bad_values))
    case = case_dict("会员", "兑换失败", "张三", "店", "taobao", "alipay", ["invalid_code"])
    case.setdefault(section, {})[key] = bad
    folder = Path(os.path.join(tmp_path, f"{section}-{key}-{abs(hash(repr(bad)))}"))
    result, out = build(folder, case)
    assert result.exit_code == 2, result.output
    assert f"{section}.{key}" in result.output and "Traceback" not in result.output
    assert not out.exists()


@settings(max_examples=examples(12), **SETTINGS)
@given(garbage=st.binary(max_size=200) | st.text(max_size=200))
def test_garbage_files_exit_2(tmp_path, garbage):
    path = Path(os.path.join(tmp_path, str(abs(hash(garbage))))) / "case.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(garbage if isinstance(garbage, bytes) else garbage.encode("utf-8"))
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(path.parent / "out")])
    assert result.exit_code == 2, result.output
    assert not (path.parent / "out").exists()
