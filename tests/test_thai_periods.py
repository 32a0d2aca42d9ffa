"""Thai periods and the dates of real ITA pages: a table from the seeds, and round trips.

The table (fixtures/thai_periods.tsv) holds dates, periods and document titles copied from
real ITA pages, each with the seed file and line it came from. The property tests write every
accepted form of a date or a period and read it back.
"""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itagen.thai.dateparse import MISSPELLINGS, MONTHS_COLLOQUIAL, DateError, parse_date
from itagen.thai.dates import MONTHS, MONTHS_ABBR, format_date, thai_digits
from itagen.thai.periods import (
    KINDS,
    Period,
    PeriodError,
    find_period,
    first_half_period,
    fiscal_year_period,
    format_period,
    parse_period,
    period_label,
    quarter_period,
    to_json,
)

FIXTURE = Path(__file__).parent / "fixtures" / "thai_periods.tsv"


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in FIXTURE.read_text(encoding="utf-8").split("\n"):
        if line.strip() and not line.startswith("#"):
            what, text, expected, where = line.split("\t")
            rows.append((what, text, expected, where))
    return rows


ROWS = _rows()


def _period_of(expected: str) -> Period | None:
    if expected == "none":
        return None
    span, kind = expected.split(" ")
    start, end = (tuple(map(int, half.split("-"))) for half in span.split("/"))
    return Period(start, end, kind)


def test_the_table_has_forty_real_strings_from_the_seeds():
    from_seeds = [r for r in ROWS if r[3][:3].isdigit()]
    assert len(ROWS) >= 40 and len(from_seeds) >= 40


@pytest.mark.parametrize(
    ("what", "text", "expected", "where"),
    ROWS,
    ids=[f"{r[0]}:{r[3].split(' ')[0]}:{r[1][:24]}" for r in ROWS],
)
def test_real_strings(what, text, expected, where):
    if what == "date":
        assert parse_date(text) == date.fromisoformat(expected)
    elif what == "period":
        assert parse_period(text) == _period_of(expected)
    else:
        assert find_period(text) == _period_of(expected)


# -- periods: examples and errors ---------------------------------------------------------


def test_fiscal_quarters_halves_and_years():
    assert quarter_period(2566, 1) == Period((2022, 10), (2022, 12), "quarter")
    assert quarter_period(2566, 4) == Period((2023, 7), (2023, 9), "quarter")
    half = first_half_period(2566).months()
    assert half[0] == (2022, 10) and len(half) == 6
    assert fiscal_year_period(2566).last_day == date(2023, 9, 30)
    assert parse_period("ปีงบประมาณ พ.ศ. 2566 – 2570") == Period((2022, 10), (2027, 9), "plan")


def test_titles_skip_signing_dates_and_use_the_items_year_for_a_bare_half():
    assert find_period("ประกาศ ลงวันที่ 16 มกราคม 2566") is None
    assert find_period("สถิติการให้บริการ รอบ 6 เดือน") is None
    assert find_period("สถิติการให้บริการ รอบ 6 เดือน", 2566) == first_half_period(2566)
    assert find_period("สรุปผล ประจำเดือนตุลาคม 2565 ปีงบประมาณ 2566").kind == "month"


def test_labels_pages_show():
    assert period_label(parse_period("ต.ค. 65 – มี.ค. 66")) == "ข้อมูลเดือน ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖"
    assert period_label(parse_period("2566"), "arabic") == "ข้อมูลปีงบประมาณ พ.ศ. 2566"
    assert period_label(parse_period("พ.ศ. 2566 - 2570")) == "ระยะเวลา พ.ศ. ๒๕๖๖ – ๒๕๗๐"
    assert to_json(parse_period("ไตรมาสที่ 2/2566")) == {
        "start": "2023-01",
        "end": "2023-03",
        "kind": "quarter",
    }


PERIOD_BAD = [
    "ตุลาคม",
    "ไตรมาส 5/2566",
    "2022-13",
    "มีนาคม 2566 – ตุลาคม 2565",
    "พ.ศ. 2570 – 2566",
    "รอบ 6 เดือน",
    "ปีงบประมาณ 1999",
    "เมื่อวาน",
    "",
    3.5,
    None,
    ["ต.ค. 65"],
]


@pytest.mark.parametrize("value", PERIOD_BAD, ids=[repr(v) for v in PERIOD_BAD])
def test_rejected_periods_show_the_accepted_forms(value):
    with pytest.raises(PeriodError) as info:
        parse_period(value)
    message = str(info.value)
    assert "ตุลาคม 2565" in message and "ต.ค. 65" in message and "ไตรมาสที่ 1/2566" in message
    assert "รอบ 6 เดือน ปีงบประมาณ 2566" in message and "2022-10/2023-03" in message
    assert isinstance(info.value, DateError)
    assert pickle.loads(pickle.dumps(info.value)).args == info.value.args


# -- round trips ---------------------------------------------------------------------------

MONTH = st.tuples(st.integers(1957, 2056), st.integers(1, 12))
FY = st.integers(2500, 2599)


