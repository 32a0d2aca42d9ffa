"""The command line's words: the argparse parser of every subcommand, `--lang`, the console,
and how a usage error (exit code 2) is printed.

Every description and help text goes through `_()`. argparse's own words ("usage:",
"options", "the following arguments are required") come from gettext's global functions,
so the CLI binds gettext's default domain to itagen's catalog, which holds their Thai too
(gettext.textdomain and bindtextdomain are gettext's public switch for exactly this).
"""

from __future__ import annotations

import argparse
import gettext
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from itagen import __version__
from itagen.thai.messages import DOMAIN, ENV, LANGUAGES, LOCALE_DIR, _, language, set_language


def take_lang(argv: list[str]) -> tuple[list[str], str | None]:
    """Return argv without `--lang X` / `--lang=X` (before or after the subcommand) and X."""
    rest, lang, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest += argv[i:]
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    return rest, lang


def _cannot_print_thai() -> bool:
    """True when stdout or stderr would have to escape Thai letters (an ASCII CI log)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "ก".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            return True
    return False


def setup_console(lang: str | None) -> str | None:
    """Choose the language and make printing safe; return an unknown `--lang` value, else None.

    Runs before anything is printed, so worker processes (which inherit ITAGEN_LANG)
    speak the same language. A console that cannot encode Thai (PYTHONIOENCODING=ascii,
    an old code page) gets escapes rather than a crash, and English when nobody asked
    for a language.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream already closed or not reconfigurable
                pass
    bad = None
    if lang is not None and lang.strip().lower() not in LANGUAGES:
        bad, lang = lang, None
    if lang is not None:
        set_language(lang.strip().lower())
    elif not os.environ.get(ENV, "").strip() and _cannot_print_thai():
        set_language("en")
    return bad


@contextmanager
def argparse_words() -> Iterator[None]:
    """Let argparse's own words come from our catalog while the command line is parsed.

    argparse asks gettext's default domain in the language of $LANGUAGE; both are set
    here and put back afterwards, so nothing else (a browser a test starts, say) sees them.
    """
    before_domain, before_lang = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language()
    try:
        yield
    finally:
        gettext.textdomain(before_domain)
        if before_lang is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before_lang


def usage_error(message: str) -> int:
    """Print a usage error (exit code 2) in the current language."""
    print(_("itagen: error: {message}").format(message=message), file=sys.stderr)
    return 2


def not_a_folder(target: Path) -> int:
    """Print that `target` is not a folder (exit code 2)."""
    return usage_error(_("{path} is not a folder").format(path=target))


def _sites_arg(p: argparse.ArgumentParser, what: str | None = None) -> None:
    p.add_argument(
        "sites",
        nargs="*",
        type=Path,
        metavar="SITE",
        help=what or _("site or workspace folders (default: the current folder)"),
    )


