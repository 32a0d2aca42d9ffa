"""Workspaces: many sites, shared content, one command; output independent of -j."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from itagen.many import build_many, plan
from itagen.cli import main

from .htmlcheck import soup
from .test_build import tree_digest

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """Three sites; shared O6 (laws) and O39 (ethics code); site b has its own O6, site c adds to
    O39."""
    ws = tmp_path / "ws"
    write(
        ws,
        "workspace.yaml",
        """\
        defaults:
          theme: default
          numerals: thai
          ita: {current_year: 2566}
        base_url: https://{slug}.example.org/ita/
    """,
    )
    write(
        ws,
        "shared/content/2566/9.1/O6.md",
        """\
        ---
        code: O6
        documents:
          - title: พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537
            file: files/laws/tambon-act.pdf
        ---
        กฎหมายที่เกี่ยวข้องกับการดำเนินงานของ อบต.
    """,
    )
    write(
        ws,
        "shared/content/2566/10.2/O39.yaml",
        """\
        code: O39
        documents:
          - title: ประมวลจริยธรรมข้าราชการส่วนท้องถิ่น
            url: https://www.example.go.th/ethics
    """,
    )
    (ws / "shared/files/laws").mkdir(parents=True)
    (ws / "shared/files/laws/tambon-act.pdf").write_bytes(b"%PDF-1.4 shared\n")
    for slug, name in (
        ("a", "องค์การบริหารส่วนตำบลเอ"),
        ("b", "องค์การบริหารส่วนตำบลบี"),
        ("c", "องค์การบริหารส่วนตำบลซี"),
    ):
        write(
            ws,
            f"sites/{slug}/site.yaml",
            f"agency:\n  name: {name}\nita:\n  eit_code: abc12{slug}\n",
        )
        write(
            ws,
            f"sites/{slug}/content/2566/9.1/O1.md",
            "---\ncode: O1\n---\nโครงสร้างของ " + name + "\n",
        )
    write(ws, "sites/b/content/2566/9.1/O6.md", "---\ncode: O6\n---\nกฎหมายเฉพาะของ อบต.บี\n")
    write(
        ws,
        "sites/c/content/2566/10.2/O39.md",
        """\
        ---
        code: O39
        inherit: true
        documents:
          - title: ประมวลจริยธรรมของ อบต.ซี
            url: https://c.example.org/ethics
        ---
    """,
    )
    return ws


def test_a_workspace_builds_every_site_with_shared_content(workspace):
    results = build_many(plan([workspace], None), jobs=1)
    assert [r.site.name for r in results] == ["a", "b", "c"] and all(r.ok for r in results)
    out = workspace / "build"
    a_o6 = soup(out / "a/2566/o6/index.html")
    assert (
        a_o6.select_one(".documents a").get_text()
        == "พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537"
    )
    assert (out / "a/files/laws/tambon-act.pdf").read_bytes() == b"%PDF-1.4 shared\n"
    assert (out / "a/ita.json").read_text(encoding="utf-8").count(
        "https://a.example.org/ita/2566/o1/"
    ) == 1
    b_o6 = soup(out / "b/2566/o6/index.html")
    assert "กฎหมายเฉพาะของ อบต.บี" in b_o6.select_one(".body").get_text()
    assert not b_o6.select(".documents"), "a site's own file replaces the shared item"
    c_docs = [a.get_text() for a in soup(out / "c/2566/o39/index.html").select(".documents a")]
    assert c_docs == ["ประมวลจริยธรรมข้าราชการส่วนท้องถิ่น", "ประมวลจริยธรรมของ อบต.ซี"]
    a_docs = [a.get_text() for a in soup(out / "a/2566/o39/index.html").select(".documents a")]
    assert a_docs == ["ประมวลจริยธรรมข้าราชการส่วนท้องถิ่น"]


def test_a_broken_site_is_reported_while_the_others_build(workspace, capsys):
    write(workspace, "sites/b/content/2566/9.1/O2.md", "---\ncode: O2\nupdated: เมื่อวาน\n---\n")
    code = main(["build", str(workspace), "-j", "2"])
    captured = capsys.readouterr()
    assert code == 1
    assert "content/2566/9.1/O2.md:3" in captured.err and "เมื่อวาน" in captured.err
    assert (workspace / "build/a/2566/index.html").is_file() and (
        workspace / "build/c/2566/index.html"
    ).is_file()
    assert not (workspace / "build/b").exists()
    assert "2 of 3 sites built" in captured.out


def test_outputs_are_identical_with_one_or_four_workers(workspace, tmp_path):
    one = build_many(plan([workspace], tmp_path / "one"), jobs=1)
    four = build_many(plan([workspace], tmp_path / "four"), jobs=4)
    assert all(r.ok for r in one + four)
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "four")
    import gc

    assert gc.get_freeze_count() == 0, (
        "the objects frozen for the workers are given back to the collector"
    )


def test_several_site_folders_build_into_out_by_folder_name(site, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "site.yaml").write_text(
        (site.root / "site.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (other / "content").mkdir()
    assert main(["build", str(site.root), str(other), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out/site/2566/o1/index.html").is_file()
    assert (tmp_path / "out/other/index.html").is_file()


def test_init_workspace_creates_a_workspace_that_builds(tmp_path):
    ws = tmp_path / "consultant"
    assert main(["init", str(ws), "--workspace", "--year", "2566"]) == 0
    assert (ws / "workspace.yaml").is_file() and list((ws / "sites").iterdir())
    assert main(["build", str(ws), "-q"]) == 0


def test_export_writes_one_answer_sheet_per_site(workspace, tmp_path):
    assert main(["export", "itas", str(workspace), "-o", str(tmp_path / "sheets")]) == 0
    sheets = sorted(p.name for p in (tmp_path / "sheets").iterdir())
    assert sheets == ["a-itas.csv", "b-itas.csv", "c-itas.csv"]
    text = (tmp_path / "sheets/c-itas.csv").read_text(encoding="utf-8-sig")
    assert "https://c.example.org/ita/2566/o39/" in text


def test_only_builds_a_shard_of_the_workspace_identically(workspace, tmp_path):
    assert main(["build", str(workspace), "-o", str(tmp_path / "all"), "-q"]) == 0
    assert (
        main(["build", str(workspace), "--only", "a,c", "-o", str(tmp_path / "shard"), "-q"]) == 0
    )
    assert sorted(p.name for p in (tmp_path / "shard").iterdir()) == ["a", "c"]
    assert tree_digest(tmp_path / "shard/c") == tree_digest(tmp_path / "all/c")
    assert main(["build", str(workspace), "--only", "zz", "-q"]) == 1


@pytest.mark.parametrize("target", ["shared", "shared/files", "."])
def test_a_workspace_build_never_writes_over_the_shared_sources(workspace, target):
    from itagen.build import build
    from itagen.errors import ItagenError
    from itagen.site.workspace import load_workspace

    ws = load_workspace(workspace)
    with pytest.raises(ItagenError, match="refusing"):
        build(workspace / "sites/a", workspace / target, workspace=ws)
    assert (workspace / "shared/files/laws/tambon-act.pdf").is_file()


def test_a_workspace_site_named_on_its_own_still_inherits(workspace, tmp_path):
    """`itagen build ws/sites/a` must give what the workspace build gives for a."""
    assert main(["build", str(workspace), "-o", str(tmp_path / "all"), "-q"]) == 0
    assert main(["build", str(workspace / "sites/a"), "-o", str(tmp_path / "a"), "-q"]) == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "all/a")


WORKSPACE_CHANGES = {
    "shared item": lambda ws: write(
        ws,
        "shared/content/2566/9.1/O6.md",
        "---\ncode: O6\n---\nกฎหมายฉบับปรับปรุง ดู[พระราชบัญญัติ](files/laws/tambon-act.pdf)\n",
    ),
    "shared file": lambda ws: (ws / "shared/files/laws/tambon-act.pdf").write_bytes(
        b"%PDF-1.4 shared, amended\n"
    ),
    "workspace default": lambda ws: write(
        ws,
        "workspace.yaml",
        (ws / "workspace.yaml")
        .read_text(encoding="utf-8")
        .replace("numerals: thai", "numerals: arabic"),
    ),
    "one site's item": lambda ws: write(
        ws, "sites/b/content/2566/9.1/O1.md", "---\ncode: O1\n---\nแก้ไขแล้ว\n"
    ),
}


@pytest.mark.parametrize("change", list(WORKSPACE_CHANGES))
def test_a_cached_workspace_rebuild_equals_a_clean_build(workspace, tmp_path, change):
    """The build cache (skipped sites, reused bodies) after each kind of workspace change."""
    import os
    import time

    out = tmp_path / "out"
    assert all(r.ok and not r.cached for r in build_many(plan([workspace], out), jobs=2))
    assert all(r.cached for r in build_many(plan([workspace], out), jobs=2))
    before = {p: p.stat().st_mtime_ns for p in workspace.rglob("*") if p.is_file()}
    WORKSPACE_CHANGES[change](workspace)
    later = time.time() + 5
    for path in workspace.rglob("*"):
        if path.is_file() and before.get(path) != path.stat().st_mtime_ns:
            os.utime(path, (later, later))
    again = build_many(plan([workspace], out), jobs=2)
    assert all(r.ok for r in again)
    rebuilt = {r.site.name for r in again if not r.cached}
    assert rebuilt == ({"b"} if change == "one site's item" else {"a", "b", "c"})
    build_many(plan([workspace], tmp_path / "clean", use_cache=False), jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def test_a_site_file_that_is_not_published_falls_back_to_the_shared_one(workspace, tmp_path):
    """Site a's files/laws/tambon-act.pdf links to a hidden file: the shared copy is the one
    published, and the one the shared O6 links to."""
    (workspace / "sites/a/.private").mkdir()
    (workspace / "sites/a/.private/act.pdf").write_bytes(b"%PDF private\n")
    (workspace / "sites/a/files/laws").mkdir(parents=True)
    (workspace / "sites/a/files/laws/tambon-act.pdf").symlink_to(
        workspace / "sites/a/.private/act.pdf"
    )
    write(
        workspace,
        "sites/a/content/2566/9.1/O1.md",
        "---\ncode: O1\n---\nดู[พระราชบัญญัติ](files/laws/tambon-act.pdf)\n",
    )
    assert main(["build", str(workspace), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out/a/files/laws/tambon-act.pdf").read_bytes() == b"%PDF-1.4 shared\n"


def test_a_site_whose_files_link_to_the_shared_files_finds_them_there(workspace, tmp_path):
    """files -> ../../shared/files leads out of the site, yet every file named there is the shared
    one, which the build publishes at that address."""
    (workspace / "sites/a/files").symlink_to(workspace / "shared/files")
    write(
        workspace,
        "sites/a/content/2566/9.1/O1.md",
        "---\ncode: O1\n---\nดู[พระราชบัญญัติ](files/laws/tambon-act.pdf)\n",
    )
    assert main(["build", str(workspace), "-o", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out/a/files/laws/tambon-act.pdf").read_bytes() == b"%PDF-1.4 shared\n"


def test_serve_reloads_an_item_that_names_a_shared_file(workspace):
    from itagen.commands.incremental import Rebuilder
    from itagen.commands.watch import Change

    rebuilder = Rebuilder(workspace / "sites/a")
    assert rebuilder.rebuild().ok
    item = workspace / "sites/a/content/2566/9.1/O1.md"
    write(
        workspace,
        "sites/a/content/2566/9.1/O1.md",
        "---\ncode: O1\ndocuments:\n  - title: พระราชบัญญัติ\n"
        "    file: files/laws/tambon-act.pdf\n---\nโครงสร้าง\n",
    )
    outcome = rebuilder.rebuild([Change(item, False)])
    assert outcome.kind == "full" and outcome.ok, outcome


@pytest.mark.parametrize("use_cache", [False, True])
def test_a_workspace_build_loads_the_workspace_once_not_once_per_site(
    workspace, tmp_path, monkeypatch, use_cache
):
    """Issue 23: every site's task loaded the workspace again (all its sites' folders): sites ×
    sites."""
    import itagen.many
    import itagen.site.workspace

    for n in range(12):
        write(
            workspace,
            f"sites/s{n:02d}/site.yaml",
            f"agency:\n  name: อบต.{n}\nita:\n  eit_code: abc{n:03d}\n",
        )
        (workspace / f"sites/s{n:02d}/content/2566").mkdir(parents=True)
    calls = []
    real = itagen.site.workspace.load_workspace

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(itagen.many, "load_workspace", counting)
    monkeypatch.setattr(itagen.site.workspace, "load_workspace", counting)
    tasks = plan([workspace], tmp_path / "out", use_cache=use_cache)
    assert len(tasks) == 15
    calls.clear()
    results = build_many(tasks, jobs=1)
    assert [r.errors for r in results if not r.ok] == [] and not any(r.cached for r in results)
    assert len(calls) == 1, calls
    # The workspace is read afresh by the next build: an edit to workspace.yaml is seen.
    write(
        workspace,
        "workspace.yaml",
        (workspace / "workspace.yaml")
        .read_text(encoding="utf-8")
        .replace("numerals: thai", "numerals: arabic"),
    )
    tasks = plan([workspace], tmp_path / "out", use_cache=use_cache)
    calls.clear()
    results = build_many(tasks, jobs=1)
    assert len(calls) == 1 and all(r.ok and not r.cached for r in results)
    assert "ITA 2566" in (tmp_path / "out/a/2566/index.html").read_text(encoding="utf-8")
