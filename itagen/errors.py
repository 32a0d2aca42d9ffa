"""Problems and errors: what went wrong, in which file and line, and what to do.

Every stage reports bad input as a `Problem`; a stage that cannot go on raises an
`ItagenError` carrying all the problems it found, so the webmaster fixes them in
one pass. The CLI prints them like a compiler and exits 1; nothing here ever
reaches the user as a traceback.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from itagen.thai.messages import N_, _

# The printed label of each severity (the severity itself stays an English key for JSON).
LABELS = {"error": N_("error"), "warning": N_("warning"), "notice": N_("notice")}

# The separator a person's own system writes paths with. A problem keeps its path with "/"
# (GitHub annotations, JSON reports and the cache need one spelling); it is shown with this, so
# a Windows webmaster reads content\2566\9.1\O1.md, as Explorer and the console write it.
SEP = os.sep


def shown(path: str) -> str:
    """Return a path kept with "/" as this system writes paths (backslashes on Windows)."""
    return path.replace("/", SEP) if SEP != "/" else path


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: an error stops the build, a warning does not."""

    message: str
    path: str | None = None
    line: int | None = None
    hint: str | None = None
    severity: str = "error"
    rule: str | None = None

    @property
    def is_error(self) -> bool:
        """True when this problem stops a build."""
        return self.severity == "error"

    def location(self) -> str:
        """Return "file:line" (or just the file) as shown to a person (see `shown`)."""
        if self.path is None:
            return ""
        return f"{shown(self.path)}:{self.line}" if self.line else shown(self.path)

    def __str__(self) -> str:
        where = self.location()
        label = _(LABELS.get(self.severity, self.severity))
        head = f"{where}: {label}: {self.message}" if where else f"{label}: {self.message}"
        hint = _("hint")
        return f"{head}\n  {hint}: {self.hint}" if self.hint else head


class ItagenError(Exception):
    """Bad input that stops the work; carries every problem found, never a traceback."""

    def __init__(self, problems: list[Problem] | Problem | str, path: str | Path | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems, str(path) if path is not None else None, line, hint)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Picklable across worker processes (itagen build -j N).
        return (type(self), (self.problems,))


@dataclass(slots=True)
class Problems:
    """A collector: stages add problems as they go and raise once at the end."""

    items: list[Problem] = field(default_factory=list)

    def error(self, message: str, path: str | None = None, line: int | None = None,
              hint: str | None = None, rule: str | None = None) -> None:
        """Record an error."""
        self.items.append(Problem(message, path, line, hint, "error", rule))

    def warn(self, message: str, path: str | None = None, line: int | None = None,
             hint: str | None = None, rule: str | None = None) -> None:
        """Record a warning."""
        self.items.append(Problem(message, path, line, hint, "warning", rule))

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found elsewhere (for example by a nested loader)."""
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop a build."""
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that do not stop a build."""
        return [p for p in self.items if not p.is_error]

    def raise_if_errors(self) -> None:
        """Raise an ItagenError with every problem so far when any is an error."""
        if self.errors:
            raise ItagenError(self.items)
