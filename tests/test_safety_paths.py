"""Paths named in content: nothing outside the site is read or published, Thai names link correctly.

`file:` values, Markdown links and the agency logo that are absolute, climb out
with `..`, or resolve through a symbolic link to outside the site are refused
with file and line; files/ never publishes a link that points outside. Thai
file names, spaces and URL-special characters are percent-encoded in hrefs, and
the output has the file at exactly the address the href names.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from itagen.build import build
from itagen.errors import ItagenError

from .htmlcheck import soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")

REFUSED_FILES = {
    "/etc/passwd": "absolute",
    "/files/2566/structure.pdf": "absolute",
    "C:\\Windows\\win.ini": "absolute",
    "c:/x.pdf": "absolute",
    "\\\\server\\share\\x.pdf": "absolute",
    "../outside.pdf": "'..'",
    "files/../../outside.pdf": "'..'",
    "files/./../../outside.pdf": "'..'",
    "files\\..\\..\\outside.pdf": "'..'",
    "files/2566/../../site.yaml": "'..'",
    "files/a\0.pdf": "NUL",
    "site.yaml": "not in the files/ folder",
    "content/2566/9.1/O1.md": "not in the files/ folder",
    "files/" + "ก" * 100 + ".pdf": "does not exist",
    "files/leak.pdf": "outside the site",
    "files/outdir/secret.pdf": "outside the site",
    "files/loop.pdf": "cannot be resolved",
}


@pytest.fixture
def outside(tmp_path: Path, site) -> Path:
    """A secret next to the site, reachable from files/ through symbolic links; and a link loop."""
    secret_dir = tmp_path / "outside"
    secret_dir.mkdir()
    (secret_dir / "secret.pdf").write_bytes(b"%PDF secret-outside-the-site\n")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF secret-outside-the-site\n")
    os.symlink(secret_dir / "secret.pdf", site.root / "files/leak.pdf")
    os.symlink(secret_dir, site.root / "files/outdir")
    os.symlink(site.root / "files/loop.pdf", site.root / "files/loop.pdf")
    return secret_dir


@pytest.mark.parametrize("value", REFUSED_FILES, ids=range(len(REFUSED_FILES)))
def test_unsafe_file_values_are_refused_with_file_and_line(site, outside, value):
    quoted = '"' + value.replace("\\", "\\\\").replace("\0", "\\0") + '"'
    site.item("9.1", "O2", f"documents:\n  - title: เอกสาร\n    file: {quoted}\n", "")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("content/2566/9.1/O2.md", 5)
    assert problem.message.startswith("document 1 → file")
    assert REFUSED_FILES[value] in problem.message
    assert not (site.root / "build").exists()


REFUSED_LINKS = [
    "../outside.pdf",
    "/etc/passwd",
    "files/%2e%2e/%2e%2e/outside.pdf",
    "files/..%2f..%2foutside.pdf",
    "files/leak.pdf",
    "files/outdir/secret.pdf",
    "files/loop.pdf",
    "files/a%00.pdf",
    "%2Fetc%2Fpasswd",
    "site.yaml",
    "content/2566/9.1/../../../outside.pdf",
]


@pytest.mark.parametrize("target", REFUSED_LINKS)
@pytest.mark.parametrize("form", ["[เอกสาร]({})", "![ภาพ]({})", "[เอกสาร][r]\n\n[r]: {}"])
def test_unsafe_markdown_links_are_refused(site, outside, target, form):
    site.item("9.1", "O2", "", "ย่อหน้า\n\n" + form.format(target) + "\n")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("content/2566/9.1/O2.md", 7)


@pytest.mark.parametrize(
    "logo",
    [
        "/etc/passwd",
        "../outside.pdf",
        "files/leak.pdf",
        "files/outdir/secret.pdf",
        "files/a\0.png",
        "site.yaml",
    ],
)
def test_unsafe_logo_is_refused(site, outside, logo):
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    quoted = '"' + logo.replace("\0", "\\0") + '"'
    site.write(
        "site.yaml", text.replace("  district: เกาะคา\n", f"  district: เกาะคา\n  logo: {quoted}\n")
    )
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert [p.path for p in caught.value.problems if p.is_error] == ["site.yaml"]


def test_links_out_of_the_site_are_never_published(site, outside, tmp_path):
    """files/ is copied whole, but a link in it to outside the site is left out (and so is a
    loop)."""
    (site.root / "files/loop.pdf").unlink()
    site.file("files/2566/real.pdf", b"%PDF real\n")
    os.symlink(site.root / "files/2566/real.pdf", site.root / "files/alias.pdf")  # inside: fine
    out = tmp_path / "out"
    build(site.root, out)
    published = {
        p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() or p.is_symlink()
    }
    assert (
        "files/alias.pdf" in published and (out / "files/alias.pdf").read_bytes() == b"%PDF real\n"
    )
    assert not (out / "files/alias.pdf").is_symlink(), "the output holds copies, not links"
    assert "files/leak.pdf" not in published
    assert not any(p.startswith("files/outdir") for p in published)
    for path in out.rglob("*"):
        if path.is_file():
            assert b"secret-outside-the-site" not in path.read_bytes(), path


def test_a_linked_folder_inside_the_site_is_published_where_pages_link_to_it(site, tmp_path):
    """files/2565 may be a link to a folder elsewhere in the site: its files are published there."""
    site.file("archive/2565/plan.pdf", b"%PDF plan\n")
    os.symlink(site.root / "archive/2565", site.root / "files/2565")
    site.file("files/a/one.pdf", b"%PDF one\n")
    site.file("files/b/two.pdf", b"%PDF two\n")
    os.symlink(site.root / "files/b", site.root / "files/a/to-b")  # a loop between two folders:
    os.symlink(
        site.root / "files/a", site.root / "files/b/to-a"
    )  # each is published once on the way down
    site.item(
        "9.1",
        "O2",
        "documents:\n  - title: แผน\n    file: files/2565/plan.pdf\n",
        "[สอง](files/a/to-b/two.pdf)\n",
    )
    out = build(site.root, tmp_path / "out").out_dir
    page = soup(out / "2566/o2/index.html")
    for link in ("../../files/2565/plan.pdf", "../../files/a/to-b/two.pdf"):
        assert page.select_one(f'a[href="{link}"]') is not None
        assert (out / "2566/o2" / link).resolve().is_file(), f"{link} is linked but not published"
    published = {p.relative_to(out).as_posix() for p in (out / "files").rglob("*") if p.is_file()}
    assert published - {p for p in published if p.startswith("files/2566/")} == {
        "files/2565/plan.pdf",
        "files/a/one.pdf",
        "files/a/to-b/two.pdf",
        "files/b/two.pdf",
        "files/b/to-a/one.pdf",
    }


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("files/up/site.yaml", "contains files/ itself"),
        ("files/.private/plan.pdf", "hidden"),
        ("files/cache/state.json", "a link to a hidden folder"),
    ],
)
def test_a_file_that_would_not_be_published_is_an_error_not_a_dead_link(
    site, tmp_path, target, why
):
    """A link to the site folder (it would publish the sources), hidden names and folders are not
    published, so naming a file through them is an error with the reason, not a link to nothing."""
    os.symlink(site.root, site.root / "files/up")
    site.file("files/.private/plan.pdf", b"%PDF\n")
    site.file(".itagen-cache/state.json", b"{}")
    os.symlink(site.root / ".itagen-cache", site.root / "files/cache")
    site.item("9.1", "O2", f"documents:\n  - title: เอกสาร\n    file: {target}\n", "")
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == ("content/2566/9.1/O2.md", 5)
    assert "would not be published" in problem.message and why in problem.message
    site.item("9.1", "O2", "", "ย่อหน้า\n")
    out = build(site.root, tmp_path / "out").out_dir
    published = {p.relative_to(out).as_posix() for p in (out / "files").rglob("*")}
    assert not any(p.startswith(("files/up", "files/.private", "files/cache")) for p in published)


def test_a_dangling_link_in_files_is_reported_and_skipped(site, tmp_path, monkeypatch):
    """Issue 23: one dangling link anywhere in files/ used to fail the whole build."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    os.symlink(site.root / "files/gone.pdf", site.root / "files/dangling.pdf")
    os.symlink(site.root / "files/nowhere", site.root / "files/2566/gone-folder")
    os.symlink(site.root / "files/loop.pdf", site.root / "files/loop.pdf")
    result = build(site.root, tmp_path / "out")
    warned = sorted((p.path, p.rule) for p in result.warnings)
    assert warned == [
        (rel, "file-dangling")
        for rel in ("files/2566/gone-folder", "files/dangling.pdf", "files/loop.pdf")
    ]
    assert all("does not exist" in p.message for p in result.warnings)
    published = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")}
    assert "files/2566/structure.pdf" in published
    assert not published & {"files/dangling.pdf", "files/loop.pdf", "files/2566/gone-folder"}
    # Something that links to it is an error, with the linking file's line.
    site.item("9.1", "O2", "", "ย่อหน้า\n\n[เอกสาร](files/dangling.pdf)\n")
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    [problem] = [p for p in caught.value.problems if p.is_error]
    assert (problem.path, problem.line) == ("content/2566/9.1/O2.md", 7)


