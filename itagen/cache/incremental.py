"""Serve-mode builds: the last good site kept in memory, and re-rendering only what a change touches.

Owns the output of `itagen serve`, which never touches the site's build/: a
`Snapshot` holds every page and data file as bytes and maps every copied file
(files/, theme assets) to the source it would be copied from. A snapshot is
never changed once made; a rebuild makes a new one and the server swaps it in
with one assignment, so a request gets the old site or the new one, never a mix
of half-written pages.

The plan for a batch of changed paths (DESIGN "avoid" 3: no full rebuild on
every save) looks at what is on disk now, not at event kinds, so editors that
save through a temporary file and rename it need no special case:

- an item file written, created or deleted: reload that file only, then render
  its page, its neighbours' pages when its title changed (their prev/next links
  show it), its year index, ita.json and sitemap.xml;
- a document in files/ rewritten in place: reload the items that list it (their
  pages show its size);
- site.yaml, a catalog, a theme, free pages, or files/ or content/ gaining or
  losing files or folders: rebuild everything (a fresh Jinja environment when a
  theme changed; render.cached_environment would keep the old templates).

A failed rebuild keeps the last good state and remembers what it was asked to
do, so the next save retries it together with whatever changed since.
Dependencies are those of the built-in templates; a theme whose item page shows
other items of its year sees them refreshed on the next full rebuild.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from itagen.thai.messages import _
from itagen.build import load_site, page_paths, render_site  # the same steps as `itagen build`
from itagen.site.config import SiteConfig
from itagen.site.content import ITEM_SUFFIXES, Content, ItemContent, load_item
from itagen.errors import ItagenError, Problem, Problems
from itagen.render.markdown import BodyRenderer
from itagen.site.model import SiteView, YearView, build_year
from itagen.site.paths import SitePaths
from itagen.render.pages import Renderer, ita_json, new_environment, sitemap_xml
from itagen.thai.text import normalize_code
from itagen.render.themes import Theme, resolve_theme
from itagen.commands.watch import Change
from itagen.site.workspace import enclosing

SOURCE_FOLDERS = ("content", "files", "themes", "catalogs")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One complete output of the site, in memory: pages as bytes, copied files as their sources.

    A page may also be a function that renders it from this snapshot's (immutable)
    model on first request: after an item save, ita.json is left so, because
    encoding it takes half a second on a 5,000-item site (json's indent forces the
    pure-Python encoder) and a preview rarely asks for it.
    """

    pages: Mapping[str, bytes | Callable[[], bytes]]
    files: Mapping[str, Path]
    roots: tuple[Path, ...]      # the real folders a source file must lie in when it is served
    _rendered: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def page(self, key: str) -> bytes | None:
        """Return the page or data file at `key` (rendering a deferred one once), or None."""
        value = self.pages.get(key)
        if value is None or isinstance(value, bytes):
            return value
        with self._lock:
            if key not in self._rendered:
                self._rendered[key] = value()
            return self._rendered[key]


