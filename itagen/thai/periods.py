"""Periods: the span of months a document's data covers, as Thai webmasters write it.

A Period is an inclusive span of whole months with the kind it was written as: a month
(ตุลาคม 2565), a month range (ธ.ค. 65 – มี.ค. 66), a fiscal quarter (ไตรมาสที่ 1/2566), the
first half of a fiscal year (รอบ 6 เดือน ปีงบประมาณ 2566), a fiscal year (ปีงบประมาณ พ.ศ. 2566),
a calendar year (พ.ศ. 2565) or a multi-year plan (พ.ศ. 2566 – 2570, in fiscal years). The
period is what evaluators judge; the day a document was signed (its `date:`) is another thing.

`parse_period` reads what a webmaster writes in `period:` (strict: anything else is a
PeriodError that shows the accepted forms); `find_period` looks for a period inside a title
("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม 2565"), skipping full dates, which are signing dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from itagen.thai.messages import _
from itagen.thai.dateparse import MONTH_PATTERN, DateError, parse_date_range, parse_month
from itagen.thai.dates import BE_OFFSET, BE_THRESHOLD, MONTHS, MONTHS_ABBR, digits

KINDS = ("month", "range", "quarter", "half", "fiscal_year", "year", "plan")
Month = tuple[int, int]  # (CE year, month)

PERIOD_FORMS = (
    "ตุลาคม 2565 or ต.ค. 65 (a month); ตุลาคม – ธันวาคม 2565 or ธ.ค. 65 – มี.ค. 66 "
    "(months); ไตรมาสที่ 1/2566 (a fiscal quarter); รอบ 6 เดือน ปีงบประมาณ 2566; "
    "ปีงบประมาณ พ.ศ. 2566; พ.ศ. 2565 (a calendar year); พ.ศ. 2566 – 2570 (a plan); "
    "2022-10 or 2022-10/2023-03 (ISO, BE or CE years)"
)

_PARSE_TABLE = str.maketrans(
    {
        **{ord(d): str(i) for i, d in enumerate("๐๑๒๓๔๕๖๗๘๙")},
        **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad")),
    }
)
_ERA = r"(?:พ\.?\s*ศ\.?\s*)"
_Y4 = r"(?P<{}>[0-9]{{4}})(?![0-9])"
_YEAR = r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9])"
_FISCAL = rf"(?:ปีงบประมาณ|ปีงบ\.?|ปี\s*งบ\s*ประมาณ)\s*{_ERA}?"
_QUARTER_RE = re.compile(
    rf"ไตรมาส\s*(?:ที่)?\s*(?P<q>[1-4])\s*(?:/|ของ)?\s*"
    rf"(?:{_FISCAL}|ปี\s*{_ERA}?|{_ERA})?\s*{_YEAR}"
)
_HALF_RE = re.compile(
    rf"(?:รอบ\s*6\s*เดือน(?:แรก)?|ครึ่งปีแรก)\s*(?:ของ)?\s*(?:{_FISCAL}|ปี\s*{_ERA}?)\s*{_YEAR}"
    rf"|{_FISCAL}\s*{_YEAR.replace('<y>', '<y2>')}\s*\(?\s*(?:รอบ\s*6\s*เดือน(?:แรก)?|ครึ่งปีแรก)"
)
_HALF_BARE_RE = re.compile(r"รอบ\s*6\s*เดือน|ครึ่งปีแรก")
_FULL_YEAR_RE = re.compile(rf"รอบ\s*12\s*เดือน\s*(?:ของ)?\s*(?:{_FISCAL}|ปี\s*{_ERA}?)\s*{_YEAR}")
_FISCAL_RE = re.compile(rf"{_FISCAL}\s*{_YEAR}")
_PLAN_RE = re.compile(
    rf"(?:{_FISCAL}|ปี\s*)?{_ERA}?\s*{_Y4.format('a')}\s*(?:[-‐‑‒–—―−~]|ถึง)\s*"
    rf"{_ERA}?\s*{_Y4.format('b')}"
)
_YEAR_RE = re.compile(rf"ปี\s*{_ERA}?\s*{_Y4.format('y')}|{_ERA}\s*{_Y4.format('y2')}")
# In a title only "ปี 2564" / "ในปีพ.ศ. 2563" is a year: a bare "พ.ศ. 2548" there is the year
# a law or regulation was enacted ("ระเบียบ… พ.ศ. 2548"), which is no period of data.
_TITLE_YEAR_RE = re.compile(rf"ปี\s*{_ERA}?\s*{_Y4.format('y')}")
_ANNUAL_RE = re.compile(rf"ประจำปี\s*{_ERA}?\s*{_Y4.format('y')}")
_ISO_RE = re.compile(
    r"(?P<a>[0-9]{4})-(?P<am>[0-9]{1,2})(?:\s*/\s*(?P<b>[0-9]{4})-(?P<bm>[0-9]{1,2}))?"
)
_SEP = r"\s*(?:[-‐‑‒–—―−~]|ถึง)\s*"
_MONTH_YEAR = rf"(?:{MONTH_PATTERN})\s*{_ERA}?\s*(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
# Ranges of months, or of full dates (1 ตุลาคม 2565 – 31 มีนาคม 2566), inside a title.
_RANGE_IN_TEXT_RE = re.compile(
    rf"(?:[0-9]{{1,2}}\s*)?(?:{MONTH_PATTERN})\s*(?:{_ERA}?\s*(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9]))?"
    rf"{_SEP}(?:[0-9]{{1,2}}\s*)?{_MONTH_YEAR}"
)
_MONTH_IN_TEXT_RE = re.compile(rf"(?:เดือน\s*)?{_MONTH_YEAR}")
_DIGIT_RE = re.compile("[0-9]")
# Words without which a title names no period: one cheap search spares the patterns below.
_HINT_RE = re.compile(rf"{MONTH_PATTERN}|ปี|ไตรมาส|รอบ|ครึ่ง|พ\.?\s*ศ")
_NOISE_RE = re.compile(r"^(?:ข้อมูล|ประจำ|ระหว่าง|ช่วง|ในรอบ|รอบ(?!\s*[0-9]))\s*")


class PeriodError(DateError):
    """A value that is not a period itagen understands; the message shows the accepted forms."""

    def __init__(
        self,
        value: object,
        reason: str | None = None,
        what: str = "period",
        forms: str = PERIOD_FORMS,
    ) -> None:
        super().__init__(value, reason, what, forms)
        # Said to a webmaster in their language (DateError's own text is English).
        shown = repr(value)
        if reason:
            text = _("{value} is not a period itagen understands: {reason}. Write it as {forms}.")
        else:
            text = _("{value} is not a period itagen understands. Write it as {forms}.")
        self.args = (text.format(value=shown, reason=reason, forms=_(forms)),)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive span of months, (CE year, month) to (CE year, month), and how it was written."""

    start: Month
    end: Month
    kind: str = "range"

    @property
    def first_day(self) -> date:
        """The first day of the first month."""
        return date(*self.start, 1)

    @property
    def last_day(self) -> date:
        """The last day of the last month."""
        y, m = self.end
        return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)

    def months(self) -> list[Month]:
        """Every (CE year, month) of the span, in order."""
        return months_between(self.start, self.end)

    def overlaps(self, other: Period) -> bool:
        """True when the two spans share a month."""
        return self.start <= other.end and other.start <= self.end

    def within(self, other: Period) -> bool:
        """True when every month of this span is in `other`."""
        return other.start <= self.start and self.end <= other.end


