"""The FY2566 catalog: exactly O1–O43 under 9.1–10.2 with the seed's titles; the loader's errors."""

from __future__ import annotations

import pytest

from itagen.catalog.load import builtin_years, load_catalog, parse_catalog
from itagen.errors import ItagenError

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

# From seed 003 (the FY2566 criteria table), as listed in ITA-FACTS.md §2.3.
SEED_2566 = {
    "9.1": [
        "โครงสร้าง",
        "ข้อมูลผู้บริหาร",
        "อำนาจหน้าที่",
        "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน",
        "ข้อมูลการติดต่อ",
        "กฎหมายที่เกี่ยวข้อง",
        "ข่าวประชาสัมพันธ์",
        "Q&A",
        "Social Network",
        "นโยบายคุ้มครองข้อมูลส่วนบุคคล",
    ],
    "9.2": [
        "แผนดำเนินงานและการใช้งบประมาณประจำปี",
        "รายงานการกำกับติดตามการดำเนินงานและการใช้งบประมาณประจำปี รอบ 6 เดือน",
        "รายงานผลการดำเนินงานประจำปี",
        "คู่มือหรือมาตรฐานการปฏิบัติงาน",
        "คู่มือหรือมาตรฐานการให้บริการ",
        "ข้อมูลเชิงสถิติการให้บริการ",
        "รายงานผลการสำรวจความพึงพอใจการให้บริการ",
        "E-Service",
    ],
    "9.3": [
        "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ",
        "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ",
        "สรุปผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุรายเดือน",
        "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี",
    ],
    "9.4": [
        "นโยบายหรือแผนการบริหารทรัพยากรบุคคล",
        "การดำเนินการตามนโยบายหรือแผนการบริหารทรัพยากรบุคคล",
        "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
        "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคลประจำปี",
    ],
    "9.5": [
        "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "การเปิดโอกาสให้เกิดการมีส่วนร่วม",
    ],
    "10.1": [
        "ประกาศเจตนารมณ์นโยบาย No Gift Policy จากการปฏิบัติหน้าที่",
        "การสร้างวัฒนธรรม No Gift Policy",
        "รายงานผลตามนโยบาย No Gift Policy",
        "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี",
        "การดำเนินการเพื่อจัดการความเสี่ยงการทุจริตและประพฤติมิชอบ",
        "แผนปฏิบัติการป้องกันการทุจริต",
        "รายงานการกำกับติดตามการดำเนินการป้องกันการทุจริตประจำปี รอบ 6 เดือน",
        "รายงานผลการดำเนินการป้องกันการทุจริตประจำปี",
    ],
    "10.2": [
        "ประมวลจริยธรรมสำหรับเจ้าหน้าที่ของรัฐ",
        "การขับเคลื่อนจริยธรรม",
        "การประเมินจริยธรรมเจ้าหน้าที่ของรัฐ",
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ],
}


def test_2566_has_exactly_o1_to_o43_under_the_seed_sub_indicators_and_titles():
    cat = load_catalog(2566)
    assert [i.code for i in cat.items] == [f"O{n}" for n in range(1, 44)]
    assert list(cat.subindicators) == list(SEED_2566)
    n = 0
    for sub, titles in SEED_2566.items():
        items = cat.subindicators[sub].items
        assert [i.title for i in items] == titles, sub
        for item in items:
            n += 1
            assert item.code == f"O{n}" and item.subindicator == sub
    assert [i.number for i in cat.indicators] == [9, 10]
    assert [s.number for s in cat.indicators[0].subindicators] == [
        "9.1",
        "9.2",
        "9.3",
        "9.4",
        "9.5",
    ]


def test_2566_headings_components_and_periods_follow_the_criteria():
    cat = load_catalog(2566)
    sub91 = cat.subindicators["9.1"]
    assert [h.title for h in sub91.headings] == ["ข้อมูลพื้นฐาน", "การประชาสัมพันธ์", "การปฏิสัมพันธ์ข้อมูล"]
    by = cat.by_code
    assert all(item.components for item in cat.items), "every item lists its required components"
    assert by["O21"].monthly and by["O21"].period == "first_half"
    assert by["O13"].period == "previous_year" and by["O7"].period == "current_year"
    assert by["O4"].period == "in_force"
    text = "".join(c for item in cat.items for c in item.components + (item.title,))
    assert "\u0e4d\u0e32" not in text and "๐" not in "".join(i.code for i in cat.items)


def test_every_builtin_catalog_validates_with_unique_codes_and_keys():
    for year in builtin_years():
        cat = load_catalog(year)
        assert cat.year == year
        keys = [i.key for i in cat.items]
        assert len(set(keys)) == len(keys)


def test_the_same_concept_keeps_its_key_while_its_code_changes():
    if 2564 not in builtin_years():
        pytest.skip("no FY2564 catalog shipped")
    old, new = load_catalog(2564), load_catalog(2566)
    assert old.by_code["O10"].key == new.by_code["O11"].key
    new_keys = {i.key for i in new.items}
    old_keys = {i.key for i in old.items}
    assert {old.by_code[c].key for c in ("O32", "O34", "O35", "O38")}.isdisjoint(new_keys)
    assert {
        new.by_code[c].key for c in ("O10", "O31", "O32", "O33", "O39", "O40", "O41")
    }.isdisjoint(old_keys)


def test_a_bad_catalog_file_names_the_line_and_key():
    text = (
        "year: 2599\ntitle: test\nindicators:\n  - number: 9\n    title: x\n    subindicators:\n"
        "      - number: '9.1'\n        title: y\n        headings:\n          - title: z\n"
        "            items:\n"
        "              - key: a\n                code: O1\n                title: t\n"
        "                perod: none\n"
    )
    with pytest.raises(ItagenError) as err:
        parse_catalog(text, "catalogs/2599.yaml")
    problem = err.value.problems[0]
    assert problem.path == "catalogs/2599.yaml" and problem.line == 15
    assert "perod" in problem.message and "period" in (problem.hint or "")


def test_duplicate_codes_in_a_catalog_are_refused():
    item = "              - key: {k}\n                code: O1\n                title: t\n"
    text = (
        "year: 2599\ntitle: test\nindicators:\n  - number: 9\n    title: x\n    subindicators:\n"
        "      - number: '9.1'\n        title: y\n        headings:\n          - title: z\n"
        "            items:\n" + item.format(k="a") + item.format(k="b")
    )
    with pytest.raises(ItagenError, match="O1 appears twice"):
        parse_catalog(text, "catalogs/2599.yaml")


def test_unknown_year_lists_the_years_there_are():
    with pytest.raises(ItagenError) as err:
        load_catalog(2599)
    assert "2566" in err.value.problems[0].hint
