"""The catalog's item-level rules: what particular items of the catalog ask beyond coverage.

A live channel (O8, O18, O28) must link to the channel itself, a catalog's `merges:` must name
items that exist, a "nothing to report" statement must say its period, and an item must not
need more addresses than ITAS takes. qualityrules.py registers them in rules.RULES with
their ids and words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from itagen.errors import ItagenError
from itagen.thai.dates import arabic_digits
from itagen.thai.messages import _
from itagen.commands.check.context import SiteCheck
from itagen.commands.check.findings import Hit
from itagen.commands.check.periods import months_named, window
from itagen.commands.check.words import num


def live_link_missing(site: SiteCheck) -> Iterator[Hit]:
    """A live-channel item (O8, O18, O28) without a link to the channel itself."""
    for item in site.present():
        if item.spec.live_link and not item.web_urls():
            message = _(
                "{code} must link to the working channel itself (an https:// "
                "address), not only describe it"
            )
            yield item.hit(
                message.format(code=item.code),
                item.anchor(),
                _(
                    "add a document with 'url:' pointing to the live page (web board, "
                    "e-service, form)"
                ),
            )


def merges_unknown(site: SiteCheck) -> Iterator[Hit]:
    """A catalog's merges: names a key no earlier year's catalog has.

    Probably a typo: migrate would then call the old item dropped instead of merged.
    """
    from itagen.catalog.load import builtin_years, load_catalog

    if site.catalog is None or site.config is None:
        return
    merged = [(item, key) for item in site.catalog.items for key in item.merges]
    if not merged:
        return
    root = site.config.root
    own = {int(p.stem) for p in (root / "catalogs").glob("*.yaml") if p.stem.isdigit()}
    years = set(builtin_years()) | own
    known: set[str] = set()
    for year in sorted(y for y in years if y < site.catalog.year):
        try:
            known |= {item.key for item in load_catalog(year, root).items}
        except ItagenError:
            continue  # a broken catalog of another year is that year's problem
    path = Path(site.catalog.path)
    inside = path.is_absolute() and path.is_relative_to(root)
    shown = path.relative_to(root).as_posix() if inside else site.catalog.path
    for item, key in merged:
        if key not in known:
            yield Hit(
                _("{code} merges '{key}', which no earlier year's catalog has").format(
                    code=item.code, key=key
                ),
                None,
                _(
                    "merges: lists keys of earlier years' items (itagen catalog YEAR shows them); "
                    "check the spelling"
                ),
                shown,
                item.code,
            )


def nothing_statement(site: SiteCheck) -> Iterator[Hit]:
    """A "nothing to report" statement that does not say which period it covers."""
    for item in site.present():
        if not item.relies_on_nothing():
            continue
        span = window(item.spec, item.content.year)
        body = arabic_digits(item.content.body)
        years = {str(item.content.year), str(item.content.year - 1)}
        if span is not None and not months_named(body) and not any(y in body for y in years):
            # The example is what to write on the page, so it is Thai whatever language is spoken.
            example = f"{item.spec.nothing_statement} {site.catalog.period_text(item.spec)}".strip()
            yield item.hit(
                _("{code} states '{statement}' but not for which period").format(
                    code=item.code, statement=item.spec.nothing_statement
                ),
                item.content.body_line,
                _("say the period, e.g. '{example}', and attach the signed statement").format(
                    example=num(example, site.numerals)
                ),
            )


def itas_url_limit(site: SiteCheck) -> Iterator[Hit]:
    """More URLs (item page + documents) than ITAS takes for one item."""
    for item in site.present():
        count = 1 + len(item.documents)
        if count > site.max_urls:
            message = _(
                "{code} has {count} addresses (its page and {documents} documents); "
                "ITAS takes at most {most}"
            )
            yield item.hit(
                message.format(
                    code=item.code,
                    count=num(count, site.numerals),
                    documents=num(len(item.documents), site.numerals),
                    most=num(site.max_urls, site.numerals),
                ),
                item.line("documents"),
                _(
                    "enter the item page and the most important documents; evaluators reach the "
                    "rest from the page (or merge documents)"
                ),
            )
