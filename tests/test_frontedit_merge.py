"""frontedit.merge_into: a merging item receives the documents and text of others, bytes kept."""

from __future__ import annotations

import datetime as dt

import yaml

from itagen.site.frontedit import merge_into
from itagen.site.yamlio import split_front_matter

OWN = (
    "---\ncode: O1\ntitle: 'โครงสร้าง'   # as written\ndocuments:\n  - title: แผนผัง\n"
    "    file: files/a.pdf\n    date: 16 มกราคม 2566\n# a comment after the list\n"
    "---\nเนื้อหาเดิม\n"
)
MORE = [
    {"title": "อำนาจหน้าที่", "url": "https://example.go.th/a"},
    {"title": "คำสั่ง", "file": "files/b.pdf", "date": dt.date(2566, 1, 10)},
]


def _front(text: str) -> dict:
    return yaml.safe_load(split_front_matter(text.lstrip("\ufeff").replace("\r\n", "\n"), "x")[0])


def test_documents_are_added_after_the_own_ones_and_the_rest_stays_byte_for_byte():
    sections = [("O3 อำนาจหน้าที่ (2566)", "ข้อความ O3")]
    text, suffix = merge_into(OWN, ".md", "x", MORE, "from O3", sections)
    assert suffix == ".md"
    assert [d["title"] for d in _front(text)["documents"]] == ["แผนผัง", "อำนาจหน้าที่", "คำสั่ง"]
    head = OWN.split("# a comment")[0]
    assert text.startswith(head) and "  # from O3\n  - title: อำนาจหน้าที่" in text
    assert "# a comment after the list\n---\nเนื้อหาเดิม\n" in text
    assert text.endswith("เนื้อหาเดิม\n\n## O3 อำนาจหน้าที่ (2566)\n\nข้อความ O3\n")


def test_an_empty_list_a_flow_list_and_no_list_all_receive_the_documents():
    flow = "code: O1\ndocuments: [{title: a, url: 'https://a'}]\n"
    for front in ("code: O1\ndocuments: []\n", flow, "code: O1\n"):
        text, _ = merge_into("---\n" + front + "---\n", ".md", "x", MORE, None, [])
        titles = [d["title"] for d in _front(text)["documents"]]
        assert titles[-2:] == ["อำนาจหน้าที่", "คำสั่ง"] and len(titles) in (2, 3)


def test_a_yaml_item_that_receives_text_becomes_markdown():
    text, suffix = merge_into(
        "code: O1\ndocuments: []\n",
        ".yaml",
        "x",
        MORE[:1],
        None,
        [("O3 อำนาจหน้าที่ (2566)", "ข้อความ")],
    )
    assert suffix == ".md" and text.startswith("---\ncode: O1\n")
    assert _front(text)["documents"][0]["url"] == "https://example.go.th/a"
    assert text.endswith("---\n\n## O3 อำนาจหน้าที่ (2566)\n\nข้อความ\n")


def test_bom_and_crlf_are_kept():
    text, _ = merge_into("\ufeff" + OWN.replace("\n", "\r\n"), ".md", "x", MORE[:1], None, [])
    assert text.startswith("\ufeff---\r\n") and "\n" not in text.replace("\r\n", "")
