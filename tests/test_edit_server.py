"""itagen edit over plain HTTP: only the editor's own pages, with the token and our Host, write."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from itagen.cli import main
from itagen.commands.edit import start_editor
from itagen.commands.edit.forms import version

from .conftest import SiteMaker

BOUNDARY = "itagenTEST"


def multipart(fields: dict[str, str]) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    return ("".join(parts) + f"--{BOUNDARY}--\r\n").encode()


@pytest.fixture
def editor(site: SiteMaker):
    running = start_editor(site.root, 0, preview=False)
    yield site, running
    running.stop()


def request(editor, method: str, path: str, body: bytes = b"", **headers: str):
    """Send one request exactly as given; return (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", editor.httpd.port, timeout=10)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name.replace("_", "-"), value)
    if method == "POST":
        conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body or None)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


SAVE = {
    "doc": "e0",
    "title-e0": "เปลี่ยนแล้ว",
    "kind-e0": "file",
    "file-e0": "files/2566/structure.pdf",
    "body": "ใหม่",
}


def test_only_a_same_origin_request_with_the_token_and_our_host_writes(editor):
    site, ed = editor
    item = site.root / "content/2566/9.1/O1.md"
    before = item.read_bytes()
    token, port = ed.httpd.token, ed.httpd.port
    ours = {"Host": f"127.0.0.1:{port}", "Origin": f"http://127.0.0.1:{port}"}
    path = f"/{token}/item/2566/O1"
    body = multipart({**SAVE, "version": version(item)})
    refused = [
        ("/item/2566/O1", ours),  # no token
        (f"/{token[:-1]}x/item/2566/O1", ours),  # a wrong one
        (path, {**ours, "Origin": "http://evil.example"}),  # another site's page
        (path, {**ours, "Origin": f"http://127.0.0.1:{port + 1}"}),  # another local port
        (path, {"Host": ours["Host"], "Sec-Fetch-Site": "cross-site"}),
        (path, {"Host": ours["Host"], "Referer": "http://evil.example/x"}),
        (path, {"Host": ours["Host"]}),  # no word of its origin
        (path, {**ours, "Host": "evil.example"}),  # DNS rebinding
        (path, {**ours, "Host": f"evil.example:{port}"}),
        (path, {"Origin": ours["Origin"]}),  # no Host at all
    ]
    for target, headers in refused:
        status, _, _ = request(ed, "POST", target, body, **headers)
        assert status in (403, 421), (target, headers, status)
        assert item.read_bytes() == before, (target, headers)
    # The same request from the editor's own page writes: each refusal above had its own reason.
    status, headers, _ = request(ed, "POST", path, body, **ours)
    assert status == 303 and headers["Location"] == f"/{token}/item/2566/O1?saved"
    assert "เปลี่ยนแล้ว" in item.read_text("utf-8")


def test_reads_need_the_token_and_our_host_and_carry_the_safety_headers(editor):
    site, ed = editor
    token, port = ed.httpd.token, ed.httpd.port
    assert request(ed, "GET", "/", Host=f"127.0.0.1:{port}")[0] == 403
    assert request(ed, "GET", f"/{token}/", Host="attacker.example")[0] == 421
    status, headers, body = request(ed, "GET", f"/{token}/", Host=f"localhost:{port}")
    assert status == 200 and "O1" in body.decode()
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    # Only the two static files are served: no path names anything else on disk.
    for target in (
        "static/../../site.yaml",
        "static/%2e%2e/site.yaml",
        "files/2566/structure.pdf",
        "static/edit.py",
    ):
        status = request(ed, "GET", f"/{token}/{target}", Host=f"127.0.0.1:{port}")[0]
        assert status == 404, target


def test_too_large_a_request_is_refused_unread(editor):
    site, ed = editor
    from itagen.commands.edit.server import MAX_BODY

    port = ed.httpd.port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.putrequest("POST", f"/{ed.httpd.token}/item/2566/O1", skip_host=True)
    conn.putheader("Host", f"127.0.0.1:{port}")
    conn.putheader("Origin", f"http://127.0.0.1:{port}")
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Content-Length", str(MAX_BODY + 1))
    conn.endheaders()
    assert conn.getresponse().status == 413


def test_markdown_preview_uses_the_build_renderer_with_raw_html_off(editor):
    site, ed = editor
    port = ed.httpd.port
    body = multipart({"body": "**ตัวหนา** <script>alert(1)</script> [x](javascript:alert(1))"})
    status, _, data = request(
        ed,
        "POST",
        f"/{ed.httpd.token}/preview",
        body,
        Host=f"127.0.0.1:{port}",
        Origin=f"http://127.0.0.1:{port}",
    )
    answer = json.loads(data)
    assert status == 200 and "<strong>ตัวหนา</strong>" in answer["html"]
    assert "<script>" not in answer["html"] and "&lt;script&gt;" in answer["html"]
    assert 'href="#"' in answer["html"] and answer["problems"]


