"""Stage 1 — the site configuration: site.yaml, validated, with every path resolved.

Owns the schema of site.yaml (DESIGN.md "A site on disk"): the agency, its ITA
settings, base_url, theme and numerals. A wrong type, a missing required key or
an unknown key is an error naming the file, the line and the key, with a
"did you mean" for typos. Relative paths are resolved against the site folder,
never the current directory, so one shell can build many sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import ItagenError, Problem
from .validation import problems_from
from .yamlio import load_yaml, read_text

CONFIG_NAME = "site.yaml"
EIT_BASE = "https://itas.nacc.go.th/go/"
EIT_CODE_RE = re.compile(r"^[a-z0-9]{6}$")


@lru_cache(maxsize=1)
def schema() -> Any:
    """Return the pydantic model of site.yaml (built once; pydantic is imported lazily)."""
    from typing import Literal

    from pydantic import BaseModel, ConfigDict, Field, field_validator

    strict = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    class Contact(BaseModel):
        """How citizens reach the agency (shown in the footer and on O5)."""
        model_config = strict
        address: str | None = None
        phone: str | None = None
        fax: str | None = None
        email: str | None = None
        website: str | None = None
        hours: str | None = None

    class Agency(BaseModel):
        """The agency that publishes the ITA section."""
        model_config = strict
        name: str = Field(min_length=1)
        short_name: str | None = None
        name_en: str | None = None
        province: str | None = None
        district: str | None = None
        logo: str | None = None
        contact: Contact | None = None

    class Ita(BaseModel):
        """ITA settings: the year shown first and the EIT/IIT survey links."""
        model_config = strict
        current_year: int = Field(ge=2500, le=2700)
        eit_code: str | None = None
        eit_url: str | None = None
        iit_code: str | None = None
        iit_url: str | None = None
        max_urls: int = Field(default=5, ge=1, le=50)
        silence: tuple[str, ...] = ()

        @field_validator("eit_url", "iit_url")
        @classmethod
        def _https(cls, value: str | None) -> str | None:
            if value is not None and not value.startswith("https://"):
                raise ValueError("the survey link must start with https://")
            return value

    class Site(BaseModel):
        """The whole of site.yaml."""
        model_config = strict
        agency: Agency
        ita: Ita
        base_url: str | None = None
        theme: str = "default"
        numerals: Literal["thai", "arabic"] = "thai"
        allow_html: bool = False
        cname: str | None = None

        @field_validator("base_url")
        @classmethod
        def _base_url(cls, value: str | None) -> str | None:
            if value is None:
                return None
            if not re.match(r"^https?://[^/\s]+", value):
                raise ValueError("base_url must be an absolute http(s) address, e.g. https://example.go.th/ita/")
            return value if value.endswith("/") else value + "/"

    return Site


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """A validated site: its folder, the parsed settings and the survey links."""

    root: Path
    data: Any  # the pydantic Site model
    eit_url: str | None
    iit_url: str | None

    @property
    def agency(self) -> Any:
        """The agency block of site.yaml."""
        return self.data.agency

    @property
    def ita(self) -> Any:
        """The ita block of site.yaml."""
        return self.data.ita

    @property
    def numerals(self) -> str:
        """'thai' or 'arabic'."""
        return self.data.numerals

    @property
    def base_url(self) -> str | None:
        """The absolute address the site is published at, ending in '/', or None."""
        return self.data.base_url

    def resolve(self, rel: str) -> Path:
        """Return the absolute path of a site-relative path (checked elsewhere)."""
        return self.root / rel


def _survey_url(kind: str, code: str | None, url: str | None) -> str | None:
    if url:
        return url
    if code:
        return f"{EIT_BASE}{kind}/{code}"
    return None


def load_config(site_dir: Path, base_url: str | None = None) -> tuple[SiteConfig, list[Problem]]:
    """Load and validate SITE/site.yaml; return the config and its warnings, or raise ItagenError."""
    from pydantic import ValidationError

    root = site_dir.resolve()
    path = root / CONFIG_NAME
    display = CONFIG_NAME
    if not path.is_file():
        raise ItagenError(
            f"no {CONFIG_NAME} in {root}", None, None,
            "run itagen in a site folder, give the site folder as an argument, "
            "or create a new site with: itagen init DIR --year 2566 --name \"…\"",
        )
    text = read_text(path, display)
    raw = load_yaml(text, display)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ItagenError("site.yaml must be a mapping of keys (agency:, ita:, …)", display, 1)
    if base_url is not None:
        raw = {**raw, "base_url": base_url}
    Site = schema()
    try:
        data = Site.model_validate(raw)
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, Site, text, display)) from None
    warnings = _survey_warnings(data, text, display)
    eit = _survey_url("eit", data.ita.eit_code, data.ita.eit_url)
    iit = _survey_url("iit", data.ita.iit_code or (data.ita.eit_code if not data.ita.iit_url else None),
                      data.ita.iit_url)
    if data.ita.iit_code is None and data.ita.iit_url is None:
        iit = None  # show the internal survey only when the agency configures it
    return SiteConfig(root, data, eit, iit), warnings


def _survey_warnings(data: Any, text: str, display: str) -> list[Problem]:
    """Warn about survey links that look wrong (ITA-FACTS §3); a site may silence them."""
    from .yamlio import line_of

    found: list[Problem] = []
    silence = set(data.ita.silence)
    for key in ("eit_code", "iit_code"):
        code = getattr(data.ita, key)
        if code is not None and not EIT_CODE_RE.match(code) and "eit-code-form" not in silence:
            found.append(Problem(
                f"ita.{key} '{code}' is not of the NACC form (6 lowercase letters or digits)",
                display, line_of(text, ("ita", key)),
                "copy the code from the survey link ITAS gives you: https://itas.nacc.go.th/go/eit/<code>",
                "warning", "eit-code-form"))
    for key in ("eit_url", "iit_url"):
        url = getattr(data.ita, key)
        if url and not url.startswith("https://itas.nacc.go.th/") and "eit-host" not in silence:
            found.append(Problem(
                f"ita.{key} does not point to itas.nacc.go.th", display, line_of(text, ("ita", key)),
                "NACC survey links have the form https://itas.nacc.go.th/go/eit/<code>; "
                "add 'eit-host' to ita.silence if this link is intended", "warning", "eit-host"))
    if not (data.ita.eit_code or data.ita.eit_url) and "eit-missing" not in silence:
        found.append(Problem(
            "no EIT survey link: item O43 requires the EIT QR code on the website", display,
            line_of(text, ("ita",)), "add 'eit_code: <code>' under ita: (the code NACC gives the agency)",
            "warning", "eit-missing"))
    return found
