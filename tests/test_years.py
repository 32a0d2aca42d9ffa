"""Every assessment year: the shipped catalogs, stable keys across years, catalogs that extend
another year (built-in and a site's own), and the year switcher of a site with several years."""

from __future__ import annotations

import re
import textwrap

import pytest

from itagen.build import build, load_site
from itagen.catalog.load import BUILTIN_DIR, builtin_years, load_catalog, parse_catalog
from itagen.cli import main
from itagen.errors import ItagenError

from .htmlcheck import soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

CATALOG_2566_TEXT = (BUILTIN_DIR / "2566.yaml").read_text(encoding="utf-8")


def codes(first: int, last: int) -> list[str]:
    return [f"O{n}" for n in range(first, last + 1)]


# ITA-FACTS.md §2.4, read as "2564 code → 2566 code" (None: no counterpart in 2566).
CHANGE_2564_2566 = {
    **{c: c for c in codes(1, 9)},
    "O10": "O11",
    "O11": "O12",
    "O12": "O13",  # plan and reports: merged with …
    "O18": None,
    "O19": None,
    "O20": None,  # … the budget ones, which go
    **dict(zip(codes(13, 17), codes(14, 18))),  # renumbered +1
    **dict(zip(codes(21, 24), codes(19, 22))),  # procurement −2
    **dict(zip(codes(25, 28), codes(23, 26))),  # HR
    **dict(zip(codes(29, 31), codes(27, 29))),  # complaints
    "O32": None,
    "O33": "O30",
    "O34": None,
    "O35": None,  # removed / renumbered
    "O36": "O34",
    "O37": "O35",
    "O38": None,
    **dict(zip(codes(39, 41), codes(36, 38))),
    "O42": "O42",
    "O43": "O43",
}
NEW_IN_2566 = {"O10", "O31", "O32", "O33", "O39", "O40", "O41"}


def test_every_shipped_catalog_validates_and_2565_2567_are_marked_unverified():
    years = builtin_years()
    assert {2564, 2565, 2566, 2567} <= set(years) and 2568 not in years
    for year in years:
        cat = load_catalog(year)
        assert cat.year == year and len(cat.items) == 43
        keys = [i.key for i in cat.items]
        assert len(set(keys)) == len(keys), year
        assert [i.code for i in cat.items] == codes(1, 43)
    assert load_catalog(2565).status == load_catalog(2567).status == "unverified"
    assert load_catalog(2565).extends == 2564 and load_catalog(2567).extends == 2566


def test_keys_are_stable_across_years():
    c64, c65, c66, c67 = (load_catalog(y) for y in (2564, 2565, 2566, 2567))
    # A year that follows another keeps every key at the same code.
    assert [(i.key, i.code, i.subindicator, i.period) for i in c65.items] == [
        (i.key, i.code, i.subindicator, i.period) for i in c64.items
    ]
    assert [
        (i.key, i.code, i.subindicator, i.heading, i.period, i.monthly, i.live_link)
        for i in c67.items
    ] == [
        (i.key, i.code, i.subindicator, i.heading, i.period, i.monthly, i.live_link)
        for i in c66.items
    ]
    # An item that kept its title from 2564 to 2566 kept its key, whatever its code.
    new_by_title = {i.title: i for i in c66.items}
    for old in c64.items:
        if old.title in new_by_title:
            assert new_by_title[old.title].key == old.key, old.title


def test_the_2564_to_2566_key_mapping_reproduces_the_change_table():
    old, new = load_catalog(2564), load_catalog(2566)
    new_code = {i.key: i.code for i in new.items}
    mapping = {i.code: new_code.get(i.key) for i in old.items}
    assert mapping == CHANGE_2564_2566
    old_keys = {i.key for i in old.items}
    assert {i.code for i in new.items if i.key not in old_keys} == NEW_IN_2566
    changed = [c for c in codes(1, 43) if old.by_code[c].key != new.by_code[c].key]
    assert len(changed) == 32  # "32 of the 43 codes changed meaning"


