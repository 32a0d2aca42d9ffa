"""Benchmark: `itagen serve`, from saving one item file to the new content being served.

Usage: python bench/serve_latency.py [--saves 20] [--years 116] [--skip-large]

Two sites, each copied or generated into a temporary folder (the repository is never edited):
- the example site (the repository root: 43 items of FY2566);
- a large site: one site with `--years` assessment years (FY2566 and its own
  catalogs/<year>.yaml for 2567 onwards, copies of the FY2566 catalog) × 43 items with
  bench/gen.py's ~2 KB Thai bodies: 116 years = 4,988 item pages.

For each site it starts the server in-process (itagen.commands.serve.start_server, port 0,
default 50 ms debounce) and reports, over `--saves` saves of one item (O5; median, p95, max):
- save → new content served: the file is written in place, then GET /2566/o5/ is polled every
  2 ms until the new text is there (what a reader sees);
- the same with an editor-style save (write a temporary file, then rename it over the item);
- save → reload event: the time until the /__itagen/reload event stream says `reload`
  (what makes an open tab reload);
- the rebuild itself (as the server logs it: every save runs the build's stages into memory, with
  unchanged bodies reused), plus a title change (until the page and ita.json show it) and a
  site.yaml save for comparison.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import socket
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from gen import make_large  # noqa: E402 - bench/ is on sys.path from here

from itagen.commands.serve import start_server  # noqa: E402 - bench/ is on sys.path from here

ITEM = "content/2566/9.1/O5.md"
PAGE = "/2566/o5/"


def copy_example(dest: Path) -> Path:
    """Copy the example site's sources (not its build/) into dest."""
    dest.mkdir(parents=True)
    for name in ("site.yaml", "content", "files"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)
    return dest


def get(url: str) -> str:
    """Return the body of a page."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def save(path: Path, text: str, atomic: bool) -> None:
    """Write like an editor: in place, or to a temporary file renamed over the original."""
    if atomic:
        temp = path.with_name(f".{path.name}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    else:
        path.write_text(text, encoding="utf-8")


def edited(original: str, marker: str) -> str:
    """The item text with a marker paragraph after the front matter."""
    head, sep, body = original.partition("\n---\n")
    return f"{head}{sep}{marker}\n\n{body}"


def until_served(url: str, marker: str, started: float, limit: float = 120.0) -> float:
    """Poll until `marker` is served; return seconds since `started`."""
    while marker not in get(url):
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{marker} never appeared at {url}")
        time.sleep(0.002)
    return time.perf_counter() - started


def until_reload(port: int, token: str, path: Path, text: str) -> float:
    """Open the reload stream, save, and return seconds until the `reload` event arrives."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        sock.sendall(f"GET /__itagen/reload?v={token} HTTP/1.0\r\n\r\n".encode())
        received = sock.recv(4096)
        started = time.perf_counter()
        save(path, text, False)
        while b"data: reload" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                raise SystemExit("the reload stream closed without an event")
            received += chunk
        return time.perf_counter() - started


def summary(label: str, seconds: list[float]) -> str:
    """One line: median, p95 and max in milliseconds."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"  {label:<38} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f}"
        f"   max {ms[-1]:7.1f}   (n={len(ms)})"
    )


def measure(name: str, root: Path, saves: int) -> None:
    """Start a server on `root` and print the latency figures."""
    log: list[str] = []
    started = time.perf_counter()
    server = start_server(root, "127.0.0.1", 0, log=log.append)
    first = time.perf_counter() - started
    if server.view.snapshot is None:
        server.stop()
        raise SystemExit("the first build failed:\n" + "\n".join(log))
    pages = sum(1 for k in server.view.snapshot.pages if k.endswith(".html"))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{name}: {pages} pages; first build {first:.2f} s; peak RSS so far {rss:.0f} MiB")
    url = server.url.rstrip("/") + PAGE
    path = root / ITEM
    original = path.read_text(encoding="utf-8")
    try:
        for atomic in (False, True):
            times = []
            for n in range(saves):
                marker = f"ทดสอบความเร็ว-{int(atomic)}-{n}"
                t0 = time.perf_counter()
                save(path, edited(original, marker), atomic)
                times.append(until_served(url, marker, t0))
                time.sleep(0.1)  # let the next save be a separate batch
            print(
                summary(
                    "save → new content (atomic rename)"
                    if atomic
                    else "save → new content (in place)",
                    times,
                )
            )
        events = []
        for n in range(saves):
            events.append(
                until_reload(server.port, server.view.token, path, edited(original, f"event-{n}"))
            )
            time.sleep(0.1)
        print(summary("save → reload event", events))
        rebuilds = [
            float(m.group(1)) / 1000
            for line in log
            if (m := re.search(r"in (\d+) ms$", line)) and f"{ITEM} changed" in line
        ]
        print(summary("rebuild after an item save (server log)", rebuilds))
        print(
            "  pages and data files per save: "
            + next(
                line.split("built ")[1].split(" pages")[0]
                for line in reversed(log)
                if f"{ITEM} changed" in line
            )
        )
        t0 = time.perf_counter()
        save(path, original.replace("code: O5", "code: O5\ntitle: ช่องทางการติดต่อ (แก้ชื่อ)", 1), False)
        print(summary("title change", [until_served(url, "(แก้ชื่อ)", t0)]))
        print(
            summary(
                "title change → new ita.json", [until_served(server.url + "ita.json", "(แก้ชื่อ)", t0)]
            )
        )
        config = root / "site.yaml"
        text = config.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        save(config, text.replace("short_name: อบต.", "short_name: อบต.ใหม่", 1), False)
        print(summary("site.yaml save (full rebuild)", [until_served(url, "อบต.ใหม่", t0, 600)]))
    finally:
        path.write_text(original, encoding="utf-8")
        server.stop()


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument(
        "--years", type=int, default=116, help="years of the large site (× 43 item pages)"
    )
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="itagen-serve-bench-") as tmp:
        measure("example site", copy_example(Path(tmp) / "example"), args.saves)
        if not args.skip_large:
            started = time.perf_counter()
            root = make_large(Path(tmp) / "large", args.years)
            print(f"\n(generated the large site in {time.perf_counter() - started:.1f} s)")
            measure(f"large site ({args.years} years × 43 items)", root, args.saves)


if __name__ == "__main__":
    main()
