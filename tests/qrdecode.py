"""Reading QR codes back the way a phone would: rasterise, decode with a real decoder, count printed
pages.

Tools (Debian packages): zbarimg (zbar-tools), rsvg-convert (librsvg2-bin), chromium,
pdfinfo/pdftoppm (poppler-utils). A test that needs one calls `need(...)` and is skipped,
with the package to install, where it is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PACKAGES = {
    "zbarimg": "zbar-tools",
    "rsvg-convert": "librsvg2-bin",
    "chromium": "chromium",
    "pdfinfo": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdftotext": "poppler-utils",
}
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)
SHORT = "https://itas.nacc.go.th/go/eit/xgitdi"
# 200 characters: the longest link a site could plausibly paste (a survey link with tracking).
LONG = (
    SHORT
    + "?utm_source=ita-website&utm_medium=qr&org=6543210&fy=2566&ref="
    + "office-notice-board-and-service-counter-of-the-sub-district-admin-organisation"
)
LONG += "x" * (200 - len(LONG))
SVG_RE = re.compile(r'<svg class="qr".*?</svg>', re.DOTALL)


def need(*tools: str) -> None:
    """Skip the calling test unless every tool is on PATH."""
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pkgs = " ".join(sorted({PACKAGES.get(t, t) for t in missing}))
        pytest.skip(f"{', '.join(missing)} not installed (Debian: apt-get install {pkgs})")


def qr_svgs(html: str) -> list[str]:
    """Return the inline QR <svg> elements of a page, byte for byte as written."""
    return SVG_RE.findall(html)


def decode_png(png: Path) -> list[str]:
    """Return the QR codes zbarimg finds in an image (empty when it finds none)."""
    run = subprocess.run(
        ["zbarimg", "-q", "--raw", "--nodbus", str(png)],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if run.returncode not in (0, 4):  # 4: no symbol found
        raise AssertionError(f"zbarimg failed: {run.stderr.decode(errors='replace')}")
    return run.stdout.decode("utf-8").splitlines()


def decode_svg(svg: str, work: Path, width: int = 600) -> list[str]:
    """Rasterise an SVG with rsvg-convert on white and decode it."""
    src, png = work / "qr.svg", work / "qr.png"
    src.write_text(svg, encoding="utf-8")
    subprocess.run(
        ["rsvg-convert", "-w", str(width), "-b", "white", str(src), "-o", str(png)],
        check=True,
        timeout=60,
    )
    return decode_png(png)


def start_print(html: Path, pdf: Path) -> tuple[subprocess.Popen, str]:
    """Start headless Chromium printing `html` to `pdf`; return the process and its profile
    folder."""
    profile = tempfile.mkdtemp(prefix="itagen-chromium-")
    proc = subprocess.Popen(
        [
            "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf}",
            html.resolve().as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return proc, profile


def finish_print(started: tuple[subprocess.Popen, str], timeout: float = 90) -> None:
    """Wait for a print started by start_print and remove its profile."""
    proc, profile = started
    try:
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


def pdf_pages(pdf: Path) -> int:
    """Return the page count pdfinfo reports."""
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def pdf_page_size_mm(pdf: Path) -> tuple[float, float]:
    """Return the first page's size in millimetres."""
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    w, h = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE).groups()
    return float(w) * 25.4 / 72, float(h) * 25.4 / 72


def decode_pdf(pdf: Path, dpi: int = 150) -> list[str]:
    """Render the PDF's first page to PNG with pdftoppm and decode it."""
    stem = pdf.parent / f"{pdf.stem}-page1"  # pdftoppm -singlefile adds ".png"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            "-png",
            str(pdf),
            str(stem),
        ],
        check=True,
        timeout=60,
    )
    return decode_png(pdf.parent / f"{stem.name}.png")


def modules(svg: str) -> list[list[bool]]:
    """Return the module grid of an itagen QR <svg> (quiet zone included; True is dark)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    grid = [[False] * size for _ in range(size)]
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    for x, y, x2, y2 in re.findall(r"M(\d+),(\d+)H(\d+)V(\d+)H\d+z", path):
        for row in range(int(y), int(y2)):
            for col in range(int(x), int(x2)):
                grid[row][col] = True
    return grid


def error_correction(grid: list[list[bool]], border: int = 4) -> str:
    """Read the error-correction level from both copies of the format information (ISO/IEC 18004
    7.9)."""
    inner = [row[border : len(row) - border] for row in grid[border : len(grid) - border]]
    n = len(inner)
    vertical = horizontal = 0
    for i in range(15):
        r = i if i < 6 else i + 1 if i < 8 else n - 15 + i
        c = n - i - 1 if i < 8 else 15 - i if i < 9 else 15 - i - 1
        vertical |= inner[r][8] << i
        horizontal |= inner[8][c] << i
    assert vertical == horizontal, "the two copies of the format information differ"
    level = (vertical ^ 0b101010000010010) >> 13
    return {0b01: "L", 0b00: "M", 0b11: "Q", 0b10: "H"}[level]
