"""Stage 1 — the site configuration: site.yaml, validated, with every path resolved.

Owns the schema of site.yaml (README.md): the agency, its ITA
settings, base_url, theme and numerals. A wrong type, a missing required key or
an unknown key is an error naming the file, the line and the key, with a
"did you mean" for typos. Relative paths are resolved against the site folder,
never the current directory, so one shell can build many sites. The EIT/IIT
survey links are checked and resolved by survey.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itagen.thai.messages import _
from itagen.errors import ItagenError, Problem
from itagen.eit.survey import Survey, problems_of, survey_url
from itagen.site.validation import problems_from
from itagen.site.yamlio import line_of, load_yaml, read_text

if TYPE_CHECKING:
    from itagen.site.schemas import Site

CONFIG_NAME = "site.yaml"
QR_MAX_CHARS = 1200


def schema() -> type[Site]:
    """Return the pydantic model of site.yaml (site/schemas.py, imported when validating)."""
    from itagen.site.schemas import Site

    return Site


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """A validated site: its folder, the parsed settings and the survey links."""

    root: Path
    data: Site  # site.yaml, validated
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


def load_config(
    site_dir: Path, base_url: str | None = None, defaults: dict[str, Any] | None = None
) -> tuple[SiteConfig, list[Problem]]:
    """Load and validate SITE/site.yaml; return the config and its warnings, or raise ItagenError.

    `defaults` (a workspace's) lie under the site's own keys; `base_url` overrides both.
    """
    from pydantic import ValidationError

    root = site_dir.resolve()
    path = root / CONFIG_NAME
    display = CONFIG_NAME
    if not path.is_file():
        raise ItagenError(
            _("no {name} in {path}").format(name=CONFIG_NAME, path=root),
            None,
            None,
            _(
                "run itagen in a site folder, give the site folder as an argument, "
                "or create a new site with: itagen init DIR --year 2566 --name \"…\""
            ),
        )
    text = read_text(path, display)
    duplicates: list = []
    raw = load_yaml(text, display, 1, duplicates)
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
    problems = problems_of(data.ita, lambda keys: line_of(text, keys), display)  # survey links
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
    return SiteConfig(root, data, eit, iit), duplicates + problems


def survey_problems(config: SiteConfig, missing: str = "error") -> list[Problem]:
    """Return what is wrong with a loaded site's survey links (a missing EIT link: `missing`).

    `itagen check` calls this with the default and uses it in place of the
    load_config warnings whose rule is in SURVEY_RULES: there, a missing EIT
    link is an error that `ita.silence` cannot hide.
    """
    text = read_text(config.root / "site.yaml", "site.yaml")
    return problems_of(config.ita, lambda keys: line_of(text, keys), "site.yaml", missing)


def _check_qr_fits(text: str, display: str, **urls: str | None) -> None:
    """Raise ItagenError when a survey link is too long for a QR code (the pages show one for
    each)."""
    from itagen.eit.qr import qr_data

    for kind, url in urls.items():
        # 1,273 bytes is all a QR code holds at the highest error correction.
        if url is not None and len(qr_data(url)) > QR_MAX_CHARS:
            raise ItagenError(
                _(
                    "the {kind} survey link is too long for a QR code ({n} characters "
                    "once encoded; at most {most})"
                ).format(kind=kind.upper(), n=len(qr_data(url)), most=QR_MAX_CHARS),
                display,
                line_of(text, ("ita",)),
                _("NACC survey links are short: https://itas.nacc.go.th/go/eit/<code>"),
            )
