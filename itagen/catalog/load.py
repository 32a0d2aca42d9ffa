"""Stage 2 — the catalog: which OIT items exist in an assessment year, and what each requires.

Owns the catalog data model (indicator → sub-indicator → heading → item), the
validating loader for catalog files, and where catalogs are found: a site's own
`catalogs/<year>.yaml` first, then its workspace's `catalogs/`, then the package's
built-in `itagen/catalog/years/`.
Each item carries a stable `key` naming what it is, so the same concept can be
followed across years while its code changes (O10 in 2564 is O11 in 2566).
A file may instead say `extends: <year>` and list only what differs; resolving
that chain is here, the override schema is in catalog_extend.py.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from itagen.thai.messages import N_, _
from itagen.errors import ItagenError, Problem
from itagen.site.validation import problems_from
from itagen.site.yamlio import load_yaml, read_text

BUILTIN_DIR = Path(__file__).parent / "years"
PERIODS = ("none", "current_year", "first_half", "previous_year", "in_force")

# What each period rule asks for, in the words the criteria use ({y} = the year).
PERIOD_TEXT = {
    "none": "",
    "current_year": "ข้อมูลของปี พ.ศ. {y}",
    "first_half": "ข้อมูลรอบ 6 เดือนแรกของปี พ.ศ. {y}",
    "previous_year": "รายงานของปี พ.ศ. {p}",
    "in_force": "มีผลบังคับใช้ครอบคลุมปี พ.ศ. {y}",
}

MERGE_CONFLICT = N_("item '{key}' merges '{merged}', which is still an item of this year "
                    "or merged twice")


@dataclass(frozen=True, slots=True)
class CatalogItem:
    """One OIT item of one year: its stable key, code, title and requirements."""

    key: str
    code: str
    title: str
    components: tuple[str, ...]
    period: str
    subindicator: str
    heading: str
    monthly: bool = False
    live_link: bool = False
    nothing_statement: str | None = None
    unit: str | None = None
    note: str | None = None
    merges: tuple[str, ...] = ()     # keys of earlier years' items this one now also asks for

    @property
    def slug(self) -> str:
        """The URL segment of the item's page: o1, o2, … (stable all year: agencies enter it in ITAS)."""
        return self.code.lower()


@dataclass(frozen=True, slots=True)
class Heading:
    """A group heading inside a sub-indicator (ข้อมูลพื้นฐาน, การประชาสัมพันธ์, …)."""

    title: str
    items: tuple[CatalogItem, ...]


@dataclass(frozen=True, slots=True)
class Subindicator:
    """A sub-indicator such as 9.1 ข้อมูลพื้นฐาน."""

    number: str
    title: str
    headings: tuple[Heading, ...]

    @property
    def items(self) -> tuple[CatalogItem, ...]:
        """All items of this sub-indicator in catalog order."""
        return tuple(item for heading in self.headings for item in heading.items)


@dataclass(frozen=True, slots=True)
class Indicator:
    """Indicator 9 (การเปิดเผยข้อมูล) or 10 (การป้องกันการทุจริต)."""

    number: int
    title: str
    subindicators: tuple[Subindicator, ...]


@dataclass(frozen=True)
class Catalog:
    """The full item list of one assessment year."""

    year: int
    title: str
    status: str
    source: str
    indicators: tuple[Indicator, ...]
    path: str = ""
    extends: int | None = None           # the base year, when the file extends another
    by_code: dict[str, CatalogItem] = field(init=False, repr=False, compare=False)
    subindicators: dict[str, Subindicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        subs = {s.number: s for ind in self.indicators for s in ind.subindicators}
        object.__setattr__(self, "subindicators", subs)
        object.__setattr__(self, "by_code", {i.code: i for s in subs.values() for i in s.items})

    @property
    def items(self) -> tuple[CatalogItem, ...]:
        """Every item of the year in catalog order (O1 … O43)."""
        return tuple(self.by_code.values())

    def period_text(self, item: CatalogItem) -> str:
        """Return the item's period rule in Thai words for this year ('' when none)."""
        return PERIOD_TEXT[item.period].format(y=self.year, p=self.year - 1)

    def nearest_codes(self, code: str) -> list[str]:
        """Return up to three codes of this year that look like `code` (for error hints)."""
        return difflib.get_close_matches(code, list(self.by_code), n=3, cutoff=0.5)


@lru_cache(maxsize=1)
def schema() -> Any:
    """Return the pydantic model of a catalog file (pydantic is imported lazily)."""
    from typing import Annotated, Literal

    from pydantic import BaseModel, ConfigDict, Field

    strict = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    class ItemSpec(BaseModel):
        model_config = strict
        key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
        code: str = Field(pattern=r"^O[1-9][0-9]?$")
        title: str = Field(min_length=1)
        components: tuple[str, ...] = ()
        period: Literal["none", "current_year", "first_half", "previous_year", "in_force"] = "none"
        monthly: bool = False
        live_link: bool = False
        nothing_statement: str | None = None
        unit: str | None = None
        note: str | None = None
        merges: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ...] = ()

    class HeadingSpec(BaseModel):
        model_config = strict
        title: str = Field(min_length=1)
        items: tuple[ItemSpec, ...] = Field(min_length=1)

    class SubSpec(BaseModel):
        model_config = strict
        number: str = Field(pattern=r"^\d+\.\d+$")
        title: str = Field(min_length=1)
        headings: tuple[HeadingSpec, ...] = Field(min_length=1)

    class IndicatorSpec(BaseModel):
        model_config = strict
        number: int
        title: str = Field(min_length=1)
        subindicators: tuple[SubSpec, ...] = Field(min_length=1)

    class CatalogSpec(BaseModel):
        model_config = strict
        year: int = Field(ge=2500, le=2700)
        title: str = Field(min_length=1)
        status: Literal["verified", "unverified"] = "verified"
        source: str = ""
        indicators: tuple[IndicatorSpec, ...] = Field(min_length=1)

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
        from itagen.catalog.extend import parse_extension
        return parse_extension(raw, text, display)
    spec_model = schema()
    try:
        spec = spec_model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, spec_model, text, display)) from None
    indicators = tuple(
        Indicator(ind.number, ind.title, tuple(
            Subindicator(sub.number, sub.title, tuple(
                Heading(h.title, tuple(
                    CatalogItem(subindicator=sub.number, heading=h.title, **it.model_dump())
                    for it in h.items))
                for h in sub.headings))
            for sub in ind.subindicators))
        for ind in spec.indicators)
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
                        problems.append((_("item code {code} appears twice").format(code=item.code),
                                         loc + ("code",)))
                    if item.key in seen_keys:
                        problems.append((_("item key '{key}' appears twice").format(key=item.key),
                                         loc + ("key",)))
                    seen_codes.add(item.code)
                    seen_keys.add(item.key)
    for key, merged in merge_conflicts(catalog.items):
        item = next(i for i in catalog.items if i.key == key)
        i, s, h, n = _position(spec, item.code)
        problems.append((_(MERGE_CONFLICT).format(key=key, merged=merged),
                         ("indicators", i, "subindicators", s, "headings", h, "items", n, "merges")))
    if len(catalog.subindicators) != sum(len(i.subindicators) for i in catalog.indicators):
        problems.append((_("a sub-indicator number appears twice"), ("indicators",)))
    if problems:
        raise ItagenError([
            Problem(msg, display, line_of(text, loc),
                    _("every code, key and sub-indicator must be unique"))
            for msg, loc in problems])


