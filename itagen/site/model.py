"""The model templates receive: site → years → indicators → sub-indicators → headings → items.

Owns the join of catalog and content. Every catalog item of a year appears,
in catalog order, whether or not the webmaster has written it yet (a missing
item is shown as missing, not dropped). Built once per build and shared by
every page; nothing in it changes while pages render.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from itagen.catalog.load import Catalog, CatalogItem
from itagen.site.config import SiteConfig
from itagen.site.content import Content, Document, FreePage, ItemContent


@dataclass(slots=True, eq=False)
class ItemView:
    """One item of one year as pages show it."""

    spec: CatalogItem
    content: ItemContent | None
    year: int
    period_text: str
    has_links: Callable[[str], bool]  # does a body link anything (the renderer's answer: build.py)
    prev: ItemView | None = None
    next: ItemView | None = None

    @property
    def code(self) -> str:
        """O1 … O43."""
        return self.spec.code

    @property
    def key(self) -> str:
        """The stable key of the item across years."""
        return self.spec.key

    @property
    def slug(self) -> str:
        """The URL segment: o1 … o43."""
        return self.spec.slug

    @property
    def title(self) -> str:
        """The agency's own title for the item, else the catalog's."""
        if self.content is not None and self.content.title:
            return self.content.title
        return self.spec.title

    @property
    def path(self) -> str:
        """The item page's output path, relative to the site root."""
        return f"{self.year}/{self.spec.slug}/index.html"

    @property
    def present(self) -> bool:
        """True when the webmaster has written a file for the item."""
        return self.content is not None

    @property
    def documents(self) -> tuple[Document, ...]:
        """The item's documents and links, as written."""
        return self.content.documents if self.content is not None else ()

    @property
    def updated(self) -> dt.date | None:
        """The date the item was last updated, as the webmaster wrote it."""
        return self.content.updated if self.content is not None else None

    @property
    def status(self) -> str:
        """'missing' (no file), 'empty' (nothing an evaluator could take as the item) or 'ok'.

        The same rule as `itagen check`'s item-empty (see shows_something), so the year index,
        ita.json, the ITAS answer sheet and the readiness audit agree.
        """
        if self.content is None:
            return "missing"
        body = self.content.body
        shown = shows_something(
            self.spec, self.content.documents, body, lambda: self.has_links(body)
        )
        return "ok" if shown else "empty"


def shows_something(
    spec: CatalogItem, documents: tuple[Document, ...], body: str, has_links: Callable[[], bool]
) -> bool:
    """True when an item's file gives evaluators something: documents, links in its text, the
    "nothing to report" statement its catalog allows, or — for an item without a period rule
    (duties, contact details) — text that can itself be the information. Data that must be
    from a period (reports, statistics) cannot be shown by text alone.
    """
    if documents:
        return True
    if not body.strip():
        return False
    if spec.period == "none" or says_nothing_to_report(spec, body):
        return True
    return has_links()


def says_nothing_to_report(spec: CatalogItem, text: str) -> bool:
    """True when `text` makes the "nothing to report" statement the item's catalog entry allows."""
    statement = spec.nothing_statement
    if not statement:
        return False
    # Wording varies after the first words ("ไม่มีการจัดซ…", "ไม่มีเรื่องร้…"), so compare those.
    core = re.sub(r"\s", "", statement)[:12]
    return core in re.sub(r"\s", "", text)


@dataclass(frozen=True, slots=True)
class HeadingView:
    """A group heading and its items."""

    title: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class SubindicatorView:
    """A sub-indicator (9.1 …) and its headings."""

    number: str
    title: str
    headings: tuple[HeadingView, ...]

    @property
    def items(self) -> tuple[ItemView, ...]:
        """All items of the sub-indicator in catalog order."""
        return tuple(i for h in self.headings for i in h.items)


@dataclass(frozen=True, slots=True)
class IndicatorView:
    """Indicator 9 or 10."""

    number: int
    title: str
    subindicators: tuple[SubindicatorView, ...]


@dataclass(frozen=True, slots=True)
class YearView:
    """One assessment year of the site."""

    year: int
    catalog: Catalog
    indicators: tuple[IndicatorView, ...]
    items: tuple[ItemView, ...]

    @property
    def path(self) -> str:
        """The year index's output path."""
        return f"{self.year}/index.html"

    @property
    def ready(self) -> int:
        """How many items have content (documents or text)."""
        return sum(1 for i in self.items if i.status == "ok")


@dataclass(frozen=True, slots=True)
class SiteView:
    """What every page knows about the site."""

    config: SiteConfig
    years: tuple[YearView, ...]  # newest first
    pages: tuple[FreePage, ...]
    current: YearView | None
    by_year: dict[int, YearView] = field(default_factory=dict)

    @property
    def agency(self) -> Any:
        """The agency block of site.yaml."""
        return self.config.agency

    @property
    def numerals(self) -> str:
        """'thai' or 'arabic'."""
        return self.config.numerals

    @property
    def eit_url(self) -> str | None:
        """The EIT survey link, if configured."""
        return self.config.eit_url

    @property
    def iit_url(self) -> str | None:
        """The IIT survey link, if configured."""
        return self.config.iit_url


def build_year(
    catalog: Catalog, items: dict[str, ItemContent], has_links: Callable[[str], bool]
) -> YearView:
    """Join a year's catalog with its content, linking each item to its neighbours.

    `has_links` tells whether a body links anything; the model never parses Markdown itself.
    """
    views: list[ItemView] = []
    indicators = []
    for ind in catalog.indicators:
        subs = []
        for sub in ind.subindicators:
            headings = []
            for heading in sub.headings:
                hv = tuple(
                    ItemView(
                        spec,
                        items.get(spec.code),
                        catalog.year,
                        catalog.period_text(spec),
                        has_links,
                    )
                    for spec in heading.items
                )
                views.extend(hv)
                headings.append(HeadingView(heading.title, hv))
            subs.append(SubindicatorView(sub.number, sub.title, tuple(headings)))
        indicators.append(IndicatorView(ind.number, ind.title, tuple(subs)))
    for before, after in pairwise(views):
        before.next, after.prev = after, before
    return YearView(catalog.year, catalog, tuple(indicators), tuple(views))


def build_site(config: SiteConfig, content: Content, has_links: Callable[[str], bool]) -> SiteView:
    """Return the model of the whole site (`has_links`: as for build_year)."""
    years = tuple(
        build_year(content.catalogs[y], content.years[y], has_links)
        for y in sorted(content.years, reverse=True)
    )
    by_year = {y.year: y for y in years}
    current = by_year.get(config.ita.current_year) or (years[0] if years else None)
    return SiteView(config, years, content.pages, current, by_year)
