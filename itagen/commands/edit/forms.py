"""An item's form: what the browser sent, turned into a save (or the reasons not to save).

Owns the form's vocabulary (the field names the template writes and the script
moves about), the multipart/form-data reader (the standard library has none
since the cgi module left), and `save_item`: the form's rows become an ItemEdit,
the new text is made by site/frontsave.py and checked by save.py, and every
problem found is filed under the form field it is about, so the page shows it
beside that field. A refused save writes nothing.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from itagen.catalog.load import Catalog, CatalogItem
from itagen.commands.edit.save import Upload, upload_target, validate, write_all
from itagen.errors import ItagenError, Problem
from itagen.site.frontedit import read_raw
from itagen.site.frontsave import DOC_KEYS, DocEdit, ItemEdit, new_item_text, save_item_text
from itagen.site.yamlio import line_of, split_front_matter
from itagen.thai.messages import _

ROW_RE = re.compile(r"^(e\d{1,5}|n\d{1,5})$")  # e3: the file's 4th document; n1: a new row


@dataclass
class FormData:
    """The text fields (each name with its values, in order) and the files of one request."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)

    def get(self, name: str) -> str:
        """The first value of a text field, '' when absent."""
        return (self.fields.get(name) or [""])[0]


def parse_multipart(body: bytes, content_type: str) -> FormData:
    """Return the fields and files of a multipart/form-data body; raise ValueError if malformed."""
    m = re.search(r'boundary="?([^";]{1,200})"?', content_type)
    if not content_type.startswith("multipart/form-data") or m is None:
        raise ValueError("not multipart/form-data")
    delimiter = b"--" + m.group(1).encode("latin-1")
    form = FormData()
    parts = body.split(delimiter)
    if len(parts) < 2 or not parts[-1].startswith(b"--"):
        raise ValueError("the form data ends early")
    for part in parts[1:-1]:
        head, sep, data = part.partition(b"\r\n\r\n")
        if not sep or not head.startswith(b"\r\n") or not data.endswith(b"\r\n"):
            raise ValueError("a part of the form data is malformed")
        data = data[:-2]
        disposition = next(
            (
                line
                for line in head.decode("utf-8", "replace").split("\r\n")
                if line.lower().startswith("content-disposition:")
            ),
            "",
        )
        name = re.search(r'\bname="([^"]*)"', disposition)
        if name is None:
            continue
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        if filename is None:
            form.fields.setdefault(name.group(1), []).append(data.decode("utf-8", "replace"))
        elif filename.group(1) and data:  # a file input left empty sends a part with no name
            browser_name = filename.group(1).replace("%22", '"')  # how browsers escape a quote
            form.files[name.group(1)] = Upload(name.group(1), browser_name, data)
    return form


@dataclass
class Outcome:
    """What a save did: errors by form field (None: the page as a whole), and what was written."""

    errors: dict[str | None, list[Problem]] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    uploads: bool = False  # files were sent (a refused save must ask for them again)

    @property
    def ok(self) -> bool:
        """True when the save went through."""
        return not self.errors

    def add(self, where: str | None, problem: Problem) -> None:
        """File a problem under a form field."""
        self.errors.setdefault(where, []).append(problem)


def item_path(root: Path, year: int, spec: CatalogItem) -> tuple[Path, str]:
    """Return the item's file (the existing .md/.yaml/.yml, else a new .md) and its display path."""
    folder = root / "content" / str(year) / spec.subindicator
    for suffix in (".md", ".yaml", ".yml"):
        path = folder / f"{spec.code}{suffix}"
        if path.is_file():
            break
    else:
        path = folder / f"{spec.code}.md"
    return path, path.relative_to(root).as_posix()


def rows_of(form: FormData) -> list[str]:
    """The document rows in the order the page lists them (after moves up and down)."""
    seen: list[str] = []
    for row in form.fields.get("doc", []):
        if ROW_RE.match(row) and row not in seen:
            seen.append(row)
    return seen


