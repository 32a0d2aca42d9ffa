"""`itagen migrate`: start a new assessment year from the
last one, through the catalogs' stable keys.

Owns the plan that carries content/<from>/ to content/<to>/: each item lands
under the code and sub-indicator its key has in the target catalog (O10 of 2564
becomes O11 of 2566), with only its `code:` value and the documents whose dates
no longer fit the target period edited out of the text (frontedit.py); items new
in the target year get stubs; items the target year merged into another (its
catalog's `merges:`) or dropped are reported. The
whole plan is made and checked before anything is written, the source year is
never touched, files/ is shared and stays as it is, and an existing target year
is refused (with `force`, only the items it lacks are added; nothing is overwritten).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from itagen.thai.messages import _
from itagen.catalog.load import Catalog, CatalogItem, load_catalog
from itagen.site.content import ITEM_SUFFIXES, Document, ItemContent, load_item
from itagen.errors import ItagenError, Problems
from itagen.site.frontedit import edit_item_text, merge_into, read_raw
from itagen.site.paths import SitePaths
from itagen.commands.init import item_stub
from itagen.thai.text import normalize_code
from itagen.thai.dates import fiscal_half_range, fiscal_year_range, format_date, thai_digits
from itagen.thai.periods import fiscal_year_period

DATED = ("current_year", "first_half", "previous_year")


@dataclass(slots=True)
class CarriedItem:
    """An item of the source year written into the target year."""

    spec: CatalogItem  # in the target catalog
    source: CatalogItem  # in the source catalog
    src: str  # the source file, relative to the site
    dest: str  # the file written
    left_out: list[Document] = field(default_factory=list)  # dated outside the target period
    undated: list[Document] = field(default_factory=list)  # kept, but nothing shows they fit
    names_old_year: bool = False  # its title or body still names the source year
    # Source items the target merged into this one whose documents and text were added to it.
    merged_from: list[tuple[CatalogItem, str]] = field(default_factory=list)


@dataclass(slots=True)
class MigrateResult:
    """What a migration wrote, and what the webmaster must now supply."""

    root: Path
    from_year: int
    to_year: int
    target: Catalog
    carried: list[CarriedItem] = field(default_factory=list)
    new: list[CatalogItem] = field(
        default_factory=list
    )  # no counterpart in the source catalog: stub
    unwritten: list[CatalogItem] = field(
        default_factory=list
    )  # a counterpart, but no file in the source year: stub
    dropped: list[tuple[CatalogItem, str | None]] = field(
        default_factory=list
    )  # source items with no place
    # Source items the target catalog folded into one of its own (its `merges:`), with that item.
    merged: list[tuple[CatalogItem, CatalogItem, str | None]] = field(default_factory=list)
    inherited: list[CatalogItem] = field(
        default_factory=list
    )  # a workspace's shared content has them
    kept: list[str] = field(default_factory=list)  # (force) target files already there
    written: list[str] = field(default_factory=list)

    @property
    def stubs(self) -> list[CatalogItem]:
        """Items that got a stub and wait for everything."""
        return self.new + self.unwritten

    @property
    def needs_new_period(self) -> list[CarriedItem]:
        """Carried items whose rule asks for data of a
        period the source year's documents cannot cover.
        """
        return [c for c in self.carried if c.spec.period in DATED]


def window(spec: CatalogItem, year: int) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day a document of `spec`
    may be dated in `year`, None when any date fits.
    """
    if spec.period == "current_year":
        return fiscal_year_range(year)
    if spec.period == "first_half":
        return fiscal_half_range(year, 1)
    if spec.period == "previous_year":
        return fiscal_year_range(year - 1)
    return None  # none, in_force: a standing document carries over


def fits(
    doc: Document, source: CatalogItem, target: CatalogItem, from_year: int, to_year: int
) -> bool:
    """True when a document of the source year's item still belongs to the target year's."""
    span = window(target, to_year)
    if span is not None and doc.period is not None:
        # The period of the data decides, not the day it was signed (issue 21).
        # "ประจำปี 2566" is read as the fiscal year of that number: the year whose answer it was.
        period = doc.period
        if period.kind == "year":
            period = fiscal_year_period(period.end[0] + 543)
        first, last = (span[0].year, span[0].month), (span[1].year, span[1].month)
        return period.start <= last and first <= period.end
    if span is None or doc.date is None:
        return True
    if not span[0] <= doc.date <= span[1]:
        return False
    if source.period == target.period:
        # Same rule, so the document was filed as the source year's data for it, whatever its date
        # (O42's analysis of ITA 2565 is dated in FY2566 and would look like 2567's
        # "previous year").
        # Only a document dated beyond the source fiscal year can be the target year's.
        first, last = fiscal_year_range(from_year)
        return doc.date > last if to_year > from_year else doc.date < first
    return True


