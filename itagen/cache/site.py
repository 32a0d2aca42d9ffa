"""The build cache: skip a site whose inputs and output are exactly as the last build left them.

Owns `.itagen-cache/state.json` in each site folder (git-ignored). Its key is a
hash of everything a site's output depends on: the itagen package itself (code,
catalogs, built-in themes), site.yaml, content/, files/, themes/, catalogs/, a
workspace's workspace.yaml, catalogs/ and shared/ folder, and the build's arguments (output
folder, base_url). Files enter the key by path, size and modification time, as
make does. The files a build wrote are recorded and stamped the same way, so an
output file that was deleted or edited by hand makes the next build run again.
A cache that is unreadable, from another version or for other inputs is ignored
and rewritten, never trusted. The rendered bodies are bodies.py's, in the user's cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from itagen import __version__
from itagen.cache.bodies import BodyCache, bodies_folder, create_new, frame_of, prepare_folder

CACHE_DIR = ".itagen-cache"
STATE = "state.json"
SITE_INPUTS = ("site.yaml", "content", "files", "themes", "catalogs")
PACKAGE = Path(__file__).resolve().parents[1]


def _sorted_entries(folder: str | Path) -> list[os.DirEntry]:
    """Return a folder's entries in name order ([] when it
    cannot be listed): for the walks over a site's inputs.
    """
    try:
        with os.scandir(folder) as found:
            return sorted(found, key=lambda e: e.name)
    except OSError:
        return []


def _tree(top: str, skip: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Yield (path relative to `top`, signature) for every file below `top`, in name order.

    A file's signature is its size and modification time. Links to folders are followed as
    the build follows them, except a link back to a folder it is in, which is signed by where
    it points, so pointing it elsewhere changes the key. A dangling link is signed by the
    link itself.
    """

    def walk(folder: str, prefix: str, ancestors: frozenset) -> Iterator[tuple[str, str]]:
        for entry in _sorted_entries(folder):
            if entry.name in skip:
                continue
            rel = prefix + entry.name
            try:
                is_dir, is_link = entry.is_dir(), entry.is_symlink()
            except OSError:
                is_dir, is_link = False, False
            if is_dir:
                try:
                    st = entry.stat()
                    ident = (st.st_dev, st.st_ino)
                except OSError:
                    ident = None
                if is_link and (ident is None or ident in ancestors):
                    try:
                        yield rel, f"link\0{os.readlink(entry.path)}"
                    except OSError:
                        yield rel, "link\0?"
                    continue
                yield from walk(entry.path, rel + "/", ancestors | {ident} if ident else ancestors)
                continue
            try:
                st = entry.stat()
            except (
                OSError
            ):  # a dangling link or a link loop: the build reports it, the key notes the link
                st = entry.stat(follow_symlinks=False)
            yield rel, f"{st.st_size}\0{st.st_mtime_ns}"

    try:
        st = os.stat(top)
        start = frozenset({(st.st_dev, st.st_ino)})
    except OSError:
        start = frozenset()
    yield from walk(top, "", start)


