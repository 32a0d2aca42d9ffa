"""`itagen catalog import` and `itagen catalog new`: a year's catalog made for a site or workspace.

Owns the two commands' steps between the command line and the library: where the
catalog goes (SITE/catalogs/, or WORKSPACE/catalogs/ for every site of a workspace),
and what is printed afterwards (the review table, the next commands to run).
"""

from __future__ import annotations

from pathlib import Path

from itagen.errors import ItagenError
from itagen.thai.messages import _


def target_root(site: Path | None) -> Path:
    """Return the folder whose catalogs/ receives the file: a site or a workspace, else an error."""
    root = (site or Path(".")).resolve()
    if not ((root / "site.yaml").is_file() or (root / "workspace.yaml").is_file()):
        message = _("{path} is neither a site nor a workspace (no site.yaml or workspace.yaml)")
        raise ItagenError(
            message.format(path=site or "."),
            None,
            None,
            _("run the command in the site's folder, or give its path"),
        )
    return root


def import_command(file: Path, year: int, site: Path | None, base: int | None, force: bool) -> str:
    """Import the criteria table and return the review text to print."""
    from itagen.catalog.importer import import_table, review

    return review(import_table(file, year, target_root(site), base, force))


def new_command(year: int, base: int, site: Path | None, force: bool) -> str:
    """Write the editable copy of BASE for YEAR and return what to print."""
    from itagen.catalog.write import new_year

    root = target_root(site)
    path = new_year(root, year, base, force)
    return (
        _(
            "{path}: a full copy of the {base} catalog for {year} (status: unverified); edit it, "
            "then run itagen migrate --from {base} --to {year}"
        ).format(path=path.relative_to(root).as_posix(), base=base, year=year)
        + "\n"
    )


VALUED = ("--year", "--base", "--from")


def options_first(args: list[str]) -> list[str]:
    """Return the arguments with options before the FILE and SITE words, as argparse needs.

    argparse cannot fill an optional positional (SITE) that follows an option:
    `FILE --year Y SITE`.
    """
    options: list[str] = []
    words: list[str] = []
    it = iter(args)
    for arg in it:
        if arg == "--":
            words += list(it)
        elif arg in VALUED:
            options += [arg, next(it, "")]
        elif arg.startswith("-") and len(arg) > 1:
            options.append(arg)
        else:
            words.append(arg)
    return options + words
