"""itagen serve: live rebuilds on save, the error page, safe paths, and incremental = full
output."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

from itagen.build import build
from itagen.catalog.load import BUILTIN_DIR
from itagen.commands.incremental import Rebuilder
from itagen.commands.requests import content_type, is_loopback, output_path
from itagen.commands.serve import start_server
from itagen.commands.watch import Change

from .conftest import REPO, SiteMaker

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

WAIT = 10.0  # seconds; a save normally shows in well under 0.2 s


def fetch(port: int, target: str, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    """GET a raw request target (sent exactly as given) and return status, headers and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode("utf-8", "surrogateescape")
        )
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers, body


def wait_for(condition, what: str, timeout: float = WAIT):
    """Poll `condition` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.02)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def page(port: int, target: str = "/2566/o1/") -> str:
    """The page's HTML as served."""
    status, _, body = fetch(port, target)
    assert status == 200, (target, status)
    return body.decode("utf-8")


def page_with(port: int, text: str) -> str | None:
    """The item page when it contains `text`, else None (for wait_for)."""
    html = page(port)
    return html if text in html else None


@pytest.fixture
def served(site: SiteMaker):
    """The minimal site, served on a free loopback port; stopped after the test."""
    messages: list[str] = []
    server = start_server(site.root, "127.0.0.1", 0, debounce=0.02, log=messages.append)
    server.messages = messages
    yield site, server
    server.stop()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory):
    """One served minimal site for the tests that only read (started once: each start builds)."""
    site = SiteMaker(tmp_path_factory.mktemp("shared") / "site")
    site.file("files/2566/structure.pdf")
    site.item("9.1", "O1", "updated: 2566-01-16", "ข้อมูลโครงสร้างของ อบต.\n")
    server = start_server(site.root, "127.0.0.1", 0, debounce=0.02)
    yield site, server
    server.stop()


def test_serves_pages_with_the_reload_script(shared) -> None:
    _, server = shared
    status, headers, body = fetch(server.port, "/2566/o1/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    html = body.decode()
    assert "ข้อมูลโครงสร้างของ อบต." in html
    assert html.count("/__itagen/reload?v=") == 1 and html.index("/__itagen/reload") < html.rindex(
        "</body>"
    )
    assert fetch(server.port, "/2566")[0] == 301
    assert fetch(server.port, "/2566")[1]["Location"] == "/2566/"
    status, headers, body = fetch(server.port, "/ita.json")
    assert (
        status == 200 and headers["Content-Type"] == "application/json" and b"__itagen" not in body
    )


def test_an_edit_is_served_and_announced(served) -> None:
    site, server = served
    token = re.search(r"reload\?v=([0-9a-f-]+)", page(server.port)).group(1)
    with socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) as stream:
        stream.sendall(f"GET /__itagen/reload?v={token} HTTP/1.0\r\n\r\n".encode())
        assert b"text/event-stream" in stream.recv(4096)
        started = time.monotonic()
        site.item("9.1", "O1", "updated: 2566-01-16", "ฉบับแก้ไขครั้งที่สอง\n")
        received = b""
        while b"data: reload" not in received:
            chunk = stream.recv(4096)
            assert chunk, "the event stream closed without a reload event"
            received += chunk
    wait_for(lambda: "ฉบับแก้ไขครั้งที่สอง" in page(server.port), "the edited body")
    assert time.monotonic() - started < WAIT
    assert any("content/2566/9.1/O1.md changed" in m for m in server.messages)


def test_a_save_through_a_temporary_file_and_rename(served) -> None:
    site, server = served
    target = site.root / "content/2566/9.1/O1.md"
    temp = target.with_name("O1.md.tmp~")
    temp.write_text(
        "---\ncode: O1\ntitle: โครงสร้างองค์กร (บันทึกแบบแทนที่)\n---\nเนื้อหาใหม่\n", encoding="utf-8"
    )
    os.replace(temp, target)
    html = wait_for(lambda: page_with(server.port, "บันทึกแบบแทนที่"), "the renamed save")
    assert "เนื้อหาใหม่" in html
    assert "itagen-error" not in html


