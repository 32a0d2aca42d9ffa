"""Big and deep input: the largest body taken (2 MB) and an item with 10,000 documents, in bounds.

Each big build runs in a fresh Python process that reports its own peak memory
(resource.getrusage ru_maxrss, and tracemalloc's peak where it is cheap enough),
so the figures are the build's and nothing else's. The bounds are about twice
what was measured (see SECURITY.md), loose enough for any Linux machine and tight
enough to catch a stage that keeps a second copy of the site or goes quadratic.
Deep nesting and YAML alias bombs end in a clean error or a normal build, fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from itagen.build import build
from itagen.errors import ItagenError
from itagen.site.yamlio import MAX_BODY_BYTES

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

MB = 1024 * 1024

# Measured (x86-64 Linux, CPython 3.11): 2 MB body: 117 MB peak RSS, 30 MB of it before the build;
# 10,000 documents: 130 MB peak RSS with tracemalloc on (88 MB off), 40 MB tracemalloc peak.
BODY_RSS_LIMIT_MB = 250
DOCS_RSS_LIMIT_MB = 250
DOCS_TRACEMALLOC_LIMIT_MB = 120

CHILD = textwrap.dedent("""
    import json, resource, sys, time, tracemalloc
    from pathlib import Path
    site, out, trace = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
    # imports are not the build's cost
    import itagen.build, itagen.render.markdown, itagen.render.pages, pydantic
    def peak_kb():
        # VmHWM is this process image's own peak. ru_maxrss is not: Linux carries it across exec
        # from the forking parent, so a big pytest process would inflate it.
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    base = peak_kb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    result = itagen.build.build(site, out)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else None
    print(json.dumps({"seconds": seconds, "rss_mb": peak_kb() / 1024,
                      "base_rss_mb": base / 1024, "traced_mb": peak / 2**20 if peak else None,
                      "pages": result.pages}))
""")


def _measured_build(site_root, out, trace: bool, timeout: float = 300) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(site_root), str(out), "1" if trace else "0"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\n{site_root.name}: {figures}")  # shown with pytest -s; quoted in SECURITY.md
    return figures


def test_a_2_mb_markdown_body_builds_within_its_memory_bound(site, tmp_path):
    """The largest body itagen takes (MAX_BODY_BYTES) builds, within its memory bound."""
    para = "ข้อมูลการจัดซื้อจัดจ้าง **ประจำเดือน** [เอกสาร](files/2566/structure.pdf) และ `รหัส` 12345\n\n"
    count = (MAX_BODY_BYTES - 100) // len(para.encode())
    body = para * count + "ย่อหน้าสุดท้าย\n"
    site.item("9.1", "O2", "", body)
    assert (site.root / "content/2566/9.1/O2.md").stat().st_size >= MAX_BODY_BYTES - 2000
    out = tmp_path / "out"
    figures = _measured_build(site.root, out, trace=False)
    assert figures["rss_mb"] < BODY_RSS_LIMIT_MB
    html = (out / "2566/o2/index.html").read_text(encoding="utf-8")
    assert html.count('href="../../files/2566/structure.pdf"') >= count
    assert "<p>ย่อหน้าสุดท้าย</p>" in html


@pytest.mark.parametrize("where", ["item", "free page"])
def test_a_body_over_the_limit_is_refused_quickly_with_its_size(site, tmp_path, monkeypatch, where):
    """Issue 23: a 50 MB body took 2.9 GB; over MAX_BODY_BYTES it is refused with file and line."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    body = "ข้อมูล " * (50 * MB // len("ข้อมูล ".encode()))
    if where == "item":
        path = site.item("9.1", "O2", "title: ใหญ่", body)
    else:
        path = site.write("content/pages/big.md", "---\ntitle: ใหญ่\n---\n" + body)
    started = time.monotonic()
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    assert time.monotonic() - started < 30
    [problem] = caught.value.problems
    assert problem.path == path.relative_to(site.root).as_posix()
    assert problem.line == (5 if where == "item" else 4)  # ---, code, title, --- / ---, title, ---
    assert "50.0 MB" in problem.message and "at most 2 MB" in problem.message
    assert not (tmp_path / "out").exists()


