"""What a preview request may name: the output path it asks for, its content type, and the hosts
that are reachable only from this computer (serve binds to those unless told otherwise).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {  # fixed here rather than guessed from the system's mime.types, so every machine agrees
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".zip": "application/zip",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".mp4": "video/mp4",
    ".mp3": "audio/mpeg",
}


def content_type(path: str) -> str:
    """Return the Content-Type for an output path (Thai names included), by its extension."""
    return TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def output_path(target: str) -> str | None:
    """Map a request target to an output path ('' ends in a
    folder), or None when it must be refused.

    The path is percent-decoded exactly once; '.', '..', empty segments, backslashes
    and control characters are refused whatever their encoding, and what is left is
    only ever looked up in the snapshot, never joined to a folder on disk.
    """
    raw = (
        target.split("?", 1)[0].split("#", 1)[0]
        if target.startswith("/")
        else urlsplit(target).path
    )
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


def allowed_host(header: str | None, bound: str, port: int) -> bool:
    """True when a Host header names the preview: localhost, an IP address, or its bound name.

    A web page on another site can make a browser send requests here under the page's own
    host name (DNS rebinding): refusing every other name keeps the preview and its error
    panel's source lines out of that page's reach. An IP address cannot be rebound, so any is
    accepted (a server bound to 0.0.0.0 is opened at the computer's own addresses). The port,
    when given, must be this server's. A request without a Host header (HTTP/1.0) comes from
    no browser, and so from no web page: it is answered.
    """
    if header is None:
        return True
    if not header.strip():
        return False
    header = header.strip().lower()
    if header.startswith("["):
        name, _sep, rest = header[1:].partition("]")
        given = rest.removeprefix(":") if rest.startswith(":") else (None if not rest else "x")
    else:
        name, colon, given = header.partition(":")
        given = given if colon else None
    if given is not None and given != str(port):
        return False
    name = name.removesuffix(".")
    if name in ("localhost", bound.strip("[]").lower()):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    """True when `host` is reachable only from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
