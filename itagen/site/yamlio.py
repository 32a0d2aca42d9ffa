"""Reading the user's text files: UTF-8 decoding, YAML with line numbers, front matter.

Owns the rules every loader shares: files are UTF-8 (a BOM and CRLF line endings
are accepted), YAML is parsed with the C SafeLoader, and dates stay strings so
that Buddhist-Era years (2567-02-29 is a real day, 2567 CE has no 29 February)
reach our own Thai date parser instead of PyYAML's. Line numbers for an error
are looked up only when an error is reported, keeping the fast path fast.
The alias and repeated-key checks of the rare files PyYAML builds itself are
site/yamlnodes.py.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from itagen.errors import ItagenError, Problem, shorten
from itagen.site.yamlnodes import MAX_EXPANDED_NODES, duplicate_keys, expansion_fault
from itagen.thai.messages import _

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _MAP, _SEQ = (f"tag:yaml.org,2002:{name}" for name in ("str", "map", "seq"))
# Scalar tags whose constructors take a scalar node and return a value without touching the
# constructor's state; anything else (!!binary, !!set on a scalar, merge keys…) takes PyYAML's own
# path.
_PLAIN_SCALARS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
)


class _Unusual(Exception):
    """A node the direct construction leaves to PyYAML (aliases, merge keys, other tags)."""


class _Expansion(Exception):
    """Aliases that expand too far, or a value that contains itself: the node where it shows."""

    def __init__(self, node: Any, looped: bool) -> None:
        super().__init__()
        self.node, self.looped = node, looped


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps timestamps as the text the webmaster typed, built directly where plain.

    PyYAML resolves and constructs every node through general machinery (path resolvers,
    generators, a table of constructed nodes for aliases), which is most of the cost of a
    front matter. Our loader has no path resolvers, so a plain scalar's tag depends only on
    its text; and a tree of mappings, sequences and plain scalars without aliases is built
    by one direct walk. Any other tree is built by PyYAML's own `construct_document`, so the
    result (and any error) is exactly PyYAML's (tests/test_yaml_fast.py).
    """

    def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            return _short_tag(value) if len(value) <= 64 else _implicit_tag(value)
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Nothing to track: the loader has no path resolvers."""

    def ascend_resolver(self) -> None:
        """Nothing to track: the loader has no path resolvers."""

    duplicates: list[tuple[Any, Any]] | tuple = ()  # (first, second) nodes of keys written twice

    def construct_document(self, node: Any) -> Any:
        self.duplicates = []
        try:
            return self._direct(node, set())
        except Exception:  # anything unusual, or an error: PyYAML's path decides
            pass
        # Aliases or other rare forms: refuse expansion bombs and loops before anything is built.
        fault = expansion_fault(node)
        if fault is not None:
            raise _Expansion(*fault)
        self.duplicates = duplicate_keys(node)
        return super().construct_document(
            node
        )  # outside the except: its error is not chained to ours

    def _direct(self, node: Any, seen: set[int]) -> Any:
        kind = type(node)
        tag = node.tag
        if kind is yaml.ScalarNode:
            if tag == _STR:
                return node.value
            if tag not in _PLAIN_SCALARS:
                raise _Unusual
            return self.yaml_constructors[tag](self, node)
        if id(node) in seen:  # an alias: PyYAML shares the object, so its own path builds it
            raise _Unusual
        seen.add(id(node))
        if kind is yaml.MappingNode and tag == _MAP:
            mapping = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag not in _PLAIN_SCALARS:
                    raise _Unusual  # merge keys, complex keys
                key = self._direct(key_node, seen)
                if key in mapping:
                    first = next((k for k, _v in node.value if k.value == key_node.value), key_node)
                    self.duplicates.append((first, key_node))
                mapping[key] = self._direct(value_node, seen)
            return mapping
        if kind is yaml.SequenceNode and tag == _SEQ:
            return [self._direct(child, seen) for child in node.value]
        raise _Unusual


def _implicit_tag(value: str) -> str:
    """Return the tag PyYAML resolves an unquoted scalar to."""
    for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag
    return _STR


# Keys and short values (dates, codes) repeat across files; long texts are not kept.
_short_tag = lru_cache(maxsize=2048)(_implicit_tag)


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)
if _Loader.yaml_path_resolvers:  # pragma: no cover - PyYAML's SafeLoader has none
    raise ImportError("itagen's YAML loader assumes a resolver without path resolvers")
# The resolvers PyYAML tries for a value, by its first character, with the wildcards after them as
# it does.
# Built once, here: a resolver added to the loader later would not be seen (none is; add it above).
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_BY_FIRST = {
    first: tuple(resolvers) + _WILDCARD
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
    if first is not None
}

_ComposeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_bytes(path: Path) -> bytes:
    """Read a whole file with open, read and close only (Path.read_bytes also stats and seeks)."""
    fd = os.open(
        path, os.O_RDONLY | getattr(os, "O_BINARY", 0)
    )  # new descriptors are not inherited (PEP 446)
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
        raise ItagenError(
            _("cannot read the file ({reason})").format(reason=exc.strerror), display
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ItagenError(
            _("the file is not UTF-8 text"),
            display,
            line,
            _(
                "save it as UTF-8 (in Notepad: Save As → Encoding: UTF-8); Thai files from old "
                "Windows programs are often TIS-620/CP874"
            ),
        ) from None
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_yaml(
    text: str, display: str, first_line: int = 1, warnings: list[Problem] | None = None
) -> Any:
    """Parse YAML text; a syntax error names the file and line and says what to check.

    A key written twice in one mapping is a warning (into `warnings`, when given) naming both lines:
    YAML keeps the last, which is seldom what the writer meant.
    """
    loader = _Loader(text)  # safe: _Loader is a SafeLoader subclass
    try:
        data = loader.get_single_data()
        for first, second in loader.duplicates if warnings is not None else ():
            lines = [first_line + _row(text, key.start_mark) for key in (first, second)]
            message = _(
                "the key '{key}' is written twice (lines {first} and {second}); "
                "only the second is used"
            )
            warnings.append(
                Problem(
                    message.format(key=shorten(second.value), first=lines[0], second=lines[1]),
                    display,
                    lines[1],
                    _("remove one of them, or merge what they say"),
                    "warning",
                    "yaml-duplicate-key",
                )
            )
        return data
    except _Expansion as exc:
        line = first_line + _row(text, exc.node.start_mark)
        if exc.looped:
            raise ItagenError(
                _("YAML error: a value refers to itself through an alias (*name)"),
                display,
                line,
                _("write the value out instead of the alias"),
            ) from None
        message = _("YAML error: the aliases (*name) here expand to more than {limit} values")
        hint = _("write the values out instead of repeating aliases of aliases")
        limit = f"{MAX_EXPANDED_NODES:,}"
        raise ItagenError(message.format(limit=limit), display, line, hint) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None
        row = _row(text, mark) if mark is not None else 0
        if mark is not None:
            # An error found at the end of the text belongs to its last line,
            # not to the line after it.
            last = max(text.rstrip("\n").count("\n"), 0)
            line = first_line + min(row, last)
        what = exc.problem or _("invalid YAML")
        hint = _("check the indentation and quoting on this line and the one above")
        near = text.split("\n")[max(row - 1, 0) : row + 1] if mark is not None else []
        if any("\t" in row for row in near):  # libyaml's message does not say "tab"
            hint = _("YAML does not allow tab characters for indentation: use spaces")
        raise ItagenError(
            _("YAML syntax error: {what}").format(what=what), display, line, hint
        ) from None
    except yaml.YAMLError as exc:
        raise ItagenError(_("YAML error: {what}").format(what=exc), display, first_line) from None
    except (ValueError, TypeError, RecursionError) as exc:
        # e.g. a merge key that is not a mapping, or absurdly deep nesting.
        raise ItagenError(_("YAML error: {what}").format(what=exc), display, first_line) from None
    except LookupError as exc:  # a value its explicit tag cannot take: `!!bool maybe`
        raise ItagenError(
            _("YAML error: the value {value} does not fit its tag").format(value=shorten(str(exc))),
            display,
            first_line,
            _("remove the !!tag in front of the value, or write a value of that type"),
        ) from None
    finally:
        loader.dispose()


def _row(text: str, mark: Any) -> int:
    """Return the 0-based line of a YAML mark, counting only LF as editors do (YAML also breaks at
    U+2028)."""
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
    """Return the 1-based line of the value at `loc` (keys and list indexes), or of its nearest
    parent."""
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
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            best = _row(text, node.start_mark)
        else:
            break
    return first_line + best


# The Markdown text of one item or page, in UTF-8 bytes. A real body is a few kilobytes; a 10 MB
# one needs some 400 MB of memory to render, so long reports belong in files/ as documents.
MAX_BODY_BYTES = 2 * 1024 * 1024


def check_body_size(body: str, display: str, body_line: int) -> None:
    """Raise ItagenError when a body is over MAX_BODY_BYTES."""
    # A character is at most 4 bytes in UTF-8: most bodies are decided without encoding them.
    if len(body) * 4 <= MAX_BODY_BYTES or len(body.encode("utf-8")) <= MAX_BODY_BYTES:
        return
    raise ItagenError(
        _("the text is {size} MB long; a page's text may be at most {limit} MB").format(
            size=f"{len(body.encode('utf-8')) / 2**20:.1f}", limit=MAX_BODY_BYTES // 2**20
        ),
        display,
        body_line,
        _("put long reports or tables in a document (PDF, Excel) in files/ and link to it"),
    )


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """Split a Markdown file into (front matter YAML, body, line where the body starts).

    A body over MAX_BODY_BYTES is refused here, before anything parses it.
    """
    if not text.startswith("---"):
        raise ItagenError(
            _("the file has no front matter"),
            display,
            1,
            _(
                "start the file with a line '---', the item's YAML (at least 'code: O1'), "
                "and another '---'"
            ),
        )
    first_break = text.find("\n")
    if first_break == -1 or text[3:first_break].strip():
        raise ItagenError(_("the first line must be exactly '---'"), display, 1)
    end = text.find("\n---", first_break)
    while end != -1:
        after = text.find("\n", end + 4)
        tail = text[end + 4 : after if after != -1 else len(text)]
        if not tail.strip():
            break
        end = text.find("\n---", end + 4)
    if end == -1:
        raise ItagenError(
            _("the front matter is not closed"),
            display,
            1,
            _("add a line '---' after the YAML keys, before the Markdown text"),
        )
    front = text[first_break + 1 : end + 1]
    body_start = text.find("\n", end + 4)
    body = "" if body_start == -1 else text[body_start + 1 :]
    body_line = front.count("\n") + 3
    check_body_size(body, display, body_line)
    return front, body, body_line
