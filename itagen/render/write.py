"""Stage 5 — writing: a fresh temporary folder, swapped in whole at the end.

Owns everything that touches the output folder. Pages and files are written into
a temporary sibling folder; only when the whole site is written does it replace
the previous output (two renames), so a failed or killed build leaves the
previous output whole. Leftovers of a killed build are cleaned on the next run.
It refuses output folders whose replacement would destroy something else: `/`,
the home folder, the site folder itself, a folder that contains the site or its
sources (followed through symbolic links), a file, and an existing non-empty
folder that is not an itagen output. It deletes only what it made: its own
temporary folders and the output it replaces.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

from itagen.thai.messages import _
from itagen.errors import ItagenError
from itagen.site.published import MARKER

TMP_TAG = ".itagen-tmp-"
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named like a document must not block the build
OLD_TAG = ".itagen-old-"
# No space left, or over the user's quota.
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def check_output_dir(out_dir: Path, site_root: Path, also: tuple[Path, ...] = ()) -> Path:
    """Return the absolute output folder, or raise ItagenError when replacing it could lose files.

    `also` names further sources the output must neither be inside nor contain (a workspace's
    shared folder and workspace.yaml).
    """
    out = out_dir.expanduser().absolute()
    resolved = out.resolve()
    root = site_root.resolve()
    home = Path.home().resolve()
    hint = _("choose an empty folder or the site's build/ folder, e.g. -o build")
    if resolved == Path(resolved.anchor) or resolved == home:
        raise ItagenError(
            _("refusing to write the site into {path}").format(path=resolved), None, None, hint
        )
    if resolved == root or root.is_relative_to(resolved):
        raise ItagenError(
            _("refusing to write the site into {path}: it contains the site's own files").format(
                path=resolved
            ),
            None,
            None,
            hint,
        )
    for source in ("content", "files", "themes", "catalogs", "site.yaml"):
        # Sources may be symbolic links to folders elsewhere: compare where they really are.
        real = (root / source).resolve()
        if resolved.is_relative_to(root / source) or resolved.is_relative_to(real):
            raise ItagenError(
                _("refusing to write the site inside its {folder}/ folder").format(folder=source),
                None,
                None,
                hint,
            )
        if real.is_relative_to(resolved) and (root / source).exists():
            raise ItagenError(
                _("refusing to write the site into {path}: it contains the site's {what}").format(
                    path=resolved, what=source
                ),
                None,
                None,
                hint,
            )
    for source in also:
        real = source.resolve()
        if resolved.is_relative_to(real) or real.is_relative_to(resolved):
            raise ItagenError(
                _(
                    "refusing to write the site into {path}: it overlaps the workspace's {what}"
                ).format(path=resolved, what=source.name),
                None,
                None,
                hint,
            )
    if resolved.exists() and not resolved.is_dir():
        raise ItagenError(
            _("refusing to write the site into {path}: it is a file, not a folder").format(
                path=resolved
            ),
            None,
            None,
            hint,
        )
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).is_file():
        raise ItagenError(
            _("{path} is not empty and is not an itagen output (it has no {marker})").format(
                path=resolved, marker=MARKER
            ),
            None,
            None,
            _("itagen replaces its output folder whole; {hint}").format(hint=hint),
        )
    # A build/ that is a symbolic link (to a web root, say) is updated where it points.
    return resolved


def claim(written: set[str], rel: str) -> None:
    """Add `rel` to the paths a build has `written`; raise ItagenError when it already holds it.

    The one check every writer makes (the output folder, its page workers, serve's memory).
    """
    if rel in written:
        raise ItagenError(
            _("two things would be written to {path}").format(path=rel),
            None,
            None,
            _("two items or pages resolve to the same address; rename one"),
        )
    written.add(rel)


class OutputWriter:
    """Writes one site's output into a temporary folder and swaps it in on commit."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        clean_leftovers(out_dir)
        self.tmp = out_dir.parent / f".{out_dir.name}{TMP_TAG}{os.getpid()}"
        if self.tmp.exists():
            shutil.rmtree(self.tmp)
        self.tmp.mkdir()
        self.written: set[str] = set()
        self._dirs: set[Path] = {self.tmp}
        self.pages = 0
        self.files = 0

    def _target(self, rel: str) -> Path:
        if rel.startswith("/") or ".." in rel.split(
            "/"
        ):  # never outside the output, whatever the caller
            raise ItagenError(_("refusing to write outside the output: {path}").format(path=rel))
        claim(self.written, rel)
        target = self.tmp / rel
        parent = target.parent
        if parent not in self._dirs:
            parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return target

    def write_text(self, rel: str, text: str) -> None:
        """Write a page or data file (UTF-8, LF)."""
        try:
            write_new(self._target(rel), text.encode("utf-8"))
        except OSError as exc:  # the disk is full, or the output folder cannot be written
            raise self._not_written(rel, exc) from None
        if rel.endswith(".html"):
            self.pages += 1

    def copy_file(self, rel: str, src: Path) -> None:
        """Copy a document or asset byte for byte (hard-linking would share later edits)."""
        try:
            target = self._target(rel)
            copy_new(src, target)
        except OSError as exc:  # a dangling link, a FIFO, an unreadable file, a full disk
            if exc.errno in _DISK_FULL:
                raise self._not_written(rel, exc) from None
            raise ItagenError(
                _("cannot copy {path}: {reason}").format(path=rel, reason=exc.strerror or exc),
                rel,
                None,
                _("replace it with a regular, readable file or remove it"),
            ) from None
        self.files += 1

    def _not_written(self, rel: str, exc: OSError) -> ItagenError:
        """The error for an output file that could not be written, naming it (the OS names none)."""
        path = str(self.out_dir / rel)
        if exc.errno in _DISK_FULL:
            return ItagenError(
                _("cannot write {path}: the disk is full").format(path=path),
                None,
                None,
                _(
                    "free some space on the disk, or build into another folder with -o, "
                    "then build again; the previous output was left as it was"
                ),
            )
        message = _("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        return ItagenError(message, None, None, _("check that the output folder can be written to"))

    def commit(self) -> None:
        """Replace the previous output with the new one (two renames, then remove the old)."""
        old = None
        if self.out_dir.exists():
            old = self.out_dir.parent / f".{self.out_dir.name}{OLD_TAG}{os.getpid()}"
            os.replace(self.out_dir, old)
        os.replace(self.tmp, self.out_dir)
        if old is not None:
            _remove(old)

    def abort(self) -> None:
        """Throw away the temporary folder; the previous output is untouched."""
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_new(path: Path, data: bytes) -> None:
    """Write `data` to a file in the fresh temporary folder: open, write, close and nothing else.

    Path.write_bytes also asks the file's size, whether it is a terminal and where it
    stands: three more system calls per page.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def clean_leftovers(out_dir: Path, names: list[str] | None = None) -> None:
    """Remove temporary folders left by a killed build of this output (never the output itself).

    `names`, when given, is the listing of the output's parent folder (see clean_many).
    """
    parent = out_dir.parent
    # One listing of the parent, names compared as text: a workspace's output folder holds hundreds
    # of sites, each cleaned when it is built, and a folder name may hold glob characters ([ ] * ?).
    prefix = f".{out_dir.name}"
    if names is None:
        names = _leftover_names(parent)
    names = sorted(name for name in names if name.startswith(prefix))
    leftovers: dict[str, list[tuple[str, int]]] = {TMP_TAG: [], OLD_TAG: []}
    for name in names:
        for tag in (TMP_TAG, OLD_TAG):
            pid = name[len(prefix + tag) :]
            if (
                name.startswith(prefix + tag) and pid.isascii() and pid.isdigit()
            ):  # only names itagen makes
                leftovers[tag].append((name, int(pid)))
    if leftovers[OLD_TAG] and not out_dir.exists():
        # A build killed between its two renames leaves only the old output: bring it back.
        name, _pid = leftovers[OLD_TAG].pop(0)
        os.replace(parent / name, out_dir)
    for tag in (TMP_TAG, OLD_TAG):
        for name, pid in leftovers[tag]:
            if _alive(pid) and pid != os.getpid():
                continue  # another build of the same output is running right now
            _remove(parent / name)


def _leftover_names(parent: Path) -> list[str]:
    """Names in `parent` that could be leftovers (hidden, with an itagen tag); [] if unlistable."""
    try:
        with os.scandir(parent) as entries:
            return [e.name for e in entries if e.name.startswith(".") and ".itagen-" in e.name]
    except OSError:
        return []


def clean_many(outs: list[Path]) -> None:
    """clean_leftovers for many outputs, listing each parent folder once (a workspace's build/ holds
    every site's output: listing it once per site would cost sites × sites)."""
    listings: dict[Path, list[str]] = {}
    for out in outs:
        if out.parent not in listings:
            listings[out.parent] = _leftover_names(out.parent)
        if any(name.startswith(f".{out.name}.itagen-") for name in listings[out.parent]):
            clean_leftovers(out, listings[out.parent])


def _remove(path: Path) -> None:
    """Delete a leftover: a folder with what is in it, or a link (never what the link points to)."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_site(site_root: Path) -> list[str]:
    """Remove a site's build cache and its default output (only ever an itagen output); say what
    went."""
    from itagen.cache.site import clear

    out = site_root / "build"
    clean_leftovers(out)
    removed = ["cache"] if clear(site_root) else []
    if out.is_symlink():
        # build/ leads elsewhere (a web server's folder, say): nothing is deleted through a link.
        raise ItagenError(
            _("{path} is a link to {target}; itagen clean does not delete through links").format(
                path=out, target=os.path.realpath(out)
            ),
            None,
            None,
            _("delete the link yourself, or empty the folder it points to if you mean to"),
        )
    if (out / MARKER).is_file():
        shutil.rmtree(out)
        removed.append("build/")
    return removed


def copy_new(src: Path, target: Path) -> None:
    """Copy the regular file `src` to a new file `target`: two opens, one fstat, the data, two
    closes.

    shutil.copyfile also stats both paths twice (same file? special file?) and opens through
    Python's buffered files: twice the system calls for a site's dozen documents and assets.
    A FIFO is opened without blocking and refused, like every file that is not regular.
    """
    fd_in = os.open(src, os.O_RDONLY | _BINARY | _NONBLOCK)
    try:
        st = os.fstat(fd_in)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        fd_out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o666)
        try:
            _copy_data(fd_in, fd_out, st.st_size)
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


def _copy_data(fd_in: int, fd_out: int, size: int) -> None:
    if hasattr(os, "sendfile"):
        try:
            sent = 0
            while True:  # until end of file: a file that grew since fstat is copied whole
                n = os.sendfile(fd_out, fd_in, sent, max(size - sent, 1 << 20))
                if n == 0:
                    return
                sent += n
        except OSError as exc:
            if (
                exc.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSOCK, errno.EOPNOTSUPP)
                or sent
            ):
                raise
    while chunk := os.read(fd_in, 1 << 20):  # no sendfile (Windows) or not for this file system
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd_out, view) :]
