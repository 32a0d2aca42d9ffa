"""`itagen migrate`: start a new assessment year from the
last one, through the catalogs' stable keys.

Owns the command and its report: the checks of the site and the two years, loading every item
of content/<from>/ (any error stops it before anything is written), writing the plan
(migrate_plan.py: what each target item's file says) into content/<to>/, and the summary a
webmaster reads afterwards. The whole plan is made and checked before anything is written, the
source year is never touched, files/ is shared and stays as it is, and an existing target year
is refused (with `force`, only the items it lacks are added; nothing is overwritten).
"""

from __future__ import annotations

from pathlib import Path

from itagen.thai.messages import _
from itagen.catalog.load import Catalog, load_catalog
from itagen.site.content import ITEM_SUFFIXES, ItemContent, load_item
from itagen.errors import ItagenError, Problems
from itagen.site.paths import SitePaths
from itagen.commands.migrate_plan import MigrateResult, plan_migration
from itagen.thai.text import normalize_code
from itagen.thai.dates import format_date


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
    plan = plan_migration(result, source, items, provided)
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
