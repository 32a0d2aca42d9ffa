"""itagen catalog import: the NACC criteria table (CSV UTF-8/cp874, XLSX; pasted or plain)."""

from __future__ import annotations

import csv
import io
import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from itagen.catalog.importer import import_table, infer_period
from itagen.catalog.load import load_catalog
from itagen.catalog.table import (
    decode,
    item_code,
    parse_table,
    read_rows,
    read_table,
    split_components,
)
from itagen.cli import main
from itagen.errors import ItagenError
from tests.conftest import REPO, SiteMaker

FIXTURES = REPO / "tests" / "fixtures" / "criteria"
PASTED = FIXTURES / "oit_2568_pasted.csv"
PLAIN = FIXTURES / "oit_plain.csv"


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    """These tests read itagen's words in English (the Thai is tested where it matters)."""
    monkeypatch.setenv("ITAGEN_LANG", "en")


@pytest.fixture
def site(tmp_path):
    return SiteMaker(tmp_path / "site")


def _shape(catalog):
    """What a catalog says, without where it was read from."""
    return [
        (
            i.key,
            i.code,
            i.title,
            i.components,
            i.period,
            i.monthly,
            i.subindicator,
            i.heading,
            i.merges,
        )
        for i in catalog.items
    ]


def test_the_pasted_table_becomes_a_26_item_catalog_with_new_sub_indicators(site, capsys):
    assert main(["catalog", "import", str(PASTED), "--year", "2568", str(site.root)]) == 0
    out = capsys.readouterr().out
    cat = load_catalog(2568, site.root)
    assert cat.status == "unverified" and len(cat.items) == 26
    assert [i.code for i in cat.items] == [f"O{n}" for n in range(1, 27)]
    assert list(cat.subindicators) == ["9.1", "9.2", "9.3", "9.4", "9.5", "10.1", "10.2"]
    assert cat.subindicators["10.1"].title == "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน"
    assert [h.title for h in cat.subindicators["9.1"].headings] == [
        "ข้อมูลพื้นฐาน",
        "การประชาสัมพันธ์",
        "การปฏิสัมพันธ์ข้อมูล",
    ]
    # "๐1", "0 2", "O 3" and "๐๔" are O1–O4; a line without a dash continues the component above.
    assert cat.by_code["O4"].title == "ข่าวประชาสัมพันธ์"
    assert cat.by_code["O1"].components == (
        "แสดงแผนผังโครงสร้างการแบ่งส่วนราชการของหน่วยงาน",
        "แสดงอำนาจหน้าที่ของหน่วยงาน ตามที่กฎหมายกำหนด",
    )
    assert {c: cat.by_code[c].period for c in ("O4", "O6", "O7", "O11", "O13", "O5")} == {
        "O4": "current_year",
        "O6": "in_force",
        "O7": "previous_year",
        "O11": "first_half",
        "O13": "previous_year",
        "O5": "none",
    }
    assert cat.by_code["O12"].monthly
    # Keys follow the items across the restructure: merged, renumbered, new.
    assert (cat.by_code["O1"].key, cat.by_code["O1"].merges) == ("structure", ("authority",))
    assert (cat.by_code["O16"].key, cat.by_code["O16"].merges) == ("ethics_code", ("ethics_drive",))
    o21 = cat.by_code["O21"]
    assert (o21.key, o21.merges) == ("no_gift_announcement", ("no_gift_culture",))
    assert cat.by_code["O3"].key == "contact" and cat.by_code["O10"].key == "e_service"
    assert cat.by_code["O10"].live_link  # carried from 2567's E-Service
    assert cat.by_code["O22"].key == "item_2568_o22"
    assert any(
        line.split()
        == ["merged", "items", "O1", "+", "O3", "→", "O1", "structure", "โครงสร้างและอำนาจหน้าที่"]
        for line in out.splitlines()
    )
    assert "dropped" in out and "privacy_policy" in out
    text = (site.root / "catalogs/2568.yaml").read_text(encoding="utf-8")
    assert "# check: O22 is new" in text and "# check: period first_half from" in text


def _rows_of(path):
    return read_rows(path)


def test_cp874_and_xlsx_give_the_same_catalog_as_utf8(site, tmp_path):
    import openpyxl

    import_table(PASTED, 2568, site.root)
    expected = _shape(load_catalog(2568, site.root))
    rows = _rows_of(PASTED)
    text = PASTED.read_text(encoding="utf-8-sig")
    thai = tmp_path / "table-cp874.csv"
    thai.write_bytes(text.encode("cp874"))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    xlsx = tmp_path / "table.xlsx"
    book.save(xlsx)
    for source in (thai, xlsx):
        other = SiteMaker(tmp_path / source.stem)
        import_table(source, 2568, other.root)
        assert _shape(load_catalog(2568, other.root)) == expected, source.name


def test_the_plain_layout_with_a_new_sub_indicator_and_other_codes(site):
    result = import_table(PLAIN, 2570, site.root)
    cat = load_catalog(2570, site.root)
    assert result.table.layout == "plain"
    assert list(cat.subindicators) == ["9.1", "9.2", "10.1", "10.3"]
    assert cat.subindicators["10.3"].title == "การดำเนินการเพื่อป้องกันการทุจริตในประเด็นสินบน"
    assert [i.code for i in cat.items] == ["O1", "O2", "O3", "O4", "O5", "O6", "O7"]
    assert cat.by_code["O2"].components == ("ที่อยู่", "หมายเลขโทรศัพท์")
    assert cat.by_code["O7"].key == "gift_report"  # the key column is taken as written


