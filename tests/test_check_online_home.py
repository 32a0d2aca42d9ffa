"""check --online: the home page links to the ITA section; document links open without signing in.

Everything runs against a local http.server on 127.0.0.1 (never the network). "localhost" on
the same server stands for another site, the way drive.google.com sends a visitor to
accounts.google.com to sign in.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from itagen.commands.check import run_check
from itagen.commands.check.online import is_login_redirect

from .checksites import clean_site, item_front, write_item
from .conftest import SITE_YAML

pytestmark = pytest.mark.usefixtures("no_proxy")  # a local server, no proxy


class Handler(BaseHTTPRequestHandler):
    """/home links to /ita/, /bare links elsewhere, /private redirects to a sign-in page."""

    def do_GET(self) -> None:  # the http.server API
        port = self.server.server_address[1]
        if self.path == "/private":
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/ServiceLogin?continue=/private")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        pages = {
            "/home": '<html><body><nav><a href="/news">ข่าว</a> <a href="ita/">ITA</a></nav>'
            "</body></html>",
            "/bare": '<html><body><a href="/news">ข่าว</a><a href="https://other.example/ita/">x</a>'
            "</body></html>",
        }
        body = pages.get(self.path, "<html><body>ok</body></html>").encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _site(tmp_path, base: str, home: str):
    site = clean_site(tmp_path / "site")
    text = SITE_YAML.replace(
        "  district: เกาะคา\n", f"  district: เกาะคา\n  website: {base}{home}\n"
    )
    site.write(
        "site.yaml", text.replace("base_url: https://example.org/ita/", f"base_url: {base}/ita/")
    )
    for code in ("O8", "O18", "O28"):  # the live-link items: keep every request on this computer
        write_item(site, code, item_front(code, f"  - title: ช่องทางออนไลน์\n    url: {base}/ok\n"))
    return site


def test_a_home_page_that_links_to_the_ita_section_passes(tmp_path, server):
    site = _site(tmp_path, server, "/home")
    assert run_check(site.root, online=True).findings == ()


def test_a_home_page_without_the_link_is_flagged(tmp_path, server):
    site = _site(tmp_path, server, "/bare")
    [finding] = run_check(site.root, online=True).findings
    assert (finding.rule, finding.severity) == ("home-link-missing", "warning")
    assert finding.file == "site.yaml"
    assert f"{server}/bare" in finding.message and f"{server}/ita/" in finding.hint


def test_a_document_link_that_asks_to_sign_in_is_not_public(tmp_path, server):
    site = _site(tmp_path, server, "/home")
    docs = (
        f"  - title: อัลบั้มภาพใน Drive\n    url: {server}/private\n"
        f"  - title: เพจ\n    url: {server}/ok\n"
    )
    write_item(site, "O9", item_front("O9", docs))
    [finding] = run_check(site.root, online=True).findings
    assert (finding.rule, finding.severity, finding.item) == ("url-login", "error", "O9")
    assert "ServiceLogin" in finding.message


@pytest.mark.parametrize(
    ("url", "final", "login"),
    [
        ("https://drive.google.com/file/d/x/view", "https://accounts.google.com/v3/signin/x", True),
        (
            "https://www.facebook.com/groups/x/posts/1",
            "https://www.facebook.com/login/?next=x",
            True,
        ),
        ("https://m.facebook.com/story.php?id=1", "https://m.facebook.com/login.php?next=x", True),
        ("https://eservice.example.go.th/request", "https://eservice.example.go.th/login", False),
        ("https://eservice.example.go.th/login", "https://sso.example.go.th/login", False),
        ("https://www.facebook.com/page", "https://www.facebook.com/page", False),
    ],
)
def test_which_redirects_are_sign_in_pages(url, final, login):
    assert is_login_redirect(url, final) is login
