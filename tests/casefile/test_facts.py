"""The facts a case file may hold for the letters to argue from (issue 14): problems as
mappings with their fact and exhibits, the seller's exact words, the seller's promise.
Version 1 files without them stay valid."""
from __future__ import annotations

import re

import pytest

from docgen.casefile import load_case
from docgen.casefile.schema import case_schema
from docgen.errors import CaseFileError

from conftest import EXAMPLE


def messages(error: CaseFileError) -> str:
    return "\n".join(p.format("case.yaml") for p in error.problems)


MAPPING = ("  - invalid_code\n", "  - code: invalid_code\n    fact: 兑换时提示“兑换码无效或已被使用”\n    evidence: [3, 4]\n")


def test_a_version_1_file_has_plain_codes_and_no_facts():
    case = load_case(EXAMPLE / "case.yaml").case
    assert [(p, p.fact, p.evidence) for p in case.problems] == [("invalid_code", None, ()),
                                                                  ("undisclosed_no_refund", None, ())]
    assert case.order.promise is None and all(c.said is None and not c.disclaimer for c in case.contacts)


def test_a_problem_may_be_a_mapping_with_its_fact_and_exhibits(edited_case):
    case = load_case(edited_case(MAPPING)).case
    problem = case.problems[0]
    assert problem == "invalid_code" and "invalid_code" in case.problems  # still a code for every rule
    assert problem.fact == "兑换时提示“兑换码无效或已被使用”" and problem.evidence == (3, 4)


@pytest.mark.parametrize("edit, expected", [
    (("  - invalid_code\n", "  - code: invalid_code\n    evidence: [5]\n"),
     "problems[0].evidence: names 证据5, but the evidence lists 4 — give the numbers of entries under evidence:"),
    (("  - invalid_code\n", "  - code: invalid_cod\n"), "problems[0].code: 'invalid_cod' is not a known value — "
                                                         "did you mean 'invalid_code'?"),
    (("  - invalid_code\n", "  - code: invalid_code\n    facts: x\n"), "problems[0].facts: unknown key 'facts' — "
                                                                      "did you mean 'fact'?"),
    (("  - invalid_code\n", "  - fact: x\n"), "problems[0].code: is missing"),
    (("  - invalid_code\n", "  - code: invalid_code\n    evidence: []\n"), "problems[0].evidence: must have at least"),
])
def test_a_broken_problem_mapping_is_named_with_its_line_and_fix(edited_case, edit, expected):
    with pytest.raises(CaseFileError) as error:
        load_case(edited_case(edit))
    assert expected in messages(error.value)
    assert re.search(r"case\.yaml:\d+: problems\[0\]", messages(error.value))


def test_the_seller_s_words_and_promise(edited_case):
    path = edited_case(("    summary: 告知兑换码无效并要求退款，卖家称“虚拟商品一经发出概不退款”并拒绝\n",
                        "    summary: 告知兑换码无效并要求退款，卖家拒绝\n    said: 虚拟商品一经发出概不退款\n"
                        "    disclaimer: true\n"),
                       ("  refund_terms_shown: false\n", "  refund_terms_shown: false\n  promise: 未使用可退\n"))
    case = load_case(path).case
    assert case.contacts[0].said == "虚拟商品一经发出概不退款" and case.contacts[0].disclaimer
    assert case.order.promise == "未使用可退"


def test_the_schema_describes_both_forms_of_a_problem_and_the_new_keys():
    schema = case_schema()
    item = schema["properties"]["problems"]["items"]
    code, mapping = item["anyOf"]
    assert "invalid_code" in code["enum"] and mapping["required"] == ["code"]
    assert set(mapping["properties"]) == {"code", "fact", "evidence"}
    assert {"said", "disclaimer"} <= set(schema["properties"]["contacts"]["items"]["properties"])
    assert "promise" in schema["properties"]["order"]["properties"]



def test_a_disclaimer_needs_the_seller_s_words(edited_case):
    path = edited_case(("    summary: 告知兑换码无效并要求退款，卖家称“虚拟商品一经发出概不退款”并拒绝\n",
                        "    summary: 告知兑换码无效并要求退款，卖家称“虚拟商品一经发出概不退款”并拒绝\n    disclaimer: true\n"))
    with pytest.raises(CaseFileError) as error:
        load_case(path)
    assert re.search(r"case\.yaml:\d+: contacts\[0\]\.disclaimer: is true, but the seller's words are not given — "
                     r"add said: with the seller's exact words, or remove disclaimer", messages(error.value))
