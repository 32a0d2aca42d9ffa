"""The printable EIT/IIT posters: what they say, that they print on one A4 page, and that the print
scans."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from itagen.build import build

from .conftest import SITE_YAML, SiteMaker
from .htmlcheck import soup
from .qrdecode import (
    LONG,
    SHORT,
    decode_pdf,
    finish_print,
    need,
    pdf_page_size_mm,
    pdf_pages,
    qr_svgs,
    start_print,
)

IIT = "https://itas.nacc.go.th/go/iit/xgitdi"


def _site(root: Path, ita_lines: str) -> Path:
    """Build a one-item site whose ita: block has `ita_lines` in place of the fixture's eit_code."""
    maker = SiteMaker(root)
    maker.write(
        "site.yaml",
        SITE_YAML.replace("  eit_code: xgitdi\n", ita_lines).replace(
            "  district: เกาะคา\n", "  district: เกาะคา\n  contact: {phone: 054-000-111}\n"
        ),
    )
    maker.item("9.1", "O1", "updated: 2566-01-16", "โครงสร้าง\n")
    return build(root, root / "build").out_dir


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two sites: a NACC code with an IIT link, and a 200-character EIT link."""
    base = tmp_path_factory.mktemp("posters")
    short = _site(base / "short", f"  eit_code: xgitdi\n  iit_url: {IIT}\n")
    long = _site(base / "long", f"  eit_url: '{LONG}'\n")
    return {
        "eit-short": short / "eit/index.html",
        "iit-short": short / "iit/index.html",
        "eit-long": long / "eit/index.html",
    }


@pytest.fixture(scope="module")
def printed(built: dict[str, Path]) -> dict[str, Path]:
    """Every poster printed to PDF by headless Chromium, the three prints running at once."""
    need("chromium", "pdfinfo", "pdftoppm", "zbarimg")
    jobs = {
        name: (
            html.with_suffix(f".{name}.pdf"),
            start_print(html, html.with_suffix(f".{name}.pdf")),
        )
        for name, html in built.items()
    }
    for pdf, started in jobs.values():
        finish_print(started)
    return {name: pdf for name, (pdf, _) in jobs.items()}


def test_poster_says_who_when_where_and_how(built):
    page = soup(built["eit-short"])
    text = page.get_text(" ")
    assert page.select_one(".agency").get_text() == "องค์การบริหารส่วนตำบลทดสอบ"
    assert "อำเภอเกาะคา จังหวัดลำปาง" in text
    assert (
        page.select_one("h1").get_text(" ", strip=True) == "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)"
    )
    assert (
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in page.select_one(".year").get_text()
    )  # the year in Thai digits
    assert page.select_one(".url").get_text() == SHORT
    assert (
        page.select_one(".code strong").get_text() == "xgitdi"
    )  # large, for a webmaster to compare
    steps = page.select("ol.steps > li")
    assert len(steps) == 3 and all(re.search(r"[\u0e01-\u0e4f]", li.get_text()) for li in steps)
    assert "โทร. ๐๕๔-๐๐๐-๑๑๑" in " ".join(page.select_one(".foot").get_text(" ").split())
    # One page to print: no navigation, no script, only links to the survey itself.
    assert not page.select("nav, script, header.site-header, .crumbs")
    assert {a["href"] for a in page.select("a")} == {SHORT}
    assert page.select_one("a.poster-qr svg[role=img]")["aria-label"].startswith("คิวอาร์โค้ด")
    css = (built["eit-short"].parent.parent / "assets/poster.css").read_text(encoding="utf-8")
    assert "@page" in css and "size: A4" in css
    assert [link["href"] for link in page.select("link[rel=stylesheet]")] == [
        "../assets/poster.css"
    ]


def test_a_link_that_is_not_nacc_shows_its_host_instead_of_a_code(tmp_path):
    out = _site(tmp_path / "s", "  eit_url: https://forms.gle/Ab12Cd\n  silence: [eit-host]\n")
    page = soup(out / "eit/index.html")
    assert page.select_one(".code strong").get_text() == "forms.gle"
    assert "ลิงก์ <strong>https://forms.gle/Ab12Cd</strong>" in (out / "eit/index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize("name,url", [("eit-short", SHORT), ("iit-short", IIT), ("eit-long", LONG)])
def test_poster_prints_on_one_a4_page_and_the_print_scans(printed, built, name, url):
    pdf = printed[name]
    assert pdf.is_file(), f"Chromium did not print {name}"
    assert pdf_pages(pdf) == 1
    width, height = pdf_page_size_mm(pdf)
    assert abs(width - 210) < 1 and abs(height - 297) < 1
    assert decode_pdf(pdf) == [url]
    assert len(qr_svgs(built[name].read_text(encoding="utf-8"))) == 1
    assert soup(built[name]).select_one("a.poster-qr")["href"] == url


def test_the_reminder_to_check_the_code_is_not_printed(printed):
    need("pdftotext")
    text = subprocess.run(
        ["pdftotext", str(printed["eit-short"]), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "xgitdi" in text and SHORT in text
    assert "Ctrl+P" not in text  # the on-screen note before the sheet