def merge_conflicts(items: tuple[CatalogItem, ...] | list[CatalogItem]) -> list[tuple[str, str]]:
    """Return (key, merged key) where `merges` names a key this year still has, or one merged twice."""
    keys = {item.key for item in items}
    seen: set[str] = set()
    found = []
    for item in items:
        for merged in item.merges:
            if merged in keys or merged in seen:
                found.append((item.key, merged))
            seen.add(merged)
    return found


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
    ups = [up for up in (site_root.parent, site_root.parent.parent)
           if up != site_root and (up / "workspace.yaml").is_file()]
    return [site_root / "catalogs"] + [up / "catalogs" for up in ups[:1]]


def known_years(site_root: Path | None = None) -> list[int]:
    """Return every year with a catalog the site can use: its own, its workspace's, built-in."""
    years = set(builtin_years())
    for folder in own_dirs(site_root):
        years |= {int(p.stem) for p in folder.glob("*.yaml") if p.stem.isdigit()}
    return sorted(years)


def catalog_path(year: int, site_root: Path | None = None, skip: tuple[Path, ...] = ()) -> Path | None:
    """Return the catalog file for `year`: the site's own first, then the built-in one (none in `skip`)."""
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
                _("catalogs extend each other in a loop: {names}").format(names=names), None, None,
                _("one of them must list its items in full (indicators:)"))
        years = known_years(site_root)
        latest = max((y for y in years if y < year), default=max(years))
        raise ItagenError(
            _("itagen has no catalog for the year {year}").format(year=year), None, None,
            _("years with a catalog: {known}. Import the NACC criteria table with itagen catalog "
              "import TABLE.xlsx --year {year}, or copy a year with itagen catalog new {year} "
              "--from {latest}").format(known=", ".join(map(str, years)), year=year, latest=latest))
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
        raise ItagenError([p if p.path else Problem(p.message, ext.display, line, p.hint)
                           for p in exc.problems]) from None
    return apply_extension(base, ext)


def _display(path: Path, site_root: Path | None) -> str:
    """A catalog file's name as problems show it: relative to the site (../../catalogs/…)."""
    return Path(os.path.relpath(path, site_root)).as_posix() if site_root is not None else path.name


@lru_cache(maxsize=32)
def _load_file(path: Path, display: str, mtime_ns: int) -> Any:
    # Cached per worker process: the parsed file is immutable, the mtime key notices edits (serve).
    doc = _parse_document(read_text(path, display), display)
    if path.stem.isdigit() and doc.year != int(path.stem):
        raise ItagenError(_("the file is named {name}.yaml but says year: {year}").format(
            name=path.stem, year=doc.year), display, 1)
    return doc


def describe_years(site_root: Path | None = None) -> str:
    """Return one line per year there is a catalog for (built-in, and the site's own), marking unverified ones."""
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
        lines.append(f"{year}  " + _("{count} OIT items").format(count=len(cat.by_code))
                     + "".join(f"  ({m})" for m in marks))
    return "\n".join(lines)


def describe(cat: Catalog) -> str:
    """Return a year's items with their periods and required components, as `itagen catalog YEAR` prints them."""
    status = "" if cat.status == "verified" else "  [" + _(
        "UNVERIFIED: inferred, check against the NACC criteria") + "]"
    lines = [f"{cat.title}{status}"]
    for ind in cat.indicators:
        lines.append(f"\nตัวชี้วัดที่ {ind.number} {ind.title}")
        for sub in ind.subindicators:
            lines.append(f"  {sub.number} {sub.title}")
            for heading in sub.headings:
                lines.append(f"    {heading.title}")
                for item in heading.items:
                    period = cat.period_text(item)
                    lines.append(f"      {item.code:<4} {item.title}" + (f"  [{period}]" if period else ""))
                    lines += [f"             - {comp}" for comp in item.components]
    return "\n".join(lines)
