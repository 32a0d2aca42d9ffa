"""What a Windows webmaster's site looks like: Thai file names, CRLF files, backslashes, junctions.

Most of the users work on Windows: Notepad saves CRLF, Explorer copies paths with backslashes,
documents keep their Thai names (with spaces), folders are linked with junctions and archives
nest deep. Each is built here for real; where this system differs (a junction, the path
separator), the test names what it stands in for, and the Windows runner of the test workflow
runs the real thing.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from itagen import errors
from itagen.build import build
from itagen.cli import main
from itagen.errors import ItagenError

from .conftest import SiteMaker

PDF = b"%PDF-1.4\n%thai\n"
THAI_DOC = "files/2566/แผนผังโครงสร้าง อบต. ฉบับปรับปรุง.pdf"


def _hrefs(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [a["href"] for a in soup.find_all("a", href=True)]


def _resolves(page: Path, href: str) -> Path:
    """The output file an href of `page` leads to."""
    return (page.parent / unquote(href)).resolve()


def _item(site: SiteMaker, name: str, text: str, newline: str = "\n") -> Path:
    path = site.root / "content/2566/9.1" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


O1 = """---
code: O1
updated: 2566-01-16
documents:
  - title: แผนผังโครงสร้าง
    file: {file}
    date: 16 มกราคม 2566
---
โครงสร้างของ อบต. ตาม[แผนผัง]({link})

| ส่วนราชการ | อัตรากำลัง |
|---|---|
| สำนักปลัด | ๑๒ |
"""


def test_thai_file_names_with_spaces_in_files_and_in_links(site):
    site.file(THAI_DOC, PDF)
    site.file("files/ปี 2566/คำสั่ง/ประกาศ ฉบับที่ ๑.pdf", PDF)
    body_link = "files/ปี%202566/คำสั่ง/ประกาศ%20ฉบับที่%20๑.pdf"
    _item(site, "O1.md", O1.format(file=THAI_DOC, link=body_link))
    result = build(site.root)
    assert result.ok, result.errors
    page = site.root / "build/2566/o1/index.html"
    targets = [_resolves(page, h) for h in _hrefs(page) if "files/" in h]
    out = (site.root / "build").resolve()
    assert out / THAI_DOC in targets
    assert out / "files/ปี 2566/คำสั่ง/ประกาศ ฉบับที่ ๑.pdf" in targets
    assert all(t.read_bytes() == PDF for t in targets)


def test_backslashes_in_a_file_reference_lead_to_the_same_file(site):
    site.file(THAI_DOC, PDF)
    windows = THAI_DOC.replace("/", "\\")  # as Explorer's "Copy as path" writes it, less the root
    _item(site, "O1.md", O1.format(file=windows, link=windows.replace(" ", "%20")))
    result = build(site.root)
    assert result.ok, result.errors
    page = site.root / "build/2566/o1/index.html"
    links = [h for h in _hrefs(page) if "files" in h]
    assert links and all("\\" not in h for h in links)
    assert {_resolves(page, h) for h in links} == {(site.root / "build" / THAI_DOC).resolve()}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_crlf_files_build_the_same_site_as_lf_files(tmp_path):
    """Notepad's CRLF in site.yaml, front matter and body: the same output, byte for byte."""
    sites = {}
    for newline in ("\n", "\r\n"):
        maker = SiteMaker(tmp_path / repr(newline).strip("'\\"))
        yaml_text = (maker.root / "site.yaml").read_text(encoding="utf-8")
        (maker.root / "site.yaml").write_bytes(yaml_text.replace("\n", newline).encode("utf-8"))
        maker.file(THAI_DOC, PDF)
        _item(maker, "O1.md", O1.format(file=THAI_DOC, link=THAI_DOC.replace(" ", "%20")), newline)
        result = build(maker.root, tmp_path / f"out{len(newline)}")
        assert result.ok, result.errors
        sites[newline] = _tree(tmp_path / f"out{len(newline)}")
    assert sites["\n"] == sites["\r\n"]
    page = sites["\r\n"]["2566/o1/index.html"].decode("utf-8")
    assert "\r" not in page and "<table" in page and "สำนักปลัด" in page


