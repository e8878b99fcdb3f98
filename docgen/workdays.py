"""Working days (工作日) in China, counted as the 12315 complaint rules count a period.

The 2026 rule (《市场监督管理投诉举报处理办法》第四十五条): "按照年、月、日计算期间的，开始的
当日不计入，自下一工作日或者自然日开始计算。期间届满的最后一日是法定节假日的，以法定节假日后
的第一日为期间届满的日期。" So the day the complaint is received is not counted, and the
period ends on the last of its working days, which is a working day: the rule's move from a
holiday to the next day never arises for a period in working days. The 2019 rule has no
article on counting; docgen counts its periods the same way (the first day not counted).

Which days are working days is the State Council's yearly schedule (国务院办公厅关于部分节假日
安排的通知): the official holidays, and the make-up working days (调休) on weekends that pay
for them. That data comes from **chinese-calendar** (PyPI ``chinesecalendar``, module
``chinese_calendar``, MIT), chosen over the ``holidays`` package because:

- it holds exactly the State Council's schedules, holidays and make-up working days alike,
  and says ``is_workday`` in one call; ``holidays`` (its ``China`` class) knows the make-up
  days too (``weekend_workdays``), but
- for a year whose schedule is not yet published, ``holidays`` quietly extrapolates
  holidays from the statutory rules with no make-up days at all (2027: "observed" days and
  no 调休), which would give a wrong date with no sign of doubt, while chinese-calendar
  refuses a year it has no schedule for: the signal docgen needs to mark a date as an
  estimate;
- it has no dependencies (``holidays`` brings python-dateutil).

Past the last year of the data (see :func:`known_years`; 2026 in chinesecalendar 1.11.0),
a period is counted in plain calendar days and marked as an estimate.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import chinese_calendar


@dataclass(frozen=True)
class Counted:
    """The last day of a period; ``estimate``: counted in calendar days (working days unknown)."""

    day: date
    estimate: bool = False


@cache
def known_years() -> tuple[int, int]:
    """The first and last year whose official holiday schedule the data holds."""
    years = {day.year for day in chinese_calendar.holidays}
    return min(years), max(years)


def working_days_after(start: date, count: int) -> Counted:
    """The day ``count`` working days after ``start``, ``start`` itself not counted (第四十五条).

    Where a day to count lies outside the years the data holds, ``count`` calendar days
    instead, marked as an estimate.
    """
    if count < 1:
        raise ValueError(f"a period of {count} working days")
    first, last = known_years()
    day, left = start, count
    while left:
        day += timedelta(days=1)
        if not first <= day.year <= last:
            return Counted(start + timedelta(days=count), estimate=True)
        left -= chinese_calendar.is_workday(day)
    return Counted(day)
