"""itagen migrate: a site carried from one assessment year to another through the catalogs' stable
keys."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

from itagen.build import build, load_site
from itagen.catalog.load import load_catalog
from itagen.cli import main
from itagen.errors import ItagenError
from itagen.site.frontedit import edit_item_text
from itagen.commands.migrate import migrate, summary
from itagen.site.yamlio import split_front_matter

from .conftest import REPO, SiteMaker
from .htmlcheck import soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example_2567(tmp_path_factory: pytest.TempPathFactory):
    """The repository's example site copied to a temporary folder and migrated 2566 → 2567."""
    root = tmp_path_factory.mktemp("example") / "site"
    root.mkdir()
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for name in ("content", "files"):
        shutil.copytree(REPO / name, root / name)
    before = snapshot(root / "content" / "2566"), snapshot(root / "files")
    result = migrate(root, 2566, 2567)
    return root, result, before


def test_the_example_site_migrates_to_2567_without_touching_2566_or_files(example_2567):
    root, result, (content_before, files_before) = example_2567
    assert snapshot(root / "content" / "2566") == content_before
    assert snapshot(root / "files") == files_before
    assert (
        len(result.carried) == 43 and not result.new and not result.unwritten and not result.dropped
    )
    assert sorted(result.written) == sorted(
        f"content/2567/{c}"
        for c in (
            p.relative_to(root / "content" / "2566").as_posix()
            for p in (root / "content" / "2566").glob("*/*")
        )
    )


def test_standing_items_are_copied_byte_for_byte_and_dated_ones_lose_old_documents(example_2567):
    root, result, _ = example_2567
    old, new = root / "content" / "2566", root / "content" / "2567"
    by_code = {c.spec.code: c for c in result.carried}
    for code in ("O1", "O4", "O9", "O39"):  # period none / in force
        c = by_code[code]
        assert (root / c.dest).read_bytes() == (root / c.src).read_bytes(), code
        assert not c.left_out
    o7_old = (old / "9.1" / "O7.md").read_text(encoding="utf-8")
    o7_new = (new / "9.1" / "O7.md").read_text(encoding="utf-8")
    assert len(by_code["O7"].left_out) == 10
    assert "documents: []" in o7_new and "ไม่ได้ยกเอกสาร 10 รายการ" in o7_new
    # Apart from the documents and the note, every line is the source's: the body and the other
    # keys.
    front_old, body_old, _ = split_front_matter(o7_old, "old")
    front_new, body_new, _ = split_front_matter(o7_new, "new")
    assert body_new == body_old
    assert [
        line for line in front_new.splitlines() if not line.startswith(("documents:", "# itagen"))
    ] == [
        line
        for line in front_old.splitlines()
        if not line.startswith(("documents:", "  - ", "    "))
    ]
    # O42: the analysis of ITA 2565 is dated in FY2566, which 2567's "previous year" would accept;
    # it was the 2566 answer, so it stays behind.
    assert {d.title for d in by_code["O42"].left_out} >= {
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปีงบประมาณ พ.ศ. 2565"
    }
    # An undated link in a dated item (the e-GP search) is kept, and listed for checking.
    assert [d.url for d in by_code["O20"].undated] and "e-GP" in (new / "9.3" / "O20.md").read_text(
        "utf-8"
    )


