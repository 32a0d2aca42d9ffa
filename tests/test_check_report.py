"""itagen check's outputs: JSON against its schema, the standalone HTML page, text, GitHub
annotations."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from itagen.commands.check import Finding, run_check, run_checks
from itagen.commands.check.formats import SCHEMA_PATH, render, to_json
from itagen.commands.check.ruledocs import rules_markdown, section
from itagen.commands.check.rules import RULES
from itagen.commands.check.words import code_runs
from itagen.thai.messages import translation

from .checksites import clean_site, item_front, write_item
from .conftest import REPO, SITE_YAML
from .htmlcheck import soup

jsonschema = pytest.importorskip(
    "jsonschema", reason="jsonschema is a test dependency (pip install -e .[test])"
)


@pytest.fixture
def broken(tmp_path: Path):
    """A site that breaks several rules at once: an error, a warning and a notice, in two
    sub-indicators."""
    site = clean_site(tmp_path / "broken")
    (site.root / "content/2566/9.1/O5.md").unlink()
    write_item(site, "O2", item_front("O2", covers="[1]"))
    write_item(
        site,
        "O20",
        item_front("O20", "  - title: ประกาศ <b>เชิญชวน</b>\n    file: files/2566/o20.pdf\n"),
    )
    site.write("site.yaml", SITE_YAML.replace("base_url: https://example.org/ita/\n", ""))
    return site


def validator():
    """A validator for the report schema (itself checked against the meta-schema)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_json_reports_validate_against_the_schema(broken, tmp_path):
    bad_config = clean_site(tmp_path / "bad-config")
    bad_config.write("site.yaml", "agency: [\n")
    reports = run_checks([broken.root, clean_site(tmp_path / "clean").root, bad_config.root])
    data = json.loads(render(reports, "json"))
    validator().validate(data)
    assert data["schema_version"] == 1 and data["ok"] is False
    first = data["sites"][0]
    assert first["readiness"] == {"passing": 42, "required": 43}
    assert first["counts"] == {"error": 1, "warning": 2, "notice": 1}
    assert {(f["rule"], f["file"], f["item"]) for f in first["findings"]} == {
        ("base-url-missing", "site.yaml", None),
        ("item-missing", "content/2566/9.1/O5.md", "O5"),
        ("component-unticked", "content/2566/9.1/O2.md", "O2"),
        ("doc-undated", "content/2566/9.3/O20.md", "O20"),
    }
    assert [r["id"] for r in data["rules"]] == [r.id for r in RULES]
    assert (
        data["sites"][2]["year"] is None
        and data["sites"][2]["findings"][0]["rule"] == "site-invalid"
    )


