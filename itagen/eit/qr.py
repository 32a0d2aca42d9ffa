"""QR codes: the EIT/IIT survey links on the year index, on O43, on the posters and from `itagen qr`.

Owns how a URL becomes a QR code. The `qrcode` package (no Pillow) encodes the
URL; the mask is chosen here, by the same penalty rules qrcode applies (ISO/IEC
18004 7.8.3) on whole rows at once, because qrcode's module-by-module scoring is
a twentieth of a site's build; the SVG is one path over its module matrix, a rectangle
per run of dark modules: error correction M or better, a quiet zone of 4 modules,
sized by CSS through its viewBox so it is crisp at any size, a white background
so it scans on dark themes and prints, and an accessible name. PNG (for Word
documents and social media) is written from the same matrix with the standard
library's zlib: qrcode's own pure-Python PNG writer needs the extra pypng package
for what here is ~20 lines. The same URL always gives the same bytes.
"""

from __future__ import annotations

import re
import struct
import zlib
from bisect import bisect_left
from functools import cache, lru_cache
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
    import qrcode.constants as const
    from qrcode.exceptions import DataOverflowError

    if ec not in EC_LEVELS:
        raise ValueError(f"error correction must be one of {', '.join(EC_LEVELS)}, not {ec!r}")
    level = {"M": const.ERROR_CORRECT_M, "Q": const.ERROR_CORRECT_Q, "H": const.ERROR_CORRECT_H}[ec]
    data = qr_data(url)
    qr = _qr_class()(error_correction=level, border=QUIET_ZONE)
    qr.add_data(data)
    try:
        qr.make(fit=True)
    except (DataOverflowError, ValueError):  # qrcode says "Invalid version (was 41 …)" when fit fails
        raise ValueError(_("{n} characters are more than a QR code holds at error correction "
                           "{level}").format(n=len(data), level=ec)) from None
    return qr


# Runs of five or more modules of one colour (penalty rule 1), and the 1:1:3:1:1 finder-like
# pattern with four light modules after or before it (rule 3). A module is one byte, 1 dark
# and 0 light. Neither pattern can overlap itself, so bytes.count finds every one.
_RUN_RE = re.compile(rb"\x00{5,}|\x01{5,}")
_FINDER_LIGHT_AFTER = b"\x01\x00\x01\x01\x01\x00\x01\x00\x00\x00\x00"
_FINDER_LIGHT_BEFORE = b"\x00\x00\x00\x00\x01\x00\x01\x01\x01\x00\x01"


@lru_cache(maxsize=1)
def _qr_class() -> type:
    """Return qrcode.QRCode with a faster best_mask_pattern that chooses the same mask."""
    import qrcode

    class QRCode(qrcode.QRCode):
        # (mask, version, data) of the matrix best_mask_pattern laid out last, and its rows
        laid_out: tuple[int, int, Any, list[int]] | None = None

        def best_mask_pattern(self) -> int:
            """The mask with the lowest penalty, the first of equals, as qrcode chooses it.

            qrcode lays the data out again for each of the eight masks and scores them module by
            module. Here the data is laid out once; each mask only flips the data modules
            (format and version modules are all light while masks are tried), so every masked
            matrix is one XOR a row away, and the penalties are counted on whole rows.
            """
            self.makeImpl(True, 0)
            masks = _data_masks(self.version)
            unmasked = [int.from_bytes(bytes(row), "little") ^ flip for row, flip in zip(self.modules, masks[0])]
            masked = [[row ^ flip for row, flip in zip(unmasked, masks[i])] for i in range(8)]
            lost = [mask_penalty(rows) for rows in masked]
            best = lost.index(min(lost))
            self.laid_out = (best, self.version, self.data_cache, masked[best])
            return best

        def best_fit(self, start: int | None = None) -> int:
            """qrcode's smallest version for the data, its bits counted without its bit-by-bit buffer."""
            from qrcode import exceptions, util

            if start is None:
                start = 1
            util.check_version(start)
            mode_sizes = util.mode_sizes_for_version(start)
            needed = _Bits()
            for data in self.data_list:
                needed.put(data.mode, 4)
                needed.put(len(data), mode_sizes[data.mode])
                data.write(needed)
            self.version = bisect_left(util.BIT_LIMIT_TABLE[self.error_correction], len(needed), start)
            if self.version == 41:
                raise exceptions.DataOverflowError()
            if mode_sizes is not util.mode_sizes_for_version(self.version):
                self.best_fit(start=self.version)
            return self.version

        def makeImpl(self, test: bool, mask_pattern: int) -> None:
            """The chosen mask's matrix is already laid out: only its format (and version) modules are left."""
            if self.data_cache is None:  # qrcode's create_data, faster (tests/test_qr.py compares them)
                self.data_cache = create_data(self.version, self.error_correction, self.data_list)
            laid_out, self.laid_out = self.laid_out, None
            if test or laid_out is None or laid_out[:3] != (mask_pattern, self.version, self.data_cache):
                super().makeImpl(test, mask_pattern)  # another mask, or the data changed since
                return
            size = self.modules_count
            self.modules = [[bool(module) for module in row.to_bytes(size, "little")] for row in laid_out[3]]
            self.setup_type_info(False, mask_pattern)
            if self.version >= 7:
                self.setup_type_number(False)

    return QRCode


