"""`itagen serve`: a local preview that rebuilds on save,
reloads the browser, and survives mistakes.

Owns the HTTP side of serve mode: a stdlib ThreadingHTTPServer that answers only
from the in-memory output of commands/incremental.py (so a request gets the old site
or the new one, never a half-written page, and nothing outside the output can be
named by a URL), an
event stream at /__itagen/reload that tells open tabs to reload, and the small
script that listens to it, injected into HTML responses here and never written
into a build. When a rebuild fails, the last good pages stay up with the errors
laid over them until a save fixes them; the script and the error panel themselves
are commands/overlay.py's. It binds 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from itagen.commands.incremental import Outcome, Rebuilder, Snapshot
from itagen.commands.overlay import RELOAD_PATH, error_panel, inject, reload_script
from itagen.commands.requests import allowed_host, content_type, is_loopback, output_path
from itagen.thai.messages import _, ngettext
from itagen.errors import Problem
from itagen.commands.watch import ChangeBatcher, Watcher

ERROR_PATH = "/__itagen/error"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (proxies drop silent streams)
Log = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class View:
    """What the server answers with right now; replaced whole after every rebuild."""

    snapshot: Snapshot | None  # the last good output (None when no build has succeeded yet)
    problems: tuple[Problem, ...]  # the errors of the latest rebuild, shown over every page
    token: str  # changes with every rebuild; tabs holding an older one reload
    snippet: bytes  # what is injected before </body>: reload script (+ error panel)


class _Handler(BaseHTTPRequestHandler):
    server_version = "itagen-serve"
    preview: PreviewServer  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the rebuild messages

    def do_HEAD(self) -> None:
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:
        if not self.preview.host_allowed(self.headers.get("Host")):
            return self._misdirected(body)
        view = self.preview.view
        if self.path.startswith(RELOAD_PATH + "?") or self.path == RELOAD_PATH:
            return self._events(self.path.partition("?v=")[2])
        if self.path == ERROR_PATH:
            return self._error_page(view, 200, body)
        if view.snapshot is None:
            return self._error_page(view, 500, body)
        snap = view.snapshot
        key = output_path(self.path)
        if key is None:
            return self._not_found(view, body)
        if key == "" or key.endswith("/"):
            key += "index.html"
        page = snap.page(key)
        if page is not None:
            return self._send(200, key, page, view, body)
        src = snap.files.get(key)
        if src is not None:
            return self._send_file(src, key, view, body)
        if (
            f"{key}/index.html" in snap.pages
        ):  # a folder asked without its slash: relative links need it
            self.send_response(301)
            self.send_header("Location", self.path.split("?", 1)[0] + "/")
            self.send_header("Content-Length", "0")
            return self.end_headers()
        return self._not_found(view, body)

    def _misdirected(self, body: bool) -> None:
        """Refuse a request made for another host name (a web page using DNS rebinding)."""
        text = _("This preview answers only at its own address: {url}").format(url=self.preview.url)
        self._send(421, "misdirected.txt", (text + "\n").encode(), None, body)

    def _headers(self, status: int, ctype: str, length: int) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()

    def _send(self, status: int, key: str, data: bytes, view: View | None, body: bool) -> None:
        if key.endswith(".html") and view is not None:
            data = inject(data, view.snippet)
        self._headers(status, content_type(key), len(data))
        if body:
            self.wfile.write(data)

    def _send_file(self, src: Path, key: str, view: View, body: bool) -> None:
        real = src.resolve()
        if not any(
            real.is_relative_to(r) for r in view.snapshot.roots
        ):  # replaced by a link out since the build
            return self._not_found(view, body)
        try:
            handle = open(real, "rb")  # closed below
        except OSError:
            return self._not_found(view, body)
        with handle:
            self._headers(200, content_type(key), handle.seek(0, 2))
            handle.seek(0)
            if body:
                shutil.copyfileobj(handle, self.wfile)

    def _not_found(self, view: View, body: bool) -> None:
        page = view.snapshot.page("404.html") if view.snapshot else None
        self._send(
            404, "404.html", page or b"<!DOCTYPE html><title>404</title><p>404</p>", view, body
        )

    def _error_page(self, view: View, status: int, body: bool) -> None:
        roots = self.preview.roots()
        panel = (
            error_panel(view.problems, roots, view.snapshot is not None)
            if view.problems
            else "<p>ไม่มีข้อผิดพลาด · No errors.</p>"
        )
        doc = (
            '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8">'
            "<title>itagen serve</title></head>"
            f"<body>{panel}</body></html>\n"
        ).encode()
        self._send(status, "error.html", inject(doc, reload_script(view.token)), None, body)

    def _events(self, seen: str) -> None:
        """Hold an event stream open and send `reload` once the site's token differs from `seen`."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(b"retry: 1000\n\n")
        self.wfile.flush()
        preview = self.preview
        while True:
            with preview.cond:
                if not preview.stopping and preview.view.token == seen:
                    preview.cond.wait(KEEPALIVE)
                token, stopping = preview.view.token, preview.stopping
            if stopping:
                return
            self.wfile.write(b"data: reload\n\n" if token != seen else b": keep-alive\n\n")
            self.wfile.flush()
            if token != seen:
                return


