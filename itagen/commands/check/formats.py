"""How a check report is written: text for a terminal, JSON for programs, GitHub annotations, HTML.

Owns the four outputs of `itagen check --format`. Text groups findings by
sub-indicator with a readiness figure for each and overall, and uses colour only
when asked (the CLI asks when writing to a terminal and NO_COLOR is unset). JSON
follows report.schema.json next to this module; its shape only grows. GitHub
annotations are workflow commands, one per finding, with paths from the
current folder so they land on the right lines of a pull request. The HTML
report is in htmlreport.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from itagen import __version__
from itagen.commands.check.findings import Finding, Report, groups, readiness_text

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")
_COLOURS = {"error": "31", "warning": "33", "notice": "36", "ok": "32", "bold": "1", "dim": "2"}


def render(reports: list[Report], fmt: str, color: bool = False) -> str:
    """Return the reports written in `fmt`: text, json, html or github."""
    if fmt == "text":
        return text(reports, color)
    if fmt == "json":
        return json.dumps(to_json(reports), ensure_ascii=False, indent=1) + "\n"
    if fmt == "github":
        return github(reports)
    if fmt == "html":
        from itagen.commands.check.htmlreport import html
        return html(reports)
    raise ValueError(f"unknown format {fmt!r}; use text, json, html or github")


# -- text -----------------------------------------------------------------------------------

def _paint(color: bool):
    def paint(s: str, what: str) -> str:
        return f"\x1b[{_COLOURS[what]}m{s}\x1b[0m" if color else s
    return paint


def _finding_lines(f: Finding, paint) -> list[str]:
    where = f"{f.location()}: " if f.file else ""
    lines = [f"  {where}{paint(f.severity, f.severity)} {f.rule}: {f.message}"]
    if f.hint:
        lines.append(paint(f"      hint: {f.hint}", "dim"))
    return lines


def text_one(report: Report, color: bool = False) -> str:
    """Return one site's report as text."""
    paint = _paint(color)
    name = report.agency or report.site.name
    year = f" · ITA {report.year}" if report.year else ""
    lines = [paint(f"itagen check · {name}{year} · {report.site}", "bold")]
    for heading, ready, found in groups(report):
        if heading == "site" and not found:
            continue
        lines.append("")
        figure = f"  {paint(ready, 'ok' if not any(report.fails(f) for f in found) else 'error')}" if ready else ""
        lines.append(paint(heading, "bold") + figure)
        for f in found:
            lines += _finding_lines(f, paint)
    if report.online:
        o = report.online
        lines += ["", (f"online: {o.checked} URLs checked in {o.seconds:.1f} s: {o.ok} ok, {o.dead} dead, "
                       f"{o.unreachable} unreachable")]
    if report.silenced:
        lines.append(f"silenced by site.yaml (ita.silence): {', '.join(report.silenced)}")
    lines += ["", _totals(report, paint)]
    return "\n".join(lines) + "\n"


def _totals(report: Report, paint) -> str:
    c = report.counts
    verdict = paint("ready", "ok") if report.ok else paint("not ready", "error")
    strict = " (--strict: warnings count as errors)" if report.strict else ""
    return (f"readiness {readiness_text(report.passing, report.required)} · {c['error']} errors · "
            f"{c['warning']} warnings · {c['notice']} notices · {verdict}{strict}")


def summary_table(reports: list[Report]) -> str:
    """Return the table printed after several sites: site, readiness, errors, warnings."""
    rows = [(str(r.site.name), readiness_text(r.passing, r.required), str(r.counts["error"]),
             str(r.counts["warning"])) for r in reports]
    head = ("site", "readiness", "errors", "warnings")
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(4)]
    def row_text(row: tuple[str, ...]) -> str:
        return (f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  "
                f"{row[3]:>{widths[3]}}").rstrip()

    lines = [row_text(head)] + [row_text(row) for row in rows]
    ready = sum(1 for r in reports if r.ok)
    lines.append(f"{ready} of {len(reports)} sites ready")
    return "\n".join(lines) + "\n"


def text(reports: list[Report], color: bool = False) -> str:
    """Return every site's report, then a summary table when there are several."""
    out = "\n".join(text_one(r, color) for r in reports)
    if len(reports) > 1:
        out += "\n" + summary_table(reports)
    return out


# -- JSON -----------------------------------------------------------------------------------

def _finding_json(f: Finding) -> dict:
    return {"rule": f.rule, "severity": f.severity, "message": f.message, "file": f.file, "line": f.line,
            "item": f.item, "hint": f.hint}


def report_json(report: Report) -> dict:
    """Return one site's report as the JSON object the schema describes."""
    return {
        "site": str(report.site),
        "agency": report.agency,
        "year": report.year,
        "ok": report.ok,
        "strict": report.strict,
        "readiness": {"passing": report.passing, "required": report.required},
        "counts": dict(report.counts),
        "subindicators": [
            {"number": s.number, "title": s.title, "passing": s.passing, "required": s.required,
             "items": [{"code": i.code, "title": i.title, "status": i.status, "file": i.file} for i in s.items]}
            for s in report.subindicators],
        "findings": [_finding_json(f) for f in report.findings],
        "silenced": list(report.silenced),
        "online": None if report.online is None else {
            "checked": report.online.checked, "ok": report.online.ok, "dead": report.online.dead,
            "unreachable": report.online.unreachable, "seconds": report.online.seconds},
    }


def to_json(reports: list[Report]) -> dict:
    """Return the whole JSON document: every site, and the rules that can appear."""
    from itagen.commands.check.rules import RULES

    return {
        "schema_version": 1,
        "generator": f"itagen {__version__}",
        "ok": all(r.ok for r in reports),
        "sites": [report_json(r) for r in reports],
        "rules": [{"id": r.id, "severity": r.severity, "group": r.group, "th": r.th, "en": r.en} for r in RULES],
    }


# -- GitHub workflow annotations -----------------------------------------------------------------

def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _annotation_path(report: Report, file: str) -> str:
    path = report.site / file
    try:
        return os.path.relpath(path, Path.cwd()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return path.as_posix()


def github(reports: list[Report]) -> str:
    """Return ::error/::warning/::notice workflow commands, one per finding, and a summary line each."""
    lines = []
    for report in reports:
        for f in report.findings:
            level = "error" if report.fails(f) else f.severity
            props = []
            if f.file:
                props.append(f"file={_escape_property(_annotation_path(report, f.file))}")
                if f.line:
                    props.append(f"line={f.line}")
            props.append(f"title={_escape_property(f'itagen {f.rule}' + (f' {f.item}' if f.item else ''))}")
            message = f.message + (f" (hint: {f.hint})" if f.hint else "")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
        name = report.agency or report.site.name
        lines.append(f"{name}: {_totals(report, _paint(False))}")
    return "\n".join(lines) + "\n"