class _Bits:
    """qrcode's BitBuffer (put, put_bit, len, buffer) on one integer instead of a bit at a time."""

    __slots__ = ("length", "value")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def put_bit(self, bit: bool) -> None:
        self.value = (self.value << 1) | (1 if bit else 0)
        self.length += 1

    def __len__(self) -> int:
        return self.length

    @property
    def buffer(self) -> list[int]:
        """The bits as bytes, the last one padded with 0 bits (as BitBuffer keeps them)."""
        pad = -self.length % 8
        return list((self.value << pad).to_bytes((self.length + pad) // 8, "big"))


def create_data(version: int, error_correction: int, data_list: list) -> list[int]:
    """Return the codewords of the data with their error correction, exactly as qrcode.util.create_data.

    The same steps (mode, length and data bits; terminator; padding to whole bytes; pad
    codewords; Reed-Solomon blocks, interleaved), with the bits kept in one integer and the
    error correction computed with logarithm tables.
    """
    from qrcode import base, exceptions, util

    bits = _Bits()
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), util.length_in_bits(data.mode, version))
        data.write(bits)
    rs_blocks = base.rs_blocks(version, error_correction)
    bit_limit = sum(block.data_count * 8 for block in rs_blocks)
    if len(bits) > bit_limit:
        raise exceptions.DataOverflowError(f"Code length overflow. Data size ({len(bits)}) > size available "
                                           f"({bit_limit})")
    bits.put(0, min(bit_limit - len(bits), 4))   # terminator
    bits.put(0, -len(bits) % 8)                   # to a whole byte
    for i in range((bit_limit - len(bits)) // 8):
        bits.put(util.PAD0 if i % 2 == 0 else util.PAD1, 8)
    codewords = bits.buffer
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in rs_blocks:
        data_blocks.append(codewords[offset:offset + block.data_count])
        offset += block.data_count
        ec_blocks.append(_rs_remainder(data_blocks[-1], block.total_count - block.data_count))
    out = []
    for blocks in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in blocks)):
            out += [b[i] for b in blocks if i < len(b)]
    return out


_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _power in range(255):
    _EXP[_power] = _EXP[_power + 255] = _value
    _LOG[_value] = _power
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D   # the QR code field GF(256): x^8 + x^4 + x^3 + x^2 + 1


