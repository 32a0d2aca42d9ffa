"""The check's HTML report in a real browser: readable on a 360 px phone, still a report at 1280 px.

Headless Debian Chromium (driven by Playwright, launched as tests/test_browser.py does) opens the
report of a freshly initialised site, whose findings are many and whose texts are long Thai
lines and file paths, and of two sites at once (the table of sites). Screenshots go to
artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from itagen.cli import main
from itagen.commands.check import run_checks
from itagen.commands.check.formats import render

from .checksites import clean_site
from .browsers import DESKTOP, PHONE, SHOTS



@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML report of a fresh site (every finding, --verbose) and of two sites together."""
    root = tmp_path_factory.mktemp("check-html")
    fresh = root / "อบต-ตัวอย่าง-ที่มีชื่อโฟลเดอร์ยาวมากจนต้องตัดบรรทัด"
    assert (
        main(
            [
                "init",
                str(fresh),
                "--year",
                "2566",
                "--name",
                "องค์การบริหารส่วนตำบลหนองบัวแดงใต้ อำเภอเมืองเก่า จังหวัดตัวอย่าง",
            ]
        )
        == 0
    )
    out = {}
    for name, sites, verbose in (
        ("fresh", [fresh], True),
        ("two", [fresh, clean_site(root / "clean").root], False),
    ):
        out[name] = root / f"{name}.html"
        out[name].write_text(render(run_checks(sites), "html", verbose=verbose), encoding="utf-8")
    return out


def _open(browser, path: Path, viewport: dict):
    page = browser.new_page(viewport=viewport)
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on(
        "request",
        lambda r: not r.url.startswith(("file:", "data:", "about:")) and errors.append(r.url),
    )
    page.goto(path.as_uri())
    return page, errors


@pytest.mark.parametrize("name", ["fresh", "two"])
def test_the_report_has_no_sideways_scrolling_on_a_phone(browser, reports, name):
    page, errors = _open(browser, reports[name], PHONE)
    # Open every fold too: a finding's long path must wrap as well.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1] == PHONE["width"], widths
    wide = page.evaluate("""[...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wide == []
    assert errors == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"check-report-{name}-360.png"), full_page=False)
    page.close()


def test_the_report_still_looks_like_a_report_on_a_desktop(browser, reports):
    page, errors = _open(browser, reports["fresh"], DESKTOP)
    box = page.evaluate(
        """(() => { const m = document.querySelector('main').getBoundingClientRect();
        const s = document.querySelector('.summary-box').getBoundingClientRect();
        return [m.width, m.left, s.top, document.documentElement.scrollWidth]; })()"""
    )
    width, left, summary_top, scroll = box
    # A centred column of readable width, the summary near the top, no sideways scrolling.
    assert 800 <= width <= 1000 and left > 100 and summary_top < 300 and scroll <= DESKTOP["width"]
    # Groups are one block per kind of problem; the items of each sub-indicator sit on a line.
    assert page.locator("li.group").count() >= 4
    chips = page.evaluate("""[...document.querySelector('ul.items').children]
        .map(li => Math.round(li.getBoundingClientRect().top))""")
    assert len(set(chips)) == 1
    assert errors == []
    page.screenshot(path=str(SHOTS / "check-report-fresh-1280.png"), full_page=False)
    page.close()
