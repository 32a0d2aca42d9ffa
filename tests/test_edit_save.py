"""itagen edit's saves: front matter edited in place, checked by the loader, written atomically."""

from __future__ import annotations

import os

import pytest
import yaml

from itagen.catalog.load import load_catalog
from itagen.commands.edit import save as save_module
from itagen.commands.edit.forms import FormData, parse_multipart, save_item, version
from itagen.commands.edit.save import Upload
from itagen.site.frontsave import DocEdit, ItemEdit, save_item_text, scalar

from .conftest import SiteMaker

WRITTEN = """\
---
code: O2   # ข้อมูลผู้บริหาร
title: "ผู้บริหาร"
updated: 2566-01-16
covers: [1]
documents:
  # ทำเนียบฝ่ายการเมือง
  - title: ทำเนียบผู้บริหาร
    file: files/2566/a.pdf
    date: 16 ม.ค. 2566   # วันที่ลงนาม
    note: ฉบับปรับปรุง
  - title: Facebook
    url: https://www.facebook.com/example
---
ข้อความเดิม
"""


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def test_unchanged_form_gives_the_same_bytes():
    edit = ItemEdit(
        (1,),
        (
            DocEdit(
                0,
                {
                    "title": "ทำเนียบผู้บริหาร",
                    "file": "files/2566/a.pdf",
                    "url": None,
                    "date": "16 ม.ค. 2566",
                    "period": None,
                },
            ),
            DocEdit(
                1,
                {
                    "title": "Facebook",
                    "file": None,
                    "url": "https://www.facebook.com/example",
                    "date": None,
                    "period": None,
                },
            ),
        ),
        "ข้อความเดิม\n",
    )
    assert save_item_text(WRITTEN, ".md", "x.md", edit) == WRITTEN


def test_changes_keep_comments_key_order_and_untouched_keys():
    edit = ItemEdit(
        (1, 2),
        (
            DocEdit(
                1,
                {
                    "title": "Facebook ของ อบต.",
                    "url": "https://www.facebook.com/example",
                    "file": None,
                    "date": None,
                    "period": None,
                },
            ),
            DocEdit(
                0,
                {
                    "title": "ทำเนียบผู้บริหาร",
                    "file": "files/2566/a.pdf",
                    "url": None,
                    "date": "16 ม.ค. 2566",
                    "period": "ต.ค. 65 – มี.ค. 66",
                },
            ),
            DocEdit(
                None,
                {
                    "title": "แผน: ฉบับใหม่",
                    "file": None,
                    "url": "https://a.example/p",
                    "date": "1 ต.ค. 2565",
                    "period": None,
                },
            ),
        ),
        "ข้อความใหม่",
    )
    out = save_item_text(WRITTEN, ".md", "x.md", edit)
    assert out.startswith(
        '---\ncode: O2   # ข้อมูลผู้บริหาร\ntitle: "ผู้บริหาร"\nupdated: 2566-01-16\ncovers: [1, 2]\n'
    )
    # The comment above a document moved with it.
    assert "  # ทำเนียบฝ่ายการเมือง\n  - title: ทำเนียบผู้บริหาร\n" in out
    assert "    date: 16 ม.ค. 2566   # วันที่ลงนาม\n" in out
    assert "    note: ฉบับปรับปรุง\n    period: ต.ค. 65 – มี.ค. 66\n" in out
    assert (
        "  - title: 'แผน: ฉบับใหม่'\n    url: https://a.example/p\n    date: 1 ต.ค. 2565\n"
    ) in out
    assert out.endswith("---\nข้อความใหม่\n")
    data = front(out)
    assert [d["title"] for d in data["documents"]] == [
        "Facebook ของ อบต.",
        "ทำเนียบผู้บริหาร",
        "แผน: ฉบับใหม่",
    ]
    assert list(data) == ["code", "title", "updated", "covers", "documents"]


def test_a_file_becomes_a_link_in_its_place_and_crlf_and_bom_stay():
    text = "\ufeff" + WRITTEN.replace("\n", "\r\n")
    edit = ItemEdit(
        None,
        (
            DocEdit(
                0,
                {
                    "title": "ทำเนียบผู้บริหาร",
                    "file": None,
                    "url": "https://a.example/x",
                    "date": "16 ม.ค. 2566",
                },
            ),
        ),
    )
    out = save_item_text(text, ".md", "x.md", edit)
    assert out.startswith("\ufeff---\r\n") and "\n" not in out.replace("\r\n", "")
    assert "  - title: ทำเนียบผู้บริหาร\r\n    url: https://a.example/x\r\n    date: 16" in out
    assert "Facebook" not in out and "ข้อความเดิม" in out


