"""Writing a catalog file a person can read and correct, and `itagen catalog new`.

Owns the text of SITE/catalogs/YEAR.yaml as itagen writes it: the same schema the
loader reads (load.py), every string quoted, and "# check:" comment lines above
the fields that are guesses (keys, merges, period rules), so a person reviewing
the file sees what to confirm. A written file is always loaded back before it is
kept, so itagen never leaves a catalog it cannot read itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from itagen.catalog.load import Catalog, load_catalog, parse_catalog
from itagen.errors import ItagenError
from itagen.thai.messages import _


@dataclass(slots=True)
class ItemOut:
    """One item as it will be written, with the review comments that go above it."""

    key: str
    code: str
    title: str
    components: list[str]
    period: str = "none"
    monthly: bool = False
    live_link: bool = False
    nothing_statement: str | None = None
    unit: str | None = None
    note: str | None = None
    merges: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # "# check:" lines above the item
    period_check: str | None = None  # why the period was chosen


def q(text: str) -> str:
    """Return a YAML double-quoted scalar (JSON's string form is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def render(
    year: int,
    title: str,
    status: str,
    source: str,
    tree: list[tuple[int, str, list[tuple[str, str, list[tuple[str, list[ItemOut]]]]]]],
    header: list[str],
) -> str:
    """Return the YAML text of a full catalog; `tree` nests indicators to items."""
    out = [f"# {_comment(line)}" for line in header]
    out += [
        f"year: {year}",
        f"title: {q(title)}",
        f"status: {status}",
        f"source: {q(source)}",
        "indicators:",
    ]
    for number, ind_title, subs in tree:
        out += [f"- number: {number}", f"  title: {q(ind_title)}", "  subindicators:"]
        for sub_number, sub_title, headings in subs:
            out += [f"  - number: '{sub_number}'", f"    title: {q(sub_title)}", "    headings:"]
            for heading, items in headings:
                out += [f"    - title: {q(heading)}", "      items:"]
                for item in items:
                    out += _item_lines(item)
    return "\n".join(out) + "\n"


def _item_lines(item: ItemOut) -> list[str]:
    pad = " " * 8
    lines = [f"      # check: {_comment(c)}" for c in item.checks]
    lines += [f"      - key: {item.key}", f"{pad}code: {item.code}", f"{pad}title: {q(item.title)}"]
    if item.components:
        lines.append(f"{pad}components:")
        lines += [f"{pad}- {q(c)}" for c in item.components]
    else:
        lines.append(f"{pad}components: []")
    if item.period_check:
        lines.append(f"{pad}# check: {_comment(item.period_check)}")
    lines.append(f"{pad}period: {item.period}")
    if item.monthly:
        lines.append(f"{pad}monthly: true")
    if item.live_link:
        lines.append(f"{pad}live_link: true")
    for name in ("nothing_statement", "unit", "note"):
        value = getattr(item, name)
        if value:
            lines.append(f"{pad}{name}: {q(value)}")
    if item.merges:
        lines.append(f"{pad}merges: [{', '.join(item.merges)}]")
    return lines


def catalog_dir(root: Path) -> Path:
    """Return where a folder's own catalogs live: SITE/catalogs/ (or WORKSPACE/catalogs/)."""
    return root / "catalogs"


def save(root: Path, year: int, text: str, force: bool = False) -> Path:
    """Load `text` back as a catalog (so it is valid), then write ROOT/catalogs/YEAR.yaml."""
    path = catalog_dir(root) / f"{year}.yaml"
    display = f"catalogs/{year}.yaml"
    if path.exists() and not force:
        message = _("the catalog {path} already exists; nothing was written").format(path=display)
        raise ItagenError(
            message, display, None, _("add --force to replace it (keep a copy of your corrections)")
        )
    parse_catalog(text, display, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def new_year(root: Path, year: int, base_year: int, force: bool = False) -> Path:
    """Write ROOT/catalogs/YEAR.yaml: a full, editable copy of BASE's catalog moved to YEAR."""
    from itagen.catalog.extend import year_shifter

    if year == base_year:
        message = _("the new year and --from are both {year}").format(year=year)
        raise ItagenError(
            message, None, None, _("give a new year and a different year to copy from")
        )
    base = load_catalog(base_year, root)
    shift = year_shifter(base_year, year)
    tree = []
    for ind in base.indicators:
        subs = []
        for sub in ind.subindicators:
            headings = [(shift(h.title), [_copy(i, shift) for i in h.items]) for h in sub.headings]
            subs.append((sub.number, shift(sub.title), headings))
        tree.append((ind.number, ind.title, subs))
    header = [
        _("A copy of the {base} catalog for {year}, made by itagen catalog new.").format(
            base=base_year, year=year
        ),
        _(
            "Correct it when the NACC publishes the {year} criteria (or import them with "
            "itagen catalog import), then set status: verified."
        ).format(year=year),
    ]
    source = _(
        "copy of the {base} catalog ({status}); not yet checked against the {year} criteria"
    ).format(base=base_year, status=base.status, year=year)
    text = render(year, shift(base.title), "unverified", source, tree, header)
    return save(root, year, text, force)


def _copy(item, shift) -> ItemOut:
    return ItemOut(
        item.key,
        item.code,
        shift(item.title),
        [shift(c) for c in item.components],
        item.period,
        item.monthly,
        item.live_link,
        shift(item.nothing_statement),
        item.unit,
        shift(item.note),
        list(item.merges),
    )


def latest_before(year: int, root: Path | None) -> Catalog | None:
    """Return the catalog of the latest year before `year` that has one, or None."""
    from itagen.catalog.load import known_years

    for earlier in sorted((y for y in known_years(root) if y < year), reverse=True):
        return load_catalog(earlier, root)
    return None