def test_a_broken_file_shows_the_error_and_a_fix_recovers(served) -> None:
    site, server = served
    path = site.root / "content/2566/9.1/O1.md"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("updated: 2566-01-16", "updated: [2566-01-16"), encoding="utf-8")
    html = wait_for(lambda: page_with(server.port, "itagen-error"), "the error panel")
    assert "content/2566/9.1/O1.md:" in html  # the file and line
    assert "YAML" in html  # the message
    assert "could not be rebuilt" in html  # in the language asked for
    assert "ข้อมูลโครงสร้างของ อบต." in html  # the last good page underneath
    assert fetch(server.port, "/ita.json")[0] == 200
    assert any("content/2566/9.1/O1.md" in m for m in server.messages)  # and in the terminal
    path.write_text(good.replace("ข้อมูลโครงสร้าง", "แก้แล้ว"), encoding="utf-8")
    html = wait_for(lambda: page_with(server.port, "แก้แล้ว"), "recovery")
    assert "itagen-error" not in html


def test_a_site_that_never_built_shows_the_error_and_recovers(site: SiteMaker) -> None:
    good = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write("site.yaml", good.replace("current_year: 2566", "current_year: twenty"))
    server = start_server(site.root, "127.0.0.1", 0, debounce=0.02)
    try:
        status, _, body = fetch(server.port, "/2566/o1/")
        assert status == 500 and b"site.yaml:" in body and b"/__itagen/reload" in body
        site.write("site.yaml", good)
        wait_for(lambda: fetch(server.port, "/2566/o1/")[0] == 200, "the first good build")
    finally:
        server.stop()


CHROMIUM = Path("/usr/bin/chromium")


