"""Catalogs that extend another year's: `extends: 2566` plus only what differs.

Owns the application of a validated Extension (extend_parse.py reads the file) to the base
Catalog: a year shift of the period texts (`shift_years`), per-key item overrides (`items:`),
removals (`remove:`), additions placed after an item or under a heading (`add:`), renamed
headings and sub-indicators, and optional renumbering of the codes. Every reference (an item
key, a sub-indicator, a heading) is checked against the base, and a mistake names the line of
the extending file and the nearest valid name. The schema is documented in docs/catalogs.md.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from itagen.catalog.extend_parse import Extension, problem_at
from itagen.catalog.model import (
    Catalog,
    CatalogItem,
    MERGE_CONFLICT,
    Heading,
    Indicator,
    Subindicator,
    merge_conflicts,
)
from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem

ITEM_FIELDS = (
    "code",
    "title",
    "components",
    "period",
    "monthly",
    "live_link",
    "nothing_statement",
    "unit",
    "note",
    "merges",
)
TEXT_FIELDS = ("title", "nothing_statement", "note")
ADD_DEFAULTS = {
    "code": "",
    "components": (),
    "period": "none",
    "monthly": False,
    "live_link": False,
    "nothing_statement": None,
    "unit": None,
    "note": None,
    "merges": (),
}
_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def _unknown(kind: str, name: str, known: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
    names = _(" or ").join(repr(c) for c in close)
    hint = (
        _("did you mean {names}?").format(names=names)
        if close
        else _("the known ones are: {names}").format(names=", ".join(known))
    )
    return _("the base catalog has no {kind} '{name}'").format(kind=kind, name=name), hint


def year_shifter(base_year: int, year: int):
    """Return a function moving the years the period rules
    name (base and base − 1) by year − base_year.

    Only those two years move: a law's year (พ.ร.บ. … พ.ศ. 2560) stays. Thai digits are shifted too.
    """
    delta = year - base_year
    table = {str(y): str(y + delta) for y in (base_year - 1, base_year)}
    table.update({k.translate(_DIGITS): v.translate(_DIGITS) for k, v in list(table.items())})
    pattern = re.compile(r"(?<![0-9๐-๙])(" + "|".join(table) + r")(?![0-9๐-๙])")

    def shift(text: str | None) -> str | None:
        return None if text is None else pattern.sub(lambda m: table[m.group(1)], text)

    return shift


def apply_extension(base: Any, ext: Extension) -> Any:
    """Return the Catalog that `ext` describes on top of
    `base`, or raise ItagenError naming its lines.
    """

    text, display = ext.text, ext.display
    problems: list[Problem] = []

    def fail(loc: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        problems.append(problem_at(text, display, loc, message, hint))

    _check_references(base, ext, fail)
    shift = year_shifter(base.year, ext.year) if ext.shift_years else (lambda s: s)
    removed = set(ext.remove)
    # A mutable copy of the base tree:
    # [indicator, [[sub, title, [[heading title, [item fields]]]]]].
    tree = []
    for ind in base.indicators:
        subs = []
        for sub in ind.subindicators:
            headings = []
            for heading in sub.headings:
                items = [
                    _inherit(item, shift, ext.items.get(item.key, {}))
                    for item in heading.items
                    if item.key not in removed
                ]
                headings.append([ext.headings.get(heading.title, shift(heading.title)), items])
            subs.append([sub.number, ext.subindicators.get(sub.number, shift(sub.title)), headings])
        tree.append([ind, subs])
    code_origin = {
        key: ("items", key, "code") for key, patch in ext.items.items() if "code" in patch
    }
    for n, add in enumerate(ext.add):
        _place(tree, n, add, ext.renumber, fail)
        if "code" in add:
            code_origin[add["key"]] = ("add", n, "code")
    if problems:
        raise ItagenError(problems)
    # Headings, sub-indicators and indicators that lost every item go too.
    indicators = []
    counter = 0
    for ind, subs in tree:
        built_subs = []
        for number, sub_title, headings in subs:
            built_headings = []
            for heading_title, items in headings:
                if not items:
                    continue
                built = []
                for fields in items:
                    counter += 1
                    if ext.renumber:
                        fields = {**fields, "code": f"O{counter}"}
                    built.append(CatalogItem(subindicator=number, heading=heading_title, **fields))
                built_headings.append(Heading(heading_title, tuple(built)))
            if built_headings:
                built_subs.append(Subindicator(number, sub_title, tuple(built_headings)))
        if built_subs:
            indicators.append(Indicator(ind.number, shift(ind.title), tuple(built_subs)))
    if not indicators:
        fail(("remove",), _("the catalog has no items left"), _("remove fewer items, or add some"))
        raise ItagenError(problems)
    built_items = [i for ind in indicators for s in ind.subindicators for i in s.items]
    _check_codes(built_items, code_origin, fail)
    adds = {add["key"]: n for n, add in enumerate(ext.add)}
    for key, merged in merge_conflicts(built_items):
        if merged in adds and "merges" not in ext.items.get(key, {}) and key not in adds:
            # An item the base merged away is added back: the inherited merges must go.
            fail(
                ("add", adds[merged], "key"),
                _("'{merged}' is added back, but '{key}' still merges it").format(
                    merged=merged, key=key
                ),
                _("also write items: {example} (or list only the keys it still covers)").format(
                    example=f"{{{key}: {{merges: []}}}}"
                ),
            )
            continue
        where = ("add", adds[key], "merges") if key in adds else ("items", key, "merges")
        fail(
            where if key in adds or "merges" in ext.items.get(key, {}) else ("extends",),
            _(MERGE_CONFLICT).format(key=key, merged=merged),
            _("merges names keys of earlier years' items that this item now covers"),
        )
    if problems:
        raise ItagenError(problems)
    return Catalog(
        ext.year,
        ext.title or shift(base.title),
        ext.status,
        ext.source,
        tuple(indicators),
        display,
        extends=base.year,
    )


def _inherit(item: Any, shift: Any, patch: dict[str, Any]) -> dict[str, Any]:
    """The fields of an inherited item: its texts year-shifted, then the override on top."""
    fields = {name: getattr(item, name) for name in ITEM_FIELDS + ("key",)}
    for name in TEXT_FIELDS:
        fields[name] = shift(fields[name])
    fields["components"] = tuple(shift(c) for c in item.components)
    fields.update(patch)
    return fields


def _check_references(base: Any, ext: Extension, fail: Any) -> None:
    """Every key, sub-indicator and heading the extension names must exist in the base."""
    keys = [i.key for i in base.items]
    for key in ext.items:
        if key not in keys:
            fail(("items", key), *_unknown("item key", key, keys))
        elif key in ext.remove:
            fail(
                ("items", key),
                _("'{key}' is both overridden and removed").format(key=key),
                _("keep one of the two"),
            )
    for n, key in enumerate(ext.remove):
        if key not in keys:
            fail(("remove", n), *_unknown("item key", key, keys))
    for number in ext.subindicators:
        if number not in base.subindicators:
            fail(
                ("subindicators", number),
                *_unknown("sub-indicator", number, list(base.subindicators)),
            )
    titles = list(dict.fromkeys(h.title for s in base.subindicators.values() for h in s.headings))
    for old in ext.headings:
        if old not in titles:
            fail(("headings", old), *_unknown("heading", old, titles))


def _place(tree: list[Any], n: int, add: dict[str, Any], renumber: bool, fail: Any) -> None:
    """Insert an added item after an item, or under a heading (new or existing) of a sub-indicator.
    """
    loc = ("add", n)
    fields = {**ADD_DEFAULTS, **{name: add[name] for name in ITEM_FIELDS + ("key",) if name in add}}
    where = [(number, headings) for _, subs in tree for number, _, headings in subs]
    keys = [f["key"] for _, headings in where for _, items in headings for f in items]
    if add["key"] in keys:
        fail(
            loc + ("key",),
            _("the catalog already has an item '{key}'").format(key=add["key"]),
            _(
                "to change an inherited item use items: {example}; to move it, remove it and add "
                "it again"
            ).format(example="{key: {…}}"),
        )
        return
    if not add.get("code") and not renumber:
        fail(
            loc,
            _("the added item '{key}' needs a code (O1 …)").format(key=add["key"]),
            _("give it code:, or set renumber: true"),
        )
        return
    if ("after" in add) == ("subindicator" in add) or ("heading" in add and "after" in add):
        fail(
            loc,
            _("say where '{key}' goes: after: <item key>, or subindicator: (and heading:)").format(
                key=add["key"]
            ),
        )
        return
    if "after" in add:
        for _number, headings in where:
            for _heading, items in headings:
                for i, other in enumerate(items):
                    if other["key"] == add["after"]:
                        items.insert(i + 1, fields)
                        return
        fail(loc + ("after",), *_unknown("item key", add["after"], keys))
        return
    for number, headings in where:
        if number == add["subindicator"]:
            title = add.get("heading", headings[-1][0])  # no heading: the sub-indicator's last one
            for heading_title, items in headings:
                if heading_title == title:
                    items.append(fields)
                    return
            headings.append([title, [fields]])  # a heading the base does not have
            return
    fail(
        loc + ("subindicator",),
        *_unknown("sub-indicator", add["subindicator"], [w[0] for w in where]),
    )


def _check_codes(items: list[Any], origin: dict[str, tuple[Any, ...]], fail: Any) -> None:
    """Two items with one code would share one page address:
    refuse, pointing at the code that clashes.
    """
    seen: dict[str, str] = {}
    for item in items:
        if item.code in seen:
            loc = origin.get(item.key) or origin.get(seen[item.code]) or ("extends",)
            fail(
                loc,
                _("items '{first}' and '{second}' both have the code {code}").format(
                    first=seen[item.code], second=item.key, code=item.code
                ),
                _("give one of them another code, or set renumber: true"),
            )
        seen[item.code] = item.key
