"""Property-based tests of the case loader on hostile YAML: aliases, nesting and odd scalars (issue 16).

Whatever the YAML, loading ends quickly with a valid case or a :class:`CaseFileError` of a
few lines, each with its line; never a hang, a RecursionError or a flood of messages. Odd
scalars are accepted exactly when the JSON Schema's pattern accepts them.
"""
from __future__ import annotations

import re
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from docgen.casefile import load_case
from docgen.casefile.fields import CalendarDate, Integer, Money
from docgen.casefile.reader import Invalid
from docgen.errors import CaseFileError
from docgen.yaml_limits import MAX_ALIAS_PROBLEMS, MAX_DEPTH

from conftest import EXAMPLE

HANG = 10
"""Seconds that tell a refusal from a hang: not a speed target."""

BASE = (EXAMPLE / "case.yaml").read_text(encoding="utf-8")


def case_file(tmp_path_factory, text: str) -> Path:
    """A copy of the example's folder (its evidence files) with ``text`` as its case file."""
    folder = tmp_path_factory.mktemp("case")
    shutil.copytree(EXAMPLE / "evidence", folder / "evidence")
    (folder / "case.yaml").write_text(text, encoding="utf-8")
    return folder / "case.yaml"
SETTINGS = dict(deadline=None, derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# --- aliases: anchors, then aliases of them (and of aliases), anywhere in an extra or a known key
@st.composite
def aliased_yaml(draw) -> tuple[str, int]:
    """YAML lines defining ``count`` anchored lists, each holding aliases of earlier ones."""
    count = draw(st.integers(1, 8))
    width = draw(st.integers(1, 12))
    lines = ['  a0: &a0 ["lol"]']
    for level in range(1, count + 1):
        refs = [f"*a{draw(st.integers(0, level - 1))}" for _ in range(width)]
        flow = draw(st.booleans())
        if flow:
            lines.append(f"  a{level}: &a{level} [{', '.join(refs)}]")
        else:
            lines.append(f"  a{level}: &a{level}")
            lines += [f"    - {ref}" for ref in refs]
    return "extra:\n" + "\n".join(lines) + "\n", count * width


@settings(max_examples=40, **SETTINGS)
@given(bomb=aliased_yaml(), under_known_key=st.booleans())
def test_aliases_are_refused_in_bounded_time_and_lines(tmp_path_factory, bomb, under_known_key):
    text, aliases = bomb
    if under_known_key:  # the same under a key the contract knows: still never expanded
        text = text.replace("extra:", "timeline_extra:")
    path = case_file(tmp_path_factory, BASE + text)
    started = time.perf_counter()
    with pytest.raises(CaseFileError) as caught:
        load_case(path)
    assert time.perf_counter() - started < HANG
    problems = caught.value.problems
    assert 1 <= len(problems) <= MAX_ALIAS_PROBLEMS
    assert len(problems) == min(aliases, MAX_ALIAS_PROBLEMS)
    assert all(p.line and "is a YAML alias" in p.message for p in problems)


# --- nesting: flow and block collections inside each other, to any depth
@st.composite
def nested_yaml(draw) -> tuple[str, int]:
    depth = draw(st.integers(0, 3 * MAX_DEPTH))
    kinds = draw(st.lists(st.sampled_from(["[", "{k: ", "block-map", "block-seq"]), min_size=depth, max_size=depth))
    text, indent, closers = "", 4, []
    flow = False
    for kind in kinds:
        if kind in ("[", "{k: ") or flow:
            opener = "{k: " if kind == "{k: " else "["
            text += (" " if not text or text.endswith((":", "-")) else "") + opener
            closers.append("}" if opener == "{k: " else "]")
            flow = True
        elif kind == "block-map":
            text += "\n" + " " * indent + "k:"
            indent += 2
        else:
            text += "\n" + " " * indent + "-"
            indent += 2
    text += ("" if text.endswith(("[", ": ")) else " ") + "x" + "".join(reversed(closers))
    return "  contact:" + text + "\n", depth


@settings(max_examples=60, **SETTINGS)
@given(nested=nested_yaml())
def test_nesting_is_refused_beyond_the_limit_and_read_as_a_value_below_it(tmp_path_factory, nested):
    text, depth = nested
    path = case_file(tmp_path_factory, BASE.replace("  contact: 旺旺 sudakm888\n", text))
    started = time.perf_counter()
    try:
        loaded = load_case(path)
    except CaseFileError as error:
        problems = error.problems
    else:
        assert depth == 0 and loaded.case.merchant.contact == "x"
        return
    assert time.perf_counter() - started < HANG
    assert len(problems) == 1
    nested_too_deep = depth + 2 > MAX_DEPTH  # the case file's mapping and merchant's mapping come first
    assert ("nested more than" in problems[0].message) == nested_too_deep
    if not nested_too_deep:
        assert problems[0].path == "merchant.contact" and "single value" in problems[0].message


# --- odd scalars: accepted exactly as the JSON Schema's pattern accepts them
ODD_CHARACTERS = "0123456789.-+_eE ,١٢٣０１２٫ⅠⅡ\u00b2\u2009xX"
odd_scalar = st.text(st.sampled_from(ODD_CHARACTERS), min_size=1, max_size=8)


def schema_accepts(kind, text: str) -> bool:
    return re.fullmatch(kind.json_schema()["pattern"].strip("^$"), text, re.ASCII) is not None


@settings(max_examples=300, **SETTINGS)
@given(text=odd_scalar)
def test_an_amount_is_accepted_exactly_when_the_schema_pattern_is(text):
    in_range = schema_accepts(Money(), text) and 0 < Decimal(text) <= Decimal("999999999.99")
    try:
        Money().convert(text)
    except Invalid:
        assert not in_range, text
    else:
        assert in_range, text


@settings(max_examples=300, **SETTINGS)
@given(text=odd_scalar)
def test_a_day_count_is_ascii_digits_only(text):
    kind = Integer(1, 60)
    try:
        value = kind.convert(text)
    except Invalid:
        assert not (re.fullmatch("[0-9]+", text) and 1 <= int(text) <= 60), text
    else:
        assert re.fullmatch("[0-9]+", text) and value == int(text)


@settings(max_examples=200, **SETTINGS)
@given(year=st.integers(0, 99999), month=st.integers(0, 13), day=st.integers(0, 32),
       digits=st.sampled_from(["ascii", "full-width"]))
def test_a_date_is_accepted_only_in_ascii_from_2000_to_2099(year, month, day, digits):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if digits == "full-width":
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    try:
        value = CalendarDate().convert(text)
    except Invalid:
        assert not (digits == "ascii" and 2000 <= year <= 2099 and _real(year, month, day)), text
    else:
        assert digits == "ascii" and 2000 <= value.year <= 2099 and schema_accepts(CalendarDate(), text)


def _real(year: int, month: int, day: int) -> bool:
    from datetime import date

    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
