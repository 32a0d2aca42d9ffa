"""Stage 3 — content: the item files and free pages a webmaster writes.

Owns the layout `content/<year>/<sub-indicator>/<code>.md|.yaml` and
`content/pages/*.md`, the item front-matter schema, and the rules that tie a
file to the catalog: the code must exist in that year's catalog, the file name
and folder must agree with it, an item appears once, and every `file:` exists
inside the site. Text is cleaned (NFC, sara am, zero-width characters) on load;
the source files are never written. All problems of all files are collected
before the stage fails, so one build shows every mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itagen.catalog.load import Catalog, load_catalog
from itagen.errors import ItagenError, Problem, Problems
from itagen.site.paths import SitePaths, UnreadableFolder, UnsafePath, leads_outside, similar_file
from itagen.thai.messages import _
from itagen.thai.text import clean_text, normalize_code
from itagen.thai.periods import Period, find_period
from itagen.site.validation import problems_from, words
from itagen.site.yamlio import load_yaml, read_text, split_front_matter

ITEM_SUFFIXES = (".md", ".yaml", ".yml")
YEAR_RE = re.compile(r"^\d{4}$")


@dataclass(frozen=True, slots=True)
class Document:
    """A document or link listed under an item."""

    title: str
    file: str | None = None  # site-relative path (files/…), when a local file
    url: str | None = None  # absolute URL, when a link
    date: dt.date | None = None  # the day it was signed or published
    note: str | None = None
    size: int | None = None  # bytes, for local files
    period: Period | None = None  # the months its data covers (period:, else read from the title)
    period_source: str | None = None  # "period" (written) or "title" (read from it), None unknown

    @property
    def kind(self) -> str:
        """A short label for the document type: PDF, DOCX, … or ลิงก์ for links."""
        if self.file is None:
            return "ลิงก์"
        name = self.file.rpartition("/")[2]
        dot = name.rfind(".")
        # As Path.suffix, without building a Path on every page: ".htaccess" and "a." have none.
        return name[dot + 1 :].upper() if 0 < dot < len(name) - 1 else "ไฟล์"


@dataclass(frozen=True, slots=True)
class ItemContent:
    """What the webmaster wrote for one item of one year."""

    code: str
    year: int
    subindicator: str
    src: str  # display path, relative to the site folder
    title: str | None
    updated: dt.date | None
    covers: tuple[int, ...]
    documents: tuple[Document, ...]
    body: str
    body_line: int
    inherit: bool = False  # in a workspace: add to the shared item instead of replacing it


@dataclass(frozen=True, slots=True)
class FreePage:
    """A free page under content/pages/ (about, contact)."""

    slug: str
    title: str
    body: str
    body_line: int
    src: str


@dataclass(frozen=True, slots=True)
class Content:
    """All content of a site: items by year and code, and free pages."""

    years: dict[int, dict[str, ItemContent]]
    catalogs: dict[int, Catalog]
    pages: tuple[FreePage, ...]


def _period_of(doc: Any, title: str, year: int) -> tuple[Period | None, str | None]:
    """A document's period: as written in period:, else as its title names it, else unknown."""
    if doc.period is not None:
        return doc.period, "period"
    found = find_period(title, year)
    return (found, "title") if found is not None else (None, None)


def schema() -> tuple[Any, Any]:
    """Return the pydantic models (item front matter, free page front matter): site/schemas.py."""
    from itagen.site.schemas import ItemSpec, PageSpec

    return ItemSpec, PageSpec


def load_content(root: Path, problems: Problems, shared: Path | None = None) -> Content:
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
            pages = _load_pages(entry, root, problems)
        elif YEAR_RE.match(name) and entry.is_dir():
            year = int(name)
            try:
                catalog = load_catalog(year, root)
            except ItagenError as exc:
                problems.extend([_at(p, f"content/{name}") for p in exc.problems])
                continue
            catalogs[year] = catalog
            years[year] = load_year_folder(entry, year, catalog, root, paths, problems)
        else:
            problems.error(
                _("unexpected '{name}' in content/").format(name=name),
                f"content/{name}",
                None,
                _("content/ holds one folder per year (e.g. 2566/) and an optional pages/ folder"),
            )
    problems.drop_repeats("folder-unreadable")  # one error per unreadable folder, not per document
    return Content(years, catalogs, pages)


def _outside_text() -> str:
    """The message for content that is a link leading outside the site (with {path})."""
    return _("{path} is a link that leads outside the site folder; it is not read")


def _outside_hint() -> str:
    """What to do about it."""
    return _("copy the file or folder into the site instead of linking to it")


def _outside(path: Path, real_root: Path, display: str, problems: Problems) -> bool:
    """Report and return True when a content file or folder is a link leading outside the site."""
    if not leads_outside(path, real_root):
        return False
    problems.error(
        _outside_text().format(path=display), display, None, _outside_hint(), rule="content-outside"
    )
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
                    path, display, year, sub_dir.name, catalog, root, paths, problems.items
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


