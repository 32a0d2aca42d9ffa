"""Never a traceback, by property: random and mutated input to every loader and to the whole build.

Hypothesis writes site.yaml files, item front matter (Markdown and YAML items),
free pages, dates and Markdown bodies: some shaped like the real thing with
hostile values in each key, some random YAML, and each may then be mutated at
the byte level (cut, spliced, re-indented with tabs, re-encoded). Whatever comes
in, a loader returns or raises ItagenError whose problems name a file of the
site and a line inside it, and a successful build has no live script. Example
counts are kept moderate so this file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from itagen.build import build
from itagen.site.config import load_config
from itagen.site.contentdir import load_content
from itagen.errors import ItagenError, Problem, Problems
from itagen.render.markdown import BodyRenderer, LinkContext
from itagen.thai.dateparse import DateError, parse_date

from .conftest import SITE_YAML
from .test_safety_xss import output_dangers

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

FAST = settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))

# -- values ----------------------------------------------------------------------------------

THAI = ["องค์การบริหารส่วนตำบลทดสอบ", "ประกาศ ราคากลาง", "ํา", "\u200b", "เ", "ก\u0e33", "๒๕๖๖"]
PATHS = [
    "files/a.pdf",
    "files/ไม่มี.pdf",
    "../x",
    "/etc/passwd",
    "files/../../x",
    "C:\\x",
    "files/a\0",
    "files/" + "ก" * 90,
    "content/2566/9.1/O1.md",
    "files",
    ".",
    "",
    " ",
    "files/sub/",
    "site.yaml",
]
URLS = [
    "https://example.org/",
    "http://x",
    "javascript:alert(1)",
    " data:,x",
    "mailto:a@b",
    "tel:1",
    "https://itas.nacc.go.th/go/eit/ab12cd",
    "https://ก.ไทย/ทดสอบ",
    "//x",
    "https://",
    "ftp://x",
    "https://x/" + "a" * 2000,
    "https://x\n/y",
]
DATES = [
    "2566-01-16",
    "2023-01-16",
    "16 มกราคม 2566",
    "๑๖ ม.ค. ๖๖",
    "31 เมษายน 2566",
    "2566-02-29",
    "2567-02-29",
    "0000-01-01",
    "9999-12-31",
    "99999-01-01",
    "16/01/2566",
    "1 ต.ค. 65",
    "",
    "พ.ศ.",
    "2566-13-01",
    "๓๒ ธันวาคม ๒๕๖๖",
    "16 มกรา 2566",
    "ม.ค.",
    "1e9",
]
CODES = ["O1", "o1", "O01", "O๑", "Ｏ１", "O43", "O44", "O0", "X1", "", "O", "O1 ", " o2"]
GOOD_URLS = ["https://itas.nacc.go.th/go/eit/ab12cd", "https://example.org/ita/"] * 4
INTERESTING = (
    THAI + PATHS + URLS + DATES + CODES + ["default", "table", "thai", "arabic", "yes", "~", "null"]
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(),
    st.sampled_from(INTERESTING),
)
KEYS = [
    "code",
    "title",
    "documents",
    "file",
    "url",
    "date",
    "note",
    "updated",
    "covers",
    "agency",
    "ita",
    "name",
    "current_year",
    "eit_code",
    "base_url",
    "theme",
    "tilte",
    "documnets",
    "<<",
    "[",
    "str",
    "int",
]
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)


def maybe(strategy):
    """Mostly the real thing, sometimes anything at all (so most files get past their first
    fault)."""
    return st.sampled_from([True] * 15 + [False]).flatmap(lambda real: strategy if real else values)


texts = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(THAI), st.text(max_size=3))
dates = st.one_of(
    st.sampled_from(DATES),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
    st.dates(),
    st.sampled_from(["2566-01-16", "16 มกราคม 2566", "๑ ต.ค. ๖๕"]),
)
optional_doc = {"date": maybe(dates), "note": maybe(texts)}
documents = st.lists(
    maybe(
        st.one_of(
            st.fixed_dictionaries(
                {
                    "title": maybe(texts),
                    "file": maybe(st.sampled_from(["files/a.pdf"] * 4 + PATHS)),
                },
                optional=optional_doc,
            ),
            st.fixed_dictionaries(
                {
                    "title": maybe(texts),
                    "url": maybe(st.sampled_from(["https://example.org/"] * 4 + URLS)),
                },
                optional=optional_doc,
            ),
            st.fixed_dictionaries(
                {"title": maybe(texts)},
                optional={
                    "file": st.sampled_from(PATHS),
                    "url": st.sampled_from(URLS),
                    **optional_doc,
                },
            ),
        )
    ),
    max_size=4,
)
item_fronts = st.fixed_dictionaries(
    {"code": maybe(st.sampled_from(["O1"] * 8 + CODES))},
    optional={
        "title": maybe(texts),
        "updated": maybe(dates),
        "covers": maybe(st.lists(st.integers(-3, 2**65) | st.integers(1, 2), max_size=3)),
        "documents": maybe(documents),
    },
)
site_dicts = st.fixed_dictionaries(
    {
        "agency": maybe(
            st.fixed_dictionaries(
                {"name": maybe(texts)},
                optional={
                    "short_name": maybe(texts),
                    "province": maybe(texts),
                    "logo": maybe(st.sampled_from(PATHS)),
                    "contact": maybe(
                        st.fixed_dictionaries(
                            {}, optional={"email": maybe(texts), "phone": maybe(texts)}
                        )
                    ),
                },
            )
        ),
        "ita": maybe(
            st.fixed_dictionaries(
                {
                    "current_year": maybe(
                        st.sampled_from([2566] * 6 + [2564, 2499, 2701, 0, -1, 2**70])
                    )
                },
                optional={
                    "eit_code": maybe(
                        st.sampled_from(["xgitdi", "ab12cd"] * 3 + ["a/b", "x" * 300, ""])
                    ),
                    "eit_url": maybe(st.sampled_from(GOOD_URLS + URLS)),
                    "iit_url": maybe(st.sampled_from(URLS)),
                    "max_urls": maybe(st.integers(-1, 60)),
                    "silence": maybe(st.lists(texts, max_size=2)),
                },
            )
        ),
    },
    optional={
        "base_url": maybe(st.sampled_from(GOOD_URLS + URLS)),
        "theme": maybe(st.sampled_from(["default", "table", "nope", "../x", "/etc", ""])),
        "numerals": maybe(st.sampled_from(["thai", "arabic", "roman"])),
        "allow_html": maybe(st.booleans()),
        "cname": maybe(texts),
        "themes": values,
    },
)

MD_PIECES = [
    "# ",
    "## หัวข้อ",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "```",
    "    ",
    "|a|b|\n|-|-|\n",
    "**",
    "_",
    "`",
    "[ลิงก์](files/a.pdf)",
    "[x](files/ไม่มี.pdf)",
    "[x](content/2566/9.1/O1.md)",
    "[x](2566/o1/)",
    "[x](https://example.org)",
    "[x](../x)",
    "![ภาพ](files/a.pdf)",
    "<https://example.org>",
    "[x]: files/a.pdf\n",
    "[x]",
    "[^1]",
    "[^1]: y\n",
    "<b>",
    "&amp;",
    "&#0;",
    "\\",
    "\t",
    "\0",
    "ข้อความ",
    "- [ ] งาน\n",
    "คำ\n: นิยาม\n",
    "---\n",
    "***",
    "<!--",
    "javascript:x",
    "[x](javascript:x)",
    "\r\n",
]
bodies = st.lists(st.sampled_from(MD_PIECES) | st.text(max_size=10), max_size=40).map("".join)
REFUSED = {"[x](files/ไม่มี.pdf)", "[x](../x)", "[x](javascript:x)"}
# Bodies whose links all resolve, so that whole builds succeed often enough to check their output.
good_bodies = st.lists(
    st.sampled_from([p for p in MD_PIECES if p not in REFUSED]) | st.text(max_size=10), max_size=40
).map("".join)

SNIPPETS = [
    "\t",
    "---\n",
    ": ",
    "- ",
    "{",
    "[",
    "&a ",
    "*a",
    "!!python/object:os.system",
    "%YAML 1.1\n",
    "\0",
    "\ufeff",
    "\r",
    "'",
    '"',
    "#",
    "? ",
    "|\n",
    ">-\n",
    "<<: *a\n",
    "\u2028",
    "ก",
    "\xa0",
]


@st.composite
def mutated(draw, text: str) -> bytes:
    """`text` as bytes, maybe damaged the ways files get damaged."""
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 1, 2, 3]))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["cut", "insert", "truncate", "tab", "dup"]))
        if how == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif how == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS)) + text[at:]
        elif how == "truncate":
            text = text[:at]
        elif how == "tab":
            text = text.replace("\n  ", "\n\t", 1)
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            text = "\n".join(lines[:i] + [lines[i]] + lines[i:])
    encoding = draw(st.sampled_from(["utf-8"] * 9 + ["utf-8-sig", "cp874", "utf-16"]))
    return text.encode(encoding, errors="replace")


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)


# -- checks ----------------------------------------------------------------------------------


def assert_well_formed(problems: list[Problem], root: Path) -> None:
    """Every problem names a file of the site (or none) and a line that exists in it."""
    assert problems
    for p in problems:
        assert isinstance(p, Problem) and isinstance(p.message, str) and p.message.strip(), p
        assert p.severity in ("error", "warning")
        if p.path is None:
            assert p.line is None, p
            continue
        path = Path(p.path) if Path(p.path).is_absolute() else root / p.path
        assert path.is_relative_to(root) or path.exists(), p
        if p.line is not None:
            assert isinstance(p.line, int) and p.line >= 1, p
            if path.is_file():
                lines = (
                    path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
                )
                assert p.line <= lines, (p, lines)


class Scratch:
    """A fresh site folder per example under the test's tmp_path (which Hypothesis shares between
    examples)."""

    def __init__(self, tmp_path: Path) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="example-", dir=tmp_path))
        self.n = 0

    def site(self, site_yaml: bytes = SITE_YAML.encode()) -> Path:
        self.n += 1
        root = self.base / f"s{self.n}"
        (root / "content/2566/9.1").mkdir(parents=True)
        (root / "files").mkdir()
        (root / "files/a.pdf").write_bytes(b"%PDF-1.4\n")
        (root / "site.yaml").write_bytes(site_yaml)
        return root

    def close(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


# -- the loaders -----------------------------------------------------------------------------


@FAST
@given(site=site_dicts, raw=st.booleans(), data=st.data())
def test_any_site_yaml_loads_or_fails_cleanly(tmp_path, site, raw, data):
    scratch = Scratch(tmp_path)
    try:
        text = dump(data.draw(values) if raw else site)
        root = scratch.site(data.draw(mutated(text)))
        try:
            load_config(root)
            event("loaded")
        except ItagenError as exc:
            event("ItagenError")
            assert_well_formed(exc.problems, root)
            assert all(p.path in (None, "site.yaml") for p in exc.problems)
    finally:
        scratch.close()


@FAST
@given(
    front=item_fronts,
    raw=st.booleans(),
    body=bodies,
    suffix=st.sampled_from([".md", ".yaml"]),
    data=st.data(),
)
def test_any_item_file_loads_or_fails_cleanly(tmp_path, front, raw, body, suffix, data):
    scratch = Scratch(tmp_path)
    try:
        root = scratch.site()
        yaml_text = dump(data.draw(values) if raw else front)
        text = f"---\n{yaml_text}---\n{body}" if suffix == ".md" else yaml_text
        (root / f"content/2566/9.1/O1{suffix}").write_bytes(data.draw(mutated(text)))
        problems = Problems()
        content = load_content(root, problems)
        event("problems" if problems.items else "loaded")
        if problems.items:
            assert_well_formed(problems.items, root)
            assert all(p.path.startswith("content/2566/9.1/O1") for p in problems.items if p.path)
        else:
            [item] = content.years[2566].values()
            assert item.code == "O1" and isinstance(item.body, str)
            assert all(d.date is None or isinstance(d.date, dt.date) for d in item.documents)
    finally:
        scratch.close()


@FAST
@given(
    front=st.one_of(st.fixed_dictionaries({"title": maybe(texts)}), values),
    body=bodies,
    name=st.sampled_from(["about", "contact-us", "About", "ก", "a b", "index", "-x"]),
    data=st.data(),
)
def test_any_free_page_loads_or_fails_cleanly(tmp_path, front, body, name, data):
    scratch = Scratch(tmp_path)
    try:
        root = scratch.site()
        (root / "content/pages").mkdir(parents=True)
        text = f"---\n{dump(front)}---\n{body}"
        (root / f"content/pages/{name}.md").write_bytes(data.draw(mutated(text)))
        problems = Problems()
        load_content(root, problems)
        event("problems" if problems.items else "loaded")
        if problems.items:
            assert_well_formed(problems.items, root)
    finally:
        scratch.close()


DATE_ALPHABET = list("0123456789๐๑๒๓๔๕๖๗๘๙ -/.,:") + [
    "มกราคม",
    "ม.ค.",
    "กุมภาพันธ์",
    "ก.พ.",
    "เมษายน",
    "ธ.ค.",
    "พ.ศ.",
    "ค.ศ.",
    "วันที่",
    "\u200b",
    "\xa0",
    "2566",
    "ธันวา",
]


@settings(max_examples=600, deadline=None)
@given(
    st.one_of(
        st.lists(st.sampled_from(DATE_ALPHABET), max_size=12).map("".join),
        st.text(max_size=20),
        st.dates().map(str),
        st.integers().map(str),
    )
)
def test_any_date_text_is_a_date_or_a_date_error(text):
    try:
        result = parse_date(text)
    except DateError as exc:
        event("DateError")
        assert str(exc)
    else:
        event("date")
        assert isinstance(result, dt.date)


@FAST
@given(body=bodies, allow_html=st.booleans())
def test_any_markdown_body_renders_or_reports_problems(tmp_path, body, allow_html):
    root = Path(tempfile.mkdtemp(prefix="md-", dir=tmp_path))
    try:
        (root / "files").mkdir()
        (root / "files/a.pdf").write_bytes(b"%PDF")
        html, problems = BodyRenderer(root, allow_html).render(
            body, LinkContext("../../", "content/x.md", 5)
        )
        assert isinstance(html, str)
        for p in problems:
            assert p.path == "content/x.md" and 5 <= p.line <= 5 + body.count("\n") + body.count(
                "\r"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


# -- the whole build -------------------------------------------------------------------------


@SLOW
@given(
    site=site_dicts,
    fronts=st.lists(st.tuples(item_fronts, good_bodies | bodies), min_size=1, max_size=3),
    valid_site=st.booleans(),
    data=st.data(),
)
def test_any_site_builds_or_fails_cleanly(tmp_path, site, fronts, valid_site, data):
    scratch = Scratch(tmp_path)
    try:
        site_text = SITE_YAML if valid_site else dump(site)
        root = scratch.site(data.draw(mutated(site_text)) if not valid_site else site_text.encode())
        for i, (front, body) in enumerate(fronts):
            if data.draw(st.integers(0, 4)):
                front = {**front, "code": f"O{i + 1}"}  # mostly the code its file name says
            text = f"---\n{dump(front)}---\n{body}"
            sub = ["9.1", "9.2", "10.1"][i]
            (root / f"content/2566/{sub}").mkdir(parents=True, exist_ok=True)
            damaged = data.draw(st.sampled_from([False, False, True]))
            (root / f"content/2566/{sub}/O{i + 1}.md").write_bytes(
                data.draw(mutated(text)) if damaged else text.encode()
            )
        out = root.parent / (root.name + "-out")
        try:
            result = build(root, out)
        except ItagenError as exc:
            event("ItagenError")
            assert_well_formed(exc.problems, root)
            assert not out.exists(), "a failed build writes nothing"
        else:
            event("built")
            assert result.ok
            json.loads((out / "ita.json").read_text(encoding="utf-8"))
            theme = (
                yaml.safe_load((root / "site.yaml").read_bytes().decode("utf-8-sig")).get("theme")
                or "default"
            )
            assert output_dangers(out, theme) == []
    finally:
        scratch.close()