def test_cli_edit_refuses_a_folder_without_site_yaml(tmp_path, capsys):
    assert main(["edit", str(tmp_path), "--no-open"]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_editor_url_is_loopback_with_a_long_token(editor):
    _, ed = editor
    parts = urlsplit(ed.url)
    assert parts.hostname == "127.0.0.1" and len(ed.httpd.token) >= 32
    assert ed.httpd.server_address[0] == "127.0.0.1"


def test_the_preview_refuses_foreign_hosts_and_sandboxes_documents(site: SiteMaker):
    ed = start_editor(site.root, 0)
    try:
        port = ed.preview.port

        def get(target: str, host: str):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", target, headers={"Host": host})
            response = conn.getresponse()
            response.read()
            conn.close()
            return response.status, dict(response.getheaders())

        assert get("/2566/o1/", "evil.example")[0] == 421
        assert get("/2566/o1/", f"127.0.0.1:{port}")[0] == 200
        status, headers = get("/files/2566/structure.pdf", f"localhost:{port}")
        assert status == 200 and headers["Content-Security-Policy"] == "sandbox"
        assert f"frame-src {ed.preview_url.rstrip('/')};" in csp_of(ed)
    finally:
        ed.stop()


def csp_of(ed) -> str:
    return request(ed, "GET", f"/{ed.httpd.token}/", Host=f"127.0.0.1:{ed.httpd.port}")[1][
        "Content-Security-Policy"
    ]


def test_an_unchanged_form_as_the_page_sends_it_leaves_the_file_alone(editor):
    """The form's own HTML, sent back as a browser would, gives the same bytes (textarea too)."""
    from html.parser import HTMLParser

    site, ed = editor
    item = site.item(
        "9.1",
        "O2",
        """
        # ข้อมูลผู้บริหาร
        covers: [2]
        documents:
          - title: 'ทำเนียบ: ผู้บริหาร'   # ฉบับล่าสุด
            url: https://a.example/x
            date: 2566-01-16
        """,
        "\nย่อหน้าแรกหลังบรรทัดว่าง\n\n| ก | ข |\n| - | - |\n",
    )
    before = item.read_bytes()
    port = ed.httpd.port
    page = request(ed, "GET", f"/{ed.httpd.token}/item/2566/O2", Host=f"127.0.0.1:{port}")[2]

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.fields, self.area, self.skip = [], None, False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "template":
                self.skip = True
            if self.skip or "name" not in a:
                return
            if tag == "textarea":
                self.area = [a["name"], ""]
            elif a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            elif tag == "input" and a.get("type") != "file":
                self.fields.append((a["name"], a.get("value", "")))

        def handle_endtag(self, tag):
            if tag == "template":
                self.skip = False
            if tag == "textarea" and self.area:
                self.fields.append((self.area[0], self.area[1].removeprefix("\r\n")))  # as browsers
                self.area = None

        def handle_data(self, data):
            if self.area:
                self.area[1] += data.replace("\n", "\r\n")  # browsers send CRLF

    parser = Fields()
    parser.feed(page.decode())
    body = (
        "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in parser.fields
        )
        + f"--{BOUNDARY}--\r\n"
    )
    status, _, _ = request(
        ed,
        "POST",
        f"/{ed.httpd.token}/item/2566/O2",
        body.encode(),
        Host=f"127.0.0.1:{port}",
        Origin=f"http://127.0.0.1:{port}",
    )
    assert status == 303
    assert item.read_bytes() == before


def test_cli_edit_opens_the_browser_at_the_tokened_address_and_stops_on_ctrl_c(
    site, monkeypatch, capsys
):
    import webbrowser

    from itagen.commands.edit import Editor

    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)

    def interrupted(self):
        status, _, body = request(
            self, "GET", urlsplit(self.url).path, Host=f"127.0.0.1:{self.httpd.port}"
        )
        assert status == 200 and b"O1" in body
        raise KeyboardInterrupt

    monkeypatch.setattr(Editor, "wait", interrupted)
    assert main(["edit", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:") and opened[0] in err
    assert main(["edit", str(site.root), "--port", "70000", "--no-open"]) == 2


def test_two_different_uploads_of_one_name_in_one_save_are_refused(site):
    from itagen.catalog.load import load_catalog
    from itagen.commands.edit.forms import FormData, save_item
    from itagen.commands.edit.save import Upload

    catalog = load_catalog(2566, site.root)
    data = FormData({"doc": ["n1", "n2"], "title-n1": ["ก"], "title-n2": ["ข"]})
    data.files = {
        "upload-n1": Upload("upload-n1", "x.pdf", b"%PDF 1"),
        "upload-n2": Upload("upload-n2", "x.pdf", b"%PDF 2"),
    }
    out = save_item(site.root, 2566, catalog, catalog.by_code["O3"], data)
    assert list(out.errors) == ["upload-n2"] and not (site.root / "files/2566/x.pdf").exists()