def load_item(
    path: Path,
    display: str,
    year: int,
    sub: str,
    catalog: Catalog,
    root: Path,
    paths: SitePaths | None = None,
    warnings: list[Problem] | None = None,
) -> ItemContent:
    """Read one item file and check it against the catalog; raise ItagenError on any fault.

    Warnings (a key written twice) go to `warnings` when given.
    """
    paths = paths or SitePaths(root)
    from pydantic import ValidationError

    if path.is_symlink() and leads_outside(path, paths.real_root):  # also as serve reloads it
        raise ItagenError(_outside_text().format(path=display), display, None, _outside_hint())

    text = read_text(path, display)
    if path.suffix.lower() == ".md":
        front, body, body_line = split_front_matter(text, display)
        first_line = 2
    else:
        front, body, body_line, first_line = text, "", 0, 1
    raw = load_yaml(front, display, first_line, warnings)
    if not isinstance(raw, dict):
        raise ItagenError(
            _("the front matter must be YAML keys such as 'code: O1'"),
            display,
            first_line,
            _("see the item format in the README"),
        )
    item_model, _page = schema()
    try:
        spec = item_model.model_validate(raw)
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, item_model, front, display, first_line)) from None
    from itagen.site.yamlio import line_of

    def line(*loc: Any) -> int | None:
        return line_of(front, loc, first_line)

    code = spec.code
    problems = Problems()
    if code not in catalog.by_code:
        near = catalog.nearest_codes(code)
        problems.error(
            _("{code} is not an item of the {year} catalog").format(code=code, year=year),
            display,
            line("code"),
            _("did you mean {names}?").format(names=_(" or ").join(near))
            if near
            else _("the codes of {year} are O1–O{last}").format(
                year=year, last=len(catalog.by_code)
            ),
        )
        problems.raise_if_errors()
    spec_item = catalog.by_code[code]
    stem = normalize_code(path.stem)
    if stem != code:
        problems.error(
            _("the file is named {name} but its code is {code}").format(name=path.name, code=code),
            display,
            line("code"),
            _("correct the code, or rename the file to {name}").format(name=code + path.suffix),
        )
    elif spec_item.subindicator != sub:
        # Only when file name and code agree: a mistyped code (O20 in O2.md) is one error, not two.
        problems.error(
            _("{code} belongs in sub-indicator {right}, not {wrong}").format(
                code=code, right=spec_item.subindicator, wrong=sub
            ),
            display,
            line("code"),
            _("move the file to content/{year}/{sub}/").format(
                year=year, sub=spec_item.subindicator
            ),
        )
    n_components = len(spec_item.components)
    for i, c in enumerate(spec.covers):
        if not 1 <= c <= n_components:
            problems.error(
                _("covers: {n} is not a component of {code} (it has {count})").format(
                    n=c, code=code, count=n_components
                ),
                display,
                line("covers", i),
                _("list the numbers of the required components this item covers"),
            )
    documents = []
    for i, doc in enumerate(spec.documents):
        size = None
        file_rel = None
        if doc.file is not None:
            try:
                file_rel, _target, size = paths.lookup(doc.file)
            except UnreadableFolder as exc:
                problems.error(
                    f"{words(('documents', i, 'file'))}: {exc}",
                    display,
                    line("documents", i, "file"),
                    _(
                        "make the folder readable (its permissions), "
                        "or move the documents out of it"
                    ),
                    rule="folder-unreadable",
                )
                continue
            except UnsafePath as exc:
                problems.error(
                    f"{words(('documents', i, 'file'))}: {exc}",
                    display,
                    line("documents", i, "file"),
                )
                continue
            if not file_rel.startswith("files/"):
                problems.error(
                    _("{where}: '{path}' is not in the files/ folder").format(
                        where=words(("documents", i, "file")), path=doc.file.strip()
                    ),
                    display,
                    line("documents", i, "file"),
                    _("put documents in files/ and write files/… here"),
                )
                continue
            if size is None:
                near = similar_file(root, file_rel)
                problems.error(
                    _("{where}: the file '{path}' does not exist").format(
                        where=words(("documents", i, "file")), path=doc.file.strip()
                    ),
                    display,
                    line("documents", i, "file"),
                    _("did you mean '{name}'?").format(name=near)
                    if near
                    else _("check the spelling, or copy the file into the site"),
                    rule="file-missing",
                )
                continue
        title = clean_text(doc.title)
        period, source = _period_of(doc, title, year)
        documents.append(
            Document(
                title,
                file_rel,
                doc.url,
                doc.date,
                clean_text(doc.note) if doc.note else None,
                size,
                period,
                source,
            )
        )
    problems.raise_if_errors()
    return ItemContent(
        code=code,
        year=year,
        subindicator=sub,
        src=display,
        title=clean_text(spec.title) if spec.title else None,
        updated=spec.updated,
        covers=tuple(sorted(set(spec.covers))),
        documents=tuple(documents),
        body=clean_text(body),
        body_line=body_line,
        inherit=spec.inherit,
    )


def _load_pages(pages_dir: Path, root: Path, problems: Problems) -> tuple[FreePage, ...]:
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
