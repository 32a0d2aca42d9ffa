"""`itagen check` on the command line, on the example site, and on a workspace."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from itagen.commands.check import run_check
from itagen.cli import main

from .checksites import clean_site, item_front, write_item
from .conftest import REPO
from .htmlcheck import soup


@pytest.fixture
def clean(tmp_path: Path):
    """A complete FY2566 site that passes every rule."""
    return clean_site(tmp_path / "site")


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's example site (site.yaml, content/, files/) to break."""
    root = tmp_path_factory.mktemp("example") / "site"
    root.mkdir()
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    for folder in ("content", "files"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_exit_status_is_0_when_ready_1_with_errors_2_on_misuse(clean, tmp_path, capsys):
    assert main(["check", str(clean.root)]) == 0
    out = capsys.readouterr().out
    assert "ความพร้อม ๔๓/๔๓ ข้อ (๑๐๐%) · พร้อมรับการประเมิน\nข้อผิดพลาด ๐ · คำเตือน ๐" in out
    (clean.root / "content/2566/9.1/O5.md").unlink()
    assert main(["check", str(clean.root)]) == 1
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    assert main(["check", str(clean.root), "--concurrency", "0"]) == 2


def test_strict_fails_on_warnings(clean):
    write_item(clean, "O20", item_front("O20", "  - title: ประกาศ\n    file: files/2566/o20.pdf\n"))
    assert main(["check", str(clean.root)]) == 0
    assert main(["check", "--strict", str(clean.root)]) == 1


def test_out_writes_the_report_to_a_file_and_never_into_build(clean, tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["check", str(clean.root), "--format", "html", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert soup(out).h1 is not None
    assert not (clean.root / "build").exists()
    assert main(["check", str(clean.root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sites"][0]["readiness"] == {
        "passing": 43,
        "required": 43,
    }


def test_the_example_site_passes_with_no_errors():
    report = run_check(REPO)
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors == [] and report.ok
    assert (report.year, report.passing, report.required) == (2566, 43, 43)
    # Notices of periods read from titles (period-inferred) are the example's to show.
    allowed = {"itas-url-limit", "file-name-unsafe", "period-inferred"}
    assert {f.rule for f in report.findings} <= allowed


def test_deleting_one_item_of_the_example_fails_naming_it(example_copy, capsys):
    (example_copy / "content/2566/9.3/O21.md").unlink()
    assert main(["check", str(example_copy)]) == 1
    out = capsys.readouterr().out
    assert "\n• ยังไม่มีไฟล์ของข้อ\n  content/2566/9.3/O21.md: O21 " in out
    assert re.search(r"^  9\.3 การจัดซื้อจัดจ้าง +๓/๔ \(๗๕%\)$", out, re.MULTILINE)


def test_a_workspace_is_checked_site_by_site_with_shared_items(tmp_path, capsys):
    ws = tmp_path / "ws"
    (ws / "sites").mkdir(parents=True)
    (ws / "workspace.yaml").write_text("shared: shared\nsites: sites\n", encoding="utf-8")
    first = clean_site(ws / "sites" / "a")
    second = clean_site(ws / "sites" / "b")
    # b inherits O6 from the shared folder, a has none; findings name shared files relative to the
    # site.
    shared_o6 = ws / "shared/content/2566/9.1/O6.md"
    shared_o6.parent.mkdir(parents=True)
    shared_o6.write_text(
        (second.root / "content/2566/9.1/O6.md").read_text(encoding="utf-8") + "\nกฎหมายที่กําหนด\n",
        encoding="utf-8",
    )
    (ws / "shared/files/2566").mkdir(parents=True)
    shutil.copy2(second.root / "files/2566/o6.pdf", ws / "shared/files/2566/o6.pdf")
    for site in (first, second):
        (site.root / "content/2566/9.1/O6.md").unlink()
    (first.root / "content/2566/9.1/O7.md").unlink()
    assert main(["check", str(ws)]) == 1
    out = capsys.readouterr().out
    assert out.count("ยังไม่มีไฟล์ของข้อนี้") == 1 and "  content/2566/9.1/O7.md: O7 " in out
    assert out.count("  ../../shared/content/2566/9.1/O6.md บรรทัดที่ ๑๑: สระอำ") == 2
    table = out.splitlines()[-3:-1]
    assert [row.split()[:2] for row in table] == [["a", "๔๒/๔๓"], ["b", "๔๓/๔๓"]]


@pytest.fixture
def fresh(tmp_path: Path, capsys) -> Path:
    """A site just made by itagen init: 43 stub items, no EIT code, no base_url."""
    site = tmp_path / "fresh"
    assert main(["init", str(site), "--year", "2566", "--name", "องค์การบริหารส่วนตำบลทดสอบ"]) == 0
    capsys.readouterr()
    return site


def test_a_fresh_site_fits_on_one_screen_summary_first_one_line_per_kind(fresh, capsys):
    assert main(["check", str(fresh)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 60
    # The summary comes first: readiness, counts, what to do next.
    assert lines[3:6] == [
        "ความพร้อม ๐/๔๓ ข้อ (๐%) · ยังไม่พร้อม",
        "ข้อผิดพลาด ๔๗ · คำเตือน ๑ · หมายเหตุ ๔๓",
        "ขั้นต่อไป: แก้ปัญหา ๔๗ รายการด้านล่างที่ทำให้ไม่ผ่าน แล้วสั่ง itagen check อีกครั้ง",
    ]
    # 43 empty items are one line with what to do, not 43 errors and 43 notices.
    at = lines.index("• ยังไม่มีข้อมูล ๔๓ ข้อ: O1–O43")
    assert lines[at + 1].startswith("  วิธีแก้: ")
    assert not any("O17 ยังไม่มีเอกสาร" in line for line in lines)
    assert "• ไม่มีลิงก์ไปยังช่องทางที่ใช้งานได้จริง ๓ ข้อ: O8, O18, O28" in lines
    assert not any("covers:" in line and "องค์ประกอบที่" in line for line in lines)
    assert "ยังไม่ได้แสดงหมายเหตุ ๔๓ รายการ" in lines


def test_verbose_shows_every_finding_and_the_notices(fresh, capsys):
    main(["check", str(fresh), "--verbose"])
    out = capsys.readouterr().out
    assert out.count("ยังไม่มีเอกสาร ลิงก์ หรือข้อความ") == 43
    assert "  content/2566/9.2/O17.md บรรทัดที่ ๒: O17 ยังไม่มีเอกสาร ลิงก์ หรือข้อความ" in out
    assert ("หมายเหตุ: สิ่งที่ควรทำ\n• องค์ประกอบที่ยังไม่ได้ทำเครื่องหมายใน covers: ๔๓ ข้อ: O1–O43") in out
    assert "ยังไม่ได้แสดงหมายเหตุ" not in out


def test_english_on_request_and_arabic_digits_when_the_site_asks(fresh, capsys, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    main(["check", str(fresh)])
    out = capsys.readouterr().out
    assert "Readiness 0/43 items (0%) · not ready yet\nerrors 47 · warnings 1 · notices 43" in out
    assert "• No data yet 43 items: O1–O43" in out
    assert "  content/2566/9.1/O8.md at line 2: O8 must link to the working channel itself" in out
    # Thai script only where it quotes the site: the agency and the sub-indicators' titles.
    thai = [line for line in out.splitlines() if re.search("[\u0e00-\u0e7f]", line)]
    assert len(thai) == 8
    assert all(line.startswith(("itagen check · ", "  9.", "  10.")) for line in thai)
    monkeypatch.setenv("ITAGEN_LANG", "th")
    yaml = (fresh / "site.yaml").read_text(encoding="utf-8")
    yaml = yaml.replace("numerals: thai", "numerals: arabic")
    (fresh / "site.yaml").write_text(yaml, encoding="utf-8")
    main(["check", str(fresh)])
    out = capsys.readouterr().out
    assert "ความพร้อม 0/43 ข้อ (0%)" in out and "• ยังไม่มีข้อมูล 43 ข้อ: O1–O43" in out
    assert not re.search("[๐-๙]", out)
