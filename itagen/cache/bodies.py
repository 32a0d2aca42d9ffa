"""The body cache: Markdown bodies rendered by an earlier
build, reused when nothing they depend on changed.

Owns `bodies.*` in the user's cache folder, one folder per site
($XDG_CACHE_HOME/itagen/bodies/<hash of the site's path>/). Rendering Markdown is
most of the work of a page; when a site is rebuilt because something changed (one
item, site.yaml, a template, a workspace's shared folder), the bodies that did not
change are taken from here and only the templates run again, so every page is
still made from the current model and the output stays byte-identical to a clean
build.

An entry is found by a hash of what the HTML is made from: the body's text, the
page's way back to the site root, whether raw HTML is allowed, and the itagen and
library versions. Links also depend on the files and pages that exist, so an
entry records each link it resolved and is used only if every link still
resolves to the same address without a problem. A body with a problem is never
stored: its messages are made afresh.

The files are written as the pages are (memory stays flat): a header line, then
one line per entry — key, a checksum (so a damaged entry is never used), the links
as JSON, the HTML. Only a byte offset per entry is kept in memory. Entries are
trusted because of where they are: the
folder is used only when it belongs to the user and no one else can write to it
(cache/userdir.py), the rule Python applies to its own compiled code. Whoever can
write there can already change itagen itself; nothing in a site folder, a
repository or a CI cache restored into a site is ever read. A damaged entry, a
file from another version, or anything in the folder that is not a regular file
of ours, is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from pathlib import Path

from itagen import __version__
from itagen.cache.userdir import user_cache_dir

PREFIX = "bodies."
MAGIC = "itagen-bodies-2"
FINAL_RE = re.compile(r"^bodies\.(\d+)$")
PART_RE = re.compile(r"^bodies\.(\d+)-(\d+)\.tmp$")
KEY_LEN = 32
SUM_LEN = 32
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO named like a cache file must not block the build


def frame_of(package: str, allow_html: bool) -> str:
    """Return the part of every key that is the same for the whole build."""
    return hashlib.sha256(f"{package}\0{__version__}\0{allow_html}".encode()).hexdigest()[:32]


def bodies_folder(site_root: Path) -> Path | None:
    """Return the site's folder in the user's cache, or None when there is no safe one."""
    name = hashlib.sha256(str(site_root.resolve()).encode()).hexdigest()[:24]
    return user_cache_dir("bodies", name)


def prepare_folder(folder: Path) -> None:
    """Make a site's .itagen-cache folder (real, ignored by git) or raise OSError (cache/site.py).

    A cache folder that is a symbolic link, or a .gitignore in it that is one, would make the
    build write where the link points: the folder is refused and the file replaced.
    """
    folder.mkdir(exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise OSError(f"{folder} is not a folder itagen made")
    gitignore = folder / ".gitignore"
    if gitignore.is_symlink() or not gitignore.is_file():
        gitignore.unlink(missing_ok=True)
        try:
            with os.fdopen(create_new(gitignore), "wb") as fh:
                fh.write(b"*\n")
        except FileExistsError:  # another process of this build made it between our unlink and open
            if gitignore.is_symlink() or not gitignore.is_file():
                raise


def _make_folder(folder: Path) -> None:
    """Make the site's body folder again if it went away since the build started (0700, real)."""
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise OSError(f"{folder} is not a folder itagen made")


