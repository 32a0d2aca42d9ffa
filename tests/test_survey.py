"""The EIT/IIT survey links in site.yaml: what is an error, what is a warning, and what silences
it."""

from __future__ import annotations

import pytest

from itagen.build import build
from itagen.site.config import load_config
from itagen.errors import ItagenError
from itagen.eit.survey import SURVEY_RULES, Survey
from itagen.site.config import survey_problems

from .conftest import SITE_YAML
from .htmlcheck import soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

ITA_LINE, EIT_LINE = 6, 8  # the lines of `ita:` and `eit_code:` in conftest's site.yaml


def _ita(site, lines: str, silence: str = "") -> None:
    """Write the fixture's site.yaml with `lines` (and an ita.silence list) in place of its
    `eit_code:`."""
    extra = f"  silence: [{silence}]\n" if silence else ""
    site.write("site.yaml", SITE_YAML.replace("  eit_code: xgitdi\n", lines + extra))


def _rules(site) -> list[tuple[str, int | None]]:
    _, warnings = load_config(site.root)
    return [(w.rule, w.line) for w in warnings if w.rule in SURVEY_RULES]


def test_a_nacc_code_gives_the_nacc_links_and_no_warning(site):
    _ita(site, "  eit_code: xgitdi\n  iit_code: qxzpbk\n")
    config, warnings = load_config(site.root)
    assert config.eit_url == "https://itas.nacc.go.th/go/eit/xgitdi"
    assert config.iit_url == "https://itas.nacc.go.th/go/iit/qxzpbk"
    assert (config.eit.code, config.iit.code, config.eit.abbr) == ("xgitdi", "qxzpbk", "EIT")
    assert [s.kind for s in config.surveys] == ["eit", "iit"]
    assert not warnings


@pytest.mark.parametrize(
    "lines,rule",
    [
        ("  eit_code: XGITDI\n", "eit-code-form"),
        ("  eit_code: xgitd\n", "eit-code-form"),
        ("  eit_url: https://forms.gle/abc123\n", "eit-host"),
        ("  eit_url: https://itas.nacc.go.th/\n", "eit-code-form"),
    ],
)
def test_unusual_links_warn_with_their_line_and_can_be_silenced(site, lines, rule):
    _ita(site, lines)
    assert _rules(site) == [(rule, EIT_LINE)]
    _ita(site, lines, silence=rule)
    assert _rules(site) == []


@pytest.mark.parametrize(
    "lines,needle",
    [
        ("  eit_url: http://itas.nacc.go.th/go/eit/xgitdi\n", "must start with https://"),
        ("  eit_url: https://itas.nacc.go.th/go/eit/xg itdi\n", "no spaces"),
        ("  eit_url: 'https://'\n", "no spaces"),
        ("  eit_code: https://itas.nacc.go.th/go/eit/xgitdi\n", "a full link goes under eit_url"),
        ("  eit_code: 'ab#12?'\n", "only letters, digits"),
        ("  eit_code: xgitdi\n  eit_url: https://itas.nacc.go.th/go/eit/xgitdi\n", "both set"),
    ],
)
def test_links_that_cannot_work_are_errors_naming_the_line(site, lines, needle):
    _ita(site, lines)
    with pytest.raises(ItagenError) as caught:
        load_config(site.root)
    [problem] = caught.value.problems
    assert (
        needle in str(problem)
        and problem.path == "site.yaml"
        and problem.line in (EIT_LINE, EIT_LINE + 1)
    )


def test_the_staff_survey_as_the_eit_link_is_refused(site, tmp_path):
    # The public poster and the O43 QR code would send citizens to the IIT (staff) survey.
    _ita(site, "  eit_url: https://itas.nacc.go.th/go/iit/xgitdi\n", silence="eit-kind")
    _config, problems = load_config(site.root)
    [kind] = [p for p in problems if p.rule == "eit-kind"]
    assert kind.is_error and kind.line == EIT_LINE and "IIT" in kind.message
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    assert any(p.rule == "eit-kind" for p in caught.value.problems)
    assert not (tmp_path / "out").exists()


def test_a_missing_eit_link_warns_in_build_and_is_an_error_for_check(site, tmp_path):
    _ita(site, "")
    result = build(site.root, tmp_path / "out")
    [missing] = [w for w in result.warnings if w.rule == "eit-missing"]
    assert missing.severity == "warning" and missing.line == ITA_LINE and "O43" in missing.message
    assert soup(result.out_dir / "2566/index.html").select_one("section.eit") is None
    poster = soup(result.out_dir / "eit/index.html")
    assert poster.select_one("svg") is None and "ยังไม่ได้กำหนดลิงก์" in poster.get_text()
    config, _ = load_config(site.root)
    assert [(p.rule, p.severity) for p in survey_problems(config)] == [("eit-missing", "error")]
    # A site may silence the build's warning; check still reports the error.
    _ita(site, "", silence="eit-missing")
    config, warnings = load_config(site.root)
    assert not warnings
    assert [p.rule for p in survey_problems(config)] == ["eit-missing"]
    assert [p.rule for p in survey_problems(config, missing="warning")] == []


def test_iit_poster_and_link_only_when_configured(site, tmp_path):
    out = build(site.root, tmp_path / "a").out_dir
    assert (out / "eit/index.html").is_file() and not (out / "iit").exists()
    assert soup(out / "2566/index.html").select_one("a.iit-url") is None
    _ita(site, "  eit_code: xgitdi\n  iit_url: https://itas.nacc.go.th/go/iit/xgitdi\n")
    out = build(site.root, tmp_path / "b").out_dir
    page = soup(out / "2566/index.html")
    assert page.select_one("a.iit-url")["href"] == "https://itas.nacc.go.th/go/iit/xgitdi"
    assert page.select_one('a[href="../iit/index.html"]') is not None
    iit = soup(out / "iit/index.html")
    assert iit.select_one("a.poster-qr")["href"] == "https://itas.nacc.go.th/go/iit/xgitdi"
    assert "(IIT)" in iit.select_one("h1").get_text() and "บุคลากร" in iit.get_text()


def test_survey_reads_the_code_only_from_nacc_links():
    assert Survey("eit", "https://itas.nacc.go.th/go/eit/u4gpi2/").code == "u4gpi2"
    assert Survey("eit", "https://example.go.th/go/eit/u4gpi2").code is None
    assert Survey("eit", "https://example.go.th/go/eit/u4gpi2").host == "example.go.th"
    assert Survey("eit", None).code is None and Survey("iit", None).title.endswith("ภายใน (IIT)")
