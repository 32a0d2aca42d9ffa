"""The catalog data model: indicator → sub-indicator → heading → item, for one assessment year.

Plain frozen data classes, shared by the loader (load.py), the extensions (extend.py)
and everything that reads a site's catalog; no parsing here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from itagen.thai.messages import N_

PERIODS = ("none", "current_year", "first_half", "previous_year", "in_force")

# What each period rule asks for, in the words the criteria use ({y} = the year).
PERIOD_TEXT = {
    "none": "",
    "current_year": "ข้อมูลของปี พ.ศ. {y}",
    "first_half": "ข้อมูลรอบ 6 เดือนแรกของปี พ.ศ. {y}",
    "previous_year": "รายงานของปี พ.ศ. {p}",
    "in_force": "มีผลบังคับใช้ครอบคลุมปี พ.ศ. {y}",
}


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
    merges: tuple[str, ...] = ()  # keys of earlier years' items this one now also asks for

    @property
    def slug(self) -> str:
        """The URL segment of the item's page: o1, o2, …
        (stable all year: agencies enter it in ITAS).
        """
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
    extends: int | None = None  # the base year, when the file extends another
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


MERGE_CONFLICT = N_(
    "item '{key}' merges '{merged}', which is still an item of this year or merged twice"
)


def merge_conflicts(items: tuple[CatalogItem, ...] | list[CatalogItem]) -> list[tuple[str, str]]:
    """Return (key, merged key) where `merges` names a key this year still has, or one merged twice.
    """
    keys = {item.key for item in items}
    seen: set[str] = set()
    found = []
    for item in items:
        for merged in item.merges:
            if merged in keys or merged in seen:
                found.append((item.key, merged))
            seen.add(merged)
    return found