def test_block_covers_and_empty_lists():
    text = "code: O9\ncovers:\n  - 1\n  - 2\ndocuments: []\n"
    edit = ItemEdit((2, 3), (DocEdit(None, {"title": "a", "url": "https://a.b"}),))
    assert (
        save_item_text(text, ".yaml", "x", edit)
        == "code: O9\ncovers:\n  - 2\n  - 3\ndocuments:\n  - title: a\n    url: https://a.b\n"
    )
    assert save_item_text(text, ".yaml", "x", ItemEdit((), ())) == "code: O9\ndocuments: []\n"
    empty = "code: O9\ncovers:\ndocuments:\n"
    assert (
        save_item_text(empty, ".yaml", "x", ItemEdit((1,), ()))
        == "code: O9\ncovers: [1]\ndocuments: []\n"
    )


@pytest.mark.parametrize(
    "value",
    [
        "ก ข",
        "2566-01-16",
        "a: b",
        "#x",
        "yes",
        "12",
        "'q'",
        " pad",
        "ต.ค. 65 – มี.ค. 66",
        "x #y",
        "[a]",
        "a\nb",
        "@at",
        "null",
    ],
)
def test_scalars_read_back_as_the_same_text(value):
    from itagen.site.yamlio import load_yaml

    assert load_yaml(f"k: {scalar(value)}\n", "t") == {"k": value}


# -- save_item: the form, the loader, the disk ----------------------------------------------------


def form(path=None, **fields) -> FormData:
    """The form as the page sends it; `path` is the item file the page was made from."""
    data = FormData({"version": [version(path)]} if path is not None else {})
    for name, value in fields.items():
        data.fields[name.replace("_", "-")] = value if isinstance(value, list) else [value]
    return data


@pytest.fixture
def o2(site: SiteMaker):
    site.file("files/2566/a.pdf")
    path = site.write("content/2566/9.1/O2.md", WRITTEN)
    return site, path, load_catalog(2566, site.root)


def test_refused_save_writes_nothing_and_names_the_field(o2):
    site, path, catalog = o2
    before = path.read_bytes()
    data = form(
        path,
        doc=["e0", "e1"],
        title_e0="ทำเนียบผู้บริหาร",
        kind_e0="file",
        file_e0="files/2566/a.pdf",
        date_e0="31 กุมภาพันธ์ 2566",
        title_e1="Facebook",
        kind_e1="url",
        url_e1="javascript:alert(1)",
        body="ใหม่",
    )
    out = save_item(site.root, 2566, catalog, catalog.by_code["O2"], data)
    assert not out.ok and path.read_bytes() == before
    assert set(out.errors) == {"date-e0", "url-e1"}, out.errors
    assert not (site.root / ".itagen-edit").exists()


def test_upload_is_saved_under_files_year_and_never_overwrites(o2):
    site, path, catalog = o2
    spec = catalog.by_code["O2"]

    def again(data):  # as a page opened anew after each save
        data.fields["version"] = [version(path)]
        return save_item(site.root, 2566, catalog, spec, data)

    data = form(
        path,
        doc=["e0", "n1"],
        title_e0="ทำเนียบผู้บริหาร",
        kind_e0="file",
        file_e0="files/2566/a.pdf",
        title_n1="ประกาศ",
        kind_n1="file",
        date_n1="1 ต.ค. 2565",
        period_n1="ปีงบประมาณ 2566",
        covers=["1", "2"],
    )
    data.files["upload-n1"] = Upload("upload-n1", "ประกาศ 1.pdf", b"%PDF-1.4 new")
    out = again(data)
    assert out.ok, out.errors
    assert (site.root / "files/2566/ประกาศ 1.pdf").read_bytes() == b"%PDF-1.4 new"
    docs = front(path.read_text("utf-8"))["documents"]
    assert docs[1] == {
        "title": "ประกาศ",
        "file": "files/2566/ประกาศ 1.pdf",
        "date": "1 ต.ค. 2565",
        "period": "ปีงบประมาณ 2566",
    }
    data.files["upload-n1"] = Upload("upload-n1", "ประกาศ 1.pdf", b"%PDF-1.4 other")
    out = again(data)
    assert list(out.errors) == ["upload-n1"]
    assert (site.root / "files/2566/ประกาศ 1.pdf").read_bytes() == b"%PDF-1.4 new"
    for name in ("page.html", ".hidden.pdf", "a.svg", "a.js", "x\x01.pdf"):
        data.files["upload-n1"] = Upload("upload-n1", name, b"<script>")
        out = again(data)
        assert list(out.errors) == ["upload-n1"], name
    names = sorted(p.name for p in (site.root / "files/2566").iterdir())
    assert names == ["a.pdf", "structure.pdf", "ประกาศ 1.pdf"]
    data.files["upload-n1"] = Upload("upload-n1", "..\\..\\x.pdf", b"%PDF")  # only the name counts
    assert again(data).ok
    assert (site.root / "files/2566/x.pdf").is_file() and not (site.root / "x.pdf").exists()


