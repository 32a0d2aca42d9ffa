"""Editing an item file's front matter as text: a new code, fewer documents, a note.

Owns the surgery `itagen migrate` does on a file the webmaster wrote. The file is
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


def edit_item_text(text: str, suffix: str, display: str, code: str, drop: set[int],
                   note: str | None = None) -> str:
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
    out = plain[:start] + new_front + plain[start + len(front):]
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out


def _edit_front(front: str, display: str, code: str, drop: set[int], note: str | None) -> str:
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ItagenError(_("cannot read the front matter: {reason}").format(reason=exc),
                          display) from None
    if not isinstance(root, yaml.MappingNode):
        raise ItagenError(_("the front matter must be YAML keys such as 'code: O1'"), display, 1)
    nodes = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []      # (start, end, replacement) in `front`
    if "code" in nodes:
        value = nodes["code"][1]
        if not isinstance(value, yaml.ScalarNode) or normalize_code(str(value.value)) != code:
            quote = value.style if getattr(value, "style", None) in ("'", '"') else ""
            edits.append((value.start_mark.index, value.end_mark.index, f"{quote}{code}{quote}"))
    if "documents" in nodes and (drop or note):
        key, value = nodes["documents"]
        edits += _document_edits(front, display, key, value, drop)
        if note:
            at = _line_start(front, key.start_mark.index)
            edits.append((at, at, " " * key.start_mark.column + f"# {note}\n"))
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        front = front[:start] + replacement + front[end:]
    return front


def _document_edits(front: str, display: str, key: Any, value: Any, drop: set[int]) -> list[tuple[int, int, str]]:
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
    edits = [(_line_start(front, _dash(front, entry.start_mark.index)), _line_end(front, _last(entry)), "")
             for i, entry in enumerate(entries) if i in drop]
    if len(drop) >= len(entries):
        colon = front.index(":", key.end_mark.index)
        edits.append((colon + 1, colon + 1, " []"))
    return edits


def _dash(text: str, index: int) -> int:
    """The index of the '-' that opens the sequence entry starting at `index`."""
    i = index - 1
    while i >= 0 and text[i] in " \t\n":
        i -= 1
    return i if i >= 0 and text[i] == "-" else index


def _last(node: Any) -> int:
    """The index just after a node's last character (its deepest last child's end)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node.end_mark.index


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just after the newline that ends the line holding index − 1 (block scalars end at column 0)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end == -1 else end + 1


def read_raw(path: Path, display: str) -> str:
    """Return a file's text exactly as stored (BOM and CRLF kept), or raise ItagenError."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ItagenError(_("cannot read the file ({reason})").format(reason=exc),
                          display) from None
