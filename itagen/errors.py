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


SHOWN = 80  # at most this many characters of a value quoted in a message


def shorten(value: object, limit: int = SHOWN) -> str:
    """Return `value` as text for a message, cut to `limit` characters with an ellipsis.

    Anything from a file may be huge (a 10 MB line, a value built from YAML aliases), and a
    message quotes it only to say which one: a bounded message stays readable and cheap.
    Lists and mappings are cut while being written, so a deeply shared one is never written whole.
    """
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple, dict)):
        text = _bounded_repr(value, limit + 1)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Raw(str):
    """Text written as it is by _bounded_repr (brackets, separators, keys already written)."""


def _bounded_repr(value: object, budget: int) -> str:
    """repr() of nested lists, tuples and dicts that stops after about `budget` characters."""
    out: list[str] = []
    size = 0
    stack: list[object] = [value]
    while stack and size < budget:
        part = stack.pop()
        if isinstance(part, _Raw):
            piece = str(part)
        elif isinstance(part, (list, tuple, dict)):
            opening, close = {list: "[]", tuple: "()", dict: "{}"}.get(type(part), "[]")
            pairs = part.items() if isinstance(part, dict) else enumerate(part)
            items: list[object] = []
            for n, (key, item) in enumerate(pairs):
                items += [_Raw(", ")] if n else []
                items += [_Raw(repr(key)[:budget] + ": ")] if isinstance(part, dict) else []
                items.append(item)
                if n * 2 > budget:  # the rest would not be shown
                    break
            stack += reversed([*items, _Raw(close)])
            piece = opening
        else:
            piece = repr(part)[:budget]
        out.append(piece)
        size += len(piece)
    return "".join(out)


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

    def __init__(
        self,
        problems: list[Problem] | Problem | str,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
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

    def error(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        rule: str | None = None,
    ) -> None:
        """Record an error."""
        self.items.append(Problem(message, path, line, hint, "error", rule))

    def warn(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
        rule: str | None = None,
    ) -> None:
        """Record a warning."""
        self.items.append(Problem(message, path, line, hint, "warning", rule))

    def extend(self, problems: list[Problem]) -> None:
        """Add problems found elsewhere (for example by a nested loader)."""
        self.items.extend(problems)

    def drop_repeats(self, rule: str) -> None:
        """Keep the first of the problems of `rule` that say the same after their "where: " prefix.

        A folder that cannot be opened is one fault, however many documents are in it.
        """
        seen: set[str] = set()
        kept = []
        for problem in self.items:
            if problem.rule == rule:
                what = problem.message.partition(": ")[2]
                if what in seen:
                    continue
                seen.add(what)
            kept.append(problem)
        self.items[:] = kept

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