def test_a_browser_tab_reloads_on_save_and_shows_errors(served) -> None:
    """The injected script, end to end, in headless Debian Chromium (skips when absent)."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-thai-tlwg)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is absent (pip install playwright)"
    )
    site, server = served

    def shows(tab, test: str) -> None:
        def check():
            try:
                return tab.evaluate(test)
            except sync_api.Error:  # the page is reloading right now
                return False

        wait_for(check, test)

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            tab = browser.new_page()
            tab.goto(server.url + "2566/o1/")
            site.item("9.1", "O1", "updated: 2566-01-16", "แก้ไขขณะเปิดเบราว์เซอร์\n")
            shows(tab, "document.body.innerText.includes('แก้ไขขณะเปิดเบราว์เซอร์')")
            site.item("9.1", "O1", "updated: [2566", "ผิด\n")
            shows(tab, "!!document.querySelector('#itagen-error')")
            assert "content/2566/9.1/O1.md:" in tab.inner_text("#itagen-error")
            site.item("9.1", "O1", "updated: 2566-01-16", "กลับมาแล้ว\n")
            shows(
                tab,
                "!document.querySelector('#itagen-error')"
                " && document.body.innerText.includes('กลับมาแล้ว')",
            )
        finally:
            browser.close()


@pytest.mark.parametrize(
    "target",
    [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/%2e%2e%2fsite.yaml",
        "/%252e%252e%252fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/files/../site.yaml",
        "/files/%2e%2e/site.yaml",
        "/files/..%2f..%2fsite.yaml",
        "/site.yaml",
        "/content/2566/9.1/O1.md",
        "/files/",
        "/files",
        "/assets/",
        "//site.yaml",
        "/%00",
        "/files/2566/structure.pdf%00.html",
        "/%c0%ae%c0%ae/site.yaml",
        "http://127.0.0.1/../site.yaml",
    ],
)
def test_nothing_outside_the_output_is_served(shared, target: str) -> None:
    _, server = shared
    status, _, body = fetch(server.port, target)
    assert status == 404
    assert b"xgitdi" not in body and b"current_year" not in body


def test_documents_with_thai_names_get_their_content_type(served) -> None:
    site, server = served
    data = b"%PDF-1.4\n%thai name\n"
    site.file("files/คู่มือ ประชาชน.pdf", data)
    target = "/" + quote("files/คู่มือ ประชาชน.pdf")
    _, headers, body = wait_for(
        lambda: (r := fetch(server.port, target))[0] == 200 and r, "the new file"
    )
    assert headers["Content-Type"] == "application/pdf" and body == data
    assert content_type("files/รายงาน.DOCX").startswith("application/vnd.openxmlformats")


def test_requests_during_rebuilds_see_whole_pages(served) -> None:
    site, server = served
    bad: list[str] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            html = page(server.port)
            if not html.rstrip().endswith("</html>") or len(re.findall(r"รุ่นที่ \d+", html)) != 1:
                bad.append(html[-200:])

    site.item("9.1", "O1", "", "รุ่นที่ 0\n")
    wait_for(lambda: "รุ่นที่ 0" in page(server.port), "version 0")
    thread = threading.Thread(target=hammer)
    thread.start()
    try:
        for n in range(1, 6):
            site.item("9.1", "O1", "", f"รุ่นที่ {n}\n")
            wait_for(lambda n=n: f"รุ่นที่ {n}" in page(server.port), f"version {n}")
    finally:
        stop.set()
        thread.join(WAIT)
    assert not bad


def test_stop_closes_the_port_and_ends_event_streams(site: SiteMaker) -> None:
    server = start_server(site.root, "127.0.0.1", 0)
    stream = socket.create_connection(("127.0.0.1", server.port), timeout=WAIT)
    stream.sendall(f"GET /__itagen/reload?v={server.view.token} HTTP/1.0\r\n\r\n".encode())
    assert b"event-stream" in stream.recv(4096)
    started = time.monotonic()
    server.stop()
    while stream.recv(4096):  # the stream ends (recv timeout: fail)
        pass
    stream.close()
    assert time.monotonic() - started < 5
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
    server.stop()  # twice is fine


def test_the_reload_script_never_reaches_build_output(
    site: SiteMaker, tmp_path: Path, example_build: Path
) -> None:
    out = build(site.root, tmp_path / "out").out_dir
    for folder in (out, example_build):
        texts = [p.read_bytes() for p in folder.rglob("*") if p.suffix in (".html", ".js", ".json")]
        assert texts and not any(b"__itagen" in t or b"EventSource" in t for t in texts)


def test_output_paths_are_decoded_once_and_checked() -> None:
    assert output_path("/2566/o1/") == "2566/o1/"
    assert output_path("/files/%E0%B8%84%E0%B8%B9%E0%B9%88.pdf?x=1#y") == "files/คู่.pdf"
    assert output_path("/%252e%252e/site.yaml") == "%2e%2e/site.yaml"  # never decoded twice
    for target in (
        "/../x",
        "/%2e%2e/x",
        "/a/%2E/b",
        "/a//b",
        "/a%5cb",
        "/%ff",
        "relative",
        "/a\x01",
    ):
        assert output_path(target) is None, target
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


# -- rebuilds on save: after every kind of edit, exactly what a clean build writes -------------


def _same_as_clean_build(rebuilder: Rebuilder, root: Path, out: Path) -> None:
    """serve's snapshot holds the bytes a clean `itagen build` writes, file for file."""
    shutil.rmtree(out, ignore_errors=True)
    build(root, out, use_cache=False)
    built = {p.relative_to(out).as_posix(): p for p in out.rglob("*") if p.is_file()}
    snapshot = rebuilder.state.snapshot
    assert set(built) == set(snapshot.pages) | set(snapshot.files)
    assert [k for k in snapshot.pages if snapshot.page(k) != built[k].read_bytes()] == []
    copies = snapshot.files.items()
    assert [k for k, src in copies if src.read_bytes() != built[k].read_bytes()] == []


def _mine_theme(site: SiteMaker, mark: str) -> Path:
    """A custom theme whose item page lists the other items of its year (serve must see that)."""
    site.write("themes/mine/theme.yaml", "extends: default\n")
    return site.write(
        "themes/mine/item.html",
        '{% extends "default/item.html" %}{% block main %}'
        f"<p>{mark}</p><ul>{{% for i in year.items %}}<li>{{{{ i.title }}}}</li>"
        "{% endfor %}</ul>"
        "{{ super() }}{% endblock %}",
    )


def _deleted(path: Path) -> Path:
    path.unlink()
    return path


