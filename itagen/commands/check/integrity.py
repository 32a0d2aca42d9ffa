"""The integrity rules (missing files, broken links, addresses that will not open, file names
ITAS mangles) and the Thai text.

With --online, also the answers of the links (gone, not answering, a sign-in page) and whether
the agency's home page links to the ITA section.

Each function takes the SiteCheck and yields a Hit, with its message in the language being
spoken and numbers in the site's numerals; qualityrules.py registers them in rules.RULES
with their ids and words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import MappingProxyType
from urllib.parse import unquote

from itagen.errors import ItagenError
from itagen.site.yamlio import read_text
from itagen.thai.messages import N_, _, ngettext
from itagen.thai.text import find_repairs
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit
from itagen.commands.check.links import has_non_ascii, unsafe_name_chars, url_problem
from itagen.commands.check.words import num


def file_missing(site: SiteCheck) -> Iterator[Hit]:
    """A `file:` that is not in the site."""
    for item in site.items:
        for p in item.load_problems:
            if p.rule == "file-missing":  # tagged by content.load_item
                yield Hit(p.message, p.line, p.hint, p.path or item.src, item.code)


def link_broken(site: SiteCheck) -> Iterator[Hit]:
    """A link in a Markdown body the build refuses (a missing file, a page that is not published).
    """
    for item in site.items:
        for p in item.link_problems:
            yield Hit(p.message, p.line, p.hint, p.path, item.code)
    for p in site.page_problems:
        yield Hit(p.message, p.line, p.hint, p.path)


def url_malformed(site: SiteCheck) -> Iterator[Hit]:
    """An external URL that cannot open as written."""
    for item in site.present():
        for url, line in item.web_urls():
            if why := url_problem(url):
                message = _("the address '{url}' will not open: {why}").format(
                    url=url[:80], why=why
                )
                yield item.hit(
                    message, line, _("copy the address again from the browser's address bar")
                )


def _online(site: SiteCheck, dead: bool) -> Iterator[Hit]:
    if site.urls is None:
        return
    hint = (
        _("open it in a browser; replace the link if the page has moved")
        if dead
        else _("it may be a passing fault or a server that refuses robots: open it in a browser")
    )
    for item in site.present():
        for url, line in item.web_urls():
            status = site.urls.get(url)
            # a sign-in page answers 200 but is not public: url-login reports it
            if status is not None and not status.ok and status.dead == dead and not status.login:
                yield item.hit(f"{url[:80]}: {status.detail}", line, hint)


def url_dead(site: SiteCheck) -> Iterator[Hit]:
    """--online: the page is gone (404/410, no such host, connection refused)."""
    yield from _online(site, dead=True)


def url_unreachable(site: SiteCheck) -> Iterator[Hit]:
    """--online: no good answer just now (timeout, server error, refused robot)."""
    yield from _online(site, dead=False)


def url_login(site: SiteCheck) -> Iterator[Hit]:
    """--online: the link ends on a sign-in page (a Drive file or Facebook post not public)."""
    if site.urls is None:
        return
    for item in site.present():
        for url, line in item.web_urls():
            status = site.urls.get(url)
            if status is not None and status.login:
                yield item.hit(
                    _("{url}: {detail}, so evaluators cannot open it").format(
                        url=url[:80], detail=status.detail
                    ),
                    line,
                    _("share it as public (anyone with the link), or publish the file on the site"),
                )


def home_link_missing(site: SiteCheck) -> Iterator[Hit]:
    """--online: the agency's home page (agency.website) has no link to the ITA section."""
    home = site.home
    if home is None or home.links:
        return
    yield Hit(
        _("the home page {home} does not link to the ITA section: {detail}").format(
            home=home.url, detail=home.detail
        ),
        None,
        _("add a menu item or banner ITA on the home page that opens {base}").format(
            base=site.config.base_url
        ),
        "site.yaml",
    )


def _file_refs(item: ItemCheck) -> list[tuple[str, int | None]]:
    refs = [
        (d.file, item.line("documents", i, "file")) for i, d in enumerate(item.documents) if d.file
    ]
    refs += [
        (unquote(re.split(r"[?#]", link.url)[0]), link.line)
        for link in item.links
        if link.url.startswith("files/")
    ]
    return refs


def file_name_unsafe(site: SiteCheck) -> Iterator[Hit]:
    """A file name with spaces or characters that break when its URL is pasted into ITAS."""
    for item in site.present():
        for path, line in _file_refs(item):
            if chars := unsafe_name_chars(path):
                shown = " ".join(_("a space") if c == " " else c for c in chars)
                message = _(
                    "the file name '{path}' has characters that break when pasted "
                    "into ITAS: {chars}"
                ).format(path=path, chars=shown)
                yield item.hit(
                    message, line, _("rename the file using letters, digits, '-' and '_' only")
                )


def file_name_thai(site: SiteCheck) -> Iterator[Hit]:
    """A file name in Thai: its URL becomes a long %E0%B8… string in ITAS."""
    for item in site.present():
        for path, line in _file_refs(item):
            if has_non_ascii(path) and not unsafe_name_chars(path):
                message = _(
                    "the file name '{path}' is not in English letters; its address "
                    "becomes a long %E0%B8… string when entered into ITAS"
                )
                yield item.hit(
                    message.format(path=path),
                    line,
                    _("prefer names like o21-2566-03.pdf; keep the Thai title in 'title:'"),
                )


THAI_KINDS = MappingProxyType(
    {
        "sara-am": N_(
            "sara am typed as nikhahit + sara aa (ํา for ำ), as text copied from a PDF has"
        ),
        "zero-width": N_("invisible zero-width characters"),
        "bom": N_("an invisible byte-order mark inside the text"),
        "soft-hyphen": N_("invisible soft hyphens"),
        "not-nfc": N_("Thai marks typed in a non-standard order"),
        "thai-zero-code": N_("an item code written with a Thai zero (๐1 for O1)"),
    }
)


def thai_text(site: SiteCheck) -> Iterator[Hit]:
    """Text the hygiene layer repairs on every build: fix it once in the source."""
    for src, code in site.source_files():
        try:
            text = read_text(site.root / src, src)
        except ItagenError:
            continue  # an unreadable file is reported by the loaders (item-invalid, site-invalid)
        seen: dict[str, list] = {}  # kind -> [count, first line, example]
        for n, line in enumerate(text.split("\n"), 1):
            for repair in find_repairs(line):
                entry = seen.setdefault(repair.kind, [0, n, repair.example])
                entry[0] += repair.count
        for kind, (count, first, example) in seen.items():
            message = ngettext(
                "{kind}: {count} place, the first is '{example}'",
                "{kind}: {count} places, the first is '{example}'",
                count,
            )
            yield Hit(
                message.format(
                    kind=_(THAI_KINDS[kind]), count=num(count, site.numerals), example=example
                ),
                first,
                _(
                    "itagen repairs it when building; fix the source so search and copy-paste "
                    "work too"
                ),
                src,
                code,
            )
