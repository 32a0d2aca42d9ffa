"""Workspaces: one repository, many sites, shared content, one command.

Owns `workspace.yaml` (defaults every site inherits, a base_url pattern such as
`https://{slug}.example.org/ita/`, the shared folder and the sites folder), the
list of sites, and where the shared folder is (its content, which each site
inherits, is shared.py's).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itagen.thai.messages import _
from itagen.errors import ItagenError
from itagen.site.validation import problems_from
from itagen.site.yamlio import load_yaml, read_text

WORKSPACE_NAME = "workspace.yaml"


@dataclass(frozen=True)
class Workspace:
    """A validated workspace: its folder, the defaults, and where sites and shared content are."""

    root: Path
    defaults: dict[str, Any]
    base_url: str | None
    shared: Path | None
    sites: tuple[Path, ...]

    def base_url_for(self, site: Path) -> str | None:
        """Return the site's base_url from the pattern ({slug} is the site's folder name)."""
        return self.base_url.replace("{slug}", site.name) if self.base_url else None


def schema() -> Any:
    """Return the pydantic model of workspace.yaml (site/schemas.py, imported when needed)."""
    from itagen.site.schemas import WorkspaceSpec

    return WorkspaceSpec


def is_workspace(path: Path) -> bool:
    """True when `path` is a workspace folder (it has a workspace.yaml)."""
    return (path / WORKSPACE_NAME).is_file()


def load_workspace(path: Path) -> Workspace:
    """Load and validate PATH/workspace.yaml and list its sites, or raise ItagenError."""
    from pydantic import ValidationError

    root = path.resolve()
    text = read_text(root / WORKSPACE_NAME, WORKSPACE_NAME)
    raw = load_yaml(text, WORKSPACE_NAME) or {}
    if not isinstance(raw, dict):
        raise ItagenError(
            _("workspace.yaml must be a mapping of keys (defaults:, base_url:, …)"),
            WORKSPACE_NAME,
            1,
        )
    model = schema()
    try:
        spec = model.model_validate(raw)
    except ValidationError as exc:
        raise ItagenError(problems_from(exc, model, text, WORKSPACE_NAME)) from None
    sites_dir = root / spec.sites
    if not sites_dir.is_dir():
        raise ItagenError(
            _("the workspace has no {folder}/ folder").format(folder=spec.sites),
            WORKSPACE_NAME,
            None,
            _("put each site in {folder}/<slug>/ with its own site.yaml").format(folder=spec.sites),
        )
    sites = tuple(sorted(p for p in sites_dir.iterdir() if (p / "site.yaml").is_file()))
    shared = root / spec.shared if spec.shared and (root / spec.shared).is_dir() else None
    return Workspace(root, dict(spec.defaults), spec.base_url, shared, sites)


def enclosing(site_dir: Path) -> Workspace | None:
    """Return the workspace a site folder belongs to (WORKSPACE/<sites>/<slug>/), or None."""
    root = site_dir.resolve()
    candidate = root.parent.parent
    if not is_workspace(candidate):
        return None
    workspace = load_workspace(candidate)
    return workspace if root in workspace.sites else None


def merge_defaults(site: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """Return site.yaml's keys laid over the workspace defaults (mappings merge, the site wins)."""
    merged = dict(defaults)
    for key, value in site.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_defaults(value, merged[key])
        else:
            merged[key] = value
    return merged