def migrate(
    site_dir: Path | str, from_year: int, to_year: int, force: bool = False
) -> MigrateResult:
    """Create content/<to_year>/ from content/<from_year>/
    and return what was done; raise ItagenError.
    """
    root = Path(site_dir).resolve()
    if not (root / "site.yaml").is_file():
        raise ItagenError(
            _("{path} is not an itagen site (it has no site.yaml)").format(path=site_dir),
            None,
            None,
            _("run itagen migrate in a site folder, or give its path"),
        )
    if from_year == to_year:
        raise ItagenError(
            _("--from and --to are both {year}").format(year=from_year),
            None,
            None,
            _("give two different years"),
        )
    src_dir, dst_dir = root / "content" / str(from_year), root / "content" / str(to_year)
    if not src_dir.is_dir():
        years = sorted(p.name for p in (root / "content").glob("[0-9]" * 4) if p.is_dir())
        raise ItagenError(
            _("the site has no content/{year}/ to migrate from").format(year=from_year),
            None,
            None,
            _("the site's years: {years}").format(years=", ".join(years) or _("none")),
        )
    if dst_dir.exists() and any(dst_dir.iterdir()) and not force:
        raise ItagenError(
            _("content/{year}/ already exists; nothing was written").format(year=to_year),
            f"content/{to_year}",
            None,
            _("add --force to add only the items it lacks (no file is overwritten)"),
        )
    source, target = load_catalog(from_year, root), load_catalog(to_year, root)
    shared = _shared_folder(root)
    items = _load_year(root, src_dir, from_year, source, shared)
    result = MigrateResult(root, from_year, to_year, target)
    # A workspace site inherits what it lacks from the shared folder: a stub would hide that.
    provided = (
        set(_existing_codes(shared / "content" / str(to_year))) if shared is not None else set()
    )
    plan = _plan(result, source, items, provided)
    existing = _existing_codes(dst_dir)
    for rel, text in plan.items():
        code = normalize_code(Path(rel).stem)
        if code in existing:
            result.kept.append(existing[code])
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        result.written.append(rel)
    if existing:
        # The webmaster's own files in the target year are theirs: report only what migrate wrote.
        result.carried = [c for c in result.carried if c.spec.code not in existing]
        result.new = [s for s in result.new if s.code not in existing]
        result.unwritten = [s for s in result.unwritten if s.code not in existing]
    return result


def _shared_folder(root: Path) -> Path | None:
    """The shared folder of the workspace the site belongs to (sites/<slug>/), if any."""
    from itagen.site.workspace import enclosing

    workspace = enclosing(root)
    return workspace.shared if workspace else None


def _load_year(
    root: Path, year_dir: Path, year: int, catalog: Catalog, shared: Path | None
) -> dict[str, tuple[Path, ItemContent]]:
    """Load every item file of the source year; any error stops the migration before it writes."""
    problems = Problems()
    paths = SitePaths(root, (shared,) if shared is not None else ())
    items: dict[str, tuple[Path, ItemContent]] = {}
    for path in sorted(year_dir.glob("*/*")):
        if (
            path.name.startswith(".")
            or path.suffix.lower() not in ITEM_SUFFIXES
            or not path.is_file()
        ):
            continue
        display = path.relative_to(root).as_posix()
        try:
            item = load_item(path, display, year, path.parent.name, catalog, root, paths)
        except ItagenError as exc:
            problems.extend(exc.problems)
            continue
        items[item.code] = (path, item)
    if problems.errors:
        problems.error(
            _("content/{year}/ has errors, so nothing was migrated").format(year=year),
            f"content/{year}",
            None,
            _("fix them first (itagen build shows the same errors), then run itagen migrate again"),
        )
        raise ItagenError(problems.errors)
    return items


