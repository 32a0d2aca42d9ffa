"""The ITAS answer sheet agrees with itagen check and never carries more URLs than ITAS takes."""

from __future__ import annotations

import csv
import io
import json

from itagen.cli import main

from .checksites import clean_site, item_front, write_item
from .conftest import SITE_YAML


def _sheet(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_an_item_check_fails_is_not_answered_yes_and_the_export_says_so(tmp_path, capsys):
    site = clean_site(tmp_path / "site")
    write_item(
        site,
        "O4",
        item_front(
            "O4",
            "  - title: แผนพัฒนาสี่ปี (พ.ศ. 2561 – 2564)\n"
            "    file: files/2566/o4.pdf\n    date: 2560-06-30\n",
        ),
    )
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(site.root), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "O4" in err and "period-uncovered" in err
    answers = {row[0]: row[2] for row in _sheet(out)[1:]}
    assert answers["O4"] == "ต้องแก้ไขก่อน (itagen check ไม่ผ่าน)"
    assert {a for code, a in answers.items() if code != "O4"} == {"มี"}
    assert main(["export", "itas", str(site.root), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    o4 = data["items"][3]
    assert (o4["code"], o4["disclosed"], o4["check_errors"]) == ("O4", True, ["period-uncovered"])


def test_the_csv_keeps_to_the_urls_itas_takes_and_says_what_it_left_out(tmp_path, capsys):
    site = clean_site(tmp_path / "site")
    docs = "".join(
        f"  - title: ข่าวประจำเดือนมกราคม 2566 ฉบับที่ {n}\n"
        f"    file: files/2566/o7.pdf\n    date: 2566-01-{n:02d}\n"
        for n in range(1, 8)
    )
    write_item(site, "O7", item_front("O7", docs))
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(site.root), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    rows = _sheet(out)
    assert rows[0] == [
        "ข้อ",
        "รายการ",
        "การเปิดเผยข้อมูล",
        "URL 1",
        "URL 2",
        "URL 3",
        "URL 4",
        "URL 5",
        "คำอธิบาย",
    ]
    assert all(len(r) == 9 for r in rows)
    o7 = next(r for r in rows if r[0] == "O7")
    assert o7[3] == "https://example.org/ita/2566/o7/" and "อีก ๓ รายการเปิดได้จากหน้านั้น" in o7[8]
    [warning] = [line for line in err.split("\n") if "O7.md" in line]
    assert warning.count("https://example.org/ita/files/2566/o7.pdf") == 3


def test_the_explanation_starts_from_the_agencys_home_page(tmp_path):
    site = clean_site(tmp_path / "site")
    home = "  district: เกาะคา\n  website: https://www.thodsob.go.th/\n"
    site.write("site.yaml", SITE_YAML.replace("  district: เกาะคา\n", home))
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(site.root), "-o", str(out)]) == 0
    o1 = _sheet(out)[1]
    assert o1[-1].startswith(
        "เปิดเว็บไซต์หลัก https://www.thodsob.go.th/ › เมนู ITA › ITA ๒๕๖๖ › ๙.๑ ข้อมูลพื้นฐาน › O1 "
    )