def test_a_fifo_in_files_is_a_clean_error(site, tmp_path):
    os.mkfifo(site.root / "files/pipe.pdf")
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    assert caught.value.problems[0].path == "files/pipe.pdf"


# -- Thai names, spaces and URL-special characters ----------------------------------------

NAMES = [
    "files/2566/ประกาศ ราคากลาง (ฉบับที่ ๑).pdf",
    "files/แผนงาน/แผนการจัดซื้อ 2566.xlsx",
    "files/2566/a#b?c%d&e+f=g;h.pdf",
    "files/2566/quote'name\".pdf",
    "files/2566/ผลการดำเนินงาน รอบ 6 เดือน.docx",
    "files/2566/ก่อนหน้า  สองช่องว่าง .pdf",
]
HREF_RE = re.compile(r"^[A-Za-z0-9/._~%-]+$")  # nothing a browser or server could read two ways


def _md_destination(name: str) -> str:
    """How a webmaster writes the name in a Markdown link: percent-encoded where Markdown needs
    it."""
    return (
        "<"
        + name.replace("%", "%25").replace("#", "%23").replace("?", "%3F").replace("<", "%3C")
        + ">"
    )


def test_thai_names_and_spaces_are_percent_encoded_and_exist(site, tmp_path):
    for i, name in enumerate(NAMES):
        site.file(name, f"%PDF file {i}\n".encode())
    docs = "".join(
        f"  - title: เอกสาร {i}\n    file: '{n.replace(chr(39), chr(39) * 2)}'\n"
        for i, n in enumerate(NAMES)
    )
    body = "\n\n".join(f"[ลิงก์ {i}]({_md_destination(n)})" for i, n in enumerate(NAMES))
    site.item("9.1", "O2", "documents:\n" + docs, body + "\n")
    out = tmp_path / "out"
    build(site.root, out)
    page = soup(out / "2566/o2/index.html")
    doc_hrefs = [a["href"] for a in page.select(".documents a")]
    body_hrefs = [a["href"] for a in page.select(".body a")]
    assert len(doc_hrefs) == len(body_hrefs) == len(NAMES)
    for i, name in enumerate(NAMES):
        for href in (doc_hrefs[i], body_hrefs[i]):
            assert href.startswith("../../files/")
            assert HREF_RE.match(href), href
            target = (out / "2566/o2" / unquote(href)).resolve()
            assert target == (out / name).resolve(), href
            assert target.read_bytes() == f"%PDF file {i}\n".encode()
    assert doc_hrefs == body_hrefs, "the two ways of linking a file give the same address"


