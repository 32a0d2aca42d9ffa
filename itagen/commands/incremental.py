"""Serve-mode builds: the last good site kept in memory, rebuilt by the build's rules on each save.

Owns the output of `itagen serve`, which never touches the site's build/: a
`Snapshot` holds every page and data file as bytes and maps every copied file
(files/, theme assets) to the source it would be copied from. A snapshot is
never changed once made; a rebuild makes a new one and the server swaps it in
with one assignment, so a request gets the old site or the new one, never a mix
of half-written pages.

What a save changes is decided with the build cache's knowledge (cache/site.py):
a path that is one of the site's inputs (site.yaml, content/, files/, themes/,
catalogs/, a workspace's workspace.yaml and shared/, the theme's folders, folders
files/ publishes through links) rebuilds the site; anything else (editor swap and
backup files, hidden files, the output) does nothing. A rebuild runs the build's
stages into memory: the sources are read again, every template runs again from
the new model, and a body whose text, depth and links are unchanged is taken from
a `BodyMemo` (the body cache's keys and checks, in memory) instead of being
parsed again. So what serve shows after any edit is what `itagen build` writes,
custom themes included (tests/test_serve.py compares the two).

A failed rebuild keeps the last good state, and the next save retries it.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from itagen.build import load_site, page_paths, render_site  # the same stages as `itagen build`
from itagen.cache.bodies import BodyMemo
from itagen.cache.site import SITE_INPUTS
from itagen.commands.watch import Change
from itagen.errors import ItagenError, Problem
from itagen.render.markdown import BodyRenderer
from itagen.render.themes import Theme, resolve_theme
from itagen.render.write import claim
from itagen.site.config import SiteConfig
from itagen.site.model import SiteView
from itagen.site.workspace import enclosing
from itagen.thai.messages import _


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One complete output of the site, in memory: pages as bytes, copied files as their sources."""

    pages: Mapping[str, bytes]
    files: Mapping[str, Path]
    roots: tuple[Path, ...]  # the real folders a source file must lie in when it is served

    def page(self, key: str) -> bytes | None:
        """Return the page or data file at `key`, or None."""
        return self.pages.get(key)


