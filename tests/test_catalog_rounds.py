"""A new round: a 2566 site moved into an imported, restructured year; the open round named."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from bs4 import BeautifulSoup

from itagen.build import build
from itagen.cli import main
from itagen.commands.check import run_check
from itagen.commands.migrate import migrate, summary
from itagen.site.content import load_item
from itagen.thai.dates import fiscal_year
from tests.conftest import REPO

PASTED = REPO / "tests" / "fixtures" / "criteria" / "oit_2568_pasted.csv"


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read itagen's words in English (the Thai is tested where it matters)."""
    monkeypatch.setenv("ITAGEN_LANG", "en")


def _doc(title: str, path: str, date: str) -> str:
    return f"  - title: {title}\n    file: {path}\n    date: {date}\n"


@pytest.fixture
def moved(tmp_path, capsys):
    """A 2566 site (init) with documents in O1, O3, O14 and O40, migrated into an imported 2568."""
    root = tmp_path / "site"
    assert (
        main(
            [
                "init",
                str(root),
                "--year",
                "2566",
                "--name",
                "องค์การบริหารส่วนตำบลทดสอบ",
                "--eit",
                "xgitdi",
            ]
        )
        == 0
    )
    for name in ("structure", "authority", "manual", "ethics"):
        (root / "files/2566").mkdir(parents=True, exist_ok=True)
        (root / f"files/2566/{name}.pdf").write_bytes(b"%PDF-1.4\n" + name.encode())
    (root / "content/2566/9.1/O1.md").write_text(
        "---\ncode: O1\ndocuments:\n"
        + _doc("แผนผังโครงสร้าง", "files/2566/structure.pdf", "16 มกราคม 2566")
        + "---\nโครงสร้างส่วนราชการของ อบต.\n",
        encoding="utf-8",
    )
    (root / "content/2566/9.1/O3.md").unlink()
    (root / "content/2566/9.1/O3.yaml").write_text(
        "code: O3\ndocuments:\n"
        + _doc("อำนาจหน้าที่ตามกฎหมาย", "files/2566/authority.pdf", "2566-01-10"),
        encoding="utf-8",
    )
    (root / "content/2566/9.2/O14.md").write_text(
        "---\ncode: O14\ndocuments:\n"
        + _doc("คู่มือการปฏิบัติงาน", "files/2566/manual.pdf", "1 ธันวาคม 2565")
        + "---\n",
        encoding="utf-8",
    )
    (root / "content/2566/10.2/O40.md").write_text(
        "---\ncode: O40\ndocuments:\n"
        + _doc("กิจกรรมขับเคลื่อนจริยธรรม", "files/2566/ethics.pdf", "2568-02-01")
        + "---\nกิจกรรมส่งเสริมจริยธรรมของ อบต.\n",
        encoding="utf-8",
    )
    assert main(["catalog", "import", str(PASTED), "--year", "2568", str(root)]) == 0
    result = migrate(root, 2566, 2568)
    capsys.readouterr()
    return root, result


def _item(root, year, sub, code, suffix=".md"):
    from itagen.catalog.load import load_catalog

    path = root / f"content/{year}/{sub}/{code}{suffix}"
    catalog = load_catalog(year, root)
    return load_item(path, path.relative_to(root).as_posix(), year, sub, catalog, root)


def test_a_merged_item_carries_both_source_items_documents_and_text(moved):
    root, result = moved
    o1 = _item(root, 2568, "9.1", "O1")
    assert [d.title for d in o1.documents] == ["แผนผังโครงสร้าง", "อำนาจหน้าที่ตามกฎหมาย"]
    o16 = _item(root, 2568, "9.5", "O16")  # 2566's O39 (a stub) and O40, merged
    assert [d.title for d in o16.documents] == ["กิจกรรมขับเคลื่อนจริยธรรม"]
    assert "## O40 การขับเคลื่อนจริยธรรม (2566)" in o16.body
    assert "กิจกรรมส่งเสริมจริยธรรม" in o16.body
    text = summary(result)
    assert "O3   อำนาจหน้าที่ → O1 โครงสร้างและอำนาจหน้าที่" in text
    assert "their documents and text were added" in text


def test_a_renumbered_item_keeps_its_documents_under_its_new_code(moved):
    root, result = moved
    o8 = _item(root, 2568, "9.2", "O8")
    assert [d.title for d in o8.documents] == ["คู่มือการปฏิบัติงาน"]
    assert not (root / "content/2568/9.2/O14.md").exists()
    assert "   O14 → O8   คู่มือหรือแนวทางการปฏิบัติงานของเจ้าหน้าที่" in summary(result)


def test_the_summary_names_the_items_to_supply(moved):
    _root, result = moved
    text = summary(result)
    for code in ("O9", "O12", "O22", "O23"):
        stubs = text.split("What to supply")[1].split("documents of the new period")[0]
        assert f"    {code:<4} " in stubs
    assert {s.code for s in result.new} == {"O9", "O12", "O22", "O23"}


