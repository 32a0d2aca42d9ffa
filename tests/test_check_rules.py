"""itagen check, rule by rule: a clean site reports nothing; breaking one rule reports exactly it.

Each test starts from a complete FY2566 site that passes every rule, breaks one thing, and
asserts the whole list of findings: rule id, file and line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from itagen.catalog.load import BUILTIN_DIR
from itagen.commands.check import run_check

from .checksites import O21_MONTHS, clean_site, item_front, write_item
from .conftest import SITE_YAML

O1 = "content/2566/9.1/O1.md"
O3 = "content/2566/9.1/O3.md"
O7 = "content/2566/9.1/O7.md"
O8 = "content/2566/9.1/O8.md"
O21 = "content/2566/9.3/O21.md"
O29 = "content/2566/9.5/O29.md"


@pytest.fixture
def clean(tmp_path: Path):
    """A complete FY2566 site that passes every rule."""
    return clean_site(tmp_path / "site")


def found(site, **options) -> list[tuple[str, str | None, int | None]]:
    """(rule, file, line) of every finding of a check of the site."""
    return [(f.rule, f.file, f.line) for f in run_check(site.root, **options).findings]


def line_of(site, rel: str, needle: str) -> int:
    """The 1-based line of the first line of a site file that contains `needle`."""
    lines = (site.root / rel).read_text(encoding="utf-8").split("\n")
    return next(n for n, text in enumerate(lines, 1) if needle in text)


def test_a_clean_site_reports_nothing_and_is_fully_ready(clean):
    report = run_check(clean.root)
    assert report.findings == ()
    assert report.ok and (report.passing, report.required) == (43, 43)
    assert [(s.number, s.passing, s.required) for s in report.subindicators] == [
        ("9.1", 10, 10),
        ("9.2", 8, 8),
        ("9.3", 4, 4),
        ("9.4", 4, 4),
        ("9.5", 4, 4),
        ("10.1", 8, 8),
        ("10.2", 5, 5),
    ]


# -- site ---------------------------------------------------------------------------------


def test_site_invalid_names_the_line_and_checks_nothing_else(clean):
    clean.write("site.yaml", SITE_YAML + "colour: blue\n")
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [
        ("site-invalid", "site.yaml", line_of(clean, "site.yaml", "colour:"))
    ]
    assert not report.ok and report.subindicators == ()


def test_eit_missing_is_an_error(clean):
    clean.write("site.yaml", SITE_YAML.replace("  eit_code: xgitdi\n", ""))
    assert found(clean) == [("eit-missing", "site.yaml", line_of(clean, "site.yaml", "ita:"))]
    assert not run_check(clean.root).ok


@pytest.mark.parametrize(
    "setting, rule",
    [
        ("eit_code: abc12", "eit-code-form"),
        ("eit_url: https://survey.example.org/eit/xgitdi", "eit-host"),
        ("eit_url: https://itas.nacc.go.th/go/iit/xgitdi", "eit-kind"),
    ],
)
def test_survey_link_warnings(clean, setting, rule):
    clean.write("site.yaml", SITE_YAML.replace("eit_code: xgitdi", setting))
    assert found(clean) == [
        (rule, "site.yaml", line_of(clean, "site.yaml", setting.split(":")[0] + ":"))
    ]
    assert run_check(clean.root).ok and not run_check(clean.root, strict=True).ok


def test_base_url_missing(clean):
    clean.write("site.yaml", SITE_YAML.replace("base_url: https://example.org/ita/\n", ""))
    assert found(clean) == [("base-url-missing", "site.yaml", None)]


def test_content_invalid(clean):
    clean.write("content/2566/notes.txt", "จดไว้\n")
    assert found(clean) == [("content-invalid", "content/2566/notes.txt", None)]


# -- coverage -----------------------------------------------------------------------------


def test_item_missing_names_the_file_to_write(clean):
    (clean.root / "content/2566/9.1/O5.md").unlink()
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line, f.item) for f in report.findings] == [
        ("item-missing", "content/2566/9.1/O5.md", None, "O5")
    ]
    sub = report.subindicators[0]
    assert (sub.passing, sub.required) == (9, 10)
    assert [i.status for i in sub.items if i.code == "O5"] == ["missing"]


def test_item_invalid_is_a_finding_not_a_stop(clean):
    write_item(clean, "O3", "titel: อำนาจหน้าที่\n" + item_front("O3"))
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [("item-invalid", O3, 3)]
    assert [i.status for i in report.subindicators[0].items if i.code == "O3"] == ["fail"]


def test_item_empty(clean):
    write_item(clean, "O3", "covers: [1]\n", "")
    assert found(clean) == [("item-empty", O3, 2)]


def test_text_alone_is_a_warning_where_no_period_applies_and_empty_where_one_does(clean):
    """O3 (duties) can be its text on the page; O29 (complaint statistics, first half-year)
    cannot."""
    write_item(clean, "O3", "covers: [1]\n", "อำนาจหน้าที่ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล\n")
    report = run_check(clean.root)
    assert [(f.rule, f.severity, f.file) for f in report.findings] == [
        ("item-text-only", "warning", O3)
    ]
    assert [i.status for i in report.subindicators[0].items if i.code == "O3"] == ["pass"]
    write_item(clean, "O3", "covers: [1]\n", "")
    assert found(clean) == [("item-empty", O3, 2)]


def test_text_with_a_link_is_not_empty(clean):
    write_item(
        clean, "O3", "covers: [1]\n", "อำนาจหน้าที่ตาม[พระราชบัญญัติ](https://www.krisdika.go.th/)\n"
    )
    assert found(clean) == []


def test_component_unticked_is_a_notice(clean):
    write_item(clean, "O2", item_front("O2", covers="[1]"))
    report = run_check(clean.root)
    assert [(f.rule, f.severity, f.file, f.line) for f in report.findings] == [
        ("component-unticked", "notice", "content/2566/9.1/O2.md", 3)
    ]
    assert "องค์ประกอบที่ ๒ (จากทั้งหมด ๒)" in report.findings[0].message
    assert report.ok and run_check(clean.root, strict=True).ok


# -- periods (real-world document sets are in test_check_periods.py) -----------------------


def _docs(*entries: tuple[str, str | None], period: str | None = None) -> str:
    out = ""
    for n, (title, date) in enumerate(entries, 1):
        out += f"  - title: {title}\n    file: files/2566/o{n}.pdf\n"
        if date:
            out += f"    date: {date}\n"
        if period:
            out += f"    period: {period}\n"
    return out


def test_period_uncovered_when_no_document_has_data_of_the_year(clean):
    write_item(clean, "O7", item_front("O7", _docs(("ข่าวประจำเดือนพฤษภาคม 2564", "2564-05-01"))))
    assert found(clean) == [("period-uncovered", O7, 4), ("period-inferred", O7, 4)]


def test_doc_out_of_period_when_others_are_in_it(clean):
    news = (("ข่าวประจำเดือนมกราคม 2566", "2566-01-15"), ("ข่าวประจำเดือนมกราคม 2565", "1 มกราคม 2565"))
    write_item(clean, "O7", item_front("O7", _docs(*news)))
    assert found(clean) == [
        ("doc-out-of-period", O7, line_of(clean, O7, "มกราคม 2565")),
        ("period-inferred", O7, 4),
    ]


def test_doc_undated_only_without_period_and_date(clean):
    news = (("ข่าวปีนี้", "2566-01-15"), ("ข่าวไม่ลงวันที่", None))
    write_item(clean, "O7", item_front("O7", _docs(*news, period="ปีงบประมาณ 2566")))
    assert found(clean) == []
    write_item(
        clean,
        "O7",
        item_front("O7", _docs(("ข่าวปีนี้ ปีงบประมาณ 2566", "2566-01-15"), ("ข่าวไม่ลงวันที่", None))),
    )
    assert found(clean) == [
        ("doc-undated", O7, line_of(clean, O7, "ข่าวไม่ลงวันที่")),
        ("period-inferred", O7, 4),
    ]


def test_the_signing_date_is_never_taken_as_the_period(clean):
    write_item(clean, "O12", item_front("O12", _docs(("รายงานผลการดำเนินงาน", "2566-01-20"))))
    report = run_check(clean.root)
    assert [(f.rule, f.severity) for f in report.findings] == [("period-unknown", "notice")]
    assert "๒๐ ม.ค. ๒๕๖๖" in report.findings[0].message


def test_first_half_needs_october_to_march_and_in_force_the_whole_year(clean):
    write_item(
        clean,
        "O12",
        item_front("O12", _docs(("รายงานรอบ 6 เดือน", "2566-04-20"), period="ม.ค. 66 – มี.ค. 66")),
    )
    write_item(
        clean,
        "O4",
        item_front("O4", _docs(("แผนพัฒนาท้องถิ่น", "2561-06-30"), period="พ.ศ. 2561 – 2565")),
    )
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [
        ("period-uncovered", "content/2566/9.1/O4.md", 4),
        ("period-uncovered", "content/2566/9.2/O12.md", 4),
    ]
    assert "ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖" in report.findings[0].message
    assert "ต.ค. ๒๕๖๕ – ธ.ค. ๒๕๖๕" in report.findings[1].message


def test_previous_year_reports_need_last_years_data_whenever_signed(clean):
    report = ("รายงานผลประจำปีงบประมาณ พ.ศ. 2565", "2566-01-20")
    write_item(clean, "O38", item_front("O38", _docs(report)))
    write_item(
        clean,
        "O42",
        item_front("O42", _docs(("วิเคราะห์ผล ITA 2565", "2566-01-20"), period="ปีงบประมาณ 2566")),
    )
    assert found(clean) == [("period-inferred", "content/2566/10.1/O38.md", 4)]
    report = ("รายงานผล", "2566-01-20")
    write_item(clean, "O38", item_front("O38", _docs(report, period="ปีงบประมาณ 2566")))
    write_item(
        clean,
        "O42",
        item_front("O42", _docs(("วิเคราะห์ผล ITA 2564", "2564-01-20"), period="ปีงบประมาณ 2564")),
    )
    # This year's report, signed before this year ends: the wrong year, and early.
    assert found(clean) == [
        ("period-uncovered", "content/2566/10.1/O38.md", 4),
        ("signed-early", "content/2566/10.1/O38.md", 7),
        ("period-uncovered", "content/2566/10.2/O42.md", 4),
    ]


def test_month_missing_names_each_month_without_a_report(clean):
    report = ("สรุปผลรายเดือน", "2566-04-05")
    write_item(
        clean,
        "O21",
        item_front("O21", _docs(report, period="ต.ค. 65")),
        body="".join(f"- {m}: [สขร.1](files/2566/o21.pdf)\n" for m in O21_MONTHS[:5]),
    )
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [("month-missing", O21, 4)]
    assert report.findings[0].message == "O21 ยังไม่มีรายงานของเดือนมีนาคม ๒๕๖๖"


def test_months_are_read_from_titles_and_ranges_and_only_up_to_today(clean):
    docs = (
        "  - title: แบบ สขร.1 ประจำเดือน ต.ค. 65\n    file: files/2566/o21.pdf\n"
        "    date: 2565-11-05\n"
        "  - title: สรุปผลการจัดซื้อจัดจ้าง\n    file: files/2566/o21.pdf\n"
        "    date: ๓๐ พ.ย. ๒๕๖๕\n"
        "    period: พ.ย. 65 – ธ.ค. 65\n"
    )
    write_item(clean, "O21", item_front("O21", docs), "สรุปผลรายเดือน\n")
    # In mid-December only October and November are due; the signing date of December is early.
    in_december = found(clean, today=dt.date(2022, 12, 15))
    assert [r for r, _f, _l in in_december] == ["period-inferred", "signed-early"]
    months = [f.message for f in run_check(clean.root).findings if f.rule == "month-missing"]
    assert months == ["O21 ยังไม่มีรายงานของเดือนมกราคม ๒๕๖๖, กุมภาพันธ์ ๒๕๖๖, มีนาคม ๒๕๖๖"]


# -- integrity ----------------------------------------------------------------------------


def test_file_missing(clean):
    write_item(
        clean,
        "O1",
        item_front("O1", "  - title: แผนผัง\n    file: files/2566/nope.pdf\n    date: 2566-01-15\n"),
    )
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line, f.item) for f in report.findings] == [
        ("file-missing", O1, 6, "O1")
    ]


def test_link_broken_is_reported_with_its_line(clean):
    write_item(clean, "O3", body="อำนาจหน้าที่\n\nดู[คำสั่ง](files/2566/gone.pdf)\n")
    assert found(clean) == [("link-broken", O3, line_of(clean, O3, "gone.pdf"))]


def test_link_broken_in_a_free_page(clean):
    clean.write("content/pages/about.md", "---\ntitle: เกี่ยวกับเรา\n---\nดู[แผนที่](files/map.pdf)\n")
    assert found(clean) == [("link-broken", "content/pages/about.md", 4)]


def test_url_malformed(clean):
    docs = (
        "  - title: เว็บบอร์ด\n    url: https://www.example.go.th/web board\n"
        "  - title: คู่มือ\n    file: files/2566/o8.pdf\n    date: 2566-01-15\n"
    )
    write_item(clean, "O8", item_front("O8", docs))
    assert found(clean) == [("url-malformed", O8, line_of(clean, O8, "web board"))]


def test_url_malformed_in_a_body_link(clean):
    write_item(
        clean, "O3", body="อำนาจหน้าที่\n\nดูที่ [เว็บไซต์](https://https://www.dla.go.th/) ของกรม\n"
    )
    assert found(clean) == [("url-malformed", O3, line_of(clean, O3, "https://https://"))]


def test_file_name_unsafe(clean):
    clean.file("files/2566/o1 (copy).pdf")
    write_item(
        clean, "O1", item_front("O1", "  - title: แผนผัง\n    file: files/2566/o1 (copy).pdf\n")
    )
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [("file-name-unsafe", O1, 6)]
    assert report.findings[0].message.endswith("ITAS: ช่องว่าง ( )")


def test_file_name_thai_is_a_notice(clean):
    clean.file("files/2566/โครงสร้าง.pdf")
    write_item(
        clean, "O1", item_front("O1", "  - title: แผนผัง\n    file: files/2566/โครงสร้าง.pdf\n")
    )
    assert [(f.rule, f.severity, f.line) for f in run_check(clean.root).findings] == [
        ("file-name-thai", "notice", 6)
    ]


# -- the catalog's item rules -------------------------------------------------------------


def test_live_link_missing(clean):
    write_item(clean, "O8", item_front("O8", _docs(("คู่มือการใช้งานเว็บบอร์ด", None))))
    assert found(clean) == [("live-link-missing", O8, 4)]


def test_nothing_statement_passes_with_its_period_and_is_flagged_without(clean):
    write_item(
        clean, "O29", "covers: [1, 2, 3]\n", "**ไม่มีเรื่องร้องเรียน** ในรอบ ต.ค. 2565 – มี.ค. 2566\n"
    )
    assert found(clean) == []
    write_item(clean, "O29", "covers: [1, 2, 3]\n", "อบต.ทดสอบ\n\nไม่มีเรื่องร้องเรียน\n")
    assert found(clean) == [("nothing-statement", O29, 5)]


def test_an_empty_nothing_statement_item_is_empty(clean):
    write_item(clean, "O29", "covers: [1, 2, 3]\n", "อยู่ระหว่างรวบรวมข้อมูล\n")
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [("item-empty", O29, 2)]
    assert "ไม่มีเรื่องร้องเรียน" in report.findings[0].hint


def test_itas_url_limit(clean):
    write_item(clean, "O1", item_front("O1", _docs(*[(f"เอกสาร {n}", None) for n in range(1, 6)])))
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [("itas-url-limit", O1, 4)]
    assert "มี URL ๖ รายการ" in report.findings[0].message


# -- Thai text, silence, strict -----------------------------------------------------------


def test_thai_text_points_at_the_first_line_with_each_defect(clean):
    write_item(clean, "O3", body="อำนาจหน้าที่\n\nกําหนดแผน\u200bงาน และกําหนดการ\n")
    report = run_check(clean.root)
    assert [(f.rule, f.file, f.line) for f in report.findings] == [
        ("thai-text", O3, line_of(clean, O3, "แผน")),
        ("thai-text", O3, line_of(clean, O3, "แผน")),
    ]
    assert report.findings[0].message.startswith("สระอำ") and "๒ แห่ง" in report.findings[0].message
    assert "zero-width" in report.findings[1].message


def test_silence_hides_warnings_but_never_errors(clean):
    clean.write(
        "site.yaml",
        SITE_YAML.replace(
            "  current_year: 2566\n",
            "  current_year: 2566\n  silence: [itas-url-limit, item-missing]\n",
        ),
    )
    write_item(clean, "O1", item_front("O1", _docs(*[(f"เอกสาร {n}", None) for n in range(1, 6)])))
    (clean.root / "content/2566/9.1/O5.md").unlink()
    report = run_check(clean.root)
    assert [f.rule for f in report.findings] == ["item-missing"]
    assert report.silenced == ("itas-url-limit",)


def test_strict_counts_warnings_against_readiness(clean):
    write_item(clean, "O7", item_front("O7", _docs(("ข่าวปีนี้", "2566-01-15"), ("ข่าวไม่ลงวันที่", None))))
    assert run_check(clean.root).passing == 43
    strict = run_check(clean.root, strict=True)
    assert strict.passing == 42 and not strict.ok


def test_another_year_is_checked_against_its_own_catalog(clean):
    report = run_check(clean.root, year=2564)
    assert report.year == 2564 and report.required == 43 == report.counts["error"]
    assert {f.rule for f in report.findings} == {"item-missing"}


@pytest.mark.parametrize(
    ("code", "body", "status", "rule"),
    [
        ("O3", "อำนาจหน้าที่ตามพระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล\n", "ok", "item-text-only"),
        ("O29", "อยู่ระหว่างรวบรวมข้อมูล\n", "empty", "item-empty"),
        ("O29", "**ไม่มีเรื่องร้องเรียน** ในรอบ ต.ค. 2565 – มี.ค. 2566\n", "ok", None),
        (
            "O29",
            "ดู[สถิติเรื่องร้องเรียน](https://example.org/stats) รอบ ต.ค. 2565 – มี.ค. 2566\n",
            "ok",
            None,
        ),
        ("O29", "ข้อความที่มีวงเล็บ [ไม่ใช่ลิงก์] และ <ไม่ใช่แท็ก>\n", "empty", "item-empty"),
    ],
)
def test_check_export_and_the_year_index_agree_on_what_is_empty(clean, code, body, status, rule):
    from itagen.build import load_site
    from itagen.commands.export import answers

    write_item(clean, code, "covers: [1, 2, 3]\n" if code == "O29" else "covers: [1]\n", body)
    site, _ = load_site(clean.root, "https://example.org/ita/")
    [item] = [i for i in site.current.items if i.code == code]
    assert item.status == status
    [row] = [r for r in answers(site)[0] if r.code == code]
    assert row.disclosed == (status == "ok")
    rules = {f.rule for f in run_check(clean.root).findings if f.item == code} & {
        "item-empty",
        "item-text-only",
    }
    assert rules == ({rule} if rule else set())


def test_a_merges_key_no_earlier_catalog_has_is_flagged(clean):
    """The built-in 2566 merges 2564's budget items: fine. A site's own 2566 with a typo is
    flagged."""
    assert found(clean) == []
    text = (BUILTIN_DIR / "2566.yaml").read_text(encoding="utf-8")
    clean.write(
        "catalogs/2566.yaml",
        text.replace("merges: [budget_monitoring_6m]", "merges: [budget_monitoring_6mm]"),
    )
    report = run_check(clean.root)
    assert [(f.rule, f.severity, f.file, f.item) for f in report.findings] == [
        ("catalog-merges-unknown", "warning", "catalogs/2566.yaml", "O12")
    ]
    assert "budget_monitoring_6mm" in report.findings[0].message