class MemoryWriter:
    """Collects a build's output in memory; same interface as write.OutputWriter."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.files: dict[str, Path] = {}

    def _claim(self, rel: str) -> None:
        if rel in self.pages or rel in self.files:
            raise ItagenError(_("two things would be written to {path}").format(path=rel),
                              None, None,
                              _("two items or pages resolve to the same address; rename one"))

    def write_text(self, rel: str, text: str) -> None:
        """Keep a page or data file."""
        self._claim(rel)
        self.pages[rel] = text.encode("utf-8")

    def copy_file(self, rel: str, src: Path) -> None:
        """Remember where a copied file comes from (it is served from there)."""
        self._claim(rel)
        self.files[rel] = src


@dataclass(frozen=True, slots=True)
class SiteState:
    """The last good build: its model, its tools and its output."""

    config: SiteConfig
    content: Content
    site: SiteView
    theme: Theme
    env: Any                                   # the Jinja environment, reused until the theme changes
    bodies: BodyRenderer
    snapshot: Snapshot
    item_srcs: dict[str, tuple[int, str]]      # content/2566/9.1/O1.md → (2566, "O1")

    @property
    def root(self) -> Path:
        """The site folder (resolved)."""
        return self.config.root


@dataclass(slots=True)
class Outcome:
    """What one rebuild did: a full build, some items, a changed file, nothing, or failed."""

    kind: str                                   # full | items | files | none
    reason: str = ""
    seconds: float = 0.0
    rendered: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    trace: str | None = None                    # the traceback of a crash (a bug, not bad input)
    pages: int = 0                              # a full build's HTML pages and copied files,
    files: int = 0                              # counted as itagen build counts them

    @property
    def ok(self) -> bool:
        """True when the new output is being served."""
        return not self.problems

    @property
    def changed(self) -> bool:
        """True when open pages should reload."""
        return self.kind != "none" or not self.ok


@dataclass(slots=True)
class _Plan:
    full: str = ""                              # the reason for a full rebuild, or ""
    theme: bool = False                         # a template or asset changed: compile afresh
    items: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


class Rebuilder:
    """Keeps the last good build of one site and brings it up to date with batches of changes."""

    def __init__(self, site_dir: Path | str, base_url: str | None = None) -> None:
        self.site_dir = Path(site_dir)
        self.base_url = base_url
        self.state: SiteState | None = None
        self._pending: set[Change] = set()      # changes of failed attempts, retried with the next batch
        self._failed_full = False
        self._linked: list[Path] = []           # folders files/ publishes through links (found by full builds)

    def rebuild(self, changes: Iterable[Change] | None = None) -> Outcome:
        """Apply a batch of changed paths (None: rebuild everything) and return what happened."""
        started = time.perf_counter()
        self._pending.update(changes or ())
        plan = _Plan(full="start") if changes is None else self._plan(self._pending)
        try:
            if plan.full:
                outcome = self._full(plan)
            elif plan.items:
                outcome = self._items(plan)
            else:
                outcome = Outcome("files" if plan.files else "none")
        except Exception as exc:  # noqa: BLE001 - the server must survive anything a rebuild raises
            self._failed_full = bool(plan.full)
            if isinstance(exc, ItagenError):
                problems = exc.problems or [Problem(str(exc))]
            else:  # a bug, not bad input: say so, and keep the traceback for the terminal
                problems = [Problem(_("itagen crashed: {error}").format(
                                        error=f"{type(exc).__name__}: {exc}"), None, None,
                                    _("this is a bug in itagen; the traceback is in the terminal"))]
            return Outcome("full" if plan.full else "items", plan.full, time.perf_counter() - started,
                           problems=problems, trace=None if isinstance(exc, ItagenError)
                           else traceback.format_exc())
        self._pending.clear()
        self._failed_full = False
        outcome.seconds = time.perf_counter() - started
        return outcome

    def watch_roots(self) -> list[tuple[Path, bool]]:
        """Return the (folder, recursive) pairs to watch: the site's sources and its theme's folders."""
        root = self.site_dir.resolve()
        roots = [(root, False)] + [(root / name, True) for name in SOURCE_FOLDERS]
        if self.state is not None:
            dirs = [d.resolve() for d in self.state.theme.dirs]
            roots += [(d, True) for d in dirs if not d.is_relative_to(root)]
        workspace = enclosing(self.site_dir)
        if workspace is not None:  # workspace.yaml (its folder, not recursively) and the shared tree
            roots += [(workspace.root, False), (workspace.root / "catalogs", True)]
            roots += [(workspace.shared.resolve(), True)] if workspace.shared else []
        roots += [(d, True) for d in self._linked]
        return list(dict.fromkeys(roots))

    def _linked_folders(self) -> list[Path]:
        """Folders files/ publishes through links (its own and the shared folder's): watchers do not follow links."""
        from itagen.site.published import walk_files

        workspace = enclosing(self.site_dir)
        found: list[Path] = []
        for top in [self.site_dir] + ([workspace.shared] if workspace and workspace.shared else []):
            try:
                for _found in walk_files(top, found):
                    pass
            except ItagenError:
                pass  # an unlistable folder: the build reports it
        return found

    def _workspace_sources(self) -> list[Path]:
        """A workspace site's other inputs, which rebuild it: workspace.yaml, catalogs/, shared/."""
        workspace = enclosing(self.site_dir)
        if workspace is None:
            return []
        return [workspace.root / "workspace.yaml", (workspace.root / "catalogs").resolve()] + (
            [workspace.shared.resolve()] if workspace.shared else [])

    # -- planning ------------------------------------------------------------------------

    def _plan(self, changes: Iterable[Change]) -> _Plan:
        state = self.state
        plan = _Plan()
        force = state is None or self._failed_full  # the model may not match the disk: start over
        root = self.site_dir.resolve()
        theme_dirs = [d.resolve() for d in state.theme.dirs] if state is not None else []
        outside = [d for d in theme_dirs if not d.is_relative_to(root)]  # e.g. the built-in themes
        outside += self._workspace_sources()  # shared items and files of a workspace: rebuild all
        for change in sorted(changes, key=lambda c: str(c.path)):
            path = change.path
            if any(path.is_relative_to(d) for d in outside):
                plan.full, plan.theme = plan.full or str(path), True
                continue
            if any(path.is_relative_to(d) for d in self._linked):
                plan.full = plan.full or str(path)  # a folder files/ publishes through a link
                continue
            if not path.is_relative_to(root):
                continue
            parts = path.relative_to(root).parts
            if not parts or any(p.startswith(".") for p in parts) or parts[-1].endswith("~"):
                continue  # editor swap and backup files; the build skips them too
            rel = "/".join(parts)
            if parts == ("site.yaml",) or parts[0] in ("themes", "catalogs"):
                plan.full = plan.full or rel
                plan.theme = plan.theme or parts[0] == "themes"
            elif force or plan.full:
                continue
            elif parts[0] == "files":
                known, exists = rel in state.snapshot.files, path.is_file()
                if known and exists and not change.is_dir:
                    plan.files.add(rel)
                elif known or exists or change.is_dir:
                    plan.full = rel  # files/ gained or lost a file: links and copies change everywhere
            elif parts[0] == "content":
                if rel in state.item_srcs and not change.is_dir:
                    plan.items.add(rel)
                elif (change.is_dir or any(page.src == rel for page in state.content.pages)
                      or (path.exists() and not _is_item_path(parts, state))):
                    plan.full = rel
                elif path.exists():
                    plan.items.add(rel)
                # else: a temporary file that came and went before the rebuild
        if force and not plan.full:
            plan.full = "retry"
        if plan.files and not plan.full:  # their items show each document's size
            plan.items.update(item.src for items in state.content.years.values() for item in items.values()
                              if any(doc.file in plan.files for doc in item.documents))
        return plan

    # -- building ------------------------------------------------------------------------

    def _full(self, plan: _Plan) -> Outcome:
        """The same stages as build.build, written into memory."""
        site, problems = load_site(self.site_dir, self.base_url)                # 1–3. config, catalogs, content
        workspace = enclosing(Path(self.site_dir))  # a workspace's site: its shared files are published too
        shared = (workspace.shared,) if workspace and workspace.shared else ()
        config = site.config
        content = _content_of(site)
        theme = resolve_theme(config.data.theme, config.root)
        prev = self.state
        fresh = prev is None or plan.theme or prev.theme != theme
        env = new_environment(theme) if fresh else prev.env
        bodies = BodyRenderer(config.root, config.data.allow_html, shared, page_paths(site))  # new: caches files
        writer = MemoryWriter()
        render_site(site, theme, bodies, writer, shared, problems, env)        # 4–5. into memory
        roots = (config.root.resolve(),) + tuple(d.resolve() for d in shared + theme.dirs)
        snapshot = Snapshot(writer.pages, writer.files, roots)
        self.state = SiteState(config, content, site, theme, env, bodies, snapshot, _item_srcs(content.years))
        self._linked = self._linked_folders()
        pages = sum(1 for rel in writer.pages if rel.endswith(".html"))
        return Outcome("full", plan.full, rendered=tuple(writer.pages), warnings=problems.warnings,
                       pages=pages, files=len(writer.files))

    def _items(self, plan: _Plan) -> Outcome:
        """Reload the changed item files and render the pages that show them."""
        state = self.state
        assert state is not None
        touched: dict[int, dict[str, ItemContent]] = {}
        changed: dict[int, set[str]] = {}
        problems = Problems()
        for src in plan.items:  # first forget what the files held, so a renamed O1.md → O1.yaml is no duplicate
            year = int(src.split("/")[1])
            items = touched.setdefault(year, dict(state.content.years[year]))
            old = state.item_srcs.get(src)
            if old is not None:
                del items[old[1]]
                changed.setdefault(year, set()).add(old[1])
        # Item files name documents as the full build reads them: the site's, else the shared folder's.
        workspace = enclosing(Path(self.site_dir))
        paths = SitePaths(state.root, (workspace.shared,) if workspace and workspace.shared else ())
        for src in sorted(plan.items):
            parts = src.split("/")
            year, sub = int(parts[1]), parts[2]
            path = state.root / src
            if not path.is_file():
                continue  # deleted: the item shows as missing
            try:
                item = load_item(path, src, year, sub, state.content.catalogs[year], state.root, paths)
            except ItagenError as exc:
                problems.extend(exc.problems)
                continue
            items = touched[year]
            if item.code in items:
                problems.error(_("item {code} of {year} is defined twice").format(
                    code=item.code, year=year), src, 1,
                    _("it is also in {path}; keep one file per item").format(
                        path=items[item.code].src))
                continue
            items[item.code] = item
            changed.setdefault(year, set()).add(item.code)
        problems.raise_if_errors()
        content = Content({**state.content.years, **touched}, state.content.catalogs, state.content.pages)
        # Only the touched years get new views; the others are shared with the previous model.
        years = {y: build_year(content.catalogs[y], items) for y, items in touched.items()}
        site = _with_years(state.site, years)
        renderer = _renderer(site, state.theme, state.bodies, state.env)
        out: dict[str, bytes | Callable[[], bytes]] = {}
        for year in touched:
            codes = changed.get(year, set())
            old_titles = {v.code: v.title for v in state.site.by_year[year].items}
            views = site.by_year[year].items
            render = set(codes)
            for view in views:
                if view.code in codes and view.title != old_titles.get(view.code):
                    render.update(n.code for n in (view.prev, view.next) if n is not None)
            for view in views:
                if view.code in render:
                    path, html = renderer.item_page(view)
                    out[path] = html.encode("utf-8")
            path, html = renderer.year_page(site.by_year[year])
            out[path] = html.encode("utf-8")
        problems.extend(renderer.problems)
        problems.raise_if_errors()
        out["ita.json"] = lambda: ita_json(site).encode("utf-8")  # deferred: see Snapshot
        sitemap = sitemap_xml(site)
        if sitemap is not None:
            out["sitemap.xml"] = sitemap.encode("utf-8")
        snapshot = Snapshot({**state.snapshot.pages, **out}, state.snapshot.files, state.snapshot.roots)
        srcs = {src: at for src, at in state.item_srcs.items() if at[0] not in touched}
        srcs.update(_item_srcs(touched))
        self.state = SiteState(state.config, content, site, state.theme, state.env, state.bodies, snapshot, srcs)
        return Outcome("items", ", ".join(sorted(plan.items)), rendered=tuple(sorted(out)))


def _renderer(site: SiteView, theme: Theme, bodies: BodyRenderer, env: Any) -> Renderer:
    # serve's own environment, not the per-process cache (a theme may have changed)
    return Renderer(site, theme, bodies, env)


def _content_of(site: SiteView) -> Content:
    """Return the Content a model was built from (items by year and code, catalogs, free pages)."""
    years = {y.year: {v.code: v.content for v in y.items if v.content is not None} for y in site.years}
    return Content(years, {y.year: y.catalog for y in site.years}, site.pages)


def _item_srcs(years: Mapping[int, Mapping[str, ItemContent]]) -> dict[str, tuple[int, str]]:
    """Return {item file: (year, code)} for the items of `years`."""
    return {item.src: (year, code) for year, items in years.items() for code, item in items.items()}


def _with_years(site: SiteView, years: dict[int, YearView]) -> SiteView:
    """Return the model with some years replaced (model.build_site's choice of current year kept)."""
    views = tuple(years.get(y.year, y) for y in site.years)
    by_year = {y.year: y for y in views}
    current = by_year[site.current.year] if site.current is not None else None
    return replace(site, years=views, by_year=by_year, current=current)


def _is_item_path(parts: tuple[str, ...], state: SiteState) -> bool:
    """True for content/<year>/<sub-indicator>/<code>.md|.yaml of a known year and sub-indicator."""
    if len(parts) != 4 or not parts[1].isdigit():
        return False
    catalog = state.content.catalogs.get(int(parts[1]))
    name = Path(parts[3])
    return (catalog is not None and parts[2] in catalog.subindicators
            and name.suffix.lower() in ITEM_SUFFIXES and normalize_code(name.stem) in catalog.by_code)
