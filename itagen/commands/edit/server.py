"""The editor's HTTP side: loopback only, a secret in every URL, and no other site may write.

Owns who may talk to the editor and what each answer may do in a browser:
- it listens on 127.0.0.1 only;
- every path starts with the session's random token (secrets.token_urlsafe), so a
  page elsewhere cannot guess a URL, and the token never leaves in a Referer
  (Referrer-Policy: same-origin);
- the Host header must be 127.0.0.1 or localhost with our port, so a web page
  that points its own name at 127.0.0.1 (DNS rebinding) is refused;
- a POST must come from the editor's own pages (Origin, else Sec-Fetch-Site,
  else Referer) and be at most MAX_BODY bytes;
- every answer forbids scripts, styles, frames and images from anywhere but
  the editor and its preview (Content-Security-Policy), and content sniffing.
Uploaded documents are never served here: the preview serves them, sandboxed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

STATIC = Path(__file__).parent / "static"
STATIC_FILES = {"edit.js": "text/javascript; charset=utf-8", "edit.css": "text/css; charset=utf-8"}
MAX_BODY = 64 * 1024 * 1024  # one save with its uploads: scanned PDFs run to tens of MB


class EditServer(ThreadingHTTPServer):
    """The editor's HTTP server; `app` answers the requests that pass the checks."""

    daemon_threads = True

    def __init__(self, port: int, app: Any) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.app = app
        self.token = secrets.token_urlsafe(24)
        self.port = self.server_address[1]
        self.origin = f"http://127.0.0.1:{self.port}"
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        """The editor's address, token included: the only way in."""
        return f"{self.origin}/{self.token}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a tab mid-answer is no error worth a traceback."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def csp(preview: str | None) -> str:
    """The editor pages' Content-Security-Policy: nothing from outside this computer."""
    other = preview.rstrip("/") if preview else ""
    frames = other or "'none'"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src 'self' {other}; frame-src {frames}; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


class _Handler(BaseHTTPRequestHandler):
    server: EditServer
    server_version = "itagen-edit"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        ours = (self.headers.get("Host") or "").lower() in self.server.hosts
        if self.path == "/favicon.ico" and ours:  # browsers ask without the token; there is none
            return self.reply(204, b"", "image/x-icon")
        route = self._route()
        if route is None:
            return
        if route.startswith("static/") and route[7:] in STATIC_FILES:
            data = (STATIC / route[7:]).read_bytes()
            return self.reply(200, data, STATIC_FILES[route[7:]])
        self._guarded(self.server.app.get, route)

    def do_POST(self) -> None:
        route = self._route()
        if route is None:
            return
        if not self._same_origin():
            return self.reply_text(403, "cross-origin request refused")
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self.reply_text(411, "Content-Length required")
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            return self.reply_text(413, f"the request is larger than {MAX_BODY // 2**20} MB")
        body = self.rfile.read(length)
        self._guarded(self.server.app.post, route, body, self.headers.get("Content-Type", ""))

    def _guarded(self, answer: Callable[..., None], *args: Any) -> None:
        """Run the editor's answer; a bug in itagen gives one line, not a traceback and no reply."""
        try:
            answer(self, *args)
        except (ConnectionError, TimeoutError):
            raise
        except Exception as exc:  # the server must answer whatever went wrong
            import os

            if os.environ.get("ITAGEN_DEBUG"):
                raise
            text = f"itagen: internal error: {type(exc).__name__}: {exc}"
            self.server.app.log(text)
            self.reply_text(500, text)

    def _route(self) -> str | None:
        """The path after the token, or None when the request was refused (and answered)."""
        host = (self.headers.get("Host") or "").lower()
        if host not in self.server.hosts:
            self.reply_text(421, "unknown Host")
            return None
        path = self.path.split("?", 1)[0]
        token, _sep, rest = path.lstrip("/").partition("/")
        if not secrets.compare_digest(token.encode(), self.server.token.encode()):
            self.reply_text(403, "this address needs the token itagen edit printed")
            return None
        return rest

    def _same_origin(self) -> bool:
        origin = self.headers.get("Origin")
        if origin is not None:
            return origin == self.server.origin or origin == f"http://localhost:{self.server.port}"
        site = self.headers.get("Sec-Fetch-Site")
        if site is not None:
            return site == "same-origin"
        referer = urlsplit(self.headers.get("Referer") or "")
        return f"{referer.scheme}://{referer.netloc}" in (
            self.server.origin,
            f"http://localhost:{self.server.port}",
        )

    def query(self) -> str:
        """The query string of the request ('' when none)."""
        return self.path.partition("?")[2]

    def reply(
        self,
        status: int,
        data: bytes,
        ctype: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send an answer with the editor's safety headers."""
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")  # none to the preview; Origin kept
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Content-Security-Policy", csp(self.server.app.preview_url))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def reply_text(self, status: int, text: str) -> None:
        """A short plain-text answer (refusals)."""
        self.reply(status, (text + "\n").encode(), "text/plain; charset=utf-8")

    def reply_json(self, data: Any) -> None:
        """A JSON answer."""
        self.reply(200, json.dumps(data, ensure_ascii=False).encode(), "application/json")

    def redirect(self, location: str) -> None:
        """See other: after a save, the form is fetched again (a reload does not send it twice)."""
        self.reply(303, b"", "text/plain", {"Location": location})


def guard_preview(httpd: ThreadingHTTPServer, port: int) -> None:
    """Make a preview server (commands/serve.py) refuse foreign Host headers and sandbox files/.

    The preview serves the site's documents; an uploaded file that a browser would
    run as a page gets a sandbox (no scripts, an origin of its own) and is offered as
    a download.
    """
    base: Callable[..., Any] = httpd.RequestHandlerClass
    hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}

    class Guarded(base):  # type: ignore[misc, valid-type]
        def parse_request(self) -> bool:
            if not super().parse_request():
                return False
            if (self.headers.get("Host") or "").lower() not in hosts:
                self.send_error(421, "unknown Host")
                return False
            return True

        def end_headers(self) -> None:
            if getattr(self, "path", "").startswith("/files/"):
                self.send_header("Content-Security-Policy", "sandbox")
            super().end_headers()

    httpd.RequestHandlerClass = Guarded
