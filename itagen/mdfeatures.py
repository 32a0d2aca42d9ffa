"""Which Markdown constructs a body can contain, read from its characters before it is parsed.

markdown-it tries its block rules at every line (and, to end a paragraph, at every line
of it) and its inline rules at every punctuation mark, whether or not the body uses
them. A rule can only fire where its marker is in the source: no fence without three
backticks or tildes, no table without `|`, no emphasis without `*` or `_`. A body is
therefore parsed with only the rules and plugins whose markers it has; the HTML is the
same as the full parser's (tests/test_markdown_features.py holds every variant to it),
and a typical ITA body is parsed in about four fifths of the time.

Each test is a necessary condition, never a guess: when in doubt a feature is kept.
Rules see the text after markdown-it's normalisation (CR LF → LF) and never an
entity's decoded character, so the tests read the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Feature:
    """An optional part of the Markdown dialect and the test that a text may use it."""

    name: str
    block: tuple[str, ...] = ()    # markdown-it block rules it enables
    inline: tuple[str, ...] = ()   # inline rules (tokenizers)
    inline2: tuple[str, ...] = ()  # inline post-processing rules
    plugin: bool = False           # a plugin (itagen.markup.new_markdown adds it)
    needed: Callable[[str], bool] = bool  # False only when the text cannot use the feature


def _has(*markers: str) -> Callable[[str], bool]:
    return lambda text: any(marker in text for marker in markers)


def _matches(pattern: str) -> Callable[[str], bool]:
    search = re.compile(pattern, re.MULTILINE).search
    return lambda text: search(text) is not None


# A thematic break ends its line with three of one marker and nothing else but spaces
# and tabs ("***", "- - -", "> ___"); what comes before them on the line is the
# container's (">", a list marker) or more markers.
_HR = r"([-*_])[ \t]*\1[ \t]*\1[ \t]*$"
# A setext underline is a line of "=" or "-" alone but for blockquote markers and indentation.
_UNDERLINE = r"^[ \t>]*(?:=+|-+)[ \t]*$"
# A definition starts its line with ":" or "~" and a space (the term is on the line above).
_DEFINITION = r"^[ \t>]*[:~][ \t]"
# A task is a list item whose text starts "[ ] ", "[x] " or "[X] ".
_TASK = r"\[[ xX]\][ \t\n\v\f\r]"
_underlined = _matches(_UNDERLINE)

FEATURES: tuple[Feature, ...] = (
    Feature("table", block=("table",), needed=_has("|")),
    Feature("fence", block=("fence",), needed=_has("```", "~~~")),
    Feature("blockquote", block=("blockquote",), needed=_has(">")),
    Feature("hr", block=("hr",), needed=_matches(_HR)),
    Feature("reference", block=("reference",), needed=_has("]:")),
    Feature("heading", block=("heading",), needed=_has("#")),
    Feature("lheading", block=("lheading",), needed=_underlined),
    Feature("escape", inline=("escape",), needed=_has("\\")),
    Feature("backticks", inline=("backticks",), needed=_has("`")),
    Feature("strikethrough", inline=("strikethrough",), inline2=("strikethrough",), needed=_has("~~")),
    Feature("emphasis", inline=("emphasis",), inline2=("emphasis",), needed=_has("*", "_")),
    Feature("image", inline=("image",), needed=_has("![")),
    Feature("autolink", inline=("autolink",), needed=_has("<")),
    Feature("entity", inline=("entity",), needed=_has("&")),
    Feature("footnote", plugin=True, needed=_has("[^", "^[")),
    Feature("tasks", plugin=True, needed=_matches(_TASK)),
    Feature("deflist", plugin=True, needed=_matches(_DEFINITION)),
    # Heading anchors: only where there are headings, ATX or setext.
    Feature("anchors", plugin=True, needed=lambda text: "#" in text or _underlined(text)),
)
ALL: frozenset[str] = frozenset(f.name for f in FEATURES)


def features_of(text: str) -> frozenset[str]:
    """Return the names of the optional features `text` may use (a superset of those it does)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return frozenset(f.name for f in FEATURES if f.needed(text))
