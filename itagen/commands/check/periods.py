"""Periods: the dates a catalog allows for an item's documents, and the period rules.

Owns the translation of a catalog `period` into dates (all in the fiscal year,
ปีงบประมาณ, 1 October – 30 September, named by the BE year it ends in), the
reading of months out of what a webmaster wrote ("ประจำเดือนตุลาคม 2565",
"ต.ค. 65", "๓๑ มี.ค. ๒๕๖๖" in titles and Markdown bodies, or a document's date),
and the four rules built on them: period-uncovered, doc-out-of-period,
doc-undated and month-missing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from itagen.catalog.load import CatalogItem
from itagen.thai.dates import (
    MONTHS,
    MONTHS_ABBR,
    DateError,
    arabic_digits,
    fiscal_half_range,
    fiscal_year_range,
    parse_month,
)
from itagen.thai.messages import _
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit
from itagen.commands.check.words import date_text, document_text, fiscal_year_text, month_text

# Items whose subject is the previous year but whose document is made in the assessment year.
# O42 (FY2566) is "the analysis of the ITA 2565 result, and the measures it leads to": the
# result of ITA 2565 is published at the end of FY2565, so the analysis and the measures are
# written in FY2566 (the example site's are dated January 2566). Dates in either year pass.
# Keyed by the catalog's stable key, so the exception follows the item across years.
ANALYSED_THIS_YEAR = frozenset({"integrity_measures"})

_MONTH_WORD = "|".join(sorted(
    [*MONTHS, "กรกฏาคม", *(r"\.?\s*".join(map(re.escape, filter(None, a.split(".")))) + r"\.?"
                          for a in MONTHS_ABBR)], key=len, reverse=True))
# A month with its year: "ตุลาคม 2565", "ต.ค. 65", "ต.ค. พ.ศ. 2565"; parse_month decodes it.
_MONTH_YEAR_RE = re.compile(rf"(?:{_MONTH_WORD})\s*(?:พ\.?\s*ศ\.?\s*)?(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9])")


def window(spec: CatalogItem, year: int) -> tuple[dt.date | None, dt.date] | None:
    """Return (first day or None for "any time before", last day) a document may be dated, or None."""
    if spec.period == "current_year":
        return fiscal_year_range(year)
    if spec.period == "first_half":
        return fiscal_half_range(year, 1)
    if spec.period == "previous_year":
        start, end = fiscal_year_range(year - 1)
        if spec.key in ANALYSED_THIS_YEAR:
            end = fiscal_year_range(year)[1]
        return start, end
    if spec.period == "in_force":
        return None, fiscal_year_range(year)[1]
    return None


def window_text(spec: CatalogItem, year: int, numerals: str = "thai") -> str:
    """Describe the window for messages: "ปีงบประมาณ พ.ศ. ๒๕๖๖ (๑ ต.ค. ๒๕๖๕ – ๓๐ ก.ย. ๒๕๖๖)"."""
    span = window(spec, year)
    if span is None:
        return _("any date")
    start, end = span
    if spec.period == "in_force":
        return _("on or before {date} (in force during {fiscal_year})").format(
            date=date_text(end, numerals), fiscal_year=fiscal_year_text(year, numerals))
    if spec.period == "first_half":
        label = _("the first six months of {fiscal_year}").format(
            fiscal_year=fiscal_year_text(year, numerals))
    elif spec.period == "previous_year" and spec.key in ANALYSED_THIS_YEAR:
        label = _("{previous} or {current}").format(previous=fiscal_year_text(year - 1, numerals),
                                                     current=fiscal_year_text(year, numerals))
    else:
        label = fiscal_year_text(year - (spec.period == "previous_year"), numerals)
    return f"{label} ({date_text(start, numerals)} – {date_text(end, numerals)})"


def months_of(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """Return the (CE year, month) pairs from start's month to end's month, inclusive."""
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def months_named(text: str) -> set[tuple[int, int]]:
    """Return every (CE year, month) a text names as a month with its year."""
    found = set()
    for m in _MONTH_YEAR_RE.finditer(arabic_digits(text)):
        try:
            found.add(parse_month(m.group(0)))
        except DateError:
            continue
    return found


# -- the period rules (registered in rules.RULES) ----------------------------------------

def _dated(item: ItemCheck) -> list[tuple[int, object]]:
    return [(i, d) for i, d in enumerate(item.documents) if d.date is not None]


def _in_window(item: ItemCheck, date) -> bool:
    start, end = window(item.spec, item.content.year)
    return (start is None or start <= date) and date <= end


def period_uncovered(site: SiteCheck) -> Iterator[Hit]:
    """No document of the item is dated inside the period the catalog sets."""
    for item in site.present():
        dated = _dated(item)
        if window(item.spec, item.content.year) is None or not dated or item.relies_on_nothing():
            continue
        if not any(_in_window(item, d.date) for _i, d in dated):
            days = sorted({d.date for _i, d in dated})
            dates = ", ".join(date_text(d, site.numerals) for d in days)
            message = _("{code} must show data of this period: {period}; its documents are "
                        "dated {dates}")
            yield item.hit(message.format(code=item.code, dates=dates,
                                          period=window_text(item.spec, item.content.year,
                                                             site.numerals)),
                           item.line("documents"),
                           _("publish the document of the required period, or correct the dates"))


def doc_out_of_period(site: SiteCheck) -> Iterator[Hit]:
    """A document dated outside the period (the item has others inside it)."""
    for item in site.present():
        dated = _dated(item)
        if window(item.spec, item.content.year) is None or \
                not any(_in_window(item, d.date) for _i, d in dated):
            continue  # period-uncovered reports the item as a whole
        for i, doc in dated:
            if not _in_window(item, doc.date):
                yield item.hit(_("{document} '{title}' is dated {date}, outside {period}").format(
                    document=document_text(i, site.numerals), title=doc.title[:60],
                    date=date_text(doc.date, site.numerals),
                    period=window_text(item.spec, item.content.year, site.numerals)),
                    item.line("documents", i, "date"),
                    _("evaluators look only at the required period: replace or remove it"))


def doc_undated(site: SiteCheck) -> Iterator[Hit]:
    """A file document without a date on an item with a period rule (links are live pages)."""
    for item in site.present():
        if window(item.spec, item.content.year) is None:
            continue
        for i, doc in enumerate(item.documents):
            if doc.date is None and doc.file is not None:
                yield item.hit(_("{document} '{title}' has no date, so its period cannot be "
                                 "checked").format(document=document_text(i, site.numerals),
                                                   title=doc.title[:60]),
                               item.line("documents", i),
                               _("add 'date:' (it must fall in {period})").format(
                                   period=window_text(item.spec, item.content.year, site.numerals)))


def month_missing(site: SiteCheck) -> Iterator[Hit]:
    """A monthly item (O21) without a report for a month of its period."""
    for item in site.present():
        span = window(item.spec, item.content.year)
        if not item.spec.monthly or span is None or span[0] is None or not (item.documents or item.links):
            continue  # an empty item is item-empty, not six missing months
        named = months_named(item.text())
        for doc in item.documents:
            if doc.date is not None and not months_named(doc.title):
                named.add((doc.date.year, doc.date.month))
        # A month is due once it has ended: in mid-December, October and November are.
        last = min(span[1], site.today.replace(day=1) - dt.timedelta(days=1))
        for ce, month in months_of(span[0], last):
            if (ce, month) not in named:
                yield item.hit(_("{code} has no report for {month}").format(
                    code=item.code, month=month_text(ce, month, site.numerals)), item.anchor(),
                    _("publish that month's report (or the statement that there was none) and name "
                      "the month in its title"))