def _plan(
    result: MigrateResult,
    source: Catalog,
    items: dict[str, tuple[Path, ItemContent]],
    provided: set[str],
) -> dict[str, str]:
    """Return {site-relative path: text} for every target item, filling `result` as it goes."""
    from_year, to_year, target = result.from_year, result.to_year, result.target
    by_key = {item.key: item for item in source.items}
    plan: dict[str, str] = {}
    for spec in target.items:
        old = by_key.get(spec.key)
        found = items.get(old.code) if old is not None else None
        # The source items this one merges, in the target catalog's order, that the site wrote.
        joined = [
            (by_key[k], items[by_key[k].code])
            for k in spec.merges
            if k in by_key and by_key[k].code in items
        ]
        if found is None and joined:
            old, found = joined.pop(0)
        if found is None and spec.code in provided:
            result.inherited.append(spec)
            continue
        if found is None:
            plan[f"content/{to_year}/{spec.subindicator}/{spec.code}.md"] = item_stub(target, spec)
            (result.new if old is None else result.unwritten).append(spec)
            continue
        path, content = found
        dest = f"content/{to_year}/{spec.subindicator}/{spec.code}{path.suffix}"
        carried = CarriedItem(spec, old, content.src, dest)
        if old.key != spec.key:  # the item's own key had no file: a merged one stands in
            carried.merged_from.append((old, content.src))
        drop = set()
        for i, doc in enumerate(content.documents):
            if not fits(doc, old, spec, from_year, to_year):
                drop.add(i)
                carried.left_out.append(doc)
            elif doc.date is None and spec.period in DATED:
                carried.undated.append(doc)
        note = None
        if drop:
            note = (
                f"itagen migrate {from_year} → {to_year}: ไม่ได้ยกเอกสาร {len(drop)} รายการที่ไม่อยู่ในช่วง"
                f"ของปี {to_year} มาด้วย (ยังอยู่ใน {content.src})"
            )
        raw = read_raw(path, content.src)
        text = edit_item_text(raw, path.suffix, content.src, spec.code, drop, note)
        if joined:
            text, suffix = _join(text, path.suffix, carried, joined, result)
            dest = carried.dest = f"content/{to_year}/{spec.subindicator}/{spec.code}{suffix}"
        plan[dest] = text
        words = " ".join([content.title or "", content.body])
        carried.names_old_year = str(from_year) in words or thai_digits(from_year) in words
        result.carried.append(carried)
    target_keys = {item.key for item in target.items}
    merged_into = {key: item for item in target.items for key in item.merges}
    for old in source.items:
        if old.key not in target_keys:
            found = items.get(old.code)
            src = found[1].src if found else None
            if old.key in merged_into:
                result.merged.append((old, merged_into[old.key], src))
            else:
                result.dropped.append((old, src))
    return plan


def _join(
    text: str,
    suffix: str,
    carried: CarriedItem,
    joined: list[tuple[CatalogItem, tuple[Path, ItemContent]]],
    result: MigrateResult,
) -> tuple[str, str]:
    """Add the documents and text of the other source items a merged target item covers."""
    from itagen.site.yamlio import load_yaml, split_front_matter

    entries, sections, notes = [], [], []
    for source, (path, content) in joined:
        raw = read_raw(path, content.src)
        plain = raw.lstrip("\ufeff").replace("\r\n", "\n")
        front = split_front_matter(plain, content.src)[0] if path.suffix.lower() == ".md" else plain
        docs = (load_yaml(front, content.src) or {}).get("documents") or []
        for doc, entry in zip(content.documents, docs):  # the same list, parsed and as written
            if fits(doc, source, carried.spec, result.from_year, result.to_year):
                entries.append(entry)
                if doc.date is None and carried.spec.period in DATED:
                    carried.undated.append(doc)
            else:
                carried.left_out.append(doc)
        heading = f"{source.code} {content.title or source.title} ({result.from_year})"
        if content.body.strip():
            sections.append((heading, content.body))
        notes.append(f"{source.code} {source.title}")
        carried.merged_from.append((source, content.src))
    note = f"itagen migrate {result.from_year} → {result.to_year}: เอกสารต่อไปนี้ยกมาจาก " + ", ".join(
        notes
    )
    return merge_into(text, suffix, carried.src, entries, note, sections)


def _existing_codes(year_dir: Path) -> dict[str, str]:
    """Return {code: path} of the item files already in the target year (for `force`)."""
    if not year_dir.is_dir():
        return {}
    root = year_dir.parent.parent
    return {
        normalize_code(p.stem): p.relative_to(root).as_posix()
        for p in sorted(year_dir.glob("*/*"))
        if p.suffix.lower() in ITEM_SUFFIXES
    }


