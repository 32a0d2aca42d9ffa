"""Reading an extending catalog file (`extends: 2566` plus only what differs), before its base.

Owns the override schema's validation: the file's YAML checked against the pydantic models of
catalog/schemas.py, each `items:` override checked on its own so a mistake names its key and
line, and the rules a model cannot state (a required field emptied, a code set under
`renumber: true`). The result is an Extension; applying it to the base year is extend.py's.
The schema is documented in docs/catalogs.md.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.site.validation import dotted, problems_from
from itagen.site.yamlio import line_of

NULLABLE = ("nothing_statement", "unit", "note")


@dataclass(frozen=True)
class Extension:
    """A validated extending catalog file, before its base is known."""

    year: int
    extends: int
    title: str | None
    status: str
    source: str
    shift_years: bool
    renumber: bool
    subindicators: dict[str, str]  # number → new title
    headings: dict[str, str]  # old heading title → new title
    items: dict[str, dict[str, Any]]  # key → the fields it sets
    remove: tuple[str, ...]
    add: tuple[dict[str, Any], ...]  # item fields plus after / subindicator / heading
    text: str  # the file's text, for line numbers
    display: str


def schema() -> tuple[Any, Any, Any]:
    """Return the pydantic models (extending file, item override, added item; catalog/schemas.py).
    """
    from itagen.catalog.schemas import AddSpec, ExtensionSpec, ItemPatch

    return ExtensionSpec, ItemPatch, AddSpec


def parse_extension(raw: dict[str, Any], text: str, display: str) -> Extension:
    """Validate an extending catalog file's YAML (already loaded) or raise ItagenError."""
    from pydantic import ValidationError

    spec_model, patch_model, _item_model = schema()
    try:
        spec = spec_model.model_validate(raw)
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, spec_model, text, display)) from None
    problems: list[Problem] = []
    items: dict[str, dict[str, Any]] = {}
    for key, patch in spec.items.items():
        try:
            items[key] = patch_model.model_validate(patch or {}).model_dump(exclude_unset=True)
        except ValidationError as exc:
            problems += _patch_problems(exc, patch_model, ("items", key), text, display)
    if problems:
        raise ItagenError(problems)
    problems += [
        problem_at(
            text,
            display,
            ("items", key, name),
            _("'items.{key}.{name}' cannot be empty").format(key=key, name=name),
            _("give a value, or leave the key out to keep the base's"),
        )
        for key, patch in items.items()
        for name, value in patch.items()
        if value is None and name not in NULLABLE
    ]
    if spec.renumber:
        problems += [
            problem_at(
                text,
                display,
                ("items", key, "code"),
                _("renumber: true numbers every item; an override cannot set a code too"),
                _("remove this code, or remove renumber: true"),
            )
            for key, patch in items.items()
            if "code" in patch
        ]
    if problems:
        raise ItagenError(problems)
    return Extension(
        year=spec.year,
        extends=spec.extends,
        title=spec.title,
        status=spec.status,
        source=spec.source,
        shift_years=spec.shift_years,
        renumber=spec.renumber,
        subindicators={n: s["title"] for n, s in spec.subindicators.items()},
        headings=dict(spec.headings),
        items=items,
        remove=spec.remove,
        add=tuple(a.model_dump(exclude_unset=True) for a in spec.add),
        text=text,
        display=display,
    )


def _patch_problems(
    exc: Any, model: Any, prefix: tuple[Any, ...], text: str, display: str
) -> list[Problem]:
    """Like validation.problems_from, for a model that sits under a mapping keyed by item key."""
    out = []
    for err in exc.errors(include_url=False):
        loc = prefix + tuple(err["loc"])
        hint = None
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(
                str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6
            )
            msg = _("unknown key '{key}'").format(key=dotted(loc))
            hint = (
                _("did you mean '{name}'?").format(name=close[0])
                if close
                else _("allowed keys here: {keys}").format(keys=", ".join(model.model_fields))
            )
        else:
            msg = f"'{dotted(loc)}': {err['msg'].removeprefix('Value error, ')}"
        out.append(Problem(msg, display, line_of(text, loc), hint))
    return out


def problem_at(
    text: str, display: str, loc: tuple[Any, ...], message: str, hint: str | None = None
) -> Problem:
    """A Problem of the extending file, at the line of `loc` (a path of YAML keys)."""
    return Problem(message, display, line_of(text, loc), hint)
