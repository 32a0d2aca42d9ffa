"""The ITAS answer sheet: for each OIT item, what the agency types into the NACC system.

Owns `itagen export itas`: per item the code, the title, disclosed or not
(มี / ไม่มี), the absolute URLs (the item page first, then its documents) and a
คำอธิบาย that tells assessors where the item sits on the site, generated from the
real navigation path. URLs come from base_url; CSV is UTF-8 with a BOM so Excel
shows Thai. ITAS appears to take at most 5 URLs per item (ITA-FACTS §3), so more
is a warning, never silently cut.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.site.model import ItemView, SiteView
from itagen.site.paths import url_path
from itagen.thai.dates import digits


@dataclass(frozen=True, slots=True)
class Answer:
    """One row of the answer sheet."""

    code: str
    title: str
    disclosed: bool
    urls: tuple[str, ...]
    explanation: str


def item_url(base: str, item: ItemView) -> str:
    """Return the stable absolute URL of an item page (the one agencies enter into ITAS)."""
    return f"{base}{item.year}/{item.slug}/"


def answers(site: SiteView, year: int | None = None) -> tuple[list[Answer], list[Problem]]:
    """Return the answer rows of a year (default: the current year) and warnings about them."""
    base = site.config.base_url
    if not base:
        raise ItagenError(_("the ITAS answer sheet needs the site's public address"), "site.yaml",
                          None, _("add base_url: https://…/ to site.yaml, or pass --base-url"))
    view = site.by_year.get(year) if year else site.current
    if view is None:
        have = ", ".join(str(y.year) for y in site.years) or _("none")
        raise ItagenError(_("the site has no content for the year {year}").format(year=year),
                          "content", None, _("years with content: {years}").format(years=have))
    num = site.numerals
    limit = site.config.ita.max_urls
    rows, warnings = [], []
    for item in view.items:
        urls = [item_url(base, item)]
        for doc in item.documents:
            urls.append(base + url_path(doc.file) if doc.file else doc.url)
        sub = view.catalog.subindicators[item.spec.subindicator]
        path = " › ".join([
            "หน้าหลัก", f"ITA {digits(view.year, num)}", f"{digits(sub.number, num)} {sub.title}",
            f"{item.code} {item.title}"])
        if item.status == "ok":
            explanation = f"เปิดเว็บไซต์ {base} แล้วเลือก {path}"
            if item.documents:
                explanation += f" ในหน้านั้นมีเอกสารและลิงก์ {digits(len(item.documents), num)} รายการ"
        else:
            explanation = "ยังไม่ได้เผยแพร่ข้อมูล"
        if len(urls) > limit:
            warnings.append(Problem(
                _("{code} has {n} URLs; ITAS appears to take at most {most}").format(
                    code=item.code, n=len(urls), most=limit),
                item.content.src if item.content else None, None,
                _("enter the item page URL first: it lists every document"), "warning",
                "itas-url-limit"))
        rows.append(Answer(item.code, item.title, item.status == "ok", tuple(urls), explanation))
    return rows, warnings


def to_csv(rows: list[Answer], url_columns: int) -> str:
    """Return the sheet as CSV text beginning with a BOM (Excel reads it as UTF-8)."""
    width = max([url_columns] + [len(r.urls) for r in rows])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["ข้อ", "รายการ", "การเปิดเผยข้อมูล"] + [f"URL {i}" for i in range(1, width + 1)] + ["คำอธิบาย"])
    for r in rows:
        urls = list(r.urls) + [""] * (width - len(r.urls))
        writer.writerow([r.code, r.title, "มี" if r.disclosed else "ไม่มี", *urls, r.explanation])
    return "\ufeff" + out.getvalue()


def to_json(rows: list[Answer], year: int) -> str:
    """Return the sheet as JSON."""
    data = {"year": year, "items": [
        {"code": r.code, "title": r.title, "disclosed": r.disclosed, "urls": list(r.urls),
         "explanation": r.explanation} for r in rows]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
