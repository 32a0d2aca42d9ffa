"""Many sites at once: a list of site folders or a workspace, built by worker processes.

Owns the plan (which sites, which output folders; clashes are refused before any
build), finding the sites that are up to date without starting a worker, and the
schedule across workers. One broken site does not stop the others, and the output
does not depend on the number of workers.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from itagen.build import BuildResult, build, build_cache, cached_result
from itagen.cache.parallel import fork_context
from itagen.cache.site import read_state
from itagen.errors import ItagenError, Problem
from itagen.render.write import clean_many
from itagen.site.published import MARKER
from itagen.site.workspace import Workspace, is_workspace, load_workspace
from itagen.thai.messages import _


@dataclass(frozen=True, slots=True)
class Task:
    """One site to build in a worker (picklable)."""

    site: str
    out: str | None
    base_url: str | None
    workspace: str | None = None
    use_cache: bool = True
    jobs: int = 1  # processes for this one site's pages (when it is built alone)


def _build_task(task: Task) -> BuildResult:
    started = time.perf_counter()
    try:
        workspace = _task_workspace(task.workspace)
        return build(task.site, task.out, task.base_url, workspace, task.use_cache, task.jobs)
    except ItagenError as exc:
        return BuildResult(
            Path(task.site), None, seconds=time.perf_counter() - started, errors=exc.problems
        )
    except (
        OSError
    ) as exc:  # the machine said no (disk full, permissions): reported for this site only
        problem = Problem(exc.strerror or str(exc), exc.filename and str(exc.filename))
        return BuildResult(
            Path(task.site), None, seconds=time.perf_counter() - started, errors=[problem]
        )
    except Exception as exc:  # a bug in itagen must not stop the other sites of a many-site build
        if os.environ.get("ITAGEN_DEBUG"):
            raise
        problem = Problem(
            _("internal error: {error}").format(error=f"{type(exc).__name__}: {exc}"),
            None,
            None,
            _(
                "this is a bug in itagen, not a mistake in your site; please report it "
                "(run again with ITAGEN_DEBUG=1 to see the details)"
            ),
        )
        return BuildResult(
            Path(task.site), None, seconds=time.perf_counter() - started, errors=[problem]
        )


# -- one workspace load per process --------------------------------------------------------
# Loading a workspace reads workspace.yaml and checks every site folder: done for each site, a
# build of N sites cost N × N. build_many loads each workspace once, before its workers start
# (forked workers share the result); a worker started afresh loads it once for all its sites.
_WORKSPACES: dict[str, Workspace] = {}


def _fresh_workspaces(tasks: list[Task]) -> dict[str, Workspace]:
    """Load the workspaces of `tasks` anew (a workspace.yaml may have changed since)."""
    _WORKSPACES.clear()
    for task in tasks:
        if task.workspace and task.workspace not in _WORKSPACES:
            try:
                _WORKSPACES[task.workspace] = load_workspace(Path(task.workspace))
            except (ItagenError, OSError):
                pass  # each of its sites reports it
    return _WORKSPACES


def _task_workspace(path: str | None) -> Workspace | None:
    """The task's workspace, loaded once per process."""
    if path is None:
        return None
    if path not in _WORKSPACES:
        _WORKSPACES[path] = load_workspace(Path(path))
    return _WORKSPACES[path]


def plan(
    targets: list[Path],
    out: Path | None,
    base_url: str | None = None,
    only: set[str] | None = None,
    use_cache: bool = True,
) -> list[Task]:
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
                raise ItagenError(
                    _("the workspace has no site named {names}").format(names=", ".join(unknown)),
                    "workspace.yaml",
                )
            tasks += [
                Task(str(s), str(dest / s.name), base_url, str(ws.root), use_cache) for s in sites
            ]
        else:
            dest = None if out is None or single else out / target.resolve().name
            tasks.append(
                Task(
                    str(target),
                    str(out) if single and out else (str(dest) if dest else None),
                    base_url,
                    None,
                    use_cache,
                )
            )
    outs = [t.out for t in tasks if t.out is not None]
    if len(set(outs)) != len(outs):
        raise ItagenError(
            _("two sites have the same folder name, so their outputs would collide"),
            None,
            None,
            _("rename one folder or build them separately"),
        )
    return tasks


def build_many(
    tasks: list[Task], jobs: int = 0, progress: Callable[[BuildResult], None] | None = None
) -> list[BuildResult]:
    """Build every task, in parallel with `jobs` workers (0: one per core); results keep task
    order."""
    jobs = jobs or os.cpu_count() or 1
    results: dict[int, BuildResult] = {}
    todo = []
    workspaces = _fresh_workspaces(tasks)
    for n, task in enumerate(tasks):
        # Up-to-date sites are found here, without starting a worker (a few stat calls each).
        cached = _cached_task(task, workspaces) if task.use_cache and len(tasks) > 1 else None
        if cached is not None:
            results[n] = cached
            if progress:
                progress(cached)
        else:
            todo.append(n)
    # Killed builds' leftovers beside up-to-date outputs go too (each parent folder listed once).
    clean_many([results[n].out_dir for n in results if results[n].out_dir is not None])
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
            with ProcessPoolExecutor(
                max_workers=min(jobs, len(todo)), mp_context=fork_context()
            ) as pool:
                # Small chunks (a few sites) keep workers busy to the end: the last chunk to finish
                # leaves the other workers idle for its length. map keeps the order of the results.
                chunk = max(1, len(todo) // (jobs * 32))
                for n, result in zip(
                    todo, pool.map(_build_task, (tasks[n] for n in todo), chunksize=chunk)
                ):
                    results[n] = result
                    if progress:
                        progress(result)
        finally:
            gc.unfreeze()
    return [results[n] for n in range(len(tasks))]


def _warm_up() -> None:
    """Import the heavy modules and build the schemas once, before workers are forked from this
    process.

    Forked workers then share them instead of each importing Jinja, markdown-it and pydantic
    and building the schemas: work that is the same for every site is done once.
    """
    import qrcode  # noqa: F401

    from itagen.cache.site import package_key
    from itagen.catalog import load as catalog
    from itagen.render import markdown, pages  # noqa: F401
    from itagen.site import config, content

    config.schema()
    content.schema()
    catalog.schema()
    package_key()  # the hash of itagen's own files and library versions, for every cache key


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
        state = read_state(root) if (out / MARKER).is_file() else None
        if state is None:
            return None  # a first build, or an output that is gone: no need to hash the inputs here
        memo = build_cache(root, out, task.base_url, workspace)
        if memo is None or memo.unchanged(state) is None:
            return None
        return cached_result(root, out, state)
    except (ItagenError, OSError):
        return None