def test_the_migrated_site_builds_and_only_new_items_are_missing(example_2567, tmp_path):
    root, result, _ = example_2567
    out = tmp_path / "out"
    build(root, out)
    for year, other in ((2566, 2567), (2567, 2566)):
        nav = soup(out / str(year) / "index.html").select_one("nav.years")
        assert {a["href"] for a in nav.find_all("a")} == {
            f"../{year}/index.html",
            f"../{other}/index.html",
        }
    view, _ = load_site(root)
    statuses = {i.code: i.status for i in view.by_year[2567].items}
    assert (
        {c for c, s in statuses.items() if s == "missing"} == {s.code for s in result.new} == set()
    )
    # What is not ready is exactly what the summary tells the webmaster to supply.
    to_supply = {c.spec.code for c in result.needs_new_period} | {s.code for s in result.stubs}
    assert {c for c, s in statuses.items() if s != "ok"} <= to_supply
    assert statuses["O17"] == "empty"  # a YAML item whose 2565 reports all stayed
    text = summary(result)
    assert (
        "O17  รายงานผลการสำรวจความพึงพอใจการให้บริการ: รายงานของปี พ.ศ. 2566 (2 of 2566 left out)"
        in text
    )
    assert "UNVERIFIED" in text and "ita.current_year: 2567" in text
    check = pytest.importorskip("itagen.commands.check")
    report = check.run_check(root, 2567)
    results = {i.code: i.status for s in report.subindicators for i in s.items}
    assert len(results) == 43
    assert {c for c, s in results.items() if s == "missing"} == {s.code for s in result.new}
    assert {c for c, s in results.items() if s == "fail"} <= to_supply | {
        c.spec.code for c in result.carried if c.spec.period == "in_force"
    }


def write_2564_site(root: Path) -> SiteMaker:
    """A small FY2564 site: items whose codes all change in 2566, and one 2566 dropped."""
    site = SiteMaker(root)
    site.write(
        "site.yaml", (root / "site.yaml").read_text(encoding="utf-8").replace("2566", "2564")
    )
    site.file("files/2564/plan.pdf")
    site.item(
        "9.2",
        "O10",
        """\
        title: แผนดำเนินงาน ประจำปี 2564   # our own words
        documents:
          - title: แผนดำเนินงาน
            file: files/2564/plan.pdf
            date: 15 ตุลาคม 2563
        """,
        "แผนดำเนินงานประจำปี\n",
        year=2564,
    )
    site.write(
        "content/2564/9.5/O32.yaml",
        "code: O32\ndocuments:\n  - title: กล่องรับความคิดเห็น\n    url: https://example.org/opinion\n",
    )
    site.item(
        "9.3",
        "O23",
        """\
        documents:
          - title: สขร. ตุลาคม 2563
            file: files/2564/plan.pdf
            date: 2563-10-30
        """,
        year=2564,
    )
    return site


def test_2564_to_2566_moves_items_to_their_new_codes(tmp_path):
    site = write_2564_site(tmp_path / "site")
    source = (site.root / "content/2564/9.2/O10.md").read_text(encoding="utf-8")
    result = migrate(site.root, 2564, 2566)
    moved = {(c.source.code, c.spec.code) for c in result.carried}
    assert moved == {("O10", "O11"), ("O23", "O21")}
    target = (site.root / "content/2566/9.2/O11.md").read_text(encoding="utf-8")
    assert target == source.replace("code: O10", "code: O11", 1)  # only the code changed
    assert {s.code for s in result.new} == {"O10", "O31", "O32", "O33", "O39", "O40", "O41"}
    dropped = {s.code: src for s, src in result.dropped}
    assert dropped["O32"] == "content/2564/9.5/O32.yaml" and dropped["O34"] is None
    assert set(dropped) == {"O32", "O34", "O35", "O38"}
    # 2564's budget items are part of 2566's O11–O13 (the 2566 catalog's merges:), not gone.
    assert [(s.code, into.code) for s, into, _ in result.merged] == [
        ("O18", "O11"),
        ("O19", "O12"),
        ("O20", "O13"),
    ]
    assert "O18  แผนการใช้จ่ายงบประมาณประจำปี → O11 แผนดำเนินงานและการใช้งบประมาณประจำปี" in summary(
        result
    )
    assert len(result.stubs) + len(result.carried) == 43
    assert "content/2564/9.5/O32.yaml" in summary(result) and "O10 → O11" in summary(result)
    o21 = next(c for c in result.carried if c.spec.code == "O21")
    assert len(o21.left_out) == 1 and "documents: []" in (site.root / o21.dest).read_text("utf-8")
    build(site.root, tmp_path / "out")
    view, _ = load_site(site.root)
    statuses = {i.code: i.status for i in view.by_year[2566].items}
    assert statuses["O11"] == "ok" and all(s != "missing" for s in statuses.values())
    assert statuses["O10"] == "empty"  # a stub for the new privacy policy


