"""Themes compile `{{ value }}` through itagen's cheaper escape: the HTML must be stock Jinja's, byte for byte.

Every way a printed value can travel (blocks and super(), macros and call blocks,
{% set %} blocks printed again, filter blocks, includes, loops with else, values
that are Markup, numbers, objects with __html__, undefined-safe defaults) is
rendered by a stock autoescaping Jinja environment and by the themes'
environment, from hostile text.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment
from markupsafe import Markup, escape

from itagen.render.jinjaenv import ThemeEnvironment, escape_output

HOSTILE = ["<script>alert(1)</script>", "\"onmouseover='x'", "a & b", "ข้อมูล <b>ตัวหนา</b>", "", "&amp;", "'", '"']


class Html:
    """An object that knows its own HTML (as markupsafe's protocol allows)."""

    def __html__(self) -> str:
        return "<em>safe</em>"


TEMPLATES = {
    "base.html": ("<title>{% block title %}{{ title }}{% endblock %}</title>"
                  "<main>{% block main %}{{ body }}{% endblock %}</main>{% include 'part.html' %}"),
    "part.html": "<footer>{{ title }}|{{ number }}|{{ html }}|{{ marked }}</footer>",
    "page.html": """{% extends "base.html" %}
{% macro link(href, text) %}<a href="{{ href }}">{{ text }}</a>{% endmacro %}
{% block title %}[{{ super() }}] {{ title|upper }} {{ title ~ "<x>" }}{% endblock %}
{% block main %}
{{ link(url, title) }} {{ link(url, title)|upper }}
{% call(x) caller_macro() %}{{ x }} {{ title }}{% endcall %}
{% set captured %}<i>{{ title }}</i>{% endset %}{{ captured }} {{ captured|length }} {{ captured|upper }}
{% filter upper %}{{ title }} <b>{{ body }}</b>{% endfilter %}
{% for t in items %}<li>{{ t }} {{ loop.index }}</li>{% else %}<li>{{ title }}</li>{% endfor %}
{{ missing|default(title) }} {{ title if number else body }} {{ items|join(", ") }} {{ items }}
{{ marked }} {{ marked ~ title }} {{ html }} {{ number }} {{ 3.5 }} {{ none_value }} {{ "<literal>" }}
{% autoescape false %}{{ title }}{% endautoescape %} {{ title|safe }} {{ title|e }} {{ self.title() }}
{% endblock %}
{% macro caller_macro() %}<div>{{ caller(title) }}</div>{% endmacro %}""",
}


def render_both(values: dict) -> tuple[str, str]:
    stock = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    ours = ThemeEnvironment(loader=DictLoader(TEMPLATES), autoescape=True)
    return (stock.get_template("page.html").render(values), ours.get_template("page.html").render(values))


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(HOSTILE) | st.text(alphabet="<>&'\"ab ก", max_size=12),
       st.sampled_from(HOSTILE) | st.text(max_size=8),
       st.lists(st.sampled_from(HOSTILE), max_size=3), st.integers(-5, 5))
@example("<script>", "\"x'", [], 0)
def test_theme_environment_prints_what_stock_jinja_prints(title: str, body: str, items: list[str],
                                                           number: int) -> None:
    values = {"title": title, "body": body, "items": items, "number": number, "html": Html(),
              "url": f"https://e.go.th/?q={title}", "marked": Markup("<b>ok</b>"), "none_value": None}
    stock, ours = render_both(values)
    assert ours == stock


def test_the_cheap_escape_is_used() -> None:
    env = ThemeEnvironment(autoescape=True)
    source = env.compile("{{ x }}", raw=True)
    assert "environment.escape_output(" in source
    assert env.from_string("{{ x }}").render(x="<a href='x'>&") == "&lt;a href=&#39;x&#39;&gt;&amp;"


@settings(max_examples=500, deadline=None)
@given(st.text() | st.sampled_from(HOSTILE))
def test_escape_output_is_markupsafe_escape(text: str) -> None:
    assert escape_output(text) == str(escape(text))
    assert type(escape_output(text)) is str


@pytest.mark.parametrize("value", [Markup("<b>x</b>"), 12, 1.5, None, Html(), ["<x>"]])
def test_escape_output_of_other_values_is_markupsafe_escape(value: object) -> None:
    assert escape_output(value) == escape(value)
