"""Reading the user's text files: UTF-8 decoding, YAML with line numbers, front matter.

Owns the rules every loader shares: files are UTF-8 (a BOM and CRLF line endings
are accepted), YAML is parsed with the C SafeLoader, and dates stay strings so
that Buddhist-Era years (2567-02-29 is a real day, 2567 CE has no 29 February)
reach our own Thai date parser instead of PyYAML's. Line numbers for an error
are looked up only when an error is reported, keeping the fast path fast.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import ItagenError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps timestamps as the text the webmaster typed."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

_ComposeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_bytes(path: Path) -> bytes:
    """Read a whole file with open, read and close only (Path.read_bytes also stats and seeks)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))  # new descriptors are not inherited (PEP 446)
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path, display: str) -> str:
    """Return the file's text as UTF-8 with the BOM removed and LF line endings."""
    try:
        data = _read_bytes(path)
    except OSError as exc:
        raise ItagenError(f"cannot read the file ({exc.strerror})", display) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ItagenError(
            "the file is not UTF-8 text", display, line,
            "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8); Thai files from old "
            "Windows programs are often TIS-620/CP874",
        ) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_yaml(text: str, display: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error names the file and line and says what to check."""
    try:
        return yaml.load(text, Loader=_Loader)  # safe: _Loader is a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None
        row = _row(text, mark) if mark is not None else 0
        if mark is not None:
            # An error found at the end of the text belongs to its last line, not to the line after it.
            last = max(text.rstrip("\n").count("\n"), 0)
            line = first_line + min(row, last)
        what = exc.problem or "invalid YAML"
        hint = "check the indentation and quoting on this line and the one above"
        near = text.split("\n")[max(row - 1, 0): row + 1] if mark is not None else []
        if any("\t" in row for row in near):  # libyaml's message does not say "tab"
            hint = "YAML does not allow tab characters for indentation: use spaces"
        raise ItagenError(f"YAML syntax error: {what}", display, line, hint) from None
    except yaml.YAMLError as exc:
        raise ItagenError(f"YAML error: {exc}", display, first_line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # e.g. a merge key that is not a mapping, or absurdly deep nesting.
        raise ItagenError(f"YAML error: {exc}", display, first_line) from None


def _row(text: str, mark: Any) -> int:
    """Return the 0-based line of a YAML mark, counting only LF as editors do (YAML also breaks at U+2028)."""
    return text.count("\n", 0, mark.index)


@lru_cache(maxsize=1)
def _compose(text: str) -> Any:
    """Return the YAML node tree of `text`, or None when it does not parse."""
    # Cached: every fault of one file asks about the same text, and 10,000 bad
    # documents must not compose it 10,000 times (issue 11).
    try:
        return yaml.compose(text, Loader=_ComposeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def line_of(text: str, loc: tuple[Any, ...], first_line: int = 1) -> int | None:
    """Return the 1-based line of the value at `loc` (keys and list indexes), or of its nearest parent."""
    node = _compose(text)
    if node is None:
        return None
    best = _row(text, node.start_mark)
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    best = _row(text, key_node.start_mark)
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            best = _row(text, node.start_mark)
        else:
            break
    return first_line + best


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """Split a Markdown file into (front matter YAML, body, line where the body starts)."""
    if not text.startswith("---"):
        raise ItagenError(
            "the file has no front matter", display, 1,
            "start the file with a line '---', the item's YAML (at least 'code: O1'), and another '---'",
        )
    first_break = text.find("\n")
    if first_break == -1 or text[3:first_break].strip():
        raise ItagenError("the first line must be exactly '---'", display, 1)
    end = text.find("\n---", first_break)
    while end != -1:
        after = text.find("\n", end + 4)
        tail = text[end + 4: after if after != -1 else len(text)]
        if not tail.strip():
            break
        end = text.find("\n---", end + 4)
    if end == -1:
        raise ItagenError(
            "the front matter is not closed", display, 1,
            "add a line '---' after the YAML keys, before the Markdown text",
        )
    front = text[first_break + 1: end + 1]
    body_start = text.find("\n", end + 4)
    body = "" if body_start == -1 else text[body_start + 1:]
    body_line = front.count("\n") + 3
    return front, body, body_line
