"""The ITAS answer sheet: for each OIT item, what the agency types into the NACC system.

Owns `itagen export itas`: per item the code, the title, disclosed or not
(มี / ไม่มี), the absolute URLs (the item page first, then its documents) and a
คำอธิบาย that tells assessors where the item sits on the site, generated from the
real navigation path, starting from the agency's home page (agency.website) where
evaluators start. URLs come from base_url; CSV is UTF-8 with a BOM so Excel shows
Thai. ITAS appears to take at most 5 URLs per item (ITA-FACTS §3, ita.max_urls):
the sheet carries at most that many, the item page first (it lists every document),
and says what it left out, in the คำอธิบาย and in a warning. The sheet agrees with
`itagen check`: an item the check fails with an error is not answered มี.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass

from itagen.errors import ItagenError, Problem
from itagen.site.model import ItemView, SiteView
from itagen.site.paths import url_path
from itagen.thai.dates import digits
from itagen.thai.messages import _

# What the answer column says: ITAS asks มี / ไม่มี; an item that check fails with an error is
# marked for fixing instead, so a sheet pasted as it is never claims what evaluators will fail.
YES, NO, FIX = "มี", "ไม่มี", "ต้องแก้ไขก่อน (itagen check ไม่ผ่าน)"


@dataclass(frozen=True, slots=True)
class Answer:
    """One row of the answer sheet."""

    code: str
    title: str
    disclosed: bool
    urls: tuple[str, ...]
    explanation: str
    failing: tuple[str, ...] = ()  # the check's error rules on the item
    dropped: tuple[str, ...] = ()  # URLs beyond what ITAS takes, left out of the sheet

    @property
    def answer(self) -> str:
        """มี, ไม่มี, or the mark of an item to fix first."""
        if not self.disclosed:
            return NO
        return FIX if self.failing else YES


def check_errors(site_dir, year: int | None = None, workspace=None) -> dict[str, tuple[str, ...]]:
    """The error rules `itagen check` finds on each item code (the sheet's answers follow them)."""
    from itagen.commands.check import run_check

    report = run_check(site_dir, year, workspace=workspace)
    found: dict[str, list[str]] = {}
    for f in report.findings:
        if f.item and f.severity == "error" and f.rule not in found.setdefault(f.item, []):
            found[f.item].append(f.rule)
    return {code: tuple(rules) for code, rules in found.items() if rules}


def item_url(base: str, item: ItemView) -> str:
    """Return the stable absolute URL of an item page (the one agencies enter into ITAS)."""
    return f"{base}{item.year}/{item.slug}/"


def answers(
    site: SiteView, year: int | None = None, failing: Mapping[str, tuple[str, ...]] | None = None
) -> tuple[list[Answer], list[Problem]]:
    """Return the answer rows of a year (default: the current year) and warnings about them.

    `failing` (check_errors) names the items the check fails: they are not answered มี.
    """
    base = site.config.base_url
    if not base:
        raise ItagenError(
            _("the ITAS answer sheet needs the site's public address"),
            "site.yaml",
            None,
            _("add base_url: https://…/ to site.yaml, or pass --base-url"),
        )
    view = site.by_year.get(year) if year else site.current
    if view is None:
        have = ", ".join(str(y.year) for y in site.years) or _("none")
        raise ItagenError(
            _("the site has no content for the year {year}").format(year=year),
            "content",
            None,
            _("years with content: {years}").format(years=have),
        )
    num = site.numerals
    limit = site.config.ita.max_urls
    failing = failing or {}
    home = site.config.agency.website
    rows, warnings = [], []
    for item in view.items:
        urls = [item_url(base, item)]
        for doc in item.documents:
            urls.append(base + url_path(doc.file) if doc.file else doc.url)
        sub = view.catalog.subindicators[item.spec.subindicator]
        steps = [
            f"ITA {digits(view.year, num)}",
            f"{digits(sub.number, num)} {sub.title}",
            f"{item.code} {item.title}",
        ]
        if home:
            # Evaluators start at the agency's own site (ITA-FACTS §3): say how to get from it.
            explanation = "เปิด" + " › ".join([f"เว็บไซต์หลัก {home}", "เมนู ITA", *steps])
        else:
            explanation = f"เปิดเว็บไซต์ {base} แล้วเลือก " + " › ".join(["หน้าหลัก", *steps])
        kept, dropped = urls[:limit], urls[limit:]
        src = item.content.src if item.content else None
        if item.status != "ok":
            explanation = "ยังไม่ได้เผยแพร่ข้อมูล"
        elif item.documents:
            explanation += f" ในหน้านั้นมีเอกสารและลิงก์ {digits(len(item.documents), num)} รายการ"
            if dropped:
                explanation += (
                    f" (ใส่ในช่อง URL ได้ {digits(limit, num)} ลิงก์ อีก "
                    f"{digits(len(dropped), num)} รายการเปิดได้จากหน้านั้น)"
                )
        if dropped:
            warnings.append(
                Problem(
                    _(
                        "{code} has {count} URLs; ITAS takes at most {limit}: the sheet leaves out "
                        "{dropped}"
                    ).format(
                        code=item.code, count=len(urls), limit=limit, dropped=", ".join(dropped)
                    ),
                    src,
                    None,
                    _("the item page (URL 1) lists every document, so evaluators still reach them"),
                    "warning",
                    "itas-url-limit",
                )
            )
        row = Answer(
            item.code,
            item.title,
            item.status == "ok",
            tuple(kept),
            explanation,
            failing.get(item.code, ()) if item.status == "ok" else (),
            tuple(dropped),
        )
        if row.failing:
            warnings.append(
                Problem(
                    _(
                        "{code} fails itagen check ({rules}): the sheet answers '{answer}' "
                        "instead of มี"
                    ).format(code=item.code, rules=", ".join(row.failing), answer=FIX),
                    src,
                    None,
                    _("fix what itagen check reports, then export again"),
                    "warning",
                    "itas-check-fails",
                )
            )
        rows.append(row)
    return rows, warnings


# A cell starting with one of these is a formula to Excel and LibreOffice (=HYPERLINK(…) sends the
# reader elsewhere, =cmd|… runs a program): OWASP's "CSV Injection" page advises a leading quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """Return `value` safe for a spreadsheet cell: a would-be formula gets a leading '."""
    return "'" + value if value.startswith(FORMULA_START) else value


def to_csv(rows: list[Answer], url_columns: int) -> str:
    """Return the sheet as CSV text beginning with a BOM (Excel reads it as UTF-8).

    Every cell goes through `cell`: titles and URLs come from content, and the file is for Excel.
    """
    width = url_columns  # answers() keeps at most this many and says what it left out
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["ข้อ", "รายการ", "การเปิดเผยข้อมูล"] + [f"URL {i}" for i in range(1, width + 1)] + ["คำอธิบาย"]
    )
    for r in rows:
        urls = list(r.urls[:width]) + [""] * (width - len(r.urls))
        writer.writerow([cell(v) for v in (r.code, r.title, r.answer, *urls, r.explanation)])
    return "\ufeff" + out.getvalue()


def to_json(rows: list[Answer], year: int) -> str:
    """Return the sheet as JSON."""
    data = {
        "year": year,
        "items": [
            {
                "code": r.code,
                "title": r.title,
                "disclosed": r.disclosed,
                "urls": list(r.urls),
                "explanation": r.explanation,
                "answer": r.answer,
                "check_errors": list(r.failing),
                "dropped_urls": list(r.dropped),
            }
            for r in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