@cache  # one entry per error correction length (a few dozen at most)
def _generator_logs(degree: int) -> tuple[tuple[int, int], ...]:
    """(position, logarithm) of the non-zero coefficients after the leading 1 of (x - α^0)…(x - α^(degree-1))."""
    poly = [1]
    for i in range(degree):
        term = _EXP[i]
        poly = [a ^ (_EXP[_LOG[b] + _LOG[term]] if b else 0) for a, b in zip([*poly, 0], [0, *poly])]
    return tuple((i, _LOG[c]) for i, c in enumerate(poly[1:]) if c)


def _rs_remainder(data: list[int], degree: int) -> list[int]:
    """The `degree` error correction codewords of a block: the remainder of data·x^degree by the generator."""
    terms = _generator_logs(degree)
    rest = [0] * degree
    for byte in data:
        factor = byte ^ rest[0]
        del rest[0]
        rest.append(0)
        if factor:
            shift = _LOG[factor]
            for i, log in terms:
                rest[i] ^= _EXP[log + shift]
    return rest


@cache  # one entry per QR version used (40 at most)
def _data_masks(version: int) -> tuple[tuple[int, ...], ...]:
    """For each of the 8 masks, the rows of data modules it darkens, a byte per module."""
    import qrcode
    from qrcode.util import mask_func

    class Probe(qrcode.QRCode):
        def map_data(self, data: Any, mask_pattern: int) -> None:
            self.free = [[c for c, module in enumerate(row) if module is None] for row in self.modules]

    probe = Probe(version=version)
    probe.data_cache = []  # the data itself is not needed: only where it goes
    probe.makeImpl(True, 0)
    masks = []
    for pattern in range(8):
        dark = mask_func(pattern)
        masks.append(tuple(sum(1 << (8 * c) for c in cols if dark(r, c)) for r, cols in enumerate(probe.free)))
    return tuple(masks)


def mask_penalty(rows: list[int]) -> int:
    """Return the penalty qrcode.util.lost_point gives a matrix whose rows are byte-per-module ints."""
    n = len(rows)
    ones = int.from_bytes(b"\x01" * n, "little")
    lines = [row.to_bytes(n, "little") for row in rows]
    lines += map(bytes, zip(*lines))
    text = b"\x02".join(lines)  # rows, then columns; 2 keeps runs and patterns from crossing lines
    runs = _RUN_RE.findall(text)
    lost = sum(map(len, runs)) - 2 * len(runs)  # rule 1: 3 for five in a row, one more for each further
    lost += 40 * (text.count(_FINDER_LIGHT_AFTER) + text.count(_FINDER_LIGHT_BEFORE))  # rule 3
    pairs = ones >> 8  # rule 2: 3 for each 2×2 block of one colour (overlapping blocks count)
    for top, bottom in pairwise(rows):
        same_down = top ^ bottom ^ ones
        lost += 3 * (same_down & (same_down >> 8) & (top ^ (top >> 8) ^ pairs)).bit_count()
    dark = sum(row.bit_count() for row in rows)  # rule 4: 10 for each 5 % away from half dark
    return lost + int(abs(float(dark) / n**2 * 100 - 50) / 5) * 10


def qr_svg(url: str, label: str = "QR code", ec: str = "M") -> str:
    """Return an inline <svg> QR code of `url` with `label` as its accessible name."""
    size, body = _svg_path(url, ec)
    name = escape(label)
    return (
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{name}" shape-rendering="crispEdges">'
        f"<title>{name}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>{body}</svg>'
    )


@lru_cache(maxsize=64)
def _svg_path(url: str, ec: str) -> tuple[int, str]:
    """Return (size in modules, the SVG path) of `url`'s code: computed once per URL, whatever its label."""
    matrix = _code(url, ec).get_matrix()  # rows of bools, quiet zone included; True is dark
    return len(matrix), f'<path d="{path_data(matrix)}" fill="#000"/>'


def path_data(matrix: list[list[bool]]) -> str:
    """Return SVG path data drawing the dark modules, one rectangle per horizontal run of them.

    qrcode's own path factory draws every module as its own square through ElementTree: about
    2 ms a code and a path three times longer, written into every page that shows the code.
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
