"""itagen check on real-world document sets: the period of the data is judged, not the signing day.

Each set is written the way real ITA pages list documents (seed 002 lists O23 of 2564 as
"ตุลาคม - พฤศจิกายน พ.ศ.2563", "ธันวาคม 2563", …; seed 004 titles the six-month report
"ปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน (ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)"), signed when real documents
are: after the period they report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from itagen.commands.check import run_check

from .checksites import clean_site, item_front, write_item


@pytest.fixture
def clean(tmp_path: Path):
    """A complete FY2566 site that passes every rule."""
    return clean_site(tmp_path / "site")


def docs(*entries: tuple[str, str] | tuple[str, str, str]) -> str:
    """documents: entries of (title, date) or (title, date, period)."""
    out = ""
    for n, entry in enumerate(entries, 1):
        out += f"  - title: \"{entry[0]}\"\n    file: files/2566/o{n}.pdf\n    date: {entry[1]}\n"
        if len(entry) == 3:
            out += f"    period: {entry[2]}\n"
    return out


def findings(site, code: str, severity: str = "error"):
    return [f for f in run_check(site.root).findings if f.item == code and f.severity == severity]


# -- correct sets pass --------------------------------------------------------------------


def test_an_annual_report_signed_in_december_passes(clean):
    write_item(
        clean,
        "O13",
        item_front(
            "O13",
            docs(
                ("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2565", "15 ธันวาคม 2565"),
                ("รายงานการติดตามและประเมินผลแผนพัฒนาท้องถิ่น ประจำปี ๒๕๖๕", "20/12/2565"),
            ),
        ),
    )
    assert findings(clean, "O13") == [] and findings(clean, "O13", "warning") == []


def test_six_month_reports_signed_in_april_pass(clean):
    write_item(
        clean,
        "O12",
        item_front(
            "O12",
            docs(
                (
                    "รายงานการกำกับติดตามการดำเนินงาน ปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน "
                    "(ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)",
                    "10 เมษายน 2566",
                )
            ),
        ),
    )
    write_item(
        clean,
        "O16",
        item_front("O16", docs(("สถิติการให้บริการ", "5 เม.ย. 66", "รอบ 6 เดือน ปีงบประมาณ 2566"))),
    )
    write_item(
        clean,
        "O33",
        item_front(
            "O33",
            docs(
                ("รายงานผล No Gift Policy ไตรมาสที่ 1", "5/1/66", "ไตรมาสที่ 1/2566"),
                ("รายงานผล No Gift Policy ไตรมาส 2 ปีงบประมาณ 2566", "3/4/66"),
            ),
        ),
    )
    for code in ("O12", "O16", "O33"):
        assert findings(clean, code) == [] and findings(clean, code, "warning") == [], code


def test_monthly_reports_with_ranges_pass(clean):
    write_item(
        clean,
        "O21",
        item_front(
            "O21",
            docs(
                ("สรุปผลการจัดซื้อจัดจ้าง ตุลาคม - พฤศจิกายน พ.ศ.2565", "5 ธ.ค. 65"),
                ("สรุปผลการจัดซื้อจัดจ้าง", "6 ม.ค. 66", "ธันวาคม 2565"),
                ("สรุปผลการจัดซื้อจัดจ้าง มกรา 66 – มีนา 66", "2/4/66"),
            ),
        ),
        "สรุปผลรายเดือน\n",
    )
    assert findings(clean, "O21") == [] and findings(clean, "O21", "warning") == []


def test_a_plan_in_force_passes_whenever_it_was_signed(clean):
    write_item(
        clean, "O4", item_front("O4", docs(("แผนพัฒนาท้องถิ่น (พ.ศ. 2566 – 2570)", "30 มิถุนายน 2565")))
    )
    write_item(
        clean,
        "O36",
        item_front("O36", docs(("แผนปฏิบัติการป้องกันการทุจริต", "1 ก.ค. 64", "พ.ศ. ๒๕๖๕ - ๒๕๖๗"))),
    )
    for code in ("O4", "O36"):
        assert findings(clean, code) == [] and findings(clean, code, "warning") == [], code


# -- wrong sets fail, naming what is missing ---------------------------------------------


def test_an_expired_plan_fails(clean):
    write_item(
        clean, "O4", item_front("O4", docs(("แผนพัฒนาท้องถิ่นสี่ปี (พ.ศ. 2561 – 2564)", "30 มิถุนายน 2560")))
    )
    [error] = findings(clean, "O4")
    assert error.rule == "period-uncovered"
    # Periods are written as the site writes numbers (numerals: thai), in BE years.
    assert "ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖" in error.message and "ต.ค. ๒๕๖๐ – ก.ย. ๒๕๖๔" in error.message


def test_the_period_is_said_in_english_on_request(clean, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    write_item(
        clean, "O4", item_front("O4", docs(("แผนพัฒนาท้องถิ่นสี่ปี (พ.ศ. 2561 – 2564)", "30 มิถุนายน 2560")))
    )
    [error] = findings(clean, "O4")
    assert error.message == (
        "O4 must show data of the fiscal year 2566 (Oct 2565 – Sep 2566), "
        "but its documents cover Oct 2560 – Sep 2564"
    )


def test_a_half_year_item_with_only_october_fails(clean):
    write_item(
        clean,
        "O12",
        item_front(
            "O12", docs(("รายงานการกำกับติดตามการดำเนินงาน ประจำเดือนตุลาคม 2565", "5 พฤศจิกายน 2565"))
        ),
    )
    [error] = findings(clean, "O12")
    assert error.rule == "period-uncovered" and "พ.ย. ๒๕๖๕ – มี.ค. ๒๕๖๖" in error.message


def test_a_monthly_item_with_a_gap_fails_naming_the_month(clean):
    write_item(
        clean,
        "O21",
        item_front(
            "O21",
            docs(
                ("สรุปผลการจัดซื้อจัดจ้าง ตุลาคม - พฤศจิกายน พ.ศ.2565", "5 ธ.ค. 65"),
                ("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนกุมภาพันธ์ 2566", "3/3/66"),
                ("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนมีนาคม 2566", "3/4/66"),
            ),
        ),
        "สรุปผลรายเดือน\n",
    )
    [error] = findings(clean, "O21")
    assert error.rule == "month-missing"
    assert error.message.endswith("ธันวาคม ๒๕๖๕, มกราคม ๒๕๖๖")


def test_last_years_report_signed_this_year_passes_but_this_years_fails(clean):
    write_item(
        clean,
        "O38",
        item_front(
            "O38", docs(("รายงานผลการดำเนินการป้องกันการทุจริต ประจำปีงบประมาณ 2566", "10 ตุลาคม 2565"))
        ),
    )
    rules = [f.rule for f in run_check(clean.root).findings if f.item == "O38"]
    assert rules == ["period-uncovered", "period-inferred", "signed-early"]


def test_a_report_signed_before_its_period_ends_is_a_warning(clean):
    write_item(
        clean,
        "O37",
        item_front(
            "O37",
            docs(("รายงานการกำกับติดตาม รอบ 6 เดือน (ตุลาคม 2565 – มีนาคม 2566)", "15 มีนาคม 2566")),
        ),
    )
    [warning] = findings(clean, "O37", "warning")
    assert warning.rule == "signed-early" and "๑๕ มี.ค. ๒๕๖๖" in warning.message


def test_an_item_without_any_period_gets_notices_not_a_guess(clean):
    write_item(clean, "O13", item_front("O13", docs(("รายงานผลการดำเนินงาน", "2564-05-01"))))
    found = [(f.rule, f.severity) for f in run_check(clean.root).findings if f.item == "O13"]
    assert found == [("period-unknown", "notice")]


def test_a_bad_period_names_the_file_line_and_forms(clean):
    write_item(clean, "O13", item_front("O13", docs(("รายงาน", "2565-12-15", "ไตรมาส 5/2566"))))
    [error] = [f for f in run_check(clean.root).findings if f.item == "O13"]
    assert (error.rule, error.line) == ("item-invalid", 8)
    assert "ไตรมาสที่ 1/2566" in error.message and "2022-10/2023-03" in error.message


def test_a_sentence_about_the_six_months_is_not_six_reports(clean):
    body = "สรุปผลการจัดซื้อจัดจ้างรายเดือน ในรอบ 6 เดือนแรกของปีงบประมาณ พ.ศ. 2566 (ต.ค. 65 – มี.ค. 66)\n"
    write_item(
        clean,
        "O21",
        item_front("O21", docs(("สรุปผลการจัดซื้อจัดจ้าง ประจำเดือนตุลาคม 2565", "5 พ.ย. 65"))),
        body,
    )
    [error] = findings(clean, "O21")
    assert error.rule == "month-missing"
    assert error.message.endswith("พฤศจิกายน ๒๕๖๕, ธันวาคม ๒๕๖๕, มกราคม ๒๕๖๖, กุมภาพันธ์ ๒๕๖๖")