class MemoryWriter:
    """Collects a build's output in memory; same interface as write.OutputWriter."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        self.files: dict[str, Path] = {}
        self.written: set[str] = set()

    def write_text(self, rel: str, text: str) -> None:
        """Keep a page or data file."""
        claim(self.written, rel)
        self.pages[rel] = text.encode("utf-8")

    def copy_file(self, rel: str, src: Path) -> None:
        """Remember where a copied file comes from (it is served from there)."""
        claim(self.written, rel)
        self.files[rel] = src


@dataclass(frozen=True, slots=True)
class SiteState:
    """The last good build: its model, its theme and its output."""

    config: SiteConfig
    site: SiteView
    theme: Theme
    snapshot: Snapshot

    @property
    def root(self) -> Path:
        """The site folder (resolved)."""
        return self.config.root


@dataclass(slots=True)
class Outcome:
    """What one rebuild did: a full build, nothing (no input changed), or failed."""

    kind: str  # full | none
    reason: str = ""
    seconds: float = 0.0
    rendered: tuple[str, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    trace: str | None = None  # the traceback of a crash (a bug, not bad input)
    pages: int = 0  # a full build's HTML pages and copied files,
    files: int = 0  # counted as itagen build counts them

    @property
    def ok(self) -> bool:
        """True when the new output is being served."""
        return not self.problems

    @property
    def changed(self) -> bool:
        """True when open pages should reload."""
        return self.kind != "none" or not self.ok


class Rebuilder:
    """Keeps the last good build of one site and rebuilds it when one of its inputs changes."""

    def __init__(self, site_dir: Path | str, base_url: str | None = None) -> None:
        self.site_dir = Path(site_dir)
        self.base_url = base_url
        self.state: SiteState | None = None
        self._failed = False
        self._linked: list[Path] = []  # folders files/ publishes through links (found by builds)
        self._bodies: BodyMemo | None = None  # bodies of the last builds, reused while still exact

    def rebuild(self, changes: Iterable[Change] | None = None) -> Outcome:
        """Apply a batch of changed paths (None: build from scratch) and return what happened."""
        started = time.perf_counter()
        if changes is None:
            reason = "start"
        else:
            retry = self._failed or self.state is None  # the last good state may not match the disk
            reason = self._first_input(changes) or ("retry" if retry else "")
        if not reason:
            return Outcome("none")
        try:
            outcome = self._build(reason)
        except Exception as exc:  # the server must survive anything a rebuild raises
            self._failed = True
            if isinstance(exc, ItagenError):
                problems = exc.problems or [Problem(str(exc))]
            else:  # a bug, not bad input: say so, and keep the traceback for the terminal
                problems = [
                    Problem(
                        _("itagen crashed: {error}").format(error=f"{type(exc).__name__}: {exc}"),
                        None,
                        None,
                        _("this is a bug in itagen; the traceback is in the terminal"),
                    )
                ]
            return Outcome(
                "full",
                reason,
                time.perf_counter() - started,
                problems=problems,
                trace=None if isinstance(exc, ItagenError) else traceback.format_exc(),
            )
        self._failed = False
        outcome.seconds = time.perf_counter() - started
        return outcome

    def watch_roots(self) -> list[tuple[Path, bool]]:
        """Return the (folder, recursive) pairs to watch: the sources and the theme's folders."""
        root = self.site_dir.resolve()
        roots = [(root, False)]
        roots += [(root / name, True) for name in SITE_INPUTS if name != "site.yaml"]
        if self.state is not None:
            dirs = [d.resolve() for d in self.state.theme.dirs]
            roots += [(d, True) for d in dirs if not d.is_relative_to(root)]
        workspace = enclosing(self.site_dir)
        if workspace is not None:  # workspace.yaml (its folder, not recursive) and the shared tree
            roots += [(workspace.root, False), (workspace.root / "catalogs", True)]
            roots += [(workspace.shared.resolve(), True)] if workspace.shared else []
        roots += [(d, True) for d in self._linked]
        return list(dict.fromkeys(roots))

    def _first_input(self, changes: Iterable[Change]) -> str:
        """Return the first changed path that is an input of the site's output ("" when none is)."""
        root = self.site_dir.resolve()
        outside = [d.resolve() for d in self.state.theme.dirs] if self.state is not None else []
        outside = [d for d in outside if not d.is_relative_to(root)]  # e.g. the built-in themes
        outside += self._workspace_sources() + self._linked
        for change in sorted(changes, key=lambda c: str(c.path)):
            path = change.path
            if any(path.is_relative_to(d) for d in outside):
                return str(path)
            if not path.is_relative_to(root):
                continue
            parts = path.relative_to(root).parts
            if not parts or parts[0] not in SITE_INPUTS:
                continue  # the output, notes beside the site: not what the build reads
            if any(p.startswith(".") for p in parts) or parts[-1].endswith("~"):
                continue  # editor swap and backup files; the build skips them too
            return "/".join(parts)
        return ""

    def _workspace_sources(self) -> list[Path]:
        """A workspace site's other inputs: workspace.yaml, catalogs/ and shared/."""
        workspace = enclosing(self.site_dir)
        if workspace is None:
            return []
        shared = [workspace.shared.resolve()] if workspace.shared else []
        return [workspace.root / "workspace.yaml", (workspace.root / "catalogs").resolve(), *shared]

    def _linked_folders(self) -> list[Path]:
        """Folders files/ publishes through links (its own and the shared folder's).

        Watchers do not follow links, so these are watched themselves.
        """
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

    def _build(self, reason: str) -> Outcome:
        """The same stages as build.build, written into memory."""
        site, problems = load_site(self.site_dir, self.base_url)  # 1–3. config, catalogs, content
        workspace = enclosing(Path(self.site_dir))  # a workspace site publishes shared files too
        shared = (workspace.shared,) if workspace and workspace.shared else ()
        config = site.config
        theme = resolve_theme(config.data.theme, config.root)
        if self._bodies is None or self._bodies.allow_html != config.data.allow_html:
            self._bodies = BodyMemo(config.data.allow_html)
        self._bodies.next_build()
        bodies = BodyRenderer(
            config.root, config.data.allow_html, shared, page_paths(site), self._bodies
        )
        writer = MemoryWriter()
        render_site(site, theme, bodies, writer, shared, problems)  # 4–5. into memory
        roots = (config.root.resolve(),) + tuple(d.resolve() for d in shared + theme.dirs)
        self.state = SiteState(config, site, theme, Snapshot(writer.pages, writer.files, roots))
        self._linked = self._linked_folders()
        pages = sum(1 for rel in writer.pages if rel.endswith(".html"))
        return Outcome(
            "full",
            reason,
            rendered=tuple(writer.pages),
            warnings=problems.warnings,
            pages=pages,
            files=len(writer.files),
        )
