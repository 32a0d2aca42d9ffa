"""`itagen catalog import`: a year's criteria table turned into SITE/catalogs/YEAR.yaml.

Owns the step from a read Table (table.py) to a catalog file: the stable keys
guessed against the latest earlier catalog (keys.py), the period rules inferred
from each item's own words (ปีงบประมาณ พ.ศ. …, รอบ 6 เดือน, รายเดือน, ของปีที่ผ่านมา,
มีผลบังคับใช้ / ครอบคลุม), the fields carried from the earlier item (a live channel,
a "nothing to report" statement, the responsible unit), and the review table a
person reads before trusting the file. Every guess is written into the file as a
"# check:" comment, and the file is marked unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from itagen.catalog.keys import KeyGuess, guess_keys
from itagen.catalog.load import Catalog, CatalogItem, load_catalog
from itagen.catalog.table import INDICATOR_TITLES, Table, read_table
from itagen.catalog.write import ItemOut, latest_before, render, save
from itagen.errors import ItagenError
from itagen.thai.dates import arabic_digits
from itagen.thai.messages import _

_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(slots=True)
class ImportResult:
    """What an import wrote and what it guessed, for the review table."""

    path: Path
    year: int
    table: Table
    base: Catalog | None
    guesses: list[KeyGuess] = field(default_factory=list)
    dropped: list[CatalogItem] = field(default_factory=list)
    periods: dict[str, str] = field(default_factory=dict)  # code → period


def infer_period(title: str, components: list[str], year: int) -> tuple[str, bool, str | None]:
    """Return (period rule, monthly, the words it rests on) read from an item's own text."""
    text = arabic_digits(" ".join([title, *components]))
    monthly = "รายเดือน" in text
    rules = (
        ("first_half", (r"6\s*เดือน", r"หกเดือน", r"ครึ่งปี")),
        (
            "previous_year",
            (
                r"ปี(?:งบประมาณ)?ที่ผ่านมา",
                r"ปีก่อน",
                rf"(?:ปี|พ\.\s*ศ\.)\s*(?:พ\.\s*ศ\.\s*)?{year - 1}(?![0-9])",
            ),
        ),
        ("in_force", (r"บังคับใช้", r"ครอบคลุม")),
        ("current_year", (rf"(?<![0-9]){year}(?![0-9])", r"ปีปัจจุบัน")),
    )
    for period, patterns in rules:
        for pattern in patterns:
            match = re.search(pattern, text)
            if match:
                return period, monthly, _context(text, match)
    if monthly:
        return "current_year", True, _context(text, re.search("รายเดือน", text))
    return "none", False, None


