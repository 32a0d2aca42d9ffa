"""Periods: what span of months a catalog asks an item's data to cover, and the period rules.

Owns the translation of a catalog `period` into months of the fiscal year (ปีงบประมาณ,
October – September, named by the BE year it ends in) and the rules built on each
document's period (its `period:`, else the one its title names; see thai/periods.py):
period-uncovered, doc-out-of-period, doc-undated, month-missing, period-inferred,
period-unknown and signed-early. The day a document was signed is not the period of its
data: an annual report of FY2565 is signed in December 2565, and that is right. Messages
write periods and dates in the BE years and the numerals of the site (words.py), never ISO.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from itagen.catalog.load import CatalogItem
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit
from itagen.site.content import Document
from itagen.thai.dateparse import MONTH_PATTERN, DateError, parse_month
from itagen.thai.messages import _, ngettext
from itagen.thai.periods import (
    Month,
    Period,
    first_half_period,
    fiscal_year_period,
    months_between,
    spans,
)
from itagen.commands.check.words import (
    date_text,
    document_text,
    fiscal_year_text,
    month_text,
    num,
    span_text,
)

# Items whose subject is the previous year but whose document is made in the assessment year.
# O42 (FY2566) is "the analysis of the ITA 2565 result, and the measures it leads to": the
# result of ITA 2565 is published at the end of FY2565, so the analysis and the measures are
# written in FY2566 (the example site's are dated January 2566). Data of either year passes.
# Keyed by the catalog's stable key, so the exception follows the item across years.
ANALYSED_THIS_YEAR = frozenset({"integrity_measures"})
# Reports of a period that has ended: one signed before its period ends cannot be complete.
# Plans (in_force) and the year's own activities (current_year) are written before or during
# their period, so the rule does not apply to them.
REPORTS = frozenset({"first_half", "previous_year"})
# What a report's title says it is; an order or an invitation among a report item's documents
# is signed before or during the activity it is about.
REPORT_WORDS = ("รายงาน", "สรุปผล", "สถิติ")

# How a period is written under period: (what the webmaster types, so Thai in every language).
EXAMPLE = "ต.ค. 65 – มี.ค. 66"

_MONTH_YEAR_RE = re.compile(
    rf"(?:{MONTH_PATTERN})\s*(?:พ\.?\s*ศ\.?\s*)?(?:[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def window(spec: CatalogItem, year: int) -> Period | None:
    """The months an item's data must fall in for the assessment of `year`, or None (no rule)."""
    if spec.period in ("current_year", "in_force"):
        return fiscal_year_period(year)
    if spec.period == "first_half":
        return first_half_period(year)
    if spec.period == "previous_year":
        if spec.key in ANALYSED_THIS_YEAR:
            return Period(fiscal_year_period(year - 1).start, fiscal_year_period(year).end)
        return fiscal_year_period(year - 1)
    return None


def window_text(spec: CatalogItem, year: int, numerals: str = "thai") -> str:
    """The required period in words: "ปีงบประมาณ พ.ศ. ๒๕๖๖ (ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖)"."""
    span = window(spec, year)
    if span is None:
        return _("any date")
    months = span_text(span.start, span.end, numerals)
    if spec.period == "first_half":
        label = _("the first six months of {fiscal_year}").format(
            fiscal_year=fiscal_year_text(year, numerals)
        )
    elif spec.period == "previous_year" and spec.key in ANALYSED_THIS_YEAR:
        label = _("{previous} or {current}").format(
            previous=fiscal_year_text(year - 1, numerals), current=fiscal_year_text(year, numerals)
        )
    else:
        label = fiscal_year_text(year - (spec.period == "previous_year"), numerals)
    return f"{label} ({months})"


def months_of(start: dt.date, end: dt.date) -> list[Month]:
    """The (CE year, month) pairs from start's month to end's month, inclusive."""
    return months_between((start.year, start.month), (end.year, end.month))


def months_named(text: str) -> set[Month]:
    """Every (CE year, month) a text names as a month with its year.

    Ranges in running text are not expanded: "รอบ 6 เดือนแรก (ต.ค. 65 – มี.ค. 66)" describes
    what an item is about, not six reports. A document of several months says so in its title
    or its period:.
    """
    found: set[Month] = set()
    for m in _MONTH_YEAR_RE.finditer(text.translate(_THAI_DIGITS)):
        try:
            found.add(parse_month(m.group(0)))
        except DateError:
            continue
    return found


