"""Dates, money and sentences as a reader of the letter expects them, through Babel.

What the letter templates call takes the letter's locale (zh_CN or en_US); an amount in
words is Chinese financial capitals or English words (:func:`amount_in_words`).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale, dates, numbers

FEN = Decimal("0.01")
NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE = "\u202f", "\u00a0"


@lru_cache(maxsize=None)
def _babel_locale(locale: str) -> Locale:
    """Babel's locale object, parsed once: parsing a locale name costs ~0.4 ms a call."""
    return Locale.parse(locale)


def format_day(day: date, locale: str) -> str:
    """A calendar date: 2026年11月24日 (zh_CN), November 24, 2026 (en_US)."""
    return dates.format_date(day, "long", locale=_babel_locale(locale))


def format_moment(moment: date, locale: str) -> str:
    """A date with its time where known: 2026年11月20日 21:14, November 20, 2026, 9:14 PM.

    CLDR puts a narrow no-break space before "PM", a character the CJK fonts of the PDF
    lack; it becomes an ordinary no-break space.
    """
    if not isinstance(moment, datetime):
        return format_day(moment, locale)
    pattern = dates.get_datetime_format("long", locale=_babel_locale(locale))
    time = dates.format_time(moment.time(), "short", locale=_babel_locale(locale)).replace(NARROW_NO_BREAK_SPACE, NO_BREAK_SPACE)
    return pattern.replace("{1}", format_day(moment, locale)).replace("{0}", time)


