"""Stage 4 — rendering: every page of the site, and ita.json, sitemap.xml and robots.txt.

Owns the list of pages a site has and what each page's template receives (the
environment and its filters are jinjaenv.py's). Pages are produced one at a time, so memory
stays flat however many items there are. Every internal link is relative: each
page knows its way back to the site root (`root`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from html import escape as escape_text
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, Template, TemplateError, TemplateNotFound, TemplateSyntaxError
from markupsafe import Markup

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.render.jinjaenv import cached_environment, new_environment  # noqa: F401 - re-exported
from itagen.render.markdown import BodyRenderer, LinkContext
from itagen.render.themes import Theme
from itagen.site.model import ItemView, SiteView, YearView
from itagen.site.paths import url_path
from itagen.thai.dates import digits
from itagen.thai.periods import to_json as period_json


@dataclass(frozen=True, slots=True)
class Crumb:
    """One step of the breadcrumb trail; `path` is None for the current page."""

    title: str
    path: str | None
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What a template knows about the page it renders."""

    path: str  # output path relative to the site root
    title: str
    kind: str  # home | year | item | page | poster | notfound
    crumbs: tuple[Crumb, ...] = ()


def _root_of(path: str) -> str:
    depth = path.count("/")
    return "../" * depth


class Renderer:
    """Renders every page of one site from its model."""

    def __init__(
        self, site: SiteView, theme: Theme, bodies: BodyRenderer, env: Environment | None = None
    ) -> None:
        self.site = site
        self.theme = theme
        # One environment per theme per process, unless the caller brings its own (serve, after a
        # theme edit).
        self.env = env if env is not None else cached_environment(theme, theme.stamp())
        self.bodies = bodies
        self.numerals = site.numerals
        self.problems: list[Problem] = []
        self._templates: dict[str, Template] = {}

    # -- one method per kind of page -------------------------------------------------

    def pages(self) -> Iterator[tuple[str, str]]:
        """Yield (output path, HTML) for every page of the site."""
        for _job, render in self.jobs():
            yield render()

    def jobs(self) -> Iterator[tuple[ItemView | None, Callable[[], tuple[str, str]]]]:
        """Yield every page of the site in order, as (its item, or None, and a function that renders
        it).

        The order is the one problems are reported in, whichever process renders a page.
        """
        site = self.site
        yield None, partial(self._page, "index.html", "home", "ITA", ())
        for year in site.years:
            yield None, partial(self.year_page, year)
            for item in year.items:
                yield item, partial(self.item_page, item)
        for page in site.pages:
            yield None, partial(self.free_page, page)
        if site.current is not None:  # printable A4 posters: eit/ always, iit/ when configured
            for survey in site.config.surveys:
                yield (
                    None,
                    partial(
                        self._page,
                        f"{survey.kind}/index.html",
                        "poster",
                        survey.title,
                        (),
                        year=site.current,
                        survey=survey,
                    ),
                )
        yield None, partial(self._page, "404.html", "notfound", "ไม่พบหน้าที่ต้องการ", ())

    def free_page(self, page: Any) -> tuple[str, str]:
        """Return a free page (content/pages/*.md)."""
        path = f"pages/{page.slug}/index.html"
        html, problems = self.bodies.render(
            page.body, LinkContext(_root_of(path), page.src, page.body_line)
        )
        self.problems.extend(problems)
        return self._page(
            path, "page", page.title, (Crumb(page.title, None),), free_page=page, body=Markup(html)
        )  # safe: Markdown with raw HTML off

    def year_page(self, year: YearView) -> tuple[str, str]:
        """Return the year index: indicators → sub-indicators → headings → items."""
        title = f"ITA {digits(str(year.year), self.site.numerals)}"
        return self._page(year.path, "year", title, (Crumb(title, None),), year=year)

    def item_page(self, item: ItemView) -> tuple[str, str]:
        """Return one item's page: title, requirements, body and documents."""
        year = self.site.by_year[item.year]
        body = ""
        if item.content is not None:
            ctx = LinkContext(_root_of(item.path), item.content.src, item.content.body_line)
            body, problems = self.bodies.render(item.content.body, ctx)
            self.problems.extend(problems)
        sub = year.catalog.subindicators[item.spec.subindicator]
        num = self.site.numerals
        crumbs = (
            Crumb(f"ITA {digits(str(item.year), num)}", year.path),
            Crumb(
                f"{digits(sub.number, num)} {sub.title}",
                year.path,
                "s" + sub.number.replace(".", "-"),
            ),
            Crumb(f"{item.code} {item.title}", None),
        )
        return self._page(
            item.path,
            "item",
            f"{item.code} {item.title}",
            crumbs,
            year=year,
            item=item,
            body=Markup(body),
        )  # safe: Markdown with raw HTML off

    # -- machinery ---------------------------------------------------------------------

    def _page(
        self, path: str, kind: str, title: str, crumbs: tuple[Crumb, ...], **extra: Any
    ) -> tuple[str, str]:
        info = PageInfo(path, title, kind, crumbs)
        root = _root_of(path) or "./"
        if kind == "notfound" and self.site.config.base_url:
            # Served at any depth for a missing address: links start from the site's own path
            # (/ita/).
            root = urlsplit(self.site.config.base_url).path or "/"
        elif kind == "notfound":
            # Where the site sits is unknown, so no relative address would hold at every depth: the
            # page carries its styles and has no links (404.html; docs/themes.md).
            extra["standalone_css"] = Markup(self.theme.standalone_css())  # safe: the theme's CSS
        context = {
            "site": self.site,
            "page": info,
            "root": root,
            "_numerals": self.numerals,
            "year": None,
            "item": None,
            "body": Markup(""),
            "free_page": None,
        }
        context.update(extra)
        template_name = {
            "home": "index.html",
            "year": "year.html",
            "item": "item.html",
            "page": "page.html",
            "poster": "eit.html",
            "notfound": "404.html",
        }[kind]
        return path, self._render(template_name, context)

    def _render(self, name: str, context: dict[str, Any]) -> str:
        try:
            template = self._templates.get(name)
            if (
                template is None
            ):  # looked up once per renderer: Jinja's own cache takes a lock on every lookup
                template = self._templates[name] = self.env.get_template(name)
            return template.render(context)
        except TemplateNotFound as exc:
            raise ItagenError(
                _("the theme '{name}' has no template {template}").format(
                    name=self.theme.name, template=exc.name
                ),
                None,
                None,
                _("searched: {folders}").format(folders=", ".join(str(d) for d in self.theme.dirs)),
            ) from None
        except TemplateSyntaxError as exc:
            raise ItagenError(
                _("template error: {reason}").format(reason=exc.message),
                exc.filename or exc.name,
                exc.lineno,
            ) from None
        except TemplateError as exc:
            raise ItagenError(
                _("template error in {name}: {reason}").format(name=name, reason=exc),
                _template_file(exc),
                _template_line(exc),
                _("check the variable and filter names the template uses (docs/themes.md)"),
            ) from None
        except RecursionError:
            raise ItagenError(
                _("the template {name} extends or includes itself").format(name=name),
                None,
                None,
                _("to extend the built-in template you replace, write {tag}").format(
                    tag='{% extends "default/' + name + '" %}'
                ),
            ) from None


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _template_file(exc: BaseException) -> str | None:
    tb = exc.__traceback__
    name = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".html"):
            name = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    return name


