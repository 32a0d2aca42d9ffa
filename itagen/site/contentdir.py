"""Stage 3 — the content/ folder: which files are items and free pages, and loading them all.

Owns the layout `content/<year>/<sub-indicator>/<code>.md|.yaml` and
`content/pages/*.md`: a year folder needs that year's catalog, an item file sits
in the folder of its sub-indicator, an item appears once per year, free pages have
names fit for an address, and a link leading outside the site is not read. Each
item file is read by site/content.py. All problems of all files are collected
before the stage fails, so one build shows every mistake.
"""

from __future__ import annotations

import re
from pathlib import Path

from itagen.catalog.load import Catalog, load_catalog
from itagen.errors import ItagenError, Problem, Problems
from itagen.site.content import ITEM_SUFFIXES, Content, FreePage, ItemContent, load_item, schema
from itagen.site.paths import SitePaths, leads_outside, outside_hint, outside_text
from itagen.thai.messages import _
from itagen.thai.text import clean_text
from itagen.site.validation import problems_from
from itagen.site.yamlio import load_yaml, read_text, split_front_matter

YEAR_RE = re.compile(r"^\d{4}$")


def load_content(
    root: Path, problems: Problems, shared: Path | None = None, numerals: str = "thai"
) -> Content:
    """Load every item and free page under ROOT/content; errors go to `problems`.

    `shared` is a workspace's shared folder: its files/ can be referenced as if they were the
    site's. Its items are inherited afterwards (shared.inherit_shared), where the site has none.
    """
    content_dir = root / "content"
    paths = SitePaths(root, (shared,) if shared is not None else ())
    years: dict[int, dict[str, ItemContent]] = {}
    catalogs: dict[int, Catalog] = {}
    pages: tuple[FreePage, ...] = ()
    if not content_dir.is_dir():
        problems.error(
            _("the site has no content/ folder"),
            "content",
            None,
            _("create content/<year>/<sub-indicator>/<code>.md, e.g. content/2566/9.1/O1.md"),
        )
        return Content(years, catalogs, pages)
    real_root = root.resolve()
    if _outside(content_dir, real_root, "content", problems):
        return Content(years, catalogs, pages)
    for entry in sorted(content_dir.iterdir()):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_symlink() and _outside(entry, real_root, f"content/{name}", problems):
            continue
        if name == "pages" and entry.is_dir():
            pages = load_pages(entry, root, problems)
        elif YEAR_RE.match(name) and entry.is_dir():
            year = int(name)
            try:
                catalog = load_catalog(year, root)
            except ItagenError as exc:
                problems.extend([_at(p, f"content/{name}") for p in exc.problems])
                continue
            catalogs[year] = catalog
            years[year] = load_year_folder(
                entry, year, catalog, root, paths, problems, numerals=numerals
            )
        else:
            problems.error(
                _("unexpected '{name}' in content/").format(name=name),
                f"content/{name}",
                None,
                _("content/ holds one folder per year (e.g. 2566/) and an optional pages/ folder"),
            )
    problems.drop_repeats("folder-unreadable")  # one error per unreadable folder, not per document
    return Content(years, catalogs, pages)


def _outside(path: Path, real_root: Path, display: str, problems: Problems) -> bool:
    """Report and return True when a content file or folder is a link leading outside the site."""
    if not leads_outside(path, real_root):
        return False
    problems.error(outside_text(display), display, None, outside_hint(), rule="content-outside")
    return True


def _at(problem: Problem, path: str) -> Problem:
    return (
        problem
        if problem.path
        else Problem(
            problem.message, path, problem.line, problem.hint, problem.severity, problem.rule
        )
    )


def load_year_folder(
    year_dir: Path,
    year: int,
    catalog: Catalog,
    root: Path,
    paths: SitePaths,
    problems: Problems,
    prefix: str = "",
    numerals: str = "thai",
) -> dict[str, ItemContent]:
    """Return the items of content/<year>/<sub>/<code>.* by code (`prefix`: a shared folder)."""
    items: dict[str, ItemContent] = {}
    real_root = root.resolve()
    for sub_dir in sorted(year_dir.iterdir()):
        display_dir = f"{prefix}content/{year}/{sub_dir.name}"
        if sub_dir.name.startswith("."):
            continue
        if not sub_dir.is_dir():
            problems.error(
                _("item files belong in a sub-indicator folder"),
                display_dir,
                None,
                _(
                    "move it to content/{year}/<sub-indicator>/, e.g. content/{year}/9.1/O1.md"
                ).format(year=year),
            )
            continue
        if sub_dir.is_symlink() and _outside(sub_dir, real_root, display_dir, problems):
            continue
        if sub_dir.name not in catalog.subindicators:
            known = ", ".join(catalog.subindicators)
            problems.error(
                _("'{name}' is not a sub-indicator of {year}").format(name=sub_dir.name, year=year),
                display_dir,
                None,
                _("the sub-indicators of {year} are {known}").format(year=year, known=known),
            )
            continue
        for path in sorted(sub_dir.iterdir()):
            if path.name.startswith(".") or path.name.endswith("~"):
                continue
            display = f"{display_dir}/{path.name}"
            if path.is_symlink() and _outside(path, real_root, display, problems):
                continue
            if path.suffix.lower() not in ITEM_SUFFIXES or not path.is_file():
                problems.error(
                    _("not an item file"),
                    display,
                    None,
                    _("item files are named by their code: O1.md (Markdown) or O1.yaml"),
                )
                continue
            try:
                item = load_item(
                    path, display, year, sub_dir.name, catalog, root, paths, problems.items,
                    numerals,
                )
            except ItagenError as exc:
                problems.extend(exc.problems)
                continue
            if item.code in items:
                problems.error(
                    _("item {code} of {year} is defined twice").format(code=item.code, year=year),
                    display,
                    1,
                    _("it is also in {path}; keep one file per item").format(
                        path=items[item.code].src
                    ),
                )
                continue
            items[item.code] = item
    return items


def load_pages(pages_dir: Path, root: Path, problems: Problems) -> tuple[FreePage, ...]:
    """Load the free pages of content/pages/; errors go to `problems`."""
    from pydantic import ValidationError

    _item, page_model = schema()
    pages = []
    for path in sorted(pages_dir.iterdir()):
        display = f"content/pages/{path.name}"
        if (
            path.name.startswith(".")
            or path.name.endswith("~")
            or not path.is_file()
            and path.suffix.lower() != ".md"
        ):
            continue
        if (
            path.suffix.lower() != ".md" or not path.is_file()
        ):  # a folder or a broken link named *.md
            problems.error(_("free pages are Markdown files (.md)"), display)
            continue
        if path.is_symlink() and _outside(path, root.resolve(), display, problems):
            continue
        slug = path.stem
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", slug):
            problems.error(
                _("the page name '{name}' becomes part of its address").format(name=slug),
                display,
                None,
                _("name free pages with lowercase English letters, digits and '-', e.g. about.md"),
            )
            continue
        try:
            text = read_text(path, display)
            front, body, body_line = split_front_matter(text, display)
            raw = load_yaml(front, display, 2, problems.items)
            try:
                spec = page_model.model_validate(raw if isinstance(raw, dict) else {})
            except ValidationError as exc:
                raise ItagenError(problems_from(exc, page_model, front, display, 2)) from None
        except ItagenError as exc:
            problems.extend(exc.problems)
            continue
        pages.append(FreePage(slug, clean_text(spec.title), clean_text(body), body_line, display))
    return tuple(pages)
