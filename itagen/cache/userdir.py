"""The user's own cache folder ($XDG_CACHE_HOME/itagen, default ~/.cache/itagen): one door to it.

What is kept there (compiled templates, rendered bodies) is loaded as code or put on
pages as HTML, so a folder is used only when it is a real folder (not a link), belongs
to this user, and no one else can write to it, as Python's own __pycache__ would be.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def user_cache_dir(*names: str) -> Path | None:
    """Return the folder $XDG_CACHE_HOME/itagen/<names…>, made if needed, or None when it is unsafe.

    None also when there is no home folder (a bare service account): the caller then works
    without its cache.
    """
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base.joinpath("itagen", *names)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        st = folder.lstat()
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return None  # a link, or a folder others can write to
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None  # someone else's
    return folder
