"""itagen build on small sites in tmp_path: what the output holds, and what a failed build
leaves."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from itagen.build import build
from itagen.errors import ItagenError

from .htmlcheck import local_targets, soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def tree_digest(root: Path) -> dict[str, str]:
    """Map every file under root to the hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_build_writes_the_whole_output(site):
    result = build(site.root)
    out = site.root / "build"
    assert result.ok and result.out_dir == out
    for rel in (
        "index.html",
        "2566/index.html",
        "2566/o1/index.html",
        "2566/o43/index.html",
        "eit/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "ita.json",
        "files/2566/structure.pdf",
        "assets/itagen.css",
    ):
        assert (out / rel).is_file(), rel
    assert result.pages == 43 + 4  # items, year index, home, poster, 404


def test_year_index_lists_every_catalog_item_in_order_and_marks_missing_ones(site):
    build(site.root)
    doc = soup(site.root / "build/2566/index.html")
    items = doc.select("li.item")
    assert [li["id"] for li in items] == [f"o{n}" for n in range(1, 44)]
    assert "status-ok" in items[0]["class"]
    assert "status-missing" in items[1]["class"]
    assert items[1].select_one(".badge").get_text() == "ยังไม่มีข้อมูล"
    # Items sit under their sub-indicator and heading.
    sub = doc.select_one("#s9-3")
    assert sub.h3.get_text(strip=True).startswith("ตัวชี้วัดย่อยที่ ๙.๓")
    assert [li["id"] for li in sub.select("li.item")] == ["o19", "o20", "o21", "o22"]
    heading_of_o7 = doc.select_one("#o7").find_parent("ul").find_previous_sibling("h4")
    assert heading_of_o7.get_text() == "การประชาสัมพันธ์"


def test_item_page_shows_title_requirements_body_and_documents_with_thai_dates(site):
    build(site.root)
    page = soup(site.root / "build/2566/o1/index.html")
    assert page.h1.get_text(" ", strip=True) == "O1 โครงสร้าง"
    assert "ข้อมูลโครงสร้างของ อบต." in page.select_one(".body").get_text()
    doc = page.select_one(".documents li")
    assert doc.a.get_text() == "แผนผังโครงสร้าง"
    assert doc.a["href"] == "../../files/2566/structure.pdf"
    assert "๑๖ มกราคม ๒๕๖๖" in doc.get_text()
    assert "PDF" in doc.get_text()
    assert page.select(".requirements li"), "required components are listed"
    assert page.select_one("time")["datetime"] == "2023-01-16"
    assert page.select_one("a[rel=next]")["href"] == "../../2566/o2/index.html"


def test_every_relative_link_and_asset_resolves(site):
    site.file("files/ประกาศ ราคา.pdf")
    site.item(
        "9.1", "O2", "", "ดู [ประกาศ](<files/ประกาศ ราคา.pdf>) และ [ข้อ O1](content/2566/9.1/O1.md)\n"
    )
    site.write("content/pages/about.md", "---\ntitle: เกี่ยวกับเรา\n---\nดู [ITA](2566/o1/)\n")
    build(site.root)
    out = site.root / "build"
    checked = 0
    for page in out.rglob("*.html"):
        for href, target in local_targets(page, out):
            assert target.is_file(), f"{page.relative_to(out)}: {href}"
            assert target.is_relative_to(out)
            checked += 1
    assert checked > 400
    o2 = soup(out / "2566/o2/index.html").select_one(".body a")
    assert (
        o2["href"] == "../../files/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8%20"
        "%E0%B8%A3%E0%B8%B2%E0%B8%84%E0%B8%B2.pdf"
    )