@pytest.mark.parametrize(
    "rows, row, words",
    [
        ([["๐1", "โครงสร้าง", "- แผนผัง"]], 1, "before any sub-indicator"),
        (
            [["ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"], ["O1", "โครงสร้าง", ""], [], ["0 1", "อำนาจ", ""]],
            4,
            "twice",
        ),
        ([["ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน"], ["O1", "", "- แผนผัง"]], 2, "no title"),
    ],
)
def test_errors_name_the_file_and_row(site, tmp_path, rows, row, words):
    table = tmp_path / "bad.csv"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(ItagenError) as exc:
        import_table(table, 2568, site.root)
    problem = exc.value.problems[0]
    assert (problem.path, problem.line) == ("bad.csv", row) and words in problem.message
    assert not (site.root / "catalogs").exists()


def test_xlsx_without_openpyxl_says_how_to_install_it(tmp_path, monkeypatch):
    (tmp_path / "t.xlsx").write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(ItagenError) as exc:
        read_table(tmp_path / "t.xlsx")
    assert 'itagen[xlsx]' in exc.value.problems[0].hint


def test_an_existing_catalog_is_kept_without_force(site, capsys):
    site.write("catalogs/2568.yaml", "year: 2568\n")
    assert main(["catalog", "import", str(PASTED), "--year", "2568", str(site.root)]) == 1
    assert (site.root / "catalogs/2568.yaml").read_text(encoding="utf-8") == "year: 2568\n"
    args = ["catalog", "import", "--force", str(PASTED), str(site.root), "--year", "2568"]
    assert main(args) == 0


def test_catalog_new_copies_a_year_forward_and_the_listing_marks_it(site, capsys):
    assert main(["catalog", "new", "2570", "--from", "2567", str(site.root)]) == 0
    new, base = load_catalog(2570, site.root), load_catalog(2567)
    assert new.status == "unverified" and len(new.items) == len(base.items)
    assert [i.key for i in new.items] == [i.key for i in base.items]
    assert "2570" in new.title and "2567" not in new.title
    assert main(["catalog", "--site", str(site.root)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith("2570  43") and "unverified" in line and "own" in line for line in listing
    )
    assert any(line.startswith("2566  43") and "unverified" not in line for line in listing)


def test_periods_are_read_from_the_criteria_words():
    report = ["เป็นรายงานผลของปีงบประมาณ พ.ศ. ๒๕๖๙"]
    assert infer_period("รายงานผล", report, 2570)[0] == "previous_year"
    assert infer_period("แผน", ["มีผลบังคับใช้ครอบคลุมปี พ.ศ. 2570"], 2570)[0] == "in_force"
    assert infer_period("สรุปผล", ["ข้อมูลรายเดือน"], 2570)[:2] == ("current_year", True)
    assert infer_period("กฎหมาย", ["พ.ร.บ. พ.ศ. 2537"], 2570)[0] == "none"


@pytest.mark.parametrize(
    "cell, code",
    [
        ("๐1", "O1"),
        ("0 1", "O1"),
        ("O 1", "O1"),
        ("o๒๓", "O23"),
        ("O10.", "O10"),
        ("12", "O12"),
        ("ข้อ", None),
        ("2568", None),
        ("", None),
        ("O0", None),
    ],
)
def test_item_codes_with_ocr_noise(cell, code):
    assert item_code(cell) == code


@given(st.text(max_size=12))
def test_item_code_never_fails(text):
    code = item_code(text)
    assert code is None or (code[0] == "O" and code[1:].isdigit() and 1 <= int(code[1:]) <= 99)


@given(
    st.lists(
        st.text(alphabet="กขคง abc", min_size=1, max_size=12).filter(lambda s: s.strip()),
        min_size=1,
        max_size=5,
    )
)
def test_components_split_back_into_the_runs_they_were(parts):
    parts = [" ".join(p.split()) for p in parts]
    assert split_components("\n".join(f"- {p}" for p in parts)) == parts


@given(st.text(alphabet="ข้อมูลพื้นฐาน O1,-\n\"", max_size=60))
@example("้ขฐ")  # its cp874 bytes are valid UTF-8 (U+9830): found by this test
def test_thai_text_survives_cp874_and_utf8_bom(text):
    assert decode(text.encode("cp874")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_xlsx_codes_typed_as_numbers_and_merged_heading_cells(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน", None, None],
        ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล"],
        [1, "โครงสร้าง", "- แผนผัง"],
        [2.0, "ผู้บริหาร", None],
    ):
        sheet.append(row)
    sheet.merge_cells("A1:C1")
    book.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx")
    assert [s.number for s in table.subs] == ["9.1"]
    assert [(i.code, i.title, i.components) for i in table.items] == [
        ("O1", "โครงสร้าง", ["แผนผัง"]),
        ("O2", "ผู้บริหาร", []),
    ]


CELLS = st.sampled_from(
    [
        "",
        "ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน",
        "ตัวชี้วัดย่อยที่ ๑๐.๒ สินบน",
        "ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล",
        "ข้อ",
        "ข้อมูล",
        "องค์ประกอบด้านข้อมูล",
        "ตัวชี้วัดย่อย",
        "หัวข้อ",
        "๐1",
        "0 2",
        "O 3",
        "O99",
        "O100",
        "โครงสร้าง",
        "- แผนผัง\n- อำนาจ",
        "ต่อ\nบรรทัด",
        "9.1",
        "10.3 สินบน",
        "x",
    ]
)


@given(st.lists(st.lists(CELLS, max_size=5), max_size=12))
def test_any_table_gives_a_table_or_an_error_with_its_row(rows):
    try:
        table = parse_table(rows, "t.csv")
    except ItagenError as exc:
        problem = exc.problems[0]
        assert problem.path == "t.csv"
        assert problem.line is None or 1 <= problem.line <= len(rows)
        return
    assert table.items and all(i.code.startswith("O") and i.title for i in table.items)