def summary(result: MigrateResult) -> str:
    """Return the report a webmaster reads after a migration: what was done and what to supply."""
    f, t, cat = result.from_year, result.to_year, result.target
    lines = [
        _(
            "content/{f}/ → content/{t}/: wrote {n} item files ({carried} carried over, "
            "{stubs} stubs)"
        ).format(
            f=f, t=t, n=len(result.written), carried=len(result.carried), stubs=len(result.stubs)
        )
    ]
    if cat.status != "verified":
        lines.append(
            _(
                "note: the {year} catalog is UNVERIFIED (inferred); check it against the "
                "NACC criteria"
            ).format(year=t)
        )
    for rel in result.kept:
        lines.append("  " + _("kept the existing {path}").format(path=rel))
    if result.inherited:
        lines.append(
            "  "
            + _("inherited from the workspace's shared content (no stub written): {codes}").format(
                codes=", ".join(s.code for s in result.inherited)
            )
        )
    moved = [c for c in result.carried if c.spec.code != c.source.code]
    if moved:
        lines.append(
            "\n" + _("Items with a new code in {year} (their page address changes):").format(year=t)
        )
        lines += [f"  {c.source.code:>4} → {c.spec.code:<4} {c.spec.title}" for c in moved]
    lines.append("\n" + _("What to supply for {year}:").format(year=t))
    left_out = _("({n} of {year} left out)")
    sections = [
        (_("new items (a stub was written)"), [f"{s.code:<4} {s.title}" for s in result.new]),
        (
            _("not written for {year} either (a stub was written)").format(year=f),
            [f"{s.code:<4} {s.title}" for s in result.unwritten],
        ),
        (
            _("documents of the new period"),
            [
                f"{c.spec.code:<4} {c.spec.title}: {cat.period_text(c.spec)}"
                + (" " + left_out.format(n=len(c.left_out), year=f) if c.left_out else "")
                for c in result.needs_new_period
            ],
        ),
        (
            _("check they are still in force during {year}").format(year=t),
            [
                f"{c.spec.code:<4} {c.spec.title}"
                for c in result.carried
                if c.spec.period == "in_force"
            ],
        ),
        (
            _("undated documents kept (check their period)"),
            [f"{c.spec.code:<4} {d.title}" for c in result.carried for d in c.undated],
        ),
    ]
    for heading, rows in sections:
        if rows:
            lines.append(f"  {heading}:")
            lines += [f"    {row}" for row in rows]
    stale = [c.spec.code for c in result.carried if c.names_old_year]
    if stale:
        lines.append(
            "  "
            + _("title or text still names {year} (update the wording): {codes}").format(
                year=f, codes=", ".join(stale)
            )
        )
    joined = {s.key for c in result.carried for s, _src in c.merged_from}
    carried_in = [(s, into, src) for s, into, src in result.merged if s.key in joined]
    to_add = [(s, into, src) for s, into, src in result.merged if s.key not in joined]
    if carried_in:
        lines.append(
            "\n"
            + _(
                "Items of {f} that {t} merged into another item (their documents "
                "and text were added to it, under a heading each; check they still "
                "fit):"
            ).format(f=f, t=t)
        )
        lines += [
            f"  {s.code:<4} {s.title} → {into.code} {into.title}" + (f"  ({src})" if src else "")
            for s, into, src in carried_in
        ]
    if to_add:
        lines.append(
            "\n"
            + _(
                "Items of {f} that {t} merged into another item (add what they published there):"
            ).format(f=f, t=t)
        )
        lines += [
            f"  {s.code:<4} {s.title} → {into.code} {into.title}" + (f"  ({src})" if src else "")
            for s, into, src in to_add
        ]
    if result.dropped:
        lines.append(
            "\n" + _("Items of {f} with no place in {t} (not carried over):").format(f=f, t=t)
        )
        lines += [
            f"  {s.code:<4} {s.title}" + (f"  ({src})" if src else "") for s, src in result.dropped
        ]
    left = [(c, d) for c in result.carried for d in c.left_out]
    if left:
        lines.append(
            "\n"
            + _("Documents left out (they stay in content/{year}/; files/ is unchanged):").format(
                year=f
            )
        )
        lines += [
            f"  {c.spec.code:<4} {d.title}"
            + (f" [{format_date(d.date, 'iso', 'arabic')}]" if d.date else "")
            for c, d in left
        ]
    lines.append(
        "\n"
        + _(
            "next: fill in the items above, run itagen check --year {year}, and set "
            "ita.current_year: {year} in site.yaml when the new year should open "
            "first"
        ).format(year=t)
    )
    return "\n".join(lines) + "\n"
