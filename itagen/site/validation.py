"""Turning pydantic validation errors into itagen problems with file, line and a hint.

pydantic is imported lazily (it costs ~200 ms), so `itagen --help` stays fast;
the schemas themselves live next to the stage that owns them (config, content).
"""

from __future__ import annotations

import difflib
from typing import Any

from itagen.errors import Problem, shorten
from itagen.site.yamlio import line_of


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


def _model_of(annotation: Any) -> Any:
    """Find the pydantic model inside an annotation like `Contact | None` or `list[Document]`."""
    if hasattr(annotation, "model_fields"):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def problems_from(exc: Any, model: Any, text: str, display: str, first_line: int = 1,
                  messages: dict[str, str] | None = None) -> list[Problem]:
    """Translate a pydantic ValidationError into one Problem per fault."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Drop union branch names pydantic adds (e.g. 'str', 'function-after[...]'); but the last
        # part of an unknown-key error is the webmaster's own key, even one named '[' or 'str'.
        own = len(loc) - 1 if err["type"] == "extra_forbidden" else -1
        loc = tuple(p for i, p in enumerate(loc)
                    if isinstance(p, int) or i == own or "[" not in str(p) and p not in ("str", "int"))
        key = shorten(dotted(loc) or "(top level)")
        line = line_of(text, loc, first_line)
        kind = err["type"]
        hint = None
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            msg = f"unknown key '{key}'"
            hint = f"did you mean '{close[0]}'?" if close else (
                f"allowed keys here: {', '.join(allowed)}" if allowed else None)
        elif kind == "missing":
            msg = f"the required key '{key}' is missing"
        else:
            # Bounded: pydantic may quote the value.
            detail = shorten(err["msg"].removeprefix("Value error, "), 400)
            msg = f"'{key}': {detail}"
            if messages and kind in messages:
                hint = messages[kind]
            elif kind == "string_type" and loc and isinstance(err.get("input"), (int, float, bool)):
                hint = f"YAML read this as a number or yes/no; put it in quotes: {loc[-1]}: \"…\""
        problems.append(Problem(msg, display, line, hint))
    return problems
