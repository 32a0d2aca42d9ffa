"""One site's build: config → catalog → content → model → render → write, one line per stage.

Owns the order of the stages and the guarantee that ties them together: all
input is gathered and checked before anything replaces the previous output, and
any error aborts with the previous output untouched. Many sites at once are
many.py's; skipping unchanged work is cache/'s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from itagen.thai.messages import _
from itagen.cache import site as cache
from itagen.errors import Problem, Problems
from itagen.render.write import OutputWriter, check_output_dir, clean_leftovers
from itagen.site.paths import SitePaths, UnsafePath
from itagen.site.workspace import Workspace, enclosing

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
    cached: bool = False  # nothing had changed: the previous output was kept as it was
    year: int | None = None  # the current year, and how many of its items show nothing yet
    items: int = 0
    empty: int | None = None

    @property
    def ok(self) -> bool:
        """True when the output was written."""
        return not self.errors


def load_site(
    site_dir: Path | str,
    base_url: str | None = None,
    workspace: Workspace | None = None,
    raise_errors: bool = True,
) -> tuple[SiteView, Problems]:
    """Run stages 1–3 (config, catalogs, content) and return the model and the problems so far.

    Shared by build, check and export, so all three read a site the same way. Raises
    ItagenError when the input has errors, unless `raise_errors` is False (check wants
    the model of everything that did load, and every problem); a bad site.yaml always raises.
    """
    from itagen.site.config import load_config
    from itagen.site.contentdir import load_content
    from itagen.site.model import build_site

    site_dir = Path(site_dir)
    if workspace is None:
        workspace = enclosing(site_dir)  # a workspace's site named on its own still inherits
    defaults = _workspace_defaults(workspace, site_dir)
    shared = workspace.shared if workspace else None
    config, warnings = load_config(site_dir, base_url, defaults)  # 1. site.yaml
    problems = Problems(list(warnings))
    # 2+3. catalogs and content
    content = load_content(config.root, problems, shared, config.numerals)
    if shared is not None:
        from itagen.site.shared import inherit_shared

        inherit_shared(content, config.root, shared, problems)  # a workspace's shared items
    if config.agency.logo:
        _check_logo(config.agency.logo, config.root, shared, problems)
    if raise_errors:
        problems.raise_if_errors()
    return build_site(config, content, body_has_links), problems  # the model every page shares


def body_has_links(body: str) -> bool:
    """Whether a body links anything, as the renderer sees links (asked for an item's status)."""
    from itagen.render.markdown import has_links

    return has_links(body)


def _workspace_defaults(workspace: Workspace | None, site_dir: Path) -> dict | None:
    if workspace is None:
        return None
    defaults = dict(workspace.defaults)
    pattern = workspace.base_url_for(site_dir)
    if pattern:
        defaults["base_url"] = pattern
    return defaults


def build(
    site_dir: Path | str = ".",
    out_dir: Path | str | None = None,
    base_url: str | None = None,
    workspace: Workspace | None = None,
    use_cache: bool = True,
    jobs: int = 1,
) -> BuildResult:
    """Build one site into `out_dir` (default SITE/build); raise ItagenError on bad input.

    With `use_cache`, a site whose inputs and output are exactly as the last build left
    them is not built again (the output would be byte-identical). A large site's item
    pages are rendered in `jobs` processes (itagen/cache/parallel.py); the output is the same.
    """
    started = time.perf_counter()
    root = Path(site_dir).resolve()
    workspace = workspace or enclosing(root)
    out = Path(out_dir).absolute() if out_dir else root / "build"
    memo = build_cache(root, out, base_url, workspace) if use_cache else None
    if memo is not None and (state := memo.unchanged()) is not None:  # 0. nothing changed since
        clean_leftovers(out)  # a killed build's temporary folder goes even when nothing changed
        result = cached_result(root, out, state)
        result.seconds = time.perf_counter() - started
        return result
    from itagen.render.markdown import BodyRenderer
    from itagen.render.themes import resolve_theme

    site, problems = load_site(root, base_url, workspace)  # 1–3. the model, or errors
    config = site.config
    shared = (workspace.shared,) if workspace and workspace.shared else ()
    theme = resolve_theme(config.data.theme, config.root)
    protected = (workspace.root / "workspace.yaml",) + shared if workspace else ()
    writer = OutputWriter(check_output_dir(out, config.root, protected))  # 5. a temporary folder
    try:
        bodies = BodyRenderer(
            config.root,
            config.data.allow_html,
            shared,
            page_paths(site),
            memo.bodies(config.data.allow_html) if memo else None,
        )
        render_site(site, theme, bodies, writer, shared, problems, jobs=jobs)  # 4. page by page
        writer.commit()  # swap in the new output
    except BaseException:
        writer.abort()
        if memo is not None:
            memo.failed()
        raise
    ready = readiness(site)
    if memo is not None:  # warnings show on every build until fixed: only a clean one is kept
        memo.succeeded(
            writer.pages, writer.files, writer.written, clean=not problems.warnings, readiness=ready
        )
    return BuildResult(
        config.root,
        writer.out_dir,
        writer.pages,
        writer.files,
        time.perf_counter() - started,
        problems.warnings,
        **dict(zip(("year", "items", "empty"), ready)),
    )


def readiness(site: SiteView) -> tuple[int | None, int, int | None]:
    """Return (current year, its item count, how many show nothing yet) from the built model.

    "Nothing" is the model's item status (missing or empty), the same rule as check's item-empty.
    """
    year = site.current
    if year is None:
        return None, 0, None
    return year.year, len(year.items), sum(1 for i in year.items if i.status != "ok")


def cached_result(root: Path, out: Path, state: dict) -> BuildResult:
    """The result of a build skipped because nothing changed, from the last build's record."""
    year, items, empty = state.get("readiness") or (None, 0, None)
    return BuildResult(
        root, out, state["pages"], state["files"], cached=True, year=year, items=items, empty=empty
    )


def render_site(
    site: SiteView,
    theme,
    bodies: BodyRenderer,
    writer,
    shared: tuple[Path, ...],
    problems: Problems,
    env=None,
    jobs: int = 1,
) -> None:
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
    broken: list[str] = []
    for rel, src in published_files(site.config.root, shared, theme, broken):
        writer.copy_file(rel, src)
    for rel in broken:  # links in files/ that lead nowhere: skipped (a page linking one has failed)
        message = _("{path} is a link to a file that does not exist; it is not published")
        problems.warn(
            message.format(path=rel),
            rel,
            None,
            _("restore the file it points to, or delete the link"),
            "file-dangling",
        )


def page_paths(site: SiteView) -> frozenset[str]:
    """Return the output paths of the site's item and free pages (what body links may point to)."""
    items = {item.path for year in site.years for item in year.items}
    return frozenset(items | {f"pages/{p.slug}/index.html" for p in site.pages})


def build_cache(
    root: Path, out: Path, base_url: str | None, workspace: Workspace | None
) -> cache.BuildCache | None:
    """Return the build cache of a site (None when the folder has no site.yaml to key it on)."""
    if not (root / "site.yaml").is_file():
        return None
    return cache.BuildCache(
        root,
        out,
        base_url,
        workspace.root if workspace else None,
        workspace.shared if workspace else None,
    )


def _check_logo(logo: str, root: Path, shared: Path | None, problems: Problems) -> None:
    """agency.logo must be a file in files/ that the site publishes (its own, or the workspace's
    shared one)."""
    try:
        norm, _target, size = SitePaths(root, (shared,) if shared is not None else ()).lookup(logo)
    except UnsafePath as exc:
        problems.error(f"agency.logo: {exc}", "site.yaml", rule="logo-invalid")
        return
    if not norm.startswith("files/") or size is None:
        problems.error(
            _("agency.logo: '{path}' is not a file in files/").format(path=logo),
            "site.yaml",
            None,
            _("put the logo in files/ and write files/logo.png"),
            rule="logo-invalid",
        )


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


def _files_under(root: Path, broken: list[str] | None = None) -> Iterator[tuple[str, Path]]:
    """Yield (path relative to root, file) for what root/files/ publishes (itagen/published.py)."""
    from itagen.site.published import walk_files

    return ((rel, path) for rel, path, published in walk_files(root, None, broken) if published)


def published_files(
    root: Path, shared: tuple[Path, ...], theme, broken: list[str] | None = None
) -> list[tuple[str, Path]]:
    """Every file copied as is: files/ (names unchanged: their URLs go into ITAS) and theme assets.

    Links in files/ that lead nowhere are left out and named in `broken`, when given.
    """
    found: dict[str, Path] = {}
    for folder in shared:  # a workspace's shared files, which the site's own replace
        found.update(_files_under(folder, broken))
    found.update(_files_under(root, broken))
    files = sorted(found.items())
    files += [(f"assets/{rel}", src) for rel, src in theme.asset_files().items()]
    return files
