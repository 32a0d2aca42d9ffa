"""The rules section of docs/check.md, written from rules.RULES and the Thai message catalog.

The report and the documentation must say the same thing about each rule, so neither keeps
its own copy: RULES holds the English source of each rule's title, meaning and advice, the
catalog (itagen.po) their Thai, and this module writes the Markdown between the two markers of
docs/check.md. A test compares the file with rules_markdown(); after changing a rule, run
`python -m itagen.commands.check.ruledocs docs/check.md` to write the section again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from itagen.thai.messages import translation

BEGIN = "<!-- rules: written by `python -m itagen.commands.check.ruledocs docs/check.md` -->"
END = "<!-- end of rules -->"
# The headings of the rule groups are documentation, not something itagen says.
GROUPS = {
    "site": "Site / เว็บไซต์",
    "coverage": "Coverage / ความครบถ้วน",
    "periods": "Periods / ช่วงเวลา",
    "integrity": "Integrity / ความถูกต้องของลิงก์และไฟล์",
    "catalog": "Catalog rules / กฎเฉพาะข้อ",
    "thai": "Thai text / ข้อความภาษาไทย",
}


def rules_markdown() -> str:
    """Return the Markdown of every rule in report order: id, severity, words in both languages."""
    from itagen.commands.check.rules import RULES

    th = translation("th").gettext
    lines: list[str] = []
    group = None
    for rule in RULES:
        if rule.group != group:
            group = rule.group
            lines += [f"### {GROUPS.get(group, group)}", ""]
        lines += [
            f"#### `{rule.id}` ({rule.severity})",
            f"**{th(rule.title)}** / {rule.title}",
            f"- TH: {th(rule.text)}",
            f"- EN: {rule.text}",
        ]
        if rule.fix:
            lines.append(f"- วิธีแก้ / Fix: {th(rule.fix)} / {rule.fix}")
        lines.append("")
    return "\n".join(lines)


def section(text: str) -> str:
    """Return the part of docs/check.md between the markers."""
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def write(path: Path) -> None:
    """Write the rules section of the document at `path` again."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{BEGIN}\n\n{rules_markdown()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/check.md"))
