"""The EIT and IIT survey links: how site.yaml names them, what they resolve to, and what looks
wrong.

NACC gives each agency a 6-character code; its public survey (EIT) is
https://itas.nacc.go.th/go/eit/<code> and its staff survey (IIT) /go/iit/<code>.
A site writes `ita.eit_code` or, for a link of another form,
`ita.eit_url` (likewise iit_). Anything that cannot make a working https link
is an error; a link that merely looks unusual (a code not of the NACC form,
another host, the IIT link given as the EIT one) is a warning a site can
silence with `ita.silence`, because NACC may change its links. A missing EIT
link is a warning from `itagen build` and an error from `itagen check`: the
criteria ask for the EIT QR code on the website (item O43 in 2566–2567).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from itagen.errors import Problem
from itagen.thai.messages import _

EIT_HOST = "itas.nacc.go.th"
EIT_BASE = f"https://{EIT_HOST}/go/"
EIT_CODE_RE = re.compile(r"^[a-z0-9]{6}$")
# The rules of the checks below; `ita.silence` may name any of them to silence its warning.
SURVEY_RULES = ("eit-code-form", "eit-host", "eit-kind", "eit-missing")
SURVEY_NAMES = {
    "eit": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    "iit": "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
}
_URL_SAFE_CODE_RE = re.compile(
    r"^[A-Za-z0-9._~-]+$"
)  # unreserved characters: safe in a link as written
_NACC_PATH_RE = re.compile(r"^/go/(eit|iit)/([^/]+)/?$")


@dataclass(frozen=True, slots=True)
class Survey:
    """One survey link as pages show it: EIT (the public) or IIT (the agency's staff)."""

    kind: str  # 'eit' | 'iit'
    url: str | None  # None when the site has not configured it

    @property
    def abbr(self) -> str:
        """'EIT' or 'IIT'."""
        return self.kind.upper()

    @property
    def name(self) -> str:
        """The survey's Thai name."""
        return SURVEY_NAMES[self.kind]

    @property
    def title(self) -> str:
        """The Thai name with its abbreviation, e.g. '… ภายนอก (EIT)'."""
        return f"{self.name} ({self.abbr})"

    @property
    def host(self) -> str | None:
        """The host the link goes to (shown on the poster when the link is not NACC's)."""
        return urlsplit(self.url).hostname if self.url else None

    @property
    def code(self) -> str | None:
        """The agency code in a NACC link (…/go/eit/<code>), or None for a link of another form."""
        if not self.url:
            return None
        parts = urlsplit(self.url)
        found = _NACC_PATH_RE.match(parts.path)
        return found.group(2) if parts.hostname == EIT_HOST and found else None


def survey_url(kind: str, code: str | None, url: str | None) -> str | None:
    """Return the link of a survey from its code or full link (validated by the schema), or None."""
    if url:
        return url
    if code:
        return f"{EIT_BASE}{kind}/{code}"
    return None


def check_survey_url(value: str) -> str:
    """Return `value` if it can be a survey link (https, a host, no spaces); else raise
    ValueError."""
    if not value.startswith("https://"):
        raise ValueError(
            _(
                "the survey link must start with https:// (NACC links do: "
                "https://itas.nacc.go.th/go/eit/<code>)"
            )
        )
    if any(ch.isspace() for ch in value) or not urlsplit(value).hostname:
        raise ValueError(
            _(
                "the survey link must be one address with no spaces, "
                "e.g. https://itas.nacc.go.th/go/eit/<code>"
            )
        )
    return value


def check_survey_code(value: str) -> str:
    """Return `value` if it can stand in a link as a code; else raise ValueError."""
    if "/" in value or ":" in value:
        raise ValueError(
            _("write only the code, e.g. xgitdi; a full link goes under eit_url (or iit_url)")
        )
    if not _URL_SAFE_CODE_RE.match(value):
        raise ValueError(
            _(
                "the code may hold only letters, digits and - . _ ~ "
                "(NACC codes are 6 lowercase letters or digits, e.g. xgitdi)"
            )
        )
    return value


def problems_of(
    ita: Any,
    line_of: Callable[[tuple[str, ...]], int | None],
    display: str,
    missing: str = "warning",
) -> list[Problem]:
    """Return the survey-link problems of a validated `ita:` block; `line_of` finds a key's line.

    A missing EIT link has `missing` severity (config.survey_problems: an error for `itagen check`).
    """
    found: list[Problem] = []

    def add(message: str, key: str, hint: str, severity: str, rule: str) -> None:
        found.append(Problem(message, display, line_of(("ita", key)), hint, severity, rule))

    for kind in ("eit", "iit"):
        code, url = getattr(ita, f"{kind}_code"), getattr(ita, f"{kind}_url")
        if code and url:
            add(
                _(
                    "ita.{kind}_code and ita.{kind}_url are both set; "
                    "which link should the QR code hold?"
                ).format(kind=kind),
                f"{kind}_url",
                _(
                    "keep one: {kind}_code for a NACC code, {kind}_url for a link of another form"
                ).format(kind=kind),
                "error",
                f"{kind}-both",
            )
        if code and not EIT_CODE_RE.match(code):
            add(
                _(
                    "ita.{kind}_code '{code}' is not of the NACC form "
                    "(6 lowercase letters or digits)"
                ).format(kind=kind, code=code),
                f"{kind}_code",
                _(
                    "copy the code from the link ITAS gives you: {link}; add "
                    "'eit-code-form' to ita.silence if this code is right"
                ).format(link=f"{EIT_BASE}{kind}/<code>"),
                "warning",
                "eit-code-form",
            )
        if url:
            for message, hint, rule in _url_warnings(kind, url):
                # The staff survey's link on the public poster sends citizens to the wrong survey.
                severity = "error" if rule == "eit-kind" and kind == "eit" else "warning"
                add(message, f"{kind}_url", hint, severity, rule)
    if not (ita.eit_code or ita.eit_url):
        add(
            _(
                "no EIT survey link: the people the agency serves answer the EIT through it, "
                "and the criteria ask for its QR code on the website (item O43 in 2566–2567)"
            ),
            "",
            _("add 'eit_code: <code>' under ita: (the code NACC gives the agency in ITAS)"),
            missing,
            "eit-missing",
        )
    silence = set(ita.silence)
    return [p for p in found if p.severity == "error" or p.rule not in silence]


def _url_warnings(kind: str, url: str) -> list[tuple[str, str, str]]:
    """(message, hint, rule) for a full link to another host, to the other survey, or with no NACC
    code."""
    parts = urlsplit(url)
    if parts.hostname != EIT_HOST:
        return [
            (
                _("ita.{kind}_url goes to {host}, not to NACC's {nacc}").format(
                    kind=kind, host=parts.hostname, nacc=EIT_HOST
                ),
                _(
                    "NACC survey links have the form {link}; add 'eit-host' to ita.silence "
                    "if this link is intended"
                ).format(link=f"{EIT_BASE}{kind}/<code>"),
                "eit-host",
            )
        ]
    found = _NACC_PATH_RE.match(parts.path)
    if found and found.group(1) != kind:
        if kind == "eit":
            return [
                (
                    _(
                        "ita.eit_url is the link of the IIT survey, which is for the agency's "
                        "staff; the public EIT poster and QR code would send citizens to it"
                    ),
                    _(
                        "copy the EIT link from ITAS: {link}; the IIT link goes under iit_url"
                    ).format(link=f"{EIT_BASE}eit/<code>"),
                    "eit-kind",
                )
            ]
        return [
            (
                _("ita.iit_url is the link of the EIT (public) survey"),
                _("the IIT link has the form {link}").format(link=f"{EIT_BASE}iit/<code>"),
                "eit-kind",
            )
        ]
    if not found or not EIT_CODE_RE.match(found.group(2)):
        return [
            (
                _(
                    "ita.{kind}_url does not end in a NACC survey code "
                    "(/go/{kind}/<6 letters or digits>)"
                ).format(kind=kind),
                _(
                    "copy the link ITAS gives you: {link}; add 'eit-code-form' to ita.silence "
                    "if this link is right"
                ).format(link=f"{EIT_BASE}{kind}/<code>"),
                "eit-code-form",
            )
        ]
    return []
