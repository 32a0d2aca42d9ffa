"""Writing what a form says into an item file, as a person would have edited it.

Owns the text `itagen edit` saves: the item's `covers:`, its `documents:` (in the
order the form lists them, each kept from the file or new) and its Markdown body.
As in frontedit.py the file is never re-dumped: the YAML is composed to learn where
each value sits, and only the characters of values that changed are replaced, so
comments, quoting, key order, keys the form does not show (`note:`, `updated:`) and
the webmaster's own date spellings stay as they were. A document moved up or down
takes its comment lines with it; a new one is written in the file's indentation.
A BOM and CRLF line endings are kept. The text is not validated here: the caller
runs the build's loader on it before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from itagen.thai.messages import _
from itagen.errors import ItagenError
from itagen.site.frontedit import dash_at, line_end, line_start, node_end
from itagen.site.yamlio import load_yaml, split_front_matter

# The keys of a document the form edits, in the order a new document is written.
DOC_KEYS = ("title", "file", "url", "date", "period")


@dataclass(frozen=True, slots=True)
class DocEdit:
    """One document row of the form: where it came from in the file, and its values."""

    source: int | None  # index in the file's documents; None for a new one
    values: dict[str, str | None] = field(default_factory=dict)  # DOC_KEYS; None or "" = absent


@dataclass(frozen=True, slots=True)
class ItemEdit:
    """What the form asks the item file to say (None: leave that part as it is)."""

    covers: tuple[int, ...] | None = None
    documents: tuple[DocEdit, ...] | None = None
    body: str | None = None


def new_item_text(code: str) -> str:
    """Return the text of a new item file that says only its code."""
    return f"---\ncode: {code}\n---\n"


def save_item_text(text: str, suffix: str, display: str, edit: ItemEdit) -> str:
    """Return the item file's text with `edit` applied; `text` is as read from disk."""
    bom = text.startswith("\ufeff")
    crlf = "\r\n" in text
    plain = (text[1:] if bom else text).replace("\r\n", "\n")
    if suffix.lower() == ".md":
        front, body, _ = split_front_matter(plain, display)
        start = plain.index("\n") + 1
        rest = plain[start + len(front) :]
        if edit.body is not None:
            closing = rest[: len(rest) - len(body)] if body else rest
            if not closing.endswith("\n"):
                closing += "\n"
            new_body = edit.body.replace("\r\n", "\n").replace("\r", "\n")
            if new_body.strip() and not new_body.endswith("\n"):
                new_body += "\n"
            rest = closing + (new_body if new_body.strip() else "")
        out = plain[:start] + _edit_front(front, display, edit) + rest
    else:
        out = _edit_front(plain, display, edit)
    if crlf:
        out = out.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + out


def scalar(value: str) -> str:
    """Return `value` as a YAML scalar: plain where it reads back as the same text, else quoted."""
    if value and value == value.strip() and "\n" not in value and value[0] not in "'\"":
        try:
            if load_yaml(f"k: {value}\n", "") == {"k": value}:
                return value
        except ItagenError:
            pass
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style=None)
    return dumped.removesuffix("...\n").rstrip("\n")


def _edit_front(front: str, display: str, edit: ItemEdit) -> str:
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ItagenError(
            _("cannot read the front matter: {reason}").format(reason=exc), display
        ) from None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise ItagenError(_("the front matter must be YAML keys such as 'code: O1'"), display, 1)
    raw = load_yaml(front, display) or {}
    nodes = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    if not front.endswith("\n"):
        front += "\n"
    end = len(front)
    edits: list[tuple[int, int, str]] = []
    if edit.covers is not None and list(raw.get("covers") or []) != list(edit.covers):
        edits += _covers(front, nodes, list(edit.covers), end)
    if edit.documents is not None:
        edits += _documents(front, nodes, raw, edit.documents, end)
    # Insertions at the same place keep the order they were planned in (covers before documents).
    planned = sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]), reverse=True)
    for _order, (start, stop, replacement) in planned:
        front = front[:start] + replacement + front[stop:]
    return front


def _flow(numbers: list[int]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]"


def _covers(front: str, nodes: dict, covers: list[int], end: int) -> list[tuple[int, int, str]]:
    if "covers" not in nodes:
        if not covers:
            return []
        docs = nodes.get("documents")
        at = line_start(front, docs[0].start_mark.index) if docs else end
        return [(at, at, f"covers: {_flow(covers)}\n")]
    key, value = nodes["covers"]
    if not covers:  # no component ticked: the key goes, as a person would delete it
        return [(line_start(front, key.start_mark.index), line_end(front, _end_of(value)), "")]
    if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
        first = dash_at(front, value.value[0].start_mark.index)
        indent = " " * (first - line_start(front, first))
        lines = "".join(f"{indent}- {n}\n" for n in covers)
        return [(line_start(front, first), line_end(front, _end_of(value)), lines)]
    if value.start_mark.index == _end_of(value):  # `covers:` with nothing after it
        colon = front.index(":", key.end_mark.index)
        return [(colon + 1, colon + 1, " " + _flow(covers))]
    return [(value.start_mark.index, _end_of(value), _flow(covers))]


