"""Pages and ita.json show each document's period next to the day it was signed."""

from __future__ import annotations

import json

from itagen.cli import main

from .htmlcheck import soup

DOCS = """
    documents:
      - title: รายงานการกำกับติดตาม รอบ 6 เดือน
        file: files/2566/o12.pdf
        date: 10 เมษายน 2566
        period: ต.ค. 65 – มี.ค. 66
      - title: รายงานไตรมาสที่ 2 (มกราคม – มีนาคม 2566)
        url: https://www.example.go.th/o12-q2
      - title: เอกสารไม่ระบุช่วงเวลา
        file: files/2566/o12.pdf
        date: 2566-04-12
"""


def _site(site, theme: str = "default"):
    site.file("files/2566/o12.pdf")
    site.item("9.2", "O12", DOCS, "รายงาน\n")
    if theme != "default":
        text = (site.root / "site.yaml").read_text(encoding="utf-8")
        site.write("site.yaml", text.replace("theme: default", f"theme: {theme}"))
    assert main(["build", str(site.root)]) == 0
    return site.root / "build"


def test_the_item_page_shows_period_and_signing_date(site):
    out = _site(site)
    page = soup(out / "2566/o12/index.html")
    metas = [m.get_text(" ", strip=True) for m in page.select(".documents .meta")]
    assert "ข้อมูลเดือน ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖ · ลงวันที่ ๑๐ เมษายน ๒๕๖๖" in metas[0]
    assert "ข้อมูลเดือน ม.ค. ๒๕๖๖ – มี.ค. ๒๕๖๖" in metas[1]  # read from the title
    assert "ข้อมูลเดือน" not in metas[2] and "ลงวันที่" not in metas[2]
    assert "๑๒ เมษายน ๒๕๖๖" in metas[2]


def test_the_table_theme_shows_the_period(site):
    out = _site(site, "table")
    row = soup(out / "2566/index.html").select_one("tr#o12")
    periods = [p.get_text() for p in row.select(".docs .period")]
    assert periods == ["ข้อมูลเดือน ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖", "ข้อมูลเดือน ม.ค. ๒๕๖๖ – มี.ค. ๒๕๖๖"]
    assert row.select_one(".docs time")["datetime"] == "2023-04-10"


def test_ita_json_keeps_its_keys_and_adds_the_period(site):
    out = _site(site)
    data = json.loads((out / "ita.json").read_text(encoding="utf-8"))
    item = next(i for i in data["years"][0]["items"] if i["code"] == "O12")
    first, second, third = item["documents"]
    assert first["date"] == "2023-04-10" and first["kind"] == "PDF"
    assert first["url"].endswith("o12.pdf")
    assert first["period"] == {
        "start": "2022-10",
        "end": "2023-03",
        "kind": "range",
        "source": "period",
    }
    assert second["period"] == {
        "start": "2023-01",
        "end": "2023-03",
        "kind": "range",
        "source": "title",
    }
    assert "period" not in third and third["date"] == "2023-04-12"
