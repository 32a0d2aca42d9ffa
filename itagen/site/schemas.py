"""The pydantic models of what a webmaster writes: site.yaml, front matter, workspace.yaml.

One class per block, one documented field per key (unknown keys are errors). This module
imports pydantic, so it is imported only where a site is validated (config.schema(),
content.schema(), workspace.schema()): `itagen --help` and an up-to-date build never load it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from itagen.errors import shorten
from itagen.eit.survey import check_survey_code, check_survey_url
from itagen.site.links import is_dangerous
from itagen.thai.dateparse import DateError, parse_date
from itagen.thai.periods import Period, parse_period
from itagen.thai.messages import _
from itagen.thai.text import normalize_code

_STRICT = ConfigDict(
    extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True
)
_FRONT = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# -- site.yaml ------------------------------------------------------------------------------


class Contact(BaseModel):
    """How citizens reach the agency (shown in the footer and on O5)."""

    model_config = _STRICT
    address: str | None = None
    """The postal address."""
    phone: str | None = None
    """The telephone number, as written."""
    fax: str | None = None
    """The fax number, as written."""
    email: str | None = None
    """The agency's e-mail address."""
    website: str | None = None
    """The agency's main website."""
    hours: str | None = None
    """Office hours, as written."""


class Agency(BaseModel):
    """The agency that publishes the ITA section."""

    model_config = _STRICT
    name: str = Field(min_length=1)
    """The agency's full Thai name (องค์การบริหารส่วนตำบล…)."""
    short_name: str | None = None
    """A short name for headers (อบต.…)."""
    name_en: str | None = None
    """The English name, if any."""
    province: str | None = None
    """The province (จังหวัด)."""
    district: str | None = None
    """The district (อำเภอ)."""
    logo: str | None = None
    """A file in files/ shown in the header, e.g. files/logo.png."""
    contact: Contact | None = None
    """How citizens reach the agency."""
    website: str | None = None
    """The agency's own home page: evaluators start there and must reach the ITA section
    (base_url) from it; the ITAS sheet's คำอธิบาย and `check --online` start from it."""

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s#]*)?", value):
            raise ValueError(
                _("website must be the agency's home page, e.g. https://www.example.go.th/")
            )
        return value


class Ita(BaseModel):
    """ITA settings: the year shown first and the EIT/IIT survey links."""

    model_config = _STRICT
    current_year: int = Field(ge=2500, le=2700)
    """The assessment year (พ.ศ.) the home page shows first."""
    eit_code: str | None = None
    """The agency's 6-character NACC code; the EIT link is made from it."""
    eit_url: str | None = None
    """The full EIT link, for a link of another form than NACC's."""
    iit_code: str | None = None
    """The code of the staff survey (IIT), when the site shows it."""
    iit_url: str | None = None
    """The full IIT link, for a link of another form."""
    max_urls: int = Field(default=5, ge=1, le=50)
    """How many URLs ITAS takes per item."""
    silence: tuple[str, ...] = ()
    """Survey-link warnings (their rule names) the site has checked and wants silenced."""

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

    model_config = _STRICT
    agency: Agency
    """The agency that publishes the ITA section."""
    ita: Ita
    """The assessment year and the survey links."""
    base_url: str | None = None
    """The address the site is published at (for sitemap.xml and absolute links)."""
    theme: str = "default"
    """The theme: a built-in one or a folder under themes/."""
    numerals: Literal["thai", "arabic"] = "thai"
    """Thai (๑๒๓) or Arabic (123) digits on pages."""
    allow_html: bool = False
    """Whether Markdown bodies may hold raw HTML."""
    cname: str | None = None
    """A host name for GitHub Pages' CNAME file."""

    @field_validator("cname")
    @classmethod
    def _cname(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(
            r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", value.lower()
        ):
            raise ValueError(
                _("cname must be a host name such as ita.example.go.th (no https://, no path)")
            )
        return value

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", value):
            raise ValueError(
                _("base_url must be an absolute http(s) address, e.g. https://example.go.th/ita/")
            )
        return value if value.endswith("/") else value + "/"


# -- item and free page front matter --------------------------------------------------------


def _check_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, dt.date)):
        # pydantic reports ValueError only (not TypeError)
        raise ValueError(
            _("{value} is not a date; write it as 2566-01-16 or 16 มกราคม 2566").format(
                value=shorten(value)
            )
        )
    found = _date_of_text(value) if isinstance(value, str) else _date_of(value)
    if isinstance(found, str):
        raise ValueError(found)  # pydantic reports ValueError only
    return found