def test_two_builds_are_byte_identical(site, tmp_path):
    build(site.root, tmp_path / "a")
    build(site.root, tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_ita_json_and_sitemap_describe_the_site(site):
    build(site.root)
    data = json.loads((site.root / "build/ita.json").read_text(encoding="utf-8"))
    assert (
        data["current_year"] == 2566 and data["eit_url"] == "https://itas.nacc.go.th/go/eit/xgitdi"
    )
    items = data["years"][0]["items"]
    assert [i["code"] for i in items] == [f"O{n}" for n in range(1, 44)]
    assert items[0]["url"] == "https://example.org/ita/2566/o1/"
    assert items[0]["documents"][0]["date"] == "2023-01-16"
    assert items[1]["status"] == "missing"
    sitemap = (site.root / "build/sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/ita/2566/o1/</loc><lastmod>2023-01-16</lastmod>" in sitemap


def test_no_sitemap_without_base_url_and_arabic_numerals_when_asked(site):
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    text = text.replace("base_url: https://example.org/ita/\n", "").replace(
        "numerals: thai", "numerals: arabic"
    )
    site.write("site.yaml", text)
    build(site.root)
    assert not (site.root / "build/sitemap.xml").exists()
    page = (site.root / "build/2566/o1/index.html").read_text(encoding="utf-8")
    assert "16 มกราคม 2566" in page and "๒๕๖๖" not in page


BROKEN = {
    "bad YAML": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\ndocuments: [\n---\n",
        3,
        "YAML syntax error",
    ),
    "missing file": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\ndocuments:\n  - title: x\n    file: files/nope.pdf\n---\n",
        5,
        "does not exist",
    ),
    "unknown code": (
        "content/2566/9.1/O2.md",
        "---\ncode: O99\n---\n",
        2,
        "O99 is not an item of the 2566 catalog",
    ),
    "duplicate item": ("content/2566/9.1/O1.yaml", "code: O1\n", 1, "defined twice"),
    "bad date": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\nupdated: 31/04/2566\n---\n",
        3,
        "31/04/2566",
    ),
    "wrong folder": (
        "content/2566/9.2/O2.md",
        "---\ncode: O2\n---\n",
        2,
        "belongs in sub-indicator 9.1",
    ),
    "javascript link": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\n---\ntext\n\n[x](javascript:alert(1))\n",
        6,
        "not allowed",
    ),
    "path out of the site": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\ndocuments:\n  - title: x\n    file: ../secret.pdf\n---\n",
        5,
        "..",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_a_failed_build_names_file_and_line_and_leaves_the_previous_output(site, case):
    build(site.root)
    before = tree_digest(site.root / "build")
    rel, text, line, words = BROKEN[case]
    site.write(rel, text)
    with pytest.raises(ItagenError) as err:
        build(site.root)
    problems = [p for p in err.value.problems if p.is_error]
    assert any(p.path == rel and p.line == line and words in str(p) for p in problems), problems
    assert tree_digest(site.root / "build") == before
    assert not [
        p for p in site.root.iterdir() if ".itagen-tmp" in p.name or ".itagen-old" in p.name
    ]


def test_unknown_code_suggests_the_nearest_codes(site):
    site.item("9.1", "O2", name="O2.md")
    site.write("content/2566/9.1/O2.md", "---\ncode: O2x\n---\n")
    with pytest.raises(ItagenError) as err:
        build(site.root)
    assert "O2" in err.value.problems[0].hint


def test_yaml_items_bom_crlf_and_pdf_copy_defects_are_handled(site):
    site.file(
        "content/2566/9.1/O3.yaml",
        "\ufeffcode: O3\r\ntitle: อำนาจหน้าที่ของ\u200bหน่วยงาน\r\ndocuments:\r\n"
        "  - title: กําหนดอำนาจ\r\n    url: https://example.org/a\r\n".encode("utf-8"),
    )
    build(site.root)
    page = soup(site.root / "build/2566/o3/index.html")
    assert page.h1.get_text(" ", strip=True) == "O3 อำนาจหน้าที่ของหน่วยงาน"
    assert page.select_one(".documents a").get_text() == "กำหนดอำนาจ"
    assert (site.root / "content/2566/9.1/O3.yaml").read_bytes().startswith(b"\xef\xbb\xbf"), (
        "source untouched"
    )


def test_raw_html_in_markdown_is_escaped(site):
    site.item("9.1", "O2", "", "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n")
    build(site.root)
    page = soup(site.root / "build/2566/o2/index.html")
    assert not page.select(".body script") and not page.select(".body img")
    assert "<script>alert(1)</script>" in page.select_one(".body").get_text()


@pytest.mark.parametrize("bad", ["/", "~", "site", "."])
def test_dangerous_output_folders_are_refused(site, bad, monkeypatch):
    monkeypatch.chdir(site.root.parent)
    target = {"/": Path("/"), "~": Path.home(), "site": site.root, ".": site.root.parent}[bad]
    with pytest.raises(ItagenError, match="refusing"):
        build(site.root, target)


