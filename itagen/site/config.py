"""Stage 1 — the site configuration: site.yaml, validated, with every path resolved.

Owns the schema of site.yaml (DESIGN.md "A site on disk"): the agency, its ITA
settings, base_url, theme and numerals. A wrong type, a missing required key or
an unknown key is an error naming the file, the line and the key, with a
"did you mean" for typos. Relative paths are resolved against the site folder,
never the current directory, so one shell can build many sites. The EIT/IIT
survey links are checked and resolved by survey.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.eit.survey import Survey, check_survey_code, check_survey_url, problems_of, survey_url
from itagen.site.validation import problems_from
from itagen.site.yamlio import load_yaml, read_text

CONFIG_NAME = "site.yaml"
QR_MAX_CHARS = 1200


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
        # The agency's own home page: evaluators start there and must reach the ITA section
        # (base_url) from it; the ITAS sheet's คำอธิบาย and `check --online` start from it.
        website: str | None = None

        @field_validator("website")
        @classmethod
        def _website(cls, value: str | None) -> str | None:
            if value is None:
                return None
            if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s#]*)?", value):
                raise ValueError("website must be the agency's home page, "
                                 "e.g. https://www.example.go.th/")
            return value

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
            return None if value is None else check_survey_url(value)

        @field_validator("eit_code", "iit_code")
        @classmethod
        def _code(cls, value: str | None) -> str | None:
            return None if value is None else check_survey_code(value)

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

        @field_validator("cname")
        @classmethod
        def _cname(cls, value: str | None) -> str | None:
            if value is not None and not re.fullmatch(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}",
                                                     value.lower()):
                raise ValueError(_("cname must be a host name such as ita.example.go.th "
                                   "(no https://, no path)"))
            return value

        @field_validator("base_url")
        @classmethod
        def _base_url(cls, value: str | None) -> str | None:
            if value is None:
                return None
            if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", value):
                raise ValueError(_("base_url must be an absolute http(s) address, "
                                   "e.g. https://example.go.th/ita/"))
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

    @property
    def eit(self) -> Survey:
        """The EIT survey (its url is None when the site has not configured it)."""
        return Survey("eit", self.eit_url)

    @property
    def iit(self) -> Survey | None:
        """The IIT survey, or None: it is shown only when the site configures it."""
        return Survey("iit", self.iit_url) if self.iit_url else None

    @property
    def surveys(self) -> tuple[Survey, ...]:
        """The surveys that get a poster: EIT always, IIT when configured."""
        return (self.eit,) + ((self.iit,) if self.iit else ())

    def resolve(self, rel: str) -> Path:
        """Return the absolute path of a site-relative path (checked elsewhere)."""
        return self.root / rel


def load_config(site_dir: Path, base_url: str | None = None,
                defaults: dict[str, Any] | None = None) -> tuple[SiteConfig, list[Problem]]:
    """Load and validate SITE/site.yaml; return the config and its warnings, or raise ItagenError.

    `defaults` (a workspace's) lie under the site's own keys; `base_url` overrides both.
    """
    from pydantic import ValidationError

    root = site_dir.resolve()
    path = root / CONFIG_NAME
    display = CONFIG_NAME
    if not path.is_file():
        raise ItagenError(
            _("no {name} in {path}").format(name=CONFIG_NAME, path=root), None, None,
            _("run itagen in a site folder, give the site folder as an argument, "
              "or create a new site with: itagen init DIR --year 2566 --name \"…\""),
        )
    text = read_text(path, display)
    raw = load_yaml(text, display)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ItagenError(_("site.yaml must be a mapping of keys (agency:, ita:, …)"), display, 1)
    if defaults:
        from itagen.site.workspace import merge_defaults
        raw = merge_defaults(raw, defaults)
    if base_url is not None:
        raw = {**raw, "base_url": base_url}
    Site = schema()
    try:
        data = Site.model_validate(raw)
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, Site, text, display)) from None
    problems = problems_of(data.ita, text, display)                     # survey links (survey.py)
    # A link that cannot work stops here; the staff survey's link as the EIT link (eit-kind) is an
    # error too, but the site still loads so `itagen check` can report it under its own rule.
    unusable = [p for p in problems if p.is_error and p.rule != "eit-kind"]
    if unusable:
        raise ItagenError(unusable)
    eit = survey_url("eit", data.ita.eit_code, data.ita.eit_url)
    # The IIT link is shown only when the site names it: it is for staff, and NACC
    # may give it a code of its own.
    iit = survey_url("iit", data.ita.iit_code, data.ita.iit_url)
    _check_qr_fits(text, display, eit=eit, iit=iit)
    return SiteConfig(root, data, eit, iit), problems


def _check_qr_fits(text: str, display: str, **urls: str | None) -> None:
    """Raise ItagenError when a survey link is too long for a QR code (the pages show one for each)."""
    from itagen.eit.qr import qr_data
    from itagen.site.yamlio import line_of

    for kind, url in urls.items():
        # 1,273 bytes is all a QR code holds at the highest error correction.
        if url is not None and len(qr_data(url)) > QR_MAX_CHARS:
            raise ItagenError(_("the {kind} survey link is too long for a QR code ({n} characters "
                                "once encoded; at most {most})").format(
                                    kind=kind.upper(), n=len(qr_data(url)), most=QR_MAX_CHARS),
                              display, line_of(text, ("ita",)),
                              _("NACC survey links are short: "
                                "https://itas.nacc.go.th/go/eit/<code>"))
