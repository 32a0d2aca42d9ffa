"""The pydantic models of catalog files: a year listed in full, or one that extends another year.

One class per block, one documented field per key. This module imports pydantic, so it is
imported only when a catalog file is validated (load.schema(), extend.schema()).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from itagen.catalog.model import PERIODS

_STRICT = ConfigDict(
    extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True
)
Period = Literal[PERIODS]  # type: ignore[valid-type]


# -- a year listed in full (load.py) ------------------------------------------------------------


class ItemSpec(BaseModel):
    """One item of the year."""

    model_config = _STRICT
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """The item's stable name across years (its code may change)."""
    code: str = Field(pattern=r"^O[1-9][0-9]?$")
    """Its code this year: O1 … O43."""
    title: str = Field(min_length=1)
    """The catalog's title of the item."""
    components: tuple[str, ...] = ()
    """What the item must show, one entry per component."""
    period: Literal["none", "current_year", "first_half", "previous_year", "in_force"] = "none"
    """Which period its data must be from."""
    monthly: bool = False
    """Whether it asks for data of every month."""
    live_link: bool = False
    """Whether a link to a live page is what it asks for."""
    nothing_statement: str | None = None
    """The "nothing to report" statement the criteria accept."""
    unit: str | None = None
    """Which unit of the agency it concerns, when the criteria say."""
    note: str | None = None
    """A note for webmasters."""
    merges: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ...] = ()
    """Keys of earlier years' items this one now also asks for."""


class HeadingSpec(BaseModel):
    """A group heading inside a sub-indicator and its items."""

    model_config = _STRICT
    title: str = Field(min_length=1)
    """The heading's title."""
    items: tuple[ItemSpec, ...] = Field(min_length=1)
    """Its items, in order."""


class SubSpec(BaseModel):
    """A sub-indicator such as 9.1."""

    model_config = _STRICT
    number: str = Field(pattern=r"^\d+\.\d+$")
    """Its number, e.g. 9.1."""
    title: str = Field(min_length=1)
    """Its title."""
    headings: tuple[HeadingSpec, ...] = Field(min_length=1)
    """Its headings, in order."""


class IndicatorSpec(BaseModel):
    """Indicator 9 or 10."""

    model_config = _STRICT
    number: int
    """9 or 10."""
    title: str = Field(min_length=1)
    """Its title."""
    subindicators: tuple[SubSpec, ...] = Field(min_length=1)
    """Its sub-indicators, in order."""


class CatalogSpec(BaseModel):
    """A catalog file that lists its year in full."""

    model_config = _STRICT
    year: int = Field(ge=2500, le=2700)
    """The assessment year (พ.ศ.)."""
    title: str = Field(min_length=1)
    """The catalog's title."""
    status: Literal["verified", "unverified"] = "verified"
    """Whether it was checked against the NACC criteria."""
    source: str = ""
    """Where its items come from (the criteria document)."""
    indicators: tuple[IndicatorSpec, ...] = Field(min_length=1)
    """Indicators 9 and 10."""


# -- a year that extends another (extend.py) -----------------------------------------------------


class ItemPatch(BaseModel):
    """What an override may change of an inherited item (its key never changes)."""

    model_config = _STRICT
    code: str | None = Field(None, pattern=r"^O[1-9][0-9]?$")
    """A new code for the item."""
    title: str | None = Field(None, min_length=1)
    """A new title."""
    components: tuple[str, ...] | None = None
    """New components (replacing the base's)."""
    period: Period | None = None
    """A new period rule."""
    monthly: bool | None = None
    """Whether it now asks for every month."""
    live_link: bool | None = None
    """Whether a live link is now what it asks for."""
    nothing_statement: str | None = None
    """A new "nothing to report" statement."""
    unit: str | None = None
    """A new unit."""
    note: str | None = None
    """A new note."""
    merges: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], ...] | None = None
    """Keys of earlier items it now also asks for."""


class AddSpec(ItemPatch):
    """A new item and where it goes: after an item, or under a heading of a sub-indicator."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    """The new item's stable name."""
    title: str = Field(min_length=1)
    """Its title."""
    period: Period = "none"
    """Its period rule."""
    after: str | None = None
    """The key of the item it follows."""
    subindicator: str | None = Field(None, pattern=r"^\d+\.\d+$")
    """The sub-indicator it goes under (with heading)."""
    heading: str | None = Field(None, min_length=1)
    """The heading it goes under."""


class ExtensionSpec(BaseModel):
    """A catalog file that extends another year's."""

    model_config = _STRICT
    year: int = Field(ge=2500, le=2700)
    """The year this file describes."""
    extends: int = Field(ge=2500, le=2700)
    """The year it starts from."""
    title: str | None = Field(None, min_length=1)
    """A new title (default: the base's)."""
    status: Literal["verified", "unverified"] = "unverified"
    """Whether it was checked against the NACC criteria."""
    source: str = ""
    """Where its changes come from."""
    shift_years: bool = False
    """Whether years in the base's texts move to this year."""
    renumber: bool = False
    """Whether codes are renumbered in order after adds and removes."""
    subindicators: dict[str, dict[Literal["title"], str]] = {}
    """New titles of sub-indicators, by number."""
    headings: dict[str, str] = {}
    """New heading titles, by old title."""
    items: dict[str, dict[str, Any] | None] = {}
    """Changes to inherited items, by key."""
    remove: tuple[str, ...] = ()
    """Keys of items this year drops."""
    add: tuple[AddSpec, ...] = ()
    """Items this year adds."""
