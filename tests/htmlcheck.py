"""Helpers that read built HTML the way a browser would: parse it and follow its links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_targets(page: Path, out: Path) -> list[tuple[str, Path]]:
    """Return (href, target file) for every relative link, image, script and stylesheet of a page.

    404.html is the exception that links from the site's own path (/ita/…) when base_url is set,
    since hosts serve it at any depth: those links are resolved against the site's base path,
    read from ita.json.
    """
    import json

    base_path = None
    if page.name == "404.html" and (out / "ita.json").is_file():
        base = json.loads((out / "ita.json").read_text(encoding="utf-8")).get("base_url")
        base_path = urlsplit(base).path if base else None
    doc = soup(page)
    found = []
    for tag, attr in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
        for el in doc.find_all(tag):
            url = el.get(attr)
            if not url or url.startswith(("#", "mailto:", "tel:")):
                continue
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue
            if base_path and parts.path.startswith(base_path):
                target = (out / unquote(parts.path[len(base_path) :])).resolve()
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            found.append((url, target))
    for meta in doc.find_all("meta", attrs={"http-equiv": "refresh"}):  # the home page's redirect
        url = meta["content"].split("url=", 1)[1]
        found.append((url, (page.parent / unquote(url)).resolve()))
    return found
