"""One large site rendered by several processes: the same bytes, the same problems, real workers."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from itagen.cache import parallel
from itagen.build import build
from itagen.cache.bodies import bodies_folder
from itagen.catalog.load import BUILTIN_DIR
from itagen.cli import main
from itagen.errors import ItagenError
from itagen.render.pages import Renderer

from .conftest import REPO
from .test_build import tree_digest

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = [
    pytest.mark.skipif(
        parallel.fork_context() is None, reason="this platform cannot fork processes"
    ),
    pytest.mark.usefixtures("english"),
]

EXTRA_YEARS = range(2601, 2606)  # with 2566: 6 years × 43 items = 258 item pages


@pytest.fixture
def large(tmp_path: Path) -> Path:
    """The example site with five more assessment years (own catalogs), 258 item pages in all."""
    root = tmp_path / "large"
    root.mkdir()
    for name in ("site.yaml", "content", "files"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    catalog = (BUILTIN_DIR / "2566.yaml").read_text(encoding="utf-8")
    (root / "catalogs").mkdir()
    for year in EXTRA_YEARS:
        (root / "catalogs" / f"{year}.yaml").write_text(
            re.sub(r"^year: 2566$", f"year: {year}", catalog, count=1, flags=re.MULTILINE),
            encoding="utf-8",
        )
        shutil.copytree(root / "content/2566", root / "content" / str(year))
    return root


def test_the_output_does_not_depend_on_the_number_of_processes(large, tmp_path):
    one = build(large, tmp_path / "one", use_cache=False, jobs=1)
    assert one.pages > parallel.PARALLEL_MIN_ITEMS
    digest = tree_digest(tmp_path / "one")
    for jobs in (2, 3):
        result = build(large, tmp_path / f"j{jobs}", use_cache=False, jobs=jobs)
        assert (result.pages, result.files) == (one.pages, one.files)
        assert tree_digest(tmp_path / f"j{jobs}") == digest


def test_item_pages_are_rendered_by_other_processes(large, tmp_path, monkeypatch):
    log = tmp_path / "pids.txt"
    original = Renderer.item_page

    def logged(self, item):
        with log.open("a", encoding="ascii") as fh:  # short appends: whole lines from every process
            fh.write(f"{os.getpid()} {item.year} {item.code}\n")
        return original(self, item)

    monkeypatch.setattr(Renderer, "item_page", logged)
    build(large, tmp_path / "out", use_cache=False, jobs=2)
    rows = [line.split() for line in log.read_text(encoding="ascii").splitlines()]
    assert len(rows) == 6 * 43, "every item page is rendered exactly once"
    assert len({(year, code) for _, year, code in rows}) == 6 * 43
    pids = {pid for pid, _, _ in rows}
    assert len(pids) == 2 and str(os.getpid()) in pids, (
        "the parent renders a share, one worker the rest"
    )


def test_a_small_site_is_rendered_in_this_process(site, tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(parallel, "_work", lambda *args: started.append(args))
    assert build(site.root, tmp_path / "out", jobs=4).ok
    assert not started


def _break_links(root: Path) -> None:
    """Give items of several years a refused link, so that every process finds some."""
    for year in (2566, *EXTRA_YEARS):
        for sub, code in (("9.1", "O2"), ("10.2", "O40")):
            path = root / "content" / str(year) / sub / f"{code}.md"
            path.write_text(
                path.read_text(encoding="utf-8") + f"\n[ลิงก์](javascript:alert({year}))\n",
                encoding="utf-8",
            )


def test_problems_from_workers_come_back_in_page_order(large, tmp_path):
    out = tmp_path / "out"
    build(large, out, use_cache=False)
    before = tree_digest(out)
    _break_links(large)
    reports = {}
    for jobs in (1, 3):
        with pytest.raises(ItagenError) as exc:
            build(large, out, use_cache=False, jobs=jobs)
        reports[jobs] = [(p.path, p.line, p.message) for p in exc.value.problems]
    assert reports[1] == reports[3]
    assert len(reports[3]) == 12 and all("javascript" in m for _, _, m in reports[3])
    assert tree_digest(out) == before, "a failed build leaves the previous output untouched"


def test_a_worker_that_dies_fails_the_build_cleanly(large, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    build(large, out, use_cache=False)
    before = tree_digest(out)
    parent = os.getpid()
    original = Renderer.item_page

    def dying(self, item):
        if os.getpid() != parent:
            os._exit(9)  # as if the kernel had killed the worker
        return original(self, item)

    monkeypatch.setattr(Renderer, "item_page", dying)
    assert main(["build", str(large), "-o", str(out), "-j", "2", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert "worker process stopped" in err and "Traceback" not in err
    assert tree_digest(out) == before
    assert not [p for p in tmp_path.iterdir() if ".itagen-" in p.name], (
        "no temporary folder is left behind"
    )


def test_the_command_line_splits_one_site_across_jobs(large, tmp_path):
    assert main(["build", str(large), "-o", str(tmp_path / "a"), "-j", "2", "-q"]) == 0
    assert main(["build", str(large), "-o", str(tmp_path / "b"), "-j", "1", "-q"]) == 0
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_workers_fill_and_use_the_body_cache(large, tmp_path):
    out = tmp_path / "out"
    build(large, out, jobs=2)
    parts = sorted(bodies_folder(large).glob("bodies.*"))
    assert [p.name for p in parts] == ["bodies.0", "bodies.1"], (
        "one part from each process, no leftovers"
    )
    keys = [[line.split(b"\t")[0] for line in p.read_bytes().splitlines()[1:]] for p in parts]
    assert all(len(k) == len(set(k)) for k in keys), (
        "a body repeated in several years is stored once"
    )
    # Every year's items are copies of 2566's, at the same depth (as are the free pages): one entry
    # per distinct body.
    bodies = {
        p.read_text(encoding="utf-8").split("---\n", 2)[2]
        for p in (large / "content").rglob("*.md")
    }
    assert len(set(keys[0]) | set(keys[1])) == len({b for b in bodies if b.strip()})
    item = large / "content/2603/9.1/O1.md"
    item.write_text(item.read_text(encoding="utf-8") + "\nเพิ่มข้อความ\n", encoding="utf-8")
    os.utime(item, (os.stat(item).st_atime + 5, os.stat(item).st_mtime + 5))
    assert not build(large, out, jobs=2).cached
    build(large, tmp_path / "clean", use_cache=False, jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def test_a_template_error_is_the_same_whatever_the_number_of_processes(large, tmp_path):
    """The first page in page order that fails is the one reported (here: the home page's
    base.html)."""
    (large / "themes/default").mkdir(parents=True)
    (large / "themes/default/base.html").write_text("{{ site.nope.x }}", encoding="utf-8")
    messages = {}
    for jobs in (1, 3):
        with pytest.raises(ItagenError) as exc:
            build(large, tmp_path / f"out{jobs}", use_cache=False, jobs=jobs)
        messages[jobs] = [(p.path, p.line, p.message) for p in exc.value.problems]
    assert messages[1] == messages[3]


def test_a_failing_worker_leaves_no_cache_parts_and_no_processes(large, tmp_path, monkeypatch):
    import multiprocessing

    out = tmp_path / "out"
    build(large, out, jobs=2)
    before = tree_digest(out)
    parent = os.getpid()
    original = Renderer.item_page

    def failing(self, item):
        if os.getpid() != parent and item.year == 2566:  # the oldest year: the last run, a worker's
            raise ItagenError("ข้อผิดพลาดทดสอบ", item.content.src if item.content else None)
        return original(self, item)

    monkeypatch.setattr(Renderer, "item_page", failing)
    (large / "site.yaml").write_text(
        (large / "site.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    os.utime(large / "site.yaml", (os.stat(large / "site.yaml").st_atime + 5,) * 2)
    with pytest.raises(ItagenError, match="ข้อผิดพลาดทดสอบ"):
        build(large, out, jobs=2)
    assert tree_digest(out) == before
    assert not list(bodies_folder(large).glob("*.tmp")), "the failed build's part files are gone"
    assert sorted(p.name for p in bodies_folder(large).glob("bodies.*")) == ["bodies.0", "bodies.1"]
    assert not multiprocessing.active_children()


def test_without_pread_the_cache_still_works(large, tmp_path, monkeypatch):
    """Platforms without os.pread (Windows, which also cannot fork) read entries with seek and
    read."""
    out = tmp_path / "out"
    build(large, out, jobs=1)
    monkeypatch.delattr(os, "pread")
    item = large / "content/2566/9.1/O1.md"
    item.write_text(item.read_text(encoding="utf-8") + "\nเพิ่ม\n", encoding="utf-8")
    os.utime(item, (os.stat(item).st_atime + 5,) * 2)
    build(large, out, jobs=1)
    build(large, tmp_path / "clean", use_cache=False, jobs=1)
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="needs /proc to find the worker processes"
)
def test_workers_stop_when_the_build_is_killed(large, tmp_path):
    import signal
    import subprocess
    import sys
    import time

    # ~50 ms a page: a worker left running would go on for seconds, one that stops ends within a
    # page.
    body = "".join(f"ย่อหน้าที่ {i} **ตัวหนา** [ลิงก์](https://example.org/{i})\n\n" for i in range(800))
    for path in (large / "content").rglob("O*.md"):
        path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "itagen", "build", str(large), "-o", str(out), "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    tmp_dir = tmp_path / f".out.itagen-tmp-{proc.pid}"
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        workers |= _children(proc.pid)
        if workers and len(list(tmp_dir.glob("*/o*/index.html"))) >= 4:
            break
        time.sleep(0.01)
    if proc.poll() is not None or not workers:
        proc.kill()
        pytest.skip("the build finished before it could be killed midway (a very fast machine)")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(_running(w) for w in workers):
        time.sleep(0.05)
    still = [w for w in workers if _running(w)]
    for w in still:
        os.kill(w, signal.SIGKILL)
    assert not still, "a worker went on writing after its build was killed"
    assert not out.exists(), "the killed build never replaced the output"
