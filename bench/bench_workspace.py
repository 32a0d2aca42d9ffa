"""Benchmark: does a workspace build cost the same per site at 250 sites as at 1,000?

Usage: python bench/bench_workspace.py [--sites 250 1000] [--jobs 2] [--repeat 3] [--keep DIR]
Generates workspaces of minimal sites (bench/gen.py make_minimal_workspace), then runs
`itagen build WORKSPACE -o OUT -j N` as a separate process, `repeat` times each into a fresh
output folder, and reports the median CPU time (user + system, the process and its workers)
and wall time per site, and the per-site CPU of each size against the smallest. A cost that
grows with the number of sites (every site re-reading the workspace: sites × sites) shows as
a ratio above 1. A rebuild with nothing changed is timed too.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import run  # noqa: E402  (after the path insert)
from gen import make_minimal_workspace  # noqa: E402


def measure(ws: Path, out: Path, jobs: int, repeat: int) -> tuple[list[tuple], tuple]:
    """Return the clean builds' (wall, CPU) and one nothing-changed rebuild's (wall, CPU)."""
    cmd = [sys.executable, "-m", "itagen", "build", str(ws), "-j", str(jobs), "-q"]
    runs = []
    for n in range(repeat):
        dest = out.with_name(f"{out.name}.{n}")
        runs.append(run(cmd + ["-o", str(dest), "--no-cache"])[:2])
    last = out.with_name(f"{out.name}.{repeat - 1}")
    run(cmd + ["-o", str(last)])  # a build that records its cache state (--no-cache records none)
    cached = run(cmd + ["-o", str(last)])[:2]
    for n in range(repeat):
        shutil.rmtree(out.with_name(f"{out.name}.{n}"), ignore_errors=True)
    return runs, cached


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[250, 1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate the workspaces here and keep them")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="itagen-bench-ws-"))
    rows = []
    try:
        for count in args.sites:
            ws = make_minimal_workspace(base / f"ws{count}", count)
            runs, cached = measure(ws, base / f"out{count}", args.jobs, args.repeat)
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            rows.append((count, wall, cpu, cached))
            print(
                f"{count} sites: clean build wall {wall:.1f} s, CPU {cpu:.1f} s "
                f"(runs CPU: {', '.join(f'{r[1]:.1f}' for r in runs)}); nothing changed: "
                f"wall {cached[0]:.2f} s, CPU {cached[1]:.2f} s",
                flush=True,
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    first = rows[0]
    print(
        f"\n| sites | CPU per site | wall per site | per-site CPU vs {first[0]} "
        "| nothing changed, CPU per site |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    for count, wall, cpu, cached in rows:
        print(
            f"| {count:,} | {cpu / count * 1000:.1f} ms | {wall / count * 1000:.1f} ms | "
            f"{(cpu / count) / (first[2] / first[0]):.2f}× | {cached[1] / count * 1000:.2f} ms |"
        )


if __name__ == "__main__":
    main()
