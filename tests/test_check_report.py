"""itagen check's outputs: JSON against its schema, the standalone HTML page, text, GitHub annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from itagen.commands.check import run_check, run_checks
from itagen.commands.check.formats import SCHEMA_PATH, render, to_json
from itagen.commands.check.rules import RULES

from .checksites import clean_site, item_front, write_item
from .conftest import REPO, SITE_YAML
from .htmlcheck import soup

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency (pip install -e .[test])")


@pytest.fixture
def broken(tmp_path: Path):
    """A site that breaks several rules at once: an error, a warning and a notice, in two sub-indicators."""
    site = clean_site(tmp_path / "broken")
    (site.root / "content/2566/9.1/O5.md").unlink()
    write_item(site, "O2", item_front("O2", covers="[1]"))
    write_item(site, "O20", item_front("O20", "  - title: ประกาศ <b>เชิญชวน</b>\n    file: files/2566/o20.pdf\n"))
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
        ("base-url-missing", "site.yaml", None), ("item-missing", "content/2566/9.1/O5.md", "O5"),
        ("component-unticked", "content/2566/9.1/O2.md", "O2"), ("doc-undated", "content/2566/9.3/O20.md", "O20")}
    assert [r["id"] for r in data["rules"]] == [r.id for r in RULES]
    assert data["sites"][2]["year"] is None and data["sites"][2]["findings"][0]["rule"] == "site-invalid"


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
    # Nothing is fetched: no scripts, stylesheets, images or frames; only in-page links.
    assert not doc.find_all(["script", "link", "img", "iframe"])
    assert all(a["href"].startswith("#") for a in doc.find_all("a"))
    summary = doc.select_one("table.summary")
    assert [td.get_text(strip=True) for td in summary.select("tbody tr")[0].find_all("td")] == [
        "องค์การบริหารส่วนตำบลทดสอบ", "42/43 (97%)", "1", "2"]
    site = doc.select_one("#site-1")
    rows = [(tr.select_one(".rule").get_text(), tr.select_one(".sev").get_text(),
             tr.select_one(".file").get_text() if tr.select_one(".file") else None) for tr in site.select("tr.finding")]
    assert rows == [("base-url-missing", "warning", "site.yaml"), ("component-unticked", "notice", "content/2566/9.1/O2.md:3"),
                    ("item-missing", "error", "content/2566/9.1/O5.md"), ("doc-undated", "warning", "content/2566/9.3/O20.md:5")]
    # The sub-indicator's items show their verdict; titles are escaped, never markup.
    items = {li.get_text(" ", strip=True): li["class"] for li in site.select("ul.items li")}
    assert items["O5 ∅"] == ["missing"] and items["O1 ✓"] == ["pass"]
    assert "<b>เชิญชวน</b>" in site.get_text() and not site.find("b")
    assert [dt["id"] for dt in doc.select(".rules dt")] == [
        "rule-base-url-missing", "rule-item-missing", "rule-component-unticked", "rule-doc-undated"]


def test_text_groups_by_subindicator_with_readiness_and_colours_only_when_asked(broken):
    report = run_check(broken.root)
    plain = render([report], "text")
    assert "\x1b[" not in plain
    assert re.search(r"^9\.1 ข้อมูลพื้นฐาน  9/10 \(90%\)$", plain, re.MULTILINE)
    assert re.search(r"^9\.3 การจัดซื้อจัดจ้าง  4/4 \(100%\)$", plain, re.MULTILINE)
    assert "  content/2566/9.1/O5.md: error item-missing: O5 " in plain
    assert "  site.yaml: warning base-url-missing: " in plain
    assert plain.rstrip().endswith("readiness 42/43 (97%) · 1 errors · 2 warnings · 1 notices · not ready")
    assert "\x1b[31merror\x1b[0m" in render([report], "text", color=True)


def test_text_for_several_sites_ends_with_a_summary_table(broken, tmp_path):
    clean = clean_site(tmp_path / "clean")
    text = render(run_checks([broken.root, clean.root]), "text")
    table = text[text.rindex("site  "):].splitlines()
    assert table[0].split() == ["site", "readiness", "errors", "warnings"]
    assert table[1].split() == ["broken", "42/43", "(97%)", "1", "2"]
    assert table[2].split() == ["clean", "43/43", "(100%)", "0", "0"]
    assert table[3] == "1 of 2 sites ready"


def test_github_annotations_point_at_files_from_the_working_folder(broken, monkeypatch):
    monkeypatch.chdir(broken.root.parent)
    lines = render([run_check(broken.root, strict=True)], "github").splitlines()
    assert "::error file=broken/content/2566/9.1/O5.md,title=itagen item-missing O5::O5 " in lines[2]
    assert lines[1].startswith("::notice file=broken/content/2566/9.1/O2.md,line=3,title=itagen component-unticked O2::")
    # --strict: warnings are annotated as errors; ':' and ',' are escaped in properties.
    assert lines[0].startswith("::error file=broken/site.yaml,title=itagen base-url-missing::")
    assert lines[3].startswith("::error file=broken/content/2566/9.3/O20.md,line=5,title=itagen doc-undated O20::")
    assert lines[-1].startswith("องค์การบริหารส่วนตำบลทดสอบ: readiness 41/43")


def test_docs_list_every_rule_in_thai_and_english():
    text = (REPO / "docs/check.md").read_text(encoding="utf-8")
    documented = re.findall(r"^#### `([a-z0-9-]+)` \((error|warning|notice)\)$", text, re.MULTILINE)
    assert documented == [(r.id, r.severity) for r in RULES]
    for rule in RULES:
        section = text.split(f"#### `{rule.id}`")[1].split("####")[0]
        assert "- TH: " in section and "- EN: " in section and re.search("[\u0e00-\u0e7f]", section)
