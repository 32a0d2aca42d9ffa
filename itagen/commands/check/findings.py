"""The check's vocabulary: a rule, a finding, and the report they add up to.

Owns what a report *is*, independent of how it is printed: the findings with
their rule id, severity, file, line and item, each catalog item's verdict, and
the readiness figures (items passing / items required) per sub-indicator and
overall. An item passes when no finding against it fails the check: errors
always fail; warnings fail too under --strict; notices never do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from itagen.errors import shown
from itagen.thai.dates import digits

SEVERITIES = ("error", "warning", "notice")


@dataclass(frozen=True, slots=True)
class Rule:
    """One named check: its stable id, severity, group, and what it means, in words for people.

    `title`, `text` and `fix` are English source strings marked with N_(); the report shows them
    through _() (Thai by default) and docs/check.md is generated from them (ruledocs.py), so the
    report and the documentation say the same thing.
    """

    id: str
    severity: str
    group: str  # site | coverage | periods | integrity | catalog | thai
    check: Callable[..., Any]  # check(site: SiteCheck) yields Hit
    title: str  # a few words naming the problem: "No data yet"
    text: str  # what the rule means and why evaluators care
    fix: str | None = None  # what to do, for every finding of the rule at once


class Hit(NamedTuple):
    """What a rule function reports; the runner adds the rule's id and severity."""

    message: str
    line: int | None = None
    hint: str | None = None
    file: str | None = None
    item: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing an evaluator would fail (error), may question (warning), or a to-do (notice)."""

    rule: str
    severity: str
    message: str
    file: str | None = None  # relative to the site folder
    line: int | None = None
    item: str | None = None  # O1 … O43, when the finding is about an item
    hint: str | None = None

    def location(self) -> str:
        """Return "file:line", the file alone, or ""."""
        if self.file is None:
            return ""
        return f"{shown(self.file)}:{self.line}" if self.line else shown(self.file)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """The verdict on one catalog item."""

    code: str
    title: str
    status: str  # pass | fail | missing
    file: str | None  # the item's file, None when missing


@dataclass(frozen=True, slots=True)
class SubResult:
    """A sub-indicator's items and how many of them pass."""

    number: str
    title: str
    items: tuple[ItemResult, ...]

    @property
    def passing(self) -> int:
        """Items of the sub-indicator that pass."""
        return sum(1 for i in self.items if i.status == "pass")

    @property
    def required(self) -> int:
        """Items the catalog requires in the sub-indicator."""
        return len(self.items)


@dataclass(frozen=True, slots=True)
class OnlineSummary:
    """What --online found: how many external URLs answered, and how long it took."""

    checked: int
    ok: int
    dead: int
    unreachable: int
    seconds: float


@dataclass(frozen=True, slots=True)
class Report:
    """The result of checking one site for one assessment year."""

    site: Path
    agency: str | None
    year: int | None
    findings: tuple[Finding, ...]
    subindicators: tuple[SubResult, ...] = ()
    strict: bool = False
    silenced: tuple[str, ...] = ()
    online: OnlineSummary | None = None
    numerals: str = "thai"  # site.yaml numerals: how the report writes numbers and dates
    counts: dict[str, int] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        counts = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            counts[f.severity] += 1
        object.__setattr__(self, "counts", counts)

    def fails(self, finding: Finding) -> bool:
        """True when the finding fails the check (an error; a warning too under --strict)."""
        return finding.severity == "error" or (self.strict and finding.severity == "warning")

    @property
    def passing(self) -> int:
        """Items that pass, over all sub-indicators."""
        return sum(s.passing for s in self.subindicators)

    @property
    def required(self) -> int:
        """Items the year's catalog requires."""
        return sum(s.required for s in self.subindicators)

    @property
    def ok(self) -> bool:
        """True when nothing fails: exit status 0."""
        return not any(self.fails(f) for f in self.findings)


def readiness_text(passing: int, required: int, numerals: str = "arabic") -> str:
    """Return "41/43 (95%)" in the numerals (๔๑/๔๓ (๙๕%)); "–" when nothing is required."""
    if not required:
        return "–"
    return digits(f"{passing}/{required} ({100 * passing // required}%)", numerals)
