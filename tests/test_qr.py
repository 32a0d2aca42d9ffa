"""The EIT QR code: built into the year index and O43, read back with a real decoder (zbarimg)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import qrcode
import qrcode.util
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itagen.build import build
from itagen.cli import main
from itagen.eit.qr import QrCache, mask_penalty, matrix, qr_data, qr_png, qr_svg

from .htmlcheck import soup
from .qrdecode import LONG, SHORT, decode_png, decode_svg, error_correction, modules, need, qr_svgs

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def _with_eit(site, url: str) -> None:
    """Point the site's EIT link at `url`, give it O43 and a second year (2564)."""
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", text.replace("  eit_code: xgitdi\n", f"  eit_url: '{url}'\n"))
    site.item("10.2", "O43", "updated: 2566-03-31", "มาตรการส่งเสริมคุณธรรม\n")
    site.item("9.1", "O1", "updated: 2564-01-10", "โครงสร้าง\n", year=2564)


# -- the SVG itself ---------------------------------------------------------------------------


def test_svg_is_inline_sized_by_css_with_quiet_zone_and_name():
    svg = qr_svg(SHORT, 'แบบวัด "EIT" <ของ> อบต. & ชุมชน')
    grid = modules(svg)
    size = len(grid)
    assert svg.startswith('<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ')
    assert (
        ' width=' not in svg.split(">", 1)[0] and ' id=' not in svg
    )  # CSS sizes it; two on a page never clash
    assert 'role="img"' in svg and 'shape-rendering="crispEdges"' in svg
    assert 'aria-label="แบบวัด &quot;EIT&quot; &lt;ของ&gt; อบต. &amp; ชุมชน"' in svg
    assert "<title>แบบวัด &quot;EIT&quot; &lt;ของ&gt; อบต. &amp; ชุมชน</title>" in svg
    assert (
        f'<rect width="{size}" height="{size}" fill="#fff"/>' in svg
    )  # white behind the quiet zone
    assert "href" not in svg and "<image" not in svg  # nothing to fetch
    dark = [(r, c) for r in range(size) for c in range(size) if grid[r][c]]
    assert (
        min(r for r, _ in dark) == min(c for _, c in dark) == 4
    )  # a quiet zone of exactly 4 modules
    assert max(r for r, _ in dark) == max(c for _, c in dark) == size - 5
    assert error_correction(grid) == "M"


def test_svg_draws_exactly_the_modules_of_the_code_with_one_rectangle_per_run():
    from itagen.eit.qr import path_data

    svg = qr_svg(LONG, "x")
    assert modules(svg) == matrix(LONG)
    assert any(matrix(LONG) == _qrcodes_own(LONG, "M", m) for m in range(8))
    runs = path_data([[False, True, True, False, True], [True] * 5])
    assert runs == "M1,0H3V1H1zM4,0H5V1H4zM0,1H5V2H0z"
    assert path_data([[False] * 3]) == ""