def missing_text(months: list[Month], numerals: str) -> str:
    """Missing months as runs: "ธ.ค. ๒๕๖๕, ก.พ. ๒๕๖๖ – มี.ค. ๒๕๖๖"."""
    return ", ".join(span_text(a, b, numerals) for a, b in spans(months))


def period_text(p: Period, numerals: str) -> str:
    """A document's period as the months it runs over: "ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖"."""
    return span_text(p.start, p.end, numerals)


# -- what the rules share ----------------------------------------------------------------


def _due(item: ItemCheck, site: SiteCheck) -> list[Month]:
    """The months an item must cover: its window, up to the last month that has ended.

    Reports of months still running cannot exist yet (in mid-December only October and
    November are due); a plan in force must cover the whole year from the start.
    """
    span = window(item.spec, item.content.year)
    if span is None:
        return []
    months = span.months()
    if item.spec.period == "in_force":
        return months
    today = site.today
    return [m for m in months if m < (today.year, today.month)]


def _known(item: ItemCheck) -> list[tuple[int, Document]]:
    return [(i, d) for i, d in enumerate(item.documents) if d.period is not None]


def _months(doc: Document, monthly: bool = False) -> set[Month]:
    """The months a document's data counts for.

    A year written as "ประจำปี 2565" or "พ.ศ. 2565" counts for the calendar year and for the
    fiscal year of that number: the criteria say "ปี พ.ศ." and agencies mean the fiscal year
    (ITA-FACTS §2.3), festivals the calendar one. A monthly item counts only documents of
    months (single, ranges, quarters, halves), never a whole year's summary.
    """
    p = doc.period
    if monthly and p.kind in ("fiscal_year", "year", "plan"):
        return set()
    months = set(p.months())
    if p.kind == "year":
        months.update(fiscal_year_period(p.end[0] + 543).months())
    return months


def _ends(p: Period) -> dt.date:
    """The last day of a period; a year read both ways ends with the earlier, its fiscal year."""
    return dt.date(p.end[0], 9, 30) if p.kind == "year" else p.last_day


def _covered(item: ItemCheck) -> set[Month]:
    months: set[Month] = set()
    for _i, doc in _known(item):
        months |= _months(doc, item.spec.monthly)
    return months


def _overlaps(doc: Document, span: Period) -> bool:
    return bool(_months(doc) & set(span.months()))


def _periods_text(item: ItemCheck, numerals: str) -> str:
    shown = dict.fromkeys(period_text(d.period, numerals) for _i, d in _known(item))
    return "; ".join(shown)


# -- the period rules (registered in rules.RULES) ----------------------------------------


def period_uncovered(site: SiteCheck) -> Iterator[Hit]:
    """The documents' periods do not cover what the catalog asks (monthly items: month-missing)."""
    for item in site.present():
        span = window(item.spec, item.content.year)
        if span is None or item.spec.monthly or not _known(item) or item.relies_on_nothing():
            continue
        covered = _covered(item)
        if item.spec.period == "current_year" or item.spec.key in ANALYSED_THIS_YEAR:
            if any(_overlaps(d, span) for _i, d in _known(item)):
                continue
            missing = ""
        else:
            due = _due(item, site)
            gap = [m for m in due if m not in covered]
            if not gap:
                continue
            # Naming the missing months helps only when some are covered, else it repeats
            # the period.
            missing = missing_text(gap, site.numerals) if gap != due else ""
        what = window_text(item.spec, item.content.year, site.numerals)
        if missing:
            message = _(
                "{code} must show data of {period}, but no document covers {missing} "
                "(the documents cover {covered})"
            )
        else:
            message = _("{code} must show data of {period}, but its documents cover {covered}")
        yield item.hit(
            message.format(
                code=item.code,
                period=what,
                missing=missing,
                covered=_periods_text(item, site.numerals),
            ),
            item.line("documents"),
            _(
                "publish the document of the required period, and write the months its "
                "data covers in period: or in its title"
            ),
        )


def doc_out_of_period(site: SiteCheck) -> Iterator[Hit]:
    """A document whose data lies wholly outside the required period (the item has others in it)."""
    for item in site.present():
        span = window(item.spec, item.content.year)
        known = _known(item)
        if span is None or not any(_overlaps(d, span) for _i, d in known):
            continue  # period-uncovered reports the item as a whole
        for i, doc in known:
            if _overlaps(doc, span):
                continue
            yield item.hit(
                _("{document} '{title}' has data of {period}, outside {required}").format(
                    document=document_text(i, site.numerals),
                    title=doc.title[:60],
                    period=period_text(doc.period, site.numerals),
                    required=window_text(item.spec, item.content.year, site.numerals),
                ),
                item.line("documents", i),
                _("evaluators look only at the required period: replace or remove it"),
            )


