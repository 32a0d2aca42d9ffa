"""The built-in themes in a real browser: every page of the example site, in both themes.

Headless Debian Chromium (driven by Playwright, never its own downloaded browser) loads each page
from a loopback HTTP server and checks what a visitor would meet: no console errors, no failed
requests, no request leaving the machine, no horizontal scrolling on a 360 px phone, a working
filter box and skip link, no serious axe-core violations. The Nu HTML Checker validates every page
of both themes in one JVM. Screenshots go to artifacts/screenshots/ for people (and CI) to look at.
Each check skips on its own, with the reason, when its tool is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from itagen.build import build

from .browsers import AXE_JS, AXE_RUN, DESKTOP, PHONE, SHOTS

REPO = Path(__file__).resolve().parent.parent
VNU_JAR = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
THEMES = ("default", "table")


# -- the sites, the server and the browser ------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built once per theme into OUT/<theme>/ (the site's own files, copied)."""
    root = tmp_path_factory.mktemp("themes")
    out = root / "out"
    for theme in THEMES:
        src = root / f"site-{theme}"
        src.mkdir()
        for folder in ("content", "files"):
            shutil.copytree(REPO / folder, src / folder)
        text = (REPO / "site.yaml").read_text(encoding="utf-8")
        (src / "site.yaml").write_text(
            text.replace("theme: default", f"theme: {theme}"), encoding="utf-8"
        )
        # Served at /<theme>/ below: the base path that 404.html links from must say so.
        build(src, out / theme, base_url=f"https://example.github.io/{theme}/")
    return out


def pages_of(out: Path) -> list[str]:
    """Every HTML page of one build, as paths relative to it."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(sites: Path) -> Iterator[str]:
    """Serve the builds on 127.0.0.1 at a free port; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(sites)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()



class Watch:
    """Collects what went wrong while a page loaded: console errors, failed and foreign requests."""

    def __init__(self, page, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.problems: list[str] = []
        page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}")
        )
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        page.on("requestfailed", self._failed)
        page.on(
            "response",
            lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"),
        )
        page.on("request", self._request)

    def _failed(self, request) -> None:
        # The page's icon is fetched after the load, at low priority: moving on to the next page
        # cancels it. A missing icon is still an HTTP 404 (above).
        if request.failure == "net::ERR_ABORTED" and request.resource_type == "other":
            return
        self.problems.append(
            f"failed request: {request.url} {request.failure} ({request.resource_type})"
        )

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "about") and parts.netloc != self.host:
            self.problems.append(f"request off the local server: {request.url}")

    def take(self) -> list[str]:
        """Return the problems seen since the last call and forget them."""
        found, self.problems = self.problems, []
        return found


def without_refresh(route) -> None:
    """Serve a page with its <meta http-equiv=refresh> removed, so it stays put for inspection."""
    response = route.fetch()
    body = response.text()
    start = body.find('<meta http-equiv="refresh"')
    if start != -1:
        body = body[:start] + body[body.index(">", start) + 1 :]
    route.fulfill(response=response, body=body)


@pytest.fixture
def page_at(browser, server):
    """Open a page in a fresh browser context: page_at(viewport) -> (page, watch)."""
    contexts = []

    def open_page(viewport: dict[str, int] = PHONE):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.route(f"{server}*/index.html", without_refresh)
        return page, Watch(page, server)

    yield open_page
    for context in contexts:
        context.close()


# -- every page, both themes ---------------------------------------------------------------------



@dataclass
class Visit:
    """What one page showed on a 360 px phone."""

    rel: str
    problems: list[str]  # console errors, failed or foreign requests
    overflow: int  # pixels of sideways scrolling
    violations: list[str] | None  # serious/critical axe findings; None without axe-core