def test_a_non_empty_folder_that_is_not_an_itagen_output_is_not_replaced(site, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(ItagenError, match="not an itagen output"):
        build(site.root, other)
    assert (other / "thesis.docx").read_bytes() == b"precious"


def test_a_body_link_to_an_item_or_page_the_site_lacks_is_an_error(site):
    site.item(
        "9.1", "O2", "", "ดู [ข้อ O99](content/2566/9.1/O99.md)\n\nและ [หน้า](content/pages/nope.md)\n"
    )
    with pytest.raises(ItagenError) as err:
        build(site.root)
    lines = sorted(p.line for p in err.value.problems if "does not have" in p.message)
    assert lines == [5, 7]  # front matter with an empty line: the body starts on line 5


def test_the_404_page_links_from_the_sites_own_path(site):
    """Hosts serve 404.html at any depth, where relative links would break."""
    build(site.root)
    page = soup(site.root / "build/404.html")
    urls = [
        el.get("href") or el.get("src")
        for el in page.select("a[href], link[href], img[src], script[src]")
    ]
    local = [u for u in urls if not u.startswith(("mailto:", "https://itas.", "#"))]
    assert local and all(u.startswith("/ita/") for u in local), local


def test_an_image_from_another_website_is_refused(site):
    site.item("9.1", "O2", "", "ภาพ\n\n![แผนที่](https://maps.example.com/tile.png)\n")
    with pytest.raises(ItagenError) as err:
        build(site.root)
    assert any("another website" in p.message and p.line == 7 for p in err.value.problems)


def test_output_is_identical_across_processes_and_hash_seeds(site, tmp_path):
    """Set iteration order changes with PYTHONHASHSEED; the output must not."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "itagen",
                "build",
                str(site.root),
                "-o",
                str(tmp_path / seed),
                "--no-cache",
                "-q",
            ],
            check=True,
            env=env,
        )
    assert tree_digest(tmp_path / "1") == tree_digest(tmp_path / "2")


def _without_base_url(site) -> None:
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("base_url: https://example.org/ita/\n", ""))


def test_without_base_url_the_404_page_stands_alone_at_any_depth(site, tmp_path):
    """Issue 23: without base_url the page cannot know where the site is, so it links nothing and
    carries its styles (no web fonts: they would be asked for at a wrong address)."""
    _without_base_url(site)
    out = build(site.root, tmp_path / "out").out_dir
    page = soup(out / "404.html")
    addresses = [el.get("href") or el.get("src") for el in page.select("[href], [src]")]
    assert addresses == ["#main"], addresses
    style = page.find("style").string
    assert ".site-header" in style and "@font-face" not in style and "url(" not in style
    assert "ไม่พบหน้าที่ต้องการ" in page.h1.get_text()
    assert page.find("header") and page.find("footer")


def test_with_base_url_the_404_page_links_the_site_and_its_icon(site):
    build(site.root)
    page = soup(site.root / "build/404.html")
    assert page.find("style") is None
    assert page.find("link", rel="icon")["href"] == "/ita/assets/icon.svg"


@pytest.mark.parametrize("theme", ["default", "table"])
@pytest.mark.parametrize("logo", [None, "files/logo.png"])
def test_every_page_declares_an_icon_that_the_output_has(site, tmp_path, theme, logo):
    """Issue 23: without one, browsers ask the host for /favicon.ico (not the site's own under a
    sub-path)."""
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    text = text.replace("theme: default", f"theme: {theme}")
    if logo:
        site.file(logo, b"\x89PNG\r\n\x1a\n")
        text = text.replace("  district: เกาะคา\n", f"  district: เกาะคา\n  logo: {logo}\n")
    site.write("site.yaml", text)
    out = build(site.root, tmp_path / "out").out_dir
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 5
    for path in pages:
        [icon] = soup(path).find_all("link", rel="icon")
        href = icon["href"]
        if path.name == "404.html":
            target = out / href.removeprefix("/ita/")
        else:
            assert not href.startswith("/"), href
            target = (path.parent / href).resolve()
        assert target == (out / (logo or "assets/icon.svg")).resolve(), (path, href)
        assert target.is_file()
    if not logo:
        assert (out / "assets/icon.svg").read_bytes().startswith(b"<svg")
