"""A workspace's shared content: parsed once per worker, inherited by each of its sites.

Owns the items of the shared folder's content/ (read with contentdir.py's own year-folder
loader, so a shared item obeys every rule a site's item does) and the inheritance: a
site gets a shared item where it has no file of its own, or adds to it with
`inherit: true` (its documents after the shared ones, its text below).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from itagen.catalog.load import load_catalog
from itagen.errors import ItagenError, Problem, Problems
from itagen.site.content import Content, ItemContent
from itagen.site.contentdir import YEAR_RE, load_year_folder
from itagen.site.paths import SitePaths


def inherit_shared(content: Content, root: Path, shared: Path, problems: Problems) -> None:
    """Fill a site's items from the workspace's shared content (parsed once per worker)."""
    years, catalogs = content.years, content.catalogs
    shared_years = load_shared(shared, problems)
    for year, shared_items in shared_years.items():
        if year not in catalogs:
            try:
                catalogs[year] = load_catalog(year, root)
            except ItagenError as exc:
                problems.extend(exc.problems)
                continue
        own = years.setdefault(year, {})
        for code, item in shared_items.items():
            if code not in catalogs[year].by_code:
                continue
            mine = own.get(code)
            if mine is None:
                own[code] = item
            elif mine.inherit:
                own[code] = ItemContent(
                    code,
                    year,
                    mine.subindicator,
                    mine.src,
                    mine.title or item.title,
                    mine.updated or item.updated,
                    tuple(sorted(set(item.covers) | set(mine.covers))),
                    item.documents + mine.documents,
                    "\n\n".join(b for b in (item.body, mine.body) if b.strip()),
                    mine.body_line,
                )
        years[year] = {code: own[code] for code in catalogs[year].by_code if code in own}


def load_shared(shared: Path, problems: Problems) -> dict[int, dict[str, Any]]:
    """Return the shared items by year and code; their problems go to `problems`."""
    years, found = _load_shared(shared.resolve(), _fingerprint(shared))
    problems.extend(list(found))
    return years


@lru_cache(maxsize=4)
def _load_shared(
    shared: Path, fingerprint: tuple
) -> tuple[dict[int, dict[str, Any]], tuple[Problem, ...]]:
    # Cached per worker process: every site of the workspace shares the parsed items.
    problems = Problems()
    years: dict[int, dict[str, Any]] = {}
    content = shared / "content"
    paths = SitePaths(shared)
    prefix = f"{shared.name}/"
    if content.is_dir():
        for entry in sorted(content.iterdir()):
            if not (entry.is_dir() and YEAR_RE.match(entry.name)):
                continue
            try:
                catalog = load_catalog(int(entry.name), shared)
            except ItagenError as exc:
                problems.extend(exc.problems)
                continue
            years[catalog.year] = load_year_folder(
                entry, catalog.year, catalog, shared, paths, problems, prefix
            )
    return years, tuple(problems.items)


def _fingerprint(shared: Path) -> tuple[tuple[str, int, int], ...]:
    """Identify the state of the shared content tree (a changed file gives a new fingerprint)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(shared / "content"):
        dirnames.sort()
        for name in sorted(filenames):
            st = os.stat(os.path.join(dirpath, name))
            found.append((os.path.join(dirpath, name), st.st_mtime_ns, st.st_size))
    return tuple(found)