@pytest.mark.usefixtures("english")  # the assertion quotes the English wording
def test_upload_that_would_leave_the_site_is_refused(o2, tmp_path):
    site, path, catalog = o2
    outside = tmp_path / "outside"
    outside.mkdir()
    (site.root / "files/2567").symlink_to(outside)
    from itagen.commands.edit.save import upload_target

    with pytest.raises(ValueError, match="outside the site"):
        upload_target(site.root, 2567, Upload("u", "x.pdf", b"%PDF"))
    assert not any(outside.iterdir())


def test_item_file_is_replaced_atomically(o2, monkeypatch):
    site, path, catalog = o2
    calls = []
    real = os.replace
    monkeypatch.setattr(save_module.os, "replace", lambda a, b: (calls.append((a, b)), real(a, b)))
    data = form(
        path, doc=["e0"], title_e0="ทำเนียบ", kind_e0="file", file_e0="files/2566/a.pdf", body="x"
    )
    assert save_item(site.root, 2566, catalog, catalog.by_code["O2"], data).ok
    assert [b for _, b in calls] == [path]
    assert ".itagen-edit" in str(calls[0][0])
    assert front(path.read_text("utf-8"))["documents"][0]["title"] == "ทำเนียบ"


def test_new_item_file_is_made_from_the_catalog(site: SiteMaker):
    catalog = load_catalog(2566, site.root)
    data = form(
        site.root / "content/2566/9.1/O3.md",
        doc=["n0"],
        title_n0="Facebook",
        kind_n0="url",
        url_n0="https://f.example",
        body="",
        covers=["1"],
    )
    assert save_item(site.root, 2566, catalog, catalog.by_code["O3"], data).ok
    assert (site.root / "content/2566/9.1/O3.md").read_text("utf-8") == (
        "---\ncode: O3\ncovers: [1]\ndocuments:\n"
        "  - title: Facebook\n    url: https://f.example\n---\n"
    )


def test_multipart_reader_keeps_bytes_and_thai_names():
    payload = bytes(range(256)) * 3 + b"\r\n--x\r\n"
    body = (
        b"--B\r\nContent-Disposition: form-data; name=\"doc\"\r\n\r\ne0\r\n"
        b"--B\r\nContent-Disposition: form-data; name=\"upload-e0\"; "
        b"filename=\"\xe0\xb8\x81.pdf\"\r\n"
        b"Content-Type: application/pdf\r\n\r\n" + payload + b"\r\n"
        b"--B\r\nContent-Disposition: form-data; name=\"upload-e1\"; filename=\"\"\r\n"
        b"\r\n\r\n--B--\r\n"
    )
    data = parse_multipart(body, "multipart/form-data; boundary=B")
    assert data.fields == {"doc": ["e0"]}
    assert data.files["upload-e0"].name == "ก.pdf" and data.files["upload-e0"].data == payload
    with pytest.raises(ValueError):
        parse_multipart(body[:-5], "multipart/form-data; boundary=B")


def test_a_file_changed_since_the_page_was_made_is_not_overwritten(o2):
    site, path, catalog = o2
    data = form(path, doc=["e0"], title_e0="ทำเนียบ", kind_e0="file", file_e0="files/2566/a.pdf")
    path.write_text(WRITTEN.replace("ข้อความเดิม", "แก้ด้วย Notepad"), encoding="utf-8")
    before = path.read_bytes()
    out = save_item(site.root, 2566, catalog, catalog.by_code["O2"], data)
    assert list(out.errors) == [None] and path.read_bytes() == before