def _context(text: str, match: re.Match | None) -> str | None:
    if match is None:
        return None
    start, end = max(0, match.start() - 25), min(len(text), match.end() + 25)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def import_table(
    file: Path, year: int, root: Path, base_year: int | None = None, force: bool = False
) -> ImportResult:
    """Read the criteria table FILE and write ROOT/catalogs/YEAR.yaml; return what was guessed."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise ItagenError(
            _("{path} is not a folder for a catalog").format(path=root),
            None,
            None,
            _("give the site (or workspace) folder the catalog is for"),
        )
    table = read_table(Path(file), Path(file).name)
    _check_codes(table)
    base = load_catalog(base_year, root) if base_year is not None else latest_before(year, root)
    result = ImportResult(root / "catalogs" / f"{year}.yaml", year, table, base)
    given = {i.code: i.key for i in table.items if i.key}
    for code, key in given.items():
        if not _KEY_RE.match(key):
            row = next(i.row for i in table.items if i.code == code)
            message = _("the key '{key}' of {code} is not lowercase letters, digits and _")
            raise ItagenError(message.format(key=key, code=code), table.display, row)
    rest = [(i.code, i.title) for i in table.items if i.code not in given]
    earlier = base if base is None else _without(base, set(given.values()))
    guesses, dropped = guess_keys(rest, earlier, year)
    by_code = {g.code: g for g in guesses}
    by_key = {i.key: i for i in base.items} if base else {}
    for item in table.items:
        if item.code in given:
            old = by_key.get(given[item.code])
            by_code[item.code] = KeyGuess(
                item.code,
                item.title,
                given[item.code],
                "given",
                _("the key column of the table"),
                [old] if old else [],
            )
    result.guesses = [by_code[i.code] for i in table.items]
    result.dropped = dropped
    text = render(
        year,
        _title(table, year),
        "unverified",
        _source(table, base),
        _tree(table, year, base, by_code, result),
        _header(table, base),
    )
    save(root, year, text, force)
    return result


def _check_codes(table: Table) -> None:
    seen: dict[str, int] = {}
    for item in table.items:
        if item.code in seen:
            raise ItagenError(
                _("item {code} appears twice (rows {first} and {row})").format(
                    code=item.code, first=seen[item.code], row=item.row
                ),
                table.display,
                item.row,
                _("each code may appear once; check the codes OCR may have misread"),
            )
        seen[item.code] = item.row


def _without(base: Catalog, keys: set[str]) -> Catalog:
    """The base catalog less the items the table already names by key."""
    from dataclasses import replace

    indicators = tuple(
        replace(
            ind,
            subindicators=tuple(
                replace(
                    sub,
                    headings=tuple(
                        replace(h, items=tuple(i for i in h.items if i.key not in keys))
                        for h in sub.headings
                    ),
                )
                for sub in ind.subindicators
            ),
        )
        for ind in base.indicators
    )
    return Catalog(base.year, base.title, base.status, base.source, indicators, base.path)


def _title(table: Table, year: int) -> str:
    return table.title or (
        f"การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ พ.ศ. {year}"
    )


def _source(table: Table, base: Catalog | None) -> str:
    against = _(", keys matched against {year}").format(year=base.year) if base else ""
    return _(
        "imported from {file} ({layout} layout){against} by itagen catalog import; "
        "check it against the NACC criteria"
    ).format(file=table.display, layout=table.layout, against=against)


def _header(table: Table, base: Catalog | None) -> list[str]:
    lines = [
        _("Imported from {file} by itagen catalog import ({count} items).").format(
            file=table.display, count=len(table.items)
        )
    ]
    lines.append(
        _(
            "Read every line marked 'check:', correct the key, merges: and period where the "
            "guess is wrong, then set status: verified."
        )
    )
    if base is not None:
        lines.append(
            _(
                "Keys were matched against the {year} catalog: an item keeps the key of "
                "the earlier item it continues, so itagen migrate carries its documents."
            ).format(year=base.year)
        )
    return lines


def _tree(
    table: Table,
    year: int,
    base: Catalog | None,
    by_code: dict[str, KeyGuess],
    result: ImportResult,
) -> list:
    titles = dict(INDICATOR_TITLES)
    if base is not None:
        titles.update({ind.number: ind.title for ind in base.indicators})
    titles.update({n: t for n, t in table.indicators.items() if t})
    tree: list = []
    for sub in table.subs:
        number = int(sub.number.split(".")[0])
        if not tree or tree[-1][0] != number:
            if any(t[0] == number for t in tree):
                message = _("sub-indicator {number} is not with the others of indicator {ind}")
                first = [i for h in sub.headings for i in h.items][:1]
                row = first[0].row if first else None
                raise ItagenError(
                    message.format(number=sub.number, ind=number),
                    table.display,
                    row,
                    _("put each indicator's sub-indicators together, in order"),
                )
            tree.append((number, titles.get(number, f"ตัวชี้วัดที่ {number}"), []))
        headings = [
            (h.title, [_item(i, year, by_code[i.code], result) for i in h.items])
            for h in sub.headings
            if h.items
        ]
        if not headings:
            raise ItagenError(
                _("sub-indicator {number} has no items").format(number=sub.number),
                table.display,
                None,
                _("add its items below it, or remove the row"),
            )
        tree[-1][2].append((sub.number, sub.title, headings))
    return tree


def _item(item, year: int, guess: KeyGuess, result: ImportResult) -> ItemOut:
    period, monthly, evidence = infer_period(item.title, item.components, year)
    old = guess.earlier[0] if guess.earlier else None
    out = ItemOut(guess.key, item.code, item.title, item.components, period, monthly)
    if old is not None:
        out.live_link, out.nothing_statement = old.live_link, old.nothing_statement
        out.unit = old.unit
        out.monthly = monthly or (old.monthly and guess.kind in ("matched", "given"))
    out.merges = list(guess.merges)
    out.checks.append(_why(guess, result.base))
    out.period_check = (
        _("period {period} from \"{words}\"").format(period=period, words=evidence)
        if evidence
        else _("no period named in the text: none (a standing item)")
    )
    result.periods[item.code] = period
    return out


def _why(guess: KeyGuess, base: Catalog | None) -> str:
    """The comment saying where the key came from."""
    if guess.kind == "new":
        return _("{code} is new (no earlier item found): give it a key naming what it is").format(
            code=guess.code
        )
    earlier = ", ".join(f"{i.code} {i.title}" for i in guess.earlier)
    year = base.year if base else ""
    if guess.kind == "merged":
        return _(
            "{code} takes over {earlier} of {year} ({why}); the others are under merges:"
        ).format(code=guess.code, earlier=earlier, year=year, why=guess.why)
    return _("{code} continues {earlier} of {year} ({why})").format(
        code=guess.code, earlier=earlier, year=year, why=guess.why
    )


def review(result: ImportResult) -> str:
    """Return the review table: matched, renamed, merged, new and dropped items."""
    base = result.base
    lines = [
        _("{path}: {count} items, written for review (status: unverified)").format(
            path=f"catalogs/{result.year}.yaml", count=len(result.guesses)
        )
    ]
    if base is None:
        lines.append(_("no earlier catalog to match keys against: every item has a new key"))
    else:
        lines.append(_("keys matched against the {year} catalog:").format(year=base.year))
    names = {
        "matched": _("same item"),
        "renamed": _("renamed item"),
        "merged": _("merged items"),
        "new": _("new item"),
        "given": _("key given"),
    }
    for g in result.guesses:
        earlier = " + ".join(i.code for i in g.earlier) or "—"
        lines.append(f"  {names[g.kind]:<13} {earlier:>10} → {g.code:<4} {g.key:<28} {g.title}")
    if result.dropped:
        lines.append(
            _("dropped (items of {year} the new table does not have):").format(year=base.year)
        )
        lines += [f"  {i.code:<4} {i.key:<28} {i.title}" for i in result.dropped]
    lines.append(
        _(
            "next: read the lines marked 'check:' in the file, correct them, then run "
            "itagen catalog {year} and itagen migrate --to {year}"
        ).format(year=result.year)
    )
    return "\n".join(lines) + "\n"