@pytest.fixture(scope="module")
def crawl(sites, server, browser) -> dict[str, list[Visit]]:
    """Load every page of both themes once at 360 px, with axe-core when it is installed."""
    visits: dict[str, list[Visit]] = {}
    for theme in THEMES:
        context = browser.new_context(viewport=PHONE)
        if AXE_JS.is_file():
            context.add_init_script(path=str(AXE_JS))  # inlined into each page: not a request
        page = context.new_page()
        page.route(f"{server}*/index.html", without_refresh)
        watch = Watch(page, server)
        visits[theme] = []
        for rel in pages_of(sites / theme):
            page.goto(f"{server}{theme}/{rel}", wait_until="load")
            page.evaluate(
                "document.fonts.ready.then(() => true)"
            )  # contrast is measured on the real font
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            violations = page.evaluate(AXE_RUN) if AXE_JS.is_file() else None
            visits[theme].append(Visit(rel, watch.take(), overflow, violations))
        context.close()
    return visits


@pytest.mark.parametrize("theme", THEMES)
def test_every_page_loads_without_errors_or_foreign_requests(theme, crawl):
    assert len(crawl[theme]) > 40
    problems = [f"{v.rel}: {p}" for v in crawl[theme] for p in v.problems]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
def test_no_page_scrolls_sideways_on_a_360px_phone(theme, crawl):
    wide = [f"{v.rel}: {v.overflow}px too wide" for v in crawl[theme] if v.overflow > 0]
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_no_serious_or_critical_violations(theme, crawl):
    if not AXE_JS.is_file():
        pytest.skip(f"{AXE_JS.relative_to(REPO)} is absent (npm install --no-save axe-core@4.14.1)")
    found = [f"{v.rel}: {x}" for v in crawl[theme] for x in v.violations or ()]
    assert not found, "\n".join(found)


def test_home_page_forwards_to_the_current_year(sites, server, browser):
    page = browser.new_page()
    try:
        page.goto(f"{server}default/index.html")
        page.wait_for_url("**/2566/index.html")
    finally:
        page.close()


# -- the year index: filter box, keyboard ----------------------------------------------------------


def visible_codes(page) -> list[str]:
    """The codes of the items the filter leaves visible, in page order."""
    return page.eval_on_selector_all(
        "[data-search]",
        "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.search.split(' ')[0])",
    )


def check_filter(page) -> None:
    """Type a code and a Thai word into the filter box and check the list narrows to the right
    items."""
    box = page.locator("#filter")
    assert box.is_visible(), "the filter box is shown once its script runs"
    everything = visible_codes(page)
    assert len(everything) == 43
    box.fill("O2")
    assert visible_codes(page) == ["O2"] + [f"O{n}" for n in range(20, 30)]
    assert page.locator("#filter-count").inner_text() == "พบ ๑๑ ข้อ"
    assert not page.locator("#s10-2").is_visible(), "a sub-indicator with no match is hidden"
    box.fill("จัดซื้อ")
    hits = visible_codes(page)
    assert hits and len(hits) < 43
    texts = page.eval_on_selector_all(
        "[data-search]", "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.search)"
    )
    assert all("จัดซื้อ" in t for t in texts)
    box.fill("ไม่มีข้อใดชื่อนี้")
    assert visible_codes(page) == [] and "ไม่พบ" in page.locator("#filter-count").inner_text()
    box.press("Escape")
    assert visible_codes(page) == everything


@pytest.mark.parametrize("theme", THEMES)
def test_filter_box_narrows_the_list_by_code_and_thai_words(theme, server, page_at):
    page, watch = page_at(DESKTOP)
    page.goto(f"{server}{theme}/2566/index.html")
    check_filter(page)
    assert not watch.take()


def test_filter_box_works_from_disk(sites, page_at):
    page, _ = page_at(DESKTOP)
    page.goto((sites / "default/2566/index.html").as_uri())
    check_filter(page)