# -- property tests: whatever the form says, the file says exactly that -------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Text a person can type into a field (no control characters, no lone surrogates).
TYPED = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(TYPED)
def test_any_typed_text_is_written_as_a_scalar_that_reads_back(value):
    from itagen.site.yamlio import load_yaml

    assert load_yaml(f"k: {scalar(value)}\n", "t") == {"k": value}


DOC = st.fixed_dictionaries(
    {
        "title": TYPED.filter(str.strip),
        "date": TYPED,
        "period": TYPED,
        "url": st.sampled_from(["https://a.example/x", "https://b.example"]),
    }
)


@settings(max_examples=40, deadline=None)
@given(st.lists(DOC, max_size=4), st.permutations([0, 1]), st.sets(st.integers(1, 4)))
def test_saved_front_matter_says_what_the_form_said(new_docs, order, covers):
    kept = [
        DocEdit(i, {"title": t, "file": f, "url": None, "date": "16 ม.ค. 2566", "period": None})
        for i, (t, f) in zip(order, [("ทำเนียบผู้บริหาร", "files/2566/a.pdf"), ("Facebook", None)])
    ]
    kept = [
        d
        if d.values["file"]
        else DocEdit(
            d.source, {**d.values, "date": None, "url": "https://www.facebook.com/example"}
        )
        for d in kept
    ]
    docs = kept + [DocEdit(None, {k: v or None for k, v in d.items()}) for d in new_docs]
    edit = ItemEdit(tuple(sorted(covers)), tuple(docs), "ข้อความ")
    out = save_item_text(WRITTEN, ".md", "x.md", edit)
    data = front(out)
    assert data.get("covers", []) == sorted(covers)
    got = [{k: v for k, v in d.items() if k != "note"} for d in data["documents"]]
    want = [{k: v for k, v in d.values.items() if v} for d in docs]
    assert [set(g.items()) for g in got] == [set(w.items()) for w in want]
    assert "# ทำเนียบฝ่ายการเมือง" in out and "note: ฉบับปรับปรุง" in out  # went with the row
    # The page made from the new file, sent back unchanged, changes nothing.
    rows = tuple(DocEdit(i, d.values) for i, d in enumerate(docs))
    again = ItemEdit(edit.covers, rows, edit.body)
    assert save_item_text(out, ".md", "x.md", again) == out


ROW_IDS = st.sampled_from(["e0", "e1", "e2", "e7", "n1", "n2", "x", "e", "n0"])
VALUE = st.one_of(
    TYPED,
    st.sampled_from(
        [
            "16 ม.ค. 2566",
            "2566-13-40",
            "https://a.example",
            "files/2566/a.pdf",
            "../site.yaml",
            "javascript:x",
            "",
        ]
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(ROW_IDS, max_size=5),
    st.dictionaries(st.sampled_from(["title", "date", "period", "url", "file", "kind"]), VALUE),
    st.lists(st.text("0123456789-", max_size=3), max_size=3),
    TYPED,
)
def test_any_form_either_saves_a_file_the_build_loads_or_changes_nothing(
    tmp_path_factory, rows, values, covers, body
):
    from itagen.site.content import load_item

    site = SiteMaker(tmp_path_factory.mktemp("fuzz") / "site")
    site.file("files/2566/a.pdf")
    path = site.write("content/2566/9.1/O2.md", WRITTEN)
    catalog = load_catalog(2566, site.root)
    data = FormData({"version": [version(path)], "doc": rows, "covers": covers, "body": [body]})
    for row in rows:
        for key, value in values.items():
            data.fields[f"{key}-{row}"] = [value]
    before = path.read_bytes()
    out = save_item(site.root, 2566, catalog, catalog.by_code["O2"], data)
    if out.ok:
        load_item(path, "O2.md", 2566, "9.1", catalog, site.root)  # raises if the build would not
    else:
        assert path.read_bytes() == before
    assert sorted(p.name for p in site.root.iterdir()) == ["content", "files", "site.yaml"]


def test_a_temporary_folder_that_links_out_of_the_site_is_refused(o2, tmp_path):
    site, path, catalog = o2
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (site.root / ".itagen-edit").symlink_to(outside)
    data = form(path, doc=["e0"], title_e0="ใหม่", kind_e0="file", file_e0="files/2566/a.pdf")
    before = path.read_bytes()
    out = save_item(site.root, 2566, catalog, catalog.by_code["O2"], data)
    assert list(out.errors) == [None] and ".itagen-edit" in out.errors[None][0].message
    assert path.read_bytes() == before and not any(outside.iterdir())