class PreviewServer:
    """A running preview: HTTP server, watcher and rebuild loop; stop() ends all three."""

    def __init__(
        self,
        site_dir: Path | str,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        base_url: str | None = None,
        debounce: float = 0.05,
        poll: bool = False,
        log: Log | None = None,
    ) -> None:
        self.site_dir = Path(site_dir)
        self.log = log or (lambda message: None)
        self.rebuilder = Rebuilder(self.site_dir, base_url)
        self.batcher = ChangeBatcher(debounce)
        self.watcher = Watcher(self.batcher, poll)
        self.cond = threading.Condition()
        self.stopping = False
        self.epoch = 0  # how many times the view was replaced
        self._boot = f"{time.time_ns():x}"  # a restarted server makes every open tab reload once
        self._stopped = threading.Event()
        handler = type("Handler", (_Handler,), {"preview": self})
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type(
            "Server",
            (ThreadingHTTPServer,),
            {"address_family": family, "daemon_threads": True, "handle_error": _quiet_errors},
        )
        self.httpd = server_class(
            (host, port), handler
        )  # bind first: a busy port fails before a build
        self.host, self.port = host, self.httpd.server_address[1]
        self.view = View(None, (), self._token(), b"")
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        """The address to open in a browser (loopback when bound to every interface)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://[{host}]:{self.port}/" if ":" in host else f"http://{host}:{self.port}/"

    def host_allowed(self, host: str | None) -> bool:
        """True when a request's Host header names this server (see `allowed_host`)."""
        return allowed_host(host, self.host, self.port)

    def roots(self) -> tuple[Path, ...]:
        """The folders whose files an error panel may quote."""
        snap = self.view.snapshot
        return snap.roots if snap is not None else (self.site_dir.resolve(),)

    def start(self) -> PreviewServer:
        """Build once, then start serving, watching and rebuilding; return self."""
        self.watcher.update(self.rebuilder.watch_roots())
        self.watcher.start()  # before the first build: a save during it is rebuilt right after
        self._publish(self.rebuilder.rebuild())
        self.watcher.update(self.rebuilder.watch_roots())  # now with the theme's folders
        for target in (self._loop, lambda: self.httpd.serve_forever(poll_interval=0.1)):
            thread = threading.Thread(target=target, daemon=True, name="itagen-serve")
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving and watching; open event streams end; safe to call twice."""
        with self.cond:
            if self.stopping:
                return
            self.stopping = True
            self.cond.notify_all()
        self.batcher.close()
        self.watcher.stop()
        if self._threads:  # shutdown() would wait forever for a serve_forever that never ran
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)  # a rebuild under way finishes first
        self._stopped.set()

    def wait(self) -> None:
        """Block until stop() (wakes often, so Ctrl-C reaches the main thread at once)."""
        while not self._stopped.wait(0.25):
            pass

    def _token(self) -> str:
        return f"{self._boot}-{self.epoch}"

    def _loop(self) -> None:
        while True:
            batch = self.batcher.take()
            if batch is None or self.stopping:
                return
            outcome = self.rebuilder.rebuild(batch)
            if self.stopping:
                return
            self.watcher.update(self.rebuilder.watch_roots())  # a source folder may have appeared
            self._publish(outcome)

    def _publish(self, outcome: Outcome) -> None:
        """Swap in what the rebuild produced and tell open tabs to reload."""
        if not outcome.changed and not self.view.problems:
            return
        state = self.rebuilder.state
        snapshot = state.snapshot if state is not None else None
        problems = tuple(outcome.problems)
        with self.cond:
            self.epoch += 1
            token = self._token()
            snippet = reload_script(token)
            if problems and snapshot is not None:
                snippet = error_panel(problems, snapshot.roots, True).encode() + snippet
            self.view = View(snapshot, problems, token, snippet)
            self.cond.notify_all()
        self._report(outcome)

    def _report(self, outcome: Outcome) -> None:
        ms = outcome.seconds * 1000
        if outcome.problems:
            for problem in outcome.problems:
                self.log(str(problem))
            if outcome.trace:
                self.log(outcome.trace.rstrip())
            n = len(outcome.problems)
            if self.view.snapshot:
                self.log(
                    ngettext(
                        "rebuild failed ({n} problem); serving the last good build "
                        "until the next good save",
                        "rebuild failed ({n} problems); serving the last good build "
                        "until the next good save",
                        n,
                    ).format(n=n)
                )
            else:
                self.log(
                    ngettext(
                        "rebuild failed ({n} problem); nothing to serve until the next good save",
                        "rebuild failed ({n} problems); nothing to serve until the next good save",
                        n,
                    ).format(n=n)
                )
            return
        for warning in outcome.warnings:
            self.log(str(warning))
        if outcome.kind == "full":
            why = {"start": "", "retry": " " + _("(retrying after errors)")}.get(
                outcome.reason, " " + _("({what} changed)").format(what=outcome.reason)
            )
            self.log(
                _("built {pages} pages and {files} files{why} in {ms} ms").format(
                    pages=outcome.pages, files=outcome.files, why=why, ms=f"{ms:.0f}"
                )
            )


def _quiet_errors(self: ThreadingHTTPServer, request: object, client_address: object) -> None:
    """A browser that closes a tab mid-response is no error worth a traceback."""
    import sys

    if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
        ThreadingHTTPServer.handle_error(self, request, client_address)


def start_server(
    site_dir: Path | str,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    base_url: str | None = None,
    debounce: float = 0.05,
    poll: bool = False,
    log: Log | None = None,
) -> PreviewServer:
    """Build SITE, serve it on host:port (0: any free port)
    and rebuild on every save; return the handle.

    The first build may fail: the server still starts, shows the errors, and
    builds again on the next save. Raises OSError when the address is taken.
    Call .stop() on the handle to end it.
    """
    server = PreviewServer(
        site_dir, host, port, base_url=base_url, debounce=debounce, poll=poll, log=log
    )
    if not is_loopback(host) and log is not None:
        log(
            _(
                "warning: serving on {host} makes the preview (drafts included) reachable from "
                "other computers on the network; use 127.0.0.1 unless you mean it"
            ).format(host=host)
        )
    try:
        return server.start()
    except BaseException:
        server.stop()
        raise


def serve_problem(folder: Path) -> str | None:
    """Return why `folder` cannot be previewed (not a site; a workspace of many), or None."""
    from itagen.site.workspace import is_workspace, load_workspace

    if (folder / "site.yaml").is_file():
        return None
    if is_workspace(folder):
        try:
            ws = load_workspace(folder)
            sites = [folder / site.relative_to(ws.root) for site in ws.sites]
        except Exception:  # a broken workspace.yaml: the plain advice still holds
            sites = []
        listed = ", ".join(str(s) for s in sites[:10]) or "sites/…"
        return _(
            "{path} is a workspace of several sites; serve previews one site: "
            "name it, e.g. itagen serve {example} (the sites: {sites})"
        ).format(path=folder, example=sites[0] if sites else folder / "sites" / "…", sites=listed)
    return _(
        "{path} is not a site folder (no site.yaml); go into a site folder or name one, "
        "e.g. itagen serve mysite; a new site is made with itagen init"
    ).format(path=folder)