EDITS = {
    "item body": lambda s: s.item("9.1", "O2", "title: ผู้บริหาร", "แก้เนื้อหา\n"),
    "item title": lambda s: s.item("9.1", "O2", "title: คณะผู้บริหาร", "ข้อมูลผู้บริหาร\n"),
    "new item": lambda s: s.write("content/2566/9.1/O3.yaml", "code: O3\ntitle: จาก YAML\n"),
    "item deleted": lambda s: _deleted(s.root / "content/2566/9.1/O2.md"),
    "free page": lambda s: s.write(
        "content/pages/about.md", "---\ntitle: เกี่ยวกับเรา\n---\nข้อความ\n"
    ),
    "custom theme template": lambda s: _mine_theme(s, "MARK-2"),
    "site.yaml": lambda s: s.write(
        "site.yaml", (s.root / "site.yaml").read_text(encoding="utf-8").replace("ทดสอบ", "ทดลอง")
    ),
    "files/": lambda s: s.file("files/2566/structure.pdf", b"%PDF-1.4\n" + b"x" * 5000),
    "catalog": lambda s: s.write(
        "catalogs/2566.yaml",
        (BUILTIN_DIR / "2566.yaml")
        .read_text(encoding="utf-8")
        .replace("title: โครงสร้าง\n", "title: โครงสร้างองค์กร\n", 1),
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_after_each_kind_of_edit_serve_shows_what_a_clean_build_writes(
    site: SiteMaker, tmp_path, edit
) -> None:
    config = site.root / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("theme: default", "theme: mine"), encoding="utf-8")
    _mine_theme(site, "MARK-1")
    site.file("files/2566/structure.pdf")
    site.item("9.1", "O2", "title: ผู้บริหาร", "ข้อมูลผู้บริหาร\n")
    rebuilder = Rebuilder(site.root)
    assert rebuilder.rebuild().kind == "full"
    _same_as_clean_build(rebuilder, site.root, tmp_path / "before")
    changed = EDITS[edit](site)
    outcome = rebuilder.rebuild([Change(changed, False)])
    assert outcome.ok and outcome.kind == "full", outcome
    _same_as_clean_build(rebuilder, site.root, tmp_path / "after")
    if edit == "item title":  # the custom theme shows it on every item page of the year
        assert "คณะผู้บริหาร".encode() in rebuilder.state.snapshot.page("2566/o1/index.html")


def test_paths_that_are_not_inputs_rebuild_nothing(site: SiteMaker) -> None:
    rebuilder = Rebuilder(site.root)
    assert rebuilder.rebuild().ok
    for path in (
        "content/2566/9.1/.O1.md.swp",
        "content/2566/9.1/O1.md~",
        "build/index.html",
        "notes.txt",
    ):
        assert rebuilder.rebuild([Change(site.write(path, "x"), False)]).kind == "none", path


def test_unchanged_bodies_are_not_parsed_again(site: SiteMaker, monkeypatch) -> None:
    from markdown_it import MarkdownIt

    site.item("9.1", "O2", "title: ผู้บริหาร", "ข้อมูลผู้บริหาร\n")
    rebuilder = Rebuilder(site.root)
    rebuilder.rebuild()
    parsed: list[str] = []
    original = MarkdownIt.parse
    monkeypatch.setattr(
        MarkdownIt,
        "parse",
        lambda self, src, env=None: parsed.append(src) or original(self, src, env),
    )
    rebuilder.rebuild([Change(site.item("9.1", "O2", "title: ผู้บริหาร", "แก้เนื้อหา\n"), False)])
    assert parsed == ["แก้เนื้อหา\n"], "only the edited body is parsed; the others come from the memo"


def test_site_catalog_and_theme_changes_rebuild_everything(site: SiteMaker) -> None:
    config = site.root / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("theme: default", "theme: mine"),
        encoding="utf-8",
    )
    site.write("themes/mine/theme.yaml", "extends: default\n")
    site.write(
        "themes/mine/item.html",
        '{% extends "default/item.html" %}{% block main %}<p>MARK-1</p>{{ super() }}{% endblock %}',
    )
    rebuilder = Rebuilder(site.root)
    rebuilder.rebuild()
    assert b"MARK-1" in rebuilder.state.snapshot.page("2566/o1/index.html")
    template = site.write(
        "themes/mine/item.html",
        '{% extends "default/item.html" %}{% block main %}<p>MARK-2</p>{{ super() }}{% endblock %}',
    )
    outcome = rebuilder.rebuild([Change(template, False)])
    assert outcome.kind == "full" and b"MARK-2" in rebuilder.state.snapshot.page(
        "2566/o1/index.html"
    )

    config.write_text(
        config.read_text(encoding="utf-8").replace("ทดสอบ", "ทดลอง"), encoding="utf-8"
    )
    outcome = rebuilder.rebuild([Change(config, False)])
    assert outcome.kind == "full"
    snapshot = rebuilder.state.snapshot
    assert all("ทดลอง".encode() in snapshot.page(k) for k in snapshot.pages if k.endswith(".html"))
    _same_as_clean_build(rebuilder, site.root, site.root.parent / "clean")