def ita_json(site: SiteView) -> str:
    """Return ita.json: the whole index, machine-readable, stable key order."""
    base = site.config.base_url
    years = []
    for year in site.years:
        items = []
        for item in year.items:
            entry: dict[str, Any] = {
                "code": item.code,
                "key": item.key,
                "title": item.title,
                "subindicator": item.spec.subindicator,
                "heading": item.spec.heading,
                "status": item.status,
                "path": item.path.removesuffix("index.html"),
            }
            if base:
                entry["url"] = base + entry["path"]
            if item.updated:
                entry["updated"] = item.updated.isoformat()
            entry["documents"] = [_doc_json(d, base) for d in item.documents]
            items.append(entry)
        years.append(
            {
                "year": year.year,
                "catalog": {"status": year.catalog.status, "title": year.catalog.title},
                "ready": year.ready,
                "total": len(year.items),
                "items": items,
            }
        )
    agency = site.agency
    data = {
        "generator": "itagen",
        "agency": {
            "name": agency.name,
            "short_name": agency.short_name,
            "province": agency.province,
            "district": agency.district,
        },
        "base_url": base,
        "current_year": site.current.year if site.current else None,
        "eit_url": site.eit_url,
        "iit_url": site.iit_url,
        "years": years,
    }
    # Compact: only then does json use its C encoder, and ita.json is for programs.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _doc_json(doc: Any, base: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"title": doc.title, "kind": doc.kind}
    if doc.file:
        out["file"] = doc.file
        out["size"] = doc.size
        if base:
            out["url"] = base + url_path(doc.file)
    else:
        out["url"] = doc.url
    if doc.date:
        out["date"] = doc.date.isoformat()
    if doc.period:
        # The months the data covers (CE, as every date in ita.json), and whether the webmaster
        # wrote it (period:) or itagen read it from the title.
        out["period"] = {**period_json(doc.period), "source": doc.period_source}
    return out


def sitemap_xml(site: SiteView) -> str | None:
    """Return sitemap.xml when base_url is set (it needs absolute URLs), else None."""
    base = site.config.base_url
    if not base:
        return None
    rows = [(base, None)]
    for year in site.years:
        rows.append((base + f"{year.year}/", None))
        rows.extend(
            (base + item.path.removesuffix("index.html"), item.updated) for item in year.items
        )
    rows.extend((base + f"pages/{p.slug}/", None) for p in site.pages)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for loc, updated in rows:
        last = f"<lastmod>{updated.isoformat()}</lastmod>" if updated else ""
        # &, < and > as XML text needs them (xml.sax.saxutils would import urllib.request)
        lines.append(f"  <url><loc>{escape_text(loc, quote=False)}</loc>{last}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site: SiteView) -> str:
    """Return robots.txt, naming the sitemap when there is one."""
    text = "User-agent: *\nAllow: /\n"
    if site.config.base_url:
        text += f"Sitemap: {site.config.base_url}sitemap.xml\n"
    return text