def create_new(path: Path) -> int:
    """Open a new file for writing, never through a link left at its name; return the descriptor."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY | _NOFOLLOW, 0o644)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # our own part files are never "another build's"
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


# One encoder for every entry: json.dumps with options builds a new encoder on each call.
_links_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class BodyCache:
    """Reads the last build's bodies and writes this build's, one part file per process."""

    def __init__(self, folder: Path | None, frame: str) -> None:
        self.folder = folder  # None: no safe folder, so nothing is read or kept
        self.frame = frame
        self._header = f"{MAGIC}\t{frame}\n".encode()
        self._index: dict[str, tuple[int, int, int]] = {}  # key -> (file number, offset, length)
        self._fds: list[int] = []
        self._out: tuple[int, Path, object] | None = None  # (pid, part path, open file)
        self._stored: set[str] = set()  # keys already in this process's part
        self.parts: list[Path] = []  # part files this process and its workers wrote
        self.usable = folder is not None
        if self.usable:
            self._load()

    # -- reading the last build's entries ---------------------------------------------

    def _load(self) -> None:
        try:
            names = sorted(e.name for e in os.scandir(self.folder) if FINAL_RE.match(e.name))
        except OSError:
            return
        for name in names:
            path = self.folder / name
            try:
                if not stat.S_ISREG(os.lstat(path).st_mode):
                    continue  # a folder, a link, a FIFO named like ours: not ours, never opened
                fd = os.open(path, os.O_RDONLY | _BINARY | _NOFOLLOW | _NONBLOCK)
            except OSError:
                continue
            try:
                self._index_file(fd)
            except OSError:
                os.close(fd)

    def _index_file(self, fd: int) -> None:
        with os.fdopen(os.dup(fd), "rb") as fh:
            if fh.readline(len(self._header) + 1) != self._header:
                os.close(fd)
                return
            number = len(self._fds)
            self._fds.append(fd)
            offset = len(self._header)
            for line in fh:
                key, _, rest = line.partition(b"\t")
                if len(key) == KEY_LEN and rest:
                    self._index[key.decode("ascii", "replace")] = (
                        number,
                        offset + KEY_LEN + 1,
                        len(line) - KEY_LEN - 2,
                    )
                offset += len(line)

    @staticmethod
    def key(frame: str, root: str, text: str) -> str:
        """Return the entry key of a body rendered at depth
        `root` (its relative way to the site root).
        """
        return hashlib.sha256(f"{frame}\0{root}\0{text}".encode()).hexdigest()[:KEY_LEN]

    def get(self, key: str) -> tuple[str, list[list]] | None:
        """Return (HTML, links) stored under `key`, or None when absent or damaged."""
        where = self._index.get(key)
        if where is None:
            return None
        number, offset, length = where
        try:
            data = _pread(self._fds[number], length, offset)
            checksum, _, payload = data.partition(b"\t")
            if checksum != _checksum(key, payload):
                return None
            raw_links, sep, raw_html = payload.partition(b"\t")
            links = json.loads(raw_links)
            html = raw_html.decode("utf-8").replace("\0", "\n")
        except (OSError, ValueError, TypeError, RecursionError):
            return None
        if not sep or not isinstance(links, list):
            return None
        if not all(
            isinstance(x, list)
            and len(x) == 3
            and isinstance(x[0], str)
            and isinstance(x[1], bool)
            and isinstance(x[2], str)
            for x in links
        ):
            return None
        return html, links

    # -- writing this build's entries ---------------------------------------------------

    def put(self, key: str, html: str, links: list[list]) -> None:
        """Store an entry for the next build (appended to this process's part file)."""
        if not self.usable or key in self._stored:
            return
        out = self._writer()
        if out is None:
            return
        self._stored.add(key)
        # Rendered Markdown has no NUL (markdown-it turns one into U+FFFD), so NUL can stand for the
        # line breaks and an entry stays one line; JSON escapes the tab and line breaks of a link.
        raw_links = _links_json(links).encode() if links else b"[]"
        payload = raw_links + b"\t" + html.replace("\n", "\0").encode()
        try:
            out.write(b"%s\t%s\t%s\n" % (key.encode(), _checksum(key, payload), payload))
        except OSError:
            self.usable = False  # a full disk only costs the next build its cache

    def prepare(self) -> None:
        """Make the folder now, before workers are forked:
        processes racing to make it would lose parts.
        """
        if self.usable:
            try:
                _make_folder(self.folder)
            except OSError:
                self.usable = False

    def _writer(self):
        pid = os.getpid()
        if self._out is None or self._out[0] != pid:  # a forked worker writes its own part
            self._stored = set()
            try:
                _make_folder(self.folder)
                path = self.folder / f"{PREFIX}{pid}-{len(self.parts)}.tmp"
                fh = os.fdopen(create_new(path), "wb", buffering=1 << 20)
                fh.write(self._header)
            except OSError:
                self.usable = False
                return None
            self._out = (pid, path, fh)
        return self._out[2]

    def finish(self) -> list[Path]:
        """Close this process's part file; return the part files written so far (with the workers').
        """
        if self._out is not None and self._out[0] == os.getpid():
            try:
                self._out[2].close()
                self.parts.append(self._out[1])
            except OSError:
                self.usable = False
            self._out = None
        return self.parts

    def commit(self, parts: list[Path]) -> None:
        """Make `parts` (this process's and its workers') the cache for the next build."""
        self.close()
        if not self.usable:
            self.discard(parts)
            return
        self._sweep(keep={p.name for p in parts})
        for n, part in enumerate(parts):
            try:
                os.replace(part, self.folder / f"{PREFIX}{n}")
            except OSError:
                return

    def discard(self, parts: list[Path]) -> None:
        """Throw this build's part files away (the build failed); the last good cache stays."""
        self.close()
        for part in parts:
            part.unlink(missing_ok=True)
        self._sweep(keep=set(), finals=False)

    def _sweep(self, keep: set[str], finals: bool = True) -> None:
        """Delete our files that are not kept: old entries,
        and parts of builds that are no longer running.

        Only names this module makes are touched, and only regular files (a link is never followed).
        """
        if self.folder is None:
            return
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            if entry.name in keep or not entry.is_file(follow_symlinks=False):
                continue
            part = PART_RE.match(entry.name)
            stale = (part is not None and not _alive(int(part.group(1)))) or (
                finals and FINAL_RE.match(entry.name)
            )
            if stale:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass

    def close(self) -> None:
        """Close the files read from."""
        for fd in self._fds:
            try:
                os.close(fd)
            except OSError:
                pass
        self._fds = []
        self._index = {}


def _checksum(key: str, payload: bytes) -> bytes:
    """A digest of an entry: a line cut short or changed on disk does not match it."""
    return hashlib.sha256(key.encode() + b"\t" + payload).hexdigest()[:SUM_LEN].encode()


class BodyMemo:
    """The body cache's keys and checks, in memory: serve renders the same bodies on every save.

    Entries used by one build are kept for the next; the others are dropped then, so an
    edited body's old versions do not pile up while serve runs for days.
    """

    def __init__(self, allow_html: bool) -> None:
        self.allow_html = allow_html
        self.frame = f"memo\0{allow_html}"
        self.key = BodyCache.key
        self._last: dict[str, tuple[str, list[list]]] = {}
        self._this: dict[str, tuple[str, list[list]]] = {}

    def next_build(self) -> None:
        """Start a build: what the last one used stays available, the rest goes."""
        self._last, self._this = self._this, {}

    def get(self, key: str) -> tuple[str, list[list]] | None:
        """Return (HTML, links) stored under `key`, or None."""
        return self._this.get(key) or self._last.get(key)

    def put(self, key: str, html: str, links: list[list]) -> None:
        """Keep an entry for the next build (the renderer puts back every entry it used)."""
        self._this[key] = (html, links)


def _pread(fd: int, length: int, offset: int) -> bytes:
    """Read at an offset without moving a position forked
    processes share (os.pread where it exists).
    """
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows, where nothing is forked
    return os.read(fd, length)  # pragma: no cover
