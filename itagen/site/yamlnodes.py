"""Checks on a YAML node tree that PyYAML must build itself: alias expansion and repeated keys.

Owns the limit on aliases (MAX_EXPANDED_NODES, SECURITY.md) and the search for keys written
twice, for the files site/yamlio.py's direct construction leaves to PyYAML (aliases, merge
keys, explicit tags). Both walk the composed nodes before anything is constructed, so an
expansion bomb or a value that contains itself is refused before it costs anything.
"""

from __future__ import annotations

from typing import Any

import yaml

# Aliases (*name) share one value among many places; a value that is built from aliases of aliases
# (a "billion laughs") is small in the file and in memory, but every check that looks at it whole
# (validation, a message quoting it) would go through every place. Files whose values, counted with
# every alias expanded, exceed this are refused before anything looks at them (SECURITY.md).
MAX_EXPANDED_NODES = 100_000


class _Over(Exception):
    """Aliases that expand too far, or a value that contains itself: the node where it shows."""

    def __init__(self, node: Any, looped: bool) -> None:
        super().__init__()
        self.node, self.looped = node, looped


def expansion_fault(node: Any) -> tuple[Any, bool] | None:
    """Return (node where it shows, looped) when `node` expands too far or contains itself."""
    try:
        _expanded_size(node, {}, set())
    except _Over as exc:
        return exc.node, exc.looped
    return None


def _expanded_size(node: Any, memo: dict[int, int], open_: set[int]) -> int:
    """Return how many nodes `node` stands for with every alias expanded (at most the limit + 1)."""
    key = id(node)
    if key in memo:
        return memo[key]
    if key in open_:
        raise _Over(node, True)
    if isinstance(node, yaml.ScalarNode):
        return 1
    open_.add(key)
    total = 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            total += _expanded_size(key_node, memo, open_) + _expanded_size(value_node, memo, open_)
            if total > MAX_EXPANDED_NODES:
                # The key's line: an alias's own mark is its anchor's.
                raise _Over(key_node, False)
    else:
        for child in node.value:
            total += _expanded_size(child, memo, open_)
            if total > MAX_EXPANDED_NODES:
                raise _Over(child, False)
    open_.discard(key)
    memo[key] = total
    return total


def duplicate_keys(node: Any) -> list[tuple[Any, Any]]:
    """Return the (first, second) key nodes of keys written twice in a mapping (aliases once)."""
    found: list[tuple[Any, Any]] = []
    _duplicates(node, set(), found)
    return found


def _duplicates(node: Any, seen: set[int], found: list[tuple[Any, Any]]) -> None:
    """Collect (first, second) key nodes of keys written twice in a mapping (aliases once)."""
    if isinstance(node, yaml.ScalarNode) or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in keys:
                    found.append((keys[key_node.value], key_node))
                else:
                    keys[key_node.value] = key_node
            _duplicates(value_node, seen, found)
    else:
        for child in node.value:
            _duplicates(child, seen, found)
