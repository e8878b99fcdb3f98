"""The procedure's numbers (procedure.yaml) and working days over China's holiday schedule."""
from __future__ import annotations

import copy
import re
from datetime import date
from decimal import Decimal
from importlib.resources import files

import chinese_calendar
import pytest

from docgen.data_yaml import load_yaml
from docgen.laws import registry
from docgen.procedure import ProcedureError, amount, complaint_offices, parse_procedure, period, procedure
from docgen.workdays import known_years, working_days_after

from conftest import ROOT


def shipped() -> dict:
    return load_yaml((files("docgen") / "procedure.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("letter, source, length, unit", [
    (date(2026, 4, 14), "《投诉举报处理暂行办法》第十四条", 7, "working_days"),
    (date(2026, 4, 15), "《投诉举报处理办法》第十五条", 7, "working_days"),
])
def test_the_acceptance_period_follows_the_rule_in_force(letter, source, length, unit):
    rule = period("complaint_acceptance", letter)
    assert (rule.source.name, rule.length, rule.unit) == (source, length, unit)


@pytest.mark.parametrize("name, letter, expected", [
    ("mediation_end", date(2026, 4, 14), ("《投诉举报处理暂行办法》第二十一条第（五）项", 45, "working_days")),
    ("mediation_end", date(2026, 4, 15), ("《投诉举报处理办法》第二十三条第一款第（五）项", 60, "days")),
    ("complaint_limit", date(2026, 4, 14), ("《投诉举报处理暂行办法》第十五条第（四）项", 3, "years")),
    ("complaint_limit", date(2026, 4, 15), ("《投诉举报处理办法》第十六条第（四）项", 3, "years")),
    ("mediation_target", date(2024, 7, 1), ("《消法实施条例》第四十六条第三款", 60, "days")),
    ("quality_return", date(2026, 11, 24), ("《消法》第二十四条第一款", 7, "days")),
    ("no_reason_return", date(2026, 11, 24), ("《消法》第二十五条", 7, "days")),
])
def test_each_period_names_its_article(name, letter, expected):
    rule = period(name, letter)
    assert (rule.source.name, rule.length, rule.unit) == expected


def test_periods_of_a_rule_not_yet_or_no_longer_in_force_are_absent():
    assert period("mediation_target", date(2024, 6, 30)) is None
    assert period("mediation_end", date(2022, 4, 30)) is None


def test_amounts_and_offices():
    assert (amount("punitive_multiple"), amount("punitive_minimum")) == (Decimal(3), Decimal(500))
    assert procedure().amounts["punitive_minimum"].source.name == "《消法》第五十五条第一款"
    court = procedure().amounts["court_above"]
    assert court.value == 500 and court.source is None and "民事诉讼法第一百六十五条" in court.note
    before, after = complaint_offices(date(2026, 4, 14)), complaint_offices(date(2026, 4, 15))
    assert (before.platform.name, before.other.name) == ("《投诉举报处理暂行办法》第十二条第二款",
                                                         "《投诉举报处理暂行办法》第十二条第一款")
    assert after.platform.name == after.other.name == "《投诉举报处理办法》第十三条"
    assert (before.seller_on_platform, after.seller_on_platform) == ("business_place", "published_address")


def test_a_broken_table_is_reported_in_full():
    broken = copy.deepcopy(shipped())
    broken["periods"]["complaint_acceptance"][0].update(length=0, unit="weeks", source="投诉暂行办法99(9)")
    broken["periods"]["complaint_acceptance"][1]["from"] = date(2026, 1, 1)
    broken["periods"]["complaint_limit"][0].pop("until")
    broken["amounts"]["court_above"].pop("note")
    broken["complaint_offices"][1]["seller_on_platform"] = "published"
    with pytest.raises(ProcedureError) as raised:
        parse_procedure(broken, registry())
    message = str(raised.value)
    for expected in [
        "periods.complaint_acceptance[0].length: expected a positive whole number",
        "periods.complaint_acceptance[0].unit: unknown 'weeks'",
        "periods.complaint_acceptance: versions overlap or are out of order",
        "periods.complaint_limit[0]: its source was repealed on 2026-04-15: give `until`",
        "amounts.court_above: give the `source` article or a `note`",
        "complaint_offices[1].seller_on_platform: unknown 'published' (did you mean published_address?)",
    ]:
        assert expected in message, expected
    broken = copy.deepcopy(shipped())
    broken["periods"]["quality_return"][0]["source"] = "消法24(3)"
    with pytest.raises(ProcedureError, match=r"消法24 has 2 款"):
        parse_procedure(broken, registry())


LEGAL_NUMBER = re.compile(r"(?<![\w.\[])(3|7|15|45|60|90|110|120|500|540|96110)(?![\w.\]])|三倍|五百|七日|六十日|三年"
                          r"|(?i:three[- ]fold|three times|seven[- ]days?|three[- ]years?|five hundred|sixty days)")


@pytest.mark.parametrize("module", ["check.py", "assess.py", "advice.py", "complaint_summary.py"])
def test_no_legal_number_is_written_in_the_code(module):
    """The procedure's numbers come from procedure.yaml with their source, not from Python."""
    source = (ROOT / "docgen" / module).read_text(encoding="utf-8")
    found = [(n, line) for n, line in enumerate(source.splitlines(), 1)
             if LEGAL_NUMBER.search(line) and "12315" not in line]
    assert found == []


# ── working days ─────────────────────────────────────────────────────────────────────────


def test_the_data_holds_the_2026_schedule():
    assert known_years()[1] >= 2026


def test_the_first_day_is_not_counted():
    # Friday 2026-11-20: Monday 23rd is the first working day, Tuesday 1 December the seventh
    assert working_days_after(date(2026, 11, 20), 7).day == date(2026, 12, 1)
    assert working_days_after(date(2026, 11, 20), 1).day == date(2026, 11, 23)


def test_acceptance_across_national_day_2026_counts_the_make_up_saturday():
    """国务院办公厅关于2026年部分节假日安排的通知: 国庆节 10月1日至7日放假调休，9月20日（周日）、
    10月10日（周六）上班 (as chinese-calendar 1.11.0 holds it: 2026-10-10 among its workdays)."""
    assert date(2026, 10, 10) in chinese_calendar.workdays and date(2026, 10, 10).weekday() == 5
    assert all(date(2026, 10, d) in chinese_calendar.holidays for d in range(1, 8))
    # filed Tuesday 29 September: 30 Sep (1), holidays 1-7 Oct, 8 (2), 9 (3), Saturday 10 (4), 12-14 (5-7)
    counted = working_days_after(date(2026, 9, 29), 7)
    assert counted.day == date(2026, 10, 14) and not counted.estimate


def test_past_the_data_s_last_year_calendar_days_and_an_estimate():
    last = known_years()[1]
    counted = working_days_after(date(last, 12, 28), 7)
    assert counted.day == date(last + 1, 1, 4) and counted.estimate
