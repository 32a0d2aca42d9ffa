"""What a person reads first, and how findings are grouped: shared by the text and HTML reports.

Owns the words of a report's summary (readiness, counts, the verdict, what to do next) and the
grouping of findings: one group per rule and severity, in severity order and then the order
of rules.RULES, so a problem met in 36 items is one line ("ยังไม่มีข้อมูล ๓๖ ข้อ: O4–O39")
rather than 36. The grouping knows no rule by name: a new rule gets its groups as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from itagen.commands.check.findings import (
    SEVERITIES,
    Finding,
    Report,
    Rule,
    SubResult,
    readiness_text,
)
from itagen.commands.check.words import code_runs, num, numerals_for, place_text
from itagen.errors import shown
from itagen.thai.messages import N_, _, ngettext

# A group with at most this many findings shows each of them; a larger one shows its items and
# the rule's advice, and the findings themselves with --verbose (or in the HTML report's details).
DETAIL = 3
MAX_PLACES = 12

SEVERITY_HEADINGS = {
    "error": N_("Errors: evaluators will fail these"),
    "warning": N_("Warnings: evaluators may question these"),
    "notice": N_("Notices: things to do"),
}
SEVERITY_WORDS = {"error": N_("(error)"), "warning": N_("(warning)"), "notice": N_("(notice)")}


@dataclass(frozen=True, slots=True)
class Group:
    """The findings of one rule at one severity, with the words to show them."""

    rule_id: str
    severity: str
    title: str
    fix: str | None
    findings: tuple[Finding, ...]
    summary: str  # "๓๖ ข้อ: O4–O39" / "๕ จุด: O3, site.yaml"

    @property
    def detailed(self) -> bool:
        """True when each finding is shown by default."""
        return len(self.findings) <= DETAIL


def _rule(rule_id: str) -> Rule | None:
    from itagen.commands.check.rules import BY_ID

    return BY_ID.get(rule_id)


def _order(rule_id: str) -> int:
    from itagen.commands.check.rules import RULES

    ids = [r.id for r in RULES]
    return ids.index(rule_id) if rule_id in ids else len(ids)


def item_order(report: Report) -> list[str]:
    """The item codes of the year in catalog order."""
    return [i.code for s in report.subindicators for i in s.items]


def make_group(report: Report, rule_id: str, severity: str, found: list[Finding]) -> Group:
    """One group's words: its title, how many, where (item codes in runs, then other files)."""
    numerals = numerals_for(report.numerals)
    rule = _rule(rule_id)
    items = [f.item for f in found if f.item]
    n = len(found)
    places = [code_runs(items, item_order(report))] if items else []
    places += list(dict.fromkeys(shown(f.file) for f in found if not f.item and f.file))
    if len(places) > MAX_PLACES:
        places = places[:MAX_PLACES] + ["…"]
    where = ", ".join(p for p in places if p)
    if len(items) == n and len(set(items)) == n:
        summary = ngettext("{n} item: {where}", "{n} items: {where}", n)
    else:
        summary = ngettext("{n} place: {where}", "{n} places: {where}", n)
    title, fix = (_(rule.title), rule.fix and _(rule.fix)) if rule else (rule_id, None)
    return Group(
        rule_id,
        severity,
        title,
        fix,
        tuple(found),
        summary.format(n=num(n, numerals), where=where).rstrip(": "),
    )


def groups(report: Report, severity: str) -> list[Group]:
    """The groups of one severity, in the order of rules.RULES."""
    by_rule: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.severity == severity:
            by_rule.setdefault(f.rule, []).append(f)
    return [
        make_group(report, rule_id, severity, found)
        for rule_id, found in sorted(by_rule.items(), key=lambda kv: _order(kv[0]))
    ]


def place(report: Report, f: Finding) -> str:
    """Where a finding is, in words: "site.yaml บรรทัดที่ ๓"."""
    return place_text(f.file, f.line, numerals_for(report.numerals))


def readiness_line(report: Report) -> str:
    """ความพร้อม ๕/๔๓ ข้อ (๑๑%) · ยังไม่พร้อม"""
    numerals = numerals_for(report.numerals)
    if report.required:
        figure = _("Readiness {passing}/{required} items ({percent}%)").format(
            passing=num(report.passing, numerals),
            required=num(report.required, numerals),
            percent=num(100 * report.passing // report.required, numerals),
        )
    else:
        figure = _("Readiness cannot be worked out")
    return f"{figure} · {verdict(report)}"


def verdict(report: Report) -> str:
    """พร้อม / ยังไม่พร้อม"""
    return _("ready for the assessment") if report.ok else _("not ready yet")


def counts_line(report: Report) -> str:
    """ข้อผิดพลาด ๔๗ · คำเตือน ๑ · หมายเหตุ ๔๓ (and what --strict does)."""
    numerals = numerals_for(report.numerals)
    c = report.counts
    line = _("errors {errors} · warnings {warnings} · notices {notices}").format(
        errors=num(c["error"], numerals),
        warnings=num(c["warning"], numerals),
        notices=num(c["notice"], numerals),
    )
    if report.strict:
        line += " " + _("(--strict: warnings count as errors)")
    return line


def next_step(report: Report) -> str:
    """What to do next, in one sentence."""
    numerals = numerals_for(report.numerals)
    failing = sum(1 for f in report.findings if report.fails(f))
    if failing:
        return ngettext(
            "Next: fix the {n} problem below that fails the check, then run itagen check again.",
            "Next: fix the {n} problems below that fail the check, then run itagen check again.",
            failing,
        ).format(n=num(failing, numerals))
    if report.counts["warning"]:
        return _("Ready. Read the warnings below, then build the site with itagen build.")
    return _(
        "Ready: build the site with itagen build, then enter its addresses into ITAS "
        "(itagen export itas)."
    )


def sub_line(sub: SubResult, numerals: str) -> tuple[str, str]:
    """(the sub-indicator, its readiness) for the table of sub-indicators."""
    return f"{sub.number} {sub.title}", readiness_text(sub.passing, sub.required, numerals)


def severity_heading(severity: str) -> str:
    """ข้อผิดพลาด: ผู้ประเมินจะให้ไม่ผ่าน"""
    return _(SEVERITY_HEADINGS[severity])


def severity_word(severity: str) -> str:
    """ข้อผิดพลาด / คำเตือน / หมายเหตุ"""
    return _(SEVERITY_WORDS[severity])


def online_line(report: Report) -> str | None:
    """What --online found, in one line (None when it did not run)."""
    o = report.online
    if o is None:
        return None
    numerals = numerals_for(report.numerals)
    return _(
        "Online: {checked} addresses checked in {seconds} seconds: {ok} answered, {dead} "
        "gone, {unreachable} did not answer"
    ).format(
        checked=num(o.checked, numerals),
        seconds=num(f"{o.seconds:.1f}", numerals),
        ok=num(o.ok, numerals),
        dead=num(o.dead, numerals),
        unreachable=num(o.unreachable, numerals),
    )


def silenced_line(report: Report) -> str | None:
    """Which rules site.yaml silenced (None when none)."""
    if not report.silenced:
        return None
    return _("Not checked, as site.yaml asks (ita.silence): {rules}").format(
        rules=", ".join(report.silenced)
    )


__all__ = ["SEVERITIES", "Group", "groups", "next_step", "readiness_line"]
