"""QR codes: the EIT/IIT survey links on the year index, on O43, on the posters and from `itagen
qr`.

Owns how a URL becomes a QR code. The `qrcode` package (no Pillow) encodes the
URL through its public API (`QRCode`, `make()`, `get_matrix()`); the mask is
chosen here by the standard's penalty rules (see matrix()); the SVG
is one path over that module matrix, a rectangle per run of dark modules: error
correction M or better, a quiet zone of 4 modules, sized by CSS through its
viewBox so it is crisp at any size, a white background so it scans on dark
themes and prints, and an accessible name. PNG (for Word documents and social
media) is written from the same matrix with the standard library's zlib:
qrcode's own pure-Python PNG writer needs the extra pypng package for what here
is ~20 lines. The same URL always gives the same bytes. A site shows the same
survey codes on many pages, so a renderer keeps the finished paths in a
`QrCache` it owns (no module-level state).
"""

from __future__ import annotations

import re
import struct
import zlib
from html import escape
from itertools import pairwise
from pathlib import Path
from typing import Any

from itagen.thai.messages import _
from urllib.parse import quote, urlsplit, urlunsplit

QUIET_ZONE = 4  # modules of white around the code: the minimum ISO/IEC 18004 asks for
# Error correction levels offered. L (7 %) is left out on purpose: a printed poster
# gets folded, smudged and laminated, and a code that does not scan is worse than none.
EC_LEVELS = ("M", "Q", "H")
# Characters kept as they are when a URL is made ASCII: every reserved and unreserved
# character of RFC 3986, and '%' so existing escapes are not escaped twice.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def qr_data(url: str) -> str:
    """Return `url` as the ASCII text to encode: a Thai host in punycode, other non-ASCII
    percent-encoded."""
    if url.isascii() and " " not in url:
        return url
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    netloc = parts.netloc
    if host and not host.isascii():
        try:
            netloc = netloc.replace(host, host.encode("idna").decode("ascii"))
        except UnicodeError:  # not a valid domain name; percent-encoding still scans
            netloc = quote(netloc, safe=_URL_SAFE)
    # Scanners guess the charset of non-ASCII bytes (often as Shift JIS);
    # %XX survives every scanner.
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE),
            quote(parts.fragment, safe=_URL_SAFE),
        )
    )


def matrix(url: str, ec: str = "M", cache: QrCache | None = None) -> list[list[bool]]:
    """Return the modules of `url`'s code, quiet zone included (True is dark).

    qrcode (its public `QRCode`, `make()` and `get_matrix()`) encodes the data and lays the
    symbol out with mask 0; the mask is then chosen here, by the standard's penalty rules
    (ISO/IEC 18004 7.8.3) on whole rows at once. Each mask's symbol is the mask-0 symbol
    XOR what changes between masks for this version and level (the data modules a mask
    flips and the format information), learnt once from qrcode's own layouts (mask_deltas).
    The complete symbol is scored, format information included, as ZXing's encoder does
    (Encoder.chooseMaskPattern); qrcode's own choice lays the symbol out eight times and
    scores it module by module in Python, which was most of a site's QR time.
    """
    qr, level = _encoded(url, ec)
    # border=0: get_matrix() is the symbol itself
    rows0 = [int.from_bytes(bytes(row), "little") for row in qr.get_matrix()]
    key = (qr.version, level)
    deltas = cache.deltas.get(key) if cache is not None else None
    if deltas is None:
        deltas = mask_deltas(qr.version, level)
        if cache is not None:
            cache.deltas[key] = deltas
    symbols = [[row ^ flip for row, flip in zip(rows0, delta)] for delta in deltas]
    lost = [mask_penalty(rows) for rows in symbols]
    best = symbols[lost.index(min(lost))]  # the first of equals
    size = len(best)
    light = [False] * (size + 2 * QUIET_ZONE)
    edge = [False] * QUIET_ZONE
    body = [edge + [b == 1 for b in row.to_bytes(size, "little")] + edge for row in best]
    return [light[:] for _ in range(QUIET_ZONE)] + body + [light[:] for _ in range(QUIET_ZONE)]


def _encoded(url: str, ec: str) -> tuple[Any, int]:
    """Return a qrcode.QRCode of `url` made with mask 0, and its level (ValueError: too long)."""
    import qrcode
    import qrcode.constants as const
    from qrcode.exceptions import DataOverflowError

    if ec not in EC_LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(EC_LEVELS)}, not {ec!r}")
    level = {"M": const.ERROR_CORRECT_M, "Q": const.ERROR_CORRECT_Q, "H": const.ERROR_CORRECT_H}[ec]
    data = qr_data(url)
    qr = qrcode.QRCode(error_correction=level, border=0, mask_pattern=0)
    qr.add_data(data)
    try:
        qr.make(fit=True)
    except (
        DataOverflowError,
        ValueError,
    ):  # qrcode says "Invalid version (was 41 …)" when fit fails
        raise ValueError(
            _("{n} characters are more than a QR code holds at error correction {level}").format(
                n=len(data), level=ec
            )
        ) from None
    return qr, level


