"""What a site's files/ publishes: the one rule the copy, the link checks and the cache key share.

Owns the walk over files/ (build.py copies what it yields, cache.py signs it) and the
check of a single path against the same rule (paths.SitePaths refuses a link to a file
that would not be published, so a page never links to a file the output lacks).

Hidden names (starting with '.') are never published. Links to folders are followed
when the folder they lead to is inside the site, has no hidden name on its way from
files/ (or from the site folder, when it is outside files/), does not lead into an
itagen output (a folder holding ita.json, or one below it: a link to build/ would
publish every earlier output again; a plain folder is the webmaster's own, even an
archived output), and neither is nor contains a folder already on the way down (a
loop, or the site folder itself, whose sources would be published). A link to a
file is published when the file is inside the site and not hidden. A files/ that is
itself a link follows the same rule.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from itagen.thai.messages import _
from itagen.errors import ItagenError

MARKER = "ita.json"  # every itagen output has one; a folder without it is not ours to replace


def folder_refusal(
    real: Path, real_root: Path, files_real: Path, chain: tuple[Path, ...], linked: bool = True
) -> str | None:
    """Why files/ is not published down into the folder whose real path is `real`, or None when it
    is.

    `chain` holds the real paths of the folders on the way down (files/ first). `linked` is False
    for a plain sub-folder (one reached through no link), which only the hidden-name rule concerns.
    """
    if not real.is_relative_to(real_root):
        return "a link to a folder outside the site"
    if hidden(real, real_root, files_real):
        return "a link to a hidden folder"
    if not linked:
        return None
    if any(folder.is_relative_to(real) for folder in chain):
        return "a link to a folder that contains files/ itself (a loop, or the site folder)"
    if _in_output(real, real_root):
        return "a link into an itagen output (a folder holding ita.json)"
    return None


def _in_output(real: Path, real_root: Path) -> bool:
    """True when `real` or a folder above it, below the site folder, holds an itagen output's
    ita.json."""
    folder = real
    while folder != real_root and folder.is_relative_to(real_root):
        if os.path.isfile(folder / MARKER):
            return True
        folder = folder.parent
    return False


def hidden(real: Path, real_root: Path, files_real: Path) -> bool:
    """True when a real path has a name starting with '.' below files/ (or below the site, when
    outside files/)."""
    base = files_real if real.is_relative_to(files_real) else real_root
    return any(part.startswith(".") for part in real.relative_to(base).parts)


def is_link(entry: os.DirEntry) -> bool:
    """A symbolic link, or a Windows junction (which is_symlink does not report)."""
    if entry.is_symlink():
        return True
    if os.name != "nt":
        return False
    junction = getattr(entry, "is_junction", None)  # Python 3.12+
    if junction is not None:
        return bool(junction())
    attributes = getattr(
        entry.stat(follow_symlinks=False), "st_file_attributes", 0
    )  # Windows on 3.11
    return bool(attributes & 0x400)  # FILE_ATTRIBUTE_REPARSE_POINT


def top_of(root: Path) -> tuple[Path, Path, str | None] | None:
    """Return (real site folder, real files/, why files/ is refused or None); None when there is no
    files/.

    The facts unpublished_reason needs, for a caller that checks many paths of one site.
    """
    files_dir = root / "files"
    if not files_dir.is_dir():
        return None
    real_root = root.resolve()
    try:
        files_real = files_dir.resolve()
    except (OSError, RuntimeError):
        return real_root, files_dir, "'files' cannot be resolved"
    if files_real == real_root / "files":
        return real_root, files_real, None
    if not files_real.is_relative_to(real_root):
        why = "a link to a folder outside the site"
    elif hidden(files_real, real_root, real_root):
        why = "a link to a hidden folder"
    elif real_root.is_relative_to(files_real):
        why = "a link to the site folder itself, whose sources would be published"
    elif _in_output(files_real, real_root):
        why = "a link into an itagen output (a folder holding ita.json)"
    else:
        why = None
    return real_root, files_real, f"'files' is {why}" if why else None


def walk_files(
    root: Path, followed: list[Path] | None = None, broken: list[str] | None = None
) -> Iterator[tuple[str, Path, bool]]:
    """Yield (path relative to root, path, published) for everything under root/files/, in name
    order.

    Published entries are files to copy (a dangling link or a link loop among them: the copy
    reports it). Unpublished ones are links that are not followed or not published, for the cache
    key to sign by where they point. Raise ItagenError when a folder cannot be listed: its files
    would be missing from the output without a word. `followed`, when given, receives the real
    path of every folder reached through a link (serve watches them: file watchers do not follow
    links). A link that leads nowhere (its target is gone, or a loop) is not published: it is
    yielded as unpublished and its path goes to `broken`, so the build can say so; a page that
    links to it fails as for any missing file.
    """
    top = top_of(root)
    if top is None:
        return
    real_root, files_real, refused = top
    files_dir = root / "files"
    if refused is not None:
        yield "files", files_dir, False
        return
    if followed is not None and files_real != real_root / "files":
        followed.append(files_real)

    def walk(
        folder: Path, folder_real: Path, chain: tuple[Path, ...]
    ) -> Iterator[tuple[str, Path, bool]]:
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError as exc:
            rel = folder.relative_to(root).as_posix()
            raise ItagenError(
                _("cannot list {path}: {reason}").format(path=rel, reason=exc.strerror or exc),
                rel,
                None,
                _("make the folder readable, or move it out of files/"),
            ) from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            rel = path.relative_to(root).as_posix()
            try:
                linked = is_link(entry)
            except OSError:
                linked = True
            if linked:
                try:
                    real = path.resolve()
                    gone = not os.path.exists(path)
                except (OSError, RuntimeError):  # a link loop
                    gone = True
                if gone:
                    if broken is not None:
                        broken.append(rel)
                    yield rel, path, False
                    continue
            else:
                real = folder_real / entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if folder_refusal(real, real_root, files_real, chain, linked) is None:
                    if linked and followed is not None:
                        followed.append(real)
                    yield from walk(path, real, chain + (real,))
                else:
                    yield rel, path, False
            else:
                yield (
                    rel,
                    path,
                    real.is_relative_to(real_root) and not hidden(real, real_root, files_real),
                )

    yield from walk(files_dir, files_real, (files_real,))


def unpublished_reason(
    root: Path,
    real_root: Path,
    norm: str,
    real: Path | None = None,
    top: tuple[Path, Path, str | None] | None = None,
) -> str | None:
    """Why the existing file `norm` (files/…) is not published with the site, or None when it is.

    Follows the path the way walk_files walks files/. `real`, the file's real path when known,
    skips the walk for the usual path that goes through no link at all; `top`, top_of(root) when
    the caller keeps it.
    """
    parts = norm.split("/")
    if parts[0] != "files":
        return None
    if any(part.startswith(".") for part in parts[1:]):
        return "names starting with '.' are hidden and not published"
    if real is not None and real == real_root.joinpath(*parts):
        return None  # no link on the way: every folder is published
    top = top or top_of(root)
    if top is None:
        return None
    _real_top, files_real, refused = top
    if refused is not None:
        return refused
    folder, chain = root / "files", (files_real,)
    for name in parts[1:-1]:
        folder = folder / name
        try:
            real_folder = folder.resolve()
        except (OSError, RuntimeError):
            return f"'{folder.relative_to(root).as_posix()}' cannot be resolved"
        why = folder_refusal(
            real_folder, real_root, files_real, chain, real_folder != chain[-1] / name
        )
        if why is not None:
            return f"'{folder.relative_to(root).as_posix()}' is {why}"
        chain += (real_folder,)
    if hidden((folder / parts[-1]).resolve(), real_root, files_real):
        return "it is a link to a hidden file, which is not published"
    return None