def test_a_failed_rebuild_is_retried_with_the_next_save(site: SiteMaker) -> None:
    rebuilder = Rebuilder(site.root)
    rebuilder.rebuild()
    junk = site.write("content/2566/9.1/notes.txt", "ร่าง\n")  # not an item file
    outcome = rebuilder.rebuild([Change(junk, False)])
    assert not outcome.ok and "notes.txt" in str(outcome.problems[0].path)
    junk.unlink()
    outcome = rebuilder.rebuild([Change(junk, False)])
    assert outcome.ok and outcome.kind == "full"
    _same_as_clean_build(rebuilder, site.root, site.root.parent / "clean")


def test_cli_serve_stops_cleanly_on_ctrl_c(site: SiteMaker) -> None:
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from itagen.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", str(site.root), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "ITAGEN_LANG": "en"},
    )
    try:
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            lines.append(proc.stderr.readline())
            if "serving" in lines[-1]:
                break
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", lines[-1]).group(1))
        assert "ข้อมูลโครงสร้างของ" in page(port)
        proc.send_signal(signal.SIGINT)
        # 130 (interrupted) and "stopped" wherever the Ctrl-C lands: in the loop or just before it.
        assert proc.wait(timeout=10) == 130
        err = proc.stderr.read()
        assert "stopped" in err and "interrupted" not in err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def test_cli_serve_ctrl_c_before_the_loop_stops_the_server(
    site: SiteMaker, monkeypatch, capsys
) -> None:
    # The race of issue 23: a Ctrl-C after "serving …" but before wait() used to exit 130 with the
    # server still running. --open runs in that window: make it the Ctrl-C.
    import webbrowser

    from itagen.cli import main
    from itagen.commands import serve

    started = []
    real_start = serve.start_server

    def spy(*args, **kwargs):
        started.append(real_start(*args, **kwargs))
        return started[-1]

    def ctrl_c(url: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setenv("ITAGEN_LANG", "en")
    monkeypatch.setattr(serve, "start_server", spy)
    monkeypatch.setattr(webbrowser, "open", ctrl_c)
    assert main(["serve", str(site.root), "--port", "0", "--open"]) == 130
    assert started and started[0].stopping and started[0]._stopped.is_set()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", started[0].port), timeout=1).close()
    assert "stopped" in capsys.readouterr().err


@pytest.mark.parametrize(
    "host, ok",
    [
        ("127.0.0.1", True),
        ("127.0.0.1:{port}", True),
        ("localhost:{port}", True),
        ("LOCALHOST", True),
        ("[::1]:{port}", True),
        ("192.168.1.20:{port}", True),
        ("evil.example:{port}", False),
        ("evil.example", False),
        ("127.0.0.1.evil.example:{port}", False),
        ("localhost:1", False),
        ("", False),
        ("[::1]x", False),
        (None, True),
    ],
)
def test_only_the_preview_s_own_host_names_are_answered(shared, host, ok) -> None:
    # DNS rebinding: a page at evil.example re-points its name to 127.0.0.1 and reads the preview.
    port = shared[1].port
    header = "" if host is None else f"Host: {host.format(port=port)}\r\n"
    targets = ("/2566/o1/", "/__itagen/error", "/nowhere") + (() if ok else ("/__itagen/reload",))
    for target in targets:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(f"GET {target} HTTP/1.0\r\n{header}\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        status = int(data.split(b" ", 2)[1])
        if ok:
            assert status in (200, 404), (host, target, status)
        else:
            assert status == 421 and "ข้อมูลโครงสร้าง".encode() not in data, (host, target, status)


def test_cli_serve_usage_errors(tmp_path: Path) -> None:
    from itagen.cli import main

    assert main(["serve", str(tmp_path / "nowhere")]) == 2
    assert main(["serve", str(tmp_path), "--port", "70000"]) == 2


@pytest.fixture
def workspace_server(tmp_path):
    """A served workspace site (ws/sites/a) with a shared O6 that links a shared file; yields (ws,
    handle)."""
    from itagen.commands.serve import start_server

    ws = tmp_path / "ws"
    (ws / "sites/a/content/2566").mkdir(parents=True)
    (ws / "workspace.yaml").write_text("defaults:\n  ita: {current_year: 2566}\n", encoding="utf-8")
    (ws / "sites/a/site.yaml").write_text(
        "agency:\n  name: อบต.เอ\nita:\n  eit_code: abc123\n", encoding="utf-8"
    )
    (ws / "shared/content/2566/9.1").mkdir(parents=True)
    (ws / "shared/files").mkdir()
    (ws / "shared/files/act.pdf").write_bytes(b"%PDF-1.4 shared\n")
    (ws / "shared/content/2566/9.1/O6.md").write_text(
        "---\ncode: O6\ndocuments:\n  - title: พ.ร.บ.\n    file: files/act.pdf\n---\nก่อนแก้\n",
        encoding="utf-8",
    )
    handle = start_server(ws / "sites/a", "127.0.0.1", 0)
    yield ws, handle
    handle.stop()


def _wait_for(url: str, text: str, seconds: float = 10) -> None:
    """Poll `url` until its body contains `text`, failing after `seconds`."""
    import time
    from urllib.request import urlopen

    deadline = time.monotonic() + seconds
    while True:
        with urlopen(url, timeout=5) as resp:
            if text in resp.read().decode("utf-8"):
                return
        assert time.monotonic() < deadline, f"{text!r} never appeared at {url}"
        time.sleep(0.05)


def test_a_workspace_site_is_served_with_its_shared_items_and_files(workspace_server):
    """serve of ws/sites/a shows what `itagen build` of the workspace writes for a."""
    from urllib.request import urlopen

    _, handle = workspace_server
    _wait_for(handle.url + "2566/o6/index.html", "พ.ร.บ.")
    with urlopen(handle.url + "files/act.pdf", timeout=10) as resp:
        assert resp.read() == b"%PDF-1.4 shared\n"


def test_an_edit_to_shared_content_reaches_a_served_workspace_site(workspace_server):
    ws, handle = workspace_server
    (ws / "shared/content/2566/9.1/O6.md").write_text(
        "---\ncode: O6\n---\nหลังแก้\n", encoding="utf-8"
    )
    _wait_for(handle.url + "2566/o6/index.html", "หลังแก้")


def test_an_edit_to_workspace_yaml_reaches_a_served_workspace_site(workspace_server):
    ws, handle = workspace_server
    (ws / "workspace.yaml").write_text(
        "defaults:\n  ita: {current_year: 2566}\n  numerals: arabic\n", encoding="utf-8"
    )
    _wait_for(handle.url + "2566/index.html", "ITA 2566")


def test_a_folder_published_through_a_link_is_watched_and_rebuilt(site: SiteMaker) -> None:
    """files/2565 -> archive/2565: a watcher does not follow the link, so serve watches archive/2565
    itself, and a change there rebuilds the site."""
    doc = site.file("archive/2565/plan.pdf", b"%PDF old\n")
    (site.root / "files/2565").symlink_to(site.root / "archive/2565")
    rebuilder = Rebuilder(site.root)
    assert rebuilder.rebuild().ok
    assert (doc.parent.resolve(), True) in rebuilder.watch_roots()
    doc.write_bytes(b"%PDF new\n")
    outcome = rebuilder.rebuild([Change(doc.resolve(), False)])
    assert outcome.ok and outcome.kind == "full"


def test_serve_counts_pages_and_files_as_build_does(served, tmp_path: Path) -> None:
    from itagen.build import build

    site, _server = served
    result = build(site.root, tmp_path / "out", use_cache=False)
    said = f"built {result.pages} pages and {result.files} files"
    assert any(m.startswith(said) for m in _server.messages), _server.messages


def test_serve_outside_a_site_or_on_a_workspace_is_a_usage_error(tmp_path: Path, capsys) -> None:
    from itagen.cli import main

    assert main(["serve", str(tmp_path)]) == 2  # not a site: no server, no HTTP 500
    assert "not a site folder" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "ws"), "--workspace", "--year", "2566"]) == 0
    capsys.readouterr()
    assert main(["serve", str(tmp_path / "ws")]) == 2
    err = capsys.readouterr().err
    assert "workspace" in err and str(tmp_path / "ws" / "sites" / "example") in err
