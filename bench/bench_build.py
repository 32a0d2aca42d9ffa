"""Benchmark: whole-process itagen builds against the bare-loop reference, in the same run.

Usage: python bench/bench_build.py [--sites 120] [--jobs 1 2] [--repeat 3] [--keep DIR]
       [--output DIR]
Generates N sites × 43 items (bench/gen.py), then for each job count runs, as separate
processes, the bare loop (bench/bare_loop.py) and `itagen build SITES -o OUT -j N` in
alternating pairs, and reports the median wall time, CPU time (user and system), pages
per second, peak memory (max RSS of the process tree as the kernel reports it) and the
median of the paired ratios itagen / bare loop. Also times the example site,
`itagen --help` and rebuilds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen import make_large, make_sites, make_workspace  # noqa: E402 - bench/ is on sys.path from here
from peers import PEERS  # noqa: E402 - bench/ is on sys.path from here

# Python as a user runs it: modules are compiled once and their bytecode kept (pip compiles
# an installed package's); a shell with PYTHONDONTWRITEBYTECODE would recompile itagen's
# modules from source at every start, a cost no installed itagen has.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(cmd: list[str]) -> tuple[float, float, float, float, float]:
    """Run a command; return (wall s, CPU s, peak RSS MiB, user s, system s) of it and its
    children."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    proc.stderr.close()
    # wait4 reports the process's own usage; workers of a pool are its children and are
    # included in the CPU time via RUSAGE_CHILDREN of that process only after they are reaped,
    # which ProcessPoolExecutor does before exit.
    return (
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        usage.ru_utime,
        usage.ru_stime,
    )


def clean(out: Path | None, sites: list[Path]) -> None:
    """Make the next build a clean one: no output and no build cache (output stamps, bodies)."""
    if out is not None and out.exists():
        shutil.rmtree(out)
    for site in sites:
        forget_cache(site)


def forget_cache(site: Path) -> None:
    """Remove a site's build cache: its state in the site, its bodies in the user's cache folder."""
    from itagen.cache.site import clear

    clear(site)


def measure(
    label: str,
    cmd: list[str] | Callable[[Path], list[str]],
    repeat: int,
    pages: int,
    out: Path | None,
    sites: list[Path] = (),
    delete_between: bool = False,
) -> dict:
    """Run `cmd` `repeat` times (clean builds when `out` is given) and return the median figures.

    A `cmd` that takes the output folder writes each run into a new one (see measure_pair).
    """
    runs = []
    made: list[Path] = []
    for n in range(repeat):
        if callable(cmd):
            dest = out if delete_between else out.with_name(f"{out.name}.{n}")
            clean(out if delete_between else None, list(sites))
            made.append(dest)
            runs.append(run(cmd(dest)))
            continue
        if out is not None:
            clean(out, list(sites))
        runs.append(run(cmd))
    for dest in made:
        shutil.rmtree(dest, ignore_errors=True)
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = max(r[2] for r in runs)
    row = {"label": label, "wall": wall, "cpu": cpu, "rss": rss, "pps": pages / wall}
    print(
        f"  {label:<34} {wall:7.2f} s wall {cpu:7.2f} s cpu {pages / wall:8.0f} pages/s"
        f" {rss:7.0f} MiB peak"
    )
    return row


def measure_pair(
    ref: tuple[str, Callable[[Path], list[str]], Path],
    new: tuple[str, Callable[[Path], list[str]], Path],
    repeat: int,
    pages: int,
    sites: list[Path],
    delete_between: bool = False,
) -> tuple[dict, dict, float]:
    """Run the reference and itagen as pairs `repeat` times; return both rows and the median ratio.

    This VM's speed drifts by tens of percent over minutes, so each ratio is taken between two
    runs made one after the other, and the median of those ratios is reported. The order
    alternates (reference first, then itagen first) so that a drift within the series
    favours neither.

    Every run is a clean build: no output and no build cache. By default each run writes into
    a new folder and the outputs are deleted after the series: deleting 25,000 files just
    before a timed run makes this VM's disk (ext4 without a journal) skip each freshly freed
    inode when it allocates a new one (`recently_deleted` in the kernel profile), a cost
    of the benchmark's own clean-up that grows from run to run and charges the program
    making more files. `delete_between` restores the old procedure for comparison.
    """
    runs: dict[str, list] = {ref[0]: [], new[0]: []}
    made: list[Path] = []
    for n in range(repeat):
        for label, command, base in (ref, new) if n % 2 == 0 else (new, ref):
            if delete_between:
                out = base
                clean(out, sites)
            else:
                out = base.with_name(f"{base.name}.{n}")
                clean(None, sites)
                made.append(out)
            runs[label].append(run(command(out)))
    for out in made:
        shutil.rmtree(out, ignore_errors=True)
    rows = []
    for label, _, _ in (ref, new):
        r = runs[label]
        wall, cpu, rss = (
            statistics.median(x[0] for x in r),
            statistics.median(x[1] for x in r),
            max(x[2] for x in r),
        )
        user, system = statistics.median(x[3] for x in r), statistics.median(x[4] for x in r)
        print(
            f"  {label:<34} {wall:7.2f} s wall {cpu:7.2f} s cpu {pages / wall:8.0f} pages/s"
            f" {rss:7.0f} MiB peak"
            f"   (user {user:.2f} s, system {system:.2f} s)"
        )
        rows.append({"label": label, "wall": wall, "cpu": cpu, "rss": rss, "pps": pages / wall})
    pairs = list(zip(runs[ref[0]], runs[new[0]]))
    ratio = statistics.median(n[0] / r[0] for r, n in pairs)
    cpu_ratio = statistics.median(n[1] / r[1] for r, n in pairs)
    user_ratio = statistics.median(n[3] / r[3] for r, n in pairs)
    print(
        "  paired wall ratios: "
        + ", ".join(f"{n[0] / r[0]:.2f}" for r, n in pairs)
        + f"; CPU ratio (median): {cpu_ratio:.2f}×; user CPU ratio: {user_ratio:.2f}×"
    )
    return rows[0], rows[1], ratio


