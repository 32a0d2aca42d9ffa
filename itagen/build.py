"""The build: config → catalog → content → model → render → write, one line per stage.

Owns the order of the stages and the guarantee that ties them together: all
input is gathered and checked before anything replaces the previous output, and
any error aborts with the previous output untouched. `build_many` builds several
sites (or a workspace's sites) in worker processes; one broken site does not
stop the others, and the output does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from itagen.thai.messages import _
from itagen.cache import site as cache
from itagen.errors import ItagenError, Problem, Problems
from itagen.cache.parallel import fork_context
from itagen.site.paths import SitePaths, UnsafePath
from itagen.site.workspace import Workspace, enclosing, is_workspace, load_workspace
from itagen.render.write import MARKER, OutputWriter, check_output_dir

if TYPE_CHECKING:
    from itagen.render.markdown import BodyRenderer
    from itagen.site.model import SiteView

# The stages' modules (pydantic, markdown-it, Jinja, qrcode behind them) are imported where a
# site is actually built: finding that every site is up to date needs none of them.


@dataclass(slots=True)
class BuildResult:
    """What a build did (or, with `errors`, why it did nothing)."""

    site: Path
    out_dir: Path | None = None
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    cached: bool = False          # nothing had changed: the previous output was kept as it was
    year: int | None = None       # the current year, and how many of its items show nothing yet
    items: int = 0
    empty: int | None = None

    @property
    def ok(self) -> bool:
        """True when the output was written."""
        return not self.errors


def load_site(site_dir: Path | str, base_url: str | None = None, workspace: Workspace | None = None,
              raise_errors: bool = True) -> tuple[SiteView, Problems]:
    """Run stages 1–3 (config, catalogs, content) and return the model and the problems so far.

    Shared by build, check and export, so all three read a site the same way. Raises
    ItagenError when the input has errors, unless `raise_errors` is False (check wants
    the model of everything that did load, and every problem); a bad site.yaml always raises.
    """
    from itagen.site.config import load_config
    from itagen.site.content import load_content
    from itagen.site.model import build_site

    site_dir = Path(site_dir)
    if workspace is None:
        workspace = enclosing(site_dir)  # a workspace's site named on its own still inherits
    defaults = _workspace_defaults(workspace, site_dir)
    shared = workspace.shared if workspace else None
    config, warnings = load_config(site_dir, base_url, defaults)        # 1. site.yaml
    problems = Problems(list(warnings))
    content = load_content(config.root, problems, shared)               # 2+3. catalogs and content
    if config.agency.logo:
        _check_logo(config.agency.logo, config.root, shared, problems)
    if raise_errors:
        problems.raise_if_errors()
    return build_site(config, content), problems                        # the model every page shares


def _workspace_defaults(workspace: Workspace | None, site_dir: Path) -> dict | None:
    if workspace is None:
        return None
    defaults = dict(workspace.defaults)
    pattern = workspace.base_url_for(site_dir)
    if pattern:
        defaults["base_url"] = pattern
    return defaults


def build(site_dir: Path | str = ".", out_dir: Path | str | None = None, base_url: str | None = None,
          workspace: Workspace | None = None, use_cache: bool = True, jobs: int = 1) -> BuildResult:
    """Build one site into `out_dir` (default SITE/build); raise ItagenError on bad input.

    With `use_cache`, a site whose inputs and output are exactly as the last build left
    them is not built again (the output would be byte-identical). A large site's item
    pages are rendered in `jobs` processes (itagen/parallel.py); the output is the same.
    """
    started = time.perf_counter()
    root = Path(site_dir).resolve()
    if workspace is None:
        workspace = enclosing(root)
    out = Path(out_dir).absolute() if out_dir else root / "build"
    key = None
    if use_cache and (root / "site.yaml").is_file():
        key, cached = _from_cache(root, out, base_url, workspace)
        if cached is not None:
            cached.seconds = time.perf_counter() - started
            return cached
    from itagen.render.markdown import BodyRenderer
    from itagen.render.themes import resolve_theme

    site, problems = load_site(root, base_url, workspace)
    config = site.config
    shared = (workspace.shared,) if workspace and workspace.shared else ()
    theme = resolve_theme(config.data.theme, config.root)
    protected = (workspace.root / "workspace.yaml",) + shared if workspace else ()
    out = check_output_dir(out, config.root, protected)
    writer = OutputWriter(out)                                          # 5. into a temporary folder
    bodies_cache = cache.bodies(root, config.data.allow_html) if key is not None else None
    try:
        bodies = BodyRenderer(config.root, config.data.allow_html, shared, page_paths(site), bodies_cache)
        render_site(site, theme, bodies, writer, shared, problems, jobs=jobs)  # 4. render page by page
        writer.commit()                                                 # swap in the new output
    except BaseException:
        writer.abort()
        if bodies_cache is not None:
            bodies_cache.discard(bodies_cache.finish())
        raise
    if bodies_cache is not None:
        bodies_cache.commit(bodies_cache.finish())
    if key is not None and not problems.warnings:
        # Warnings are shown on every build until fixed, so only a clean build is remembered.
        cache.write_state(root, key, out, writer.pages, writer.files, writer.written,
                          readiness(site))
    return BuildResult(config.root, out, writer.pages, writer.files, time.perf_counter() - started,
                       problems.warnings, **dict(zip(("year", "items", "empty"), readiness(site))))


def readiness(site: SiteView) -> tuple[int | None, int, int | None]:
    """Return (current year, its item count, how many show nothing yet) from the built model.

    "Nothing" is the model's item status (missing or empty), the same rule as check's item-empty.
    """
    year = site.current
    if year is None:
        return None, 0, None
    return year.year, len(year.items), sum(1 for i in year.items if i.status != "ok")


def render_site(site: SiteView, theme, bodies: BodyRenderer, writer, shared: tuple[Path, ...],
                problems: Problems, env=None, jobs: int = 1) -> None:
    """Stages 4–5 into any writer (the output's temporary folder, or serve's memory).

    Pages one by one (a large site's item pages in `jobs` processes), then — only when
    no page had an error — the data files and the published files (documents and theme assets).
    """
    from itagen.cache.parallel import render_pages
    from itagen.render.pages import Renderer

    renderer = Renderer(site, theme, bodies, env)
    render_pages(renderer, writer, jobs)
    problems.extend(renderer.problems)
    problems.raise_if_errors()
    write_data(writer, site)
    for rel, src in published_files(site.config.root, shared, theme):
        writer.copy_file(rel, src)


def page_paths(site: SiteView) -> frozenset[str]:
    """Return the output paths of the site's item and free pages (what body links may point to)."""
    items = {item.path for year in site.years for item in year.items}
    return frozenset(items | {f"pages/{p.slug}/index.html" for p in site.pages})


def _from_cache(root: Path, out: Path, base_url: str | None, workspace: Workspace | None,
                state: dict | None = None) -> tuple[str, BuildResult | None]:
    """Return the site's cache key, and a result when the last build's output is still exact."""
    key = cache.input_key(root, out, base_url, workspace.root if workspace else None,
                          workspace.shared if workspace else None)
    state = state or cache.read_state(root)
    if state and state["key"] == key and cache.output_stamp(out, state["written"]) == state["out_stamp"]:
        year, items, empty = state.get("readiness") or (None, 0, None)
        return key, BuildResult(root, out, state["pages"], state["files"], cached=True,
                                year=year, items=items, empty=empty)
    return key, None


def _check_logo(logo: str, root: Path, shared: Path | None, problems: Problems) -> None:
    """agency.logo must be a file in files/ that the site publishes (its own, or the workspace's shared one)."""
    try:
        norm, _target, size = SitePaths(root, (shared,) if shared is not None else ()).lookup(logo)
    except UnsafePath as exc:
        problems.error(f"agency.logo: {exc}", "site.yaml", rule="logo-invalid")
        return
    if not norm.startswith("files/") or size is None:
        problems.error(_("agency.logo: '{path}' is not a file in files/").format(path=logo),
                       "site.yaml", None,
                       _("put the logo in files/ and write files/logo.png"), rule="logo-invalid")


def write_data(writer: OutputWriter, site: SiteView) -> None:
    """ita.json, sitemap.xml, robots.txt, .nojekyll and CNAME."""
    from itagen.render.pages import ita_json, robots_txt, sitemap_xml

    writer.write_text("ita.json", ita_json(site))
    sitemap = sitemap_xml(site)
    if sitemap is not None:
        writer.write_text("sitemap.xml", sitemap)
    writer.write_text("robots.txt", robots_txt(site))
    writer.write_text(".nojekyll", "")
    if site.config.data.cname:
        writer.write_text("CNAME", site.config.data.cname + "\n")


def _files_under(root: Path) -> Iterator[tuple[str, Path]]:
    """Yield (path relative to root, file) for what root/files/ publishes (itagen/published.py)."""
    from itagen.site.published import walk_files

    return ((rel, path) for rel, path, published in walk_files(root) if published)


def published_files(root: Path, shared: tuple[Path, ...], theme) -> list[tuple[str, Path]]:
    """Every file copied as is: files/ (names unchanged: their URLs go into ITAS) and theme assets."""
    found: dict[str, Path] = {}
    for folder in shared:                       # a workspace's shared files, which the site's own replace
        found.update(_files_under(folder))
    found.update(_files_under(root))
    files = sorted(found.items())
    files += [(f"assets/{rel}", src) for rel, src in theme.asset_files().items()]
    return files


@dataclass(frozen=True, slots=True)
class Task:
    """One site to build in a worker (picklable)."""

    site: str
    out: str | None
    base_url: str | None
    workspace: str | None = None
    use_cache: bool = True
    jobs: int = 1                 # processes for this one site's pages (when it is built alone)


def _build_task(task: Task) -> BuildResult:
    started = time.perf_counter()
    try:
        workspace = load_workspace(Path(task.workspace)) if task.workspace else None
        return build(task.site, task.out, task.base_url, workspace, task.use_cache, task.jobs)
    except ItagenError as exc:
        return BuildResult(Path(task.site), None, seconds=time.perf_counter() - started, errors=exc.problems)
    except OSError as exc:  # the machine said no (disk full, permissions): reported for this site only
        problem = Problem(exc.strerror or str(exc), exc.filename and str(exc.filename))
        return BuildResult(Path(task.site), None, seconds=time.perf_counter() - started, errors=[problem])
    except Exception as exc:  # a bug in itagen must not stop the other sites of a many-site build
        if os.environ.get("ITAGEN_DEBUG"):
            raise
        problem = Problem(_("internal error: {error}").format(error=f"{type(exc).__name__}: {exc}"),
                          None, None,
                          _("this is a bug in itagen, not a mistake in your site; please report it "
                            "(run again with ITAGEN_DEBUG=1 to see the details)"))
        return BuildResult(Path(task.site), None, seconds=time.perf_counter() - started, errors=[problem])


def plan(targets: list[Path], out: Path | None, base_url: str | None = None,
         only: set[str] | None = None, use_cache: bool = True) -> list[Task]:
    """Turn folders (sites or workspaces) into build tasks; raise ItagenError for clashes.

    `only` keeps just the named sites of a workspace (a CI shard).
    """
    tasks: list[Task] = []
    single = len(targets) == 1 and not is_workspace(targets[0])
    for target in targets:
        if is_workspace(target):
            ws = load_workspace(target)
            dest = out if out is not None else ws.root / "build"
            sites = [s for s in ws.sites if only is None or s.name in only]
            if only is not None and len(sites) != len(only):
                unknown = sorted(only - {s.name for s in ws.sites})
                raise ItagenError(_("the workspace has no site named {names}").format(
                    names=", ".join(unknown)), "workspace.yaml")
            tasks += [Task(str(s), str(dest / s.name), base_url, str(ws.root), use_cache) for s in sites]
        else:
            dest = None if out is None or single else out / target.resolve().name
            tasks.append(Task(str(target), str(out) if single and out else (str(dest) if dest else None), base_url,
                              None, use_cache))
    outs = [t.out for t in tasks if t.out is not None]
    if len(set(outs)) != len(outs):
        raise ItagenError(_("two sites have the same folder name, so their outputs would collide"),
                          None, None, _("rename one folder or build them separately"))
    return tasks


def build_many(tasks: list[Task], jobs: int = 0,
               progress: Callable[[BuildResult], None] | None = None) -> list[BuildResult]:
    """Build every task, in parallel with `jobs` workers (0: one per core); results keep task order."""
    jobs = jobs or os.cpu_count() or 1
    results: dict[int, BuildResult] = {}
    todo = []
    workspaces: dict[str, Workspace] = {}
    for n, task in enumerate(tasks):
        # Up-to-date sites are found here, without starting a worker (a few stat calls each).
        cached = _cached_task(task, workspaces) if task.use_cache and len(tasks) > 1 else None
        if cached is not None:
            results[n] = cached
            if progress:
                progress(cached)
        else:
            todo.append(n)
    if jobs == 1 or len(todo) <= 1:
        # One site left to build: its own pages are split across the workers instead.
        finished = map(_build_task, (replace(tasks[n], jobs=jobs) for n in todo))
        for n, result in zip(todo, finished):
            results[n] = result
            if progress:
                progress(result)
    else:
        from concurrent.futures import ProcessPoolExecutor

        _warm_up()
        # What the workers inherit (modules, schemas) is moved out of the collector's reach, as
        # the gc module's documentation advises before fork: their collections then neither walk
        # those objects nor write to their pages (which would copy every page into every worker).
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=fork_context()) as pool:
                # Small chunks (a few sites) keep workers busy to the end: the last chunk to finish leaves
                # the other workers idle for its length. map keeps the order of the results.
                chunk = max(1, len(todo) // (jobs * 32))
                for n, result in zip(todo, pool.map(_build_task, (tasks[n] for n in todo), chunksize=chunk)):
                    results[n] = result
                    if progress:
                        progress(result)
        finally:
            gc.unfreeze()
    return [results[n] for n in range(len(tasks))]


def _warm_up() -> None:
    """Import the heavy modules and build the schemas once, before workers are forked from this process.

    Forked workers then share them instead of each paying ~0.6 s of imports (Jinja, markdown-it,
    pydantic) and schema building: work that is the same for every site is done once.
    """
    from itagen.catalog import load as catalog
    from itagen.site import config
    from itagen.site import content
    from itagen.render import markdown as markup
    from itagen.eit import qr
    from itagen.render import pages as render  # noqa: F401
    config.schema()
    content.schema()
    catalog.schema()
    cache.package_key()  # the hash of itagen's own files and library versions, for every cache key
    import qrcode  # noqa: F401


def _cached_task(task: Task, workspaces: dict[str, Workspace]) -> BuildResult | None:
    """Return the cached result of a task whose site is up to date, else None (never raises)."""
    try:
        root = Path(task.site).resolve()
        if not (root / "site.yaml").is_file():
            return None
        workspace = None
        if task.workspace:
            if task.workspace not in workspaces:
                workspaces[task.workspace] = load_workspace(Path(task.workspace))
            workspace = workspaces[task.workspace]
        out = Path(task.out).absolute() if task.out else root / "build"
        state = cache.read_state(root) if (out / MARKER).is_file() else None
        if state is None:
            return None  # a first build, or an output that is gone: no need to hash the inputs here
        return _from_cache(root, out, task.base_url, workspace, state)[1]
    except (ItagenError, OSError):
        return None