def test_links_the_build_does_not_follow_are_not_walked_for_the_cache_either(site, tmp_path):
    """A link to a big folder outside the site, or to the site folder itself, is never walked: the
    unchanged site is still recognised as unchanged, and a change out there is no change."""
    from itagen.cache.site import input_key

    outside = tmp_path / "nas"
    outside.mkdir()
    (outside / "a.pdf").write_bytes(b"%PDF\n")
    os.symlink(outside, site.root / "files/nas")
    os.symlink(site.root, site.root / "files/up")
    os.symlink(site.root / "files/loop", site.root / "files/loop")
    os.remove(site.root / "files/loop")  # only the two folder links stay
    out = tmp_path / "out"
    build(site.root, out)
    key = input_key(site.root, out, None, None, None)
    (outside / "b.pdf").write_bytes(b"%PDF\n")
    assert input_key(site.root, out, None, None, None) == key
    assert build(site.root, out).cached, (
        "the default build/ inside the site is not looked at through files/up"
    )
    os.remove(site.root / "files/nas")
    os.symlink(tmp_path, site.root / "files/nas")
    assert input_key(site.root, out, None, None, None) != key, (
        "a link pointed elsewhere is a change"
    )


@pytest.mark.parametrize(
    "kind", ["files is the site folder", "a link to the output", "a link loop", "unlistable"]
)
def test_files_that_would_publish_sources_or_outputs_or_cannot_be_read(
    site, tmp_path, monkeypatch, kind
):
    out = tmp_path / "out"
    if kind == "files is the site folder":
        (site.root / "files").rename(site.root / "docs")
        os.symlink(".", site.root / "files")  # files/docs/… would be the site's own folder
        site.item(
            "9.1",
            "O2",
            "documents:\n  - title: เอกสาร\n    file: files/docs/2566/structure.pdf\n",
            "",
        )
        with pytest.raises(ItagenError) as caught:
            build(site.root, out)
        assert any(
            "'files' is a link to the site folder itself" in p.message
            for p in caught.value.problems
        )
    elif kind == "a link to the output":
        build(site.root)  # site/build holds ita.json
        os.symlink(site.root / "build", site.root / "files/out")
        for _ in range(2):
            build(site.root, use_cache=False)
            assert not (site.root / "build/files/out").exists()
    elif kind == "a link loop":
        os.symlink(site.root / "files/loop.pdf", site.root / "files/loop.pdf")
        result = build(site.root, out)  # reported and left out (issue 23), like any dangling link
        assert [(p.path, p.rule) for p in result.warnings] == [("files/loop.pdf", "file-dangling")]
        assert not (out / "files/loop.pdf").exists()
        return
    else:
        real_scandir = os.scandir

        def refusing(path="."):
            if str(path).endswith("files/2566"):
                raise PermissionError(13, "Permission denied")
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
        with pytest.raises(ItagenError) as caught:
            build(site.root, out, use_cache=False)
        [problem] = caught.value.problems
        assert (problem.path, problem.message) == (
            "files/2566",
            "cannot list files/2566: Permission denied",
        )
    assert not out.exists()


