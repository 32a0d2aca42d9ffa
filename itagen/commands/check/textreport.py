"""The text report of `itagen check`: what a webmaster reads in a terminal, summary first.

Owns `--format text`: the site and year, the readiness with the verdict and what to do next,
the readiness of each sub-indicator, then one block per kind of problem (layout.groups), errors
before warnings; notices only with --verbose. Colour only when asked (the CLI asks on a
terminal when NO_COLOR is unset). Several sites end with a table of their readiness.
"""

from __future__ import annotations

import unicodedata

from itagen.commands.check import layout
from itagen.commands.check.findings import Report, readiness_text
from itagen.commands.check.words import num, numerals_for
from itagen.thai.messages import _, ngettext

_COLOURS = {"error": "31", "warning": "33", "notice": "36", "ok": "32", "bold": "1", "dim": "2"}


def _paint(color: bool):
    def paint(s: str, what: str) -> str:
        return f"\x1b[{_COLOURS[what]}m{s}\x1b[0m" if color else s

    return paint


def width(s: str) -> int:
    """The columns a text takes in a terminal: Thai vowel and tone marks take none."""
    return sum(1 for c in s if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def _pad(s: str, columns: int) -> str:
    return s + " " * max(0, columns - width(s))


def _group_lines(report: Report, group: layout.Group, verbose: bool, paint) -> list[str]:
    head = group.title if len(group.findings) == 1 else f"{group.title} {group.summary}"
    lines = [paint("• ", group.severity) + head]
    if group.detailed or verbose:
        hints = {f.hint for f in group.findings}
        shared = hints.pop() if len(hints) == 1 and len(group.findings) > 1 else None
        for f in group.findings:
            where = layout.place(report, f)
            lines.append(f"  {where}: {f.message}" if where else f"  {f.message}")
            if f.hint and not shared:
                lines.append(paint("    " + _("what to do: {advice}").format(advice=f.hint), "dim"))
        if shared:
            lines.append(paint("  " + _("what to do: {advice}").format(advice=shared), "dim"))
    elif group.fix:
        lines.append(paint("  " + _("what to do: {advice}").format(advice=group.fix), "dim"))
    return lines


def text_one(report: Report, color: bool = False, verbose: bool = False) -> str:
    """Return one site's report as text."""
    paint = _paint(color)
    numerals = numerals_for(report.numerals)
    name = report.agency or report.site.name
    year = _("ITA {year}").format(year=num(report.year, numerals)) if report.year else "ITA"
    lines = [paint(f"itagen check · {name} · {year}", "bold"), str(report.site), ""]
    lines.append(paint(layout.readiness_line(report), "bold"))
    lines.append(layout.counts_line(report))
    lines.append(paint(layout.next_step(report), "ok" if report.ok else "error"))
    lines += [x for x in (layout.online_line(report), layout.silenced_line(report)) if x]
    if report.subindicators:
        rows = [layout.sub_line(s, numerals) for s in report.subindicators]
        columns = max(width(r[0]) for r in rows)
        lines += ["", paint(_("Readiness of each sub-indicator"), "bold")]
        lines += [f"  {_pad(label, columns)}  {figure}" for label, figure in rows]
    shown = layout.SEVERITIES if verbose else ("error", "warning")
    collapsed = False
    for severity in shown:
        found = layout.groups(report, severity)
        if not found:
            continue
        lines += ["", paint(layout.severity_heading(severity), severity)]
        for group in found:
            lines += _group_lines(report, group, verbose, paint)
            collapsed |= not group.detailed
    hidden = report.counts["notice"] if not verbose else 0
    if hidden or (collapsed and not verbose):
        lines.append("")
        if hidden:
            lines.append(
                ngettext("{n} notice not shown.", "{n} notices not shown.", hidden).format(
                    n=num(hidden, numerals)
                )
            )
        lines.append(_("Every finding with its file and line: itagen check --verbose"))
    return "\n".join(lines) + "\n"


def summary_table(reports: list[Report]) -> str:
    """Return the table printed after several sites: site, readiness, errors, warnings."""
    head = (_("Sites checked"), _("Items ready"), _("Errors found"), _("Warnings found"))
    rows = []
    for r in reports:
        numerals = numerals_for(r.numerals)
        rows.append(
            (
                r.site.name,
                readiness_text(r.passing, r.required, numerals),
                num(r.counts["error"], numerals),
                num(r.counts["warning"], numerals),
            )
        )
    widths = [max(width(row[i]) for row in [head, *rows]) for i in range(4)]

    def row_text(row: tuple[str, ...]) -> str:
        return "  ".join(
            [
                _pad(row[0], widths[0]),
                _pad(row[1], widths[1]),
                " " * (widths[2] - width(row[2])) + row[2],
                " " * (widths[3] - width(row[3])) + row[3],
            ]
        ).rstrip()

    ready = sum(1 for r in reports if r.ok)
    numerals = numerals_for(reports[0].numerals)
    lines = [row_text(head)] + [row_text(row) for row in rows]
    lines.append(
        _("{ready} of {total} sites ready").format(
            ready=num(ready, numerals), total=num(len(reports), numerals)
        )
    )
    return "\n".join(lines) + "\n"


def text(reports: list[Report], color: bool = False, verbose: bool = False) -> str:
    """Return every site's report, then a summary table when there are several."""
    out = "\n".join(text_one(r, color, verbose) for r in reports)
    if len(reports) > 1:
        out += "\n" + summary_table(reports)
    return out
