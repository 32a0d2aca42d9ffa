"""Reading the user's text files: UTF-8 decoding, YAML with line numbers, front matter.

Owns the rules every loader shares: files are UTF-8 (a BOM and CRLF line endings
are accepted), YAML is parsed with the C SafeLoader, and dates stay strings so
that Buddhist-Era years (2567-02-29 is a real day, 2567 CE has no 29 February)
reach our own Thai date parser instead of PyYAML's. Line numbers for an error
are looked up only when an error is reported, keeping the fast path fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import ItagenError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps timestamps as the text the webmaster typed."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))

_ComposeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, display: str) -> str:
    """Return the file's text as UTF-8 with the BOM removed and LF line endings."""
    try:
        data = path.read_bytes()
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
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_yaml(text: str, display: str, first_line: int = 1) -> Any:
    """Parse YAML text; a syntax error names the file and line and says what to check."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None
        if mark is not None:
            # An error found at the end of the text belongs to its last line, not to the line after it.
            last = max(text.rstrip("\n").count("\n"), 0)
            line = first_line + min(mark.line, last)
        what = exc.problem or "invalid YAML"
        hint = "check the indentation and quoting on this line and the one above"
        if "\t" in text and "tab" in str(exc).lower():
            hint = "YAML does not allow tab characters for indentation: use spaces"
        raise ItagenError(f"YAML syntax error: {what}", display, line, hint) from None
    except yaml.YAMLError as exc:
        raise ItagenError(f"YAML error: {exc}", display, first_line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # e.g. a merge key that is not a mapping, or absurdly deep nesting.
        raise ItagenError(f"YAML error: {exc}", display, first_line) from None


def line_of(text: str, loc: tuple[Any, ...], first_line: int = 1) -> int | None:
    """Return the 1-based line of the value at `loc` (keys and list indexes), or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=_ComposeLoader)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    best = node.start_mark.line
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                    best = key_node.start_mark.line
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            best = node.start_mark.line
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
