"""Never a script on the page: raw HTML stays text, and dangerous links are refused where they are
written.

Raw HTML in Markdown is escaped unless the site sets allow_html: true.
javascript:, vbscript:, data: and file: URLs — in any case, with entities,
percent escapes or control characters — are refused with the file and line in
Markdown links, images, reference definitions, autolinks, tables and footnotes,
in `url:` fields of Markdown and YAML items, in survey links, base_url and the
logo. Whatever Markdown comes in, what comes out is inert.
"""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itagen.build import build
from itagen.errors import ItagenError, Problem
from itagen.render.markdown import BodyRenderer, LinkContext

from .test_safety_xss import live_dangers, output_dangers

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def _yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


# -- raw HTML in Markdown ------------------------------------------------------------------

RAW_HTML = (
    "<b>ตัวหนา</b> <script>alert(1)</script> <img src=x onerror=alert(1)>\n\n"
    '<div onclick="alert(1)">x</div>\n'
)


def test_raw_html_in_markdown_is_escaped_by_default(site, tmp_path):
    site.item("9.1", "O2", "", RAW_HTML)
    out = tmp_path / "out"
    build(site.root, out)
    assert output_dangers(out, "default") == []
    body = BeautifulSoup(
        (out / "2566/o2/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one(".body")
    assert body.find("b") is None and "<b>ตัวหนา</b>" in body.get_text()


def test_allow_html_true_lets_the_webmasters_html_through(site, tmp_path):
    """The switch is real: with allow_html the same body renders as HTML (the site's own choice)."""
    site.write(
        "site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8") + "allow_html: true\n"
    )
    site.item("9.1", "O2", "", RAW_HTML)
    out = tmp_path / "out"
    build(site.root, out)
    body = BeautifulSoup(
        (out / "2566/o2/index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one(".body")
    assert body.find("b").get_text() == "ตัวหนา"
    # Markdown links are still checked when raw HTML is allowed.
    site.item("9.1", "O3", "", "[x](javascript:alert(1))\n")
    with pytest.raises(ItagenError, match="not allowed"):
        build(site.root, out)


# -- dangerous URLs are refused ------------------------------------------------------------

# Every one of these is a link destination in Markdown (no spaces), and each is refused.
DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "javascript:%61lert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&#09;script:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,%3Csvg%20onload=alert(1)%3E",
    "DATA:text/html,x",
    "data:,x",
    "file:///etc/passwd",
]
MARKDOWN_CONTEXTS = {
    "inline link": "ดู [เอกสาร]({url}) นี้",
    "angle link": "ดู [เอกสาร](<{url}>) นี้",
    "image": "![ภาพ]({url})",
    "reference": "ดู [เอกสาร][r]\n\n[r]: {url}",
    "autolink": "<{url}>",
    "link in a table": "| a |\n| - |\n| [x]({url}) |",
    "link in a footnote": "x[^1]\n\n[^1]: [y]({url})",
}


@pytest.mark.parametrize("context", MARKDOWN_CONTEXTS)
@pytest.mark.parametrize("url", DANGEROUS_URLS)
def test_dangerous_markdown_links_are_refused_with_file_and_line(site, url, context):
    body = "ย่อหน้าแรก\n\n" + MARKDOWN_CONTEXTS[context].format(url=url) + "\n"
    site.item("9.1", "O2", "", body)
    if context == "autolink" and not re.match(r"[a-z][a-z0-9+.-]*:[^&]*$", url, re.IGNORECASE):
        # Not an autolink (no scheme, or an entity, which autolinks do not decode): inert text.
        build(site.root)
        assert output_dangers(site.root / "build", "default") == []
        page = BeautifulSoup(
            (site.root / "build/2566/o2/index.html").read_text(encoding="utf-8"), "html.parser"
        )
        assert "alert(1)" in page.select_one(".body").get_text()
        return
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = [p for p in caught.value.problems if p.is_error]
    assert problem.path == "content/2566/9.1/O2.md"
    first = 7  # ---, code, (no other keys), ---, the first paragraph, a blank line
    assert first <= problem.line < first + body.count("\n") - 2
    assert "not allowed" in problem.message
    assert not (site.root / "build").exists(), "nothing is published"


def test_dangerous_links_are_reported_on_their_own_line(site):
    site.item("9.1", "O2", "", "บรรทัดที่ 5\n\nบรรทัดที่ 7 [x](javascript:alert(1))\n\n![y](data:,x)\n")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert [(p.path, p.line) for p in caught.value.problems] == [
        ("content/2566/9.1/O2.md", 7),
        ("content/2566/9.1/O2.md", 9),
    ]


URL_FIELD_VALUES = DANGEROUS_URLS + [
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "javascript\n:alert(1)",
    "\x01javascript:alert(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "files/plain.pdf",
]


@pytest.mark.parametrize("suffix", [".md", ".yaml"])
@pytest.mark.parametrize("url", URL_FIELD_VALUES)
def test_dangerous_url_fields_are_refused_with_file_and_line(site, url, suffix):
    front = _yaml(
        {
            "code": "O2",
            "documents": [
                {"title": "ดี", "url": "https://example.org/"},
                {"title": "ร้าย", "url": url},
            ],
        }
    )
    if suffix == ".md":
        site.write("content/2566/9.1/O2.md", f"---\n{front}---\nข้อความ\n")
        line = 2 + front.splitlines().index(
            next(
                row
                for row in front.splitlines()
                if row.strip().startswith("url:") and "example.org" not in row
            )
        )
    else:
        site.write("content/2566/9.1/O2.yaml", front)
        line = 1 + front.splitlines().index(
            next(
                row
                for row in front.splitlines()
                if row.strip().startswith("url:") and "example.org" not in row
            )
        )
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = caught.value.problems
    assert problem.path == f"content/2566/9.1/O2{suffix}"
    assert problem.line == line
    assert "document 2 → url" in problem.message


@pytest.mark.parametrize(
    "key,value",
    [
        ("eit_url", "javascript:alert(1)"),
        ("eit_url", "data:text/html,x"),
        ("iit_url", "vbscript:x"),
        ("eit_url", "http://itas.nacc.go.th/go/eit/ab12cd"),
    ],
)
def test_dangerous_survey_links_are_refused(site, key, value):
    text = (
        (site.root / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("  eit_code: xgitdi\n", f"  {key}: '{value}'\n")
    )
    site.write("site.yaml", text)
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert caught.value.problems[0].path == "site.yaml" and caught.value.problems[0].line == 8


@pytest.mark.parametrize(
    "field,value",
    [
        ("base_url", "javascript:alert(1)//"),
        ("base_url", "data:text/html,x"),
        ("logo", "javascript:alert(1)"),
        ("logo", "data:image/svg+xml,<svg onload=alert(1)>"),
    ],
)
def test_dangerous_site_urls_are_refused(site, field, value):
    data = yaml.safe_load((site.root / "site.yaml").read_text(encoding="utf-8"))
    if field == "logo":
        data["agency"]["logo"] = value
    else:
        data[field] = value
    site.write("site.yaml", _yaml(data))
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert caught.value.problems[0].path == "site.yaml"


# -- any Markdown at all ---------------------------------------------------------------------

MD_ATOMS = [
    "<",
    ">",
    '"',
    "'",
    "&",
    "[",
    "]",
    "(",
    ")",
    "!",
    "*",
    "_",
    "`",
    "#",
    "|",
    "-",
    ":",
    "\n",
    "\n\n",
    " ",
    "    ",
    "\\",
    "/",
    "=",
    "javascript",
    "JaVaScript",
    "vbscript",
    "data",
    ":alert(1)",
    "script",
    "<script>",
    "</script>",
    "svg",
    "<svg",
    "math",
    "onerror",
    "onload=",
    "img",
    "src",
    "href",
    "x",
    "ก",
    "https://example.org",
    "&#106;",
    "&#x3a;",
    "&colon;",
    "%3A",
    "%6A",
    "^1",
    "[^1]:",
    "<a ",
    "<!--",
    "-->",
    "{{",
    "}}",
    "\t",
    "\x00",
    "\u2028",
    "files/a.pdf",
    "\x0b",
    "[x](javascript:alert(1))",
    "](",
    "<javascript:alert(1)>",
    "![i](data:text/html,x)",
    "[r]: vbscript:x\n",
    "[r]",
    "<a href=javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(MD_ATOMS), max_size=60).map("".join))
def test_any_markdown_renders_to_inert_html(tmp_path, text):
    renderer = BodyRenderer(tmp_path, allow_html=False)
    html, problems = renderer.render(text, LinkContext("../../", "content/2566/9.1/O1.md", 5))
    assert all(isinstance(p, Problem) and p.path and p.line >= 5 for p in problems)
    assert live_dangers(html, "body") == []


@pytest.mark.parametrize(
    "form", ["[เอกสาร]({})", "![ภาพ]({})", "[เอกสาร][r]\n\n[r]: {}", "<a>[x]({})</a>"]
)
@pytest.mark.parametrize(
    "target",
    [
        "/files/2566/structure.pdf",
        "/2566/o1/",
        "%2Ffiles%2F2566%2Fstructure.pdf",
        "\\files\\2566\\structure.pdf",
    ],
)
def test_site_absolute_links_are_refused(site, monkeypatch, form, target):
    """Issue 23: /files/x names the host's root, not the site's folder (SECURITY.md §4)."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    site.item("9.1", "O2", "", "ย่อหน้า\n\n" + form.format(target) + "\n")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("content/2566/9.1/O2.md", 7)
    assert "relative to the site folder" in (problem.hint or problem.message)


def test_a_link_error_points_at_the_link_s_own_line_in_a_paragraph(site):
    """Issue 23: not at the paragraph's first line. Lines: ---, code, (blank), ---, then the body
    from line 5."""
    body = (
        "บรรทัดที่ 5 เริ่มย่อหน้า\n"
        "บรรทัดที่ 6 [ลิงก์](javascript:alert(1))\n"
        "บรรทัดที่ 7 ![ภาพ\nที่ยาว](data:,x) บรรทัดที่ 8  \n"
        "บรรทัดที่ 9 [ลิงก์](vbscript:x) `code`\n"
        "บรรทัดที่ 10 [ไฟล์](files/none.pdf)\n\n"
        "| ก | ข |\n| - | - |\n| [x](javascript:1) | ค |\n"
    )
    site.item("9.1", "O2", "", body)
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert [p.line for p in caught.value.problems] == [6, 7, 9, 10, 14]
