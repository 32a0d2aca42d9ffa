"""Never a lost file: where a build may write, what it may delete, and what survives a kill.

-o refuses /, the home folder, the site folder, a folder that holds the site or
its sources (through symbolic links too), a file, and a non-itagen folder; a
build deletes only inside its output (and its own temporary folders); the output
is replaced by a swap, so a build killed with SIGKILL midway leaves the previous
output whole and the next run cleans up; build, check and serve never write a
source file.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from itagen.build import build
from itagen.cli import main
from itagen.errors import ItagenError

from .conftest import REPO

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def tree_state(root: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple]:
    """Every entry under root: (kind, bytes hash or link target, mode, mtime) — what "never written"
    means."""
    state = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] in skip:
            continue
        st = path.lstat()
        if path.is_symlink():
            state[rel] = ("link", os.readlink(path), st.st_mtime_ns)
        elif path.is_file():
            state[rel] = (
                "file",
                hashlib.sha256(path.read_bytes()).hexdigest(),
                st.st_mode,
                st.st_mtime_ns,
            )
        else:
            state[rel] = ("dir", st.st_mode)
    return state


# -- where the output may go -----------------------------------------------------------------


def _refusal_cases(site, tmp_path: Path, monkeypatch) -> dict[str, Path]:
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents/thesis.docx").write_bytes(b"years of work")
    (home / "ita.json").write_text("{}")  # a past mistake must not make the home folder replaceable
    monkeypatch.setenv("HOME", str(home))
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "important.txt").write_text("keep me")
    a_file = tmp_path / "report.pdf"
    a_file.write_bytes(b"%PDF keep me")
    # content/ that lives elsewhere through a symbolic link (inside the site: content linked to
    # outside it is refused, SECURITY.md §4)
    elsewhere = site.root / "drive"
    (elsewhere / "content").mkdir(parents=True)
    (site.root / "content").rename(elsewhere / "content")
    os.symlink(elsewhere / "content", site.root / "content")
    os.symlink(site.root, tmp_path / "link-to-site")
    return {
        "root": Path("/"),
        "home": home,
        "site folder": site.root,
        "site folder as .": Path("."),
        "parent of the site": site.root.parent,
        "content/": site.root / "content",
        "content/2566/": site.root / "content/2566",
        "files/": site.root / "files",
        "files/2566/build": site.root / "files/2566/build",
        "themes/x": site.root / "themes/x",
        "catalogs/": site.root / "catalogs",
        "symlinked content's real folder": elsewhere / "content",
        "inside symlinked content": elsewhere / "content/build",
        "folder holding the symlinked content": elsewhere,
        "a link to the site": tmp_path / "link-to-site",
        "a file": a_file,
        "a folder that is not an itagen output": stranger,
    }


CASES = [
    "root",
    "home",
    "site folder",
    "site folder as .",
    "parent of the site",
    "content/",
    "content/2566/",
    "files/",
    "files/2566/build",
    "themes/x",
    "catalogs/",
    "symlinked content's real folder",
    "inside symlinked content",
    "folder holding the symlinked content",
    "a link to the site",
    "a file",
    "a folder that is not an itagen output",
]


@pytest.mark.parametrize("case", CASES)
def test_output_folders_that_would_lose_files_are_refused(site, tmp_path, monkeypatch, case):
    out = _refusal_cases(site, tmp_path, monkeypatch)[case]
    monkeypatch.chdir(site.root)
    before = tree_state(tmp_path)
    with pytest.raises(ItagenError, match="refusing|not an itagen output"):
        build(site.root, out)
    assert tree_state(tmp_path) == before, "a refused build changes nothing"


def test_cli_refuses_the_root_folder_with_exit_1(site, capsys):
    assert main(["build", str(site.root), "-o", "/"]) == 1
    err = capsys.readouterr().err
    assert "refusing" in err and "Traceback" not in err


# -- what a build deletes ------------------------------------------------------------------


def test_a_build_deletes_only_inside_its_output(site, tmp_path):
    parent = tmp_path / "public"
    out = parent / "ita"
    build(site.root, out)
    # Neighbours of the output, some with names close to itagen's own temporary folders.
    for rel in (
        "keep.txt",
        "ita.bak/index.html",
        "ita2/ita.json",
        ".ita.itagen-tmp-notes/x.txt",
        ".ita.itagen-old-/x.txt",
        ".ita.itagen-tmp.txt",
    ):
        (parent / rel).parent.mkdir(parents=True, exist_ok=True)
        (parent / rel).write_text("keep me")
    # A link inside the previous output to a folder elsewhere: replacing the output must not follow
    # it.
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "data.csv").write_text("keep me")
    os.symlink(precious, out / "files/linked")
    (out / "files/linked-file.csv").symlink_to(precious / "data.csv")
    neighbours = tree_state(parent, ("ita",))
    precious_before = tree_state(precious)
    site.item("9.1", "O2", "", "ข้อความใหม่\n")
    build(site.root, out)
    assert tree_state(parent, ("ita",)) == neighbours
    assert tree_state(precious) == precious_before
    assert not (out / "files/linked").exists(), "the new output is fresh"


def test_a_failed_build_leaves_the_previous_output_whole(site, tmp_path):
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_state(out)
    site.item("9.1", "O2", "", "[ลิงก์](javascript:alert(1))\n")
    with pytest.raises(ItagenError):
        build(site.root, out)
    assert tree_state(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"], (
        "no temporary folder is left"
    )


# -- a build killed midway -----------------------------------------------------------------

BIG_BODY = "".join(
    f"ย่อหน้าที่ {i} **ตัวหนา** [ลิงก์](https://example.org/{i}) `code` ข้อความ\n\n" for i in range(1000)
)


def _make_big(site) -> None:
    from itagen.catalog.load import load_catalog

    for item in load_catalog(2566).items:
        site.item(item.subindicator, item.code, "", BIG_BODY)


def _wait_for(predicate, timeout: float, proc: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def test_a_build_killed_midway_leaves_the_previous_output_whole(site, tmp_path):
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_state(out)
    _make_big(site)  # 43 items of ~100 KB of Markdown: seconds of rendering to kill it in
    proc = subprocess.Popen(
        [sys.executable, "-m", "itagen", "build", str(site.root), "-o", str(out)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tmp_dir = tmp_path / f".out.itagen-tmp-{proc.pid}"
    try:
        started = _wait_for(lambda: len(list(tmp_dir.glob("2566/o*/index.html"))) >= 2, 120, proc)
        assert started, "the build never got midway (finished too fast, or failed)"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert tree_state(out) == before, "the previous output is whole"
    assert tmp_dir.is_dir(), "the killed build left its temporary folder (the next run cleans it)"
    result = build(site.root, out)
    assert result.ok and not tmp_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert "ย่อหน้าที่ 999" in (out / "2566/o1/index.html").read_text(encoding="utf-8")


def test_a_build_killed_between_its_two_renames_is_recovered(site, tmp_path):
    """The one moment the output path is empty: the next run puts the previous output back."""
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_state(out)
    site.item("9.1", "O2", "", "ข้อความใหม่\n")
    script = textwrap.dedent(f"""
        import os, signal, sys
        import itagen.render.write as write
        real = os.replace
        calls = []
        def replace(src, dst):
            calls.append(src)
            real(src, dst)
            if len(calls) == 1:          # the old output has just moved aside
                os.kill(os.getpid(), signal.SIGKILL)
        write.os.replace = replace
        from itagen.build import build
        build({str(site.root)!r}, {str(out)!r})
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert not out.exists()
    [old] = tmp_path.glob(".out.itagen-old-*")
    assert tree_state(old) == before, "the previous output is whole, beside its place"
    from itagen.render.write import clean_leftovers

    clean_leftovers(out)
    assert tree_state(out) == before, "and the next run puts it back before building"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


