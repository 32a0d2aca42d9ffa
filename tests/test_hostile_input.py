"""Never a traceback: broken files of every kind give a clean error with file and line, or just
work.

Every file a webmaster writes — site.yaml, an item as Markdown or YAML, a free
page, a site's own catalog, a site theme's theme.yaml — is fed the faults real
files have: another encoding (TIS-620/CP874, Latin-1, UTF-16), a BOM, CRLF or
CR line endings, tabs in YAML, an empty or blank file, NUL bytes, binary junk,
a folder or a symbolic-link loop in its place. A BOM and any line ending build
as if the file were clean; everything else is an ItagenError naming the file
(and the line where there is one), and the CLI exits 1 without a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

import pytest

from itagen.build import build
from itagen.cli import main
from itagen.errors import ItagenError

from .conftest import REPO, SITE_YAML
from .htmlcheck import soup

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


@dataclass(frozen=True)
class Kind:
    """One kind of source file: where it lives, a valid text, and the lines its faults land on."""

    rel: str
    text: str
    thai_line: int  # the first line with Thai text: where a non-UTF-8 file first fails
    tab_text: str  # the same file with a tab used as YAML indentation
    tab_line: int


CATALOG = (REPO / "itagen/catalog/years/2566.yaml").read_text(encoding="utf-8")
_CATALOG_THAI = next(i for i, line in enumerate(CATALOG.splitlines(), 1) if not line.isascii())

KINDS = {
    "site.yaml": Kind("site.yaml", SITE_YAML, 2, SITE_YAML.replace("  name:", "\tname:"), 2),
    "item.md": Kind(
        "content/2566/9.1/O1.md",
        "---\ncode: O1\ntitle: โครงสร้าง\ndocuments:\n  - title: แผนผัง\n"
        "    file: files/2566/structure.pdf\n"
        "---\nเนื้อหา ภาษาไทย\n\nย่อหน้าที่สอง\n",
        3,
        "---\ncode: O1\ntitle: โครงสร้าง\ndocuments:\n\t- title: แผนผัง\n"
        "    file: files/2566/structure.pdf\n---\n",
        5,
    ),
    "item.yaml": Kind(
        "content/2566/9.1/O1.yaml",
        "code: O1\ntitle: โครงสร้าง\ndocuments:\n  - title: แผนผัง\n"
        "    file: files/2566/structure.pdf\n",
        2,
        "code: O1\ntitle: โครงสร้าง\ndocuments:\n\t- title: แผนผัง\n"
        "    file: files/2566/structure.pdf\n",
        4,
    ),
    "page.md": Kind(
        "content/pages/about.md",
        "---\ntitle: เกี่ยวกับเรา\n---\nเนื้อหา ภาษาไทย\n",
        2,
        "---\ntitle: เกี่ยวกับเรา\nx:\n\t- y\n---\n",
        4,
    ),
    "catalog": Kind(
        "catalogs/2566.yaml",
        CATALOG,
        _CATALOG_THAI,
        CATALOG.replace("\n  ", "\n\t", 1),
        1 + CATALOG.split("\n  ", 1)[0].count("\n") + 1,
    ),
    "theme.yaml": Kind(
        "themes/mine/theme.yaml",
        "description: ธีมของ อบต.\nextends: default\n",
        1,
        "description: ธีมของ อบต.\nextends:\n\t- default\n",
        3,
    ),
}


def _write(site, kind: Kind, data: bytes) -> None:
    if kind.rel == "content/2566/9.1/O1.yaml":
        (site.root / "content/2566/9.1/O1.md").unlink()
    if kind.rel.startswith("themes/"):
        site.write("site.yaml", SITE_YAML.replace("theme: default", "theme: mine"))
    path = site.root / kind.rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _fails_at(site, kind: Kind, line: int | None, message: str) -> ItagenError:
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    errors = [p for p in caught.value.problems if p.is_error]
    assert errors, "an ItagenError with at least one error"
    mine = [p for p in errors if p.path and p.path.endswith(kind.rel)]
    assert mine, f"an error names {kind.rel}: {errors}"
    if line is not None:
        assert mine[0].line == line, mine[0]
    assert message in mine[0].message.lower() + " " + (mine[0].hint or "").lower(), mine[0]
    assert not (site.root / "build").exists()
    return caught.value


ENCODINGS = {"cp874": "cp874", "tis-620": "tis-620", "one bad byte": None, "utf-16": "utf-16"}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_file_in_another_encoding_is_named_with_its_line(site, kind, encoding):
    k = KINDS[kind]
    if ENCODINGS[encoding] is None:
        # UTF-8 with one broken byte at the end of the first Thai line
        line = k.text.split("\n")[k.thai_line - 1].encode("utf-8")
        data = k.text.encode("utf-8")
        at = data.index(line) + len(line) - 1
        data = data[:at] + b"\xff" + data[at + 1 :]
        line = k.thai_line
    else:
        # Characters the code page lacks (§, –) become '?', as a Windows editor would save them.
        data = k.text.encode(ENCODINGS[encoding], errors="replace")
        rows = data.split(b"\n")
        line = next(i for i, row in enumerate(rows, 1) if not row.isascii())
    _write(site, k, data)
    _fails_at(site, k, line, "not utf-8")


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_bom_and_any_line_ending_build_like_a_clean_file(site, tmp_path, kind, bom, ending):
    k = KINDS[kind]
    _write(
        site, k, (b"\xef\xbb\xbf" if bom else b"") + k.text.replace("\n", ending).encode("utf-8")
    )
    out = tmp_path / "out"
    build(site.root, out)
    index = (out / "2566/index.html").read_text(encoding="utf-8")
    assert "\r" not in index and "\ufeff" not in index
    if kind.startswith("item"):
        page = soup(out / "2566/o1/index.html")
        assert page.h1.get_text(" ", strip=True) == "O1 โครงสร้าง"
        assert page.select_one(".documents a").get_text() == "แผนผัง"
        if kind == "item.md":
            assert [p.get_text() for p in page.select(".body p")] == ["เนื้อหา ภาษาไทย", "ย่อหน้าที่สอง"]
    if kind == "page.md":
        assert soup(out / "pages/about/index.html").h1.get_text() == "เกี่ยวกับเรา"


@pytest.mark.parametrize("kind", KINDS)
def test_tabs_in_yaml_are_named_with_their_line_and_a_hint(site, kind):
    k = KINDS[kind]
    _write(site, k, k.tab_text.encode("utf-8"))
    _fails_at(site, k, k.tab_line, "tab")


EMPTY = {
    "empty": b"",
    "blank": b"  \n\n\t\n",
    "bom only": b"\xef\xbb\xbf",
    "nul bytes": b"\0\0\0\n\0",
    "binary junk": bytes(range(256)) * 4,
    "only dashes": b"---\n",
    "a pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
}


@pytest.mark.parametrize("content", EMPTY)
@pytest.mark.parametrize("kind", KINDS)
def test_empty_and_junk_files_are_clean_errors(site, kind, content):
    k = KINDS[kind]
    _write(site, k, EMPTY[content])
    if kind == "theme.yaml" and content in ("empty", "bom only", "only dashes"):
        # An empty theme.yaml is a theme of its own with no parent: it lacks the templates.
        with pytest.raises(ItagenError, match="has no template"):
            build(site.root)
        return
    _fails_at(site, k, None, "")


@pytest.mark.parametrize("kind", ["site.yaml", "item.md", "item.yaml", "page.md"])
def test_a_folder_or_a_link_loop_where_a_file_belongs(site, kind):
    k = KINDS[kind]
    _write(site, k, b"")
    path = site.root / k.rel
    path.unlink()
    path.mkdir()
    with pytest.raises(ItagenError):
        build(site.root)
    path.rmdir()
    os.symlink(path, path)
    with pytest.raises(ItagenError):
        build(site.root)


# -- the command line ----------------------------------------------------------------------

BROKEN = {
    "site.yaml in CP874": ("site.yaml", SITE_YAML.encode("cp874")),
    "site.yaml empty": ("site.yaml", b""),
    "site.yaml a list": ("site.yaml", b"- a\n- b\n"),
    "item with a tab": ("content/2566/9.1/O1.md", KINDS["item.md"].tab_text.encode()),
    "item not closed": ("content/2566/9.1/O1.md", b"---\ncode: O1\n"),
    "item in UTF-16": ("content/2566/9.1/O1.md", KINDS["item.md"].text.encode("utf-16")),
    "item with javascript:": (
        "content/2566/9.1/O1.md",
        b"---\ncode: O1\n---\n[x](javascript:alert(1))\n",
    ),
    "item with a bad date": (
        "content/2566/9.1/O1.md",
        "---\ncode: O1\nupdated: 31 เมษายน 2566\n---\n".encode(),
    ),
    "item with unknown code": ("content/2566/9.1/O1.md", b"---\ncode: O99\n---\n"),
    "file: outside": (
        "content/2566/9.1/O1.md",
        b"---\ncode: O1\ndocuments:\n  - {title: x, file: ../x}\n---\n",
    ),
    "file: with NUL": (
        "content/2566/9.1/O1.md",
        b'---\ncode: O1\ndocuments:\n  - {title: x, file: "a\\0"}\n---\n',
    ),
    "theme a path": ("site.yaml", SITE_YAML.replace("theme: default", "theme: ../../etc").encode()),
    "survey link too long": ("site.yaml", SITE_YAML.replace("xgitdi", "x" * 3000).encode()),
    "huge year": ("content/99999999999999999999/9.1/O1.md", b"---\ncode: O1\n---\n"),
}


@pytest.mark.parametrize("case", BROKEN)
def test_the_cli_prints_errors_not_tracebacks_and_exits_1(site, capsys, case):
    rel, data = BROKEN[case]
    path = site.root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    assert main(["build", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error" in err
    assert "internal error" not in err, "a clean itagen error, not the last line of defence"
    assert not (site.root / "build").exists()


def test_a_real_process_prints_no_traceback(site, tmp_path):
    (site.root / "site.yaml").write_bytes(SITE_YAML.encode("cp874"))
    proc = subprocess.run(
        [sys.executable, "-m", "itagen", "build", str(site.root)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1
    assert "site.yaml:2: error: the file is not UTF-8 text" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_bug_in_itagen_is_one_clear_line_not_a_traceback(site, capsys, monkeypatch):
    """The last line of defence: an unexpected exception still reaches the webmaster as one
    message."""
    import itagen.build

    def broken(*args, **kwargs):
        raise RuntimeError("something itagen did not expect")

    monkeypatch.setattr(itagen.build, "load_site", broken)
    monkeypatch.delenv("ITAGEN_DEBUG", raising=False)
    assert main(["build", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "internal error: RuntimeError: something itagen did not expect" in err
    assert "ITAGEN_DEBUG=1" in err


def test_an_os_error_is_one_clear_line(site, capsys, monkeypatch):
    import itagen.build

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(site.root / "build"))

    monkeypatch.setattr(itagen.build, "load_site", disk_full)
    assert main(["build", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert (
        "Traceback" not in err
        and "No space left on device" in err
        and str(site.root / "build") in err
    )


# -- faults found while fuzzing, kept as examples --------------------------------------------


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_line_numbers(site, separator):
    """YAML breaks lines at U+2028/U+2029/NEL too; editors and itagen count LF only."""
    site.item("9.1", "O2", f'title: "ก{separator}ข"\nupdated: 31 เมษายน 2566\n', "")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert [(p.path, p.line) for p in caught.value.problems] == [("content/2566/9.1/O2.md", 4)]


@pytest.mark.parametrize("key", ["'['", "str", "int", "'a[0]'", "'list[str]'"])
def test_keys_that_look_like_pydantic_internals_are_plain_unknown_keys(site, key):
    """pydantic puts 'str' and 'x[...]' in error locations; a webmaster's key of that shape is still
    a key."""
    site.item(
        "9.1",
        "O2",
        f"{key}: 1\ndocuments:\n  - title: x\n    url: https://example.org/\n    {key}: 2\n",
        "",
    )
    site.write("content/pages/about.md", f"---\ntitle: เกี่ยวกับเรา\n{key}: 1\n---\n")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    found = sorted((p.path, p.line) for p in caught.value.problems)
    assert found == [
        ("content/2566/9.1/O2.md", 3),
        ("content/2566/9.1/O2.md", 7),
        ("content/pages/about.md", 3),
    ]
    assert all(p.message.startswith("unknown key") for p in caught.value.problems)
    site.write(
        "site.yaml", SITE_YAML.replace("  district: เกาะคา\n", f"  district: เกาะคา\n  {key}: 1\n")
    )
    with pytest.raises(ItagenError, match="unknown key") as caught:
        build(site.root)
    assert [(p.path, p.line) for p in caught.value.problems if p.is_error] == [("site.yaml", 6)]


def test_a_survey_link_too_long_for_a_qr_code_is_named_in_site_yaml(site):
    site.write("site.yaml", SITE_YAML.replace("xgitdi", "x" * 1500))
    with pytest.raises(ItagenError, match="too long for a QR code") as caught:
        build(site.root)
    assert [(p.path, p.line) for p in caught.value.problems] == [("site.yaml", 6)]


@pytest.mark.parametrize("theme", ["../../etc", "/etc", "default/../default", "a b", ".hidden"])
def test_a_theme_is_a_name_not_a_path(site, theme):
    site.write("site.yaml", SITE_YAML.replace("theme: default", f"theme: '{theme}'"))
    with pytest.raises(ItagenError, match="is not a theme name"):
        build(site.root)


def test_a_folder_named_like_a_free_page_is_reported(site):
    (site.root / "content/pages/about.md").mkdir(parents=True)
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    assert [p.path for p in caught.value.problems] == ["content/pages/about.md"]


# -- issue 23: alias bombs in messages, duplicate keys -----------------------------------------


def _bomb(depth: int, key: str = "a") -> str:
    """YAML anchors of anchors: 10**depth values for a few hundred bytes."""
    lines = [f"{key}0: &{key}0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [
        f"{key}{i}: &{key}{i} [" + ", ".join([f"*{key}{i - 1}"] * 10) + "]" for i in range(1, depth)
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("depth", [9, 10])
@pytest.mark.parametrize("where", ["updated", "document date", "site.yaml"])
def test_an_alias_bomb_is_refused_fast_with_a_short_message(site, tmp_path, depth, where):
    if where == "updated":
        site.item("9.1", "O2", _bomb(depth) + f"updated: *a{depth - 1}\n", "ข้อมูล\n")
        shown = "content/2566/9.1/O2.md"
    elif where == "document date":
        site.item(
            "9.1",
            "O2",
            _bomb(depth) + "documents:\n  - title: แผน\n"
            f"    file: files/2566/structure.pdf\n    date: *a{depth - 1}\n",
            "ข้อมูล\n",
        )
        shown = "content/2566/9.1/O2.md"
    else:
        site.write("site.yaml", SITE_YAML + _bomb(depth, "x") + f"cname: *x{depth - 1}\n")
        shown = "site.yaml"
    env = {**os.environ, "ITAGEN_LANG": "en"}
    command = [sys.executable, "-m", "itagen", "build", str(site.root), "-o", str(tmp_path / "o")]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert proc.returncode == 1
    assert len(proc.stderr) < 2_000, proc.stderr[:3000]
    assert "Traceback" not in proc.stderr
    assert f"{shown}:" in proc.stderr and "expand to more than 100,000 values" in proc.stderr


def test_values_quoted_in_messages_are_bounded(site, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    # A small alias tree (under the limit) is still long when written out: the message is not.
    site.item("9.1", "O2", "x: &x [" + ", ".join(["ยาวมากมาก"] * 300) + "]\nupdated: *x\n", "")
    site.item("9.1", "O3", "updated: '" + "๑" * 5000 + "'\n", "")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    messages = [p.message for p in caught.value.problems]
    assert len(messages) >= 2 and all(len(m) < 600 for m in messages), messages
    assert any("…" in m for m in messages)


def test_an_alias_that_contains_itself_is_named(site, monkeypatch):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    site.item("9.1", "O2", "title: ok\ndocuments: &d\n  - *d\n", "")
    with pytest.raises(ItagenError) as caught:
        build(site.root)
    [problem] = [p for p in caught.value.problems if p.is_error]
    assert problem.path == "content/2566/9.1/O2.md" and "refers to itself" in problem.message


@pytest.mark.parametrize("where", ["item", "site.yaml", "free page", "with an alias"])
def test_a_key_written_twice_is_a_warning_naming_both_lines(site, tmp_path, monkeypatch, where):
    monkeypatch.setenv("ITAGEN_LANG", "en")
    if where == "item":
        site.item("9.1", "O2", "title: หนึ่ง\nupdated: 2566-01-16\ntitle: สอง\n", "ข้อมูล\n")
        shown, lines = "content/2566/9.1/O2.md", (3, 5)
    elif where == "with an alias":
        site.item("9.1", "O2", "x: &x ok\ntitle: *x\nupdated: 2566-01-16\ntitle: สอง\n", "ข้อมูล\n")
        shown, lines = "content/2566/9.1/O2.md", (4, 6)
    elif where == "free page":
        site.write("content/pages/about.md", "---\ntitle: หนึ่ง\ntitle: สอง\n---\nข้อความ\n")
        shown, lines = "content/pages/about.md", (2, 3)
    else:
        site.write("site.yaml", SITE_YAML + "numerals: arabic\n")
        shown, lines = "site.yaml", (SITE_YAML.count("\n"), SITE_YAML.count("\n") + 1)
    if where != "with an alias":
        result = build(site.root, tmp_path / "out")
        warnings = [p for p in result.warnings if p.rule == "yaml-duplicate-key"]
    else:
        with pytest.raises(ItagenError) as caught:  # the extra key x: is an error; the warning too
            build(site.root, tmp_path / "out")
        warnings = [p for p in caught.value.problems if p.rule == "yaml-duplicate-key"]
    [warning] = warnings
    assert warning.path == shown and warning.line == lines[1]
    assert f"lines {lines[0]} and {lines[1]}" in warning.message
