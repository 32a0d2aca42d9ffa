"""The body cache: Markdown bodies rendered by an earlier build, reused when nothing they depend on changed.

Owns `.itagen-cache/bodies.*` in a site folder. Rendering Markdown is most of the
work of a page; when a site is rebuilt because something changed (one item,
site.yaml, a template, a workspace's shared folder), the bodies that did not
change are taken from here and only the templates run again, so every page is
still made from the current model and the output stays byte-identical to a
clean build.

An entry is found by a hash of what the HTML is made from: the body's text, the
page's way back to the site root, whether raw HTML is allowed, and the itagen and
library versions. Links also depend on the files and pages that exist, so an
entry records each link it resolved and is used only if every link still
resolves to the same address without a problem. A body with a problem is never
stored: its messages are made afresh.

The files are written as the pages are (memory stays flat): a header line, then
one line per entry — key, CRC-32 of the payload, the links as JSON, the HTML. Only a
byte offset per entry is kept in memory. An entry whose checksum or shape is
wrong, and a file from another version, are ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from pathlib import Path

from . import __version__

PREFIX = "bodies."
MAGIC = "itagen-bodies"


def frame_of(package: str, allow_html: bool) -> str:
    """Return the part of every key that is the same for the whole build."""
    return hashlib.sha256(f"{package}\0{__version__}\0{allow_html}".encode()).hexdigest()[:32]


class BodyCache:
    """Reads the last build's bodies and writes this build's, one part file per process."""

    def __init__(self, folder: Path, frame: str) -> None:
        self.folder = folder
        self.frame = frame
        self._header = f"{MAGIC}\t{frame}\n".encode()
        self._index: dict[str, tuple[int, int, int]] = {}    # key -> (file number, offset, length)
        self._fds: list[int] = []
        self._out: tuple[int, Path, object] | None = None    # (pid, part path, open file)
        self.parts: list[Path] = []                          # part files this process finished
        self._load()

    def _load(self) -> None:
        try:
            names = sorted(p for p in self.folder.iterdir() if p.name.startswith(PREFIX) and p.name[7:].isdigit())
        except OSError:
            return
        for path in names:
            try:
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                continue
            with os.fdopen(os.dup(fd), "rb") as fh:
                if fh.readline() != self._header:
                    os.close(fd)
                    continue
                number = len(self._fds)
                self._fds.append(fd)
                offset = len(self._header)
                for line in fh:
                    key, _, rest = line.partition(b"\t")
                    if len(key) == 32 and rest:
                        self._index[key.decode("ascii", "replace")] = (number, offset + 33, len(line) - 34)
                    offset += len(line)

    @staticmethod
    def key(frame: str, root: str, text: str) -> str:
        """Return the entry key of a body rendered at depth `root` (its relative way to the site root)."""
        return hashlib.sha256(f"{frame}\0{root}\0{text}".encode()).hexdigest()[:32]

    def get(self, key: str) -> tuple[str, list[list]] | None:
        """Return (HTML, links) stored under `key`, or None when absent or damaged."""
        where = self._index.get(key)
        if where is None:
            return None
        number, offset, length = where
        try:
            data = os.pread(self._fds[number], length, offset)
            crc, _, payload = data.partition(b"\t")
            if int(crc, 16) != zlib.crc32(payload):
                return None
            raw_links, sep, raw_html = payload.partition(b"\t")
            links = json.loads(raw_links)
            html = raw_html.decode("utf-8").replace("\0", "\n")
        except (OSError, ValueError, TypeError):
            return None
        if not sep:
            return None
        if not isinstance(html, str) or not isinstance(links, list):
            return None
        if not all(isinstance(x, list) and len(x) == 3 and isinstance(x[0], str) and isinstance(x[1], bool)
                   and isinstance(x[2], str) for x in links):
            return None
        return html, links

    def put(self, key: str, html: str, links: list[list]) -> None:
        """Store an entry for the next build (appended to this process's part file)."""
        out = self._writer()
        if out is None or key in self._stored:
            return
        self._stored.add(key)
        # Rendered Markdown has no NUL (markdown-it turns one into U+FFFD), so NUL can stand for the line
        # breaks and an entry stays one line; JSON escapes the tab and line breaks of a link.
        raw_links = json.dumps(links, ensure_ascii=False, separators=(",", ":")).encode() if links else b"[]"
        payload = raw_links + b"\t" + html.replace("\n", "\0").encode()
        try:
            out.write(b"%s\t%08x\t%s\n" % (key.encode(), zlib.crc32(payload), payload))
        except OSError:
            self._out = None  # a full disk only costs the next build its cache

    def _writer(self):
        pid = os.getpid()
        if self._out is None or self._out[0] != pid:  # a forked worker writes its own part
            try:
                self.folder.mkdir(exist_ok=True)
                (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
                path = self.folder / f"{PREFIX}{pid}-{len(self.parts)}.tmp"
                fh = open(path, "wb", buffering=1 << 20)  # noqa: SIM115 - kept open while pages are rendered
                fh.write(self._header)
            except OSError:
                return None
            self._out = (pid, path, fh)
            self._stored: set[str] = set()                   # keys already in this process's part
        return self._out[2]

    def finish(self) -> list[Path]:
        """Close this process's part file; return the part files this process wrote."""
        if self._out is not None and self._out[0] == os.getpid():
            try:
                self._out[2].close()
                self.parts.append(self._out[1])
            except OSError:
                pass
            self._out = None
        return self.parts

    def commit(self, parts: list[Path]) -> None:
        """Make `parts` (this process's and its workers', in order) the cache for the next build."""
        self.close()
        for old in self.folder.glob(PREFIX + "*"):
            if old not in parts:
                old.unlink(missing_ok=True)
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

    def close(self) -> None:
        """Close the files read from."""
        for fd in self._fds:
            os.close(fd)
        self._fds = []
        self._index = {}
