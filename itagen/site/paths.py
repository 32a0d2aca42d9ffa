"""Site-relative paths: the one place that decides whether a path may be used.

A path named in content (`file:` values, links in Markdown bodies) is relative
to the site folder. It may not be absolute, may not climb out with `..`, and may
not resolve through a symlink to somewhere outside the site: a content file must
never make a build read or publish files the webmaster did not mean to publish.
"""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from itagen.thai.messages import _
from urllib.parse import quote


class UnsafePath(ValueError):
    """A path that leaves the site folder or is otherwise unusable."""


class UnreadableFolder(UnsafePath):
    """A folder on the way to a file that the operating system does not let itagen open."""

    def __init__(self, folder: str, reason: str) -> None:
        super().__init__(
            _("the folder '{folder}' cannot be opened ({reason})").format(
                folder=folder, reason=reason
            )
        )
        self.folder = folder


def _size_or_unreadable(target: Path, root: Path, norm: str) -> int | None:
    """file_size, but a folder without permission on the way raises UnreadableFolder naming it.

    Otherwise every document in an unreadable folder would be reported as missing, one by one.
    """
    try:
        st = os.stat(target)
    except PermissionError as exc:
        folder = root
        parts = norm.split("/")
        for n, part in enumerate(parts[:-1]):  # the first folder whose entries cannot be reached
            try:
                os.stat(folder / part / parts[n + 1])
            except PermissionError:
                folder = folder / part
                break
            except OSError:
                break
            folder = folder / part
        rel = folder.relative_to(root).as_posix() if folder != root else "."
        raise UnreadableFolder(rel, exc.strerror or "permission denied") from None
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _checked(rel: str, root: Path, real_root: Path) -> tuple[str, Path, Path]:
    """Return (normalised path, path under root, its real path), or raise UnsafePath."""
    rel = rel.strip().replace("\\", "/")
    if not rel:
        raise UnsafePath(_("the path is empty"))
    if "\0" in rel:
        raise UnsafePath(_("the path contains a NUL character"))
    if rel.startswith("/") or (len(rel) > 1 and rel[1] == ":"):
        raise UnsafePath(
            _(
                "the path is absolute; write it relative to the site folder, "
                "e.g. files/2566/plan.pdf"
            )
        )
    parts = PurePosixPath(rel).parts
    if ".." in parts:
        raise UnsafePath(
            _("the path climbs out of its folder with '..'; write it relative to the site folder")
        )
    norm = "/".join(p for p in parts if p != ".")
    target = root / norm
    try:
        real = target.resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # symlink loops, names the OS refuses
        raise UnsafePath(_("the path cannot be resolved ({reason})").format(reason=exc)) from None
    if not real.is_relative_to(real_root):
        raise UnsafePath(_("the path leads outside the site folder (through a symbolic link)"))
    return norm, target, real


def leads_outside(path: Path, real_root: Path) -> bool:
    """True when `path` (content) leads outside the site through a link, or nowhere.

    Content is read from inside the site only, as files/ publishes only what is inside: a link to
    another computer's files or to the user's home folder must not put them on a public page.
    """
    try:
        return not path.resolve(strict=True).is_relative_to(real_root)
    except (OSError, RuntimeError, ValueError):
        return True


def outside_text(display: str) -> str:
    """The message for content at `display` that is a link leading outside the site."""
    return _("{path} is a link that leads outside the site folder; it is not read").format(
        path=display
    )


def outside_hint() -> str:
    """What to do about a link leading outside the site."""
    return _("copy the file or folder into the site instead of linking to it")


def is_file(path: Path) -> bool:
    """True when `path` is a regular file; a name the OS refuses (too long, no access) is absent."""
    return file_size(path) is not None


def file_size(path: Path) -> int | None:
    """Return the size of the regular file at `path`, or None when there is none (or the OS refuses
    the name)."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


@lru_cache(maxsize=4096)  # every page links the same assets, year indexes and neighbours
def url_path(rel: str) -> str:
    """Percent-encode a site-relative path for use in an href (Thai names and spaces included)."""
    return quote(rel, safe="/-._~")


class SitePaths:
    """Checks site-relative paths for one site, remembering answers (links repeat across pages).

    `fallbacks` are further roots searched when the site itself lacks a file: a
    workspace's shared folder, whose files/ every site of the workspace publishes.
    """

    def __init__(self, root: Path, fallbacks: tuple[Path, ...] = ()) -> None:
        self.root = root
        self.real_root = root.resolve()
        self.fallbacks = tuple((f, f.resolve()) for f in fallbacks)
        self._seen: dict[str, tuple[str, Path, int | None] | UnsafePath] = {}
        self._tops: dict[Path, Any] = {}  # published.top_of per root, computed once

    def check(self, rel: str) -> tuple[str, Path, bool]:
        """Return (normalised path, absolute path, is an existing file), or raise UnsafePath."""
        norm, target, size = self.lookup(rel)
        return norm, target, size is not None

    def _lookup(self, rel: str) -> tuple[str, Path, int | None]:
        refused: UnsafePath | None = None
        found: tuple[str, Path, int | None] | None = None
        try:
            norm, target, real = _checked(rel, self.root, self.real_root)
            found = (norm, target, _size_or_unreadable(target, self.root, norm))
            reason = self._unpublished(found, self.root, self.real_root, real)
            if reason is not None:
                refused = UnsafePath(
                    f"the file is in the site but would not be published: {reason}"
                )
        except UnsafePath as exc:
            refused = exc
        if found is not None and found[2] is not None and refused is None:
            return found
        for root, real_root in self.fallbacks:
            try:
                norm, other, other_real = _checked(rel, root, real_root)
            except UnsafePath:
                continue
            size = file_size(other)
            if (
                size is not None
                and self._unpublished((norm, other, size), root, real_root, other_real) is None
            ):
                return norm, other, size
        if refused is not None:
            raise refused
        assert found is not None
        return found

    def _unpublished(
        self, found: tuple[str, Path, int | None], root: Path, real_root: Path, real: Path
    ) -> str | None:
        if found[2] is None:
            return None  # no such file: the caller says so in its own words
        from itagen.site.published import top_of, unpublished_reason

        if root not in self._tops:
            self._tops[root] = top_of(root)
        return unpublished_reason(root, real_root, found[0], real, self._tops[root])

    def lookup(self, rel: str) -> tuple[str, Path, int | None]:
        """Return (normalised path, absolute path, file size or None when no such file), or raise
        UnsafePath.

        A file counts only where it is published: the site's own copy, else the first fallback's
        (a workspace's shared files/, which the site's own files/ overrides). So a path that leads
        out of the site, or to a copy that is not published, is still found in a fallback.
        """
        found = self._seen.get(rel)
        if found is None:
            try:
                found = self._lookup(rel)
            except UnsafePath as exc:
                found = exc
            self._seen[rel] = found
        if isinstance(found, UnsafePath):
            raise found
        return found


def similar_file(root: Path, rel: str) -> str | None:
    """Return an existing file whose name differs from `rel`'s only by spaces or case, or None."""

    def squash(name: str) -> str:
        return "".join(name.split()).casefold()

    folder = (root / rel).parent
    try:
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return None
    wanted = squash(rel.rsplit("/", 1)[-1])
    found = sorted(n for n in names if squash(n) == wanted)
    if not found:
        return None
    prefix = rel.rsplit("/", 1)[0] + "/" if "/" in rel else ""
    return prefix + found[0]
