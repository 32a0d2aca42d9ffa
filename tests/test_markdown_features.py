"""A body is parsed with only the Markdown rules its text can use, and renders exactly as with all
of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from itagen.render.markdown import BodyRenderer, LinkContext, _parser, new_markdown, parser_for
from itagen.render.mdfeatures import ALL, FEATURES, features_of

EXAMPLE_SITE = Path(__file__).resolve().parent.parent  # the repository is the example site

# Every feature's markers, near misses of them, and plain text, so that the tests see texts
# that have a marker without the construct, the construct in every container, and neither.
ATOMS = [
    "x",
    "ข้อ",
    " ",
    "  ",
    "\t",
    "\x0b",
    "\x0c",
    "[ ]",
    "[x]",
    "[X]",
    "[]",
    "[^1]",
    "[^1]: ",
    "^[",
    "[^",
    "^",
    "[",
    "]",
    "(",
    ")",
    "(files/a.pdf)",
    "[a]",
    "[a]: /u",
    "]:",
    "!",
    "![",
    "\\",
    "`",
    "``",
    "```",
    "~",
    "~~",
    "~~~",
    "*",
    "**",
    "_",
    "__",
    "<",
    "<https://a.th>",
    "&",
    "&amp;",
    "&#91;",
    "&#x5E;",
    "#",
    "## ",
    "|",
    "-",
    "---",
    "- - -",
    "***",
    "___",
    "=",
    "===",
    ":",
    ": ",
    "~ ",
    ">",
    "1.",
    "1) ",
    "+ ",
    "<b>",
    "<!--",
    "-->",
    "\x00",
    "\x85",
    "\ufeff",
    "\u2028",
]
LINE_STARTS = [
    "",
    "",
    "",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "2) ",
    "> ",
    "> - ",
    "- > ",
    "  ",
    "   ",
    "    ",
    "\t",
    "## ",
    "```",
    "~~~",
    "[^1]: ",
    "| ",
    "| --- |",
    ": ",
    "~ ",
    ">>",
    "  - ",
    "  : ",
]
# Whole lines that are a construct on their own or only next to another line: most random
# lines are paragraphs, and these are what a too-narrow test would miss.
LINES = [
    "x",
    "> x",
    "- x",
    "---",
    "===",
    "-",
    "=",
    "> ---",
    "> ===",
    ">---",
    "  ---",
    "   ===",
    "***",
    "- ***",
    "> ***",
    "* * *",
    "_ _ _",
    "- - -",
    "1. ---",
    "#",
    "# x",
    "##",
    "> #",
    "- #",
    "#x",
    "|x|",
    "x|y",
    "| --- |",
    "--- | ---",
    "-|-",
    "|-|",
    "[x]:x",
    "[x]: y",
    "> [x]: y",
    "- [X] x",
    "- [x]",
    "1. [ ] x",
    "> - [ ] x",
    "```",
    "~~~",
    "> ```",
    "    x",
    "\tx",
    "x  ",
    "x\\",
    "<ftp://a.b>",
    "<a@b.th>",
    "~~x~~",
    "x~~",
    "*x*",
    "_x_",
    "**x**",
    "![x](y)",
    "&amp;",
    "&#91;",
    "x[^1]",
    "[^1]: y",
    "^[x]",
    ": x",
    "~ x",
    "> : x",
    "  : x",
    "x\x0b",
    "x\x0c",
    "\u00a0",
]
random_lines = st.tuples(
    st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(ATOMS), max_size=8).map("".join)
).map("".join)
lines = st.one_of(st.sampled_from(LINES), random_lines)
bodies = st.tuples(st.lists(lines, max_size=10), st.sampled_from(["\n", "\n\n", "\r\n", "\r"])).map(
    lambda parts: parts[1].join(parts[0])
)

# For each feature, a text that uses it and what the full parser makes of it.
USES = {
    "table": "| ก | ข |\n| --- | --- |\n| 1 | 2 |",
    "fence": "```\ncode\n```",
    "blockquote": "> คำพูด",
    "hr": "ก\n\n- - -\n\nข",
    "reference": "[ลิงก์][a]\n\n[a]: https://example.org",
    "heading": "## หัวข้อ",
    "lheading": "หัวข้อ\n> ---\n\n> หัวข้อ\n> ===",
    "escape": "\\*ไม่เน้น\\*",
    "backticks": "`โค้ด`",
    "strikethrough": "~~ยกเลิก~~",
    "emphasis": "*เน้น* และ __หนา__",
    "image": "![ภาพ](files/a.png)",
    "autolink": "<https://example.org>",
    "entity": "&copy; &#3585;",
    "footnote": "ข้อความ[^1] และ^[ในบรรทัด]\n\n[^1]: หมายเหตุ",
    "tasks": "- [x] เสร็จ\n- [ ] ค้าง",
    "deflist": "คำ\n: ความหมาย",
    "anchors": "หัวข้อ\n---",
    "text_join": "## หัวข้อ \\* กับ &amp;",
}


@settings(max_examples=600, deadline=None)
@given(bodies, st.booleans())
@example("- [x] งาน\n- [ ] ค้าง", False)
@example("ข้อความ[^1]\n\n[^1]: หมายเหตุ", False)
@example("> ก\n> ---", False)
@example("- ก\n  ***", False)
@example("ก\r***\r", False)
def test_any_text_renders_the_same_as_with_every_rule(text, allow_html):
    assert parser_for(text, allow_html).render(text, {}) == _parser(allow_html, ALL).render(
        text, {}
    )


@pytest.mark.parametrize("name", sorted(USES))
def test_each_feature_is_kept_for_a_text_that_uses_it(name):
    text = USES[name]
    assert name in features_of(text)
    # The example really needs the feature: without it the HTML differs, so the test above can fail.
    assert new_markdown(False, ALL - {name}).render(text, {}) != new_markdown().render(text, {})
    assert parser_for(text).render(text, {}) == new_markdown().render(text, {})


def test_every_feature_has_an_example():
    assert set(USES) == {f.name for f in FEATURES} == ALL


def test_a_plain_ita_body_is_parsed_without_the_rules_it_cannot_use():
    body = (
        "องค์การบริหารส่วนตำบลได้ดำเนินการเผยแพร่ข้อมูล\n\n- รายงานประจำเดือนตุลาคม 2565\n"
        "  - [สรุปผล](files/2566/doc1.pdf)\n\nดูเพิ่มเติมที่ [เว็บไซต์](https://www.example.go.th/o1)\n"
    )
    assert features_of(body) == frozenset()
    rules = parser_for(body).block.ruler.get_active_rules()
    assert (
        "fence" not in rules
        and "table" not in rules
        and "lheading" not in rules
        and "list" in rules
    )
    assert "<ul>" in parser_for(body).render(body, {})


def test_the_example_site_renders_the_same_as_with_every_rule(tmp_path):
    texts = [
        p.read_text(encoding="utf-8").split("---\n", 2)[-1]
        for p in sorted((EXAMPLE_SITE / "content").rglob("*.md"))
    ]
    assert len(texts) > 40
    renderer = BodyRenderer(EXAMPLE_SITE)
    for text in texts:
        assert renderer.parser_for(text).render(text, {}) == new_markdown().render(text, {})
    html, _ = renderer.render(
        "- [x] งานเสร็จ\n- [ ] งานค้าง[^1]\n\n[^1]: หมายเหตุ\n",
        LinkContext("../../", "content/2566/9.1/O1.md", 5),
    )
    assert html.count('type="checkbox"') == 2 and 'class="footnotes' in html


def _library_texts() -> list[tuple[str, str]]:
    """(name, Markdown) of every CommonMark spec example and markdown-it-py fixture
    (fixtures/markdown)."""
    import json

    from markdown_it.utils import read_fixture_file

    folder = Path(__file__).resolve().parent / "fixtures" / "markdown"
    texts = [
        (f"spec-{case['example']}", case["markdown"])
        for case in json.loads((folder / "commonmark.json").read_text(encoding="utf-8"))
    ]
    for path in sorted(folder.glob("*.md")):
        if path.name != "README.md":
            texts += [(f"{path.stem}-{line}", text) for line, _, text, _ in read_fixture_file(path)]
    return texts


LIBRARY_TEXTS = _library_texts()


def test_the_library_texts_are_all_there():
    names = {name.rsplit("-", 1)[0] for name, _ in LIBRARY_TEXTS}
    assert sum(name.startswith("spec-") for name, _ in LIBRARY_TEXTS) == 652  # CommonMark 0.31.2
    assert {"tables", "strikethrough", "tasklists", "xss", "commonmark_extras"} <= names


@pytest.mark.parametrize("allow_html", [False, True], ids=["html-off", "html-on"])
def test_every_spec_example_and_library_fixture_renders_the_same_as_with_every_rule(allow_html):
    full = _parser(allow_html, ALL)
    differ = [
        name
        for name, text in LIBRARY_TEXTS
        if parser_for(text, allow_html).render(text, {}) != full.render(text, {})
    ]
    assert differ == []
