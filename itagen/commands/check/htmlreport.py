"""The HTML report: one standalone page that opens offline, for the webmaster and their boss.

Owns `--format html`. Everything is inline (styles, no scripts, no fonts or images fetched), so
the file can be e-mailed or opened from a USB stick, and it reads on a phone: one column that
fits 360 px, no tables of findings. It follows the text report (layout.py): the summary first,
then one block per kind of problem; the findings of a large group and the notices sit in
closed <details> (open with --verbose), so every finding is in the page. It is written where
--out says, never into the site's build/: the report is about the site, not part of it.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from itagen import __version__
from itagen.errors import shown
from itagen.commands.check import layout
from itagen.commands.check.findings import Report, readiness_text
from itagen.commands.check.words import num, numerals_for
from itagen.thai.messages import _, language, ngettext


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        _=_,
        ngettext=ngettext,
        layout=layout,
        readiness=readiness_text,
        num=num,
        shown=shown,
        numerals=lambda r: numerals_for(r.numerals),
    )
    return env


def html(reports: list[Report], verbose: bool = False) -> str:
    """Return the reports as one standalone HTML page."""
    from itagen.commands.check.rules import RULES

    seen = {f.rule for r in reports for f in r.findings}
    if len(reports) == 1:
        title = reports[0].agency or reports[0].site.name
    else:
        numerals = numerals_for(reports[0].numerals)
        title = _("{n} sites checked").format(n=num(len(reports), numerals))
    return (
        _environment()
        .get_template("report.html")
        .render(
            reports=reports,
            title=title,
            generator=f"itagen {__version__}",
            verbose=verbose,
            lang=language(),
            used=[r for r in RULES if r.id in seen],
            statuses={
                "pass": ("✓", _("item passes")),
                "fail": ("✗", _("item fails")),
                "missing": ("∅", _("item has no file")),
            },
        )
    )