def test_the_moved_site_builds_checks_and_exports_in_the_new_shape(moved, tmp_path, capsys):
    root, _result = moved
    site_yaml = root / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8").replace("current_year: 2566", "current_year: 2568")
    site_yaml.write_text(text + "base_url: https://example.org/ita/\n", encoding="utf-8")
    out = tmp_path / "out"
    build(root, out, use_cache=False)
    index = BeautifulSoup((out / "2568/index.html").read_text(encoding="utf-8"), "html.parser")
    text = index.get_text(" ")
    assert "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" in text
    links = {a["href"].removesuffix("/index.html") for a in index.find_all("a", href=True)}
    assert {f"o{n}" for n in range(1, 27)} <= {link.split("/")[-1] for link in links}
    assert not (out / "2568/o27").exists()
    assert index.find("a", href="../2566/index.html") is not None  # the year switcher
    o1 = (out / "2568/o1/index.html").read_text(encoding="utf-8")
    assert "แผนผังโครงสร้าง" in o1 and "อำนาจหน้าที่ตามกฎหมาย" in o1
    assert (out / "2566/o43/index.html").is_file()  # the earlier year stays published
    report = run_check(root, today=dt.date(2025, 3, 1))
    assert report.year == 2568 and report.required == 26
    assert not [f for f in report.findings if f.rule in ("site-invalid", "round-behind")]
    assert main(["export", "itas", str(root), "--format", "json"]) == 0
    sheet = json.loads(capsys.readouterr().out)
    rows = sheet["items"] if isinstance(sheet, dict) else sheet
    codes = [row["code"] for row in rows]
    assert codes == [f"O{n}" for n in range(1, 27)]


@pytest.mark.parametrize(
    "day, year",
    [
        (dt.date(2026, 12, 5), 2570),
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2026, 10, 1), 2570),
        (dt.date(2023, 1, 1), 2566),
    ],
)
def test_fiscal_year_starts_in_october(day, year):
    assert fiscal_year(day) == year


def test_a_2566_site_is_told_which_round_is_open(site, capsys):
    report = run_check(site.root, today=dt.date(2026, 12, 5))
    [finding] = [f for f in report.findings if f.rule == "round-behind"]
    assert finding.severity == "warning" and finding.file == "site.yaml" and finding.line == 7
    assert "2570" in finding.message and "2566" in finding.message
    assert "itagen catalog import" in finding.hint and "--year 2570" in finding.hint
    # With a catalog for the open round at hand, the hint is the migration itself.
    assert main(["catalog", "new", "2570", "--from", "2566", str(site.root)]) == 0
    report = run_check(site.root, today=dt.date(2026, 12, 5))
    [finding] = [f for f in report.findings if f.rule == "round-behind"]
    assert "itagen migrate --from 2566 --to 2570" in finding.hint
    before = run_check(site.root, today=dt.date(2023, 9, 30)).findings
    assert not [f for f in before if f.rule == "round-behind"]


def test_the_check_command_names_the_open_round_as_of_itagen_today(site, capsys, monkeypatch):
    monkeypatch.setenv("ITAGEN_TODAY", "2026-12-05")
    main(["check", str(site.root)])
    out = capsys.readouterr().out
    # The report speaks to a person: the rule's title and the command, not the rule's id.
    assert "A later assessment round is open" in out  # this module speaks English (_english)
    assert "itagen migrate --from 2566 --to 2570" in out


def test_one_catalog_serves_every_site_of_a_workspace(tmp_path, capsys):
    ws = tmp_path / "ws"
    (ws / "sites").mkdir(parents=True)
    (ws / "workspace.yaml").write_text("defaults:\n  ita: {current_year: 2568}\n", encoding="utf-8")
    assert main(["catalog", "import", str(PASTED), "--year", "2568", str(ws)]) == 0
    assert (ws / "catalogs/2568.yaml").is_file()
    for slug in ("a", "b"):
        site = ws / "sites" / slug
        (site / "content/2568/9.1").mkdir(parents=True)
        yaml_text = f"agency:\n  name: อบต.{slug}\nita:\n  eit_code: abc12{slug}\n"
        (site / "site.yaml").write_text(yaml_text, encoding="utf-8")
        item = "---\ncode: O1\n---\nโครงสร้าง\n"
        (site / "content/2568/9.1/O1.md").write_text(item, encoding="utf-8")
    assert main(["build", str(ws), "-o", str(tmp_path / "out"), "-q"]) in (0, 1)
    for slug in ("a", "b"):
        page = (tmp_path / "out" / slug / "2568/index.html").read_text(encoding="utf-8")
        assert "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน" in page
    # The workspace's catalog is an input of every site: editing it rebuilds them (no stale cache).
    catalog = ws / "catalogs/2568.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("ในประเด็นสินบน", "ด้านสินบน"), encoding="utf-8"
    )
    assert main(["build", str(ws), "-o", str(tmp_path / "out"), "-q"]) in (0, 1)
    page = (tmp_path / "out/a/2568/index.html").read_text(encoding="utf-8")
    assert "การดำเนินการเพื่อป้องกันการทุจริตด้านสินบน" in page
    capsys.readouterr()
    for folder in (ws / "sites/a", ws):
        assert main(["catalog", "--site", str(folder)]) == 0
        assert any(
            line.startswith("2568  26") and "workspace" in line
            for line in capsys.readouterr().out.splitlines()
        )


def test_csv_export_lists_the_new_codes(moved, capsys):
    root, _ = moved
    args = ["export", "itas", str(root), "--year", "2568", "--base-url", "https://example.org/ita/"]
    assert main(args) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert [r[0] for r in rows[1:]] == [f"O{n}" for n in range(1, 27)]


def test_the_open_round_is_named_in_thai_by_default(site, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "th")
    [finding] = [
        f
        for f in run_check(site.root, today=dt.date(2026, 12, 5)).findings
        if f.rule == "round-behind"
    ]
    assert finding.message.startswith("ขณะนี้เป็นรอบการประเมิน ITA ๒๕๗๐")  # numerals: thai
    assert "itagen catalog import TABLE.xlsx --year 2570" in finding.hint


def test_a_year_without_a_catalog_names_the_commands_that_make_one(site, capsys):
    assert main(["check", str(site.root), "--year", "2570"]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "no catalog for the year 2570" in text
    assert "itagen catalog import TABLE.xlsx --year 2570" in text
    assert "itagen catalog new 2570 --from 2567" in text
