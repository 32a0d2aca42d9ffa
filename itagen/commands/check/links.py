"""Links as the check sees them: where they are, whether a URL is well-formed, safe file names.

Owns the listing of links in a Markdown body with their lines (the build's own
parser, so the check sees exactly the links the build renders), the test that an
external URL will open when an evaluator clicks it, and the test that a file's
name survives being pasted into ITAS.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from itagen.errors import Problem
from itagen.render.markdown import BodyRenderer, LinkContext, iter_links
from itagen.thai.messages import _

# Characters that break a URL pasted into a form or an e-mail: spaces end the URL, # starts a
# fragment, ? a query, % an escape, & + ; , = are read as form separators, quotes and brackets
# end links in chat programs and Word.
_UNSAFE_NAME_RE = re.compile(r"[\s#?%&+;,=\"'<>()\[\]{}|\\^`*:!$@]")
_HOST_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True, slots=True)
class BodyLink:
    """A link or image in a Markdown body."""

    url: str
    line: int


def scan_body(
    bodies: BodyRenderer, body: str, ctx: LinkContext
) -> tuple[list[BodyLink], list[Problem]]:
    """Return a body's links and images with their lines, and the build's verdict on them.

    The walk is BodyRenderer.render's, and each link is judged by the same resolver the
    build uses, without rendering HTML: the check reports what the build would refuse.
    """
    if not body.strip():
        return [], []
    links, problems = [], []
    tokens = bodies.parser_for(body).parse(body, {})
    for _tag, attr, url, line in iter_links(tokens, ctx.first_line):
        problem = bodies.resolve_link(url, ctx, line, image=attr == "src")[
            1
        ]  # the build's own rule, not a copy
        if problem is not None:
            problems.append(problem)
        # A link to a heading of the same page is not something to enter into ITAS or to check.
        if url and not url.startswith("#"):
            links.append(BodyLink(url, line))
    return links, problems


def is_web(url: str) -> bool:
    """True for an http(s) address: the kind an evaluator opens and --online checks."""
    return url.lower().startswith(("http://", "https://"))


def url_problem(url: str) -> str | None:
    """Return why an http(s) URL will not open, or None when it is well-formed."""
    if re.search(r"\s", url):
        return _("it contains a space or line break")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        return _("it cannot be read as an address ({error})").format(error=exc)
    host = parts.hostname or ""
    if not host:
        return _("it has no host name after //")
    if port == 0:
        return _("its port is 0")
    if host in ("http", "https"):
        return _("the scheme is written twice (https://https://…)")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return None
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return _("the host name '{host}' is not valid").format(host=host)
    labels = ascii_host.rstrip(".").split(".")
    if host != "localhost" and len(labels) < 2:
        return _("the host name '{host}' has no domain (such as .go.th or .com)").format(host=host)
    if not all(_HOST_LABEL_RE.match(label) for label in labels):
        return _("the host name '{host}' is not valid").format(host=host)
    if parts.scheme.lower() not in ("http", "https"):
        return _("'{scheme}:' is not a web address").format(scheme=parts.scheme)
    return None


def unsafe_name_chars(path: str) -> list[str]:
    """Return the characters of a file path that break when its URL is pasted (spaces shown as ' ').
    """
    return sorted({(" " if c.isspace() else c) for c in _UNSAFE_NAME_RE.findall(unquote(path))})


def has_non_ascii(path: str) -> bool:
    """True when a path has letters outside ASCII (Thai names become long %E0%B8… URLs)."""
    return not unquote(path).isascii()
