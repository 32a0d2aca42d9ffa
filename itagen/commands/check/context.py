"""What the rules look at: one site's loaded input, and each catalog item with its source.

Owns the bridge between the build's loaders and the rules. The build stops at
the first bad file; the check must not, so every problem the loaders collected
is kept and filed under the item whose file it is about (an item whose file
failed to load is "present but broken", never "missing"). Each item also keeps
its raw front matter so rules can point at the exact line of a key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itagen.catalog.load import Catalog, CatalogItem
from itagen.site.config import SiteConfig
from itagen.site.content import Document, FreePage, ItemContent
from itagen.errors import ItagenError, Problem, Problems
from itagen.site.model import says_nothing_to_report
from itagen.thai.text import normalize_code
from itagen.site.yamlio import line_of, read_text, split_front_matter
from itagen.commands.check.findings import Hit
from itagen.commands.check.links import BodyLink, is_web, scan_body
from itagen.commands.check.online import HomeStatus, UrlStatus
from itagen.commands.check.words import numerals_for


@dataclass(slots=True)
class ItemCheck:
    """One catalog item of the checked year, with what the webmaster wrote for it (if anything)."""

    spec: CatalogItem
    content: ItemContent | None
    src: str  # its file, or where it belongs when missing
    exists: bool  # a file is on disk (it may have failed to load)
    load_problems: tuple[Problem, ...] = ()  # why the loader refused the file
    front: str = ""  # raw front matter YAML, for line numbers
    first_line: int = 1
    links: tuple[BodyLink, ...] = ()  # links and images of the body
    link_problems: tuple[Problem, ...] = ()  # the build's BodyRenderer verdict on them
    _lines: dict[tuple[Any, ...], int | None] = field(default_factory=dict, repr=False)

    @property
    def code(self) -> str:
        """O1 … O43."""
        return self.spec.code

    @property
    def documents(self) -> tuple[Document, ...]:
        """The documents as loaded, in front-matter order (empty when not loaded)."""
        return self.content.documents if self.content is not None else ()

    def line(self, *loc: Any) -> int | None:
        """Return the line of a front-matter key (or its nearest parent), None when unknown."""
        if loc not in self._lines:  # rules ask for the same keys again; composing YAML is not free
            self._lines[loc] = line_of(self.front, loc, self.first_line) if self.front else None
        return self._lines[loc]

    def anchor(self) -> int | None:
        """The line to point at for the item as a whole: its documents, else its code."""
        return self.line("documents") if self.documents else self.line("code")

    def hit(self, message: str, line: int | None = None, hint: str | None = None) -> Hit:
        """A Hit in this item's file."""
        return Hit(message, line, hint, self.src, self.code)

    def web_urls(self) -> list[tuple[str, int | None]]:
        """Every http(s) URL of the item (documents, then body links) with its line."""
        found = [
            (d.url, self.line("documents", i, "url"))
            for i, d in enumerate(self.documents)
            if d.url and is_web(d.url)
        ]
        found += [(link.url, link.line) for link in self.links if is_web(link.url)]
        return found

    def relies_on_nothing(self) -> bool:
        """True when an item the catalog lets say "nothing
        to report" says it instead of listing documents.
        """
        if self.content is None or self.documents:
            return False
        return says_nothing_to_report(self.spec, self.text())

    def text(self) -> str:
        """The item's visible words: body and document titles (for months and statements)."""
        if self.content is None:
            return ""
        return "\n".join([self.content.body, *(d.title for d in self.documents)])


@dataclass(slots=True)
class SiteCheck:
    """One site as the rules see it, for one assessment year."""

    root: Path
    config: SiteConfig | None
    config_text: str
    year: int | None
    catalog: Catalog | None
    problems: list[Problem]  # tagged with a rule id by the runner
    items: list[ItemCheck] = field(default_factory=list)
    pages: tuple[FreePage, ...] = ()
    page_problems: list[Problem] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    urls: dict[str, UrlStatus] | None = None  # --online answers, None when offline
    home: HomeStatus | None = None  # --online: the agency's home page, when it names one

    @property
    def numerals(self) -> str:
        """How messages write numbers and dates: site.yaml numerals in Thai, Arabic in English."""
        return numerals_for(self.config.numerals if self.config is not None else None)

    @property
    def max_urls(self) -> int:
        """How many URLs ITAS takes per item (site.yaml ita.max_urls, default 5)."""
        return self.config.ita.max_urls if self.config is not None else 5

    def present(self) -> list[ItemCheck]:
        """The items whose file loaded."""
        return [i for i in self.items if i.content is not None]

    def tagged(self, rule: str) -> list[Problem]:
        """The loader problems the runner filed under a rule id."""
        return [p for p in self.problems if p.rule == rule]

    def source_files(self) -> list[tuple[str, str | None]]:
        """(file, item code) for every file the webmaster wrote that the year uses."""
        files: list[tuple[str, str | None]] = [("site.yaml", None)] if self.config_text else []
        files += [(i.src, i.code) for i in self.items if i.exists]
        files += [(p.src, None) for p in self.pages]
        return files