# -- sources are never written -------------------------------------------------------------

SKIP = ("build", ".itagen-cache")  # the output, and the build cache (not a source; git-ignored)


@pytest.fixture
def full_site(tmp_path) -> Path:
    """A copy of the repository's example site (every item filled), to build, check and serve."""
    import shutil

    root = tmp_path / "site"
    root.mkdir()
    for name in ("site.yaml", "content", "files"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    return root


def test_build_never_writes_a_source_file(full_site):
    before = tree_state(full_site)
    build(full_site)
    assert (full_site / "build/ita.json").is_file()
    assert tree_state(full_site, SKIP) == before
    build(full_site)  # and again, over its own output
    assert tree_state(full_site, SKIP) == before


@pytest.mark.parametrize("fmt", ["text", "json", "html", "github"])
def test_check_never_writes_a_source_file(full_site, fmt, capsys):
    before = tree_state(full_site)
    code = main(["check", str(full_site), "--format", fmt])
    assert code in (0, 1)
    assert capsys.readouterr().out
    assert tree_state(full_site) == before


def test_serve_never_writes_a_source_file(full_site):
    from itagen.commands.serve import start_server

    before = tree_state(full_site)
    server = start_server(full_site, "127.0.0.1", 0)
    try:
        for path in ("", "2566/", "2566/o1/", "2566/o43/", "ita.json", "eit/", "files/", "nope/"):
            try:
                with urllib.request.urlopen(server.url + path, timeout=10) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass
    finally:
        server.stop()
    assert tree_state(full_site) == before


def test_the_writer_never_writes_outside_its_temporary_folder(tmp_path):
    from itagen.render.write import OutputWriter

    writer = OutputWriter(tmp_path / "out")
    try:
        for rel in ("../escape.html", "a/../../escape.html", "/etc/escape.html"):
            with pytest.raises(ItagenError, match="outside the output"):
                writer.write_text(rel, "x")
    finally:
        writer.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_leftovers_are_found_by_name_not_by_glob(tmp_path):
    """An output folder named with glob characters: its own leftovers go, another folder's stay."""
    import subprocess
    import sys

    from itagen.render.write import clean_leftovers

    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(dead.stdout)
    out = tmp_path / "out[1]"
    mine = tmp_path / f".out[1].itagen-tmp-{pid}"
    other = tmp_path / f".out1.itagen-tmp-{pid}"  # what the pattern .out[1].itagen-tmp-* matches
    odd = tmp_path / ".out[1].itagen-old-²"  # str.isdigit says yes, int() says no: not ours
    for folder in (mine, other, odd):
        (folder / "2566").mkdir(parents=True)
    clean_leftovers(out)
    assert not mine.exists(), "the killed build's temporary folder of out[1] is removed"
    assert other.exists(), "out1's is not out[1]'s to remove"
    assert odd.exists()


def _dead_pid() -> int:
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


def test_a_killed_build_s_leftovers_go_on_a_cached_run_too(site, tmp_path):
    """Issue 23: a run that finds nothing changed used to skip the clean-up."""
    out = tmp_path / "out"
    assert build(site.root, out).ok
    pid = _dead_pid()
    tmp_dir = tmp_path / f".out.itagen-tmp-{pid}"
    (tmp_dir / "2566").mkdir(parents=True)
    result = build(site.root, out)
    assert result.cached, "nothing changed: the output was kept"
    assert not tmp_dir.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_a_killed_build_s_leftovers_go_in_a_many_site_cached_run(tmp_path):
    from itagen.many import build_many, plan

    from .conftest import SiteMaker

    sites = [SiteMaker(tmp_path / name) for name in ("a", "b")]
    for maker in sites:
        maker.item("9.1", "O1", "", "ข้อมูล\n")
    out = tmp_path / "out"
    tasks = plan([s.root for s in sites], out)
    assert all(r.ok for r in build_many(tasks, jobs=1))
    pid = _dead_pid()
    leftovers = [out / f".a.itagen-tmp-{pid}", out / f".b.itagen-old-{pid}"]
    for folder in leftovers:
        (folder / "2566").mkdir(parents=True)
    results = build_many(plan([s.root for s in sites], out), jobs=1)
    assert all(r.cached for r in results)
    assert not any(folder.exists() for folder in leftovers)
    assert sorted(p.name for p in out.iterdir()) == ["a", "b"]


# -- issue 23: full disks and links where the output goes ---------------------------------------


def _full_disk_at(monkeypatch, module, name: str, when) -> None:
    """Make `module.name` (write_new or copy_new) fail with ENOSPC for the paths `when` accepts."""
    import errno

    real = getattr(module, name)

    def failing(*args):
        if when(args):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args)

    monkeypatch.setattr(module, name, failing)


