"""The plan of `itagen migrate` (commands/migrate.py): what each target item's file will say.

Owns the result classes and the plan that carries content/<from>/ to content/<to>/: each item
lands under the code and sub-indicator its key has in the target catalog (O10 of 2564 becomes
O11 of 2566), with only its `code:` value and the documents whose dates no longer fit the target
period (`fits`) edited out of the text (frontedit.py); items new in the target year get stubs;
the documents and text of source items the target merged into one of its own (its catalog's
`merges:`) are carried into it under a heading each; items merged away or dropped are recorded
for the report. The plan is made in memory: writing it is migrate.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from itagen.catalog.load import Catalog, CatalogItem
from itagen.site.content import Document, ItemContent
from itagen.site.frontedit import edit_item_text, merge_into, read_raw
from itagen.commands.init import item_stub
from itagen.thai.dates import fiscal_half_range, fiscal_year_range, thai_digits
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


def plan_migration(
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
                f"itagen migrate {from_year} → {to_year}: ไม่ได้ยกเอกสาร {len(drop)} รายการ"
                f"ที่ไม่อยู่ในช่วงของปี {to_year} มาด้วย (ยังอยู่ใน {content.src})"
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
    note = f"itagen migrate {result.from_year} → {result.to_year}: เอกสารต่อไปนี้ยกมาจาก " + (
        ", ".join(notes)
    )
    return merge_into(text, suffix, carried.src, entries, note, sections)
