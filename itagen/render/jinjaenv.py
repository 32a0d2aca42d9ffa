"""The Jinja environment every theme is rendered with, and the filters it offers templates.

Owns the one factory that builds it: Jinja's own `Environment` with autoescape on for
every template, StrictUndefined so a mistyped variable fails the build, no auto-reload,
the theme's folders as its loader, and itagen's filters (Thai dates and digits, numbers,
file sizes, relative links, QR codes). Compiled templates are kept between runs by
cache/templates.py.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    StrictUndefined,
    pass_context,
)
from markupsafe import Markup

from itagen.cache.templates import bytecode_cache
from itagen.eit.qr import QrCache, qr_svg
from itagen.render.themes import Theme
from itagen.site.paths import url_path
from itagen.thai.dates import digits, format_date, format_fiscal_year, format_number
from itagen.thai.periods import Period, period_label


def _numerals(ctx: Any) -> str:
    # "_numerals" is put in every page's context (see Renderer._page): the filters ask for it on
    # every number and date, and reaching it through site → config → site.yaml's model costs three
    # lookups.
    found = ctx.get("_numerals")
    if found is not None:
        return found
    site = ctx.get("site")
    return site.numerals if site is not None else "thai"


@pass_context
def _f_thaidate(ctx: Any, value: dt.date | None, style: str = "full") -> str:
    return "" if value is None else _date_text(value, style, _numerals(ctx))


@lru_cache(maxsize=4096, typed=True)
def _date_text(value: dt.date, style: str, numerals: str) -> str:
    """format_date, once per date: the same dates repeat on many pages of a site."""
    return format_date(value, style, numerals)


@pass_context
def _f_digits(ctx: Any, value: Any) -> str:
    return _digits_text(str(value), _numerals(ctx))


@lru_cache(maxsize=4096)
def _digits_text(text: str, numerals: str) -> str:
    """digits, once per text: the catalog's requirements and headings repeat on every site's
    pages."""
    return digits(text, numerals)


@pass_context
def _f_number(ctx: Any, value: Any, decimals: int | None = None) -> str:
    return format_number(value, decimals, _numerals(ctx))


@pass_context
def _f_fiscal(ctx: Any, year: int) -> str:
    return format_fiscal_year(year, _numerals(ctx))


@pass_context
def _f_filesize(ctx: Any, size: int | None) -> str:
    return "" if size is None else _size_text(size, _numerals(ctx))


@lru_cache(maxsize=4096, typed=True)
def _size_text(size: int, numerals: str) -> str:
    """A file size in words, once per size: a document listed under many items has one size."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return format_number(size / scale, 1, numerals) + " " + unit
    return format_number(size, None, numerals) + " ไบต์"


@pass_context
@pass_context
def _f_period(ctx: Any, value: Period | None) -> str:
    return "" if value is None else period_label(value, _numerals(ctx))


@pass_context
def _f_rel(ctx: Any, path: str) -> str:
    """Make a site-relative output path relative to the current page (percent-encoded)."""
    return ctx["root"] + url_path(path)


def new_environment(theme: Theme, qr_cache: QrCache | None = None) -> Environment:
    """Return the Jinja environment for a theme, with itagen's filters and safe settings.

    `qr_cache` keeps the QR codes its `qr` filter draws (a new one when not given).
    """
    codes = qr_cache if qr_cache is not None else QrCache()

    def _f_qr(url: str, label: str = "QR code") -> Markup:
        return Markup(
            qr_svg(url, label, cache=codes)
        )  # safe: qr.py builds the SVG from escaped parts only

    loader = ChoiceLoader(
        [
            FileSystemLoader([str(d) for d in theme.dirs]),
            # "default/base.html" reaches a named theme below the site's own overrides of it, so an
            # override (themes/default/item.html in the site) can extend the template it replaces.
            PrefixLoader(
                {
                    name: FileSystemLoader([str(d) for d in (dirs[1:] or dirs)])
                    for name, dirs in theme.levels
                }
            ),
        ]
    )
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode_cache(Path(__file__)),
    )
    env.filters.update(
        thaidate=_f_thaidate,
        digits=_f_digits,
        number=_f_number,
        fiscal=_f_fiscal,
        filesize=_f_filesize,
        rel=_f_rel,
        qr=_f_qr,
        period=_f_period,
    )
    return env


@lru_cache(maxsize=8)
def cached_environment(theme: Theme, stamp: tuple = ()) -> Environment:
    """Return one environment per theme per process (templates compile once per worker).

    `stamp` (Theme.stamp()) is part of the key, so an edited template is never served from
    an environment compiled before the edit (auto_reload is off for speed).
    """
    return new_environment(theme)