def months_between(start: Month, end: Month) -> list[Month]:
    """The (CE year, month) pairs from start to end, inclusive."""
    out = []
    y, m = start
    while (y, m) <= end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def fiscal_year_period(be: int) -> Period:
    """A BE fiscal year: 2566 -> October 2565 – September 2566."""
    ce = be - BE_OFFSET
    return Period((ce - 1, 10), (ce, 9), "fiscal_year")


def first_half_period(be: int) -> Period:
    """The first six months of a BE fiscal year: October – March."""
    ce = be - BE_OFFSET
    return Period((ce - 1, 10), (ce, 3), "half")


def quarter_period(be: int, quarter: int) -> Period:
    """A fiscal quarter: 1 = October – December of the year before, 4 = July – September."""
    ce = be - BE_OFFSET
    first = (ce - 1, 10) if quarter == 1 else (ce, 3 * quarter - 5)
    return Period(first, (first[0], first[1] + 2), "quarter")


def _be(text: str, value: object) -> int:
    """A written year as BE: 2 digits are 25YY; 4 digits must be BE."""
    n = int(text)
    if len(text) == 2:
        return 2500 + n
    if n < BE_THRESHOLD:
        raise PeriodError(
            value, _("{year} is not a BE year (พ.ศ.); write {be}").format(year=n, be=n + BE_OFFSET)
        )
    return n


