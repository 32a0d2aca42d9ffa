"""Stage 2 — the catalog: which OIT items exist in an assessment year, and what each requires.

Owns the validating loader for catalog files (the data model, indicator →
sub-indicator → heading → item, is model.py's), and where catalogs are found: a site's own
`catalogs/<year>.yaml` first, then its workspace's `catalogs/`, then the package's built-in
`itagen/catalog/years/`.
Each item carries a stable `key` naming what it is, so the same concept can be
followed across years while its code changes (O10 in 2564 is O11 in 2566).
A file may instead say `extends: <year>` and list only what differs; resolving
that chain is here, the override schema is in extend.py.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from itagen.catalog.model import (  # noqa: F401 - the data model, re-exported for its users
    PERIOD_TEXT,
    PERIODS,
    Catalog,
    CatalogItem,
    Heading,
    Indicator,
    Subindicator,
    merge_conflicts,
)
from itagen.catalog.model import MERGE_CONFLICT
from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.site.validation import problems_from
from itagen.site.yamlio import load_yaml, read_text

BUILTIN_DIR = Path(__file__).parent / "years"


def schema() -> Any:
    """Return the pydantic model of a catalog file (catalog/schemas.py, imported when needed)."""
    from itagen.catalog.schemas import CatalogSpec

    return CatalogSpec


def parse_catalog(text: str, display: str, site_root: Path | None = None) -> Catalog:
    """Validate catalog YAML text and return the Catalog, or raise ItagenError naming file and line.

    A text with `extends:` is applied to its base year, found as load_catalog finds it.
    """
    doc = _parse_document(text, display)
    if isinstance(doc, Catalog):
        return doc
    return _extend(doc, site_root, ())


def _parse_document(text: str, display: str) -> Any:
    """Return a full Catalog, or a validated Extension when the text names a base year."""
    from pydantic import ValidationError

    raw = load_yaml(text, display)
    if isinstance(raw, dict) and "extends" in raw:
        from itagen.catalog.extend_parse import parse_extension

        return parse_extension(raw, text, display)
    spec_model = schema()
    try:
        spec = spec_model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, spec_model, text, display)) from None
    indicators = tuple(
        Indicator(
            ind.number,
            ind.title,
            tuple(
                Subindicator(
                    sub.number,
                    sub.title,
                    tuple(
                        Heading(
                            h.title,
                            tuple(
                                CatalogItem(
                                    subindicator=sub.number, heading=h.title, **it.model_dump()
                                )
                                for it in h.items
                            ),
                        )
                        for h in sub.headings
                    ),
                )
                for sub in ind.subindicators
            ),
        )
        for ind in spec.indicators
    )
    catalog = Catalog(spec.year, spec.title, spec.status, spec.source, indicators, display)
    _check_unique(catalog, spec, text, display)
    return catalog


def _check_unique(catalog: Catalog, spec: Any, text: str, display: str) -> None:
    """Codes, keys and sub-indicator numbers must each appear once."""
    from itagen.site.yamlio import line_of

    seen_codes: set[str] = set()
    seen_keys: set[str] = set()
    problems = []
    for i, ind in enumerate(spec.indicators):
        for s, sub in enumerate(ind.subindicators):
            for h, heading in enumerate(sub.headings):
                for n, item in enumerate(heading.items):
                    loc = ("indicators", i, "subindicators", s, "headings", h, "items", n)
                    if item.code in seen_codes:
                        problems.append(
                            (
                                _("item code {code} appears twice").format(code=item.code),
                                loc + ("code",),
                            )
                        )
                    if item.key in seen_keys:
                        problems.append(
                            (
                                _("item key '{key}' appears twice").format(key=item.key),
                                loc + ("key",),
                            )
                        )
                    seen_codes.add(item.code)
                    seen_keys.add(item.key)
    for key, merged in merge_conflicts(catalog.items):
        item = next(i for i in catalog.items if i.key == key)
        i, s, h, n = _position(spec, item.code)
        problems.append(
            (
                _(MERGE_CONFLICT).format(key=key, merged=merged),
                ("indicators", i, "subindicators", s, "headings", h, "items", n, "merges"),
            )
        )
    if len(catalog.subindicators) != sum(len(i.subindicators) for i in catalog.indicators):
        problems.append((_("a sub-indicator number appears twice"), ("indicators",)))
    if problems:
        raise ItagenError(
            [
                Problem(
                    msg,
                    display,
                    line_of(text, loc),
                    _("every code, key and sub-indicator must be unique"),
                )
                for msg, loc in problems
            ]
        )


def _position(spec: Any, code: str) -> tuple[int, int, int, int]:
    for i, ind in enumerate(spec.indicators):
        for s, sub in enumerate(ind.subindicators):
            for h, heading in enumerate(sub.headings):
                for n, item in enumerate(heading.items):
                    if item.code == code:
                        return i, s, h, n
    raise LookupError(code)  # pragma: no cover - codes come from the spec


def builtin_years() -> list[int]:
    """Return the years the package ships catalogs for."""
    return sorted(int(p.stem) for p in BUILTIN_DIR.glob("*.yaml") if p.stem.isdigit())


def own_dirs(site_root: Path | None) -> list[Path]:
    """Return the folders whose catalogs a site uses before the built-in ones, nearest first:
    its own catalogs/, then its workspace's (one file serves every site and the shared folder)."""
    if site_root is None:
        return []
    ups = [
        up
        for up in (site_root.parent, site_root.parent.parent)
        if up != site_root and (up / "workspace.yaml").is_file()
    ]
    return [site_root / "catalogs"] + [up / "catalogs" for up in ups[:1]]


