"""Dates and times of a case as points in time: a date alone is read as its first moment."""
from __future__ import annotations

from datetime import date, datetime


def as_datetime(moment: date) -> datetime:
    """``moment`` as a datetime: a date alone is its midnight (00:00)."""
    return moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day)


def end_of_day(day: date) -> datetime:
    """The last second of ``day``."""
    return datetime(day.year, day.month, day.day, 23, 59, 59)
