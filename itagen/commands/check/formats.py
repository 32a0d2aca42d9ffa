"""How a check report is written: text for a terminal, JSON for programs, GitHub annotations, HTML.

Owns the choice among the four outputs of `itagen check --format`, and two of them. JSON
follows report.schema.json next to this module; its keys and rule ids never change with the
language, only the messages do; its shape only grows. GitHub annotations are workflow commands,
one per finding, with paths from the current folder so they land on the right lines of a pull
request. The text report is in textreport.py, the HTML report in htmlreport.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from itagen import __version__
from itagen.commands.check import layout
from itagen.commands.check.findings import Finding, Report
from itagen.thai.messages import _, translation

SCHEMA_PATH = Path(__file__).with_name("report.schema.json")


def render(reports: list[Report], fmt: str, color: bool = False, verbose: bool = False) -> str:
    """Return the reports written in `fmt`: text, json, html or github (verbose: every notice)."""
    if fmt == "text":
        from itagen.commands.check.textreport import text

        return text(reports, color, verbose)
    if fmt == "json":
        return json.dumps(to_json(reports), ensure_ascii=False, indent=1) + "\n"
    if fmt == "github":
        return github(reports)
    if fmt == "html":
        from itagen.commands.check.htmlreport import html

        return html(reports, verbose)
    raise ValueError(f"unknown format {fmt!r}; use text, json, html or github")


# -- JSON -----------------------------------------------------------------------------------


def _finding_json(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "severity": f.severity,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "item": f.item,
        "hint": f.hint,
    }


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
            {
                "number": s.number,
                "title": s.title,
                "passing": s.passing,
                "required": s.required,
                "items": [
                    {"code": i.code, "title": i.title, "status": i.status, "file": i.file}
                    for i in s.items
                ],
            }
            for s in report.subindicators
        ],
        "findings": [_finding_json(f) for f in report.findings],
        "silenced": list(report.silenced),
        "online": None
        if report.online is None
        else {
            "checked": report.online.checked,
            "ok": report.online.ok,
            "dead": report.online.dead,
            "unreachable": report.online.unreachable,
            "seconds": report.online.seconds,
        },
    }


def to_json(reports: list[Report]) -> dict:
    """Return the whole JSON document: every site, and the rules that can appear."""
    from itagen.commands.check.rules import RULES

    return {
        "schema_version": 1,
        "generator": f"itagen {__version__}",
        "ok": all(r.ok for r in reports),
        "sites": [report_json(r) for r in reports],
        "rules": [
            {
                "id": r.id,
                "severity": r.severity,
                "group": r.group,
                "th": translation("th").gettext(r.text),
                "en": r.text,
            }
            for r in RULES
        ],
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
    """Return ::error/::warning/::notice workflow commands,
    one per finding, and a summary line each.
    """
    lines = []
    for report in reports:
        for f in report.findings:
            level = "error" if report.fails(f) else f.severity
            props = []
            if f.file:
                props.append(f"file={_escape_property(_annotation_path(report, f.file))}")
                if f.line:
                    props.append(f"line={f.line}")
            props.append(
                f"title={_escape_property(f'itagen {f.rule}' + (f' {f.item}' if f.item else ''))}"
            )
            message = f.message
            if f.hint:
                message += " " + _("(what to do: {advice})").format(advice=f.hint)
            lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
        name = report.agency or report.site.name
        lines.append(f"{name}: {layout.readiness_line(report)} · {layout.counts_line(report)}")
    return "\n".join(lines) + "\n"
