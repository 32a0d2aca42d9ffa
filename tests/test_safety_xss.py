"""Never a script on the page: XSS payloads in every field a webmaster writes end up as inert text.

A corpus of payloads goes into titles, bodies, document titles and notes, URLs,
the agency's name and contact, free pages and file names; each site is built
with every built-in theme, its `itagen check --format html` report and serve's
error panel are rendered too, and the output is parsed with an HTML parser:
no script element other than the theme's own assets/*.js, no on* attribute, no
javascript:/vbscript:/data: URL in a URL attribute, no <svg>/<math> except the
QR code. The checker (`live_dangers`, `output_dangers`) is shared with
test_safety_links.py and test_hostile_fuzz.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from itagen.build import build
from itagen.errors import Problem
from itagen.render.themes import builtin_themes_dir

from .conftest import SiteMaker

# -- the checker ---------------------------------------------------------------------------

URL_ATTRS = (
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "srcset",
    "codebase",
    "manifest",
    "longdesc",
    "usemap",
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
FORBIDDEN_TAGS = (
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "math",
    "portal",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "listing",
)
QR_PARTS = {"title", "rect", "path"}


def dangerous_url(value: str) -> bool:
    """True when a browser would run or render `value` as code (the way browsers strip the
    scheme)."""
    squashed = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return squashed.startswith(DANGEROUS_SCHEMES)


def live_dangers(
    html: str, page: str, out: Path | None = None, allowed_scripts: frozenset[str] = frozenset()
) -> list[str]:
    """Return every live script, handler, dangerous URL or injected element in one HTML page."""
    doc = BeautifulSoup(html, "html.parser")
    found = []
    for el in doc.find_all(True):
        name = el.name.lower()
        where = f"{page}: <{name}>"
        if name == "script":
            src = el.get("src")
            if not src or el.get_text().strip():
                found.append(f"{where} inline script {el.get_text()[:60]!r}")
            elif out is None or _script_target(out, page, src) not in allowed_scripts:
                found.append(f"{where} script src={src!r} is not a theme asset")
        elif name == "svg":
            parts = {c.name for c in el.find_all(True)}
            if el.get("class") != ["qr"] or not parts <= QR_PARTS:
                found.append(f"{where} injected svg {str(el)[:80]!r}")
        elif name in FORBIDDEN_TAGS:
            found.append(f"{where} forbidden element")
        elif name == "meta" and el.get("http-equiv", "").lower() == "refresh":
            url = el.get("content", "").partition("url=")[2]
            if dangerous_url(url) or urlsplit(url).scheme:
                found.append(f"{where} refresh to {url!r}")
        elif name == "link" and (el.get("rel") or []) not in (["stylesheet"], ["icon"]):
            found.append(f"{where} unexpected link rel={el.get('rel')}")
        elif name == "link" and el.get("rel") == ["icon"] and urlsplit(el.get("href", "")).scheme:
            found.append(f"{where} an icon from elsewhere {el.get('href')!r}")  # own icons only
        for attr, value in el.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if attr.lower().startswith("on"):
                found.append(f"{where} event handler {attr}={value[:60]!r}")
            elif attr.lower() in URL_ATTRS and dangerous_url(value):
                found.append(f"{where} {attr}={value[:60]!r}")
            elif attr.lower() == "style" and re.search(
                r"expression|javascript|url\s*\(", value, re.IGNORECASE
            ):
                found.append(f"{where} style={value[:60]!r}")
            elif attr.lower() == "srcdoc":
                found.append(f"{where} srcdoc")
    # What the parser saw must be all there is: no tag the lenient parser may have swallowed.
    raw_scripts = len(re.findall(r"<script\b", html, re.IGNORECASE))
    if raw_scripts != len(doc.find_all("script")):
        found.append(
            f"{page}: {raw_scripts} '<script' in the text but {len(doc.find_all('script'))} parsed"
        )
    raw_svgs = len(re.findall(r"<svg\b", html, re.IGNORECASE))
    if raw_svgs != len(doc.find_all("svg")):
        found.append(f"{page}: {raw_svgs} '<svg' in the text but {len(doc.find_all('svg'))} parsed")
    return found


def _script_target(out: Path, page: str, src: str) -> str | None:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return None
    target = ((out / page).parent / unquote(parts.path)).resolve()
    return (
        target.relative_to(out.resolve()).as_posix()
        if target.is_relative_to(out.resolve())
        else None
    )


def theme_scripts(theme: str) -> frozenset[str]:
    """The theme's own scripts as output paths (assets/…js), its parents' included."""
    from itagen.render.themes import resolve_theme

    return frozenset(
        f"assets/{rel}" for rel in resolve_theme(theme, None).asset_files() if rel.endswith(".js")
    )


def output_dangers(out: Path, theme: str) -> list[str]:
    """Check every page of a built site."""
    allowed = theme_scripts(theme)
    found = []
    pages = sorted(out.rglob("*.html"))
    assert pages, f"no pages in {out}"
    for page in pages:
        rel = page.relative_to(out).as_posix()
        found += live_dangers(page.read_text(encoding="utf-8"), rel, out, allowed)
    return found


def test_the_checker_finds_what_it_must():
    """The checker itself: each kind of live script is reported (so a clean result means
    something)."""
    bad = [
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<img src=x onerror="alert(1)">',
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<form action="javascript:alert(1)"></form>',
        '<button formaction="vbscript:x">x</button>',
        '<svg onload="alert(1)"></svg>',
        '<svg class="qr"><script>alert(1)</script></svg>',
        '<math><mi>x</mi></math>',
        '<iframe srcdoc="x"></iframe>',
        '<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
        '<div style="background:url(javascript:alert(1))">x</div>',
        '<svg><a xlink:href="javascript:x">x</a></svg>',
        '<base href="https://evil.example/">',
    ]
    for html in bad:
        assert live_dangers(html, "t.html"), html
    qr = (
        '<a href="https://itas.nacc.go.th/go/eit/ab12cd"><svg class="qr"><title>QR</title>'
        '<rect/><path d="M0"/></svg></a>'
    )
    assert live_dangers(qr + "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "t.html") == []


# -- the corpus ------------------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "'><svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">คลิก</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    "<embed src=data:text/html,<script>alert(1)</script>>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "]]><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<scr<script>ipt>alert(1)</script>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "\u2028\u2029<script>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }}{% if true %}SSTI{% endif %}",
    "${alert(1)}#{alert(1)}",
    "ประกาศ <script>alert('ไทย')</script> ราคากลาง",
]


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def _file_name(payload: str) -> str:
    """The payload as a file name this file system accepts: no '/', no NUL, at most 200 bytes."""
    name = payload.replace("/", "∕").replace("\0", "").strip() or "x"
    while len(name.encode()) > 200:
        name = name[:-1]
    return name + ".pdf"


def payload_site(root: Path, payload: str, theme: str = "default") -> SiteMaker:
    """A site with `payload` in every text field, file name and Markdown text context."""
    site = SiteMaker(root)
    site.write(
        "site.yaml",
        _yaml(
            {
                "agency": {
                    "name": payload,
                    "short_name": payload,
                    "province": payload,
                    "district": payload,
                    "contact": {
                        "address": payload,
                        "phone": payload,
                        "email": payload,
                        "hours": payload,
                    },
                },
                "ita": {"current_year": 2566, "eit_code": "ab12cd"},
                "base_url": "https://example.org/ita/",
                "theme": theme,
                "numerals": "thai",
            }
        ),
    )
    name = _file_name(payload)
    site.file(f"files/{name}")
    site.file("files/plain.pdf")
    documents = [
        {"title": payload, "file": f"files/{name}", "date": "16 มกราคม 2566", "note": payload},
        {"title": payload, "url": "https://example.org/ประกาศ?q=" + payload, "note": payload},
    ]
    body = "\n\n".join(
        [
            payload,
            f"## {payload}",
            f"*{payload}* **{payload}** `{payload}`",
            f"[{payload}](https://example.org/)",
            f"[ลิงก์](https://example.org/ {json.dumps(payload, ensure_ascii=False)})",
            f"![{payload}](files/plain.pdf)",
            f"| {payload} |\n| --- |\n| {payload} |",
            f"- [ ] {payload}\n- [x] {payload}",
            f"```{payload.splitlines()[0] if payload.strip() else 'x'}\n{payload}\n```",
            f"    {payload}",
            f"> {payload}",
            f"ข้อความ[^1]\n\n[^1]: {payload}",
            f"คำ\n: {payload}",
        ]
    )
    site.write(
        "content/2566/9.1/O1.md",
        f"---\n{_yaml({'code': 'O1', 'title': payload, 'documents': documents})}---\n{body}\n",
    )
    site.write(
        "content/2566/10.2/O43.yaml",
        _yaml(
            {
                "code": "O43",
                "title": payload,
                "documents": [{"title": payload, "file": f"files/{name}"}],
            }
        ),
    )
    site.write(
        "content/pages/about.md", f"---\n{_yaml({'title': payload})}---\n{payload}\n\n# {payload}\n"
    )
    return site


THEMES = sorted(p.name for p in builtin_themes_dir().iterdir() if (p / "theme.yaml").is_file())


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payloads_in_every_field_stay_text(tmp_path, payload, theme):
    site = payload_site(tmp_path / "site", payload, theme)
    out = tmp_path / "out"
    build(site.root, out)
    assert output_dangers(out, theme) == []
    # The payload is shown as the webmaster typed it: escaped, not dropped, not evaluated.
    page = BeautifulSoup((out / "2566/o1/index.html").read_text(encoding="utf-8"), "html.parser")
    shown = " ".join(payload.split())
    assert shown in " ".join(page.h1.get_text().split())
    assert shown in " ".join(page.select_one(".documents").get_text().split())
    assert " ".join(payload.split()) in " ".join(page.title.get_text().split())
    if "{{" in payload:
        assert "49" not in page.h1.get_text() and "SSTI" not in page.h1.get_text().replace(
            payload, ""
        )
    # The file named after the payload is linked at a percent-encoded address that exists.
    href = page.select_one(".documents a")["href"]
    assert not re.search(r"[<>\"' ]", href)
    assert ((out / "2566/o1") / unquote(href)).resolve() == (
        out / "files" / _file_name(payload)
    ).resolve()
    # ita.json keeps the text as data, exactly.
    data = json.loads((out / "ita.json").read_text(encoding="utf-8"))
    assert data["agency"]["name"] == payload.strip()
    item = data["years"][0]["items"][0]
    assert (
        item["title"].split() == payload.split()
        and item["documents"][0]["title"].split() == payload.split()
    )


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"p{i:02d}" for i in range(len(PAYLOADS))])
def test_payloads_stay_text_in_the_check_report(tmp_path, payload):
    from itagen.commands.check import run_check
    from itagen.commands.check.formats import render

    site = payload_site(tmp_path / "site", payload)
    html = render([run_check(site.root)], "html")
    assert live_dangers(html, "report.html") == []
    assert "<script" not in html.lower().replace("&lt;script", "")


def test_payloads_stay_text_in_the_serve_error_panel(tmp_path):
    from itagen.commands.overlay import error_panel

    problems = tuple(Problem(p, f"content/2566/9.1/{p}.md", 3, p) for p in PAYLOADS)
    html = error_panel(problems, (tmp_path,), True)
    # The panel's own close button has an onclick; nothing that came from the problems may.
    assert [d for d in live_dangers(html, "panel.html") if re.search(r"alert|msgbox|evil", d)] == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_ita_json_cannot_close_a_script_element(tmp_path):
    """ita.json is valid JSON, and if a theme ever embeds it in a page it cannot end the element
    early."""
    site = payload_site(tmp_path / "site", "</script><script>alert(1)</script><!--")
    out = tmp_path / "out"
    build(site.root, out)
    text = (out / "ita.json").read_text(encoding="utf-8")
    json.loads(text)
    for page in out.rglob("*.html"):
        for script in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
            "script"
        ):
            assert script.get("src"), f"{page}: inline script (ita.json must never be inlined raw)"