def _end_of(node: Any) -> int:
    """The index just after a node: a flow collection's closing bracket, else its last value."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.flow_style:
        return node.end_mark.index
    return (
        node_end(node)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode))
        else node.end_mark.index
    )


def _documents(
    front: str, nodes: dict, raw: dict, docs: tuple[DocEdit, ...], end: int
) -> list[tuple[int, int, str]]:
    if "documents" not in nodes:
        if not docs:
            return []
        return [(end, end, "documents:\n" + "".join(_new_entry(d.values, 2, 4) for d in docs))]
    key, value = nodes["documents"]
    entries = value.value if isinstance(value, yaml.SequenceNode) else []
    block = (
        isinstance(value, yaml.SequenceNode)
        and not value.flow_style
        and entries
        and all(isinstance(e, yaml.MappingNode) and not e.flow_style for e in entries)
    )
    old = raw.get("documents") if isinstance(raw.get("documents"), list) else []
    if not block:  # flow style, empty or unusual: the list is written anew, in block style
        colon = front.index(":", key.end_mark.index)
        stop = line_end(front, _end_of(value)) if not _is_null(value) else line_end(front, colon)
        kept = [_merged(old, d) for d in docs]
        text = "\n" + "".join(_new_entry(v, 2, 4) for v in kept) if kept else " []\n"
        return [(colon + 1, stop, text)]
    first = dash_at(front, entries[0].start_mark.index)
    # Comment lines above a document belong to it (and move with it), the first one's too.
    start = min(line_end(front, front.index(":", key.end_mark.index)), line_start(front, first))
    dash_col = first - line_start(front, first)
    key_col = entries[0].value[0][0].start_mark.column if entries[0].value else dash_col + 2
    chunks = []
    for i, entry in enumerate(entries):
        begin = start if i == 0 else line_end(front, node_end(entries[i - 1]))
        chunks.append((begin, line_end(front, node_end(entry)), entry))
    stop = chunks[-1][1]
    if not docs:
        colon = front.index(":", key.end_mark.index)
        return [(start, stop, ""), (colon + 1, colon + 1, " []")]
    parts = []
    for doc in docs:
        if doc.source is not None and doc.source < len(chunks):
            begin, finish, entry = chunks[doc.source]
            parts.append(_edit_entry(front, begin, finish, entry, doc.values, key_col))
        else:
            parts.append(_new_entry(doc.values, dash_col, key_col))
    new = "".join(parts)
    return [] if new == front[start:stop] else [(start, stop, new)]


def _is_null(node: Any) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _merged(old: list, doc: DocEdit) -> dict[str, Any]:
    """A document's values for a list written anew: the file's keys, with the form's over them."""
    base = (
        dict(old[doc.source])
        if doc.source is not None and doc.source < len(old) and isinstance(old[doc.source], dict)
        else {}
    )
    for key in DOC_KEYS:
        if key in doc.values:
            base.pop(key, None)
    base.update({k: v for k, v in doc.values.items() if v})
    order = [k for k in DOC_KEYS if k in base] + [k for k in base if k not in DOC_KEYS]
    return {k: base[k] for k in order}


def _new_entry(values: dict[str, Any], dash_col: int, key_col: int) -> str:
    """A document written anew: '- title: …' and its other keys below, in DOC_KEYS order."""
    keys = [k for k in DOC_KEYS if values.get(k)] + [k for k in values if k not in DOC_KEYS]
    if "title" not in keys:
        keys.insert(0, "title")
    lines = []
    for n, k in enumerate(keys):
        value = values.get(k)
        if isinstance(value, (list, dict)):  # a key the form does not show, kept from the file
            text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True).strip()
        else:
            text = scalar(str(value if value is not None else ""))
        gap = " " * max(key_col - dash_col - 2, 0)
        lead = " " * dash_col + "- " + gap if n == 0 else " " * key_col
        lines.append(f"{lead}{k}: {text}\n")
    return "".join(lines)


def _edit_entry(
    front: str, begin: int, finish: int, entry: Any, values: dict[str, str | None], key_col: int
) -> str:
    """One document's text from the file with the form's changed values put in."""
    pairs = {k.value: (k, v) for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
    first_key = entry.value[0][0].value if entry.value else None
    edits: list[tuple[int, int, str]] = []
    insert_at = line_end(front, node_end(entry))
    col = entry.value[0][0].start_mark.column if entry.value else key_col
    for key in DOC_KEYS:
        if key not in values:
            continue
        new = values[key] or None
        if key == "title" and new is None:
            new = ""  # a title is required: the loader's own message says so beside the field
        if key in pairs:
            knode, vnode = pairs[key]
            old = vnode.value if isinstance(vnode, yaml.ScalarNode) else None
            if new is None:
                if key == first_key:  # the key shares the line with '-': write the entry anew
                    return _rewrite_entry(front, begin, entry, values, key_col)
                edits.append(
                    (line_start(front, knode.start_mark.index), line_end(front, _end_of(vnode)), "")
                )
            elif old != new:
                if not isinstance(vnode, yaml.ScalarNode) or vnode.style in ("|", ">"):
                    return _rewrite_entry(front, begin, entry, values, key_col)
                edits.append((vnode.start_mark.index, vnode.end_mark.index, scalar(new)))
        elif new is not None or key == "title":
            at = insert_at
            other = {"file": "url", "url": "file"}.get(key)
            if other in pairs and not values.get(other, "x") and other != first_key:
                # A link written where the file was (or a file where the link was).
                at = line_start(front, pairs[other][0].start_mark.index)
            edits.append((at, at, f"{' ' * col}{key}: {scalar(new or '')}\n"))
    text = front[begin:finish]
    for start, stop, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[: start - begin] + replacement + text[stop - begin :]
    return text


def _rewrite_entry(
    front: str, begin: int, entry: Any, values: dict[str, str | None], key_col: int
) -> str:
    """An entry whose first key goes: its leading comments kept, the rest written anew."""
    first = dash_at(front, entry.start_mark.index)
    keep = front[begin : line_start(front, first)]
    old = (
        load_yaml(
            front[line_start(front, first) : line_end(front, node_end(entry))].replace("-", " ", 1),
            "",
        )
        or {}
    )
    dash_col = first - line_start(front, first)
    merged = _merged([old], DocEdit(0, values))
    return keep + _new_entry(merged, dash_col, key_col)
