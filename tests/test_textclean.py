"""Tests for itagen.thai.text: seed defects, item codes, slugs, and properties."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from itagen.thai.text import Repair, clean_text, find_repairs, normalize_code, slugify

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
NIKHAHIT, SARA_AA, SARA_AM, SARA_U = "\u0e4d", "\u0e32", "\u0e33", "\u0e38"
MAI_EK, MAI_THO = "\u0e48", "\u0e49"

# ---------------------------------------------------------------- clean_text

CLEAN = [
    # input, expected  # why
    ("กําหนด", "กำหนด"),  # seed 001, PDF extraction
    ("ผลการดําเนินงาน", "ผลการดำเนินงาน"),  # seed 001
    ("ประจําปี", "ประจำปี"),  # seed 001
    ("น" + MAI_THO + NIKHAHIT + SARA_AA, "น้ำ"),  # tone before nikhahit
    ("น" + NIKHAHIT + MAI_THO + SARA_AA, "น้ำ"),  # tone between them
    ("น" + NIKHAHIT + "\u200b" + SARA_AA, "นำ"),  # hidden by a ZWSP
    ("ข้อมูล\u200bพื้นฐาน", "ข้อมูลพื้นฐาน"),  # zero-width space
    ("\ufeffหัวข้อ", "หัวข้อ"),  # BOM
    ("ประ\u00adชา\u00adสัมพันธ์", "ประชาสัมพันธ์"),  # soft hyphens
    ("O1\u2060โครงสร้าง", "O1โครงสร้าง"),  # word joiner
    ("บรรทัด\r\nใหม่\rอีก", "บรรทัด\nใหม่\nอีก"),  # CRLF and CR
    ("ก" + MAI_EK + SARA_U, "ก" + SARA_U + MAI_EK),  # NFC mark order
    ("e\u0301", "\u00e9"),  # NFC composition
    ("a\u200db\u200cc", "a\u200db\u200cc"),  # ZWJ/ZWNJ kept
    ("สํ", "สํ"),  # lone nikhahit (Pali) kept
    ("กำหนด น้ำ ประจำปี", "กำหนด น้ำ ประจำปี"),  # already clean
]


@pytest.mark.parametrize(("text", "expected"), CLEAN, ids=[repr(t) for t, _ in CLEAN])
def test_clean_text(text, expected):
    assert clean_text(text) == expected
    assert clean_text(expected) == expected


def test_clean_text_fast_path_returns_same_object():
    text = "ข้อมูลพื้นฐาน ของ อบต.เมืองเก่า\n" * 100
    assert clean_text(text) is text


def test_clean_text_repairs_the_seed_documents():
    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        assert NIKHAHIT + SARA_AA not in cleaned, path.name
        assert [r.kind for r in find_repairs(cleaned)] in ([], ["thai-zero-code"]), path.name


# ---------------------------------------------------------------- find_repairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("กําหนด ประจําปี", [Repair("sara-am", 2, "กําหนด ประจําปี")]),
        ("ก\u200bข\u2060ค", [Repair("zero-width", 2, "ก[U+200B]ข[U+2060]ค")]),
        ("\ufeffหัว", [Repair("bom", 1, "[U+FEFF]หัว")]),
        ("ประ\u00adชา", [Repair("soft-hyphen", 1, "ประ[U+00AD]ชา")]),
        ("ก" + MAI_EK + SARA_U + " ข", [Repair("not-nfc", 1, "ก" + MAI_EK + SARA_U)]),
        ("ข้อ ๐1 โครงสร้าง", [Repair("thai-zero-code", 1, "ข้อ ๐1 โครงสร้าง")]),
        ("โทร ๐๘๑ ๒๓๔ ๕๖๗๘ และ 2,๐๐1", []),  # Thai digits are numbers, not codes
        ("กำหนด\r\n", []),  # line ends are repaired silently
        ("", []),
    ],
)
def test_find_repairs(text, expected):
    assert find_repairs(text) == expected


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the seed documents are not beside this checkout ({SEEDS})"
)
def test_find_repairs_on_seeds():
    kinds = {
        p.name: {r.kind: r.count for r in find_repairs(p.read_text(encoding="utf-8"))}
        for p in SEEDS.glob("*.txt")
    }
    assert kinds["001_e9c81b5f5f231603.txt"]["sara-am"] > 10
    assert kinds["003_2241e8c65d04e30e.txt"]["thai-zero-code"] > 10  # "๐1" … "๐43"


def test_repair_is_frozen():
    with pytest.raises(AttributeError):
        Repair("bom", 1, "x").count = 2


# ---------------------------------------------------------------- normalize_code and slugify


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("๐1", "O1"),  # seed 003
        ("๐21", "O21"),  # seed 003
        ("o36", "O36"),  # seed 001
        ("o 21", "O21"),
        ("O๒๑", "O21"),
        ("O๒๐", "O20"),  # a Thai zero after the letter is a digit
        ("๐๒๑", "O21"),
        (" O1\u00a0", "O1"),
        ("O\u200b1", "O1"),
        ("Ｏ１", "O1"),  # fullwidth
        ("O43", "O43"),
        ("X9", "X9"),  # not a code: returned repaired, rejected elsewhere
        ("", ""),
    ],
)
def test_normalize_code(raw, expected):
    assert normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("ข้อมูลพื้นฐาน ของ อบต.", "ข้อมูลพื้นฐาน-ของ-อบต"),
        ("O1 โครงสร้าง (Structure)", "o1-โครงสร้าง-structure"),
        ("กําหนดการ", "กำหนดการ"),
        ("ข้อมูล\u200bพื้นฐาน", "ข้อมูลพื้นฐาน"),
        ("แผนดำเนินงานประจำปี ๒๕๖๖", "แผนดำเนินงานประจำปี-๒๕๖๖"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("!!!", ""),
    ],
)
def test_slugify(heading, slug):
    assert slugify(heading) == slug


# ---------------------------------------------------------------- properties

# Thai consonants, vowels, tone marks, digits and ASCII, without nikhahit or invisibles:
# text webmasters type that needs no repair once in NFC.
_THAI_CLEAN = st.sampled_from(
    [chr(c) for c in range(0x0E01, 0x0E5C) if unicodedata.name(chr(c), "") and c != 0x0E4D]
    + list("abcXYZ0129 .,-()\n")
)
_CLEAN_TEXT = st.lists(_THAI_CLEAN, max_size=60).map(
    lambda cs: unicodedata.normalize("NFC", "".join(cs))
)
# The same, salted with every defect clean_text repairs.
_DIRTY_TEXT = st.lists(
    st.one_of(
        _THAI_CLEAN,
        st.sampled_from(
            [
                NIKHAHIT,
                SARA_AA,
                MAI_EK,
                MAI_THO,
                "\u200b",
                "\ufeff",
                "\u00ad",
                "\u2060",
                "\r",
                "\u0301",
                "e",
                "\u200d",
            ]
        ),
    ),
    max_size=60,
).map("".join)


@given(st.one_of(st.text(), _DIRTY_TEXT))
@example("น" + NIKHAHIT + MAI_THO + SARA_AA)
@example("a\u0301" + NIKHAHIT + MAI_EK + SARA_AA)
@example(NIKHAHIT + "\u200b" + NIKHAHIT + SARA_AA)
def test_clean_text_is_idempotent_and_complete(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\r" not in once and NIKHAHIT + SARA_AA not in once
    assert [r.kind for r in find_repairs(once)] in ([], ["thai-zero-code"])


@given(_CLEAN_TEXT)
def test_clean_text_leaves_clean_text_alone(text):
    assert clean_text(text) == text
    assert [r.kind for r in find_repairs(text)] in ([], ["thai-zero-code"])


@given(st.one_of(st.text(), _DIRTY_TEXT))
@example("\u0300\r\u0e48")  # CR becomes LF, which keeps the marks apart
def test_find_repairs_agrees_with_clean_text(text):
    # Everything clean_text changes is reported (CR line ends excepted), and nothing more.
    repaired = [r for r in find_repairs(text) if r.kind != "thai-zero-code"]
    lf = text.replace("\r\n", "\n").replace("\r", "\n")
    assert bool(repaired) == (clean_text(lf) != lf)
    assert all(r.count > 0 and r.example for r in repaired)


@given(
    st.sampled_from(["O", "o", "๐"]),
    st.sampled_from(["", " ", "\u00a0", "\u200b"]),
    st.integers(1, 43),
    st.booleans(),
)
def test_normalize_code_property(letter, gap, number, thai):
    written = (
        str(number).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) if thai else str(number)
    )
    assert normalize_code(f" {letter}{gap}{written} ") == f"O{number}"
    assert normalize_code(f"O{number}") == f"O{number}"


_SLUG = re.compile("[0-9a-z\u0e00-\u0e7f]+(-[0-9a-z\u0e00-\u0e7f]+)*")


@given(st.one_of(st.text(), _DIRTY_TEXT))
def test_slugify_property(text):
    slug = slugify(text)
    assert slug == "" or _SLUG.fullmatch(slug)
    assert slugify(slug) == slug
