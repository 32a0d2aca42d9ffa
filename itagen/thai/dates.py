"""Thai dates and numerals: write what visitors read.

Owns the Buddhist era (BE = CE + 543), Thai month and weekday names, Thai digits, number
grouping and the government fiscal year (ปีงบประมาณ: 1 October to 30 September, named by the
BE year it ends in), and writing dates and numbers in Thai. The rest of itagen works with plain
Gregorian `datetime.date` values and calls this module only where text goes out; reading what
webmasters type (parse_date and the other parsers, DateError, the looser month spellings) is
dateparse.py's.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from types import MappingProxyType

BE_OFFSET = 543
# A year at or above this is BE. BE 2400 is CE 1857 and CE 2400 is far away, so no document
# itagen sees is ambiguous; YAML turns `date: 2566-01-16` into date(2566, 1, 16) silently.
BE_THRESHOLD = 2400

MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
WEEKDAYS = ("วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์")
# format_date styles; d day, mm month number, m month, a abbreviation, y/yy BE year, w weekday.
_FORMATS = MappingProxyType(
    {
        "full": "{d} {m} {y}",
        "short": "{d} {a} {yy:02d}",
        "short4": "{d} {a} {y}",
        "slash": "{d}/{mm:02d}/{y}",
        "slash2": "{d}/{mm}/{yy:02d}",
        "weekday": "{w}ที่ {d} {m} พ.ศ. {y}",
        "month": "{m} {y}",
        "iso": "{y:04d}-{mm:02d}-{d:02d}",
    }
)
STYLES = tuple(_FORMATS)
NUMERALS = ("thai", "arabic")

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_THAI = MappingProxyType(str.maketrans("0123456789", _THAI_DIGITS))
_ARABIC_DIGIT = re.compile("[0-9]")
_TO_ARABIC = MappingProxyType(str.maketrans(_THAI_DIGITS, "0123456789"))


def format_date(d: date, style: str = "full", numerals: str = "thai") -> str:
    """Write a date in Thai with a BE year: ๑๖ มกราคม ๒๕๖๖ and the other STYLES."""
    if not isinstance(d, date):
        raise TypeError(f"format_date needs a datetime.date, not {type(d).__name__}")
    try:
        pattern = _FORMATS[style]
    except KeyError:
        raise ValueError(f"unknown date style {style!r}; use one of {', '.join(STYLES)}") from None
    year = d.year + BE_OFFSET
    text = pattern.format(
        d=d.day,
        mm=d.month,
        m=MONTHS[d.month - 1],
        y=year,
        yy=year % 100,
        a=MONTHS_ABBR[d.month - 1],
        w=WEEKDAYS[d.weekday()],
    )
    return digits(text, numerals)


def be_year(d: date) -> int:
    """The BE year of a date."""
    return d.year + BE_OFFSET


def ce_year(be: int) -> int:
    """The CE year of a BE year."""
    return be - BE_OFFSET


def _check_be(be: int) -> None:
    if isinstance(be, bool) or not isinstance(be, int):
        raise TypeError(f"a BE year must be an int, not {type(be).__name__}")
    if be < BE_THRESHOLD:
        raise ValueError(f"{be} is not a BE year (พ.ศ.); did you mean {be + BE_OFFSET}?")


def fiscal_year(d: date) -> int:
    """The BE fiscal year (ปีงบประมาณ) a date falls in: October starts the next one."""
    return d.year + BE_OFFSET + (d.month >= 10)


def fiscal_year_range(be: int) -> tuple[date, date]:
    """First and last day of a BE fiscal year: 2566 -> (2022-10-01, 2023-09-30)."""
    _check_be(be)
    return date(be - BE_OFFSET - 1, 10, 1), date(be - BE_OFFSET, 9, 30)


def fiscal_half_range(be: int, half: int = 1) -> tuple[date, date]:
    """First and last day of half 1 (Oct–Mar) or half 2 (Apr–Sep) of a BE fiscal year."""
    _check_be(be)
    ce = be - BE_OFFSET
    if half == 1:
        return date(ce - 1, 10, 1), date(ce, 3, 31)
    if half == 2:
        return date(ce, 4, 1), date(ce, 9, 30)
    raise ValueError(f"half must be 1 (Oct–Mar) or 2 (Apr–Sep), not {half!r}")


def format_fiscal_year(be: int, numerals: str = "thai") -> str:
    """Write a fiscal year: ปีงบประมาณ พ.ศ. ๒๕๖๖."""
    _check_be(be)
    return digits(f"ปีงบประมาณ พ.ศ. {be}", numerals)


def thai_digits(s: str | int) -> str:
    """Replace Arabic digits with Thai digits (๐–๙)."""
    return str(s).translate(_TO_THAI)


def arabic_digits(s: str) -> str:
    """Replace Thai digits with Arabic digits (0–9)."""
    return s.translate(_TO_ARABIC)


def digits(s: str | int, numerals: str = "thai") -> str:
    """Write the Arabic digits in s in the chosen numerals ("thai" or "arabic": unchanged)."""
    if numerals == "thai":
        text = str(s)
        # Most texts the theme passes through (criteria, addresses) have no digit at all, and
        # translate looks up every character: a search first is ~15× faster on such a text.
        return text.translate(_TO_THAI) if _ARABIC_DIGIT.search(text) else text
    if numerals == "arabic":
        return str(s)
    raise ValueError(f"unknown numerals {numerals!r}; use 'thai' or 'arabic'")


def format_number(x: float | Decimal, decimals: int | None = None, numerals: str = "thai") -> str:
    """Group a number with commas in Thai or Arabic digits: ๑,๒๓๔,๕๖๗.๕๐."""
    if isinstance(x, bool) or not isinstance(x, (int, float, Decimal)):
        raise TypeError(f"format_number needs a number, not {type(x).__name__}")
    if decimals is not None and (type(decimals) is not int or decimals < 0):
        raise ValueError(f"decimals must be None or an int >= 0, not {decimals!r}")
    if isinstance(x, int) and decimals is None:
        return digits(f"{x:,}", numerals)
    # A float goes through repr(), the shortest text that reads back as the same float: 2.675
    # rounds as written (2.68), not as its binary value (2.67499...), and 1e16 isn't "1e+16".
    value = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not value.is_finite():
        raise ValueError(f"cannot write {x!r} as a number")
    # Round half up, as in school and in budget tables (Decimal's default is half even).
    with localcontext(rounding=ROUND_HALF_UP):
        text = f"{value:,f}" if decimals is None else f"{value:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # -0.001 rounded to "-0.00" would look like a debt
    return digits(text, numerals)
