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
    block: tuple[str, ...] = ()  # markdown-it block rules it enables
    inline: tuple[str, ...] = ()  # inline rules (tokenizers)
    inline2: tuple[str, ...] = ()  # inline post-processing rules
    core: tuple[str, ...] = ()  # core rules (passes over a whole body's tokens)
    needed: Callable[[str], bool] | None = (
        None  # False only when the text cannot use it (None: see features_of)
    )


def _has(*markers: str) -> Callable[[str], bool]:
    """The text contains one of the markers (a longer one's first character is looked for first:
    faster)."""
    if len(markers) > 1:
        return lambda text: any(marker in text for marker in markers)
    marker = markers[0]
    if len(marker) == 1:
        return lambda text: marker in text
    first = marker[0]
    return lambda text: first in text and marker in text


def _line(pattern: str) -> Callable[[str], bool]:
    """Some line matches `pattern` from its start (searched after a newline, which re finds
    fast)."""
    search = re.compile("\n" + pattern).search
    return lambda text: search("\n" + text) is not None


# A thematic break ends its line with three of one marker and nothing else but spaces
# and tabs ("***", "- - -", "> ___"); what comes before them on the line is the
# container's (">", a list marker) or more markers. Searched in the reversed text,
# from the line's end, so that re can look for "\n" instead of trying every character.
_HR_REVERSED = re.compile(r"\n[ \t]*([-*_])[ \t]*\1[ \t]*\1").search
# A setext underline is a line of "=" or "-" alone but for blockquote markers and indentation.
_underlined = _line(r"[ \t>]*(?:=+|-+)[ \t]*(?:\n|$)")
# A definition starts its line with ":" or "~" and a space (the term is on the line above).
_defined = _line(r"[ \t>]*[:~][ \t]")
# A task is a list item whose text starts "[ ] ", "[x] " or "[X] ".
_TASK = re.compile(r"\[[ xX]\][ \t\n\v\f\r]").search
_backticks, _tildes = _has("```"), _has("~~~")

FEATURES: tuple[Feature, ...] = (
    Feature("table", block=("table",), needed=_has("|")),
    Feature("fence", block=("fence",), needed=lambda text: _backticks(text) or _tildes(text)),
    Feature("blockquote", block=("blockquote",), needed=_has(">")),
    Feature("hr", block=("hr",), needed=lambda text: _HR_REVERSED((text + "\n")[::-1]) is not None),
    Feature("reference", block=("reference",), needed=_has("]:")),
    Feature("heading", block=("heading",), needed=_has("#")),
    Feature("lheading", block=("lheading",), needed=_underlined),
    Feature("escape", inline=("escape",), needed=_has("\\")),
    Feature("backticks", inline=("backticks",), needed=_has("`")),
    Feature(
        "strikethrough", inline=("strikethrough",), inline2=("strikethrough",), needed=_has("~~")
    ),
    Feature("emphasis", inline=("emphasis",), inline2=("emphasis",), needed=_has("*", "_")),
    Feature("image", inline=("image",), needed=_has("![")),
    Feature("autolink", inline=("autolink",), needed=_has("<")),
    Feature("entity", inline=("entity",), needed=_has("&")),
    # Escapes and entities are the only makers of "text_special" tokens, which text_join merges.
    Feature("text_join", core=("text_join",), needed=lambda text: "\\" in text or "&" in text),
    # Plugins: no rules of markdown-it's own to switch off; itagen.render.markdown.new_markdown adds
    # them or not.
    Feature("footnote", needed=lambda text: "^" in text and ("[^" in text or "^[" in text)),
    Feature("tasks", needed=lambda text: "]" in text and _TASK(text) is not None),
    Feature("deflist", needed=_defined),
    # Heading anchors: only where there are headings, ATX or setext (see features_of).
    Feature("anchors", needed=None),
)
ALL: frozenset[str] = frozenset(f.name for f in FEATURES)
_TESTED = tuple((f.name, f.needed) for f in FEATURES if f.needed is not None)


def features_of(text: str) -> frozenset[str]:
    """Return the names of the optional features `text` may use (a superset of those it does)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = [name for name, needed in _TESTED if needed(text)]
    if "heading" in found or "lheading" in found:
        found.append("anchors")
    return frozenset(found)
