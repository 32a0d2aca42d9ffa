"""The command line: a thin argparse layer over the library; each subcommand calls one function.

Exit codes: 0 done, 1 the input has errors (printed with file and line), 2 the
command was used wrongly. Heavy modules are imported inside the subcommands so
`itagen --help` stays fast. The parser and its words live in cliparser.py, the build and
check commands with what they print in clibuild.py, the two commands that run a local web
server (serve, edit) in cliserve.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from itagen.clibuild import cmd_build, cmd_check, print_problems
from itagen.cliparser import not_a_folder, usage_error
from itagen.cliserve import cmd_edit, cmd_serve
from itagen.thai.messages import _, ngettext


def cmd_clean(args: argparse.Namespace) -> int:
    """itagen clean [SITE …]: the cache and the default output go; sources are never touched."""
    from itagen.render.write import clean_site

    for site in args.sites or [Path(".")]:
        if not (site / "site.yaml").is_file():
            return usage_error(_("{path} is not a site folder (no site.yaml)").format(path=site))
        removed = clean_site(site.resolve())
        if removed:
            names = [_("the build cache") if r == "cache" else r for r in removed]
            print(_("{site}: removed {what}").format(site=site, what=_(" and ").join(names)))
        else:
            print(_("{site}: nothing to remove").format(site=site))
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    """itagen catalog [YEAR]."""
    from itagen.catalog.load import describe, describe_years, load_catalog

    site = args.site.resolve() if args.site else None
    if site is None and any(Path(n).is_file() for n in ("site.yaml", "workspace.yaml")):
        site = Path(".").resolve()  # in a site's folder: list its own catalogs too
    if args.year is None:
        print(describe_years(site))
    else:
        print(describe(load_catalog(args.year, site)))
    return 0


def cmd_catalog_import(args: argparse.Namespace) -> int:
    """itagen catalog import FILE --year YEAR [SITE]."""
    from itagen.commands.catalogs import import_command

    print(import_command(args.file, args.year, args.site, args.base, args.force), end="")
    return 0


def cmd_catalog_new(args: argparse.Namespace) -> int:
    """itagen catalog new YEAR --from BASE [SITE]."""
    from itagen.commands.catalogs import new_command

    print(new_command(args.year, args.base, args.site, args.force), end="")
    return 0


def cmd_qr(args: argparse.Namespace) -> int:
    """itagen qr URL -o FILE."""
    from itagen.eit.qr import write_qr

    if not args.url.startswith(("https://", "http://")):
        return usage_error(_("the URL must start with https:// or http://"))
    if Path(args.out).suffix.lower() not in (".svg", ".png"):
        return usage_error(_("the output file must end in .svg or .png"))
    try:
        write_qr(args.url, args.out)
    except ValueError as exc:  # qrcode's DataOverflowError is one: more than a QR code holds
        print(
            _("itagen: error: cannot make a QR code of this URL: {reason}").format(reason=exc),
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(
            _("itagen: error: cannot write {path}: {reason}").format(
                path=args.out, reason=exc.strerror
            ),
            file=sys.stderr,
        )
        return 1
    print(_("wrote {path}").format(path=args.out))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """itagen init DIR --year Y --name NAME [--base-url URL]."""
    from itagen.commands.init import init_site, init_workspace, year_problem

    if args.upgrade_workflow:
        return _upgrade_workflow(args.dir or Path("."))
    if args.dir is None or args.year is None:
        return usage_error(
            _(
                "give the new site's folder and --year, e.g. "
                "itagen init ita --year 2566 --name \"องค์การบริหารส่วนตำบล…\""
            )
        )
    wrong_year = year_problem(args.year)
    if wrong_year:
        return usage_error(wrong_year)
    eit = args.eit_url
    if eit and eit.startswith("https://itas.nacc.go.th/go/eit/"):
        eit = eit.rstrip("/").rsplit("/", 1)[1]
    if args.workspace:
        result = init_workspace(args.dir, args.year, args.name, args.force)
    elif not args.name:
        return usage_error(_('give the agency name with --name "องค์การบริหารส่วนตำบล…"'))
    else:
        result = init_site(
            args.dir,
            args.year,
            args.name,
            args.short_name,
            args.province,
            args.district,
            eit,
            args.force,
            base_url=args.base_url,
        )
    print(
        ngettext("wrote {n} file in {dir}", "wrote {n} files in {dir}", len(result.written)).format(
            n=len(result.written), dir=args.dir
        )
    )
    for rel in result.skipped:
        print(_("  kept existing {path}").format(path=rel))
    print("\n" + _("next:"))
    print(f"  cd {args.dir}")
    print("  itagen serve      # " + _("preview while you fill in content/"))
    print("  itagen check      # " + _("what evaluators would fail"))
    print("  itagen build      # " + _("the site in build/"))
    if not args.workspace:
        print("  itagen export itas   # " + _("the links to enter into ITAS (needs base_url)"))
    return 0


def _upgrade_workflow(site: Path) -> int:
    """itagen init --upgrade-workflow [DIR]: the pin moves to this version; it says what changed."""
    from itagen.commands.pin import describe, upgrade_workflow

    if not site.is_dir():
        return usage_error(
            _("cannot upgrade the workflow: {path} is not a folder").format(path=site)
        )
    sys.stdout.write(describe(upgrade_workflow(site)))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """itagen migrate [SITE] --from Y --to Y [--force]."""
    from itagen.commands.migrate import migrate, summary

    if not args.site.is_dir():
        return not_a_folder(args.site)
    result = migrate(args.site, args.from_year, args.to_year, args.force)
    sys.stdout.write(summary(result))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """itagen export itas [SITE|WORKSPACE] [--year Y] [--format csv|json] [-o FILE|DIR]."""
    from itagen.build import load_site
    from itagen.commands.export import answers, check_errors, to_csv, to_json
    from itagen.site.workspace import is_workspace, load_workspace

    def sheet(site_dir: Path, workspace=None) -> tuple[str, int]:
        site, _problems = load_site(site_dir, args.base_url, workspace)
        # The sheet agrees with check: an item check fails is not answered มี.
        rows, warnings = answers(site, args.year, check_errors(site_dir, args.year, workspace))
        print_problems(warnings)
        year = args.year or site.current.year
        text = (
            to_csv(rows, site.config.ita.max_urls) if args.format == "csv" else to_json(rows, year)
        )
        return text, len(rows)

    if not args.site.is_dir():
        return not_a_folder(args.site)
    if is_workspace(args.site):
        # One answer sheet per site, into a folder (default: WORKSPACE/itas/).
        ws = load_workspace(args.site)
        out_dir = args.out or ws.root / "itas"
        out_dir.mkdir(parents=True, exist_ok=True)
        for site_dir in ws.sites:
            text, count = sheet(site_dir, ws)
            target = out_dir / f"{site_dir.name}-itas.{args.format}"
            target.write_text(text, encoding="utf-8", newline="")
            print(_("wrote {n} items to {path}").format(n=count, path=target))
        return 0
    text, count = sheet(args.site)
    if args.out:
        args.out.write_text(text, encoding="utf-8", newline="")
        print(_("wrote {n} items to {path}").format(n=count, path=args.out))
    else:
        sys.stdout.write(text.lstrip("\ufeff"))
    return 0


COMMANDS = {
    "build": cmd_build,
    "check": cmd_check,
    "clean": cmd_clean,
    "catalog": cmd_catalog,
    "catalog-import": cmd_catalog_import,
    "catalog-new": cmd_catalog_new,
    "qr": cmd_qr,
    "init": cmd_init,
    "migrate": cmd_migrate,
    "export": cmd_export,
    "serve": cmd_serve,
    "edit": cmd_edit,
}


def main(argv: list[str] | None = None) -> int:
    """Run the itagen command line and return its exit code."""
    from itagen.cliparser import argparse_words, build_parser, setup_console, take_lang

    argv, lang = take_lang(list(sys.argv[1:] if argv is None else argv))
    if argv[:1] == ["catalog"] and argv[1:2] in (["import"], ["new"]):
        from itagen.commands.catalogs import options_first

        argv = [f"catalog-{argv[1]}", *options_first(argv[2:])]
    bad = setup_console(lang)  # the language first: every word below, and worker processes, use it
    with argparse_words():
        parser = build_parser()
        if bad is not None:
            parser.error(_("--lang must be th or en, not {value}").format(value=bad))
        args = parser.parse_args(argv)
    return _run(COMMANDS[args.command], args)


def _run(command, args: argparse.Namespace) -> int:
    from itagen.errors import ItagenError

    try:
        return command(args)
    except ItagenError as exc:
        print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print(_("itagen: interrupted; the previous output was left as it was"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `itagen catalog 2566 | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the machine said no (disk full, permissions): a fact, not a bug
        where = f" {exc.filename}:" if exc.filename else ""
        print(
            _("itagen: error:{where} {reason}").format(where=where, reason=exc.strerror or exc),
            file=sys.stderr,
        )
        return 1
    except Exception as exc:  # a bug in itagen: one clear line, not a traceback (issue 11)
        import os

        if os.environ.get("ITAGEN_DEBUG"):
            raise
        print(
            _(
                "itagen: internal error: {error}\n"
                "  this is a bug in itagen, not a mistake in your site; please report it "
                "(run again with ITAGEN_DEBUG=1 to see the details)"
            ).format(error=f"{type(exc).__name__}: {exc}"),
            file=sys.stderr,
        )
        return 1