def doc_undated(site: SiteCheck) -> Iterator[Hit]:
    """A file document with neither a period nor a date on an item with a period rule."""
    for item in site.present():
        if window(item.spec, item.content.year) is None:
            continue
        for i, doc in enumerate(item.documents):
            if doc.date is None and doc.period is None and doc.file is not None:
                yield item.hit(
                    _(
                        "{document} '{title}' says neither the period of its data nor its date, so "
                        "its period cannot be checked"
                    ).format(document=document_text(i, site.numerals), title=doc.title[:60]),
                    item.line("documents", i),
                    _(
                        "add period: (the months its data covers, e.g. {example}) and date: "
                        "(the day it was signed)"
                    ).format(example=num(EXAMPLE, site.numerals)),
                )


def month_missing(site: SiteCheck) -> Iterator[Hit]:
    """A monthly item (O21) whose documents and text leave a month of its period uncovered."""
    for item in site.present():
        if (
            not item.spec.monthly
            or window(item.spec, item.content.year) is None
            or not (item.documents or item.links)
        ):
            continue  # an empty item is item-empty, not six missing months
        covered = _covered(item) | months_named(item.content.body)
        gap = [m for m in _due(item, site) if m not in covered]
        if gap:
            yield item.hit(
                _("{code} has no report for {months}").format(
                    code=item.code,
                    months=", ".join(month_text(y, m, site.numerals) for y, m in gap),
                ),
                item.anchor(),
                _(
                    "publish each month's report (or the statement that there was none) and name "
                    "its month in period: or in its title; a document of several months may name "
                    "them as a range (ตุลาคม – ธันวาคม 2565)"
                ),
            )


def period_inferred(site: SiteCheck) -> Iterator[Hit]:
    """Periods read from document titles, for the webmaster to confirm (one notice per item)."""
    for item in site.present():
        if window(item.spec, item.content.year) is None:
            continue
        read = [(d.title, d.period) for d in item.documents if d.period_source == "title"]
        if read:
            shown = "; ".join(f"'{t[:40]}' → {period_text(p, site.numerals)}" for t, p in read[:6])
            message = ngettext(
                "{code}: the period of {count} document was read from its title: {list}",
                "{code}: the periods of {count} documents were read from their titles: {list}",
                len(read),
            )
            yield item.hit(
                message.format(
                    code=item.code,
                    count=num(len(read), site.numerals),
                    list=shown + ("; …" if len(read) > 6 else ""),
                ),
                item.line("documents"),
                _("if a period is wrong, write the right one in period: under that document"),
            )


def period_unknown(site: SiteCheck) -> Iterator[Hit]:
    """A dated document whose period neither period: nor its title says (the date is not used)."""
    for item in site.present():
        if window(item.spec, item.content.year) is None:
            continue
        for i, doc in enumerate(item.documents):
            if doc.period is None and doc.date is not None:
                yield item.hit(
                    _(
                        "{document} '{title}' was signed on {date}, but nothing says which period "
                        "its data covers; the signing date is not taken as the period"
                    ).format(
                        document=document_text(i, site.numerals),
                        title=doc.title[:60],
                        date=date_text(doc.date, site.numerals),
                    ),
                    item.line("documents", i),
                    _("add period: (e.g. {example}) under the document").format(
                        example=num(EXAMPLE, site.numerals)
                    ),
                )


def signed_early(site: SiteCheck) -> Iterator[Hit]:
    """A report signed before the period it reports has ended."""
    for item in site.present():
        if (
            item.spec.period not in REPORTS
            and not item.spec.monthly
            or item.spec.key in ANALYSED_THIS_YEAR
        ):
            continue
        for i, doc in enumerate(item.documents):
            if doc.date is None or doc.period is None or doc.date >= _ends(doc.period):
                continue
            if not item.spec.monthly and not any(w in doc.title for w in REPORT_WORDS):
                continue
            yield item.hit(
                _(
                    "{document} '{title}' reports {period} but was signed on {date}, before that "
                    "period ended"
                ).format(
                    document=document_text(i, site.numerals),
                    title=doc.title[:60],
                    period=period_text(doc.period, site.numerals),
                    date=date_text(doc.date, site.numerals),
                ),
                item.line("documents", i, "date") or item.line("documents", i),
                _("a report is signed after its period ends: check the date and the period"),
            )