def mask_deltas(version: int, level: int) -> tuple[tuple[int, ...], ...]:
    """For each mask, the rows (byte-per-module ints) that turn a mask-0 symbol into that mask's.

    Learnt from qrcode's own layouts of one probe symbol of this version and level: what
    differs between its mask-m and mask-0 layouts is exactly the data modules the two masks
    flip differently and the format information (finder, timing, alignment and version
    modules are the same for every mask, and the probe's data cancels out).
    """
    import qrcode

    probe = qrcode.QRCode(version=version, error_correction=level, border=0, mask_pattern=0)
    probe.add_data("0")
    layouts = []
    for pattern in range(8):
        probe.mask_pattern = pattern
        probe.make(fit=False)
        layouts.append([int.from_bytes(bytes(row), "little") for row in probe.get_matrix()])
    return tuple(tuple(a ^ b for a, b in zip(layout, layouts[0])) for layout in layouts)


# Runs of five or more modules of one colour (penalty rule 1), and the 1:1:3:1:1 finder-like
# pattern with four light modules after or before it (rule 3). A module is one byte, 1 dark
# and 0 light. Neither pattern can overlap itself, so bytes.count finds every one.
_RUN_RE = re.compile(rb"\x00{5,}|\x01{5,}")
_FINDER_LIGHT_AFTER = b"\x01\x00\x01\x01\x01\x00\x01\x00\x00\x00\x00"
_FINDER_LIGHT_BEFORE = b"\x00\x00\x00\x00\x01\x00\x01\x01\x01\x00\x01"


def mask_penalty(rows: list[int]) -> int:
    """Return the penalty of a symbol whose rows are byte-per-module ints (1 dark): four rules."""
    n = len(rows)
    ones = int.from_bytes(b"\x01" * n, "little")
    lines = [row.to_bytes(n, "little") for row in rows]
    lines += map(bytes, zip(*lines))
    text = b"\x02".join(lines)  # rows, then columns; 2 keeps runs and patterns from crossing lines
    runs = _RUN_RE.findall(text)
    lost = sum(map(len, runs)) - 2 * len(runs)  # rule 1: 3 for five in a row, one more each further
    lost += 40 * (text.count(_FINDER_LIGHT_AFTER) + text.count(_FINDER_LIGHT_BEFORE))  # rule 3
    pairs = ones >> 8  # rule 2: 3 for each 2×2 block of one colour (overlapping blocks count)
    for top, bottom in pairwise(rows):
        same_down = top ^ bottom ^ ones
        lost += 3 * (same_down & (same_down >> 8) & (top ^ (top >> 8) ^ pairs)).bit_count()
    dark = sum(row.bit_count() for row in rows)  # rule 4: 10 for each 5 % away from half dark
    return lost + int(abs(float(dark) / n**2 * 100 - 50) / 5) * 10


class QrCache:
    """The codes one renderer draws: their SVG paths by (URL, error correction), and the mask
    deltas of each version and level (mask_deltas).

    A site shows its EIT and IIT codes on every year index, on O43 and on the posters;
    each is encoded once per renderer. `limit` bounds it for a long-running serve.
    """

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._paths: dict[tuple[str, str], tuple[int, str]] = {}
        self.deltas: dict[tuple[int, int], tuple[tuple[int, ...], ...]] = {}

    def path(self, url: str, ec: str) -> tuple[int, str]:
        """Return (size in modules, the SVG path) of `url`'s code, computed once."""
        key = (url, ec)
        found = self._paths.get(key)
        if found is None:
            found = _svg_path(url, ec, self)
            if len(self._paths) >= self.limit:
                self._paths.clear()
            self._paths[key] = found
        return found


def qr_svg(url: str, label: str = "QR code", ec: str = "M", cache: QrCache | None = None) -> str:
    """Return an inline <svg> QR code of `url` with `label` as its accessible name."""
    size, body = cache.path(url, ec) if cache is not None else _svg_path(url, ec)
    name = escape(label)
    return (
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{name}" shape-rendering="crispEdges">'
        f"<title>{name}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>{body}</svg>'
    )


def _svg_path(url: str, ec: str, cache: QrCache | None = None) -> tuple[int, str]:
    """Return (size in modules, the SVG path) of `url`'s code."""
    modules = matrix(url, ec, cache)
    return len(modules), f'<path d="{path_data(modules)}" fill="#000"/>'


def path_data(matrix: list[list[bool]]) -> str:
    """Return SVG path data drawing the dark modules, one rectangle per horizontal run of them.

    qrcode's own path factory draws every module as its own square: a path three times
    longer, written into every page that shows the code.
    """
    parts = []
    for y, row in enumerate(matrix):
        x, width = 0, len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            parts.append(f"M{start},{y}H{x}V{y + 1}H{start}z")
    return "".join(parts)


def qr_png(url: str, ec: str = "M", scale: int = 10) -> bytes:
    """Return a 1-bit greyscale PNG of the QR code of `url`, `scale` pixels per module."""
    modules = matrix(url, ec)  # rows of bools, quiet zone included; True is dark
    width = len(modules) * scale
    raw = bytearray()
    for row in modules:
        bits = "".join(("0" if dark else "1") * scale for dark in row)  # 1 is white in greyscale
        bits += "0" * (-len(bits) % 8)
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter type 0 (none)
        raw += line * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)  # 1 bit, greyscale, no interlace
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def write_qr(url: str, out_path: str | Path, ec: str = "M") -> Path:
    """Write a QR code of `url` to `out_path`: PNG when it ends in .png, otherwise SVG; return the
    path."""
    path = Path(out_path)
    if path.suffix.lower() == ".png":
        path.write_bytes(qr_png(url, ec))
    else:
        # A standalone file, so give it a physical size for programs that ignore viewBox.
        svg = qr_svg(url, url, ec).replace(
            '<svg class="qr" ', '<svg width="50mm" height="50mm" ', 1
        )
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n", encoding="utf-8")
    return path
