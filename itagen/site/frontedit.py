"""Editing an item file's front matter as text: a new code, fewer documents, a note.

Owns the surgery `itagen migrate` does on a file the webmaster wrote (and the
helpers `itagen edit`'s saves share, in frontsave.py). The file is
never re-dumped: the YAML is composed only to learn where the `code:` value and
each `documents:` entry sit, and just those characters change, so comments,
quoting, key order, Thai-written dates and the Markdown body stay byte for byte.
A UTF-8 BOM and CRLF line endings are kept. A `documents:` list written in flow
style (`[{…}, {…}]`) is the one case rewritten whole, as JSON-style flow YAML.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from itagen.thai.messages import _
from itagen.errors import ItagenError
from itagen.thai.text import normalize_code
from itagen.site.yamlio import load_yaml, split_front_matter


def edit_item_text(
    text: str, suffix: str, display: str, code: str, drop: set[int], note: str | None = None
) -> str:
    """Return the item file's text with its code set, the documents at indexes `drop` removed
    and `note` (a comment line) put above `documents:`. `text` is as read from disk."""
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    plain = (text[1:] if bom else text).replace("\r\n", "\n")
    if suffix.lower() == ".md":
        front = split_front_matter(plain, display)[0]
        start = plain.index("\n") + 1
    else:
        front, start = plain, 0
    new_front = _edit_front(front, display, code, drop, note)
    out = plain[:start] + new_front + plain[start + len(front) :]
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out


def _edit_front(front: str, display: str, code: str, drop: set[int], note: str | None) -> str:
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ItagenError(
            _("cannot read the front matter: {reason}").format(reason=exc), display
        ) from None
    if not isinstance(root, yaml.MappingNode):
        raise ItagenError(_("the front matter must be YAML keys such as 'code: O1'"), display, 1)
    nodes = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in `front`
    if "code" in nodes:
        value = nodes["code"][1]
        if not isinstance(value, yaml.ScalarNode) or normalize_code(str(value.value)) != code:
            quote = value.style if getattr(value, "style", None) in ("'", '"') else ""
            edits.append((value.start_mark.index, value.end_mark.index, f"{quote}{code}{quote}"))
    if "documents" in nodes and (drop or note):
        key, value = nodes["documents"]
        edits += _document_edits(front, display, key, value, drop)
        if note:
            at = line_start(front, key.start_mark.index)
            edits.append((at, at, " " * key.start_mark.column + f"# {note}\n"))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        front = front[:start] + replacement + front[end:]
    return front


def _document_edits(
    front: str, display: str, key: Any, value: Any, drop: set[int]
) -> list[tuple[int, int, str]]:
    if not drop:
        return []
    if not isinstance(value, yaml.SequenceNode):
        raise ItagenError(_("documents: is not a list"), display, key.start_mark.line + 1)
    entries = value.value
    if value.flow_style:
        raw = load_yaml(front, display) or {}
        kept = [doc for i, doc in enumerate(raw.get("documents") or []) if i not in drop]
        flow = "[" + ", ".join(json.dumps(doc, ensure_ascii=False) for doc in kept) + "]"
        return [(value.start_mark.index, value.end_mark.index, flow)]
    edits = [
        (
            line_start(front, dash_at(front, entry.start_mark.index)),
            line_end(front, node_end(entry)),
            "",
        )
        for i, entry in enumerate(entries)
        if i in drop
    ]
    if len(drop) >= len(entries):
        colon = front.index(":", key.end_mark.index)
        edits.append((colon + 1, colon + 1, " []"))
    return edits


def dash_at(text: str, index: int) -> int:
    """The index of the '-' that opens the sequence entry starting at `index`."""
    i = index - 1
    while i >= 0 and text[i] in " \t\n":
        i -= 1
    return i if i >= 0 and text[i] == "-" else index


def node_end(node: Any) -> int:
    """The index just after a node's last character (its deepest last child's end)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index


def line_start(text: str, index: int) -> int:
    """The index where the line holding `index` starts."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Just after the newline that ends the line holding index − 1 (block scalars end at column
    0)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def merge_into(
    text: str,
    suffix: str,
    display: str,
    entries: list[Any],
    note: str | None,
    sections: list[tuple[str, str]],
) -> tuple[str, str]:
    """Return (text, suffix) with `entries` (document mappings) added after the item's documents and
    `sections` ((heading, Markdown)) appended to its body, for an item that merges others.

    What was there stays byte for byte; a YAML item file that receives body text becomes Markdown.
    """
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    plain = (text[1:] if bom else text).replace("\r\n", "\n")
    if suffix.lower() == ".md":
        front = split_front_matter(plain, display)[0]
        start = plain.index("\n") + 1
        head, body = plain[:start], plain[start + len(front) :]
    else:
        front, head, body = plain, "", ""
    if entries:
        front = _add_entries(front, display, entries, note)
    if sections and suffix.lower() != ".md":
        head, body, suffix = "---\n", ("" if front.endswith("\n") else "\n") + "---\n", ".md"
    if sections:
        added = "".join(f"\n## {h}\n\n{md.strip()}\n" for h, md in sections)
        body = body.rstrip("\n") + "\n" + added
    out = head + front + body
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out, suffix


def _add_entries(front: str, display: str, entries: list[Any], note: str | None) -> str:
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ItagenError(
            _("cannot read the front matter: {reason}").format(reason=exc), display
        ) from None
    nodes = (
        {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if isinstance(root, yaml.MappingNode)
        else {}
    )
    comment = f"# {note}\n" if note else ""
    if "documents" not in nodes:
        block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
        sep = "" if not front or front.endswith("\n") else "\n"
        return front + sep + comment + "documents:\n" + _indent(block, 2)
    key, value = nodes["documents"]
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        column = line_start(front, dash_at(front, value.value[0].start_mark.index))
        column = dash_at(front, value.value[0].start_mark.index) - column
        at = line_end(front, node_end(value.value[-1]))
        block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=1000)
        text = _indent(comment + block, column)
        sep = "" if at == 0 or front[at - 1] == "\n" else "\n"
        return front[:at] + sep + text + front[at:]
    # An empty or flow-style list: written again as a block list holding old and new entries.
    kept = (load_yaml(front, display) or {}).get("documents") or []
    block = yaml.safe_dump(list(kept) + entries, allow_unicode=True, sort_keys=False, width=1000)
    at = line_end(front, value.end_mark.index)
    new = front[: value.start_mark.index].rstrip(" ") + "\n"
    return new + _indent(comment + block, key.start_mark.column + 2) + front[at:]


def _indent(block: str, column: int) -> str:
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in block.splitlines(keepends=True))


def read_raw(path: Path, display: str) -> str:
    """Return a file's text exactly as stored (BOM and CRLF kept), or raise ItagenError."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ItagenError(
            _("cannot read the file ({reason})").format(reason=exc), display
        ) from None
