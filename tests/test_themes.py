"""Themes without a browser: the default theme's promises, the table child theme, and a site's own
theme.

tests/test_browser.py checks the same themes in Chromium; these tests read the built files, so they
run everywhere in a second and catch a broken override or a missing asset early.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from itagen.build import build
from itagen.render.themes import builtin_themes_dir

from .htmlcheck import soup

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT = builtin_themes_dir() / "default"
TABLE = builtin_themes_dir() / "table"


def use_theme(site, name: str) -> None:
    """Switch a SiteMaker site to another theme."""
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("theme: default", f"theme: {name}"))


# -- default theme ---------------------------------------------------------------------------------


def test_sarabun_is_self_hosted_thai_and_latin_400_700_with_its_licence():
    fonts = DEFAULT / "assets/fonts"
    woff2 = sorted(p.name for p in fonts.glob("*.woff2"))
    assert woff2 == [f"sarabun-{s}-{w}-normal.woff2" for s in ("latin", "thai") for w in (400, 700)]
    assert all((fonts / n).read_bytes()[:4] == b"wOF2" for n in woff2)
    assert sum((fonts / n).stat().st_size for n in woff2) < 45_000, "font payload stays about 40 KB"
    licence = (fonts / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Sarabun Project Authors" in licence
    css = (DEFAULT / "assets/itagen.css").read_text(encoding="utf-8")
    urls = re.findall(r"url\(([^)]+)\)", css)
    assert sorted(u.removeprefix("fonts/") for u in urls) == woff2
    assert "@import" not in css


def test_pages_request_nothing_from_other_hosts(site):
    build(site.root)
    out = site.root / "build"
    for page in out.rglob("*.html"):
        doc = soup(page)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for el in doc.find_all(tag):
                assert not re.match(r"(https?:)?//", el.get(attr, "")), f"{page}: {el}"
    for css in (out / "assets").rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8")):
            assert not re.match(r"['\"]?(https?:)?//", url), f"{css}: {url}"
            assert (css.parent / url.strip("'\"")).is_file(), url
    assert (out / "assets/fonts/OFL.txt").is_file()


def test_every_page_is_thai_with_a_skip_link_to_main_and_one_h1(site):
    build(site.root)
    out = site.root / "build"
    for page in sorted(out.rglob("*.html")):
        doc = soup(page)
        assert doc.html["lang"] == "th", page
        if "eit/" in page.as_posix():
            continue  # the printable poster has no navigation to skip
        skip = doc.select_one("body > a.skip")
        assert skip is not None and skip["href"] == "#main", page
        assert doc.select_one("main#main") is not None, page
        assert len(doc.find_all("h1")) == 1, page


def test_year_index_carries_the_offline_filter(site):
    build(site.root)
    doc = soup(site.root / "build/2566/index.html")
    box = doc.select_one(".filter")
    assert box.has_attr("hidden"), "shown by the script only, so it never appears dead"
    assert doc.select_one("label[for=filter]") and doc.select_one("input#filter[type=search]")
    assert doc.select_one("script[src$='assets/filter.js']")
    assert [li["data-search"].split()[0] for li in doc.select("[data-search]")] == [
        f"O{n}" for n in range(1, 44)
    ]
    assert len(doc.select("[data-filter-group]")) > 7


# -- the table theme: a child of default -----------------------------------------------------------


def test_table_theme_overrides_only_the_year_index_and_adds_a_stylesheet():
    files = sorted(p.relative_to(TABLE).as_posix() for p in TABLE.rglob("*") if p.is_file())
    assert files == ["assets/table.css", "theme.yaml", "year.html"]
    assert "extends: default" in (TABLE / "theme.yaml").read_text(encoding="utf-8")


def test_table_theme_shows_the_evaluator_table_per_heading(site):
    site.file("files/2566/o2.pdf")
    site.item(
        "9.1",
        "O2",
        """
        documents:
          - title: ทำเนียบผู้บริหาร
            file: files/2566/o2.pdf
          - title: เพจของ อบต.
            url: https://www.facebook.com/example
    """,
    )
    use_theme(site, "table")
    build(site.root)
    out = site.root / "build"
    doc = soup(out / "2566/index.html")
    styles = [link["href"] for link in doc.select("link[rel=stylesheet]")]
    assert styles == ["../assets/itagen.css", "../assets/table.css"], (
        "the child's css comes after its parent's"
    )
    assert (out / "assets/table.css").is_file() and (out / "assets/itagen.css").is_file()
    tables = doc.select("table.evaluator")
    assert [t.caption.get_text() for t in tables[:3]] == [
        "ข้อมูลพื้นฐาน",
        "การประชาสัมพันธ์",
        "การปฏิสัมพันธ์ข้อมูล",
    ]
    assert [th.get_text() for th in tables[0].select("thead th")] == [
        "ข้อ",
        "รายการ",
        "URL",
        "คำอธิบาย",
    ]
    rows = doc.select("table.evaluator tbody tr")
    assert [r.th.get_text() for r in rows] == [f"O{n}" for n in range(1, 44)]
    o2 = doc.select_one("tr#o2")
    links = o2.select(".links a")
    assert links[0]["href"] == "../2566/o2/index.html"
    assert links[0].get_text() == "https://example.org/ita/2566/o2/", (
        "the address to enter into ITAS"
    )
    assert [a.get_text() for a in links[1:]] == ["ทำเนียบผู้บริหาร", "เพจของ อบต."]
    assert (
        links[1]["href"] == "../files/2566/o2.pdf"
        and links[2]["href"] == "https://www.facebook.com/example"
    )
    assert "แสดงข้อมูลของผู้บริหารสูงสุด" in o2.select_one(".desc").get_text()
    assert "ยังไม่มีข้อมูล" in doc.select_one("tr#o3").get_text()


def test_table_theme_leaves_every_other_page_as_the_default_theme_renders_it(site, tmp_path):
    build(site.root, tmp_path / "default")
    use_theme(site, "table")
    build(site.root, tmp_path / "table")
    pages = sorted(
        p.relative_to(tmp_path / "default") for p in (tmp_path / "default").rglob("*.html")
    )
    differ = [
        p.as_posix()
        for p in pages
        if (tmp_path / "default" / p).read_bytes() != (tmp_path / "table" / p).read_bytes()
    ]
    assert differ == ["2566/index.html"]


# -- a site's own theme ----------------------------------------------------------------------------


def test_a_site_theme_extends_default_and_overrides_one_template(site):
    shutil.copytree(FIXTURES / "mytheme", site.root / "themes/mytheme")
    use_theme(site, "mytheme")
    build(site.root)
    out = site.root / "build"
    item = soup(out / "2566/o1/index.html")
    assert item.select_one("p.unit").get_text() == "ผู้รับผิดชอบ: สำนักปลัด"
    assert item.h1.get_text(" ", strip=True) == "O1 โครงสร้าง", (
        "the rest of the block comes from default"
    )
    assert [link["href"] for link in item.select("link[rel=stylesheet]")] == [
        "../../assets/itagen.css",
        "../../assets/mytheme.css",
    ]
    assert (out / "assets/mytheme.css").is_file() and (
        out / "assets/fonts/sarabun-thai-400-normal.woff2"
    ).is_file()
    year = soup(out / "2566/index.html")
    assert year.select("li.item") and not year.select(".unit"), (
        "templates it does not override are default's"
    )


def test_a_site_can_override_one_template_of_a_builtin_theme(site):
    site.write(
        "themes/default/404.html",
        """\
        {% extends "default/404.html" %}
        {% block main %}{{ super() }}<p class="local">โทร ๐๕๓-๐๐๐-๑๒๓</p>{% endblock %}
    """,
    )
    build(site.root)
    page = soup(site.root / "build/404.html")
    assert page.select_one("p.local") and page.h1.get_text() == "ไม่พบหน้าที่ต้องการ"
