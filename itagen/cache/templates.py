"""Compiled templates kept between runs, in the user's cache folder (cache/userdir.py).

Without them every new process compiles the theme again. Jinja checks each kept
file against the template's source, so an edited template is compiled again; the
files are named by what shapes the compiled code (the Jinja version and the
environment's options), so another itagen or Jinja never loads them.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache

from itagen.cache.userdir import user_cache_dir


@lru_cache(maxsize=1)
def bytecode_cache(options: Path) -> FileSystemBytecodeCache | None:
    """Return Jinja's bytecode cache in ~/.cache/itagen/jinja, or None where it is not safe.

    `options` is the module that sets the environment's options (render/jinjaenv.py).
    """
    folder = user_cache_dir("jinja")
    if folder is None:
        return None
    try:
        pattern = f"itagen-{code_version(options)}-%s.cache"
    except (OSError, ImportError):  # unreadable source (a zip file), or Jinja without metadata
        return None
    return _QuietBytecodeCache(str(folder), pattern)


def code_version(options: Path) -> str:
    """Name the code templates compile into: Jinja's version and the environment's options."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"jinja2 {version('jinja2')}\0".encode())
    digest.update(options.read_bytes())
    return digest.hexdigest()[:16]


class _QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache, but a cache file that cannot be read or written only costs a compile.

    (Jinja lets a truncated file or a folder deleted while serving raise out of get_template.)
    """

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable, truncated or foreign: compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Any) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass
