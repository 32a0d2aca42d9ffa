"""itagen's YAML loader builds plain documents directly: it must give exactly what PyYAML gives.

The reference is PyYAML's own C SafeLoader with the one change itagen makes on purpose
(timestamps stay text). Every document, plain or tricky (aliases, merge keys, explicit tags,
complex keys, bad values), must load to the same value or fail with the same error.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from itagen.errors import ItagenError
from itagen.site.yamlio import _implicit_tag, _Loader, load_yaml
import pytest

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Reference(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's SafeLoader, timestamps kept as text: what itagen's loader must equal."""


_Reference.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def shape(value: object, seen: dict[int, int]) -> str:
    """Like repr (types, order, a NaN equal to itself), and saying which containers are one object.

    An alias makes PyYAML return the same list or dict twice; a copy would print the same.
    """
    if isinstance(value, (dict, list, set)):
        if id(value) in seen:
            return f"@{seen[id(value)]}"
        seen[id(value)] = len(seen)
        if isinstance(value, dict):
            inner = ", ".join(f"{shape(k, seen)}: {shape(v, seen)}" for k, v in value.items())
            return f"#{seen[id(value)]}{{{inner}}}"
        if isinstance(value, set):
            return f"#{seen[id(value)]}set({sorted(map(repr, value))})"
        return f"#{seen[id(value)]}[{', '.join(shape(v, seen) for v in value)}]"
    return repr(value)


def outcome(text: str, loader: type) -> str:
    """The loaded value with its shared parts, or the error."""
    try:
        return "value " + shape(yaml.load(text, Loader=loader), {})
    except Exception as exc:  # the error itself is what is compared
        return f"error {type(exc).__name__}: {exc}"


# Scalars that resolve to every implicit type PyYAML knows, and near misses of each.
TRICKY = [
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "true",
    "False",
    "tru",
    "0",
    "-0",
    "+12",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "0b_",
    "1_000",
    "1:30",
    "190:20:30",
    "-1:3",
    "1.5",
    ".5",
    "1e3",
    "1.0e+3",
    "-.inf",
    ".NaN",
    ".nan",
    "1.",
    "._",
    "2566-02-29",
    "2023-02-29",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10",
    "2566-1-5",
    "28 มกราคม 2566",
    "O1",
    "<<",
    "=",
    "https://example.go.th/a?b=1",
    "ข้อมูล",
    "a: b",
    "- x",
    "#",
    "'q'",
    '"dq"',
    "!x",
    "&a",
    "*a",
    "[1, 2]",
    "{a: 1}",
    "|",
    ">",
    "%",
    "@",
    "`",
]
TAGS = [
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!timestamp",
    "!!binary",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!map",
    "!!seq",
    "!local",
    "!!python/object",
]


def _quoted(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


scalar_text = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(TRICKY).map(_quoted),
    st.text(alphabet="0123456789+-._:eExXoObByYnNtTfF~<=ก ", max_size=8),
    st.tuples(st.sampled_from(TAGS), st.sampled_from(TRICKY)).map(
        lambda t: f"{t[0]} {_quoted(t[1])}"
    ),
    st.tuples(
        st.sampled_from(TAGS), st.sampled_from(["1", "x", "yes", "", "AAAA", "2566-01-01"])
    ).map(lambda t: f"{t[0]} {t[1]}"),
)


def flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Flow collections around any value, with keys that are scalars, collections or merges."""
    key = st.one_of(scalar_text, st.just("<<"), st.just("="), st.just("? [a, b]"))
    return st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(key, children), max_size=4).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
        st.tuples(st.sampled_from(TAGS), children).map(lambda t: f"{t[0]} {t[1]}"),
    )


flow_value = st.recursive(scalar_text, flow, max_leaves=12)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A block mapping of flow values, with anchors and aliases between its entries, and merge
    keys."""
    lines = []
    anchors: list[str] = []
    for n in range(draw(st.integers(0, 6))):
        key = draw(
            st.one_of(
                st.sampled_from(["code", "title", "documents", "date", "<<", "=", "1", "yes", "~"]),
                scalar_text,
            )
        )
        choice = draw(st.integers(0, 9))
        if choice == 0 and anchors:
            value = "*" + draw(st.sampled_from(anchors))
        elif choice == 1:
            anchors.append(f"a{n}")
            value = f"&a{n} " + draw(flow_value)
        elif choice == 2:
            items = draw(st.lists(flow_value, min_size=1, max_size=3))
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in items]
            continue
        else:
            value = draw(flow_value)
        lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