def known_years(site_root: Path | None = None) -> list[int]:
    """Return every year with a catalog the site can use: its own, its workspace's, built-in."""
    years = set(builtin_years())
    for folder in own_dirs(site_root):
        years |= {int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit()}
    return sorted(years)


def catalog_path(
    year: int, site_root: Path | None = None, skip: tuple[Path, ...] = ()
) -> Path | None:
    """Return the catalog file for `year`: the site's own
    first, then the built-in one (none in `skip`).
    """
    candidates = [folder / f"{year}.yaml" for folder in own_dirs(site_root)]
    candidates.append(BUILTIN_DIR / f"{year}.yaml")
    return next((p for p in candidates if p not in skip and p.is_file()), None)


def load_catalog(year: int, site_root: Path | None = None) -> Catalog:
    """Load the catalog of `year` (the site's own, else built-in) or raise ItagenError."""
    return _resolve(year, site_root, ())


def _resolve(year: int, site_root: Path | None, chain: tuple[Path, ...]) -> Catalog:
    """Load `year`, following `extends:`; `chain` holds the files that asked for it (loop guard)."""
    path = catalog_path(year, site_root, chain)
    if path is None:
        if any(p.stem == str(year) for p in chain):
            names = " → ".join(p.stem for p in chain) + f" → {year}"
            raise ItagenError(
                _("catalogs extend each other in a loop: {names}").format(names=names),
                None,
                None,
                _("one of them must list its items in full (indicators:)"),
            )
        years = known_years(site_root)
        latest = max((y for y in years if y < year), default=max(years))
        raise ItagenError(
            _("itagen has no catalog for the year {year}").format(year=year),
            None,
            None,
            _(
                "years with a catalog: {known}. Import the NACC criteria table with itagen catalog "
                "import TABLE.xlsx --year {year}, or copy a year with itagen catalog new {year} "
                "--from {latest}"
            ).format(known=", ".join(map(str, years)), year=year, latest=latest),
        )
    own = path.parent in own_dirs(site_root)
    display = _display(path, site_root) if own else path.name
    doc = _load_file(path, display, path.stat().st_mtime_ns)
    if isinstance(doc, Catalog):
        return doc
    # Built-in catalogs extend only built-in ones; a site's may extend its own or a built-in one.
    return _extend(doc, site_root if own else None, chain + (path,))


def _extend(ext: Any, site_root: Path | None, chain: tuple[Path, ...]) -> Catalog:
    """Apply an Extension to its base year (not cached: the base may change under `serve`)."""
    from itagen.catalog.extend import apply_extension
    from itagen.site.yamlio import line_of

    try:
        base = _resolve(ext.extends, site_root, chain)
    except ItagenError as exc:
        line = line_of(ext.text, ("extends",))
        raise ItagenError(
            [p if p.path else Problem(p.message, ext.display, line, p.hint) for p in exc.problems]
        ) from None
    return apply_extension(base, ext)


def _display(path: Path, site_root: Path | None) -> str:
    """A catalog file's name as problems show it: relative to the site (../../catalogs/…)."""
    return Path(os.path.relpath(path, site_root)).as_posix() if site_root is not None else path.name


@lru_cache(maxsize=32)
def _load_file(path: Path, display: str, mtime_ns: int) -> Any:
    # Cached per worker process: the parsed file is immutable, the mtime key notices edits (serve).
    doc = _parse_document(read_text(path, display), display)
    if path.stem.isdigit() and doc.year != int(path.stem):
        raise ItagenError(
            _("the file is named {name}.yaml but says year: {year}").format(
                name=path.stem, year=doc.year
            ),
            display,
            1,
        )
    return doc


def describe_years(site_root: Path | None = None) -> str:
    """Return one line per year there is a catalog for
    (built-in, and the site's own), marking unverified ones.
    """
    dirs = own_dirs(site_root)
    lines = []
    for year in known_years(site_root):
        cat = load_catalog(year, site_root)
        where = next((i for i, d in enumerate(dirs) if (d / f"{year}.yaml").is_file()), None)
        marks = [_("unverified catalog")] if cat.status != "verified" else []
        if where is not None:
            site = where == 0 and not (site_root / "workspace.yaml").is_file()
            marks.append(_("the site's own catalog") if site else _("the workspace's catalog"))
        else:
            marks.append(_("built-in catalog"))
        lines.append(
            f"{year}  "
            + _("{count} OIT items").format(count=len(cat.by_code))
            + "".join(f"  ({m})" for m in marks)
        )
    return "\n".join(lines)


def describe(cat: Catalog) -> str:
    """Return a year's items with their periods and required
    components, as `itagen catalog YEAR` prints them.
    """
    status = (
        ""
        if cat.status == "verified"
        else "  [" + _("UNVERIFIED: inferred, check against the NACC criteria") + "]"
    )
    lines = [f"{cat.title}{status}"]
    for ind in cat.indicators:
        lines.append(f"\nตัวชี้วัดที่ {ind.number} {ind.title}")
        for sub in ind.subindicators:
            lines.append(f"  {sub.number} {sub.title}")
            for heading in sub.headings:
                lines.append(f"    {heading.title}")
                for item in heading.items:
                    period = cat.period_text(item)
                    lines.append(
                        f"      {item.code:<4} {item.title}" + (f"  [{period}]" if period else "")
                    )
                    lines += [f"             - {comp}" for comp in item.components]
    return "\n".join(lines)