def test_an_existing_target_year_is_refused_and_force_only_adds(tmp_path):
    site = write_2564_site(tmp_path / "site")
    mine = site.write("content/2566/9.2/O11.md", "---\ncode: O11\n---\nของเราเอง\n")
    with pytest.raises(ItagenError, match="content/2566/ already exists"):
        migrate(site.root, 2564, 2566)
    assert [p.name for p in (site.root / "content/2566").rglob("*.md")] == ["O11.md"]
    result = migrate(site.root, 2564, 2566, force=True)
    assert mine.read_text(encoding="utf-8") == "---\ncode: O11\n---\nของเราเอง\n"
    assert result.kept == ["content/2566/9.2/O11.md"] and len(result.written) == 42
    assert "O11" not in {c.spec.code for c in result.carried} and len(result.carried) == 1


def test_a_source_year_with_errors_writes_nothing(tmp_path):
    site = write_2564_site(tmp_path / "site")
    site.item("9.1", "O1", "documents:\n  - title: x\n    file: files/nope.pdf\n", year=2564)
    with pytest.raises(ItagenError) as err:
        migrate(site.root, 2564, 2566)
    assert any(
        p.path == "content/2564/9.1/O1.md" and "does not exist" in p.message
        for p in err.value.problems
    )
    assert not [p for p in (site.root / "content/2566").rglob("*") if p.is_file()]


def test_migrating_to_a_sites_own_year(site, tmp_path):
    site.write(
        "catalogs/2599.yaml",
        textwrap.dedent("""\
        year: 2599
        extends: 2566
        shift_years: true
        items:
          structure: {title: โครงสร้างและอำนาจหน้าที่}
        remove: [authority]
        add:
          - {key: bribery_risk, subindicator: '10.1', code: O44, title: การประเมินความเสี่ยงการรับสินบน}
        """),
    )
    site.item("9.1", "O3", "documents:\n  - title: อำนาจหน้าที่\n    url: https://example.org/o3\n")
    result = migrate(site.root, 2566, 2599)
    assert [c.spec.code for c in result.carried] == ["O1"]
    assert [s.code for s in result.new] == ["O44"]
    assert [(s.code, src) for s, src in result.dropped] == [("O3", "content/2566/9.1/O3.md")]
    assert (
        (site.root / "content/2599/10.1/O44.md").read_text("utf-8").startswith("---\ncode: O44\n")
    )
    build(site.root, tmp_path / "out")
    assert "โครงสร้างและอำนาจหน้าที่" in soup(tmp_path / "out/2599/o1/index.html").find("h1").get_text()
    assert (
        load_catalog(2599, site.root).by_code["O44"].heading == "แผนป้องกันการทุจริต"
    )  # its last heading


def test_front_matter_edits_keep_bom_crlf_comments_and_quoting():
    text = (
        "\ufeff---\r\ncode: 'O10'  # ข้อ\r\ndocuments:\r\n  - title: a\r\n    url: https://a.example\r\n"
        "  # about b\r\n  - title: b\r\n    url: https://b.example\r\n---\r\nbody\r\n"
    )
    out = edit_item_text(text, ".md", "x.md", "O11", {0})
    assert (
        out == "\ufeff---\r\ncode: 'O11'  # ข้อ\r\ndocuments:\r\n  # about b\r\n  - title: b\r\n"
        "    url: https://b.example\r\n---\r\nbody\r\n"
    )
    flow = "code: O9\ndocuments: [{title: a, url: 'https://a.example'}, {title: b, url: 'https://b.example'}]\n"
    assert (
        edit_item_text(flow, ".yaml", "x.yaml", "O9", {1})
        == 'code: O9\ndocuments: [{"title": "a", "url": "https://a.example"}]\n'
    )


def test_cli_migrate_exit_codes(tmp_path, capsys):
    site = write_2564_site(tmp_path / "site")
    assert main(["migrate", str(site.root), "--from", "2564", "--to", "2566"]) == 0
    assert "What to supply for 2566" in capsys.readouterr().out
    assert main(["migrate", str(site.root), "--from", "2564", "--to", "2566"]) == 1
    assert "already exists" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["migrate", str(site.root), "--from", "2564"])
    assert exit_.value.code == 2