def _doc(site, target: str) -> None:
    site.item("9.1", "O2", f"documents:\n  - title: เอกสาร\n    file: {target}\n", "")


def test_an_archived_output_kept_in_files_is_the_webmasters_own(site, tmp_path):
    site.file("files/archive/ita.json", b"{}")
    site.file("files/archive/old.pdf", b"%PDF old\n")
    _doc(site, "files/archive/old.pdf")
    out = build(site.root, tmp_path / "out").out_dir
    assert (out / "files/archive/old.pdf").read_bytes() == b"%PDF old\n"


@pytest.mark.parametrize(
    ("link", "target", "why"),
    [
        ("files/prev", "build/files", "a link into an itagen output"),
        ("files", ".private", "'files' is a link to a hidden folder"),
    ],
)
def test_links_into_outputs_or_hidden_folders_publish_nothing(site, tmp_path, link, target, why):
    build(site.root)  # site/build: an output, with its files/
    if link == "files":
        (site.root / "files").rename(site.root / ".private")
    os.symlink(site.root / target, site.root / link)
    _doc(site, f"{link}/2566/structure.pdf")
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    assert any(why in p.message for p in caught.value.problems), caught.value.problems
    site.item("9.1", "O2", "", "ย่อหน้า\n")
    if link == "files":  # the other items name files/2566/…: only they may fail now, never publish
        with pytest.raises(ItagenError):
            build(site.root, tmp_path / "out")
        return
    for _ in range(2):
        out = build(site.root, use_cache=False).out_dir
        assert not (out / "files/prev").exists()


def test_a_logo_that_would_not_be_published_is_refused(site):
    site.file("files/.logo.png", b"\x89PNG\r\n")
    text = (site.root / "site.yaml").read_text(encoding="utf-8")
    site.write(
        "site.yaml",
        text.replace("  district: เกาะคา\n", "  district: เกาะคา\n  logo: files/.logo.png\n"),
    )
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = [p for p in caught.value.problems if p.is_error]
    assert problem.path == "site.yaml" and "hidden" in problem.message


