"""Instructions per site, itagen against the bare loop: a ratio this VM's noise cannot move.

Usage: python bench/instructions.py [--sites 5] [--output /dev/shm]
Runs the bare loop and `itagen build -j 1` (clean: no output, no build cache) under
valgrind's callgrind on N and 3N generated sites, and reports, for each, the
instructions per site (the difference of the two runs divided by 2N) and the
instructions of start-up (imports, schemas), and the per-site ratio. The counts
repeat to within 0.1 %; wall time here moves by tens of percent (bench/RESULTS.md).
Needs Debian's `valgrind`; it takes about a minute for the default 5 and 15 sites.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_build import CHILD_ENV, forget_cache  # noqa: E402 - bench/ is on sys.path from here
from gen import make_sites  # noqa: E402 - bench/ is on sys.path from here


def instructions(cmd: list[str]) -> int:
    """Run `cmd` under callgrind and return the instructions it executed."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True,
        text=True,
        check=False,
        env=CHILD_ENV,
    )
    if run.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{run.stderr[-2000:]}")
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no total:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def measure(label: str, command, sites: list[Path], out: Path) -> tuple[int, int]:
    """Return (instructions per site, start-up instructions) of `command(sites, out)`."""
    counts = []
    for group in (sites[: len(sites) // 3], sites):
        shutil.rmtree(out, ignore_errors=True)
        for site in group:
            forget_cache(site)
        counts.append(instructions(command(group, out)))
    small, large = counts
    per_site = (large - small) // (len(sites) - len(sites) // 3)
    startup = small - per_site * (len(sites) // 3)
    print(
        f"  {label:<22} {per_site / 1e6:9.1f} M a site {startup / 1e6:9.1f} M start-up", flush=True
    )
    return per_site, startup


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sites", type=int, default=5, help="N: runs on N and 3N sites (default 5)"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None,
        help="where the outputs go (default /dev/shm: the disk is not what is counted)",
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="itagen-instr-"))
    out_root = Path(tempfile.mkdtemp(prefix="itagen-instr-out-", dir=args.output))
    try:
        sites = make_sites(work / "input", 3 * args.sites)
        # One build first, so that every module's bytecode is there, as in an installed itagen.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "itagen",
                "build",
                str(sites[0]),
                "-o",
                str(out_root / "warm"),
                "--no-cache",
                "-q",
            ],
            env=CHILD_ENV,
            check=True,
            capture_output=True,
        )
        print(
            f"instructions, {args.sites} and {3 * args.sites} sites × 43 items, clean builds, -j 1:"
        )
        bare, _ = measure(
            "bare loop",
            lambda group, out: [
                sys.executable,
                str(HERE / "bare_loop.py"),
                str(out),
                *map(str, group),
            ],
            sites,
            out_root / "bare",
        )
        itagen, _ = measure(
            "itagen build",
            lambda group, out: [
                sys.executable,
                "-m",
                "itagen",
                "build",
                *map(str, group),
                "-o",
                str(out),
                "-j",
                "1",
                "-q",
            ],
            sites,
            out_root / "itagen",
        )
        print(f"  ratio per site: {itagen / bare:.3f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out_root, ignore_errors=True)


if __name__ == "__main__":
    main()
