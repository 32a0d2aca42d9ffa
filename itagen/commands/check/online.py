"""--online: ask each external URL whether it still answers, the way an evaluator's click would.

Owns the HTTP side of the check and nothing else: one HEAD request per distinct
URL (GET when a server refuses HEAD), redirects followed, a timeout per request
and a cap on requests in flight, so a site with hundreds of links neither hangs
nor floods anybody. A link that ends on a sign-in page (a Google Drive file or a
Facebook post that is not public) opens for its owner but not for an evaluator.
It also reads the agency's home page (agency.website) for a link to the ITA
section: evaluators start there. Off by default: a check must work offline and
give the same answer twice.
"""

from __future__ import annotations

import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from itagen import __version__
from itagen.thai.messages import _

USER_AGENT = f"itagen-check/{__version__} (ITA readiness audit)"
# Answers that mean "the page is gone": an evaluator fails the item.
DEAD_STATUS = frozenset({404, 410})
# Answers to HEAD worth asking again with GET: "not to robots", "not HEAD", and the 404 some
# servers give to HEAD alone; a page is called dead only when GET agrees.
RETRY_WITH_GET = frozenset({403, 404, 405, 410, 501})
# Where a link lands when its page is not public: Google's and Facebook's sign-in pages (a
# Drive file shared only with the agency, a post of a closed group), or any site's login path.
LOGIN_HOSTS = frozenset({"accounts.google.com"})
LOGIN_PATH = re.compile(
    r"/(?:ServiceLogin|signin|sign-in|login(?:\.php)?|accounts/login)(?:[/?#.]|$)", re.IGNORECASE
)
HOME_PAGE_LIMIT = 2_000_000  # bytes of a home page read for links; home pages are far smaller


@dataclass(frozen=True, slots=True)
class UrlStatus:
    """What a URL answered: ok, dead (gone for sure) or neither (unreachable just now)."""

    url: str
    ok: bool
    dead: bool
    detail: str
    login: bool = False  # it ends on a sign-in page: not public


def is_login_redirect(url: str, final: str) -> bool:
    """True when opening `url` ended on a sign-in page: the page is not public.

    Google's sign-in host always counts; a login path counts on Facebook and when the link
    was sent to another site to sign in. An e-service that asks its own users to log in on
    its own site (O18) is a working channel, not a private page.
    """
    start, end = urlsplit(url), urlsplit(final)
    if end.hostname in LOGIN_HOSTS:
        return start.hostname not in LOGIN_HOSTS
    if not LOGIN_PATH.search(end.path) or LOGIN_PATH.search(start.path):
        return False
    host = end.hostname or ""
    return host != start.hostname or host == "facebook.com" or host.endswith(".facebook.com")


def _ask(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(
            request, timeout=timeout
        ) as response:  # http(s) only: url_problem
            return response.status, response.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.geturl() or url


def check_url(url: str, timeout: float) -> UrlStatus:
    """Ask one URL and classify the answer."""
    try:
        status, final = _ask(url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status, final = _ask(url, "GET", timeout)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror) and reason.errno == getattr(
            socket, "EAI_NONAME", -2
        ):
            return UrlStatus(url, False, True, _("the host name does not exist"))
        if isinstance(reason, ConnectionRefusedError):
            return UrlStatus(url, False, True, _("the server refused the connection"))
        if isinstance(reason, ssl.SSLError):
            return UrlStatus(
                url,
                False,
                False,
                _("secure connection failed ({reason})").format(reason=reason.reason or reason),
            )
        if isinstance(reason, TimeoutError):
            return UrlStatus(url, False, False, _no_answer(timeout))
        return UrlStatus(url, False, False, _("cannot connect ({reason})").format(reason=reason))
    except TimeoutError:
        return UrlStatus(url, False, False, _no_answer(timeout))
    except (OSError, ValueError) as exc:
        return UrlStatus(url, False, False, _("cannot connect ({reason})").format(reason=exc))
    if is_login_redirect(url, final):
        detail = _("it opens a sign-in page ({url})").format(url=final[:80])
        return UrlStatus(url, False, False, detail, login=True)
    if 200 <= status < 400:
        return UrlStatus(url, True, False, f"HTTP {status}")
    if status in DEAD_STATUS:
        gone = _("the page is gone (HTTP {status})").format(status=status)
        return UrlStatus(url, False, True, gone)
    answer = _("the server answered HTTP {status}").format(status=status)
    return UrlStatus(url, False, False, answer)


def _no_answer(timeout: float) -> str:
    return _("no answer within {seconds} seconds").format(seconds=f"{timeout:g}")


def check_urls(
    urls: list[str], timeout: float = 10.0, concurrency: int = 8
) -> tuple[dict[str, UrlStatus], float]:
    """Check distinct URLs in parallel; return {url: status} and the seconds it took."""
    started = time.perf_counter()
    distinct = list(dict.fromkeys(urls))
    if not distinct:
        return {}, 0.0
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(distinct)))) as pool:
        results = list(pool.map(lambda u: check_url(u, timeout), distinct))
    return {r.url: r for r in results}, time.perf_counter() - started


class _Links(HTMLParser):
    """Collects the href of every <a> and <area> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "area"):
            self.hrefs += [v for k, v in attrs if k == "href" and v]


@dataclass(frozen=True, slots=True)
class HomeStatus:
    """What the agency's home page says: whether it links to the ITA section."""

    url: str
    links: bool | None  # None when the page could not be read
    detail: str


def check_home(home: str, section: str, timeout: float) -> HomeStatus:
    """Read the home page and look for a link into the ITA section (base_url)."""
    request = urllib.request.Request(home, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            raw = response.read(HOME_PAGE_LIMIT)
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return HomeStatus(home, None, _("the page did not open ({error})").format(error=exc))
    parser = _Links()
    parser.feed(raw.decode(charset, "replace"))
    target = section.rstrip("/")
    for href in parser.hrefs:
        full = urljoin(final, href.strip())
        if full.rstrip("/") == target or full.startswith(target + "/"):
            return HomeStatus(home, True, full)
    return HomeStatus(
        home,
        False,
        _("none of its {count} links opens {section}").format(
            count=len(parser.hrefs), section=section
        ),
    )
