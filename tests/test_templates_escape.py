"""Themes are rendered by Jinja's own autoescaping environment: every printed value is escaped.

Every way a printed value can travel (blocks and super(), macros and call blocks,
{% set %} blocks printed again, filter blocks, includes, loops with else, values
that are Markup, numbers, objects with __html__) is rendered from hostile text by
the themes' environment; no raw `<` of a value may reach the page.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from itagen.render.jinjaenv import new_environment
from itagen.render.themes import resolve_theme

HOSTILE = [
    "<script>alert(1)</script>",
    "\"onmouseover='x'",
    "a & b",
    "ข้อมูล <b>ตัวหนา</b>",
    "",
    "&amp;",
    "'",
    '"',
]


class Html:
    """An object that knows its own HTML (as markupsafe's protocol allows)."""

    def __html__(self) -> str:
        return "<em>safe</em>"


TEMPLATES = {
    "base.html": (
        "<title>{% block title %}{{ title }}{% endblock %}</title>"
        "<main>{% block main %}{{ body }}{% endblock %}</main>{% include 'part.html' %}"
    ),
    "part.html": "<footer>{{ title }}|{{ number }}|{{ html }}|{{ marked }}</footer>",
    "page.html": """{% extends "base.html" %}
{% macro link(href, text) %}<a href="{{ href }}">{{ text }}</a>{% endmacro %}
{% block title %}[{{ super() }}] {{ title|upper }} {{ title ~ "<x>" }}{% endblock %}
{% block main %}
{{ link(url, title) }} {{ link(url, title)|upper }}
{% call(x) caller_macro() %}{{ x }} {{ title }}{% endcall %}
{% set captured %}<i>{{ title }}</i>{% endset %}{{ captured }} {{ captured|length }} """
    """{{ captured|upper }}
{% filter upper %}{{ title }} <b>{{ body }}</b>{% endfilter %}
{% for t in items %}<li>{{ t }} {{ loop.index }}</li>{% else %}<li>{{ title }}</li>{% endfor %}
{{ missing|default(title) }} {{ title if number else body }} {{ items|join(", ") }} {{ items }}
{{ marked }} {{ marked ~ title }} {{ html }} {{ number }} {{ 3.5 }} {{ none_value }} """
    """{{ "<literal>" }}
{{ title|e }} {{ self.title() }}
{% endblock %}
{% macro caller_macro() %}<div>{{ caller(title) }}</div>{% endmacro %}""",
}


def test_the_themes_environment_is_jinjas_own_with_autoescape(tmp_path) -> None:
    env = new_environment(resolve_theme("default", tmp_path))
    assert type(env) is Environment  # no subclass, no code generator of ours
    assert env.autoescape is True and env.auto_reload is False
    assert env.from_string("{{ x }}").render(x="<a href='x'>&") == "&lt;a href=&#39;x&#39;&gt;&amp;"


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(HOSTILE) | st.text(alphabet="<>&'\"ab ก", max_size=12),
    st.sampled_from(HOSTILE) | st.text(max_size=8),
    st.lists(st.sampled_from(HOSTILE), max_size=3),
    st.integers(-5, 5),
)
@example("<script>", "\"x'", [], 0)
def test_no_value_reaches_the_page_unescaped(
    title: str, body: str, items: list[str], number: int
) -> None:
    env = new_environment(resolve_theme("default", None))
    env.loader = DictLoader(TEMPLATES)
    values = {
        "title": title,
        "body": body,
        "items": items,
        "number": number,
        "html": Html(),
        "url": f"https://e.go.th/?q={title}",
        "marked": Markup("<b>ok</b>"),
        "none_value": None,
    }
    html = env.get_template("page.html").render(values)
    for raw in ("<script", "<b>ตัวหนา", "\"onmouseover", "'x'"):  # the hostile values' markup
        assert raw not in html
    assert str(escape(title)) in html
    assert "<b>ok</b>" in html and "<em>safe</em>" in html  # Markup and __html__ pass as they are