def version(path: Path) -> str:
    """A fingerprint of the item file as it is now ('' when there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    except OSError:
        return ""


def save_item(
    root: Path, year: int, catalog: Catalog, spec: CatalogItem, form: FormData
) -> Outcome:
    """Apply a submitted form to the item's file; nothing is written unless it loads cleanly."""
    out = Outcome(uploads=bool(form.files))
    path, display = item_path(root, year, spec)
    if form.get("version") != version(path):
        # The rows name documents by their place in the file the page was made from.
        message = _(
            "{path} was changed by another window or program since this page "
            "was opened; nothing was saved"
        ).format(path=display)
        hint = _("open the item again, then make your changes")
        out.add(None, Problem(message, display, None, hint))
        return out
    text = read_raw(path, display) if path.is_file() else new_item_text(spec.code)
    n = len(spec.components)
    ticked = {int(v) for v in form.fields.get("covers", []) if v.isdigit()}
    covers = tuple(sorted(c for c in ticked if 0 < c <= n))
    uploads: dict[str, bytes] = {}
    docs: list[DocEdit] = []
    row_ids: list[str] = []
    for row in rows_of(form):
        values = {
            key: form.get(f"{key}-{row}").strip() or None for key in ("title", "date", "period")
        }
        upload = form.files.get(f"upload-{row}")
        kind = form.get(f"kind-{row}")
        if kind == "url":
            values.update(url=form.get(f"url-{row}").strip() or None, file=None)
        else:
            values.update(url=None, file=form.get(f"file-{row}").strip() or None)
            if upload is not None:
                try:
                    rel = upload_target(root, year, upload)
                except ValueError as exc:
                    out.add(f"upload-{row}", Problem(str(exc), display))
                    continue
                if uploads.get(rel, upload.data) != upload.data:
                    message = _(
                        "two different files named {path} were chosen; rename one of them"
                    ).format(path=rel)
                    out.add(f"upload-{row}", Problem(message, display))
                    continue
                uploads[rel] = upload.data
                values["file"] = rel
        if row.startswith("n") and not any(values.values()):
            continue  # the empty row the page always offers
        docs.append(DocEdit(int(row[1:]) if row.startswith("e") else None, values))
        row_ids.append(row)
    if not out.ok:
        return out
    edit = ItemEdit(covers, tuple(docs), form.get("body") if path.suffix == ".md" else None)
    new = None
    try:
        new = save_item_text(text, path.suffix, display, edit)
        validate(
            root,
            path,
            display,
            year,
            spec.subindicator,
            catalog,
            new,
            {rel: len(data) for rel, data in uploads.items()},
        )
    except ItagenError as exc:
        fields = _field_lines(new or text, path.suffix, row_ids)
        for problem in exc.problems:
            out.add(fields.get(problem.line) if problem.line else None, problem)
        return out
    if new == text and not uploads:
        return out
    write_all(root, path, new, uploads)
    out.written = [*uploads, display]
    return out


def _field_lines(text: str, suffix: str, rows: list[str]) -> dict[int, str]:
    """Map each line of the new front matter to the form field it came from."""
    plain = text.removeprefix("\ufeff").replace("\r\n", "\n")
    try:
        front, _body, body_line = (
            split_front_matter(plain, "") if suffix == ".md" else (plain, "", 0)
        )
    except ItagenError:
        return {}
    first = 2 if suffix == ".md" else 1
    lines: dict[int, str] = {}
    if body_line:
        lines.update({body_line + k: "body" for k in range(plain.count("\n") + 1)})
    total = front.count("\n")
    for i, row in enumerate(rows):
        start = line_of(front, ("documents", i), first)
        following = line_of(front, ("documents", i + 1), first) if i + 1 < len(rows) else None
        stop = following if following and following > (start or 0) else first + total
        for line in range(start or first, stop):
            lines.setdefault(line, f"row-{row}")
        for key in DOC_KEYS:
            at = line_of(front, ("documents", i, key), first)
            if at is not None and (at != start or key == "title"):
                lines[at] = f"{'upload' if key == 'file' else key}-{row}"
    if re.search(r"^covers\s*:", front, re.MULTILINE):
        lines[line_of(front, ("covers",), first)] = "covers"
    return lines
