"""The assessment round: is the site's current_year the round that is open on the day of the check?

ITA year Y is assessed during fiscal year Y (1 October Y-1 to 30 September Y, Buddhist Era), so
on 5 December 2569 (CE 2026) the open round is 2570 and a site still showing 2566 is behind.
"""

from __future__ import annotations

from collections.abc import Iterator

from itagen.commands.check.context import SiteCheck
from itagen.commands.check.findings import Hit
from itagen.commands.check.words import num
from itagen.thai.dates import fiscal_year
from itagen.thai.messages import N_, _

ROUND_BEHIND = N_(
    "ITA {open} is the round open now (fiscal year {open} began on 1 October), "
    "but site.yaml says current_year: {current}"
)
ROUND_MIGRATE = N_(
    "start {open} from {current}: itagen migrate --from {current} --to {open}, "
    "then set ita.current_year: {open}"
)
ROUND_IMPORT = N_(
    "itagen has no catalog for {open} yet: import the NACC criteria table with "
    "itagen catalog import TABLE.xlsx --year {open} (or copy the last year with "
    "itagen catalog new {open} --from {current}), then itagen migrate "
    "--from {current} --to {open}"
)


def round_behind(site: SiteCheck) -> Iterator[Hit]:
    """The site's current_year is behind the fiscal year of `today`: a later round is open."""
    from itagen.catalog.load import known_years
    from itagen.site.yamlio import line_of

    if site.config is None:
        return
    current, open_year = site.config.ita.current_year, fiscal_year(site.today)
    if current >= open_year:
        return
    hint = ROUND_MIGRATE if open_year in known_years(site.config.root) else ROUND_IMPORT
    # The year in the message follows numerals; in the commands it stays as typed.
    message = _(ROUND_BEHIND).format(
        open=num(open_year, site.numerals), current=num(current, site.numerals)
    )
    yield Hit(
        message,
        line_of(site.config_text, ("ita", "current_year")) if site.config_text else None,
        _(hint).format(open=open_year, current=current),
        "site.yaml",
    )