LEVELS = {
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def _qrcodes_own(text: str, ec: str, mask: int) -> list[list[bool]]:
    """qrcode's own symbol of `text` with `mask`, quiet zone included."""
    code = qrcode.QRCode(error_correction=LEVELS[ec], border=4, mask_pattern=mask)
    code.add_data(qr_data(text))  # the text as ours encodes it (spaces percent-encoded)
    code.make(fit=True)
    return code.get_matrix()


def _rows(grid: list[list[bool]]) -> list[int]:
    return [int.from_bytes(bytes(row[4:-4]), "little") for row in grid[4:-4]]


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=700),
    ec=st.sampled_from(["M", "Q", "H"]),
)
@example(text="https://itas.nacc.go.th/go/eit/xgitdi", ec="M")
@example(text="a" * 400, ec="M")  # version 7 and up carry version modules
def test_the_symbol_is_qrcodes_own_with_the_mask_of_lowest_penalty(text, ec):
    """The mask-0 layout XOR the learnt deltas is qrcode's own layout of the chosen mask, and the
    chosen mask is the one whose complete symbol has the lowest penalty (the first of equals)."""
    try:
        symbols = [_qrcodes_own(text, ec, mask) for mask in range(8)]
    except Exception:  # too long for this level: ours says so in words
        with pytest.raises(ValueError, match="more than a QR code holds"):
            qr_svg(text, "x", ec)
        return
    lost = [mask_penalty(_rows(grid)) for grid in symbols]
    best = symbols[lost.index(min(lost))]
    assert matrix(text, ec) == best
    assert modules(qr_svg(text, "x", ec, QrCache())) == best


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=300),
    mask=st.integers(0, 7),
)
def test_the_penalty_is_qrcodes_own(text, mask):
    """Our row-at-a-time penalty counts what qrcode's module-by-module lost_point counts."""
    grid = _qrcodes_own(text, "M", mask)
    inner = [row[4:-4] for row in grid[4:-4]]
    assert mask_penalty(_rows(grid)) == qrcode.util.lost_point(inner)


def test_error_correction_is_never_below_m():
    assert error_correction(modules(qr_svg(SHORT, "x", "Q"))) == "Q"
    assert error_correction(modules(qr_svg(SHORT, "x", "H"))) == "H"
    with pytest.raises(ValueError, match="error correction"):
        qr_svg(SHORT, "x", "L")


def test_same_url_gives_the_same_bytes_and_too_long_is_a_clear_error():
    first = qr_svg(SHORT, "x")
    assert qr_svg(SHORT, "x") == first
    assert qr_png(SHORT) == qr_png(SHORT)
    with pytest.raises(ValueError, match="more than a QR code holds"):
        qr_svg("https://example.org/" + "a" * 3000, "x")


def test_thai_links_are_encoded_as_ascii_that_every_scanner_reads():
    assert qr_data(SHORT) == SHORT
    assert qr_data("https://ตัวอย่าง.ไทย/ข้อ 1?q=ก#ข") == (
        "https://xn--72c1a1bt4awk9o.xn--o3cw4h/%E0%B8%82%E0%B9%89%E0%B8%AD%201?q=%E0%B8%81#%E0%B8%82"
    )
    assert qr_data("https://example.org/a%20b?x=1&y=2") == "https://example.org/a%20b?x=1&y=2"


# -- decoded from the built pages ------------------------------------------------------------


@pytest.mark.parametrize("url", [SHORT, LONG], ids=["short", "200-chars"])
def test_qr_on_every_year_index_and_o43_decodes_to_the_configured_url(site, url, tmp_path):
    need("rsvg-convert", "zbarimg")
    _with_eit(site, url)
    out = build(site.root, tmp_path / "out").out_dir
    for page in ("2566/index.html", "2564/index.html", "2566/o43/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        block = soup(out / page).select_one("section.eit")
        assert block is not None, page
        link = block.select_one("a.eit-qr")
        assert link["href"] == url and link.select_one("svg[role=img]")["aria-label"]
        assert block.select_one("a.eit-url").get_text() == url  # the URL as text beside the code
        assert "ขอเชิญร่วมตอบแบบวัด" in block.get_text() and "ใช้เวลาประมาณ" in block.get_text()
        [svg] = qr_svgs(html)
        assert decode_svg(svg, tmp_path) == [url], page
        assert decode_svg(svg, tmp_path, width=200) == [url], f"{page} at 200 px"
    o1 = soup(out / "2566/o1/index.html")
    assert o1.select_one("section.eit") is None  # only the index and O43 carry it


def test_the_same_site_built_twice_gives_the_same_svg_bytes(site, tmp_path):
    _with_eit(site, LONG)
    first = build(site.root, tmp_path / "a").out_dir
    # The second build runs in a fresh interpreter: no cache, another hash seed.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "itagen", "build", str(site.root), "-o", str(tmp_path / "b"), "-q"],
        check=True,
        env=env,
        timeout=120,
    )
    for page in ("2566/index.html", "2566/o43/index.html", "eit/index.html"):
        a = qr_svgs((first / page).read_text(encoding="utf-8"))
        b = qr_svgs((tmp_path / "b" / page).read_text(encoding="utf-8"))
        assert a and a == b, page