def read_front(root: Path, src: str) -> tuple[str, int]:
    """Return an item file's raw front matter and the line it starts on ("" when unreadable)."""
    try:
        text = read_text(root / src, src)
        if src.endswith(".md"):
            return split_front_matter(text, src)[0], 2
        return text, 1
    except ItagenError:
        return "", 1


def _tag(problems: list[Problem], rule: str) -> list[Problem]:
    return [dataclasses.replace(p, rule=rule) for p in problems]


def _load(root: Path, workspace: Any) -> tuple[Any, Any, Problems, Problems]:
    """Stages 1–3 through build.load_site, keeping the model when there are errors."""
    from itagen.build import load_site
    from itagen.eit.survey import SURVEY_RULES

    site_view, problems = load_site(root, None, workspace, raise_errors=False)
    # The survey-link warnings of load_config are asked for by check itself (survey.py).
    collected = Problems(
        [p for p in problems.items if p.rule not in SURVEY_RULES and p.rule != "logo-invalid"]
    )
    logo = Problems([p for p in problems.items if p.rule == "logo-invalid"])
    return site_view.config, site_view, collected, logo


def _file_under_items(
    collected: list[Problem], prefix: str, codes: Any, site_problems: list[Problem]
) -> dict[str, list[Problem]]:
    """Return the loader problems of each item's file by code; add the others to site_problems."""
    failed: dict[str, list[Problem]] = {}
    for p in collected:
        code = normalize_code(Path(p.path).stem) if p.path else ""
        if p.path and p.path.startswith(prefix) and code in codes:
            failed.setdefault(code, []).append(p)
        else:
            site_problems.append(dataclasses.replace(p, rule="content-invalid"))
    return failed


def site_check(
    site_dir: Path, year: int | None, today: dt.date, workspace: Any = None
) -> SiteCheck:
    """Return the SiteCheck the rules read, from build.load_site: the model pages are made from."""
    from itagen.build import body_has_links, page_paths
    from itagen.catalog.load import load_catalog
    from itagen.render.markdown import BodyRenderer, LinkContext
    from itagen.site.model import build_year
    from itagen.site.config import survey_problems
    from itagen.render.themes import resolve_theme
    from itagen.site.workspace import enclosing

    root = site_dir.resolve()
    try:
        workspace = workspace or enclosing(
            root
        )  # a workspace's site named on its own still inherits
        config, site_view, collected, logo = _load(root, workspace)
        resolve_theme(
            config.data.theme, config.root
        )  # a theme the build cannot find fails the check too
    except ItagenError as exc:
        return SiteCheck(
            root, None, "", year, None, _tag(exc.problems, "site-invalid"), today=today
        )
    year = year or config.ita.current_year
    # Survey links as check judges them: a missing EIT link is an error here (survey.py).
    problems = survey_problems(config) + _tag(logo.items, "site-invalid")
    year_view = site_view.by_year.get(year)
    if year_view is None:  # no content for the year yet: every item is missing
        try:
            year_view = build_year(load_catalog(year, config.root), {}, body_has_links)
        except ItagenError as exc:
            problems += _tag([p for p in exc.problems if p not in collected.items], "site-invalid")
    site = SiteCheck(
        root,
        config,
        read_text(root / "site.yaml", "site.yaml"),
        year,
        year_view.catalog if year_view else None,
        problems,
        pages=site_view.pages,
        today=today,
    )
    prefix = f"content/{year}/"
    failed = _file_under_items(
        collected.items, prefix, site.catalog.by_code if site.catalog else {}, problems
    )
    shared = workspace.shared if workspace else None
    bodies = BodyRenderer(
        config.root, config.data.allow_html, (shared,) if shared else (), page_paths(site_view)
    )
    for view in year_view.items if year_view else ():
        loaded, broken = view.content, failed.get(view.code, [])
        src = (
            loaded.src
            if loaded
            else broken[0].path
            if broken
            else f"{prefix}{view.spec.subindicator}/{view.code}.md"
        )
        if shared and src.startswith(f"{shared.name}/"):
            # An item inherited from a workspace's shared folder: name it relative to this site.
            src = os.path.relpath(shared / src.split("/", 1)[1], root).replace(os.sep, "/")
        item = ItemCheck(view.spec, loaded, src, loaded is not None or bool(broken), tuple(broken))
        if item.exists:
            item.front, item.first_line = read_front(root, src)
        if loaded is not None:
            links, found = scan_body(
                bodies, loaded.body, LinkContext("../../", src, loaded.body_line)
            )
            item.links, item.link_problems = tuple(links), tuple(found)
        site.items.append(item)
    for page in site.pages:
        site.page_problems += scan_body(
            bodies, page.body, LinkContext("../../", page.src, page.body_line)
        )[1]
    return site
