"""Guessing stable keys for a new year's items from the latest earlier catalog.

Owns the matching `itagen catalog import` does between an imported table and the
catalog before it, so that `itagen migrate` can follow each item across a
restructured year. An item gets an earlier key when its title is the same (after
years, spaces and punctuation are set aside), when its parts joined by "และ" name
several earlier items (a merge: one key kept, the others under `merges:`), when it
contains an earlier title, or when it is near one (difflib). Anything else gets a
new key. Every guess says why, so the review table and the YAML comments can show it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from itagen.catalog.load import Catalog, CatalogItem
from itagen.thai.messages import _

_YEAR_RE = re.compile(r"(?:ประจำ)?(?:ปี(?:งบประมาณ)?)?\s*(?:พ\.\s*ศ\.)?\s*[0-9๐-๙]{4}")
_NOISE_RE = re.compile(r"[\s\-–—_.,:;()\[\]\"'“”‘’/]+")
_PART_RE = re.compile(r"และ(?!ประพฤติมิชอบ)|\s+ตาม")
NEAR = 0.8  # a near title (after exact titles and merges)
LOOSE = 0.6  # the weakest likeness still offered as a guess


@dataclass(slots=True)
class KeyGuess:
    """The key guessed for one new item and why."""

    code: str
    title: str
    key: str
    kind: str  # matched | renamed | merged | new
    why: str = ""
    earlier: list[CatalogItem] = field(default_factory=list)  # the earlier items it takes over
    merges: list[str] = field(default_factory=list)


def norm(title: str) -> str:
    """Return a title reduced for comparison: no years, spaces, punctuation or case."""
    return _NOISE_RE.sub("", _YEAR_RE.sub("", title)).lower()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def guess_keys(
    items: list[tuple[str, str]], base: Catalog | None, year: int
) -> tuple[list[KeyGuess], list[CatalogItem]]:
    """Return a guess per (code, title) in order, and the earlier items nothing took over."""
    earlier = list(base.items) if base is not None else []
    free = {i.key: i for i in earlier}
    guesses: list[KeyGuess | None] = [None] * len(items)
    titles = [" ".join(t.split()) for _, t in items]

    def take(n: int, kind: str, why: str, found: list[CatalogItem]) -> None:
        code, title = items[n]
        for item in found:
            free.pop(item.key, None)
        merges = [i.key for i in found[1:]]
        guesses[n] = KeyGuess(code, title, found[0].key, kind, why, found, merges)

    passes = (_exact, _parts, _near, _contains, _loose)
    for step in passes:
        for n, title in enumerate(titles):
            if guesses[n] is None and free:
                hit = step(title, list(free.values()))
                if hit is not None:
                    take(n, *hit)
    taken_keys = {g.key for g in guesses if g is not None}
    out = []
    for n, guess in enumerate(guesses):
        if guess is None:
            code, title = items[n]
            key = _new_key(year, code, taken_keys)
            taken_keys.add(key)
            guess = KeyGuess(code, title, key, "new")
        out.append(guess)
    dropped = [i for i in earlier if i.key in free]
    return out, dropped


def _exact(raw: str, free: list[CatalogItem]) -> tuple[str, str, list[CatalogItem]] | None:
    title = norm(raw)
    same = [i for i in free if norm(i.title) == title]
    return ("matched", _("same title"), same[:1]) if same else None


def _near(raw: str, free: list[CatalogItem]) -> tuple[str, str, list[CatalogItem]] | None:
    title = norm(raw)
    best = max(free, key=lambda i: _ratio(title, norm(i.title)))
    score = _ratio(title, norm(best.title))
    if score < NEAR:
        return None
    return "renamed", _("near title ({score})").format(score=f"{score:.2f}"), [best]


def _covered(old: str, part: str) -> float:
    """The share of an earlier title's characters found, in order, in a part of the new one."""
    blocks = difflib.SequenceMatcher(None, part, old, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks if b.size >= 3) / len(old) if len(old) >= 6 else 0.0


def _part_score(part: str, old: str) -> float:
    if part == old or old in part or (len(part) >= 6 and old.startswith(part)):
        return 1.0
    # Strict on purpose: a wrong merge moves documents into the wrong item.
    return max(_covered(old, part), _ratio(part, old) if _ratio(part, old) >= 0.9 else 0.0)


def _parts(raw: str, free: list[CatalogItem]) -> tuple[str, str, list[CatalogItem]] | None:
    """A title joining several earlier ones ("โครงสร้างและอำนาจหน้าที่"): a merge."""
    parts = [norm(p) for p in _PART_RE.split(raw) if len(norm(p)) >= 4]
    if len(parts) < 2:
        return None
    found: list[CatalogItem] = []
    for part in parts:
        left = [i for i in free if i not in found]
        if not left:
            break
        best = max(left, key=lambda i: _part_score(part, norm(i.title)))
        if _part_score(part, norm(best.title)) >= 0.85:
            found.append(best)
    if len(found) < 2:
        return None
    found.sort(key=lambda i: free.index(i))
    codes = ", ".join(i.code for i in found)
    return "merged", _("its parts name {codes}").format(codes=codes), found


def _contains(raw: str, free: list[CatalogItem]) -> tuple[str, str, list[CatalogItem]] | None:
    title = norm(raw)
    inside = [i for i in free if len(norm(i.title)) >= 4 and norm(i.title) in title]
    if len(inside) >= 2:
        return (
            "merged",
            _("contains the titles of {codes}").format(codes=", ".join(i.code for i in inside)),
            inside,
        )
    around = [i for i in free if len(title) >= 4 and title in norm(i.title)]
    found = inside or around
    if not found:
        return None
    return "renamed", _("title contains or is part of {code}").format(code=found[0].code), found[:1]


def _loose(raw: str, free: list[CatalogItem]) -> tuple[str, str, list[CatalogItem]] | None:
    title = norm(raw)
    best = max(free, key=lambda i: _ratio(title, norm(i.title)))
    score = _ratio(title, norm(best.title))
    if score < LOOSE:
        return None
    return "renamed", _("near title ({score}), a weak guess").format(score=f"{score:.2f}"), [best]


def _new_key(year: int, code: str, taken: set[str]) -> str:
    key = f"item_{year}_{code.lower()}"
    n = 2
    while key in taken:
        key, n = f"item_{year}_{code.lower()}_{n}", n + 1
    return key
