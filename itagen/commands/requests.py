"""What a preview request may name: the output path it asks for, its content type, and the hosts
that are reachable only from this computer (serve binds to those unless told otherwise).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {  # fixed here rather than guessed from the system's mime.types, so every machine agrees
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8", ".svg": "image/svg+xml",
    ".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".ico": "image/x-icon", ".woff2": "font/woff2",
    ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf", ".zip": "application/zip",
    ".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text", ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".mp4": "video/mp4", ".mp3": "audio/mpeg",
}


def content_type(path: str) -> str:
    """Return the Content-Type for an output path (Thai names included), by its extension."""
    return TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def output_path(target: str) -> str | None:
    """Map a request target to an output path ('' ends in a folder), or None when it must be refused.

    The path is percent-decoded exactly once; '.', '..', empty segments, backslashes
    and control characters are refused whatever their encoding, and what is left is
    only ever looked up in the snapshot, never joined to a folder on disk.
    """
    raw = target.split("?", 1)[0].split("#", 1)[0] if target.startswith("/") else urlsplit(target).path
    if not raw.startswith("/"):
        return None
    try:
        path = unquote(raw[1:], errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts[:-1]) or parts[-1] in (".", ".."):
        return None
    return path


def is_loopback(host: str) -> bool:
    """True when `host` is reachable only from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
