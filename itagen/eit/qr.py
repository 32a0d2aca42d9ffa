"""QR codes: the EIT/IIT survey links on the year index, on O43, on the posters and from `itagen qr`.

Owns how a URL becomes a QR code. The `qrcode` package (no Pillow) encodes the
URL through its public API (`QRCode`, `make(fit=True)`, `get_matrix()`); the SVG
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

import struct
import zlib
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

QUIET_ZONE = 4  # modules of white around the code: the minimum ISO/IEC 18004 asks for
# Error correction levels offered. L (7 %) is left out on purpose: a printed poster
# gets folded, smudged and laminated, and a code that does not scan is worse than none.
EC_LEVELS = ("M", "Q", "H")
# Characters kept as they are when a URL is made ASCII: every reserved and unreserved
# character of RFC 3986, and '%' so existing escapes are not escaped twice.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def qr_data(url: str) -> str:
    """Return `url` as the ASCII text to encode: a Thai host in punycode, other non-ASCII percent-encoded."""
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
    # Scanners guess the charset of non-ASCII bytes (often as Shift JIS); %XX survives every scanner.
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))


def _code(url: str, ec: str) -> Any:
    """Return a fitted qrcode.QRCode for `url`; raise ValueError when it does not fit in one."""
    import qrcode
    import qrcode.constants as const
    from qrcode.exceptions import DataOverflowError

    if ec not in EC_LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(EC_LEVELS)}, not {ec!r}")
    level = {"M": const.ERROR_CORRECT_M, "Q": const.ERROR_CORRECT_Q, "H": const.ERROR_CORRECT_H}[ec]
    data = qr_data(url)
    qr = qrcode.QRCode(error_correction=level, border=QUIET_ZONE)
    qr.add_data(data)
    try:
        qr.make(fit=True)
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41 …)" when fit fails
        raise ValueError(f"{len(data)} characters are more than a QR code holds "
                         f"at error correction {ec}") from None
    return qr


class QrCache:
    """The finished SVG paths of the codes one renderer draws, by (URL, error correction).

    A site shows its EIT and IIT codes on every year index, on O43 and on the posters;
    each is encoded once per renderer. `limit` bounds it for a long-running serve.
    """

    def __init__(self, limit: int = 64) -> None:
        self.limit = limit
        self._paths: dict[tuple[str, str], tuple[int, str]] = {}

    def path(self, url: str, ec: str) -> tuple[int, str]:
        """Return (size in modules, the SVG path) of `url`'s code, computed once."""
        key = (url, ec)
        found = self._paths.get(key)
        if found is None:
            found = _svg_path(url, ec)
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


def _svg_path(url: str, ec: str) -> tuple[int, str]:
    """Return (size in modules, the SVG path) of `url`'s code."""
    matrix = _code(url, ec).get_matrix()  # rows of bools, quiet zone included; True is dark
    return len(matrix), f'<path d="{path_data(matrix)}" fill="#000"/>'


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
    matrix = _code(url, ec).get_matrix()  # rows of bools, quiet zone included; True is dark
    width = len(matrix) * scale
    raw = bytearray()
    for row in matrix:
        bits = "".join(("0" if dark else "1") * scale for dark in row)  # 1 is white in greyscale
        bits += "0" * (-len(bits) % 8)
        line = b"\x00" + int(bits, 2).to_bytes(len(bits) // 8, "big")  # filter type 0 (none)
        raw += line * scale

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, width, 1, 0, 0, 0, 0)  # 1 bit, greyscale, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
            + chunk(b"IEND", b""))


def write_qr(url: str, out_path: str | Path, ec: str = "M") -> Path:
    """Write a QR code of `url` to `out_path`: PNG when it ends in .png, otherwise SVG; return the path."""
    path = Path(out_path)
    if path.suffix.lower() == ".png":
        path.write_bytes(qr_png(url, ec))
    else:
        # A standalone file, so give it a physical size for programs that ignore viewBox.
        svg = qr_svg(url, url, ec).replace('<svg class="qr" ', '<svg width="50mm" height="50mm" ', 1)
        path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + svg + "\n", encoding="utf-8")
    return path