@example(
    "code: O1\nupdated: 2566-03-03\ndocuments:\n  - title: ก\n    file: files/a.pdf\n"
    "    date: 2566-02-29\n"
)
@example("a: &x {b: 1}\nc: *x\n")
@example("a: &x [1]\nb: *x\n")
@example("base: &b {x: 1, y: 2}\nitem:\n  <<: *b\n  y: 3\n")
@example("<<: [{a: 1}, {b: 2}]\nc: 3\n")
@example("= : 1\n")
@example("a: =\n")
@example("? [a, b]\n: 1\n")
@example("a: !!set {x, y}\n")
@example("a: !!omap [{x: 1}, {y: 2}]\n")
@example("a: !!pairs [{x: 1}, {x: 2}]\n")
@example("a: !!binary aGVsbG8=\n")
@example("a: !!bool maybe\n")
@example("a: !!int 0b_\n")
@example("a: 0b_\n")
@example("a: !!set x\n")
@example("a: !!str\n")
@example("a: !!map {}\nb: !!seq []\n")
@example("a: &r [*r]\n")
@example("a: 1\na: 2\n")
@example("1: a\n1.5: b\ntrue: c\n~: d\n2566-01-01: e\n")
@example("a: !local x\n")
@example("a: .nan\n")
def test_loader_equals_pyyaml(text: str) -> None:
    ours = outcome(text, _Loader)
    if ours.startswith("error _Expansion"):
        # A value that contains itself is refused before it is built (issue 23); PyYAML builds it.
        assert "@" in outcome(text, _Reference)
        return
    assert ours == outcome(text, _Reference)


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.sampled_from(TRICKY),
        st.text(alphabet="0123456789+-._:eExXoObByYnNtTfFlLuUsS~<= ก", max_size=12),
        st.text(max_size=6),
    )
)
def test_plain_scalar_tags_equal_pyyaml(value: str) -> None:
    """A plain scalar's tag depends on its text only, and is the one PyYAML's resolver gives."""
    reference = _Reference("")
    try:
        assert _implicit_tag(value) == reference.resolve(yaml.ScalarNode, value, (True, False))
        # Quoted scalars are always strings.
        assert _Loader("").resolve(yaml.ScalarNode, value, (False, True)) == "tag:yaml.org,2002:str"
    finally:
        reference.dispose()


def test_long_values_resolve_without_being_kept() -> None:
    long_text = "2566-01-01" + "ก" * 200
    assert _Loader("").resolve(yaml.ScalarNode, long_text, (True, False)) == "tag:yaml.org,2002:str"
    assert _Loader("").resolve(yaml.ScalarNode, "1" * 100, (True, False)) == "tag:yaml.org,2002:int"


def test_a_value_its_tag_cannot_take_is_a_plain_error() -> None:
    try:
        load_yaml("a: !!bool maybe\n", "content/2566/O1.md", 2)
    except ItagenError as exc:
        text = str(exc)
    else:
        raise AssertionError("no error")
    assert "content/2566/O1.md:2" in text and "maybe" in text and "tag" in text


def test_an_error_from_pyyamls_path_is_not_chained_to_the_direct_walk() -> None:
    """A caller that prints the error's traceback sees PyYAML's error alone."""
    try:
        yaml.load("a: !!int x\n", Loader=_Loader)
    except ValueError as exc:
        assert exc.__context__ is None and exc.__cause__ is None
    else:
        raise AssertionError("no error")