def test_documents_in_a_folder_that_cannot_be_opened_give_one_error_naming_it(
    site, tmp_path, monkeypatch
):
    """Issue 23: chmod 000 files/2566 gave one 'does not exist' per document. Tests run as root,
    whom permissions do not stop, so the operating system's refusal is made here."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    for n in range(40):
        site.file(f"files/2566/doc{n}.pdf")
    docs = "".join(f"  - title: เอกสาร {n}\n    file: files/2566/doc{n}.pdf\n" for n in range(40))
    site.item("9.1", "O2", "documents:\n" + docs, "")
    site.item("9.1", "O3", "documents:\n" + docs, "")
    locked = str(site.root / "files/2566") + os.sep
    real_stat = os.stat

    def refusing(path, *args, **kwargs):
        if str(path).startswith(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refusing)
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    [problem] = [p for p in caught.value.problems if p.is_error]
    assert problem.message == (
        "document 1 → file: the folder 'files/2566' cannot be opened (Permission denied)"
    )
    assert problem.path == "content/2566/9.1/O1.md" and problem.line == 6
    assert "readable" in problem.hint


SECRET_YAML = "password: hunter2-secret\napi_key: SECRET-KEY-123\n"


@pytest.mark.parametrize(
    "kind",
    [
        "item file",
        "yaml item",
        "free page",
        "sub-indicator folder",
        "year folder",
        "content folder",
    ],
)
def test_content_linked_to_outside_the_site_is_refused_and_never_shown(
    site, tmp_path, monkeypatch, kind
):
    """Issue 23: content files follow the rule of files/: nothing outside the site is read."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    away = tmp_path / "away"
    (away / "9.1").mkdir(parents=True)
    (away / "secret.md").write_text(
        "---\ncode: O2\ntitle: ความลับ SECRET-TITLE\n---\nSECRET-BODY\n", encoding="utf-8"
    )
    (away / "secret.yaml").write_text(SECRET_YAML, encoding="utf-8")
    (away / "9.1/O2.md").write_text("---\ncode: O2\n---\nSECRET-BODY\n", encoding="utf-8")
    content = site.root / "content"
    if kind == "item file":
        os.symlink(away / "secret.md", content / "2566/9.1/O2.md")
        shown = "content/2566/9.1/O2.md"
    elif kind == "yaml item":
        os.symlink(away / "secret.yaml", content / "2566/9.1/O2.yaml")
        shown = "content/2566/9.1/O2.yaml"
    elif kind == "free page":
        (content / "pages").mkdir()
        os.symlink(away / "secret.md", content / "pages/about.md")
        shown = "content/pages/about.md"
    elif kind == "sub-indicator folder":
        os.symlink(away / "9.1", content / "2566/9.2")
        shown = "content/2566/9.2"
    elif kind == "year folder":
        (away / "2567/9.1").mkdir(parents=True)
        os.symlink(away / "secret.yaml", away / "2567/9.1/O2.yaml")
        os.symlink(away / "2567", content / "2567")
        shown = "content/2567"
    else:
        (content / "2566/9.1/O1.md").rename(away / "O1.md")
        os.rename(content, away / "content")
        os.symlink(away / "content", content)
        shown = "content"
    with pytest.raises(ItagenError) as caught:
        build(site.root, tmp_path / "out")
    errors = [p for p in caught.value.problems if p.is_error]
    assert [(p.path, p.rule) for p in errors] == [(shown, "content-outside")]
    assert "outside the site" in errors[0].message
    text = str(caught.value)
    assert "SECRET" not in text and "hunter2" not in text and "password" not in text
    assert not (tmp_path / "out").exists()


def test_content_linked_inside_the_site_is_read(site, tmp_path):
    site.write("drafts/O2.md", "---\ncode: O2\n---\nข้อความจากร่าง\n")
    os.symlink(site.root / "drafts/O2.md", site.root / "content/2566/9.1/O2.md")
    out = build(site.root, tmp_path / "out").out_dir
    assert "ข้อความจากร่าง" in (out / "2566/o2/index.html").read_text(encoding="utf-8")


def test_serve_does_not_read_an_item_relinked_to_outside(site, tmp_path):
    from itagen.site.content import load_item
    from itagen.catalog.load import load_catalog

    (tmp_path / "secret.md").write_text("---\ncode: O2\n---\nSECRET\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.md", site.root / "content/2566/9.1/O2.md")
    with pytest.raises(ItagenError, match="content-outside|outside|นอก") as caught:
        load_item(
            site.root / "content/2566/9.1/O2.md",
            "content/2566/9.1/O2.md",
            2566,
            "9.1",
            load_catalog(2566, site.root),
            site.root,
        )
    assert "SECRET" not in str(caught.value)
