"""Themes: finding a theme's folders, following `extends`, and merging its static assets.

A theme is a folder of Jinja templates plus an `assets/` folder and an optional
`theme.yaml` (`extends: default`). The search order is built once: the site's
`themes/NAME/` (which may override single templates of a built-in theme), the
built-in `NAME`, then each parent the same way. The built-in themes ship inside
the wheel as `itagen/themes/`; in a source checkout they are the repository's
`themes/` folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from itagen.thai.messages import _
from itagen.errors import ItagenError
from itagen.site.yamlio import load_yaml, read_text

THEME_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_FONT_FACE_RE = re.compile(r"@font-face\s*\{[^}]*\}\s*")


def builtin_themes_dir() -> Path:
    """Return the folder of the built-in themes (inside the package, or the checkout's themes/)."""
    packaged = Path(__file__).resolve().parents[1] / "builtin_themes"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "themes"


@dataclass(frozen=True, slots=True)
class Theme:
    """A resolved theme: its name and the folders searched, most specific first."""

    name: str
    levels: tuple[tuple[str, tuple[Path, ...]], ...]  # (theme name, its folders) from child to root

    @property
    def dirs(self) -> tuple[Path, ...]:
        """Every template folder in search order."""
        return tuple(d for _name, dirs in self.levels for d in dirs)

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Identify the templates' current state (path, mtime, size): a changed template changes
        it."""
        found = []
        for folder in self.dirs:
            for path in sorted(folder.rglob("*.html")):
                st = path.stat()
                found.append((str(path), st.st_mtime_ns, st.st_size))
        return tuple(found)

    def standalone_css(self) -> str:
        """The theme's assets/itagen.css for inlining in a page that links nothing (404.html
        without base_url): its web fonts, named by relative address, left out (system fonts serve).
        """
        src = self.asset_files().get("itagen.css")
        if src is None:
            return ""
        css = _FONT_FACE_RE.sub("", src.read_text(encoding="utf-8"))
        return css.replace("</", "<\\/")  # a stylesheet cannot end the <style> element early

    def asset_files(self) -> dict[str, Path]:
        """Return {output path under assets/: source file}, the most specific theme winning."""
        found: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            assets = folder / "assets"
            if not assets.is_dir():
                continue
            for path in sorted(assets.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    found[path.relative_to(assets).as_posix()] = path
        return dict(sorted(found.items()))


def available_themes(site_root: Path | None) -> list[str]:
    """Return the names of the themes a site can use."""
    names = {p.name for p in builtin_themes_dir().iterdir() if p.is_dir()}
    if site_root is not None and (site_root / "themes").is_dir():
        names |= {p.name for p in (site_root / "themes").iterdir() if p.is_dir()}
    return sorted(names)


def resolve_theme(name: str, site_root: Path | None) -> Theme:
    """Return the Theme for `name` with its parents, or raise ItagenError listing the themes there
    are."""
    levels: list[tuple[str, tuple[Path, ...]]] = []
    seen: set[str] = set()
    current: str | None = name
    while current is not None:
        if current in seen:
            raise ItagenError(
                _("the theme '{name}' extends itself (through {chain})").format(
                    name=current, chain=" → ".join(seen)
                ),
                "theme.yaml",
            )
        seen.add(current)
        if not THEME_NAME_RE.match(
            current
        ):  # a name, not a path: templates and assets come from themes/ only
            raise ItagenError(
                _("'{name}' is not a theme name").format(name=current),
                "site.yaml",
                None,
                _("a theme is named by its folder under themes/, e.g. theme: default"),
            )
        candidates = []
        if site_root is not None:
            candidates.append(site_root / "themes" / current)
        candidates.append(builtin_themes_dir() / current)
        dirs = tuple(d for d in candidates if d.is_dir())
        if not dirs:
            raise ItagenError(
                _("there is no theme named '{name}'").format(name=current),
                "site.yaml",
                None,
                _("themes available: {names}").format(names=", ".join(available_themes(site_root))),
            )
        levels.append((current, dirs))
        current = _parent_of(dirs)
    return Theme(name, tuple(levels))


def _parent_of(dirs: tuple[Path, ...]) -> str | None:
    """Read `extends:` from the first theme.yaml among `dirs` (the site's copy wins)."""
    for folder in dirs:
        conf = folder / "theme.yaml"
        if conf.is_file():
            display = str(conf)
            data = load_yaml(read_text(conf, display), display) or {}
            if not isinstance(data, dict) or set(data) - {"extends", "description"}:
                raise ItagenError(
                    _("theme.yaml may only hold 'extends:' and 'description:'"), display, 1
                )
            parent = data.get("extends")
            if parent is not None and not isinstance(parent, str):
                raise ItagenError(_("'extends:' must be the name of a theme"), display, 1)
            return parent
    return None
