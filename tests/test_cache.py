"""The build cache: a rebuild gives the same bytes as a clean build after every kind of change."""

from __future__ import annotations

import os
import time

import pytest

from itagen.build import build
from itagen.cache import CACHE_DIR, STATE
from itagen.catalog import BUILTIN_DIR
from itagen.cli import main

from .test_build import tree_digest


def touch_later(path) -> None:
    """Make sure a rewritten file's modification time differs even on coarse clocks."""
    later = time.time() + 5
    os.utime(path, (later, later))


CHANGES = {
    "item": lambda s: s.item("9.1", "O1", "", "ข้อความใหม่ของ O1\n"),
    "new item": lambda s: s.item("9.1", "O2", "", "ข้อ O2\n"),
    "file": lambda s: s.file("files/2566/structure.pdf", b"%PDF-1.4 a new version, longer\n"),
    "theme template": lambda s: s.write("themes/default/item.html",
                                        '{% extends "default/item.html" %}{% block title %}แก้แล้ว{% endblock %}'),
    "site.yaml": lambda s: s.write("site.yaml", (s.root / "site.yaml").read_text(encoding="utf-8")
                                   .replace("อบต.ทดสอบ", "อบต.ทดสอบใหม่")),
    "catalog": lambda s: s.write("catalogs/2566.yaml", (BUILTIN_DIR / "2566.yaml").read_text(encoding="utf-8")
                                 .replace("title: โครงสร้าง\n", "title: โครงสร้างองค์กร\n", 1)),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_cached_rebuild_equals_a_clean_build_after_each_kind_of_change(site, tmp_path, change):
    out = tmp_path / "out"
    assert not build(site.root, out).cached
    assert build(site.root, out).cached, "nothing changed: the build is skipped"
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file() and CACHE_DIR not in p.parts}
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
    for garbage in ("{not json", '{"version": "0.0.0", "key": "x", "out_stamp": "y", "pages": 1, "files": 1}',
                    '["a list"]', ""):
        state.write_text(garbage, encoding="utf-8")
        assert not build(site.root, out).cached


def test_an_output_changed_by_hand_is_rebuilt(site, tmp_path):
    out = tmp_path / "out"
    build(site.root, out)
    before = tree_digest(out)
    (out / "2566/o1/index.html").unlink()
    assert not build(site.root, out).cached
    assert tree_digest(out) == before


def test_no_cache_and_itagen_clean(site, capsys):
    assert main(["build", str(site.root), "-q"]) == 0
    assert main(["build", str(site.root)]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["build", str(site.root), "--no-cache"]) == 0
    assert "built 47 pages" in capsys.readouterr().out
    assert main(["clean", str(site.root)]) == 0
    assert not (site.root / CACHE_DIR).exists() and not (site.root / "build").exists()
    assert (site.root / "content/2566/9.1/O1.md").is_file(), "sources are never touched"


def test_editing_an_existing_override_template_in_the_same_process_is_seen(site, tmp_path):
    """Templates compile once per process; an edit must still reach the next build and its cache."""
    site.write("themes/default/404.html", '{% extends "default/404.html" %}{% block title %}ก่อน{% endblock %}')
    out = tmp_path / "out"
    build(site.root, out)
    assert "<title>ก่อน" in (out / "404.html").read_text(encoding="utf-8")
    path = site.write("themes/default/404.html", '{% extends "default/404.html" %}{% block title %}หลัง{% endblock %}')
    touch_later(path)
    build(site.root, out)
    assert "<title>หลัง" in (out / "404.html").read_text(encoding="utf-8")
    assert build(site.root, out).cached
