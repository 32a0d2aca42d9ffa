"""Print one version's section of CHANGELOG.md: the notes of its GitHub release (release.yml).

`python .github/release_notes.py v0.2.0` prints what stands under `## [0.2.0] - <date>` up to
the next `## ` heading (or the link definitions at the end), and fails when there is no such
section, so a tag is never released with empty notes.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parents[1] / "CHANGELOG.md"
_HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\][^\n]*$", re.M)
_LINKS = re.compile(r"^\[[^\]]+\]: \S+", re.M)


def section(text: str, version: str) -> str:
    """Return the notes under `## [version]` (a leading v is dropped); raise LookupError if none."""
    version = version.removeprefix("v")
    headings = list(_HEADING.finditer(text))
    for i, heading in enumerate(headings):
        if heading.group("version") != version:
            continue
        end = headings[i + 1].start() if i + 1 < len(headings) else len(text)
        links = _LINKS.search(text, heading.end(), end)
        notes = text[heading.end():links.start() if links else end].strip()
        if notes:
            return notes + "\n"
        raise LookupError(f"the section ## [{version}] of CHANGELOG.md is empty")
    raise LookupError(f"CHANGELOG.md has no section ## [{version}]: move the entries under "
                      f"## [Unreleased] to ## [{version}] - YYYY-MM-DD before tagging")


def main(argv: list[str]) -> int:
    """Print the section of the version in argv[1]; exit 1 with the reason when there is none."""
    try:
        sys.stdout.write(section(CHANGELOG.read_text(encoding="utf-8"), argv[1]))
    except (LookupError, IndexError) as exc:
        print(f"release_notes: {exc or 'give the tag, e.g. v0.2.0'}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