def _documents(n: int, file: str) -> str:
    return "documents:\n" + "".join(
        f"  - title: เอกสารที่ {i}\n    file: {file.format(i=i)}\n"
        f"    date: 2566-01-{i % 28 + 1:02d}\n"
        for i in range(n)
    )


def test_an_item_with_10000_documents_builds_within_its_memory_bound(site, tmp_path):
    site.item("9.1", "O2", _documents(10_000, "files/2566/structure.pdf"), "")
    out = tmp_path / "out"
    figures = _measured_build(site.root, out, trace=True)
    assert figures["rss_mb"] < DOCS_RSS_LIMIT_MB
    assert figures["traced_mb"] < DOCS_TRACEMALLOC_LIMIT_MB
    html = (out / "2566/o2/index.html").read_text(encoding="utf-8")
    assert html.count('<a href="../../files/2566/structure.pdf">เอกสารที่') == 10_000
    assert (
        len(
            json.loads((out / "ita.json").read_text(encoding="utf-8"))["years"][0]["items"][1][
                "documents"
            ]
        )
        == 10_000
    )


def test_10000_faulty_documents_are_all_reported_in_linear_time(site, tmp_path):
    """Every fault is reported with its own line; looking lines up must not re-read the file each
    time."""
    site.item("9.1", "O2", _documents(10_000, "files/missing-{i}.pdf"), "")
    script = textwrap.dedent(f"""
        import json
        from itagen.build import build
        from itagen.errors import ItagenError
        try:
            build({str(site.root)!r}, {str(tmp_path / "out")!r})
        except ItagenError as exc:
            print(json.dumps([(p.path, p.line, p.message) for p in exc.problems if p.is_error]))
    """)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-2000:]
    problems = json.loads(proc.stdout)
    assert len(problems) == 10_000
    # ---, code (line 2), documents: (3), then 3 lines per document: its file: is on line 5 + 3i.
    assert problems[0] == [
        "content/2566/9.1/O2.md",
        5,
        "document 1 → file: the file 'files/missing-0.pdf' does not exist",
    ]
    assert problems[-1][1] == 5 + 3 * 9_999
    print(f"\n10,000 faulty documents reported in {elapsed:.1f} s")
    assert elapsed < 120


# -- deep and self-referencing input -------------------------------------------------------

LOL = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)


@pytest.mark.parametrize(
    "front",
    [
        "title: " + "[" * 20_000 + "]" * 20_000,
        "title: " + "{a: " * 5_000 + "1" + "}" * 5_000,
        LOL,
        LOL.replace("a9: &a9", "documents: &a9"),
        LOL.replace("a9: &a9", "covers: &a9"),
        "documents: &d [*d]",
        "title: &t\n  a: *t",
    ],
    ids=[
        "deep lists",
        "deep maps",
        "billion laughs",
        "laughs as documents",
        "laughs as covers",
        "self-containing list",
        "self-containing map",
    ],
)
def test_deep_and_self_referencing_yaml_is_a_quick_clean_error(site, front):
    site.item("9.1", "O2", front, "")
    started = time.monotonic()
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert time.monotonic() - started < 30
    assert all(p.path == "content/2566/9.1/O2.md" for p in caught.value.problems if p.is_error)


@pytest.mark.parametrize(
    "body",
    [
        ">" * 100_000 + " ลึก\n",
        "".join("  " * i + "- ลึก\n" for i in range(1_000)),
        "*" * 20_000 + "ลึก" + "*" * 20_000,
        "[" * 20_000 + "ลึก" + "]" * 20_000 + "(https://example.org)",
        "ก" * 650_000,
        "".join(f"ข้อ[^{i}]\n\n[^{i}]: หมายเหตุ\n\n" for i in range(3_000)),
    ],
    ids=[
        "deep quotes",
        "deep lists",
        "many stars",
        "deep brackets",
        "one 2 MB line",
        "3000 footnotes",
    ],
)
def test_deep_markdown_builds(site, tmp_path, body):
    site.item("9.1", "O2", "", body)
    started = time.monotonic()
    build(site.root, tmp_path / "out")
    assert time.monotonic() - started < 120
    assert (tmp_path / "out/2566/o2/index.html").stat().st_size > 0
