"""Markdown bodies: markdown-it-py set up once, safely, with links checked and made relative.

Owns the Markdown dialect (js-default preset: tables, strikethrough, raw HTML off
unless the site sets `allow_html: true`; footnotes, task lists, definition lists,
Thai-safe heading anchors) and the link policy. Each body is parsed by a parser with
only the rules its text can use (itagen/mdfeatures.py): the same HTML, less work.
Links in a body are written relative to the site folder (`files/2566/plan.pdf`,
`content/2566/9.1/O5.md`) and are rewritten relative to the page being rendered, so
the output works under any sub-path and from disk. `javascript:`, `vbscript:`,
`data:` and `file:` links are refused with the line they are on, never silently dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from itagen.cache.bodies import BodyCache, BodyMemo
from itagen.errors import Problem, shorten
from itagen.render.mdfeatures import ALL, FEATURES, features_of
from itagen.site.links import is_dangerous
from itagen.site.paths import SitePaths, UnsafePath, similar_file, url_path
from itagen.thai.messages import _
from itagen.thai.text import slugify

SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
CONTENT_ITEM_RE = re.compile(r"^content/(\d{4})/[\d.]+/([Oo]\d+)\.(md|ya?ml)$")
CONTENT_PAGE_RE = re.compile(r"^content/pages/([a-z0-9][a-z0-9-]*)\.md$")
OUTPUT_ITEM_RE = re.compile(r"^(\d{4})/(o\d+)/?(index\.html)?$")


@dataclass(frozen=True, slots=True)
class LinkContext:
    """Where a body is rendered: the page's way back to the site root, and the source for
    messages."""

    root: str  # relative prefix from the page to the site root, e.g. "../../"
    display: str  # the source file, for messages
    first_line: int  # line of the body's first line in that file


def new_markdown(allow_html: bool = False, features: frozenset[str] = ALL) -> MarkdownIt:
    """Return the configured parser (one per build or worker; it holds no per-page state).

    `features` leaves out the optional rules and plugins a text cannot use (itagen/mdfeatures.py).
    """
    md = MarkdownIt("js-default", {"html": allow_html})
    if "footnote" in features:
        md.use(footnote_plugin)
    if "tasks" in features:
        md.use(tasklists_plugin)
    if "deflist" in features:
        md.use(deflist_plugin)
    if "anchors" in features:
        # A heading of punctuation only has no slug; "หัวข้อ" keeps its id non-empty (duplicates get
        # -1, -2).
        md.use(
            anchors_plugin, min_level=2, max_level=4, slug_func=lambda text: slugify(text) or "หัวข้อ"
        )
    unused = [f for f in FEATURES if f.name not in features]
    block = [rule for f in unused for rule in f.block]
    inline = [rule for f in unused for rule in f.inline]
    if not allow_html:  # the HTML rules would only look at the option and give up
        block.append("html_block")
        inline.append("html_inline")
    # ignoreInvalid: a rule a later markdown-it-py renames is simply left on (slower, same HTML).
    md.block.ruler.disable(block, ignoreInvalid=True)
    md.inline.ruler.disable(inline, ignoreInvalid=True)
    md.inline.ruler2.disable([rule for f in unused for rule in f.inline2], ignoreInvalid=True)
    md.core.ruler.disable([rule for f in unused for rule in f.core], ignoreInvalid=True)
    # Every link is checked by `_check_links` instead, so that a refused link is
    # reported with its line rather than quietly left as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@lru_cache(maxsize=128)
def _parser(allow_html: bool, features: frozenset[str]) -> MarkdownIt:
    """One parser per combination of features in a process (a site's bodies use a handful)."""
    return new_markdown(allow_html, features)


def parser_for(text: str, allow_html: bool = False) -> MarkdownIt:
    """Return the parser for `text`: only the rules it may use, so the same HTML for less work."""
    return _parser(allow_html, features_of(text))


@lru_cache(maxsize=1024)  # asked by the year index, the item page, ita.json and check alike
def has_links(text: str) -> bool:
    """True when Markdown text has a link or an image (parsed: text that only looks like one is
    not).

    build.py hands it to the model, which decides an item's status with it.
    """
    if "](" not in text and "]:" not in text and "<" not in text:
        return False  # no inline link, reference definition or autolink can be there
    return any(True for _link in iter_links(parser_for(text).parse(text), 0))


def iter_links(tokens: list, first_line: int) -> Iterator[tuple[Any, str, str, int]]:
    """Yield (token, "href" or "src", URL, line in the file) for every link and image of a body.

    A block's map gives its first line; inside a paragraph, the line breaks before a link
    (softbreak and hardbreak tokens, newlines kept in raw HTML or text) say how far down it is.
    """
    line = first_line
    for token in tokens:
        if token.map:
            line = first_line + token.map[0]
        if token.children:  # only inline tokens have children; links and images are among them
            below = 0
            for child in token.children:
                kind = child.type
                if kind == "link_open":
                    yield child, "href", str(child.attrGet("href") or ""), line + below
                elif kind == "image":
                    yield child, "src", str(child.attrGet("src") or ""), line + below
                    below += _breaks_in(child.children)  # an alt text may run over lines
                if kind in ("softbreak", "hardbreak"):
                    below += 1
                elif kind in ("text", "html_inline"):
                    below += child.content.count("\n")


def _breaks_in(children: list | None) -> int:
    """The line breaks inside an image's alt text."""
    return sum(1 for c in children or () if c.type in ("softbreak", "hardbreak"))


class BodyRenderer:
    """Renders item and page bodies, checking and rewriting every link and image."""

    def __init__(
        self,
        site_root: Path,
        allow_html: bool = False,
        fallbacks: tuple[Path, ...] = (),
        pages: frozenset[str] | None = None,
        cache: BodyCache | BodyMemo | None = None,
    ) -> None:
        self.paths = SitePaths(site_root, fallbacks)
        self.allow_html = allow_html
        self.pages = (
            pages  # the site's page paths (2566/o1/index.html …), when known: links to others fail
        )
        self.cache = cache  # bodies of the last build (cache/bodies.py), and where this build's go

    def parser_for(self, text: str) -> MarkdownIt:
        """Return the parser for `text` (see the module function)."""
        return parser_for(text, self.allow_html)

    def render(self, text: str, ctx: LinkContext) -> tuple[str, list[Problem]]:
        """Return the body's HTML and the problems found in its links."""
        if not text.strip():
            return "", []
        cache = self.cache
        if cache is not None:
            key = cache.key(cache.frame, ctx.root, text)
            hit = cache.get(key)
            if hit is not None and self._still_resolve(hit[1], ctx):
                cache.put(key, *hit)
                return hit[0], []
        env: dict = {}
        md = self.parser_for(text)
        tokens = md.parse(text, env)
        problems: list[Problem] = []
        links: list[list] = []
        for child, attr, url, line in iter_links(tokens, ctx.first_line):
            new_url, problem = self.resolve_link(url, ctx, line, image=attr == "src")
            if problem is not None:
                problems.append(problem)
            links.append([url, attr == "src", new_url])
            child.attrSet(attr, new_url)
            if attr == "href" and SCHEME_RE.match(new_url) and new_url.startswith("http"):
                child.attrSet("rel", "noopener")
        html = md.renderer.render(tokens, md.options, env)
        if (
            cache is not None and not problems
        ):  # a body with problems is rendered afresh, messages and all
            cache.put(key, html, links)
        return html, problems

    def _still_resolve(self, links: list[list], ctx: LinkContext) -> bool:
        """True when every link of a cached body resolves as it did then (files and pages still
        there)."""
        for url, image, new_url in links:
            again, problem = self.resolve_link(url, ctx, ctx.first_line, image=image)
            if problem is not None or again != new_url:
                return False
        return True

    def resolve_link(
        self, url: str, ctx: LinkContext, line: int, image: bool = False
    ) -> tuple[str, Problem | None]:
        """Return the href (or image src) to write for a link in a body, and a problem if it is
        refused."""
        if is_dangerous(url):
            return "#", Problem(
                _(
                    "the link '{url}' is not allowed (javascript:, vbscript:, data: "
                    "and file: links can harm readers)"
                ).format(url=url[:60]),
                ctx.display,
                line,
                _("link to a web page (https://…) or a file in files/"),
            )
        if image and (url.startswith("//") or SCHEME_RE.match(url)):
            # An image from another host is a request leaving the page (and a tracker): publish it
            # instead.
            return "", Problem(
                _("the image '{url}' is on another website").format(url=url[:60]),
                ctx.display,
                line,
                _("download it into files/ and write ![…](files/…)"),
            )
        if not url or url.startswith(("#", "//")) or SCHEME_RE.match(url):
            return url, None
        path, sep, fragment = url.partition("#")
        path = path.split("?", 1)[0]
        rel = unquote(path)
        if rel.startswith(("/", "\\")):
            # /files/x works only where the site is at the root of its host, and names the host's
            # files, not the site's: links are written relative to the site folder (SECURITY.md).
            message = _("the link '{url}' starts with '/'").format(url=shorten(url))
            hint = _("write it relative to the site folder, e.g. files/2566/plan.pdf")
            return "#", Problem(message, ctx.display, line, hint)
        try:
            norm, _target, is_file = self.paths.check(rel)
        except UnsafePath as exc:
            return "#", Problem(
                _("the link '{url}': {reason}").format(url=url[:80], reason=exc), ctx.display, line
            )
        suffix = sep + fragment
        if norm.startswith("files/"):
            if not is_file:
                near = similar_file(self.paths.root, norm)
                return "#", Problem(
                    _("the link points to '{path}', which does not exist").format(path=norm),
                    ctx.display,
                    line,
                    _("did you mean '{name}'?").format(name=near)
                    if near
                    else _("check the spelling, or copy the file into files/"),
                )
            return ctx.root + url_path(norm) + suffix, None
        page = None
        if m := CONTENT_ITEM_RE.match(norm):
            page = f"{m.group(1)}/{m.group(2).lower()}/index.html"
        elif m := CONTENT_PAGE_RE.match(norm):
            page = f"pages/{m.group(1)}/index.html"
        elif m := OUTPUT_ITEM_RE.match(norm):
            page = f"{m.group(1)}/{m.group(2)}/index.html"
        if page is not None:
            if self.pages is not None and page not in self.pages:
                return "#", Problem(
                    _("the link '{url}' points to a page the site does not have").format(
                        url=url[:80]
                    ),
                    ctx.display,
                    line,
                    _("check the year and the item code (or the page name)"),
                )
            return ctx.root + page + suffix, None
        return "#", Problem(
            _("the link '{url}' points inside the site but not to a published file").format(
                url=url[:80]
            ),
            ctx.display,
            line,
            _(
                "link to a file as files/…, to an item as content/2566/9.1/O1.md, "
                "or to a web page with https://…"
            ),
        )