def test_json_schema_rejects_what_it_does_not_describe(broken):
    data = to_json([run_check(broken.root)])
    data["sites"][0]["findings"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        validator().validate(data)


def test_html_report_is_one_offline_page_with_every_finding(broken, tmp_path):
    reports = run_checks([broken.root, clean_site(tmp_path / "clean").root])
    out = tmp_path / "report.html"
    out.write_text(render(reports, "html"), encoding="utf-8")
    doc = soup(out)
    assert doc.html["lang"] == "th" and doc.find("meta", charset="utf-8")
    assert doc.h1.get_text() == "รายงานความพร้อมก่อนการประเมิน ITA"
    # Nothing is fetched: no scripts, stylesheets, images or frames; only in-page links.
    assert not doc.find_all(["script", "link", "img", "iframe"])
    assert all(a["href"].startswith("#") for a in doc.find_all("a"))
    summary = doc.select_one("table.summary")
    assert [th.get_text() for th in summary.select("th")] == [
        "เว็บไซต์",
        "ความพร้อม",
        "ข้อผิดพลาด",
        "คำเตือน",
    ]
    assert [td.get_text(strip=True) for td in summary.select("tbody tr")[0].find_all("td")] == [
        "องค์การบริหารส่วนตำบลทดสอบ",
        "๔๒/๔๓ (๙๗%)",
        "๑",
        "๒",
    ]
    site = doc.select_one("#site-1")
    # The summary comes first, then the findings grouped by severity and rule.
    readiness = site.select_one(".summary-box .readiness").get_text()
    assert readiness == "ความพร้อม ๔๒/๔๓ ข้อ (๙๗%) · ยังไม่พร้อม"
    rows = [
        (
            li["data-rule"],
            li.select_one(".sev").get_text(),
            li.select_one(".file").get_text(),
            li.select_one(".line").get_text() if li.select_one(".line") else None,
        )
        for li in site.select("li.finding")
    ]
    assert rows == [
        ("item-missing", "(ข้อผิดพลาด)", "content/2566/9.1/O5.md", None),
        ("base-url-missing", "(คำเตือน)", "site.yaml", None),
        ("doc-undated", "(คำเตือน)", "content/2566/9.3/O20.md", "บรรทัดที่ ๕"),
        ("component-unticked", "(หมายเหตุ)", "content/2566/9.1/O2.md", "บรรทัดที่ ๓"),
    ]
    # Notices are in the page, folded.
    assert site.select_one("details.notices li.finding")["data-rule"] == "component-unticked"
    # The sub-indicator's items show their verdict; titles are escaped, never markup.
    items = {li.get_text(" ", strip=True): li["class"] for li in site.select("ul.items li")}
    assert items["O5 ∅"] == ["missing"] and items["O1 ✓"] == ["pass"]
    assert "<b>เชิญชวน</b>" in site.get_text() and not site.find("b")
    assert [dt["id"] for dt in doc.select(".rules dt")] == [
        "rule-base-url-missing",
        "rule-item-missing",
        "rule-component-unticked",
        "rule-doc-undated",
    ]
    rule = doc.select_one("#rule-item-missing").get_text(" ", strip=True)
    assert rule.startswith("ยังไม่มีไฟล์ของข้อ")


def test_html_report_folds_a_large_group_and_speaks_english_on_request(tmp_path, monkeypatch):
    site = clean_site(tmp_path / "site")
    for code in ("O1", "O2", "O3", "O4"):
        write_item(site, code, "covers: [1]\n", "")
    doc = BeautifulSoup(render([run_check(site.root)], "html"), "html.parser")
    group = doc.select_one('li.group[data-rule="item-empty"]')
    assert group.select_one(".where").get_text() == "๔ ข้อ: O1–O4"
    assert group.select_one(".fix").get_text().startswith("วิธีแก้: ")
    assert len(group.select("details li.finding")) == 4
    monkeypatch.setenv("ITAGEN_LANG", "en")
    doc = BeautifulSoup(render([run_check(site.root)], "html", verbose=True), "html.parser")
    assert doc.html["lang"] == "en" and doc.h1.get_text() == "ITA readiness report"
    group = doc.select_one('li.group[data-rule="item-empty"]')
    assert group.select_one(".where").get_text() == "4 items: O1–O4" and not group.find("details")


def test_text_summary_first_grouped_by_rule_with_colours_only_when_asked(broken):
    report = run_check(broken.root)
    plain = render([report], "text")
    assert "\x1b[" not in plain
    lines = plain.splitlines()
    assert lines[3:6] == [
        "ความพร้อม ๔๒/๔๓ ข้อ (๙๗%) · ยังไม่พร้อม",
        "ข้อผิดพลาด ๑ · คำเตือน ๒ · หมายเหตุ ๑",
        "ขั้นต่อไป: แก้ปัญหา ๑ รายการด้านล่างที่ทำให้ไม่ผ่าน แล้วสั่ง itagen check อีกครั้ง",
    ]
    assert re.search(r"^  9\.1 ข้อมูลพื้นฐาน +๙/๑๐ \(๙๐%\)$", plain, re.MULTILINE)
    assert re.search(r"^  9\.3 การจัดซื้อจัดจ้าง +๔/๔ \(๑๐๐%\)$", plain, re.MULTILINE)
    errors = plain.index(
        "ข้อผิดพลาด: ผู้ประเมินจะให้ไม่ผ่าน\n• ยังไม่มีไฟล์ของข้อ\n  content/2566/9.1/O5.md: O5 "
    )
    warnings = plain.index(
        "คำเตือน: ผู้ประเมินอาจทักท้วง\n• ไม่ได้กำหนด base_url\n  site.yaml: ยังไม่ได้กำหนด"
    )
    assert errors < warnings
    assert (
        "  content/2566/9.3/O20.md บรรทัดที่ ๕: "
        "เอกสารลำดับที่ ๑ 'ประกาศ <b>เชิญชวน</b>' "
        "ไม่ได้ระบุทั้งช่วงเวลาของข้อมูลและวันที่"
    ) in plain
    assert "O2.md" not in plain
    assert plain.endswith(
        "ยังไม่ได้แสดงหมายเหตุ ๑ รายการ\nดูทุกรายการพร้อมไฟล์และบรรทัด: itagen check --verbose\n"
    )
    assert "O2.md บรรทัดที่ ๓: O2: องค์ประกอบที่ ๒" in render([report], "text", verbose=True)
    assert "\x1b[31m" in render([report], "text", color=True)


def test_a_rule_met_in_many_places_is_one_line_whatever_the_rule(broken):
    # The grouping knows no rule by name: findings of a rule the table does not know yet (another
    # branch's new rule) group by their id and severity like any other.
    report = run_check(broken.root)
    extra = tuple(
        Finding("some-new-rule", "warning", f"{code} ...", f"content/2566/9.1/{code}.md", 2, code)
        for code in ("O1", "O2", "O3", "O4", "O6", "O9")
    )
    report = dataclasses.replace(report, findings=report.findings + extra)
    plain = render([report], "text")
    assert "\n• some-new-rule ๖ ข้อ: O1–O4, O6, O9\n\n" in plain
    assert "O9 ..." not in plain and "O9 ..." in render([report], "text", verbose=True)


def test_no_message_writes_a_gregorian_or_iso_date(broken, monkeypatch):
    write_item(
        broken,
        "O21",
        item_front(
            "O21",
            "  - title: สขร.1\n    file: files/2566/o21.pdf\n"
            "    date: 2564-01-15\n    period: 2564-01\n",
        ),
    )
    write_item(
        broken,
        "O38",
        item_front(
            "O38",
            "  - title: รายงาน\n    file: files/2566/o38.pdf\n"
            "    date: 2566-01-15\n    period: 2566\n",
        ),
    )
    write_item(
        broken,
        "O13",
        item_front(
            "O13", "  - title: รายงาน\n    file: files/2566/o13.pdf\n    date: 2565-12-15\n"
        ),
    )
    for lang in ("th", "en"):
        monkeypatch.setenv("ITAGEN_LANG", lang)
        report = run_check(broken.root)
        words = [w for f in report.findings for w in (f.message, f.hint or "")]
        assert {"period-uncovered", "doc-undated", "period-unknown", "signed-early"} <= {
            f.rule for f in report.findings
        }
        gregorian = r"(19|20)[0-9]{2}-[0-9]{2}|[0-9๐-๙]+ [A-Za-z]+ 20[0-9]{2}"
        assert not [w for w in words if re.search(gregorian, w)]
        uncovered = next(f for f in report.findings if f.item == "O38").message
        assert uncovered == (
            "O38 ต้องแสดงข้อมูลปีงบประมาณ พ.ศ. ๒๕๖๕ (ต.ค. ๒๕๖๔ – ก.ย. ๒๕๖๕) "
            "แต่เอกสารที่มีเป็นข้อมูลของ ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖"
            if lang == "th"
            else "O38 must show data of the fiscal year 2565 (Oct 2564 – Sep 2565), "
            "but its documents cover Oct 2565 – Sep 2566"
        )


def test_text_for_several_sites_ends_with_a_summary_table(broken, tmp_path):
    clean = clean_site(tmp_path / "clean")
    table = render(run_checks([broken.root, clean.root]), "text").splitlines()[-4:]
    assert table[0].split() == ["เว็บไซต์", "ความพร้อม", "ข้อผิดพลาด", "คำเตือน"]
    assert table[1].split() == ["broken", "๔๒/๔๓", "(๙๗%)", "๑", "๒"]
    assert table[2].split() == ["clean", "๔๓/๔๓", "(๑๐๐%)", "๐", "๐"]
    assert table[3] == "พร้อม ๑ จาก ๒ เว็บไซต์"


def test_github_annotations_point_at_files_from_the_working_folder(broken, monkeypatch):
    monkeypatch.chdir(broken.root.parent)
    lines = render([run_check(broken.root, strict=True)], "github").splitlines()
    assert (
        "::error file=broken/content/2566/9.1/O5.md,title=itagen item-missing O5::O5 " in lines[2]
    )
    assert lines[2].endswith(
        "(วิธีแก้: สร้างไฟล์ content/2566/9.1/O5.md (คำสั่ง itagen init สร้างไฟล์ตั้งต้นให้ทุกข้อ))"
    )
    assert lines[1].startswith(
        "::notice file=broken/content/2566/9.1/O2.md,line=3,title=itagen component-unticked O2::"
    )
    # --strict: warnings are annotated as errors; ':' and ',' are escaped in properties.
    assert lines[0].startswith("::error file=broken/site.yaml,title=itagen base-url-missing::")
    assert lines[3].startswith(
        "::error file=broken/content/2566/9.3/O20.md,line=5,title=itagen doc-undated O20::"
    )
    assert lines[-1].startswith("องค์การบริหารส่วนตำบลทดสอบ: ความพร้อม ๔๑/๔๓ ข้อ")


def test_docs_show_the_rules_as_the_code_and_the_catalog_say():
    text = (REPO / "docs/check.md").read_text(encoding="utf-8")
    assert section(text) == rules_markdown().strip("\n"), (
        "docs/check.md is out of date: run python -m itagen.commands.check.ruledocs docs/check.md"
    )
    documented = re.findall(r"^#### `([a-z0-9-]+)` \((error|warning|notice)\)$", text, re.MULTILINE)
    assert documented == [(r.id, r.severity) for r in RULES]
    th = translation("th").gettext
    for rule in RULES:
        block = text.split(f"#### `{rule.id}`")[1].split("####")[0]
        # Each rule's words are translated, and the Thai the docs show is the Thai the report shows.
        assert rule.fix, f"{rule.id}: say what to do (Rule.fix)"
        assert all(
            th(words) != words and re.search("[\u0e00-\u0e7f]", th(words))
            for words in (rule.title, rule.text, rule.fix)
        ), rule.id
        assert f"- TH: {th(rule.text)}\n- EN: {rule.text}\n" in block


def test_item_codes_are_written_as_runs_in_catalog_order():
    order = [f"O{n}" for n in range(1, 44)]
    assert code_runs(["O9", "O1", "O2", "O3", "O5", "O6", "O43"], order) == "O1–O3, O5, O6, O9, O43"
    assert code_runs(["O2", "O2"], order) == "O2"
    # A code the catalog does not know (a site's own catalog) keeps its place at the end.
    assert code_runs(["X1", "O4"], order) == "O4, X1"
