"""The repository's example site: what a fresh clone's `itagen build` gives."""

from __future__ import annotations

import re
import shutil

from itagen.build import build

from .conftest import REPO
from .htmlcheck import soup

THAI_DATE = re.compile(
    r"[๐-๙]{1,2} (มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม"
    r"|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม) [๐-๙]{4}"
)


def test_the_example_site_has_all_43_items_filled(example_build):
    year = soup(example_build / "2566/index.html")
    items = year.select("li.item")
    assert len(items) == 43
    assert all("status-ok" in li["class"] for li in items), [
        li["id"] for li in items if "status-ok" not in li["class"]
    ]
    pages = sorted(p.parent.name for p in (example_build / "2566").glob("o*/index.html"))
    assert len(pages) == 43


def test_example_content_is_rich_and_dates_are_thai(example_build):
    o21 = soup(example_build / "2566/o21/index.html")
    assert o21.select(".body ul ul li a"), "monthly reports are nested lists of links"
    assert "ไม่มีการจัดซื้อจัดจ้าง" in o21.get_text()
    assert soup(example_build / "2566/o5/index.html").select(".body table tr")
    for page in (example_build / "2566").glob("o*/index.html"):
        for time in soup(page).select(".documents time"):
            assert THAI_DATE.fullmatch(time.get_text()), (page, time.get_text())
    assert "๒๕๖๖" in (example_build / "2566/index.html").read_text(encoding="utf-8")


def test_the_example_in_arabic_numerals(tmp_path):
    site = tmp_path / "example"
    for name in ("content", "files"):
        shutil.copytree(REPO / name, site / name)
    text = (
        (REPO / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("numerals: thai", "numerals: arabic")
    )
    (site / "site.yaml").write_text(text, encoding="utf-8")
    build(site, tmp_path / "out")
    page = (tmp_path / "out/2566/o1/index.html").read_text(encoding="utf-8")
    assert re.search(r"\d{1,2} มกราคม 2566", page) and not re.search(
        "[๐-๙]", page.split("<footer")[0].split("</header>")[1]
    )
