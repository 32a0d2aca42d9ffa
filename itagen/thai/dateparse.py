"""Reading Thai dates: what webmasters type into a date, a month or a range of them.

Owns the parsers (`parse_date`, `parse_month`, `parse_date_range`), the DateError they raise,
and the spellings they accept beyond dates.py's month names: the colloquial short names
("มกรา", "ตุลา"), misspellings seen on real ITA pages, and MONTH_PATTERN, every spelling of a
month as one regular expression. They return plain Gregorian values.

Parsing is lenient about spelling (Thai or Arabic digits, month abbreviations with or without
dots, the colloquial short names, the misspellings, NBSP and zero-width spaces pasted from Word
or PDFs) and strict about meaning: a date that does not exist (31 เมษายน) is a DateError, never
a guess. Slash dates (2/10/66, 16/01/2566) are day first, as Thai documents always write them;
their year is BE unless it is a 4-digit year below 2400.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from types import MappingProxyType

from itagen.errors import shorten
from itagen.thai.dates import (
    BE_OFFSET,
    BE_THRESHOLD,
    MONTHS,
    MONTHS_ABBR,
    WEEKDAYS,
    format_date,
)
from itagen.thai.messages import N_, _

# Parser input: Thai digits become Arabic and invisible characters go, in one pass.
_PARSE_TABLE = MappingProxyType(
    {
        **str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"),
        **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad")),
    }
)

# The colloquial names people say and type ("ตุลา 65", "มกรา"): the month without its ending.
MONTHS_COLLOQUIAL = (
    "มกรา",
    "กุมภา",
    "มีนา",
    "เมษา",
    "พฤษภา",
    "มิถุนา",
    "กรกฎา",
    "สิงหา",
    "กันยา",
    "ตุลา",
    "พฤศจิกา",
    "ธันวา",
)
# Misspellings that readers don't notice and real ITA pages carry: ฏ for ฎ in July
# ("กรกฏาคม", and "กรฏกาคม" with the letters swapped), May without ษ ("พฤภาคม"), ษ for ศ in
# November, and the ุ of "กุมภาพันธุ์". Seed 000 lists "ประจำเดือนพฤภาคม 2563" and
# "ประจำเดือนกรฏกาคม 2563" among its monthly procurement reports.
MISSPELLINGS = MappingProxyType(
    {
        "กรกฏาคม": 7,
        "กรฏกาคม": 7,
        "กรกฏา": 7,
        "พฤภาคม": 5,
        "พฤษจิกายน": 11,
        "กุมภาพันธุ์": 2,
    }
)
# Lookup keys are month spellings without dots or spaces: "มค", "มกราคม".
_MONTH_KEYS = MappingProxyType(
    {
        **{name: i for i, name in enumerate(MONTHS, 1)},
        **{abbr.replace(".", ""): i for i, abbr in enumerate(MONTHS_ABBR, 1)},
        **{name: i for i, name in enumerate(MONTHS_COLLOQUIAL, 1)},
        **MISSPELLINGS,
    }
)
_WEEKDAY_KEYS = MappingProxyType({**{name[3:]: i for i, name in enumerate(WEEKDAYS)}, "พฤหัส": 3})


def _abbr_pattern(abbr: str) -> str:
    # "ม.ค." -> r"ม\.?\s*ค\.?": dots optional, spaces allowed where a dot may be.
    return r"\.?\s*".join(re.escape(p) for p in abbr.split(".") if p) + r"\.?"


# Every spelling of a month, longest first so "มกราคม" wins over "มกรา".
MONTH_PATTERN = "|".join(
    sorted(
        [*MONTHS, *MISSPELLINGS, *MONTHS_COLLOQUIAL, *map(_abbr_pattern, MONTHS_ABBR)],
        key=len,
        reverse=True,
    )
)
_MONTH = f"(?P<month>{MONTH_PATTERN})"
_ERA = r"(?:(?P<be>พ\.?\s*ศ\.?|พุทธศักราช)|(?P<ce>ค\.?\s*ศ\.?|คริสต์ศักราช))\s*"
_YEAR = r"(?P<year>[0-9]{4}|[0-9]{2})"
_WEEKDAY = "|".join(sorted(_WEEKDAY_KEYS, key=len, reverse=True))
_ISO_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_ISO_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_SLASH_DATE_RE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})")
# Lead-ins copied from documents ("ลงวันที่", "ณ วันที่", "เมื่อวันที่") and "เดือน" before the
# month ("๓๑ เดือน มีนาคม") are noise around an unambiguous date, so they are allowed.
_THAI_DATE_RE = re.compile(
    r"(?:(?:ลง|ณ|เมื่อ)\s*)?"
    rf"(?:วัน(?:(?P<weekday>{_WEEKDAY})\s*(?:ที่)?|ที่)\s*)?"
    rf"(?P<day>[0-9]{{1,2}})\s*(?:เดือน\s*)?{_MONTH}\s*(?:{_ERA})?{_YEAR}"
)
_THAI_MONTH_RE = re.compile(rf"(?:เดือน\s*)?{_MONTH}\s*(?:{_ERA})?{_YEAR}")
_BARE_MONTH_RE = re.compile(rf"(?:เดือน\s*)?{_MONTH}")
_RANGE_SEP_RE = re.compile(r"\s*(?:ถึง|[-‐‑‒–—―−~])\s*")
_DOTS_SPACES_RE = re.compile(r"[.\s]")
_DAY_RE = re.compile("[0-9]{1,2}")

_DATE_FORMS = N_(
    "2566-01-16 (ISO, BE or CE year), 16 มกราคม 2566, 16 ม.ค. 66, "
    "16/01/2566 (day first) or ๑๖ ม.ค. ๒๕๖๖"
)
_MONTH_FORMS = N_("2566-01 (ISO, BE or CE year), มกราคม 2566 or ม.ค. 66")
_RANGE_FORMS = N_("ต.ค. 65 – ก.ย. 66 or 1 ตุลาคม 2565 – 30 กันยายน 2566")
_WHAT = {"date": N_("a date"), "month": N_("a month"), "date range": N_("a date range")}


class DateError(ValueError):
    """A value that is not a date itagen understands; the message says how to write one."""

    def __init__(
        self, value: object, reason: str | None = None, what: str = "date", forms: str = _DATE_FORMS
    ) -> None:
        self.value, self.reason, self.what, self.forms = value, reason, what, forms
        # Bounded: the value may be a 10 MB line or a list built from YAML aliases.
        shown = (
            f"'{value.isoformat()}'"
            if isinstance(value, date)
            else repr(shorten(value))
            if isinstance(value, str)
            else shorten(value)
        )
        kind = _(_WHAT.get(what, what))
        if reason:
            text = _("{value} is not {what} itagen understands: {reason}. Write it as {forms}.")
        else:
            text = _("{value} is not {what} itagen understands. Write it as {forms}.")
        super().__init__(text.format(value=shown, what=kind, reason=reason, forms=_(forms)))

    def __reduce__(self):
        # Picklable across worker processes, like ItagenError.
        return (type(self), (self.value, self.reason, self.what, self.forms))


def _type_reason(value: object) -> str:
    if isinstance(value, datetime):
        return _("it has a time of day; write only the date")
    if isinstance(value, (int, float)):
        return _("it is a number; write the day, month and year")
    return _("it is a {kind}, not text").format(kind=type(value).__name__)


def _make_date(value: object, ce: int, month: int, day: int) -> date:
    try:
        return date(ce, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise DateError(value, _("there is no month {month}").format(month=month)) from None
        if not 1 <= ce <= 9999:
            raise DateError(value, _("the year is out of range")) from None
        raise DateError(
            value,
            _("{month} {year} has no day {day}").format(
                month=MONTHS[month - 1], year=ce + BE_OFFSET, day=day
            ),
        ) from None


def _ce_from(value: object, m: re.Match, what: str, forms: str) -> int:
    # Written year -> CE year: 2 digits mean 25YY BE; 4 digits are BE unless marked ค.ศ.
    text = m["year"]
    n = int(text)
    if len(text) == 2:
        if m["ce"]:
            raise DateError(
                value, _("a 2-digit year is read as BE; write ค.ศ. years in full"), what, forms
            )
        return 2500 + n - BE_OFFSET
    if m["ce"]:
        if n >= BE_THRESHOLD:
            raise DateError(
                value, _("ค.ศ. {year} looks like a BE year (พ.ศ.)").format(year=n), what, forms
            )
        return n
    if n < BE_THRESHOLD:
        raise DateError(
            value,
            _("{year} is not a BE year; write พ.ศ. {be} or ค.ศ. {year}").format(
                year=n, be=n + BE_OFFSET
            ),
            what,
            forms,
        )
    return n - BE_OFFSET


def _slash_ce(text: str) -> int:
    # 2 digits are 25YY BE; 4 digits are BE from 2400 up, CE below (16/01/2023).
    year = int(text)
    if len(text) == 2:
        return 2500 + year - BE_OFFSET
    return year - BE_OFFSET if year >= BE_THRESHOLD else year


def parse_date(value: object) -> date:
    """Read a date as written in ISO (BE or CE) or in Thai words into a Gregorian date."""
    if isinstance(value, datetime) or not isinstance(value, (date, str)):
        raise DateError(value, _type_reason(value))
    if isinstance(value, date):
        if value.year < BE_THRESHOLD:
            return value
        return _make_date(value, value.year - BE_OFFSET, value.month, value.day)
    text = value.translate(_PARSE_TABLE).strip()
    if m := _ISO_DATE_RE.fullmatch(text):
        year = int(m[1])
        ce = year - BE_OFFSET if year >= BE_THRESHOLD else year
        return _make_date(value, ce, int(m[2]), int(m[3]))
    if m := _SLASH_DATE_RE.fullmatch(text):
        # Day first: Thai documents write 2/10/66 for 2 ตุลาคม 2566 (seed 003).
        return _make_date(value, _slash_ce(m[3]), int(m[2]), int(m[1]))
    m = _THAI_DATE_RE.fullmatch(text)
    if m is None:
        raise DateError(value)
    month = _MONTH_KEYS[_DOTS_SPACES_RE.sub("", m["month"])]
    d = _make_date(value, _ce_from(value, m, "date", _DATE_FORMS), month, int(m["day"]))
    if m["weekday"] and _WEEKDAY_KEYS[m["weekday"]] != d.weekday():
        raise DateError(
            value,
            _("{date} is a {weekday}, not วัน{written}").format(
                date=format_date(d, "full", "arabic"),
                weekday=WEEKDAYS[d.weekday()],
                written=m["weekday"],
            ),
        )
    return d


def parse_month(value: object) -> tuple[int, int]:
    """Read a month ("มกราคม 2566", "ม.ค. 66", "2566-01") into (CE year, month)."""
    if not isinstance(value, str):
        raise DateError(value, _type_reason(value), "month", _MONTH_FORMS)
    text = value.translate(_PARSE_TABLE).strip()
    if m := _ISO_MONTH_RE.fullmatch(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise DateError(
                value, _("there is no month {month}").format(month=month), "month", _MONTH_FORMS
            )
        return (year - BE_OFFSET if year >= BE_THRESHOLD else year), month
    m = _THAI_MONTH_RE.fullmatch(text)
    if m is None:
        raise DateError(value, None, "month", _MONTH_FORMS)
    return (
        _ce_from(value, m, "month", _MONTH_FORMS),
        _MONTH_KEYS[_DOTS_SPACES_RE.sub("", m["month"])],
    )


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _or_none(parse, text: str):
    # One reading of one side of a range; None when the text doesn't fit it.
    try:
        return parse(text)
    except DateError:
        return None


def _range_end(text: str) -> tuple[date, bool] | None:
    # The right side of a range: (last day it covers, whether it was a full date).
    if (d := _or_none(parse_date, text)) is not None:
        return d, True
    month = _or_none(parse_month, text)
    return (_month_end(*month), False) if month else None


def _range_start(text: str, end: date, end_is_day: bool) -> date | None:
    # The left side may borrow the year from the right: "ต.ค. – ธ.ค. 65", "1 – 15 ม.ค. 66".
    if (d := _or_none(parse_date, text)) is not None:
        return d
    if month := _or_none(parse_month, text):
        return date(*month, 1)
    if m := _BARE_MONTH_RE.fullmatch(text):
        month = _MONTH_KEYS[_DOTS_SPACES_RE.sub("", m["month"])]
        return date(end.year if month <= end.month else end.year - 1, month, 1)
    if end_is_day and _DAY_RE.fullmatch(text) and 1 <= int(text) <= end.day:
        return end.replace(day=int(text))
    return None


def parse_date_range(value: object) -> tuple[date, date]:
    """Read "ต.ค. ๖๕ – ก.ย. ๖๖" or two full dates into (first day, last day)."""
    if not isinstance(value, str):
        raise DateError(value, _type_reason(value), "date range", _RANGE_FORMS)
    text = value.translate(_PARSE_TABLE).strip()
    # Hyphens also sit inside ISO dates, so try every separator and keep the first split whose
    # two sides both read as dates or months.
    for sep in _RANGE_SEP_RE.finditer(text):
        left, right = text[: sep.start()], text[sep.end() :]
        if not left or not (found := _range_end(right)):
            continue
        start = _range_start(left, *found)
        if start is None:
            continue
        if start > found[0]:
            raise DateError(value, _("it ends before it starts"), "date range", _RANGE_FORMS)
        return start, found[0]
    raise DateError(value, None, "date range", _RANGE_FORMS)
