"""One large site's item pages rendered by several processes into the same output folder.

Owns the split of a single site across processes (`build_many` splits many sites
by site). Worker processes are forked once the site is loaded, so the model, the
catalogs, the Jinja environment and the Markdown parser are set up once and
shared, never pickled. The item pages are cut into one run per process; the parent renders
its own share and then the site's other pages (home, year indexes, free pages,
posters, 404). Every page is rendered from the same model whichever process
renders it, so the output does not depend on the number of processes, and the
problems are reported in page order, as a one-process build reports them.

Where the platform cannot fork (Windows), or the site is small enough that
starting processes would cost more than it saves, the pages are rendered in this
process.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from .errors import ItagenError, Problem
from .model import ItemView
from .render import Renderer
from .write import OutputWriter

# Below this many item pages a site renders in one process: forking and collecting
# costs ~10 ms a process, a page ~1 ms, and a real site has 43 items a year.
PARALLEL_MIN_ITEMS = 200


def fork_context() -> Any:
    """The fork start method where the platform has it (Linux), else None."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def render_pages(renderer: Renderer, writer: Any, jobs: int = 1) -> None:
    """Render every page of the site into `writer`, item pages in `jobs` processes when worth it.

    Problems found in bodies end up in `renderer.problems`, in page order.
    """
    items = [item for year in renderer.site.years for item in year.items]
    context = fork_context()
    if jobs <= 1 or len(items) < PARALLEL_MIN_ITEMS or context is None or not isinstance(writer, OutputWriter):
        for path, html in renderer.pages():
            writer.write_text(path, html)
        return
    # Runs of neighbouring pages, not every n-th page: processes writing into different
    # folders do not queue for the same directory's lock in the file system.
    shares = [range(len(items) * n // jobs, len(items) * (n + 1) // jobs) for n in range(jobs)]
    workers = []
    try:
        for share in shares[1:]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, args=(send, renderer, writer, items, share), daemon=True)
            process.start()
            send.close()  # the parent keeps only the reading end: a worker that dies gives EOFError
            workers.append((process, receive))
        found = _render_share(renderer, writer, items, shares[0])
        before = len(renderer.problems)
        for path, html in renderer.pages(items=False):
            writer.write_text(path, html)
        others = renderer.problems[before:]
        for process, receive in workers:
            found.update(_collect(process, receive, writer, renderer))
    finally:
        for process, receive in workers:
            if process.is_alive():
                process.terminate()
            process.join()
            receive.close()
    renderer.problems[:] = [p for n in sorted(found) for p in found[n]] + others


def _render_share(renderer: Renderer, writer: OutputWriter, items: list[ItemView],
                  share: range) -> dict[int, list[Problem]]:
    """Render and write the item pages numbered in `share`; return their problems by number."""
    found: dict[int, list[Problem]] = {}
    for n in share:
        before = len(renderer.problems)
        path, html = renderer.item_page(items[n])
        writer.write_text(path, html)
        if len(renderer.problems) > before:
            found[n] = renderer.problems[before:]
            del renderer.problems[before:]
    return found


def _worker(send: Any, renderer: Renderer, writer: OutputWriter, items: list[ItemView], share: range) -> None:
    """A forked process: render a share of the item pages and send back what was written."""
    try:
        known = set(writer.written)
        found = _render_share(renderer, writer, items, share)
        cache = renderer.bodies.cache
        parts = [str(p) for p in cache.finish()] if cache is not None else []
        reply: tuple = ("ok", sorted(writer.written - known), found, parts)
    except ItagenError as exc:
        reply = ("error", exc.problems)
    except OSError as exc:
        reply = ("error", [Problem(exc.strerror or str(exc), exc.filename and str(exc.filename))])
    except BaseException as exc:  # noqa: BLE001 - reported by the parent, which decides
        reply = ("crash", f"{type(exc).__name__}: {exc}")
    send.send(reply)
    send.close()


def _collect(process: Any, receive: Any, writer: OutputWriter, renderer: Renderer) -> dict[int, list[Problem]]:
    """Take one worker's reply: add its pages to the writer's record, or raise what went wrong."""
    try:
        reply = receive.recv()
    except EOFError:
        process.join()
        raise ItagenError(f"a worker process stopped before finishing its pages (exit code {process.exitcode})",
                          None, None, "run the build again; with -j 1 it uses no worker processes") from None
    kind = reply[0]
    if kind == "error":
        raise ItagenError(reply[1])
    if kind == "crash":
        raise RuntimeError(f"in a worker process: {reply[1]}")
    _, written, found, parts = reply
    if renderer.bodies.cache is not None:
        renderer.bodies.cache.parts.extend(Path(p) for p in parts)  # bodies the worker stored, for the next build
    for rel in written:
        if rel in writer.written:
            raise ItagenError(f"two things would be written to {rel}", None, None,
                              "two items or pages resolve to the same address; rename one")
        writer.written.add(rel)
        if rel.endswith(".html"):
            writer.pages += 1
    return found
