"""itagen check: an ITA readiness audit that says exactly what evaluators will fail, and where.

The library API: `run_check(site_dir, year=None, online=False) -> Report` and
`run_checks(sites, …)`. It loads a site with the build's own stages (load_config
→ load_content → build_site, the same model every page is rendered from), keeps
every problem the loaders collect instead of stopping at the first, runs the
rules of `rules.RULES` in order, and adds up the readiness per sub-indicator.
Nothing is written; report formats live in `formats`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from itagen.commands.check.findings import Finding, ItemResult, OnlineSummary, Report, SubResult

if TYPE_CHECKING:
    from itagen.site.workspace import Workspace

__all__ = ["Finding", "Report", "run_check", "run_checks"]


TODAY_ENV = "ITAGEN_TODAY"


def default_today() -> dt.date:
    """Return the day a check is made as of: ITAGEN_TODAY (an ISO date) when set, else today.

    Checking as of another day shows what evaluators will see then (months due, the open round),
    and makes a check in CI repeatable.
    """
    import os

    value = os.environ.get(TODAY_ENV, "").strip()
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            from itagen.errors import ItagenError
            from itagen.thai.messages import _

            raise ItagenError(
                _("{name}={value} is not a date such as 2026-12-05").format(
                    name=TODAY_ENV, value=value
                )
            ) from None
    return dt.date.today()


def run_check(
    site_dir: Path | str = ".",
    year: int | None = None,
    online: bool = False,
    *,
    strict: bool = False,
    today: dt.date | None = None,
    timeout: float = 10.0,
    concurrency: int = 8,
    workspace: Workspace | None = None,
) -> Report:
    """Check one site for one year (default: site.yaml's current_year) and return the Report."""
    from itagen.commands.check.context import site_check
    from itagen.commands.check.links import url_problem
    from itagen.commands.check.online import check_home, check_urls
    from itagen.commands.check.rules import BY_ID, RULES

    site = site_check(Path(site_dir), year, today or default_today(), workspace)
    summary = None
    if online and site.items:
        urls = [u for item in site.present() for u, _ in item.web_urls() if not url_problem(u)]
        site.urls, seconds = check_urls(urls, timeout, concurrency)
        states = list(site.urls.values())
        summary = OnlineSummary(
            len(states),
            sum(s.ok for s in states),
            sum(s.dead for s in states),
            sum(not s.ok and not s.dead for s in states),
            round(seconds, 2),
        )
        home, section = site.config.agency.website, site.config.base_url
        if home and section:  # evaluators start at the agency's own site
            site.home = check_home(home, section, timeout)
    findings = [
        Finding(rule.id, rule.severity, hit.message, hit.file, hit.line, hit.item, hit.hint)
        for rule in RULES
        for hit in rule.check(site)
    ]
    # A site may silence warnings and notices it has judged (site.yaml ita.silence); never errors,
    # which evaluators fail whatever the site thinks of them.
    asked = set(site.config.ita.silence) if site.config is not None else set()
    silenced = tuple(r for r in asked if r in BY_ID and BY_ID[r].severity != "error")
    findings = [f for f in findings if f.rule not in silenced]
    order = {item.code: n for n, item in enumerate(site.items)}
    rule_order = {rule.id: n for n, rule in enumerate(RULES)}
    findings.sort(
        key=lambda f: (order.get(f.item, -1), rule_order[f.rule], f.file or "", f.line or 0)
    )
    report = Report(
        site.root,
        site.config.agency.name if site.config else None,
        site.year,
        tuple(findings),
        strict=strict,
        silenced=tuple(sorted(silenced)),
        online=summary,
        numerals=site.config.numerals if site.config else "thai",
    )
    return dataclasses.replace(report, subindicators=_results(site, report))


def run_checks(
    targets: list[Path], year: int | None = None, online: bool = False, **options
) -> list[Report]:
    """Check several sites (a workspace stands for its sites) in order; a broken one stops no other.
    """
    from itagen.site.workspace import is_workspace, load_workspace

    reports = []
    for target in targets:
        if is_workspace(target):
            workspace = load_workspace(target)
            reports += [
                run_check(s, year, online, workspace=workspace, **options) for s in workspace.sites
            ]
        else:
            reports.append(run_check(target, year, online, **options))
    return reports


def _results(site, report: Report) -> tuple[SubResult, ...]:
    failing = {f.item for f in report.findings if f.item and report.fails(f)}
    by_sub: dict[str, list[ItemResult]] = {}
    for item in site.items:
        status = "missing" if not item.exists else "fail" if item.code in failing else "pass"
        title = (
            item.content.title
            if item.content is not None and item.content.title
            else item.spec.title
        )
        by_sub.setdefault(item.spec.subindicator, []).append(
            ItemResult(item.code, title, status, item.src if item.exists else None)
        )
    if site.catalog is None:
        return ()
    return tuple(
        SubResult(n, sub.title, tuple(by_sub.get(n, ())))
        for n, sub in site.catalog.subindicators.items()
    )
