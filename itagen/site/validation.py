"""Turning pydantic validation errors into itagen problems with file, line and a hint.

pydantic is imported lazily (it costs ~200 ms), so `itagen --help` stays fast;
the schemas themselves live next to the stage that owns them (config, content).
"""

from __future__ import annotations

import difflib
from typing import Any

from itagen.errors import Problem, shorten
from itagen.site.yamlio import line_of
from itagen.thai.dates import digits
from itagen.thai.messages import N_, _, language

# Lists whose entries a person counts ("the second document"), in the words of the ITA criteria.
ENTRY_WORDS = {"documents": N_("document {n}"), "covers": N_("covers entry {n}")}
ENTRY = N_("{key} entry {n}")


def words(loc: tuple[Any, ...], numerals: str = "thai") -> str:
    """Return a key path in plain words: ("documents", 0, "date") → "document 1 → date".

    Keys stay as the webmaster wrote them in YAML; list positions count from 1 and, in Thai,
    are written in the site's numerals (เอกสารลำดับที่ ๑).
    """
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            owner = str(loc[i - 1]) if i else ""
            n = digits(str(part + 1), numerals) if language() == "th" else str(part + 1)
            text = _(ENTRY_WORDS.get(owner, ENTRY)).format(key=owner, n=n)
            if parts and parts[-1] == owner:
                parts[-1] = text
            else:
                parts.append(text)
        else:
            parts.append(str(part))
    return " → ".join(parts)


# pydantic's own English, said again in our words (by error type; ctx fills the placeholders).
KINDS = {
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "string_type": N_("must be text"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "too_short": N_("cannot be empty"),
    "string_too_short": N_("cannot be empty"),
    "list_type": N_("must be a list (lines starting with '- ')"),
    "dict_type": N_("must be a group of keys"),
    "model_type": N_("must be a group of keys"),
    "literal_error": N_("must be one of {expected}"),
    "date_type": N_("must be a date"),
}


def _detail(err: dict[str, Any]) -> str:
    """Return what is wrong with a value, in the current language."""
    kind = err["type"]
    if kind in KINDS:
        ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
        try:
            return _(KINDS[kind]).format(**ctx)
        except (KeyError, IndexError):
            pass
    # Our own validators raise ValueError with a message already in the current language.
    return str(err["msg"]).removeprefix("Value error, ")


def dotted(loc: tuple[Any, ...]) -> str:
    """Return a YAML-style key path such as documents[2].date."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _allowed_keys(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """Return the keys allowed at the mapping that holds `loc[-1]` (for "did you mean")."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_of(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _moved_key(model: Any, loc: tuple[Any, ...]) -> str | None:
    """Return a hint when an unknown key belongs one level down (top-level eit_url → under ita:)."""
    name = str(loc[-1])
    for parent, field in getattr(model, "model_fields", {}).items():
        if len(loc) == 1 and name in getattr(_model_of(field.annotation), "model_fields", {}):
            return _(
                "'{key}' belongs under '{parent}:'; indent it below that line, e.g.\n"
                "    {parent}:\n      {key}: …"
            ).format(key=name, parent=parent)
    return None


def _model_of(annotation: Any) -> Any:
    """Find the pydantic model inside an annotation like `Contact | None` or `list[Document]`."""
    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def problems_from(
    exc: Any,
    model: Any,
    text: str,
    display: str,
    first_line: int = 1,
    messages: dict[str, str] | None = None,
    numerals: str = "thai",
) -> list[Problem]:
    """Translate a pydantic ValidationError into one Problem per fault."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Drop union branch names pydantic adds (e.g. 'str', 'function-after[...]'); but the last
        # part of an unknown-key error is the webmaster's own key, even one named '[' or 'str'.
        own = len(loc) - 1 if err["type"] == "extra_forbidden" else -1
        loc = tuple(
            p
            for i, p in enumerate(loc)
            if isinstance(p, int) or i == own or "[" not in str(p) and p not in ("str", "int")
        )
        # Each key is bounded on its own (a key may be a 10 MB line); the path itself is short.
        key = words(tuple(shorten(p, 40) if isinstance(p, str) else p for p in loc), numerals) or _(
            "(top level)"
        )
        line = line_of(text, loc, first_line)
        kind = err["type"]
        hint = None
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            msg = _("unknown key '{key}'").format(key=key)
            hint = (
                _("did you mean '{name}'?").format(name=close[0])
                if close
                else (
                    _("allowed keys here: {keys}").format(keys=", ".join(allowed))
                    if allowed
                    else None
                )
            )
            moved = _moved_key(model, loc)
            if moved:
                hint = moved
        elif kind == "missing":
            msg = _("the required key '{key}' is missing").format(key=key)
        else:
            # Bounded: pydantic may quote the value.
            msg = f"{key}: {shorten(_detail(err), 400)}"
            if messages and kind in messages:
                hint = messages[kind]
            elif kind == "string_type" and loc and isinstance(err.get("input"), (int, float, bool)):
                hint = _(
                    "YAML read this as a number or yes/no; put it in quotes: {key}: \"…\""
                ).format(key=loc[-1])
            elif (
                loc
                and "year" in str(loc[-1])
                and type(err.get("input")) is int
                and 1900 <= err["input"] < 2400
            ):
                hint = _(
                    "{year} is a Christian-era year; ITA years are Buddhist Era: use {be}"
                ).format(year=err["input"], be=err["input"] + 543)
        problems.append(Problem(msg, display, line, hint))
    return problems
