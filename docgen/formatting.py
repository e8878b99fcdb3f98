"""Dates and money as a reader of the letter expects them, through Babel and cn2an."""
from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from babel import dates, numbers

FEN = Decimal("0.01")


def format_day(day: date, locale: str) -> str:
    """A calendar date: 2026年11月24日 (zh_CN), November 24, 2026 (en_US)."""
    return dates.format_date(day, "long", locale=locale)


def format_moment(moment: date, locale: str) -> str:
    """A date with its time where known: 2026年11月20日 21:14."""
    if not isinstance(moment, datetime):
        return format_day(moment, locale)
    pattern = dates.get_datetime_format("long", locale=locale)
    time = dates.format_time(moment.time(), "short", locale=locale)
    return pattern.replace("{1}", format_day(moment, locale)).replace("{0}", time)


def to_fen(amount: Decimal) -> Decimal:
    """The amount rounded to fen (0.01), half up, as money is rounded."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, locale: str, currency: str = "CNY") -> str:
    """An amount in figures: ¥168.00 (zh_CN), CN¥168.00 (en_US)."""
    return numbers.format_currency(to_fen(amount), currency, locale=locale)


def amount_in_capitals(amount: Decimal) -> str:
    """The amount in Chinese financial capitals: 人民币壹佰陆拾捌元整.

    cn2an truncates beyond fen, so the Decimal is rounded to fen first.
    """
    import cn2an  # imported here, not at the top: importing cn2an takes ~0.25 s

    return "人民币" + cn2an.an2cn(str(to_fen(amount)), "rmb")
