"""--online: ask each external URL whether it still answers, the way an evaluator's click would.

Owns the HTTP side of the check and nothing else: one HEAD request per distinct
URL (GET when a server refuses HEAD), redirects followed, a timeout per request
and a cap on requests in flight, so a site with hundreds of links neither hangs
nor floods anybody. Off by default: a check must work offline and give the
same answer twice.
"""

from __future__ import annotations

import socket
import ssl
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from itagen import __version__
from itagen.thai.messages import _

USER_AGENT = f"itagen-check/{__version__} (ITA readiness audit)"
# Answers that mean "the page is gone": an evaluator fails the item.
DEAD_STATUS = frozenset({404, 410})
# Answers to HEAD worth asking again with GET: "not to robots", "not HEAD", and the 404 some
# servers give to HEAD alone; a page is called dead only when GET agrees.
RETRY_WITH_GET = frozenset({403, 404, 405, 410, 501})


@dataclass(frozen=True, slots=True)
class UrlStatus:
    """What a URL answered: ok, dead (gone for sure) or neither (unreachable just now)."""

    url: str
    ok: bool
    dead: bool
    detail: str


def _ask(url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # http(s) only: url_problem
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def check_url(url: str, timeout: float) -> UrlStatus:
    """Ask one URL and classify the answer."""
    try:
        status = _ask(url, "HEAD", timeout)
        if status in RETRY_WITH_GET:
            status = _ask(url, "GET", timeout)
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror) and reason.errno == getattr(socket, "EAI_NONAME", -2):
            return UrlStatus(url, False, True, _("the host name does not exist"))
        if isinstance(reason, ConnectionRefusedError):
            return UrlStatus(url, False, True, _("the server refused the connection"))
        if isinstance(reason, ssl.SSLError):
            return UrlStatus(url, False, False, _("secure connection failed ({reason})").format(
                reason=reason.reason or reason))
        if isinstance(reason, TimeoutError):
            return UrlStatus(url, False, False, _no_answer(timeout))
        return UrlStatus(url, False, False, _("cannot connect ({reason})").format(reason=reason))
    except TimeoutError:
        return UrlStatus(url, False, False, _no_answer(timeout))
    except (OSError, ValueError) as exc:
        return UrlStatus(url, False, False, _("cannot connect ({reason})").format(reason=exc))
    if 200 <= status < 400:
        return UrlStatus(url, True, False, f"HTTP {status}")
    if status in DEAD_STATUS:
        gone = _("the page is gone (HTTP {status})").format(status=status)
        return UrlStatus(url, False, True, gone)
    answer = _("the server answered HTTP {status}").format(status=status)
    return UrlStatus(url, False, False, answer)


def _no_answer(timeout: float) -> str:
    return _("no answer within {seconds} seconds").format(seconds=f"{timeout:g}")


def check_urls(urls: list[str], timeout: float = 10.0, concurrency: int = 8) -> tuple[dict[str, UrlStatus], float]:
    """Check distinct URLs in parallel; return {url: status} and the seconds it took."""
    started = time.perf_counter()
    distinct = list(dict.fromkeys(urls))
    if not distinct:
        return {}, 0.0
    with ThreadPoolExecutor(max_workers=max(1, min(concurrency, len(distinct)))) as pool:
        results = list(pool.map(lambda u: check_url(u, timeout), distinct))
    return {r.url: r for r in results}, time.perf_counter() - started
