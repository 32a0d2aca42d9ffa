"""The Jinja environment class of the themes: Jinja's own, with a cheaper escape of each printed value.

With autoescape on, Jinja compiles every `{{ value }}` into `escape(value)`, and
markupsafe's `escape` wraps each result in a new `Markup` object (a Python-level
`__new__`): about 0.4 µs a value, a seventh of an item page's template time. The
printed pieces of a template only ever meet again in a join, and every place where
Jinja hands joined output on as a value (blocks, macros, `{% set %}` blocks,
filter blocks) wraps it in `Markup` itself. So the printed value only needs the
escaped text: for a `str`, the same escaping markupsafe does, without the wrapper.
Anything that is not a plain `str` (Markup, numbers, objects with `__html__`)
still goes through markupsafe's `escape`. The characters escaped are markupsafe's:
& < > ' " (tests/test_safety_xss.py and tests/test_templates_escape.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import escape


def code_version() -> str:
    """Name the code templates compile into: a digest of what shapes it.

    That is this module (the code generator), render.py (the environment's options:
    autoescape, whitespace control) and the Jinja version (importlib.metadata would cost
    ~15 ms a process). It names the compiled templates kept between runs (render.py): Jinja
    checks a kept file only against the template's source, so an itagen that compiles
    differently never loads this one's code, nor this one its.
    """
    import jinja2

    digest = hashlib.sha256(f"jinja2 {getattr(jinja2, '__version__', '?')}\0".encode())
    for module in ("jinjaenv.py", "pages.py"):
        digest.update(Path(__file__).with_name(module).read_bytes())
    return digest.hexdigest()[:16]


try:  # markupsafe's C escaping of a str, the function its own escape() calls
    from markupsafe import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - a markupsafe without it: its public escape, as text
    def _escape_str(text: str) -> str:
        return str(escape(text))


def escape_output(value: Any) -> str:
    """Return `value` as HTML-escaped text, exactly as markupsafe's escape would print it."""
    if type(value) is str:
        return _escape_str(value)
    return escape(value)


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, printing values through `environment.escape_output`."""

    def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile and finalize.src is None:
            self.write("environment.escape_output(")
        else:
            super()._output_child_pre(node, frame, finalize)


class ThemeEnvironment(Environment):
    """The environment every theme is rendered with (itagen/render.py sets it up)."""

    code_generator_class = _CodeGenerator
    escape_output = staticmethod(escape_output)
