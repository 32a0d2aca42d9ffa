"""Saving a form: uploads into files/<year>/, the item file rewritten, nothing half-done.

Owns the order that makes a save all or nothing: every upload is checked (its
name, where it would land, whether it would replace a different file) and the
new item text is run through the build's own loader (site/content.py load_item,
with the uploads counted as present) before a byte is written. Only then are the
uploads and the item file written, each into a temporary file in the site's
`.itagen-edit/` folder and moved into place with os.replace, so a reader (the
preview, the build, a crash) sees the old file or the new one, never a part.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from itagen.catalog.load import Catalog
from itagen.errors import ItagenError
from itagen.site.content import load_item
from itagen.site.paths import SitePaths, UnsafePath, file_size
from itagen.thai.messages import _

TEMP_DIR = ".itagen-edit"
# What a document may be: files a browser shows as a document or downloads, never a page or a
# script (an uploaded .html or .svg would run in the preview and on the published site).
ALLOWED_SUFFIXES = frozenset(
    (
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".odt",
        ".ods",
        ".odp",
        ".rtf",
        ".csv",
        ".txt",
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".zip",
        ".rar",
        ".7z",
        ".mp3",
        ".mp4",
    )
)
_BAD_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent with the form for one document row."""

    row: str  # the form row it belongs to
    name: str  # the name as the browser sent it
    data: bytes


def upload_target(root: Path, year: int, upload: Upload) -> str:
    """Return where an upload goes (files/<year>/<its name>); raise ValueError if it may not."""
    name = upload.name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name.startswith(".") or _BAD_NAME.search(name) or len(name.encode()) > 200:
        raise ValueError(
            _(
                "the file name '{name}' cannot be used; rename the file with letters, "
                "digits, '-' and '_' and upload it again"
            ).format(name=name[:80])
        )
    if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
        kinds = " ".join(sorted(s[1:].upper() for s in ALLOWED_SUFFIXES))
        raise ValueError(
            _("'{name}' is not a document itagen publishes; upload one of: {kinds}").format(
                name=name[:80], kinds=kinds
            )
        )
    rel = f"files/{year}/{name}"
    try:
        norm, target, size = SitePaths(root).lookup(rel)
    except UnsafePath as exc:
        raise ValueError(f"{rel}: {exc}") from None
    if size is not None and target.read_bytes() != upload.data:
        raise ValueError(
            _(
                "{path} already exists and is a different file; rename the file "
                "you upload, or choose the existing one"
            ).format(path=norm)
        )
    return norm


class _WithUploads(SitePaths):
    """The site's paths, with the files about to be uploaded counted as present."""

    def __init__(self, root: Path, pending: dict[str, int]) -> None:
        super().__init__(root)
        self.pending = pending

    def lookup(self, rel: str) -> tuple[str, Path, int | None]:
        """As SitePaths.lookup, with a pending upload found at its future place."""
        norm, target, size = super().lookup(rel)
        if size is None and norm in self.pending:
            return norm, target, self.pending[norm]
        return norm, target, size


def validate(
    root: Path,
    path: Path,
    display: str,
    year: int,
    sub: str,
    catalog: Catalog,
    text: str,
    pending: dict[str, int],
) -> None:
    """Run the build's item loader on `text` as if it were `path`; raise ItagenError if it fails."""
    scratch = _scratch(root)
    try:
        probe = scratch / path.name
        probe.write_text(text, encoding="utf-8", newline="")
        load_item(probe, display, year, sub, catalog, root, _WithUploads(root, pending))
    finally:
        _clean(scratch)


def write_all(root: Path, path: Path, text: str, uploads: dict[str, bytes]) -> None:
    """Write the uploads, then the item file, each atomically (temporary file, then os.replace)."""
    scratch = _scratch(root)
    try:
        for rel, data in uploads.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if file_size(target) is not None:
                continue  # the same bytes are already there (upload_target checked)
            temp = scratch / secrets.token_hex(8)
            temp.write_bytes(data)
            try:
                os.link(temp, target)  # fails when a file appeared there since the check
            except FileExistsError:
                raise ItagenError(
                    _("{path} appeared while saving; nothing was saved").format(path=rel), rel
                ) from None
            except OSError:  # a file system without hard links (FAT, some shares)
                os.replace(temp, target)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = scratch / path.name
        temp.write_bytes(text.encode("utf-8"))
        os.replace(temp, path)
    finally:
        _clean(scratch)


def _scratch(root: Path) -> Path:
    """A fresh temporary folder inside the site (same disk, so os.replace is atomic)."""
    base = root / TEMP_DIR
    base.mkdir(exist_ok=True)
    if base.is_symlink() or base.resolve().parent != root.resolve():
        # A link planted there would send the files of a save out of the site.
        raise ItagenError(
            _("{folder} is a link to another folder; remove it and save again").format(
                folder=TEMP_DIR
            ),
            TEMP_DIR,
        )
    folder = base / secrets.token_hex(8)
    folder.mkdir()
    return folder


def _clean(scratch: Path) -> None:
    """Remove a temporary folder, and `.itagen-edit/` with it when nothing else is in it."""
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        scratch.parent.rmdir()
    except OSError:
        pass  # another save is under way