def test_merges_record_which_earlier_items_an_item_now_covers(site):
    """2566's O11–O13 took over 2564's separate budget items (ITA-FACTS.md §2.4); an extension may
    add more."""
    c66 = load_catalog(2566)
    assert {i.code: i.merges for i in c66.items if i.merges} == {
        "O11": ("budget_spending_plan",),
        "O12": ("budget_monitoring_6m",),
        "O13": ("budget_annual_report",),
    }
    old_keys = {i.key for i in load_catalog(2564).items}
    assert all(key in old_keys for i in c66.items for key in i.merges)
    site.write(
        "catalogs/2568.yaml",
        "year: 2568\nextends: 2567\nremove: [qa]\nitems:\n  social_network:\n    merges: [qa]\n",
    )
    assert load_catalog(2568, site.root).by_code["O9"].merges == ("qa",)
    with pytest.raises(ItagenError) as err:
        parse_catalog(
            CATALOG_2566_TEXT.replace(
                "        merges: [budget_monitoring_6m]", "        merges: [budget_spending_plan]"
            ),
            "catalogs/2566.yaml",
        )
    assert "merged twice" in err.value.problems[0].message and err.value.problems[0].line


def test_2567_moves_every_period_text_on_one_year_and_leaves_law_years():
    c66, c67 = load_catalog(2566), load_catalog(2567)
    assert c67.title.endswith("พ.ศ. 2567")

    def shift(text):
        return text and re.sub(r"256[56]", lambda m: str(int(m.group()) + 1), text)

    for a, b in zip(c66.items, c67.items):
        assert list(b.components) == [shift(c) for c in a.components], a.code
        assert (b.title, b.note, b.nothing_statement) == (
            shift(a.title),
            shift(a.note),
            shift(a.nothing_statement),
        )
    assert c67.by_code["O31"].note.endswith("ดำรงตำแหน่งในปี พ.ศ. 2567")
    o19 = c67.by_code["O19"].components
    assert "พ.ศ. 2560" in o19[0] and "ปี พ.ศ. 2567" in o19[-1]
    assert c67.period_text(c67.by_code["O13"]) == "รายงานของปี พ.ศ. 2566"
    assert any(
        c.endswith("ในปี พ.ศ. 2566") for c in c67.by_code["O42"].components
    )  # analysis of ITA 2566


def test_2565_follows_2564_with_the_observed_o29_wording():
    c64, c65 = load_catalog(2564), load_catalog(2565)
    assert c65.by_code["O29"].title == "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert c65.by_code["O42"].components[-1].endswith("ในปี พ.ศ. 2564")
    same = [i.code for i in c65.items if i.title == c64.by_code[i.code].title]
    assert len(same) == 42


