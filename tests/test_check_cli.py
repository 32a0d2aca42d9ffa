"""`itagen check` on the command line, on the example site, and on a workspace."""

from __future__ import annotations

import json
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
    assert "readiness 43/43 (100%) · 0 errors" in capsys.readouterr().out
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
    assert json.loads(capsys.readouterr().out)["sites"][0]["readiness"] == {"passing": 43, "required": 43}


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
    assert "content/2566/9.3/O21.md: error item-missing: O21 " in out
    assert "9.3 การจัดซื้อจัดจ้าง  3/4 (75%)" in out


def test_a_workspace_is_checked_site_by_site_with_shared_items(tmp_path, capsys):
    ws = tmp_path / "ws"
    (ws / "sites").mkdir(parents=True)
    (ws / "workspace.yaml").write_text("shared: shared\nsites: sites\n", encoding="utf-8")
    first = clean_site(ws / "sites" / "a")
    second = clean_site(ws / "sites" / "b")
    # b inherits O6 from the shared folder, a has none; findings name shared files relative to the site.
    shared_o6 = ws / "shared/content/2566/9.1/O6.md"
    shared_o6.parent.mkdir(parents=True)
    shared_o6.write_text((second.root / "content/2566/9.1/O6.md").read_text(encoding="utf-8")
                         + "\nกฎหมายที่กําหนด\n", encoding="utf-8")
    (ws / "shared/files/2566").mkdir(parents=True)
    shutil.copy2(second.root / "files/2566/o6.pdf", ws / "shared/files/2566/o6.pdf")
    for site in (first, second):
        (site.root / "content/2566/9.1/O6.md").unlink()
    (first.root / "content/2566/9.1/O7.md").unlink()
    assert main(["check", str(ws)]) == 1
    out = capsys.readouterr().out
    assert out.count("error item-missing") == 1 and "content/2566/9.1/O7.md: error item-missing: O7 " in out
    assert out.count("../../shared/content/2566/9.1/O6.md:11: warning thai-text: sara am") == 2
    table = out.splitlines()[-3:-1]
    assert [row.split()[:2] for row in table] == [["a", "42/43"], ["b", "43/43"]]
