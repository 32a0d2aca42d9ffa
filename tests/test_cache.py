"""The build cache: a rebuild gives the same bytes as a clean build after every kind of change."""

from __future__ import annotations

import os
import time

import pytest

from itagen.build import build
from itagen.cache.bodies import bodies_folder
from itagen.cache.site import CACHE_DIR, STATE
from itagen.catalog.load import BUILTIN_DIR
from itagen.cli import main
from itagen.errors import ItagenError

from .test_build import tree_digest

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def touch_later(path) -> None:
    """Make sure a rewritten file's modification time differs even on coarse clocks."""
    later = time.time() + 5
    os.utime(path, (later, later))


CHANGES = {
    "item": lambda s: s.item("9.1", "O1", "", "ข้อความใหม่ของ O1\n"),
    "new item": lambda s: s.item("9.1", "O2", "", "ข้อ O2\n"),
    "file": lambda s: s.file("files/2566/structure.pdf", b"%PDF-1.4 a new version, longer\n"),
    "theme template": lambda s: s.write(
        "themes/default/item.html",
        '{% extends "default/item.html" %}{% block title %}แก้แล้ว{% endblock %}',
    ),
    "site.yaml": lambda s: s.write(
        "site.yaml",
        (s.root / "site.yaml").read_text(encoding="utf-8").replace("อบต.ทดสอบ", "อบต.ทดสอบใหม่"),
    ),
    "catalog": lambda s: s.write(
        "catalogs/2566.yaml",
        (BUILTIN_DIR / "2566.yaml")
        .read_text(encoding="utf-8")
        .replace("title: โครงสร้าง\n", "title: โครงสร้างองค์กร\n", 1),
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_cached_rebuild_equals_a_clean_build_after_each_kind_of_change(site, tmp_path, change):
    out = tmp_path / "out"
    assert not build(site.root, out).cached
    assert build(site.root, out).cached, "nothing changed: the build is skipped"
    before = {
        p: p.read_bytes() for p in site.root.rglob("*") if p.is_file() and CACHE_DIR not in p.parts
    }
    CHANGES[change](site)
    for path in site.root.rglob("*"):
        if path.is_file() and CACHE_DIR not in path.parts and before.get(path) != path.read_bytes():
            touch_later(path)  # only the files the change wrote
    result = build(site.root, out)
    assert not result.cached, f"a {change} change must be noticed"
    clean = tmp_path / "clean"
    build(site.root, clean, use_cache=False)
    assert tree_digest(out) == tree_digest(clean)
    assert build(site.root, out).cached


def test_a_corrupt_or_foreign_cache_is_not_trusted(site, tmp_path):
    out = tmp_path / "out"
    build(site.root, out)
    state = site.root / CACHE_DIR / STATE
    for garbage in (
        "{not json",
        '{"version": "0.0.0", "key": "x", "out_stamp": "y", "pages": 1, "files": 1}',
        '["a list"]',
        "",
    ):
        state.write_text(garbage, encoding="utf-8")
        assert not build(site.root, out).cached


def test_an_output_changed_by_hand_is_rebuilt(site, tmp_path):
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_digest(out)
    (out / "2566/o1/index.html").unlink()
    assert not build(site.root, out).cached
    assert tree_digest(out) == before
    for added in ("google1234.html", "2566/o1/notes.txt", "files/2566/extra.pdf"):
        time.sleep(
            0.02
        )  # a hand edit comes later than the build; some kernels' file clocks tick every few ms
        (out / added).write_text("added by hand\n", encoding="utf-8")
        assert not build(site.root, out).cached, (
            f"{added} would survive a rebuild but not a clean build"
        )
        assert tree_digest(out) == before


def test_no_cache_and_itagen_clean(site, capsys):
    assert main(["build", str(site.root), "-q"]) == 0
    assert main(["build", str(site.root)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", str(site.root), "--no-cache"]) == 0
    assert "built 47 pages" in capsys.readouterr().out
    assert list(bodies_folder(site.root).glob("bodies.*"))
    assert main(["clean", str(site.root)]) == 0
    assert not list(bodies_folder(site.root).glob("bodies.*")), "the site's bodies go too"
    assert not (site.root / CACHE_DIR).exists() and not (site.root / "build").exists()
    assert (site.root / "content/2566/9.1/O1.md").is_file(), "sources are never touched"


def test_editing_an_existing_override_template_in_the_same_process_is_seen(site, tmp_path):
    """Templates compile once per process; an edit must still reach the next build and its cache."""
    site.write(
        "themes/default/404.html",
        '{% extends "default/404.html" %}{% block title %}ก่อน{% endblock %}',
    )
    out = tmp_path / "out"
    build(site.root, out)
    assert "<title>ก่อน" in (out / "404.html").read_text(encoding="utf-8")
    path = site.write(
        "themes/default/404.html",
        '{% extends "default/404.html" %}{% block title %}หลัง{% endblock %}',
    )
    touch_later(path)
    build(site.root, out)
    assert "<title>หลัง" in (out / "404.html").read_text(encoding="utf-8")
    assert build(site.root, out).cached


# -- the body cache: Markdown rendered by the last build, reused only when still exact ------------


@pytest.fixture
def parses(monkeypatch):
    """Count the Markdown bodies parsed (the work the body cache saves)."""
    from markdown_it import MarkdownIt

    seen: list[str] = []
    original = MarkdownIt.parse

    def counting(self, src, env=None):
        seen.append(src)
        return original(self, src, env)

    monkeypatch.setattr(MarkdownIt, "parse", counting)
    return seen


def _two_items(site):
    site.file("files/2566/plan.pdf")
    site.item(
        "9.1", "O2", "", "ดู[แผน](files/2566/plan.pdf) และ[โครงสร้าง](content/2566/9.1/O1.md)\n"
    )


def test_a_rebuild_renders_only_the_bodies_that_changed(site, tmp_path, parses):
    _two_items(site)
    out = tmp_path / "out"
    build(site.root, out)
    assert len(parses) == 2
    parses.clear()
    touch_later(site.item("9.1", "O1", "", "ข้อความใหม่ของ O1\n"))
    build(site.root, out)
    assert parses == ["ข้อความใหม่ของ O1\n"], "the other item's body comes from the cache"
    parses.clear()
    config = site.root / "site.yaml"
    touch_later(
        site.write("site.yaml", config.read_text(encoding="utf-8").replace("อบต.ทดสอบ", "อบต.ใหม่"))
    )
    result = build(site.root, out)
    assert not result.cached and parses == [], "a new agency name re-renders every page but no body"
    assert "อบต.ใหม่" in (out / "2566/o2/index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    build(site.root, clean, use_cache=False)
    assert tree_digest(out) == tree_digest(clean)


def test_a_cached_body_whose_link_target_is_gone_is_rendered_again(site, tmp_path, parses):
    _two_items(site)
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_digest(out)
    (site.root / "files/2566/plan.pdf").unlink()
    touch_later(site.root / "files/2566")
    with pytest.raises(ItagenError) as exc:
        build(site.root, out)
    assert any(
        "files/2566/plan.pdf" in p.message and p.path == "content/2566/9.1/O2.md"
        for p in exc.value.problems
    )
    assert tree_digest(out) == before


def test_a_damaged_body_cache_is_not_trusted(site, tmp_path, parses):
    _two_items(site)
    out = tmp_path / "out"
    build(site.root, out)
    clean = tree_digest(out)
    folder = bodies_folder(site.root)
    parts = sorted(folder.glob("bodies.*"))
    assert parts, "the build left its bodies for the next one"
    data = parts[0].read_bytes()
    for damaged in (
        data.replace("โครงสร้าง".encode(), b"<script>"),
        data[: len(data) // 2],
        b"\x00" * 40,
        data.replace(b"itagen-bodies-2", b"other-bodies"),
    ):
        parts[0].write_bytes(damaged)
        touch_later(site.item("9.1", "O1", "", f"แก้ {len(damaged)}\n"))
        parses.clear()
        build(site.root, out)
        assert "ดู" in "".join(parses), "the damaged entry was rendered again, not read"
        assert "<script>" not in (out / "2566/o2/index.html").read_text(encoding="utf-8")
    build(site.root, tmp_path / "clean", use_cache=False)
    assert tree_digest(out) == tree_digest(tmp_path / "clean")
    assert clean != tree_digest(out)  # O1 did change


def test_bodies_are_kept_only_in_the_users_own_folder(site, tmp_path, parses, monkeypatch):
    """Nothing in the site (a repository, a CI cache restored into it) is read as rendered HTML,
    and a folder others can write to is not used: the trust model of Python's own __pycache__."""
    _two_items(site)
    out = tmp_path / "out"
    build(site.root, out)
    folder = bodies_folder(site.root)
    assert folder.is_relative_to(os.environ["XDG_CACHE_HOME"])
    assert not folder.is_relative_to(site.root)
    assert folder.stat().st_mode & 0o077 == 0, "the user's own: no one else may read or write it"
    assert not list((site.root / CACHE_DIR).glob("bodies.*")), "no rendered HTML in the site folder"
    part = next(folder.glob("bodies.*"))
    planted = part.read_bytes().replace("ดู".encode(), b"<script>")
    (site.root / CACHE_DIR / "bodies.0").write_bytes(planted)
    folder.chmod(0o777)  # now others could put HTML there
    touch_later(site.item("9.1", "O1", "", "แก้ไข\n"))
    parses.clear()
    build(site.root, out)
    assert len(parses) == 2, "a folder others can write to is not read: every body is rendered"
    assert "<script>" not in (out / "2566/o2/index.html").read_text(encoding="utf-8")
    folder.chmod(0o700)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    touch_later(site.item("9.1", "O1", "", "แก้ไขอีกครั้ง\n"))
    parses.clear()
    build(site.root, out)
    assert len(parses) == 2, "another user's cache folder starts empty"


@pytest.mark.parametrize("kind", ["folder", "fifo", "link to /dev/zero", "link to a file outside"])
def test_things_named_like_cache_files_are_never_read(site, tmp_path, parses, kind):
    _two_items(site)
    out = tmp_path / "out"
    build(site.root, out)
    folder = bodies_folder(site.root)
    for part in folder.glob("bodies.*"):
        part.unlink()
    target = folder / "bodies.0"
    outside = tmp_path / "outside.txt"
    outside.write_text("ของคนอื่น\n", encoding="utf-8")
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "link to /dev/zero":
        target.symlink_to("/dev/zero")
    else:
        target.symlink_to(outside)
    touch_later(site.item("9.1", "O1", "", "แก้ไข\n"))
    build(site.root, out)  # neither hangs nor fails
    assert outside.read_text(encoding="utf-8") == "ของคนอื่น\n", (
        "a link is never written through or deleted"
    )
    build(site.root, tmp_path / "clean", use_cache=False)
    assert tree_digest(out) == tree_digest(tmp_path / "clean")


def test_a_cache_folder_that_is_a_link_is_not_used(site, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "bodies.important").write_text("keep", encoding="utf-8")
    (victim / ".gitignore").write_text("mine\n", encoding="utf-8")
    (site.root / CACHE_DIR).symlink_to(victim)
    out = tmp_path / "out"
    assert not build(site.root, out).cached
    assert not build(site.root, out).cached, "no cache is kept through a link"
    assert sorted(p.name for p in victim.iterdir()) == [".gitignore", "bodies.important"]
    assert (victim / ".gitignore").read_text(encoding="utf-8") == "mine\n"
    assert main(["clean", str(site.root)]) == 0
    assert (
        not (site.root / CACHE_DIR).exists()
        and victim.is_dir()
        and (victim / "bodies.important").is_file()
    )


def test_two_links_to_one_content_folder_are_both_followed(site, tmp_path):
    """A second link to a folder another link already reaches is a change (the cache sees it).

    The folder is inside the site: content linked to outside it is refused (SECURITY.md §4)."""
    shared = site.root / "drafts/9.1"
    shared.parent.mkdir()
    (site.root / "content/2566/9.1").rename(shared)
    (site.root / "content/2566/9.1").symlink_to(shared)
    out = tmp_path / "out"
    build(site.root, out)
    (site.root / "content/2567").mkdir()
    (site.root / "content/2567/9.1").symlink_to(shared)
    result = build(site.root, out)
    assert not result.cached
    assert result.pages == build(site.root, tmp_path / "clean", use_cache=False).pages


def test_a_file_changed_in_a_linked_folder_of_files_is_a_change(site, tmp_path):
    """files/ is published through links to folders inside the site, so the cache looks through them
    too."""
    doc = site.file("archive/2565/plan.pdf", b"%PDF old\n")
    (site.root / "files/2565").symlink_to(site.root / "archive/2565")
    out = tmp_path / "out"
    build(site.root, out)
    doc.write_bytes(b"%PDF new, longer\n")
    result = build(site.root, out)
    assert not result.cached
    assert (out / "files/2565/plan.pdf").read_bytes() == b"%PDF new, longer\n"


def test_a_link_loop_in_content_ends(site, tmp_path):
    (site.root / "content/2566/9.1/loop").symlink_to(site.root / "content/2566")
    from itagen.cache.site import input_key

    key = input_key(
        site.root, tmp_path / "out", None, None, None
    )  # returns: the loop is walked once
    assert key == input_key(site.root, tmp_path / "out", None, None, None)


def test_compiled_templates_are_kept_only_where_it_is_safe(site, tmp_path, monkeypatch):
    """Jinja's bytecode cache in the user's cache folder: used, refused when others can write it,
    never fatal."""
    import shutil

    from pathlib import Path

    from itagen.cache.templates import bytecode_cache
    from itagen.render import jinjaenv as render

    user = tmp_path / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(user))
    folder = user / "itagen/jinja"
    try:
        bytecode_cache.cache_clear()
        render.cached_environment.cache_clear()
        clean = tmp_path / "clean"
        build(site.root, clean, use_cache=False)
        assert list(folder.glob("itagen*-*.cache")), "the compiled templates were kept"
        for cached in folder.glob("itagen*-*.cache"):
            cached.write_bytes(cached.read_bytes()[:20])  # truncated
        render.cached_environment.cache_clear()
        build(site.root, tmp_path / "truncated", use_cache=False)
        assert tree_digest(tmp_path / "truncated") == tree_digest(clean)
        shutil.rmtree(folder)  # gone while the process runs (a cleaner, or serve running for days)
        render.cached_environment.cache_clear()
        build(site.root, tmp_path / "gone", use_cache=False)
        assert tree_digest(tmp_path / "gone") == tree_digest(clean)
        folder.mkdir(mode=0o700)
        folder.chmod(0o777)
        bytecode_cache.cache_clear()
        assert bytecode_cache(Path(render.__file__)) is None, (
            "others can write there: no code loaded"
        )
    finally:
        bytecode_cache.cache_clear()
        render.cached_environment.cache_clear()


def test_two_processes_making_the_cache_folder_at_once_both_keep_their_bodies(
    tmp_path, monkeypatch
):
    """The .gitignore made by another process between our unlink and open is not a failure
    (this race lost a forked worker's whole part file, now and then)."""
    from itagen.cache import bodies as bodycache

    folder = tmp_path / CACHE_DIR
    original = bodycache.create_new

    def raced(path):
        if path.name == ".gitignore":
            path.write_bytes(b"*\n")  # the other process wins the race
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        return original(path)

    monkeypatch.setattr(bodycache, "create_new", raced)
    bodycache.prepare_folder(folder)
    assert (folder / ".gitignore").read_bytes() == b"*\n"
