"""itagen check --online against a local http.server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from itagen.commands.check import run_check
from itagen.commands.check.formats import render

from .checksites import clean_site, item_front, write_item

pytestmark = pytest.mark.usefixtures("no_proxy")  # a local server, no proxy

O8 = "content/2566/9.1/O8.md"


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /nohead 405 to HEAD but 200 to GET, /broken 500, /slow answers late."""

    def _answer(self) -> None:
        self.server.seen.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(1.5)
        status = {"/ok": 200, "/gone": 404, "/broken": 500, "/slow": 200}.get(self.path)
        if self.path == "/nohead":
            status = 405 if self.command == "HEAD" else 200
        self.send_response(status or 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture
def server():
    """A local web server; yields its base URL and the requests it saw."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.seen
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def linked(tmp_path, server):
    """A clean site whose O8 links to every kind of answer."""
    base, _ = server
    site = clean_site(tmp_path / "site")
    paths = ["/ok", "/gone", "/nohead", "/broken", "/slow"]
    docs = "".join(f"  - title: ช่องทาง {p}\n    url: {base}{p}\n" for p in paths)
    docs += f"  - title: ปิดแล้ว\n    url: http://127.0.0.1:{closed_port()}/x\n"
    write_item(site, "O8", item_front("O8", docs), f"ดู[ช่องทางหลัก]({base}/ok) อีกครั้ง\n")
    for code in ("O18", "O28"):  # the other live-link items: keep every request on this computer
        write_item(site, code, item_front(code, f"  - title: ช่องทางออนไลน์\n    url: {base}/ok\n"))
    site.write(
        "site.yaml",
        (site.root / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("  current_year: 2566\n", "  current_year: 2566\n  max_urls: 10\n"),
    )
    return site


def test_offline_by_default_makes_no_request(linked, server):
    _, seen = server
    report = run_check(linked.root)
    assert report.findings == () and report.online is None
    assert seen == []


def test_online_sorts_dead_from_unreachable_with_lines_and_a_summary(linked, server):
    _, seen = server
    started = time.perf_counter()
    report = run_check(linked.root, online=True, timeout=0.5, concurrency=3)
    assert time.perf_counter() - started < 5
    text = (linked.root / O8).read_text(encoding="utf-8").split("\n")

    def line(needle: str) -> int:
        return next(n for n, t in enumerate(text, 1) if needle in t and "url:" in t)

    assert [(f.rule, f.file, f.line) for f in report.findings] == [
        ("url-dead", O8, line("/gone")),
        ("url-dead", O8, line("/x")),
        ("url-unreachable", O8, line("/broken")),
        ("url-unreachable", O8, line("/slow")),
    ]
    messages = [f.message for f in report.findings]
    assert messages[0].endswith("ไม่มีหน้านี้แล้ว (HTTP 404)")
    assert "ปฏิเสธการเชื่อมต่อ" in messages[1]
    assert messages[2].endswith("HTTP 500") and "ไม่ตอบภายใน 0.5 วินาที" in messages[3]
    # The page link in the body repeats /ok: each distinct URL is asked once.
    o = report.online
    assert (o.checked, o.ok, o.dead, o.unreachable) == (6, 2, 2, 2)
    assert sum(1 for _, path in seen if path == "/ok") == 1
    assert ("GET", "/nohead") in seen
    assert not report.ok
    assert "\nตรวจลิงก์ภายนอก ๖ ลิงก์ ใช้เวลา " in render([report], "text")
    assert " วินาที: เปิดได้ ๒ ไม่มีแล้ว ๒ ไม่ตอบ ๒\n" in render([report], "text")
