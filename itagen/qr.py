"""QR codes as inline SVG: the EIT/IIT survey links on the index, on O43 and on the poster.

Owns how a URL becomes a QR code: the `qrcode` package's SVG path factory (no
Pillow), error correction M, a quiet zone of 4 modules, sized by CSS through its
viewBox so it is crisp at any size, with a white background and an accessible
name. The output is deterministic: the same URL gives the same bytes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape


@lru_cache(maxsize=64)
def qr_svg(url: str, label: str = "QR code") -> str:
    """Return an inline <svg> QR code of `url` with `label` as its accessible name."""
    import qrcode
    import qrcode.image.svg

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                       image_factory=qrcode.image.svg.SvgPathImage)
    qr.add_data(url)
    qr.make(fit=True)
    svg = qr.make_image().to_string(encoding="unicode")
    size = qr.modules_count + 2 * qr.border
    # Keep the factory's path; replace its fixed mm size with a viewBox-only root
    # so CSS sizes the code, and add a white background for dark themes and print.
    path = re.search(r"<path [^>]*/>", svg)
    if path is None:  # pragma: no cover - the factory always draws a path
        raise RuntimeError("qrcode produced no path")
    body = path.group(0).replace('id="qr-path" ', "")
    return (
        f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'role="img" aria-label="{escape(label)}" shape-rendering="crispEdges">'
        f"<title>{escape(label)}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>{body}</svg>'
    )


def write_qr(url: str, out_path: str) -> None:
    """Write a QR code of `url` to a file: SVG, or PNG with qrcode's pure-Python PNG writer."""
    from pathlib import Path

    path = Path(out_path)
    if path.suffix.lower() == ".png":
        import qrcode
        from qrcode.image.pure import PyPNGImage

        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                           image_factory=PyPNGImage, box_size=10)
        qr.add_data(url)
        qr.make(fit=True)
        with path.open("wb") as fh:
            qr.make_image().save(fh)
    else:
        path.write_text(qr_svg(url, url) + "\n", encoding="utf-8")