def _walk(path: Path, digest: hashlib._Hash, label: str) -> None:
    """Add every file under `path` (or the file itself) to the digest: relative path, size, mtime.
    """
    try:
        st = path.stat()
    except OSError:
        digest.update(f"{label}\0absent\n".encode())
        return
    if not stat.S_ISDIR(st.st_mode):
        digest.update(f"{label}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        return
    digest.update(
        "".join(
            f"{label}/{rel}\0{sig}\n" for rel, sig in _tree(str(path), ("__pycache__", CACHE_DIR))
        ).encode()
    )


@lru_cache(maxsize=1)
def _dependencies() -> str:
    """The versions of the libraries that shape the output (a Markdown upgrade may change pages)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in (
        "jinja2",
        "markupsafe",
        "markdown-it-py",
        "mdit-py-plugins",
        "pyyaml",
        "qrcode",
        "pydantic",
    ):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


@lru_cache(maxsize=1)
def package_key() -> str:
    """Identify this itagen and its libraries (code, catalogs, built-in themes): once per process.
    """
    digest = hashlib.sha256(f"itagen {__version__}\0{_dependencies()}\n".encode())
    _walk(PACKAGE, digest, "itagen")
    from itagen.render.themes import builtin_themes_dir

    if not builtin_themes_dir().is_relative_to(PACKAGE):
        _walk(
            builtin_themes_dir(), digest, "themes"
        )  # a source checkout keeps themes beside itagen/
    return digest.hexdigest()


def input_key(
    site_root: Path,
    out_dir: Path,
    base_url: str | None,
    workspace_root: Path | None,
    shared: Path | None,
) -> str:
    """Return the hash of everything the site's output depends on."""
    digest = hashlib.sha256(f"{package_key()}\0{out_dir}\0{base_url}\n".encode())
    for name in SITE_INPUTS:
        if name == "files":
            _sign_files(site_root, digest, "site")
        else:
            _walk(site_root / name, digest, f"site/{name}")
    if workspace_root is not None:
        _walk(workspace_root / "workspace.yaml", digest, "workspace.yaml")
        _walk(workspace_root / "catalogs", digest, "workspace/catalogs")  # serves all its sites
    if shared is not None:
        for entry in _sorted_entries(shared):
            if entry.name not in ("files", "__pycache__", CACHE_DIR):
                _walk(Path(entry.path), digest, f"shared/{entry.name}")
        _sign_files(shared, digest, "shared")
    return digest.hexdigest()


def _sign_files(root: Path, digest: hashlib._Hash, label: str) -> None:
    """Add root/files/ to the digest as the build publishes it (itagen/published.py).

    Published files by size and modification time; links that are not followed by where they
    point, so that pointing one elsewhere is a change. A link to a huge folder outside the site
    (a network drive) is therefore never walked.
    """
    from itagen.site.published import walk_files

    lines = []
    for rel, path, published in walk_files(root):
        if published:
            try:
                st = os.stat(path)
                sig = f"{st.st_size}\0{st.st_mtime_ns}"
            except OSError:  # a dangling link or a loop: the build reports it
                sig = "?"
        else:
            try:
                sig = f"link\0{os.readlink(path)}"
            except OSError:
                sig = "unpublished"
        lines.append(f"{label}/{rel}\0{sig}\n")
    digest.update("".join(lines).encode())


def output_stamp(out_dir: Path, written: Iterable[str]) -> str:
    """Return the hash of the files a build `written`, and of their folders, as they are now.

    One stat per file (size, modification time) and per folder (modification time) and no
    directory listing: a file of the output that was deleted or edited by hand since the
    build changes the stamp ("" when one is gone), and so does a file added by hand, which
    changes its folder's modification time — a clean build would not have it.
    """
    files = sorted(written)
    folders = {""}
    for rel in files:
        cut = rel.rfind("/")
        while cut > 0 and rel[:cut] not in folders:
            folders.add(rel[:cut])
            cut = rel.rfind("/", 0, cut)
    top = f"{out_dir}{os.sep}"
    lines = []
    try:
        for rel in files:
            st = os.stat(top + rel)
            lines.append(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n")
        for rel in sorted(folders):
            lines.append(f"{rel}/\0{os.stat(top + rel).st_mtime_ns}\n")
    except OSError:
        return ""
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def read_state(site_root: Path) -> dict | None:
    """Return the last build's record, or None when there is none or it cannot be trusted."""
    folder = site_root / CACHE_DIR
    if folder.is_symlink():
        return None  # a cache folder that points elsewhere is never read or written
    try:
        data = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != __version__:
        return None
    if not all(isinstance(data.get(k), str) for k in ("key", "out_stamp")):
        return None
    if not all(isinstance(data.get(k), int) for k in ("pages", "files")):
        return None
    ready = data.get("readiness")
    if not (
        isinstance(ready, list)
        and len(ready) == 3
        and all(x is None or type(x) is int for x in ready)
    ):
        data["readiness"] = None  # an older record: the summary line just leaves the count out
    written = data.get("written")
    if not isinstance(written, list) or not all(
        isinstance(x, str) and ".." not in x.split("/") and not x.startswith("/") for x in written
    ):
        return None
    return data


def write_state(
    site_root: Path,
    key: str,
    out_dir: Path,
    pages: int,
    files: int,
    written: Iterable[str],
    readiness: tuple = (None, 0, None),
) -> None:
    """Record a successful build (written atomically; a failure to write only costs a rebuild)."""
    folder = site_root / CACHE_DIR
    if folder.is_symlink():
        return
    try:
        prepare_folder(folder)
        tmp = folder / f"{STATE}.{os.getpid()}.tmp"
        with os.fdopen(create_new(tmp), "w", encoding="utf-8") as fh:
            written = sorted(written)
            # dumps, not dump: only a whole-document encode uses json's C encoder.
            fh.write(
                json.dumps(
                    {
                        "version": __version__,
                        "key": key,
                        "out_stamp": output_stamp(out_dir, written),
                        "pages": pages,
                        "files": files,
                        "written": written,
                        "readiness": list(readiness),
                    },
                    ensure_ascii=False,
                )
            )
        os.replace(tmp, folder / STATE)
    except OSError:
        pass


def bodies(site_root: Path, allow_html: bool) -> BodyCache:
    """Return the site's body cache (the last build's
    rendered Markdown) for a build that uses the cache.
    """
    return BodyCache(bodies_folder(site_root), frame_of(package_key(), allow_html))


def clear(site_root: Path) -> bool:
    """Remove the site's cache (its state and its bodies); return True when there was one."""
    import shutil

    bodies_dir = bodies_folder(site_root)
    if bodies_dir is not None:
        shutil.rmtree(bodies_dir, ignore_errors=True)
    folder = site_root / CACHE_DIR
    if folder.is_symlink():
        folder.unlink()  # the link only, never what it points to
        return True
    if folder.is_dir():
        shutil.rmtree(folder)
        return True
    return False


class BuildCache:
    """One build's use of the cache: is the last output still exact, the bodies it may reuse,
    and the record of a build that succeeded.
    """

    def __init__(
        self,
        root: Path,
        out: Path,
        base_url: str | None,
        workspace_root: Path | None,
        shared: Path | None,
    ) -> None:
        self.root = root
        self.out = out
        self.key = input_key(root, out, base_url, workspace_root, shared)
        self._bodies: BodyCache | None = None

    def unchanged(self, state: dict | None = None) -> dict | None:
        """Return the last build's record when its inputs and output are exactly as it left them."""
        state = state or read_state(self.root)
        if not state or state["key"] != self.key:
            return None
        if output_stamp(self.out, state["written"]) == state["out_stamp"]:
            return state
        return None

    def bodies(self, allow_html: bool) -> BodyCache:
        """Return the rendered bodies this build may reuse (kept when the build succeeds)."""
        self._bodies = bodies(self.root, allow_html)
        return self._bodies

    def failed(self) -> None:
        """Drop what this build added to the body cache."""
        if self._bodies is not None:
            self._bodies.discard(self._bodies.finish())

    def succeeded(
        self,
        pages: int,
        files: int,
        written: Iterable[str],
        clean: bool,
        readiness: tuple = (None, 0, None),
    ) -> None:
        """Keep the new bodies; remember the build when it was `clean` (no warnings to repeat).

        `readiness` (year, items, empty) lets a cached build print the same closing line.
        """
        if self._bodies is not None:
            self._bodies.commit(self._bodies.finish())
        if clean:
            write_state(self.root, self.key, self.out, pages, files, written, readiness)
