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
from itagen.eit.qr import _qr_class, _svg_path, create_data, mask_penalty, qr_data, qr_png, qr_svg

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
    assert ' width=' not in svg.split(">", 1)[0] and ' id=' not in svg  # CSS sizes it; two on a page never clash
    assert 'role="img"' in svg and 'shape-rendering="crispEdges"' in svg
    assert 'aria-label="แบบวัด &quot;EIT&quot; &lt;ของ&gt; อบต. &amp; ชุมชน"' in svg
    assert "<title>แบบวัด &quot;EIT&quot; &lt;ของ&gt; อบต. &amp; ชุมชน</title>" in svg
    assert f'<rect width="{size}" height="{size}" fill="#fff"/>' in svg  # white behind the quiet zone
    assert "href" not in svg and "<image" not in svg  # nothing to fetch
    dark = [(r, c) for r in range(size) for c in range(size) if grid[r][c]]
    assert min(r for r, _ in dark) == min(c for _, c in dark) == 4  # a quiet zone of exactly 4 modules
    assert max(r for r, _ in dark) == max(c for _, c in dark) == size - 5
    assert error_correction(grid) == "M"


def test_svg_draws_exactly_the_modules_of_the_code_with_one_rectangle_per_run():
    import qrcode

    from itagen.eit.qr import path_data

    svg = qr_svg(LONG, "x")
    reference = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    reference.add_data(LONG)
    reference.make(fit=True)
    assert modules(svg) == reference.get_matrix()
    runs = path_data([[False, True, True, False, True], [True] * 5])
    assert runs == "M1,0H3V1H1zM4,0H5V1H4zM0,1H5V2H0z"
    assert path_data([[False] * 3]) == ""


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=700),
       level=st.sampled_from([qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_Q,
                              qrcode.constants.ERROR_CORRECT_H]))
@example(text="https://itas.nacc.go.th/go/eit/xgitdi", level=qrcode.constants.ERROR_CORRECT_M)
@example(text="a" * 400, level=qrcode.constants.ERROR_CORRECT_M)  # version 7 and up carry version modules
def test_mask_is_the_one_qrcode_itself_chooses(text, level):
    """Our row-at-a-time scoring gives qrcode's penalty for every mask, hence its mask and its matrix."""
    theirs = qrcode.QRCode(error_correction=level, border=0)
    ours = _qr_class()(error_correction=level, border=0)
    for code in (theirs, ours):
        code.add_data(text)
        code.best_fit()
    for mask in range(8):
        theirs.makeImpl(True, mask)
        rows = [int.from_bytes(bytes(row), "little") for row in theirs.modules]
        assert mask_penalty(rows) == qrcode.util.lost_point(theirs.modules), mask
    mask = theirs.best_mask_pattern()
    assert ours.best_mask_pattern() == mask
    theirs.makeImpl(False, mask)
    ours.makeImpl(False, mask)  # from the matrix best_mask_pattern laid out
    assert ours.get_matrix() == theirs.get_matrix()


def test_a_laid_out_matrix_is_not_reused_for_other_data():
    code = _qr_class()(border=0)
    code.add_data("a")
    code.best_fit()
    mask = code.best_mask_pattern()
    code.add_data("b" * 300)  # now a larger code, made with the mask chosen for the small one
    code.mask_pattern = mask
    code.make()
    theirs = qrcode.QRCode(border=0, mask_pattern=mask)
    theirs.add_data("a")
    theirs.add_data("b" * 300)
    theirs.make()
    assert code.version == theirs.version > 1 and code.get_matrix() == theirs.get_matrix()


def test_error_correction_is_never_below_m():
    assert error_correction(modules(qr_svg(SHORT, "x", "Q"))) == "Q"
    assert error_correction(modules(qr_svg(SHORT, "x", "H"))) == "H"
    with pytest.raises(ValueError, match="error correction"):
        qr_svg(SHORT, "x", "L")


def test_same_url_gives_the_same_bytes_and_too_long_is_a_clear_error():
    first = qr_svg(SHORT, "x")
    _svg_path.cache_clear()  # computed afresh, not served from the per-process cache
    assert qr_svg(SHORT, "x") == first
    assert qr_png(SHORT) == qr_png(SHORT)
    with pytest.raises(ValueError, match="more than a QR code holds"):
        qr_svg("https://example.org/" + "a" * 3000, "x")


def test_thai_links_are_encoded_as_ascii_that_every_scanner_reads():
    assert qr_data(SHORT) == SHORT
    assert qr_data("https://ตัวอย่าง.ไทย/ข้อ 1?q=ก#ข") == (
        "https://xn--72c1a1bt4awk9o.xn--o3cw4h/%E0%B8%82%E0%B9%89%E0%B8%AD%201?q=%E0%B8%81#%E0%B8%82")
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
    subprocess.run([sys.executable, "-m", "itagen", "build", str(site.root), "-o", str(tmp_path / "b"), "-q"],
                   check=True, env=env, timeout=120)
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
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg width="50mm" height="50mm" ')
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
    raw = zlib.decompress(png[idat + 4: idat + 4 + int.from_bytes(png[idat - 4:idat], "big")])
    stride = 1 + (width + 7) // 8
    for r, row in enumerate(grid):
        line = raw[r * stride: (r + 1) * stride]
        assert line[0] == 0
        bits = "".join(f"{b:08b}" for b in line[1:])[:width]
        assert bits == "".join("0" if dark else "1" for dark in row)


@settings(max_examples=200, deadline=None)
@given(data=st.one_of(st.binary(min_size=1, max_size=1500), st.text("0123456789", min_size=1, max_size=3000),
                      st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 $%*+-./:", min_size=1, max_size=2000),
                      st.text(st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=700)),
       level=st.sampled_from([qrcode.constants.ERROR_CORRECT_L, qrcode.constants.ERROR_CORRECT_M,
                              qrcode.constants.ERROR_CORRECT_Q, qrcode.constants.ERROR_CORRECT_H]),
       extra=st.integers(0, 3))
@example(data="https://itas.nacc.go.th/go/eit/xgitdi", level=qrcode.constants.ERROR_CORRECT_M, extra=0)
@example(data=bytes(range(256)) * 2, level=qrcode.constants.ERROR_CORRECT_M, extra=1)   # versions 10 and up
@example(data="7" * 2500, level=qrcode.constants.ERROR_CORRECT_L, extra=0)               # 27 and up
@example(data="A" * 1000, level=qrcode.constants.ERROR_CORRECT_Q, extra=2)
def test_codewords_and_version_are_qrcodes_own(data, level, extra):
    """Our bit buffer and Reed-Solomon blocks give qrcode's codewords, for every mode, level and version."""
    from qrcode.exceptions import DataOverflowError

    theirs = qrcode.QRCode(error_correction=level)
    ours = _qr_class()(error_correction=level)
    outcomes = []
    for code in (theirs, ours):
        code.add_data(data)
        try:
            outcomes.append(code.best_fit())
        except DataOverflowError:
            outcomes.append("overflow")
    assert outcomes[0] == outcomes[1]
    if outcomes[0] == "overflow":
        return
    version = min(theirs.version + extra, 40)
    assert create_data(version, level, ours.data_list) == qrcode.util.create_data(version, level, theirs.data_list)


def test_fitting_from_version_0_is_refused_as_qrcode_refuses_it():
    for code in (qrcode.QRCode(), _qr_class()()):
        code.add_data("x")
        with pytest.raises(ValueError, match="Invalid version"):
            code.best_fit(start=0)
