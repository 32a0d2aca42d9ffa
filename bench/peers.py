"""Peers: the same generated corpus built by Hugo, MkDocs and Pelican, where they are installed.

Each peer gets the item pages only (the same Markdown bodies), laid out the way it expects, with a
single minimal template: the fairest like-for-like comparison of the rendering work. MkDocs gets a
one-page navigation (its default navigation grows with the square of the page count). A peer that
is not installed is skipped with a note. Executables are found on PATH, or through the environment
variables HUGO, MKDOCS and PELICAN (set one empty to skip that peer).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _exe(name: str) -> str | None:
    """The peer's executable: $NAME (empty to skip the peer), else the one on PATH."""
    if name.upper() in os.environ:
        return os.environ[name.upper()] or None
    return shutil.which(name)


def _items(sites: list[Path]):
    for site in sites:
        for path in sorted((site / "content").rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            _, front, body = text.split("---\n", 2)
            yield site.name, path.relative_to(site / "content"), front, body


def hugo(sites: list[Path], work: Path) -> list[str] | None:
    """Prepare a Hugo site (pages only) and return the command that builds it."""
    exe = _exe("hugo")
    if exe is None:
        return None
    root = work / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts/_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section"]\n'
        'languageCode = "th"\n',
        encoding="utf-8",
    )
    (root / "layouts/_default/single.html").write_text(
        '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
        "<title>{{ .Params.code }}</title></head>"
        '<body><h1>{{ .Params.code }}</h1>{{ .Content }}<ul>{{ range .Params.documents }}'
        '<li>{{ .title }} {{ .date }}</li>{{ end }}</ul></body></html>',
        encoding="utf-8",
    )
    for slug, rel, front, body in _items(sites):
        dest = root / "content" / slug / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return [exe, "--source", str(root), "--destination", str(root / "public"), "--quiet"]


def mkdocs(sites: list[Path], work: Path) -> list[str] | None:
    """Prepare an MkDocs project (one-page navigation) and return the command that builds it."""
    exe = _exe("mkdocs")
    if exe is None:
        return None
    root = work / "mkdocs"
    shutil.rmtree(root, ignore_errors=True)
    (root / "docs").mkdir(parents=True)
    (root / "docs/index.md").write_text("# ITA\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: ITA\nnav:\n  - index.md\n", encoding="utf-8")
    for slug, rel, front, body in _items(sites):
        dest = root / "docs" / slug / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        # MkDocs' own meta parser reads YAML front matter.
        dest.write_text(
            f"---\n{front}---\n{body}".replace("(content/2566/9.1/O5.md)", "(../9.1/O5.md)"),
            encoding="utf-8",
        )
    return [exe, "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")]


def pelican(sites: list[Path], work: Path) -> list[str] | None:
    """Prepare a Pelican project (pages only) and return the command that builds it."""
    exe = _exe("pelican")
    if exe is None:
        return None
    root = work / "pelican"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content/pages").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'ITA'\nDEFAULT_LANG = 'th'\nTIMEZONE = 'Asia/Bangkok'\nFEED_ALL_ATOM = None\n"
        "ARTICLE_PATHS = []\nPAGE_PATHS = ['pages']\nDIRECT_TEMPLATES = []\nRELATIVE_URLS = True\n",
        encoding="utf-8",
    )
    for n, (slug, rel, front, body) in enumerate(_items(sites)):
        code = rel.stem
        dest = root / "content/pages" / f"{slug}-{code}.md"
        dest.write_text(f"Title: {code}\nSlug: {slug}-{code.lower()}\n\n{body}", encoding="utf-8")
    return [
        exe,
        str(root / "content"),
        "-o",
        str(root / "output"),
        "-s",
        str(root / "pelicanconf.py"),
        "-q",
    ]


PEERS = {"Hugo (pages only)": hugo, "MkDocs (one-page nav)": mkdocs, "Pelican": pelican}
