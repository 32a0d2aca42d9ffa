"""build and check read a site the same way: whatever stops a build is an error of check, same file
and line."""

from __future__ import annotations

import pytest

from itagen.build import build
from itagen.commands.check import run_check
from itagen.errors import ItagenError

from .test_build import BROKEN

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

MORE = {
    "link to a missing item": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\n---\n[x](content/2566/9.1/O99.md)\n",
        4,
        "does not have",
    ),
    "image from another website": (
        "content/2566/9.1/O2.md",
        "---\ncode: O2\n---\n![x](https://e.org/a.png)\n",
        4,
        "another website",
    ),
    "unknown theme": ("site.yaml", None, None, "no theme named"),
}
CASES = {**BROKEN, **MORE}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_every_build_error_is_a_check_error_at_the_same_place(site, case):
    rel, text, _, words = CASES[case]
    if text is None:  # a site.yaml change
        site.write(
            "site.yaml",
            (site.root / "site.yaml")
            .read_text(encoding="utf-8")
            .replace("theme: default", "theme: defualt"),
        )
    else:
        site.write(rel, text)
    with pytest.raises(ItagenError) as err:
        build(site.root)
    built = [p for p in err.value.problems if p.is_error and words in p.message + (p.hint or "")]
    assert built, err.value.problems
    report = run_check(site.root)
    errors = [f for f in report.findings if f.severity == "error"]
    assert any(
        words in f.message + (f.hint or "")
        and (f.file or "site.yaml") == (built[0].path or "site.yaml")
        and f.line == built[0].line
        for f in errors
    ), (built[0], errors)