def _date_of(value: str | dt.date) -> dt.date | str:
    """The date `value` means, or why it is not one."""
    try:
        return parse_date(value)
    except DateError as exc:
        return str(exc)


# Once per text: a site writes the same few dates on many documents, and sites of a workspace alike.
_date_of_text = lru_cache(maxsize=4096)(_date_of)


class DocumentSpec(BaseModel):
    """One entry of `documents:`: exactly one of file or url."""

    model_config = _FRONT
    title: str = Field(min_length=1)
    """The document's title as the page lists it."""
    file: str | None = None
    """A file of the site (files/…), when the document is one."""
    url: str | None = None
    """A full web address (https://…), when the document is a link."""
    date: Any = None
    """The day the document was signed or published (2566-01-16 or 16 มกราคม 2566)."""
    period: Any = None
    """The span its data covers (ตุลาคม 2565, ต.ค. 65 – มี.ค. 66, ปีงบประมาณ 2566 …)."""
    note: str | None = None
    """A short note shown beside it."""

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> dt.date | None:
        return _check_date(value)

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, value: Any) -> Period | None:
        if value is None:
            return None
        try:
            return parse_period(value)
        except DateError as exc:
            raise ValueError(str(exc)) from None  # pydantic reports ValueError only

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if is_dangerous(value):  # the same rule as for links in bodies
            raise ValueError(
                _("this kind of link (javascript:, vbscript:, data:, file:) is not allowed")
            )
        if not re.match(r"^(https?://[^\s/]+|mailto:|tel:)", value):
            raise ValueError(
                _(
                    "a url must be a full web address starting with https:// "
                    "(for a file of the site use 'file: files/…')"
                )
            )
        return value

    @model_validator(mode="after")
    def _one_target(self) -> DocumentSpec:
        if (self.file is None) == (self.url is None):
            raise ValueError(
                _(
                    "each document needs exactly one of 'file:' (a file in files/) "
                    "or 'url:' (a link)"
                )
            )
        return self


class ItemSpec(BaseModel):
    """The front matter of an item file."""

    model_config = _FRONT
    code: str
    """The item's code in the year's catalog (O1 … O43)."""
    title: str | None = None
    """The agency's own title for the item (default: the catalog's)."""
    updated: Any = None
    """When the webmaster last updated the item."""
    covers: tuple[int, ...] = ()
    """The numbers of the catalog components this item satisfies (for itagen check)."""
    documents: tuple[DocumentSpec, ...] = ()
    """The documents and links evaluators open."""
    inherit: bool = False
    """In a workspace: add to the shared item instead of replacing it."""

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: Any) -> str:
        if not isinstance(value, str):
            # pydantic reports ValueError only (not TypeError)
            raise ValueError(_("the code must be text such as O1"))
        return normalize_code(value)

    @field_validator("updated", mode="before")
    @classmethod
    def _updated(cls, value: Any) -> dt.date | None:
        return _check_date(value)


class PageSpec(BaseModel):
    """The front matter of a free page."""

    model_config = _FRONT
    title: str = Field(min_length=1)
    """The page's title."""


# -- workspace.yaml ---------------------------------------------------------------------------


class WorkspaceSpec(BaseModel):
    """The whole of workspace.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
    defaults: dict[str, Any] = {}
    """site.yaml keys every site inherits (a site's own keys win)."""
    base_url: str | None = None
    """A pattern such as https://{slug}.example.org/ita/ for each site's address."""
    shared: str | None = "shared"
    """The folder of content and files every site inherits."""
    sites: str = "sites"
    """The folder that holds one folder per site."""

    @field_validator("base_url")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(
                _(
                    "base_url must be an absolute http(s) address, "
                    "e.g. https://{slug}.example.org/ita/"
                )
            )
        return value if value is None or value.endswith("/") else value + "/"
