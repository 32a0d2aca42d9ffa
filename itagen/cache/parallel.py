"""One large site's item pages rendered by several processes into the same output folder.

Owns the split of a single site across processes (`build_many` splits many sites
by site). Worker processes are forked once the site is loaded, so the model, the
catalogs, the Jinja environment and the Markdown parser are set up once and
shared, never pickled. The item pages are cut into one run per process; the
parent renders its own run and the site's other pages (home, year indexes, free
pages, posters, 404). Every page is rendered from the same model whichever
process renders it, so the output does not depend on the number of processes.

Pages are numbered in the order a one-process build renders them, and each
process renders its pages in that order. Problems are reported in page order,
and when pages fail, the failure of the lowest-numbered page is the one raised:
the same error, whatever -j was. A worker whose parent is gone stops.

Where the platform cannot fork (Windows), or the site is small enough that
starting processes would cost more than it saves, the pages are rendered in this
process.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.render.write import OutputWriter, claim

if TYPE_CHECKING:
    from itagen.render.pages import Renderer

# Below this many item pages a site renders in one process: forking and collecting a worker
# costs more than it saves on a real site (43 items a year); bench/RESULTS.md has the figures.
PARALLEL_MIN_ITEMS = 200


def fork_context() -> Any:
    """The fork start method where the platform has it (Linux), else None."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def render_pages(renderer: Renderer, writer: Any, jobs: int = 1) -> None:
    """Render every page of the site into `writer`, item pages in `jobs` processes when worth it.

    Problems found in bodies end up in `renderer.problems`, in page order.
    """
    pages = list(renderer.jobs())
    items = [n for n, (item, _render) in enumerate(pages) if item is not None]
    context = fork_context()
    if (
        jobs <= 1
        or len(items) < PARALLEL_MIN_ITEMS
        or context is None
        or not isinstance(writer, OutputWriter)
    ):
        for _item, render in pages:
            path, html = render()
            writer.write_text(path, html)
        return
    # Runs of neighbouring pages, not every n-th page: processes writing into different
    # folders do not queue for the same directory's lock in the file system.
    runs = [items[len(items) * k // jobs : len(items) * (k + 1) // jobs] for k in range(jobs)]
    mine = sorted(set(range(len(pages))) - set(items) | set(runs[0]))
    parent = os.getpid()
    if renderer.bodies.cache is not None:
        renderer.bodies.cache.prepare()
    workers = []
    failures: list[tuple[float, BaseException]] = []
    try:
        for run in runs[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(send, renderer, writer, pages, run, parent), daemon=True
            )
            process.start()
            send.close()  # the parent keeps only the reading end: a worker that dies gives EOFError
            workers.append((process, receive))
        found, failure = _render_run(renderer, writer, pages, mine)
        if failure is not None:
            failures.append(failure)
        for process, receive in workers:
            worker_found, failure = _collect(process, receive, writer, renderer)
            found.update(worker_found)
            if failure is not None:
                failures.append(failure)
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
    if failures:
        raise min(failures, key=lambda f: f[0])[1]  # the first page in page order that failed
    renderer.problems[:] = [p for n in sorted(found) for p in found[n]]


def _render_run(
    renderer: Renderer, writer: OutputWriter, pages: list, run: list[int]
) -> tuple[dict[int, list[Problem]], tuple[int, Exception] | None]:
    """Render and write the pages numbered in `run`, in order, until one fails.

    Return their problems by page number, and the failure (its page number and exception).
    """
    found: dict[int, list[Problem]] = {}
    before = len(renderer.problems)
    for n in run:
        try:
            path, html = pages[n][1]()
            writer.write_text(path, html)
        except Exception as exc:  # compared with the other processes' failures by page number
            return found, (n, exc)
        if len(renderer.problems) > before:
            found[n] = renderer.problems[before:]
            del renderer.problems[before:]
    return found, None


def _worker(
    send: Any, renderer: Renderer, writer: OutputWriter, pages: list, run: list[int], parent: int
) -> None:
    """A forked process: render a run of item pages and send
    back what was written, or where it failed.
    """
    try:
        _work(send, renderer, writer, pages, run, parent)
    except BaseException:  # no traceback on the user's screen: the parent reports a stopped worker
        os._exit(1)


def _work(
    send: Any, renderer: Renderer, writer: OutputWriter, pages: list, run: list[int], parent: int
) -> None:
    known = set(writer.written)
    found: dict[int, list[Problem]] = {}
    failure = None
    for n in run:
        if os.getppid() != parent:
            os._exit(1)  # the build that started this worker is gone: stop writing into its folder
        part, failure = _render_run(renderer, writer, pages, [n])
        found.update(part)
        if failure is not None:
            break
    cache = renderer.bodies.cache
    parts = [str(p) for p in cache.finish()] if cache is not None else []
    if failure is None:
        reply: tuple = ("ok", sorted(writer.written - known), found, parts)
    else:
        n, exc = failure
        if isinstance(exc, ItagenError):
            detail: Any = ("problems", exc.problems)
        elif isinstance(exc, OSError):
            detail = (
                "problems",
                [Problem(exc.strerror or str(exc), exc.filename and str(exc.filename))],
            )
        else:
            detail = ("crash", f"{type(exc).__name__}: {exc}")
        reply = ("failed", n, detail, parts)
    send.send(reply)
    send.close()


def _collect(
    process: Any, receive: Any, writer: OutputWriter, renderer: Renderer
) -> tuple[dict[int, list[Problem]], tuple[float, BaseException] | None]:
    """Take one worker's reply: add its pages to the writer's record, or return its failure."""
    try:
        reply = receive.recv()
    except EOFError:
        process.join()
        # No page number: a worker that died is reported only when no page failed
        # in the ordinary way.
        return {}, (
            float("inf"),
            ItagenError(
                _("a worker process stopped before finishing its pages (exit code {code})").format(
                    code=process.exitcode
                ),
                None,
                None,
                _("run the build again; with -j 1 it uses no worker processes"),
            ),
        )
    if renderer.bodies.cache is not None:
        renderer.bodies.cache.parts.extend(Path(p) for p in reply[-1])  # bodies the worker stored
    if reply[0] == "failed":
        _tag, n, (kind, payload), _parts = reply
        exc: BaseException = (
            ItagenError(payload)
            if kind == "problems"
            else RuntimeError(f"in a worker process: {payload}")
        )
        return {}, (n, exc)
    _tag, written, found, _parts = reply
    for rel in written:
        claim(writer.written, rel)
        if rel.endswith(".html"):
            writer.pages += 1
    return found, None