def _iso_month(year: str, month: str, value: object) -> Month:
    y, m = int(year), int(month)
    if not 1 <= m <= 12:
        raise PeriodError(value, _("there is no month {month}").format(month=m))
    return (y - BE_OFFSET if y >= BE_THRESHOLD else y), m


def _span(start: Month, end: Month, kind: str, value: object) -> Period:
    if start > end:
        raise PeriodError(value, _("it ends before it starts"))
    if kind == "range" and start == end:
        kind = "month"
    return Period(start, end, kind)


def _clean(value: str) -> str:
    text = re.sub(r"\s+", " ", value.translate(_PARSE_TABLE)).strip().strip("()[]").strip()
    return _NOISE_RE.sub("", text).strip()


def _structured(m: re.Match, value: object, half_default: int | None = None) -> Period:
    """The Period a match of one of the structured patterns (quarter, half, …) stands for."""
    re_ = m.re
    if re_ is _QUARTER_RE:
        return quarter_period(_be(m["y"], value), int(m["q"]))
    if re_ is _HALF_RE:
        return first_half_period(_be(m["y"] or m["y2"], value))
    if re_ is _HALF_BARE_RE:
        return first_half_period(half_default)
    if re_ in (_FULL_YEAR_RE, _FISCAL_RE):
        return fiscal_year_period(_be(m["y"], value))
    if re_ is _PLAN_RE:
        a, b = _be(m["a"], value), _be(m["b"], value)
        if b <= a:
            raise PeriodError(value, _("it ends before it starts"))
        return Period(fiscal_year_period(a).start, fiscal_year_period(b).end, "plan")
    if re_ in (_YEAR_RE, _ANNUAL_RE, _TITLE_YEAR_RE):
        ce = _be(m["y"] or m.groupdict().get("y2"), value) - BE_OFFSET
        return Period((ce, 1), (ce, 12), "year")
    raise AssertionError(re_.pattern)  # every pattern passed here is handled above


