"""The site rules: what site.yaml and the content/ folder must be before items are checked.

Owns the functions of the site group (site-invalid, eit-missing, eit-code-form, eit-host,
eit-kind, base-url-missing, content-invalid); round-behind, also of the group, is rounds.py's.
Most of them pass on what reading the site already found (SiteCheck.tagged); each takes the
SiteCheck and yields a Hit, its message in the language being spoken. rules.RULES registers
them with their ids and words.
"""

from __future__ import annotations

from collections.abc import Iterator

from itagen.thai.messages import _
from itagen.commands.check.context import SiteCheck
from itagen.commands.check.findings import Hit


def _passthrough(site: SiteCheck, rule: str) -> Iterator[Hit]:
    for p in site.tagged(rule):
        yield Hit(p.message, p.line, p.hint, p.path)


def site_invalid(site: SiteCheck) -> Iterator[Hit]:
    """site.yaml (or the year's catalog) cannot be read: nothing else can be checked."""
    yield from _passthrough(site, "site-invalid")


def eit_missing(site: SiteCheck) -> Iterator[Hit]:
    """No EIT survey link: the criteria ask for its QR code on the website."""
    yield from _passthrough(site, "eit-missing")


def eit_code_form(site: SiteCheck) -> Iterator[Hit]:
    """The EIT/IIT code is not of NACC's 6-character form."""
    yield from _passthrough(site, "eit-code-form")


def eit_host(site: SiteCheck) -> Iterator[Hit]:
    """The survey link does not point to itas.nacc.go.th."""
    yield from _passthrough(site, "eit-host")


def eit_kind(site: SiteCheck) -> Iterator[Hit]:
    """The EIT link is the IIT survey's, or the other way round."""
    yield from _passthrough(site, "eit-kind")


def base_url_missing(site: SiteCheck) -> Iterator[Hit]:
    """No base_url: the ITAS export cannot write the absolute URLs evaluators open."""
    if site.config is not None and site.config.base_url is None:
        yield Hit(
            _("base_url is not set, so the addresses to enter into ITAS cannot be written out"),
            None,
            _("add 'base_url: https://…/' (the address the site is published at) to site.yaml"),
            "site.yaml",
        )


def content_invalid(site: SiteCheck) -> Iterator[Hit]:
    """A file or folder under content/ that is not an item of the year (the build stops on it)."""
    yield from _passthrough(site, "content-invalid")