def _lang_arg(p: argparse.ArgumentParser) -> None:
    # Shown in every command's help; take_lang removes it before argparse parses.
    p.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help=_("language of messages: th (Thai, the default) or en; or set ITAGEN_LANG"),
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of `itagen` and all its subcommands, in the current language."""
    parser = argparse.ArgumentParser(
        prog="itagen",
        description=_("Build the ITA section (OIT O1–O43) of a Thai local government website."),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"itagen {__version__}",
        help=_("show program's version number and exit"),
    )
    _lang_arg(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))
    sub.required = True

    def command(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        _lang_arg(p)
        return p

    p = command("build", _("build one site, or many in parallel"))
    _sites_arg(p)
    p.add_argument(
        "-o",
        "--out",
        type=Path,
        help=_("output folder (default SITE/build; with several sites OUT/<site>/)"),
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=0,
        help=_(
            "worker processes: sites side by side, or one large site's pages "
            "(default: one per core)"
        ),
    )
    p.add_argument("--base-url", help=_("override site.yaml's base_url (e.g. in CI)"))
    p.add_argument(
        "--only", metavar="SLUGS", help=_("build only these sites of a workspace (comma-separated)")
    )
    p.add_argument("--no-cache", action="store_true", help=_("build even when nothing has changed"))
    p.add_argument("-q", "--quiet", action="store_true", help=_("print errors only"))

    p = command("check", _("audit ITA readiness: what evaluators will fail, with file and line"))
    _sites_arg(p)
    p.add_argument("--year", type=int, help=_("assessment year (default: ita.current_year)"))
    p.add_argument(
        "--format",
        choices=["text", "json", "html", "github"],
        default="text",
        help=_("text (default), json, html (a standalone page) or github (workflow annotations)"),
    )
    p.add_argument("--out", type=Path, help=_("write the report to this file (default: print it)"))
    p.add_argument("--strict", action="store_true", help=_("count warnings as errors"))
    p.add_argument("-v", "--verbose", action="store_true", help=_("show every finding and notice"))
    p.add_argument(
        "--online", action="store_true", help=_("also open every external URL (off by default)")
    )
    p.add_argument(
        "--timeout", type=float, default=10.0, help=_("seconds to wait for each URL (--online)")
    )
    p.add_argument("--concurrency", type=int, default=8, help=_("URLs checked at once (--online)"))

    p = command("clean", _("remove a site's build cache and its build/ output"))
    _sites_arg(p, _("site folders (default: here)"))

    p = command("catalog", _("print a year's OIT items and their requirements"))
    p.add_argument(
        "year",
        nargs="?",
        type=int,
        help=_("Buddhist Era year, e.g. 2566 (default: list the years)"),
    )
    p.add_argument("--site", type=Path, help=_("a site folder whose own catalogs/ to include"))

    # `itagen catalog import …` and `itagen catalog new …` arrive here (main() joins the two words).
    p = command(
        "catalog-import", _("make a year's catalog from the NACC criteria table (CSV or XLSX)")
    )
    p.add_argument(
        "file", type=Path, help=_("the criteria table: .csv (UTF-8 or Windows Thai) or .xlsx")
    )
    p.add_argument(
        "--year", type=int, required=True, help=_("the table's assessment year, e.g. 2570")
    )
    p.add_argument("site", nargs="?", type=Path, help=_("site or workspace folder (default: here)"))
    p.add_argument(
        "--base", type=int, help=_("match keys against this year (default: the latest earlier one)")
    )
    p.add_argument("--force", action="store_true", help=_("replace an existing catalogs/YEAR.yaml"))

    p = command(
        "catalog-new", _("an editable copy of a year's catalog for a year not yet published")
    )
    p.add_argument("year", type=int, help=_("the new year, e.g. 2570"))
    p.add_argument("--from", dest="base", type=int, required=True, help=_("the year to copy"))
    p.add_argument("site", nargs="?", type=Path, help=_("site or workspace folder (default: here)"))
    p.add_argument("--force", action="store_true", help=_("replace an existing catalogs/YEAR.yaml"))

    p = command("qr", _("write a QR code (SVG, or PNG by extension) for a URL"))
    p.add_argument("url", help=_("the address to encode, starting with https://"))
    p.add_argument("-o", "--out", required=True, help=_("output file, .svg or .png"))

    p = command("init", _("create a new site with a stub for every item of a year"))
    p.add_argument("dir", type=Path, nargs="?", help=_("the new site's folder"))
    # Not required by argparse: --upgrade-workflow needs neither; cmd_init asks for both.
    p.add_argument(
        "--year", type=int, help=_("assessment year (Buddhist Era), e.g. 2566 (required)")
    )
    p.add_argument("--name", help=_("the agency's full name (required for a site)"))
    p.add_argument(
        "--workspace",
        action="store_true",
        help=_("create a workspace for many sites (workspace.yaml, shared/, sites/)"),
    )
    p.add_argument("--short-name", help=_("a short name, e.g. อบต.เมืองเก่า"))
    p.add_argument("--province", help=_("the province"))
    p.add_argument("--district", help=_("the district"))
    p.add_argument(
        "--eit-url", help=_("the EIT survey link from ITAS (or just its 6-character code)")
    )
    p.add_argument(
        "--base-url",
        help=_(
            "the address the site will be published at, e.g. "
            "https://example.go.th/ita/ (needed by itagen export itas)"
        ),
    )
    p.add_argument("--force", action="store_true", help=_("overwrite files that already exist"))
    p.add_argument(
        "--upgrade-workflow",
        action="store_true",
        help=_(
            "pin the existing site DIR (default: here) to this itagen version in "
            "its GitHub workflow; nothing else changes"
        ),
    )

    p = command(
        "migrate", _("start a new assessment year from an earlier one (content/<to>/ from <from>/)")
    )
    p.add_argument(
        "site", nargs="?", type=Path, default=Path("."), help=_("site folder (default: here)")
    )
    p.add_argument(
        "--from", dest="from_year", type=int, required=True, help=_("the year to copy, e.g. 2566")
    )
    p.add_argument(
        "--to", dest="to_year", type=int, required=True, help=_("the new year, e.g. 2567")
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=_(
            "write into an existing content/<to>/, adding only the items it lacks "
            "(never overwrites)"
        ),
    )

    p = command("export", _("export the ITAS answer sheet (URLs and explanations per item)"))
    p.add_argument("what", choices=["itas"], help=_("what to export"))
    p.add_argument(
        "site", nargs="?", type=Path, default=Path("."), help=_("site folder (default: here)")
    )
    p.add_argument("--year", type=int, help=_("assessment year (default: ita.current_year)"))
    p.add_argument(
        "--format", choices=["csv", "json"], default="csv", help=_("csv (default) or json")
    )
    p.add_argument("-o", "--out", type=Path, help=_("output file (default: print)"))
    p.add_argument("--base-url", help=_("override site.yaml's base_url"))

    p = command("serve", _("preview a site locally; rebuilds and reloads the browser on save"))
    p.add_argument(
        "site", nargs="?", type=Path, default=Path("."), help=_("site folder (default: here)")
    )
    p.add_argument(
        "--port", type=int, default=8000, help=_("port (default 8000; 0 picks a free one)")
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("address to listen on (default 127.0.0.1: this computer only)"),
    )
    p.add_argument("--open", action="store_true", help=_("open the preview in the web browser"))
    p.add_argument(
        "--poll", action="store_true", help=_("poll for changes (network shares, Docker mounts)")
    )

    p = command("edit", _("fill in the ITA items in a browser form (this computer only)"))
    p.add_argument(
        "site", nargs="?", type=Path, default=Path("."), help=_("site folder (default: here)")
    )
    p.add_argument("--port", type=int, default=0, help=_("port of the form (default: a free one)"))
    p.add_argument(
        "--no-open", action="store_true", help=_("print the address; do not open the browser")
    )
    return parser
