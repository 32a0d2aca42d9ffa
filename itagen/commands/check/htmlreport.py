"""The HTML report: one standalone page that opens offline, for the webmaster and their boss.

Owns `--format html`. Everything is inline (styles, no scripts, no fonts or
images fetched), so the file can be e-mailed or opened from a USB stick. It is
written where --out says, never into the site's build/: the report is about
the site, not part of it.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from itagen import __version__
from itagen.commands.check.findings import Report, groups, readiness_text


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, auto_reload=False, trim_blocks=True, lstrip_blocks=True)


def html(reports: list[Report]) -> str:
    """Return the reports as one standalone HTML page."""
    from itagen.commands.check.rules import RULES

    seen = {f.rule for r in reports for f in r.findings}
    title = reports[0].agency or reports[0].site.name if len(reports) == 1 else f"{len(reports)} sites"
    return _environment().get_template("report.html").render(
        reports=reports, title=title, generator=f"itagen {__version__}",
        any_strict=any(r.strict for r in reports), used=[r for r in RULES if r.id in seen],
        readiness=readiness_text, groups=groups, subs=lambda r: {s.number: s for s in r.subindicators})