@pytest.mark.parametrize("theme", THEMES)
def test_keyboard_reaches_a_visible_skip_link_first_and_focus_is_visible(theme, server, page_at):
    page, _ = page_at(PHONE)
    page.goto(f"{server}{theme}/2566/o1/index.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the first link inside the content
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.backgroundColor, s.boxShadow, s.outlineStyle]; }""")
    assert style[0] != "rgba(0, 0, 0, 0)" or style[2] != "none", f"no visible focus: {style}"


@pytest.mark.parametrize("theme", THEMES)
def test_sarabun_is_loaded_from_the_theme(theme, server, page_at):
    page, watch = page_at(DESKTOP)
    fonts = []
    page.on("response", lambda r: r.url.endswith(".woff2") and fonts.append(r.url))
    page.goto(f"{server}{theme}/2566/o1/index.html", wait_until="networkidle")
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('700 18px Sarabun', 'ก'))"
    )
    assert page.evaluate("document.fonts.check('400 18px Sarabun', 'ก')")
    assert fonts and all(f.startswith(f"{server}{theme}/assets/fonts/") for f in fonts)
    assert not watch.take()


def test_item_page_prints_without_navigation(server, page_at):
    page, _ = page_at({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(f"{server}default/2566/o2/index.html")
    page.emulate_media(media="print")
    for hidden in (".crumbs", ".years", ".prevnext", ".site-footer", ".skip"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible() and page.locator(".documents").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "default-item-print.png"), full_page=True)


# -- screenshots for people ---------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_screenshots_of_year_index_and_an_item_page(theme, server, page_at):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (PHONE, DESKTOP):
        page, watch = page_at(viewport)
        for name, rel in (("year", "2566/index.html"), ("item", "2566/o2/index.html")):
            page.goto(f"{server}{theme}/{rel}", wait_until="networkidle")
            page.evaluate("document.fonts.ready.then(() => true)")
            path = SHOTS / f"{theme}-{name}-{viewport['width']}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
        assert not watch.take()


# -- the Nu HTML Checker --------------------------------------------------------------------------


def test_every_page_of_both_themes_is_valid_html(sites):
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is absent (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.skip(
            f"{VNU_JAR.relative_to(REPO)} is absent (npm install --no-save vnu-jar@26.9.27)"
        )
    assert all(len(pages_of(sites / t)) > 40 for t in THEMES)
    # One JVM for every page of both themes: a call costs about 7 s of start-up.
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", str(sites)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr or run.stdout


@pytest.mark.parametrize("base_url", [None, "https://example.github.io/ita/"])
def test_the_404_page_is_styled_and_whole_at_any_depth(tmp_path, browser, base_url):
    """Issue 23: hosts serve 404.html for a deep missing address. With base_url it links from the
    site's path; without, it stands alone. Either way: styled, no failed request, no broken link."""
    site = tmp_path / "site"
    site.mkdir()
    for folder in ("content", "files"):
        shutil.copytree(REPO / folder, site / folder)
    text = (REPO / "site.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("base_url:")) + "\n"
    (site / "site.yaml").write_text(text, encoding="utf-8")
    root = tmp_path / "www"
    build(site, root / "ita", base_url=base_url)
    not_found = (root / "ita/404.html").read_bytes()

    class Host(_QuietHandler):
        def send_error(self, code, message=None, explain=None):  # the host's own 404: our page
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(not_found)))
            self.end_headers()
            self.wfile.write(not_found)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Host, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        watch = Watch(page, base)
        page.goto(f"{base}ita/2566/no/such/deep/page/", wait_until="load")
        missing = f"HTTP 404: {base}ita/2566/no/"
        problems = [p for p in watch.take() if not p.startswith(missing)]
        problems.remove(
            "console: Failed to load resource: the server responded with a status "
            "of 404 (Not Found)"
        )  # the page itself, as the host answers it
        assert not problems, problems
        brand = page.evaluate(
            "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
        )
        assert brand == "rgb(11, 79, 138)", brand  # --brand: the stylesheet applies
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            if href.startswith(base) and "#" not in href:
                assert page.request.get(href).status == 200, href
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