@st.composite
def periods(draw) -> Period:
    kind = draw(st.sampled_from(KINDS))
    if kind == "month":
        m = draw(MONTH)
        return Period(m, m, "month")
    if kind == "range":
        a, b = sorted(draw(st.lists(MONTH, min_size=2, max_size=2, unique=True)))
        return Period(a, b, "range")
    if kind == "quarter":
        return quarter_period(draw(FY), draw(st.integers(1, 4)))
    if kind == "half":
        return first_half_period(draw(FY))
    if kind == "fiscal_year":
        return fiscal_year_period(draw(FY))
    if kind == "year":
        ce = draw(st.integers(1957, 2056))
        return Period((ce, 1), (ce, 12), "year")
    a = draw(FY)
    b = draw(st.integers(a + 1, 2620))
    return Period(fiscal_year_period(a).start, fiscal_year_period(b).end, "plan")


@given(periods(), st.sampled_from(("thai", "arabic")))
def test_every_period_round_trips(p, numerals):
    assert parse_period(format_period(p, numerals)) == p


def _month_words(p: tuple[int, int], spelling: int, two_digits: bool, era: bool) -> str:
    y, m = p
    name = (
        MONTHS[m - 1],
        MONTHS_ABBR[m - 1],
        MONTHS_ABBR[m - 1].rstrip("."),
        MONTHS_COLLOQUIAL[m - 1],
    )[spelling]
    be = y + 543
    year = f"{be % 100:02d}" if two_digits else str(be)
    return f"{name} {'พ.ศ.' if era and not two_digits else ''}{year}"


@given(
    MONTH,
    MONTH,
    st.integers(0, 3),
    st.booleans(),
    st.booleans(),
    st.sampled_from([" – ", " - ", "-", " ถึง ", "–"]),
    st.booleans(),
    st.booleans(),
)
def test_every_written_month_range_reads_back(a, b, spelling, two_digits, era, sep, thai, iso):
    a, b = sorted((a, b))
    if iso:
        text = f"{a[0]:04d}-{a[1]:02d}" + ("" if a == b else f"/{b[0] + 543:04d}-{b[1]:02d}")
    elif a == b:
        text = _month_words(a, spelling, two_digits, era)
    else:
        text = sep.join(_month_words(m, spelling, two_digits, era) for m in (a, b))
    text = thai_digits(text) if thai else text
    assert parse_period(text) == Period(a, b, "month" if a == b else "range")


QUARTER_FORMS = [
    "ไตรมาสที่ {q}/{y}",
    "ไตรมาส {q} ปีงบประมาณ {y}",
    "ไตรมาสที่ {q} ปีงบประมาณ พ.ศ.{y}",
    "ไตรมาส {q}/{yy}",
]


@given(FY, st.integers(1, 4), st.sampled_from(QUARTER_FORMS))
def test_every_written_quarter_reads_back(be, q, form):
    assert parse_period(form.format(q=q, y=be, yy=f"{be % 100:02d}")) == quarter_period(be, q)


@given(
    FY,
    st.sampled_from(
        [
            "ปีงบประมาณ พ.ศ. {y}",
            "ปีงบประมาณ {y}",
            "ประจำปีงบประมาณ พ.ศ.{y}",
            "ปีงบประมาณ {yy}",
            "รอบ 6 เดือน ปีงบประมาณ {y}",
            "ปีงบประมาณ พ.ศ.{y} รอบ 6 เดือน",
            "รอบ 6 เดือนแรก ปี {y}",
        ]
    ),
    st.booleans(),
)
def test_every_written_fiscal_year_and_half_reads_back(be, form, thai):
    text = form.format(y=be, yy=f"{be % 100:02d}")
    expected = first_half_period(be) if "6" in form else fiscal_year_period(be)
    assert parse_period(thai_digits(text) if thai else text) == expected


# Every way a date is written, as a function of the date: each must read back as that date.
def _date_forms(d: date) -> list[str]:
    be, m = d.year + 543, d.month
    styles = ("full", "short4", "weekday", "iso", "slash")
    return (
        [format_date(d, style, numerals) for style in styles for numerals in ("thai", "arabic")]
        + [
            format_date(d, "short"),
            format_date(d, "slash2", "arabic"),
            f"{d.day} {MONTHS_ABBR[m - 1].rstrip('.')} {be}",
            f"{d.day} {MONTHS_COLLOQUIAL[m - 1]} {be % 100:02d}",
            f"{d.day} {MONTHS[m - 1]} พ.ศ.{be}",
            f"{d.day:02d}/{m:02d}/{d.year}",
            d.isoformat(),
        ]
        + [f"{d.day} {spelling} {be}" for spelling, n in MISSPELLINGS.items() if n == m]
    )


@given(st.dates(min_value=date(1957, 1, 1), max_value=date(2056, 12, 31)))
def test_every_written_date_reads_back(d):
    for text in _date_forms(d):
        assert parse_date(text) == d, text