def rebuilds(
    itagen: list[str],
    sites: list[Path],
    out: Path,
    jobs: int,
    repeat: int,
    pages: int,
    item_rel: str = "content/2566/9.1/O1.md",
) -> None:
    """Time rebuilds with the cache: nothing changed, one item changed, one site.yaml changed, all
    changed."""
    cmd = itagen + ["build", *map(str, sites), "-o", str(out), "-j", str(jobs), "-q"]
    run(cmd)  # a build that fills the cache
    measure("rebuild, nothing changed", cmd, repeat, pages, None)
    item = sites[len(sites) // 2] / item_rel
    walls = []
    for n in range(repeat):
        with item.open("a", encoding="utf-8") as fh:
            fh.write(f"\nแก้ไขครั้งที่ {n}\n")
        walls.append(run(cmd))
    wall = statistics.median(w[0] for w in walls)
    print(f"  {'rebuild, one item changed':<34} {wall:7.2f} s wall")
    config = sites[0] / "site.yaml"
    walls = []
    for n in range(repeat):
        config.write_text(
            config.read_text(encoding="utf-8").replace(
                "province:", f"district: อำเภอ{n}\n  province:", 1
            )
            if "district:" not in config.read_text(encoding="utf-8")
            else config.read_text(encoding="utf-8").replace("district: อำเภอ", "district: อำเภอx"),
            encoding="utf-8",
        )
        walls.append(run(cmd))
    wall = statistics.median(w[0] for w in walls)
    print(f"  {'rebuild, one site.yaml changed':<34} {wall:7.2f} s wall")
    # Every site changed but no body did (a new theme release, a workspace default): the body
    # cache's case.
    walls = []
    for n in range(repeat):
        for site in sites:
            config = site / "site.yaml"
            old, new = ("เชียงใหม่", "เชียงราย") if n % 2 == 0 else ("เชียงราย", "เชียงใหม่")
            config.write_text(
                config.read_text(encoding="utf-8").replace(
                    f"province: {old}", f"province: {new}", 1
                ),
                encoding="utf-8",
            )
            os.utime(config, (time.time() + n + 1, time.time() + n + 1))
        walls.append(run(cmd))
    wall = statistics.median(w[0] for w in walls)
    print(
        f"  {'rebuild, every site.yaml changed':<34} {wall:7.2f} s wall {pages / wall:8.0f} pages/s"
    )


def large_site(
    itagen: list[str],
    work: Path,
    years: int,
    jobs_list: list[int],
    repeat: int,
    delete_between: bool = False,
) -> None:
    """One site with many years: its item pages are split across processes (itagen/parallel.py)."""
    site = make_large(work / "large", years)
    pages = years * 43
    print(f"\none site of {years} years × 43 items = {pages} item pages:")
    walls = {}
    for jobs in jobs_list:
        out = work / "large-out"
        row = measure(
            f"itagen build LARGE -j {jobs}",
            lambda dest, jobs=jobs: (
                itagen + ["build", str(site), "-o", str(dest), "-j", str(jobs), "-q"]
            ),
            repeat,
            pages,
            out,
            [site],
            delete_between,
        )
        walls[jobs] = row["wall"]
    if 1 in walls:
        for jobs, wall in walls.items():
            if jobs != 1:
                print(f"  speed-up -j {jobs} over -j 1: {walls[1] / wall:.2f}×")
    rebuilds(
        itagen, [site], work / "large-out", max(jobs_list), repeat, pages, "content/2566/9.1/O1.md"
    )


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=120)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--output", type=Path, help="write the outputs under this folder (e.g. /dev/shm: no disk)"
    )
    parser.add_argument(
        "--delete-between",
        action="store_true",
        help=(
            "clean builds into one folder deleted before each run (the procedure before 2026-12-05)"
        ),
    )
    parser.add_argument(
        "--peers", action="store_true", help="also build the corpus with Hugo, MkDocs, Pelican"
    )
    parser.add_argument(
        "--large",
        type=int,
        metavar="YEARS",
        help="also build ONE site of YEARS assessment years × 43 items (its pages split across -j)",
    )
    parser.add_argument(
        "--workspace",
        action="store_true",
        help="also build a workspace of the same size with shared content (issue 8)",
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="itagen-bench-"))
    sites = make_sites(work / "input", args.sites)
    pages = len(sites) * 43
    itagen = [sys.executable, "-m", "itagen"]
    print(
        f"itagen benchmark — {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )
    print(f"input: {len(sites)} sites × 43 items = {pages} item pages\n")
    help_wall = statistics.median(run(itagen + ["--help"])[0] for _ in range(5))
    print(f"  itagen --help: {help_wall * 1000:.0f} ms")
    ex_out = work / "example-out"
    measure(
        "example site (49 pages)",
        lambda dest: itagen + ["build", str(REPO), "-o", str(dest), "-q", "--no-cache"],
        args.repeat,
        49,
        ex_out,
        delete_between=args.delete_between,
    )
    itagen_walls: dict[int, float] = {}
    for jobs in args.jobs:
        print(f"\n-j {jobs}:")
        outputs = args.output or work
        outputs.mkdir(parents=True, exist_ok=True)
        ref_out, out = outputs / "bare-out", outputs / "itagen-out"
        _, row, ratio = measure_pair(
            (
                f"bare loop -j {jobs}",
                lambda dest, jobs=jobs: [
                    sys.executable,
                    str(HERE / "bare_loop.py"),
                    str(dest),
                    *map(str, sites),
                    "-j",
                    str(jobs),
                ],
                ref_out,
            ),
            (
                f"itagen build -j {jobs}",
                lambda dest, jobs=jobs: (
                    itagen + ["build", *map(str, sites), "-o", str(dest), "-j", str(jobs), "-q"]
                ),
                out,
            ),
            args.repeat,
            pages,
            sites,
            args.delete_between,
        )
        print(f"  ratio itagen / bare loop: {ratio:.2f}× wall (median of paired runs)")
        itagen_walls[jobs] = row["wall"]
        rebuilds(itagen, sites, out, jobs, args.repeat, pages)
    if args.large:
        large_site(itagen, work, args.large, args.jobs, args.repeat, args.delete_between)
    if args.peers:
        print("\npeers (same item pages, minimal template, one process each):")
        ref_out = (args.output or work) / "bare-out"
        ref = measure(
            "bare loop -j 1",
            lambda dest: [sys.executable, str(HERE / "bare_loop.py"), str(dest), *map(str, sites)],
            args.repeat,
            pages,
            ref_out,
            delete_between=args.delete_between,
        )
        for label, prepare in PEERS.items():
            cmd = prepare(sites, work / "peers")
            if cmd is None:
                print(f"  {label:<34} skipped: not installed")
                continue
            row = measure(label, cmd, args.repeat, pages, None)
            versus = (
                f", {row['wall'] / itagen_walls[1]:.2f}× itagen -j 1" if 1 in itagen_walls else ""
            )
            print(f"  {'':<34} {row['wall'] / ref['wall']:.2f}× the bare loop{versus}")
    if args.workspace:
        ws = make_workspace(work / "ws-input", args.sites)
        print(f"\nworkspace: {args.sites} sites × 43 items (O6, O25, O39 shared):")
        walls = {}
        for jobs in args.jobs:
            out = work / "ws-out"
            row = measure(
                f"itagen build WORKSPACE -j {jobs}",
                lambda dest, jobs=jobs: (
                    itagen + ["build", str(ws), "-o", str(dest), "-j", str(jobs), "-q"]
                ),
                args.repeat,
                pages,
                out,
                sorted((ws / "sites").iterdir()),
                args.delete_between,
            )
            walls[jobs] = row["wall"]
        if 1 in walls and len(walls) > 1:
            for jobs, wall in walls.items():
                if jobs != 1:
                    print(f"  speed-up -j {jobs} over -j 1: {walls[1] / wall:.2f}×")
    if args.output is not None:
        for name in ("bare-out", "itagen-out"):
            shutil.rmtree(args.output / name, ignore_errors=True)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