def parse_period(value: object) -> Period:
    """Read a period as a webmaster writes it (see PERIOD_FORMS); raise PeriodError otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= BE_THRESHOLD:
        value = str(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[0-9๐-๙]{4}\s*", value):
        value = f"ปีงบประมาณ {value}"  # `period: 2566`: the fiscal year, as ITA means a year
    if not isinstance(value, str):
        raise PeriodError(value, _("it is not text"))
    text = _clean(value)
    if m := _ISO_RE.fullmatch(text):
        start = _iso_month(m["a"], m["am"], value)
        end = _iso_month(m["b"], m["bm"], value) if m["b"] else start
        return _span(start, end, "range" if m["b"] else "month", value)
    for pattern in (_QUARTER_RE, _HALF_RE, _FULL_YEAR_RE, _PLAN_RE, _FISCAL_RE, _YEAR_RE):
        if m := pattern.fullmatch(text):
            return _structured(m, value)
    try:
        return Period(*[parse_month(text)] * 2, "month")
    except DateError as exc:
        month_error = exc
    try:
        first, last = parse_date_range(text)
    except DateError:
        if month_error.reason:  # a month that was almost right: say what was wrong with it
            raise PeriodError(value, month_error.reason) from None
        raise PeriodError(value) from None
    return _span((first.year, first.month), (last.year, last.month), "range", value)


# Once per title: a workspace's sites list the same documents, and a title is read at every load.
@lru_cache(maxsize=8192)
def find_period(text: str, fiscal_year: int | None = None) -> Period | None:
    """The period a title names, or None; "รอบ 6 เดือน" without a year means `fiscal_year`'s.

    The most specific phrase wins: a range of months, a quarter, a half year, one month, a
    plan's years, a fiscal year ("ประจำปีงบประมาณ พ.ศ. 2565"), then a year ("ประจำปี 2565",
    which titles use for festivals and reports alike: check reads it both ways). A month
    after a day number is a date (the day it was signed), not a period.
    """
    clean = re.sub(r"\s+", " ", text.translate(_PARSE_TABLE))
    if not _HINT_RE.search(clean):
        return None  # no month, year or quarter word: most titles ("แผนผังโครงสร้าง ฉบับที่ 2")
    if not _DIGIT_RE.search(clean):
        # Every period names a year, except "รอบ 6 เดือน" of the item's own year.
        m = _HALF_BARE_RE.search(clean) if fiscal_year is not None else None
        return _structured(m, text, fiscal_year) if m else None
    for m in _RANGE_IN_TEXT_RE.finditer(clean):
        try:
            first, last = parse_date_range(m.group(0))
            return _span((first.year, first.month), (last.year, last.month), "range", text)
        except DateError:
            continue
    for pattern in (_QUARTER_RE, _HALF_RE, _FULL_YEAR_RE):
        if m := pattern.search(clean):
            try:
                return _structured(m, text)
            except PeriodError:
                continue
    for m in _MONTH_IN_TEXT_RE.finditer(clean):
        if re.search(r"[0-9]\s*$", clean[: m.start()]):
            continue  # "16 มกราคม 2566": a date
        try:
            return Period(*[parse_month(m.group(0))] * 2, "month")
        except DateError:
            continue
    for pattern in (_PLAN_RE, _FISCAL_RE, _ANNUAL_RE, _TITLE_YEAR_RE):
        if m := pattern.search(clean):
            try:
                return _structured(m, text)
            except PeriodError:
                continue
    if fiscal_year is not None and (m := _HALF_BARE_RE.search(clean)):
        return _structured(m, text, fiscal_year)
    return None


def _month_name(month: Month, style: str) -> str:
    y, m = month
    be = y + BE_OFFSET
    return f"{MONTHS[m - 1]} {be}" if style == "full" else f"{MONTHS_ABBR[m - 1]} {be}"


def format_period(p: Period, numerals: str = "thai") -> str:
    """Write a period in its own kind's words; parse_period reads it back as the same Period."""
    be_end = p.end[0] + BE_OFFSET
    fiscal_end = be_end + (p.end[1] >= 10)
    if p.kind == "month":
        text = _month_name(p.start, "full")
    elif p.kind == "quarter":
        q = (p.start[1] - 10) // 3 + 1 if p.start[1] >= 10 else (p.start[1] + 2) // 3 + 1
        text = f"ไตรมาสที่ {q}/{fiscal_end}"
    elif p.kind == "half":
        text = f"รอบ 6 เดือน ปีงบประมาณ {be_end}"
    elif p.kind == "fiscal_year":
        text = f"ปีงบประมาณ พ.ศ. {be_end}"
    elif p.kind == "year":
        text = f"พ.ศ. {be_end}"
    elif p.kind == "plan":
        text = f"พ.ศ. {p.start[0] + BE_OFFSET + 1} – {be_end}"
    else:
        text = f"{_month_name(p.start, 'full')} – {_month_name(p.end, 'full')}"
    return digits(text, numerals)


def period_label(p: Period, numerals: str = "thai") -> str:
    """What a page shows next to a document: "ข้อมูลเดือน ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖"."""
    if p.kind == "fiscal_year":
        text = "ข้อมูล" + format_period(p, "arabic")
    elif p.kind == "year":
        text = "ข้อมูลปี " + format_period(p, "arabic")
    elif p.kind == "plan":
        text = "ระยะเวลา " + format_period(p, "arabic")
    else:
        text = "ข้อมูลเดือน " + span_text(p.start, p.end)
    return digits(text, numerals)


def span_text(start: Month, end: Month) -> str:
    """Months in the short form check's messages and pages use: "ต.ค. 2565 – มี.ค. 2566"."""
    if start == end:
        return _month_name(start, "abbr")
    return f"{_month_name(start, 'abbr')} – {_month_name(end, 'abbr')}"


def spans(months: list[Month]) -> list[tuple[Month, Month]]:
    """Runs of consecutive months: [Oct, Nov, Jan] -> [(Oct, Nov), (Jan, Jan)]."""
    runs: list[tuple[Month, Month]] = []
    for month in sorted(set(months)):
        if runs:
            y, m = runs[-1][1]
            if (y + (m == 12), m % 12 + 1) == month:
                runs[-1] = (runs[-1][0], month)
                continue
        runs.append((month, month))
    return runs


def to_json(p: Period) -> dict[str, str]:
    """ita.json's form: ISO months (CE) and the kind."""
    return {
        "start": f"{p.start[0]:04d}-{p.start[1]:02d}",
        "end": f"{p.end[0]:04d}-{p.end[1]:02d}",
        "kind": p.kind,
    }