def to_fen(amount: Decimal) -> Decimal:
    """The amount rounded to fen (0.01), half up, as money is rounded."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, locale: str, currency: str = "CNY") -> str:
    """An amount in figures: ¥168.00 (zh_CN), CN¥168.00 (en_US)."""
    return numbers.format_currency(to_fen(amount), currency, locale=_babel_locale(locale))


_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_UNITS = ("", "拾", "佰", "仟")
_CAPITAL_GROUPS = {4: "万", 8: "亿", 12: "万"}  # 10^12 reads 万亿: the 亿 follows at place 8


def amount_in_capitals(amount: Decimal) -> str:
    """The amount in Chinese financial capitals, rounded to fen: 人民币壹佰陆拾捌元整,
    人民币壹拾元零伍分, 人民币伍角.

    The zeros follow cn2an's ``an2cn(x, "rmb")`` (tests compare the two on random amounts):
    one 零 for a run of zeros inside a group of four digits, none at a group's end, as the
    PBOC rules for 大写 allow. Our own code because importing cn2an takes ~0.3 s, a fifth of
    building a case.
    """
    if amount < 0:
        raise ValueError(f"{amount} is negative")
    yuan, fen = divmod(int(to_fen(amount) * 100), 100)
    jiao, fen = divmod(fen, 10)
    head = _yuan_in_capitals(yuan) + "元" if yuan or not (jiao or fen) else ""
    if not (jiao or fen):
        tail = "整"
    elif jiao:
        tail = _CAPITAL_DIGITS[jiao] + "角" + (_CAPITAL_DIGITS[fen] + "分" if fen else "")
    else:
        tail = ("零" if head else "") + _CAPITAL_DIGITS[fen] + "分"
    return "人民币" + head + tail


def _yuan_in_capitals(yuan: int) -> str:
    if yuan == 0:
        return "零"
    digits = str(yuan)
    words: list[str] = []
    zero = False  # a zero since the last digit written, in this group of four
    for index, digit in enumerate(digits):
        place = len(digits) - 1 - index
        if digit == "0":
            zero = bool(words)
        else:
            words.append(("零" if zero else "") + _CAPITAL_DIGITS[int(digit)] + _CAPITAL_UNITS[place % 4])
            zero = False
        group = digits[: index + 1] if place == 8 else digits[max(0, index - 3) : index + 1]
        if place in _CAPITAL_GROUPS and group.strip("0"):
            words.append(_CAPITAL_GROUPS[place])
        if place % 4 == 0:
            zero = False
    return "".join(words)


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred"))


def number_in_english(number: int) -> str:
    """A whole number 0..999,999,999,999,999 in English words, American style:
    168 → "one hundred sixty-eight", 2005 → "two thousand five"."""
    if not 0 <= number < 10**15:
        raise ValueError(f"{number} is outside 0..999,999,999,999,999")
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    scale, name = next((scale, name) for scale, name in _SCALES if number >= scale)
    high, rest = divmod(number, scale)
    return f"{number_in_english(high)} {name}" + (f" {number_in_english(rest)}" if rest else "")


def amount_in_english(amount: Decimal) -> str:
    """The amount in English words, rounded to fen: RMB one hundred sixty-eight yuan,
    RMB twelve yuan and fifty fen, RMB five fen."""
    if amount < 0:
        raise ValueError(f"{amount} is negative")
    yuan, fen = divmod(int(to_fen(amount) * 100), 100)
    parts = [f"{number_in_english(yuan)} yuan"] if yuan or not fen else []
    parts += [f"{number_in_english(fen)} fen"] if fen else []
    return "RMB " + " and ".join(parts)


def amount_in_words(amount: Decimal, locale: str) -> str:
    """The amount in words for the letter's language: 人民币壹佰陆拾捌元整 (zh_CN),
    RMB one hundred sixty-eight yuan (en_US)."""
    return amount_in_english(amount) if locale == "en_US" else amount_in_capitals(amount)


_SENTENCE_ENDS = {
    # (the full stop to add, the endings that already close a sentence, closing marks to look behind)
    "zh_CN": ("。", tuple("。！？；…"), "”’"),
    "en_US": (".", tuple(".!?…。！？；"), "\"'”’)]）"),
}


def end_sentence(text: str, locale: str) -> str:
    """End a user's phrase with the locale's full stop unless it already ends a sentence.

    zh_CN: 。 unless it ends with 。！？；… (also inside a closing quote: 卖家称“不退。”; a
    phrase ending in a quotation gets its 。 after it: 卖家称“概不退款”。). en_US: "." unless it ends with . ! ? or …
    (also before closing quotes and brackets: ‘He said “no.”’) or with a Chinese stop;
    a phrase the user wrote in Chinese (its last character is a Chinese one) gets 。.
    """
    stop, ends, closers = _SENTENCE_ENDS[locale]
    core = text.rstrip(closers)
    if core.endswith(ends):
        return text
    return text + ("。" if core and _is_han(core[-1]) else stop)


def _is_han(char: str) -> bool:
    """A Chinese character (CJK Unified Ideographs and Extension A)."""
    return "\u3400" <= char <= "\u9fff"


def end_clause(text: str, locale: str) -> str:
    """A user's sentence without its final full stop, to go on in a longer sentence
    (兑换时提示激活码已被使用。 → 兑换时提示激活码已被使用, then （证据2）。)."""
    return text.rstrip().rstrip("。．.；;")


def exhibit_refs(exhibits: Iterable[int], locale: str) -> str:
    """Exhibits by number as a letter cites them: 证据2、证据3 (zh_CN), Exhibits 2 and 3 (en_US)."""
    numbers = [str(n) for n in exhibits]
    if locale != "en_US":
        return "、".join(f"证据{n}" for n in numbers)
    if len(numbers) < 2:
        return "".join(f"Exhibit {n}" for n in numbers)
    if len(numbers) == 2:
        return f"Exhibits {numbers[0]} and {numbers[1]}"
    return "Exhibits " + ", ".join(numbers[:-1]) + ", and " + numbers[-1]


def what_it_proves(text: str, locale: str) -> str:
    """An exhibit's ``proves`` as the object of 证明 / "shows that": without a leading
    证明 / "Shows that" (证明卖家拒绝退款 → 卖家拒绝退款)."""
    if locale == "en_US":
        stripped = re.sub(r"^(?:shows|proves|demonstrates)(?:\s+that)?\s+", "", text.strip(), flags=re.IGNORECASE)
        return stripped[:1].lower() + stripped[1:] if stripped != text.strip() else stripped
    return re.sub(r"^证明", "", text.strip())
