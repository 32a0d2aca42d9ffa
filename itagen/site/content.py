"""Stage 3 — content: what a webmaster writes, and the reading of one item file.

Owns the content model the build receives (Content, ItemContent, Document,
FreePage), the item front-matter schema, and the rules that tie one item file to
the catalog: the code must exist in that year's catalog, the file name and folder
must agree with it, and every `file:` exists inside the site. A document's period
is the one its `period:` names, else the one its title names. Text is cleaned
(NFC, sara am, zero-width characters) on load; the source files are never
written. Walking content/ (year folders, free pages) is site/contentdir.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itagen.catalog.load import Catalog
from itagen.errors import ItagenError, Problem, Problems
from itagen.site.paths import (
    SitePaths,
    UnreadableFolder,
    UnsafePath,
    leads_outside,
    outside_hint,
    outside_text,
    similar_file,
)
from itagen.thai.messages import _
from itagen.thai.text import clean_text, normalize_code
from itagen.thai.periods import Period, find_period
from itagen.site.validation import problems_from, words
from itagen.site.yamlio import load_yaml, read_text, split_front_matter

ITEM_SUFFIXES = (".md", ".yaml", ".yml")


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


def load_item(
    path: Path,
    display: str,
    year: int,
    sub: str,
    catalog: Catalog,
    root: Path,
    paths: SitePaths | None = None,
    warnings: list[Problem] | None = None,
    numerals: str = "thai",
) -> ItemContent:
    """Read one item file and check it against the catalog; raise ItagenError on any fault.

    Warnings (a key written twice) go to `warnings` when given; messages number documents in
    the site's `numerals`.
    """
    paths = paths or SitePaths(root)
    from pydantic import ValidationError

    if path.is_symlink() and leads_outside(path, paths.real_root):  # also as serve reloads it
        raise ItagenError(outside_text(display), display, None, outside_hint())

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
        raise ItagenError(
            problems_from(exc, item_model, front, display, first_line, numerals=numerals)
        ) from None
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
                    f"{words(('documents', i, 'file'), numerals)}: {exc}",
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
                    f"{words(('documents', i, 'file'), numerals)}: {exc}",
                    display,
                    line("documents", i, "file"),
                )
                continue
            if not file_rel.startswith("files/"):
                problems.error(
                    _("{where}: '{path}' is not in the files/ folder").format(
                        where=words(("documents", i, "file"), numerals), path=doc.file.strip()
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
                        where=words(("documents", i, "file"), numerals), path=doc.file.strip()
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