def test_itagen_catalog_shows_the_unverified_mark(capsys, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    assert main(["catalog"]) == 0
    listing = capsys.readouterr().out
    marks = r"\s+\(unverified catalog\)\s+\(built-in catalog\)$"
    assert re.search(r"^2567\s+43 OIT items" + marks, listing, re.MULTILINE)
    assert re.search(r"^2566\s+43 OIT items\s+\(built-in catalog\)$", listing, re.MULTILINE)
    assert main(["catalog", "2567"]) == 0
    out = capsys.readouterr().out
    assert "UNVERIFIED" in out.splitlines()[0] and "[ข้อมูลของปี พ.ศ. 2567]" in out


# A site's own catalog for a fictional year: 2566 with one item renamed and one removed.
OWN_2599 = """\
year: 2599
extends: 2566
status: verified
source: test
shift_years: true
items:
  privacy_policy:
    title: นโยบายคุ้มครองข้อมูลส่วนบุคคลและคุกกี้
remove: [ethics_assessment]
"""


def test_a_site_catalog_for_a_fictional_year_builds_and_checks(site, tmp_path):
    site.write("catalogs/2599.yaml", OWN_2599)
    site.write(
        "site.yaml", (site.root / "site.yaml").read_text(encoding="utf-8").replace("2566", "2599")
    )
    site.item(
        "9.1",
        "O10",
        "documents:\n  - title: นโยบาย\n    url: https://example.org/privacy\n",
        year=2599,
    )
    cat = load_catalog(2599, site.root)
    assert cat.path == "catalogs/2599.yaml" and cat.extends == 2566 and cat.status == "verified"
    assert (
        "O41" not in cat.by_code
        and len(cat.items) == 42
        and cat.by_code["O42"].key == "integrity_measures"
    )
    assert cat.by_code["O7"].components[-1].endswith("ปี พ.ศ. 2599")  # shift_years: 2566 → 2599
    out = tmp_path / "out"
    build(site.root, out)
    page = soup(out / "2599" / "o10" / "index.html")
    assert "นโยบายคุ้มครองข้อมูลส่วนบุคคลและคุกกี้" in page.find("h1").get_text()
    assert not (out / "2599" / "o41").exists() and (out / "2599" / "o42" / "index.html").is_file()
    year = soup(out / "2599" / "index.html")
    assert {a["href"] for a in year.select("a[href$='o41/index.html']")} == set()
    view, _ = load_site(site.root)
    assert [i.status for i in view.by_year[2599].items if i.code == "O10"] == ["ok"]
    check = pytest.importorskip("itagen.commands.check")
    report = check.run_check(site.root, 2599)
    results = {i.code: i.status for s in report.subindicators for i in s.items}
    assert len(results) == 42 and "O41" not in results
    assert results["O10"] != "missing"
    assert {c for c, s in results.items() if s == "missing"} == {i.code for i in cat.items} - {
        "O10"
    }


def test_a_site_catalog_may_override_the_same_year_it_extends(site):
    site.write(
        "catalogs/2566.yaml",
        "year: 2566\nextends: 2566\nstatus: verified\n"
        "items:\n  structure:\n    title: โครงสร้างองค์กร\n",
    )
    cat = load_catalog(2566, site.root)
    assert cat.by_code["O1"].title == "โครงสร้างองค์กร" and cat.by_code["O2"].title == "ข้อมูลผู้บริหาร"
    assert load_catalog(2566).by_code["O1"].title == "โครงสร้าง"  # the built-in is untouched


def test_add_places_items_and_renumber_renumbers():
    cat = parse_catalog(
        textwrap.dedent("""\
        year: 2598
        extends: 2566
        renumber: true
        remove: [qa]
        add:
          - key: cookie_policy
            after: privacy_policy
            title: นโยบายคุกกี้
          - key: bribery_risk
            subindicator: '10.1'
            heading: การป้องกันสินบน
            title: การประเมินความเสี่ยงการให้หรือรับสินบน
            period: current_year
        """),
        "catalogs/2598.yaml",
    )
    assert [i.code for i in cat.items] == codes(1, 44)
    assert [i.key for i in cat.items][7:10] == ["social_network", "privacy_policy", "cookie_policy"]
    added = cat.by_code["O39"]
    assert (added.key, added.heading, added.subindicator) == (
        "bribery_risk",
        "การป้องกันสินบน",
        "10.1",
    )
    assert cat.status == "unverified"  # not inherited from 2566


def test_chains_renames_and_cleared_fields(site):
    site.write(
        "catalogs/2568.yaml",
        textwrap.dedent("""\
        year: 2568
        extends: 2567
        shift_years: true
        headings: {การประชาสัมพันธ์: ข่าวสาร}
        subindicators: {'9.3': {title: การจัดซื้อจัดจ้างและพัสดุ}}
        items:
          structure: {note: null}
        """),
    )
    cat = load_catalog(2568, site.root)
    assert cat.extends == 2567 and cat.title.endswith("พ.ศ. 2568")
    assert cat.by_code["O13"].components[-1] == "เป็นรายงานผลของปี พ.ศ. 2567"
    assert (
        cat.by_code["O7"].heading == "ข่าวสาร"
        and cat.subindicators["9.3"].title == "การจัดซื้อจัดจ้างและพัสดุ"
    )
    assert cat.by_code["O1"].note is None and cat.by_code["O2"].note


@pytest.mark.parametrize(
    "body, line, message, hint",
    [
        (
            "items:\n  privacy_polcy:\n    title: x\n",
            4,
            "no item key 'privacy_polcy'",
            "privacy_policy",
        ),
        ("items:\n  structure:\n    titel: x\n", 5, "unknown key 'items.structure.titel'", "title"),
        ("remove: [structure, authorty]\n", 3, "no item key 'authorty'", "authority"),
        ("shift_year: true\n", 3, "unknown key 'shift_year'", "shift_years"),
        ("items:\n  qa:\n    title:\n", 5, "'items.qa.title' cannot be empty", None),
        ("items:\n  qa:\n    period: yearly\n", 5, "'items.qa.period'", None),
        (
            "add:\n  - key: qa\n    after: structure\n    code: O44\n    title: x\n",
            4,
            "already has an item 'qa'",
            None,
        ),
        (
            "add:\n  - key: extra\n    after: structure\n    code: O2\n    title: x\n",
            6,
            "'extra' and 'executives' both have the code O2",
            None,
        ),
        ("add:\n  - key: extra\n    code: O44\n    title: x\n", 4, "say where 'extra' goes", None),
        (
            "add:\n  - key: extra\n    subindicator: '9.9'\n    code: O44\n    title: x\n",
            5,
            "no sub-indicator '9.9'",
            "9.5",
        ),
        (
            "items:\n  qa:\n    merges: [structure]\n",
            5,
            "merges 'structure', which is still an item",
            None,
        ),
        ("items:\n  qa:\n    merges: [Not-A-Key]\n", 5, "'items.qa.merges", None),
        (
            "add:\n  - key: budget_spending_plan\n    after: structure\n    code: O44\n"
            "    title: x\n",
            4,
            "'budget_spending_plan' is added back, but 'annual_plan_budget' still merges it",
            "merges: []",
        ),
    ],
)
def test_extension_mistakes_name_the_line_and_the_nearest_name(body, line, message, hint):
    text = "year: 2598\nextends: 2566\n" + body
    with pytest.raises(ItagenError) as err:
        parse_catalog(text, "catalogs/2598.yaml")
    problem = err.value.problems[0]
    assert problem.path == "catalogs/2598.yaml" and problem.line == line, problem
    assert message in problem.message
    if hint:
        assert hint in (problem.hint or "")


def test_extends_of_a_missing_year_or_a_loop_is_refused(site, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    site.write("catalogs/2598.yaml", "year: 2598\nextends: 2597\n")
    with pytest.raises(ItagenError) as err:
        load_catalog(2598, site.root)
    assert err.value.problems[0].path == "catalogs/2598.yaml" and err.value.problems[0].line == 2
    assert "no catalog for the year 2597" in err.value.problems[0].message
    site.write("catalogs/2597.yaml", "year: 2597\nextends: 2598\n")
    with pytest.raises(ItagenError, match="loop: 2598 → 2597 → 2598"):
        load_catalog(2598, site.root)


def test_a_two_year_site_switches_between_years(site, tmp_path):
    site.write(
        "site.yaml",
        (site.root / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("current_year: 2566", "current_year: 2567"),
    )
    site.item(
        "9.1", "O1", "documents:\n  - title: แผนผัง\n    url: https://example.org/o1\n", year=2567
    )
    out = tmp_path / "out"
    build(site.root, out)
    home = soup(out / "index.html")
    refresh = home.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.removeprefix("0; url=").removeprefix("./") == "2567/index.html"
    assert [a["href"].removeprefix("./") for a in home.select("ul.archive a")] == [
        "2567/index.html",
        "2566/index.html",
    ]
    for year, other in ((2566, 2567), (2567, 2566)):
        nav = soup(out / str(year) / "index.html").select_one("nav.years")
        links = {a["href"]: a for a in nav.find_all("a")}
        assert set(links) == {"../2566/index.html", "../2567/index.html"}
        assert links[f"../{year}/index.html"].get("aria-current") == "page"
        assert links[f"../{other}/index.html"].get("aria-current") is None
    item_nav = soup(out / "2566" / "o1" / "index.html").select_one("nav.years")
    assert {a["href"] for a in item_nav.find_all("a")} == {
        "../../2566/index.html",
        "../../2567/index.html",
    }