@pytest.mark.parametrize("stage", ["page", "document"])
def test_a_full_disk_names_the_file_and_says_the_disk_is_full(
    site, tmp_path, monkeypatch, capsys, stage
):
    from itagen.render import write

    monkeypatch.setenv("ITAGEN_LANG", "en")
    out = tmp_path / "out"
    assert build(site.root, out).ok
    before = (out / "2566/o1/index.html").read_bytes()
    site.item("9.1", "O1", "updated: 2566-01-17", "ใหม่\n")
    if stage == "page":
        _full_disk_at(
            monkeypatch,
            write,
            "write_new",
            lambda args: str(args[0]).endswith("2566/o1/index.html"),
        )
        shown = str(out / "2566/o1/index.html")
    else:
        _full_disk_at(
            monkeypatch, write, "copy_new", lambda args: str(args[1]).endswith("structure.pdf")
        )
        shown = str(out / "files/2566/structure.pdf")
    assert main(["build", str(site.root), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {shown}: the disk is full" in err
    assert "free some space" in err and "replace" not in err and "Traceback" not in err
    assert (out / "2566/o1/index.html").read_bytes() == before, "the previous output is whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_clean_on_a_build_folder_that_is_a_link_names_it_and_deletes_nothing(
    site, tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    www = tmp_path / "www"
    assert build(site.root, www).ok
    os.symlink(www, site.root / "build")
    assert main(["clean", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert str(site.root / "build") in err and str(www) in err
    assert "does not delete through links" in err
    assert "rmtree" not in err and "Traceback" not in err
    assert (www / "ita.json").is_file() and (site.root / "build").is_symlink()
