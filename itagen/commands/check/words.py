"""How the check writes numbers, dates, places and lists of items for a person to read.

Owns the small pieces every check message is made of, in the language being spoken: numbers in
the site's `numerals` (Thai digits by default), dates in the Buddhist Era as webmasters write
them (๑๖ ม.ค. ๒๕๖๖), never ISO; "line 3 of site.yaml"; "document 2" instead of documents[1];
and runs of item codes (O1–O7, O9). English speaks Arabic digits and English month names, still
with BE years, since those are the years the webmaster typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from itagen.errors import shown
from itagen.thai.dates import BE_OFFSET, MONTHS, MONTHS_ABBR, digits
from itagen.thai.messages import _, language

EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def numerals_for(site_numerals: str | None) -> str:
    """The digits to write: the site's numerals in Thai, Arabic digits in English."""
    if language() == "en":
        return "arabic"
    return site_numerals if site_numerals in ("thai", "arabic") else "thai"


def num(n: int | str, numerals: str) -> str:
    """Write a number (or a text's digits) in the numerals."""
    return digits(str(n), numerals)


def date_text(d: dt.date, numerals: str) -> str:
    """Write a date as a person does, with its BE year: ๑๖ ม.ค. ๒๕๖๖ / 16 Jan 2566."""
    if language() == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1][:3]} {d.year + BE_OFFSET}"
    return digits(f"{d.day} {MONTHS_ABBR[d.month - 1]} {d.year + BE_OFFSET}", numerals)


def month_text(ce_year: int, month: int, numerals: str) -> str:
    """Write a month with its BE year, as the criteria do: มีนาคม ๒๕๖๖ / March 2566."""
    if language() == "en":
        return f"{EN_MONTHS[month - 1]} {ce_year + BE_OFFSET}"
    return digits(f"{MONTHS[month - 1]} {ce_year + BE_OFFSET}", numerals)


def span_text(start: tuple[int, int], end: tuple[int, int], numerals: str) -> str:
    """Write a run of (CE year, month) months: ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖ / Oct 2565 – Mar 2566."""

    def one(month: tuple[int, int]) -> str:
        y, m = month
        if language() == "en":
            return f"{EN_MONTHS[m - 1][:3]} {y + BE_OFFSET}"
        return digits(f"{MONTHS_ABBR[m - 1]} {y + BE_OFFSET}", numerals)

    return one(start) if start == end else f"{one(start)} – {one(end)}"


def fiscal_year_text(be: int, numerals: str) -> str:
    """ปีงบประมาณ พ.ศ. ๒๕๖๖ / fiscal year 2566."""
    return _("the fiscal year {year}").format(year=num(be, numerals))


def document_text(index: int, numerals: str) -> str:
    """A document by its place in `documents:` (0-based index): เอกสารลำดับที่ ๑ / document 1."""
    return _("document no. {n}").format(n=num(index + 1, numerals))


def place_text(file: str | None, line: int | None, numerals: str) -> str:
    """Where a finding is: "site.yaml บรรทัดที่ ๓", the file alone, or "" (paths as this system
    writes them)."""
    if file is None:
        return ""
    if not line:
        return shown(file)
    return _("{file} at line {line}").format(file=shown(file), line=num(line, numerals))


def code_runs(codes: Sequence[str], order: Sequence[str]) -> str:
    """Write item codes in catalog order, consecutive ones as a run: O1–O7, O9, O12."""
    rank = {code: n for n, code in enumerate(order)}
    known = sorted((c for c in dict.fromkeys(codes) if c in rank), key=rank.__getitem__)
    runs: list[list[str]] = []
    for code in known:
        if runs and rank[code] == rank[runs[-1][-1]] + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    parts = [
        run[0]
        if len(run) == 1
        else f"{run[0]}, {run[1]}"
        if len(run) == 2
        else f"{run[0]}–{run[-1]}"
        for run in runs
    ]
    return ", ".join(parts + [c for c in dict.fromkeys(codes) if c not in rank])
