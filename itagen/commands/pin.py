"""The itagen version a site's workflow installs: written by init, moved by `--upgrade-workflow`.

A published site must not change under an agency with each itagen release, so the GitHub
workflow that init writes installs exactly the version that wrote it (`pip install itagen==X`).
Moving a site to a newer itagen is a deliberate step: `itagen init --upgrade-workflow` rewrites
that pin, and only that, in the site's workflows (and in a requirements*.txt beside site.yaml,
for a site that keeps its pin there), keeping every other byte and the file's line endings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from itagen import __version__
from itagen.errors import ItagenError, shown
from itagen.thai.messages import _

# `itagen`, optionally with a version specifier, as a whole word (not requirements-itagen.txt).
_SPEC = r"\s*(?:===|[=<>!~]=?)\s*[^\s\"'#,;]+"
_REQUIREMENT = re.compile(rf"(?<![\w./\\-])itagen(?:{_SPEC}(?:\s*,{_SPEC})*)?(?![\w.-])")
_PIP_INSTALL = re.compile(r"\bpip3?\s+install\b")


def requirement(version: str = __version__) -> str:
    """Return the pinned requirement a site installs: itagen==<version>."""
    return f"itagen=={version}"


@dataclass(frozen=True, slots=True)
class PinChange:
    """One pin found in a site's file: where, what it said and what it says now."""

    path: str  # relative to the site folder, with /
    line: int
    old: str  # the requirement as it was written, e.g. "itagen" or "itagen==0.1.0"
    new: str

    @property
    def changed(self) -> bool:
        """True when the line was rewritten."""
        return self.old != self.new


def _candidates(root: Path) -> list[Path]:
    """The files that may pin itagen: the site's workflows, then its requirements*.txt."""
    flows = root / ".github" / "workflows"
    found = (
        sorted(p for p in flows.glob("*") if p.suffix in (".yml", ".yaml"))
        if flows.is_dir()
        else []
    )
    return found + sorted(root.glob("requirements*.txt"))


def _rewrite(text: str, rel: str, is_requirements: bool, new: str) -> tuple[str, list[PinChange]]:
    """Return the text with every itagen requirement set to `new`, and the pins found."""
    changes: list[PinChange] = []
    lines = text.split("\n")  # a "\r" stays at the end of its line: CRLF files stay CRLF
    for number, line in enumerate(lines, 1):
        code = line.split("#", 1)[0]
        if is_requirements:
            match = _REQUIREMENT.match(code, len(code) - len(code.lstrip()))
        else:
            install = _PIP_INSTALL.search(code)
            match = install and _REQUIREMENT.search(code, install.end())
        if not match:
            continue
        changes.append(PinChange(rel, number, match.group(0), new))
        lines[number - 1] = line[: match.start()] + new + line[match.end() :]
    return "\n".join(lines), changes


def upgrade_workflow(root: Path, version: str = __version__) -> list[PinChange]:
    """Pin itagen to `version` in the site's workflows; return every pin found, changed or not.

    Raise ItagenError when the folder has no workflow that installs itagen.
    """
    new = requirement(version)
    found: list[PinChange] = []
    for path in _candidates(root):
        rel = path.relative_to(root).as_posix()
        try:
            with open(path, encoding="utf-8", newline="") as f:  # keep CRLF where the file has it
                text = f.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise ItagenError(
                _("cannot read the workflow {path}: {reason}").format(
                    path=rel, reason=getattr(exc, "strerror", None) or exc
                ),
                rel,
            ) from None
        updated, changes = _rewrite(text, rel, path.suffix == ".txt", new)
        if updated != text:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(updated)
        found += changes
    if not found:
        raise ItagenError(
            _("no workflow in {folder} installs itagen").format(folder=root),
            None,
            None,
            _(
                "run it in a site folder that itagen init created: "
                "it has .github/workflows/itagen.yml"
            ),
        )
    return found


def describe(changes: list[PinChange], version: str = __version__) -> str:
    """Return what upgrade_workflow did, one line per pin, for the webmaster to read and commit."""
    lines = []
    for change in changes:
        where = f"{shown(change.path)}:{change.line}"
        if change.changed:
            lines.append(
                _("{where}: {old} → {new}").format(where=where, old=change.old, new=change.new)
            )
        else:
            lines.append(
                _("{where}: already {new}, nothing to change").format(where=where, new=change.new)
            )
    if any(c.changed for c in changes):
        lines.append(
            _(
                "the site now installs itagen {version}: commit and push these files so "
                "GitHub builds with it"
            ).format(version=version)
        )
    return "\n".join(lines) + "\n"