# -- itagen qr URL -o FILE -------------------------------------------------------------------


@pytest.mark.parametrize("url", [SHORT, LONG], ids=["short", "200-chars"])
def test_cli_writes_svg_and_png_that_decode(tmp_path, url, capsys):
    need("rsvg-convert", "zbarimg")
    assert main(["qr", url, "-o", str(tmp_path / "eit.svg")]) == 0
    assert main(["qr", url, "-o", str(tmp_path / "eit.PNG")]) == 0
    svg = (tmp_path / "eit.svg").read_text(encoding="utf-8")
    assert svg.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg width="50mm" height="50mm" '
    )
    assert decode_svg(svg, tmp_path) == [url]
    png = (tmp_path / "eit.PNG").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[24:26] == b"\x01\x00"  # 1-bit greyscale
    assert decode_png(tmp_path / "eit.PNG") == [url]
    assert "wrote" in capsys.readouterr().out


def test_cli_exit_codes(tmp_path, capsys):
    assert main(["qr", "itas.nacc.go.th/go/eit/xgitdi", "-o", str(tmp_path / "a.svg")]) == 2
    assert main(["qr", SHORT, "-o", str(tmp_path / "a.jpg")]) == 2
    assert main(["qr", "https://example.org/" + "a" * 3000, "-o", str(tmp_path / "a.svg")]) == 1
    assert main(["qr", SHORT, "-o", str(tmp_path / "no" / "such" / "a.png")]) == 1
    err = capsys.readouterr().err
    assert "must start with https://" in err and "must end in .svg or .png" in err
    assert "more than a QR code holds" in err and "cannot write" in err
    assert not list(tmp_path.iterdir())  # nothing half-written
    with pytest.raises(SystemExit) as usage:
        main(["qr", SHORT])  # -o is required
    assert usage.value.code == 2


def test_png_is_exactly_the_module_grid(tmp_path):
    """The stdlib PNG writer: decompress it and compare pixel rows with the SVG's modules."""
    import zlib

    png = qr_png(SHORT, scale=1)
    grid = modules(qr_svg(SHORT, "x"))
    width = int.from_bytes(png[16:20], "big")
    assert width == len(grid)
    idat = png.index(b"IDAT")
    raw = zlib.decompress(png[idat + 4 : idat + 4 + int.from_bytes(png[idat - 4 : idat], "big")])
    stride = 1 + (width + 7) // 8
    for r, row in enumerate(grid):
        line = raw[r * stride : (r + 1) * stride]
        assert line[0] == 0
        bits = "".join(f"{b:08b}" for b in line[1:])[:width]
        assert bits == "".join("0" if dark else "1" for dark in row)


def test_a_qr_cache_gives_the_same_svg_and_encodes_each_url_once(monkeypatch):
    from itagen.eit import qr

    cache = QrCache(limit=2)
    calls = []
    real = qr._svg_path
    monkeypatch.setattr(
        qr, "_svg_path", lambda url, ec, cache=None: calls.append(url) or real(url, ec, cache)
    )
    assert qr_svg(SHORT, "a", cache=cache) == qr_svg(SHORT, "a")
    assert qr_svg(SHORT, "b", cache=cache) == qr_svg(SHORT, "b")  # another label, the same code
    assert calls.count(SHORT) == 3  # once through the cache, twice without it
    for url in (LONG, SHORT + "/x", SHORT):  # past its limit it starts again, never grows
        qr_svg(url, "x", cache=cache)
        assert len(cache._paths) <= 2
    assert len(cache.deltas) == 2, "one set of mask deltas per version and level (SHORT and LONG)"
