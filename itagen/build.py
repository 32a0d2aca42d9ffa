"""The build: config → catalog → content → model → render → write, one line per stage.

Owns the order of the stages and the guarantee that ties them together: all
input is gathered and checked before anything replaces the previous output, and
any error aborts with the previous output untouched. `build_many` builds several
sites in worker processes; one broken site does not stop the others.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .config import load_config
from .content import load_content
from .errors import ItagenError, Problem, Problems
from .markup import BodyRenderer
from .model import SiteView, build_site
from .paths import UnsafePath, site_relative
from .render import Renderer, ita_json, robots_txt, sitemap_xml
from .themes import resolve_theme
from .write import OutputWriter, check_output_dir


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

    @property
    def ok(self) -> bool:
        """True when the output was written."""
        return not self.errors


def load_site(site_dir: Path | str, base_url: str | None = None) -> tuple[SiteView, Problems]:
    """Run stages 1–3 (config, catalogs, content) and return the model and the warnings so far.

    Shared by build, check and export, so all three read a site the same way; raises
    ItagenError when the input has errors.
    """
    config, warnings = load_config(Path(site_dir), base_url)            # 1. site.yaml
    problems = Problems(list(warnings))
    content = load_content(config.root, problems)                       # 2+3. catalogs and content
    if config.agency.logo:
        _check_logo(config.agency.logo, config.root, problems)
    problems.raise_if_errors()
    return build_site(config, content), problems                        # the model every page shares


def build(site_dir: Path | str = ".", out_dir: Path | str | None = None, base_url: str | None = None) -> BuildResult:
    """Build one site into `out_dir` (default SITE/build); raise ItagenError on bad input."""
    started = time.perf_counter()
    site, problems = load_site(site_dir, base_url)
    config = site.config
    theme = resolve_theme(config.data.theme, config.root)
    renderer = Renderer(site, theme, BodyRenderer(config.root, config.data.allow_html))
    out = check_output_dir(Path(out_dir) if out_dir else config.root / "build", config.root)
    writer = OutputWriter(out)                                          # 5. into a temporary folder
    try:
        for path, html in renderer.pages():                             # 4. render page by page
            writer.write_text(path, html)
        problems.extend(renderer.problems)
        problems.raise_if_errors()
        _write_data(writer, site)
        _copy_files(writer, config.root, theme)
        writer.commit()                                                 # swap in the new output
    except BaseException:
        writer.abort()
        raise
    return BuildResult(config.root, out, writer.pages, writer.files, time.perf_counter() - started,
                       problems.warnings)


def _check_logo(logo: str, root: Path, problems: Problems) -> None:
    try:
        norm, target = site_relative(logo, root)
    except UnsafePath as exc:
        problems.error(f"agency.logo: {exc}", "site.yaml")
        return
    if not norm.startswith("files/") or not target.is_file():
        problems.error(f"agency.logo: '{logo}' is not a file in files/", "site.yaml", None,
                       "put the logo in files/ and write files/logo.png")


def _write_data(writer: OutputWriter, site) -> None:
    """ita.json, sitemap.xml, robots.txt, .nojekyll and CNAME."""
    writer.write_text("ita.json", ita_json(site))
    sitemap = sitemap_xml(site)
    if sitemap is not None:
        writer.write_text("sitemap.xml", sitemap)
    writer.write_text("robots.txt", robots_txt(site))
    writer.write_text(".nojekyll", "")
    if site.config.data.cname:
        writer.write_text("CNAME", site.config.data.cname + "\n")


def _copy_files(writer: OutputWriter, root: Path, theme) -> None:
    """Copy files/ (names unchanged: their URLs are entered into ITAS) and the theme's assets."""
    files_dir = root / "files"
    if files_dir.is_dir():
        root_real = root.resolve()
        for dirpath, dirnames, filenames in os.walk(files_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                src = Path(dirpath) / name
                if not src.resolve().is_relative_to(root_real):
                    continue  # a symlink out of the site is never published
                writer.copy_file(src.relative_to(root).as_posix(), src)
    for rel, src in theme.asset_files().items():
        writer.copy_file(f"assets/{rel}", src)


def _build_one(args: tuple[str, str | None, str | None]) -> BuildResult:
    site, out, base_url = args
    started = time.perf_counter()
    try:
        return build(site, out, base_url)
    except ItagenError as exc:
        return BuildResult(Path(site), None, seconds=time.perf_counter() - started, errors=exc.problems)


def build_many(sites: list[Path], out_root: Path | None, jobs: int = 0, base_url: str | None = None) -> list[BuildResult]:
    """Build several sites, each into OUT/<folder name>/ (or its own build/), in parallel."""
    names = [s.resolve().name for s in sites]
    if out_root is not None and len(set(names)) != len(names):
        raise ItagenError("two sites have the same folder name, so their outputs would collide", None, None,
                          "rename one folder or build them separately")
    tasks = [(str(s), str(out_root / n) if out_root is not None else None, base_url) for s, n in zip(sites, names)]
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) == 1:
        return [_build_one(t) for t in tasks]
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        return list(pool.map(_build_one, tasks))