def test_errors_in_a_crlf_file_name_the_right_line_and_quote_the_path_as_written(
    site, capsys, monkeypatch
):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    written = "files\\2566\\ไม่มี.pdf"
    _item(
        site,
        "O2.md",
        f"---\ncode: O2\nupdated: 2566-01-16\ndocuments:\n  - title: x\n"
        f"    file: {written}\n---\nเนื้อหา\n",
        "\r\n",
    )
    assert main(["build", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert f"{os.path.join('content', '2566', '9.1', 'O2.md')}:6: error: " in err
    assert f"the file '{written}' does not exist" in err


def test_paths_are_shown_with_this_systems_separator_and_kept_with_slashes(
    site, capsys, monkeypatch
):
    """On Windows a message shows content\\2566\\9.1\\O2.md; reports for machines keep '/'."""
    monkeypatch.setenv("ITAGEN_LANG", "en")
    assert errors.shown("content/2566/9.1/O2.md") == os.path.join("content", "2566", "9.1", "O2.md")
    monkeypatch.setattr(errors, "SEP", "\\")  # Windows' separator, on any system
    _item(
        site, "O2.md", "---\ncode: O2\ndocuments:\n  - title: x\n    file: files/2566/no.pdf\n---\n"
    )
    assert main(["build", str(site.root)]) == 1
    assert "content\\2566\\9.1\\O2.md:5: error: " in capsys.readouterr().err
    assert main(["check", str(site.root)]) == 1
    assert "content\\2566\\9.1\\O2.md at line 5: " in capsys.readouterr().out
    assert main(["check", str(site.root), "--format", "github"]) == 1
    github = capsys.readouterr().out
    assert "content/2566/9.1/O2.md" in github and "content\\2566" not in github
    assert main(["check", str(site.root), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert "content/2566/9.1/O2.md" in json.dumps(found, ensure_ascii=False)
    assert "\\\\2566" not in json.dumps(found)


def _link_folder(link: Path, target: Path) -> None:
    """A junction on Windows (what webmasters make with mklink /J), a symbolic link elsewhere."""
    if os.name == "nt":
        done = subprocess.run(
            ["cmd", "/c", "mklink", "/J", str(link), str(target)], capture_output=True
        )
        if done.returncode != 0:
            pytest.skip(f"mklink /J failed: {done.stderr!r}")
        return
    try:
        link.symlink_to(target, target_is_directory=True)
    except OSError as exc:
        pytest.skip(f"cannot make a symbolic link here: {exc}")


def test_a_linked_folder_in_files_is_published_when_it_stays_in_the_site(site):
    archive = site.root / "เอกสารเก่า" / "คำสั่ง 2566"
    archive.mkdir(parents=True)
    (archive / "คำสั่งแต่งตั้ง.pdf").write_bytes(PDF)
    _link_folder(site.root / "files/2566/คำสั่ง", archive)
    _item(
        site,
        "O1.md",
        O1.format(file="files/2566/คำสั่ง/คำสั่งแต่งตั้ง.pdf", link="files/2566/คำสั่ง/คำสั่งแต่งตั้ง.pdf"),
    )
    result = build(site.root)
    assert result.ok, result.errors
    copied = site.root / "build/files/2566/คำสั่ง/คำสั่งแต่งตั้ง.pdf"
    assert copied.read_bytes() == PDF and not copied.parent.is_symlink()


@pytest.mark.usefixtures("english")  # the assertion quotes the English wording
def test_a_linked_folder_leading_out_of_the_site_is_refused(site, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "ลับ.pdf").write_bytes(PDF)
    _link_folder(site.root / "files/2566/ลับ", outside)
    _item(site, "O1.md", O1.format(file="files/2566/ลับ/ลับ.pdf", link="files/2566/ลับ/ลับ.pdf"))
    with pytest.raises(ItagenError) as refused:
        build(site.root)
    assert [(p.path, p.line) for p in refused.value.problems] == [("content/2566/9.1/O1.md", 6)]
    assert "outside the site" in refused.value.problems[0].message
    assert not (site.root / "build").exists()


def test_paths_longer_than_260_characters_build(site):
    """Windows' old MAX_PATH: deep archives of Thai folders must still build (and be linked)."""
    folder = "เอกสารประกอบการประเมินคุณธรรมและความโปร่งใส"  # 44 characters, 132 bytes
    rel = f"files/2566/{folder}/{folder} ๒/{folder} ๓/{folder} ๔/{folder} ๕/คำสั่ง.pdf"
    try:
        site.file(rel, PDF)
    except OSError as exc:  # Windows without LongPathsEnabled: what the guide tells to switch on
        pytest.skip(f"this system refuses paths over 260 characters: {exc}")
    assert len(str((site.root / rel).resolve())) > 260
    _item(site, "O1.md", O1.format(file=rel, link=rel.replace(" ", "%20")))
    result = build(site.root)
    assert result.ok, result.errors
    out = site.root / "build" / rel
    assert len(str(out.resolve())) > 260 and out.read_bytes() == PDF
    page = site.root / "build/2566/o1/index.html"
    assert out.resolve() in {_resolves(page, h) for h in _hrefs(page)}
