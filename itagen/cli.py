"""The command line: a thin argparse layer over the library; each subcommand calls one function.

Exit codes: 0 done, 1 the input has errors (printed with file and line), 2 the
command was used wrongly. Heavy modules are imported inside the subcommands so
`itagen --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from itagen import __version__
from itagen.thai.messages import _


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itagen",
        description="Build the ITA section (OIT O1–O43) of a Thai local government website.",
    )
    parser.add_argument("--version", action="version", version=f"itagen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="build one site, or many in parallel")
    p.add_argument("sites", nargs="*", type=Path, metavar="SITE",
                   help="site or workspace folders (default: the current folder)")
    p.add_argument("-o", "--out", type=Path, help="output folder (default SITE/build; with several sites OUT/<site>/)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes: sites side by side, or one large site's pages (default: one per core)")
    p.add_argument("--base-url", help="override site.yaml's base_url (e.g. in CI)")
    p.add_argument("--only", metavar="SLUGS", help="build only these sites of a workspace (comma-separated)")
    p.add_argument("--no-cache", action="store_true", help="build even when nothing has changed")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="audit ITA readiness: what evaluators will fail, with file and line")
    p.add_argument("sites", nargs="*", type=Path, metavar="SITE",
                   help="site or workspace folders (default: the current folder)")
    p.add_argument("--year", type=int, help="assessment year (default: ita.current_year)")
    p.add_argument("--format", choices=["text", "json", "html", "github"], default="text",
                   help="text (default), json, html (a standalone page) or github (workflow annotations)")
    p.add_argument("--out", type=Path, help="write the report to this file (default: print it)")
    p.add_argument("--strict", action="store_true", help="count warnings as errors")
    p.add_argument("-v", "--verbose", action="store_true", help="show every finding and notice")
    p.add_argument("--online", action="store_true", help="also open every external URL (off by default)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for each URL (--online)")
    p.add_argument("--concurrency", type=int, default=8, help="URLs checked at once (--online)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("clean", help="remove a site's build cache and its build/ output")
    p.add_argument("sites", nargs="*", type=Path, metavar="SITE", help="site folders (default: here)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("catalog", help="print a year's OIT items and their requirements")
    p.add_argument("year", nargs="?", type=int, help="Buddhist Era year, e.g. 2566 (default: list the years)")
    p.add_argument("--site", type=Path, help="a site folder whose own catalogs/ to include")
    p.set_defaults(func=cmd_catalog)

    # `itagen catalog import …` and `itagen catalog new …` arrive here (main() joins the two words).
    p = sub.add_parser("catalog-import",
                       help="make a year's catalog from the NACC criteria table (CSV or XLSX)")
    p.add_argument("file", type=Path,
                   help="the criteria table: .csv (UTF-8 or Windows Thai) or .xlsx")
    p.add_argument("--year", type=int, required=True, help="the table's assessment year, e.g. 2570")
    p.add_argument("site", nargs="?", type=Path, help="site or workspace folder (default: here)")
    p.add_argument("--base", type=int,
                   help="match keys against this year (default: the latest earlier one)")
    p.add_argument("--force", action="store_true", help="replace an existing catalogs/YEAR.yaml")
    p.set_defaults(func=cmd_catalog_import)

    p = sub.add_parser("catalog-new",
                       help="an editable copy of a year's catalog for a year not yet published")
    p.add_argument("year", type=int, help="the new year, e.g. 2570")
    p.add_argument("--from", dest="base", type=int, required=True, help="the year to copy")
    p.add_argument("site", nargs="?", type=Path, help="site or workspace folder (default: here)")
    p.add_argument("--force", action="store_true", help="replace an existing catalogs/YEAR.yaml")
    p.set_defaults(func=cmd_catalog_new)

    p = sub.add_parser("qr", help="write a QR code (SVG, or PNG by extension) for a URL")
    p.add_argument("url")
    p.add_argument("-o", "--out", required=True, help="output file, .svg or .png")
    p.set_defaults(func=cmd_qr)

    p = sub.add_parser("init", help="create a new site with a stub for every item of a year")
    p.add_argument("dir", type=Path, nargs="?", help="the new site's folder")
    p.add_argument("--year", type=int, help="assessment year (Buddhist Era), e.g. 2566 (required)")
    p.add_argument("--name", help="the agency's full name (required for a site)")
    p.add_argument("--workspace", action="store_true",
                   help="create a workspace for many sites (workspace.yaml, shared/, sites/)")
    p.add_argument("--short-name", help="a short name, e.g. อบต.เมืองเก่า")
    p.add_argument("--province")
    p.add_argument("--district")
    p.add_argument("--eit-url", help="the EIT survey link from ITAS (or just its 6-character code)")
    p.add_argument("--force", action="store_true", help="overwrite files that already exist")
    p.add_argument("--upgrade-workflow", action="store_true",
                   help="pin the existing site DIR (default: here) to this itagen version in its "
                        "GitHub workflow; nothing else changes")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("migrate", help="start a new assessment year from an earlier one (content/<to>/ from <from>/)")
    p.add_argument("site", nargs="?", type=Path, default=Path("."), help="site folder (default: here)")
    p.add_argument("--from", dest="from_year", type=int, required=True, help="the year to copy, e.g. 2566")
    p.add_argument("--to", dest="to_year", type=int, required=True, help="the new year, e.g. 2567")
    p.add_argument("--force", action="store_true",
                   help="write into an existing content/<to>/, adding only the items it lacks (never overwrites)")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("export", help="export the ITAS answer sheet (URLs and explanations per item)")
    p.add_argument("what", choices=["itas"], help="what to export")
    p.add_argument("site", nargs="?", type=Path, default=Path("."), help="site folder (default: here)")
    p.add_argument("--year", type=int, help="assessment year (default: ita.current_year)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--out", type=Path, help="output file (default: print)")
    p.add_argument("--base-url", help="override site.yaml's base_url")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("serve", help="preview a site locally; rebuilds and reloads the browser on save")
    p.add_argument("site", nargs="?", type=Path, default=Path("."), help="site folder (default: here)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--open", action="store_true", help="open the preview in the web browser")
    p.add_argument("--poll", action="store_true", help="poll for changes (network shares, Docker mounts)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("edit", help="fill in the ITA items in a browser form (this computer only)")
    p.add_argument("site", nargs="?", type=Path, default=Path("."), help="site folder (default: here)")
    p.add_argument("--port", type=int, default=0, help="port of the form (default: a free one)")
    p.add_argument("--no-open", action="store_true", help="print the address; do not open the browser")
    p.set_defaults(func=cmd_edit)
    return parser


def _print_problems(problems, stream=None) -> None:
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)


def cmd_build(args: argparse.Namespace) -> int:
    """itagen build [SITE|WORKSPACE …] [-o OUT] [-j N]."""
    from itagen.many import build_many, plan

    targets = args.sites or [Path(".")]
    for target in targets:
        if not target.is_dir():
            print(f"itagen: error: {target} is not a folder", file=sys.stderr)
            return 2
    if args.jobs < 0:
        print("itagen: error: -j must be 0 (one worker per core) or more", file=sys.stderr)
        return 2
    only = {s.strip() for s in args.only.split(",") if s.strip()} if args.only else None
    tasks = plan(targets, args.out, args.base_url, only, not args.no_cache)
    many = len(tasks) > 1
    bar = _Progress(len(tasks)) if many and sys.stderr.isatty() and not args.quiet else None
    results = build_many(tasks, args.jobs, bar.step if bar else None)
    if bar:
        bar.done()
    failed = [r for r in results if r.errors]
    for result in results:
        if result.errors:
            if many:
                print(f"== {result.site}", file=sys.stderr)
            _print_problems(result.errors)
        elif not args.quiet:
            _print_problems(result.warnings)
    if not many:
        result = results[0]
        if result.errors:
            errors = sum(1 for p in result.errors if p.is_error)
            print(f"itagen: build failed with {errors} error(s); the previous output was left as it was",
                  file=sys.stderr)
        elif not args.quiet and result.cached:
            print(f"nothing changed: {result.out_dir} is up to date ({result.pages} pages)")
        elif not args.quiet:
            print(f"built {result.pages} pages and {result.files} files into {result.out_dir} "
                  f"in {result.seconds:.2f} s")
    elif not args.quiet:
        _summary(results)
    return 1 if failed else 0


class _Progress:
    """A one-line progress bar on a terminal (stderr), for builds of many sites."""

    def __init__(self, total: int) -> None:
        self.total, self.count = total, 0

    def step(self, result) -> None:
        """Advance by one finished site."""
        self.count += 1
        filled = 30 * self.count // self.total
        mark = "!" if result.errors else " "
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}{mark}")
        sys.stderr.flush()

    def done(self) -> None:
        """End the progress line."""
        sys.stderr.write("\n")


def _summary(results) -> None:
    """Print the table of a many-site build: site, pages, files, errors, time."""
    width = max(len(r.site.name) for r in results)
    print(f"{'site':<{width}}  {'pages':>6}  {'files':>6}  {'errors':>6}  {'time':>7}")
    for r in results:
        errors = sum(1 for p in r.errors if p.is_error)
        print(f"{r.site.name:<{width}}  {r.pages:>6}  {r.files:>6}  {errors:>6}  {r.seconds:>6.2f}s")
    ok = sum(1 for r in results if not r.errors)
    pages = sum(r.pages for r in results)
    print(f"{ok} of {len(results)} sites built, {pages} pages")


def cmd_check(args: argparse.Namespace) -> int:
    """itagen check [SITE …] [--year Y] [--format F] [--out FILE] [--strict] [--online]."""
    import os

    from itagen.commands.check import run_checks
    from itagen.commands.check.formats import render

    targets = args.sites or [Path(".")]
    for target in targets:
        if not target.is_dir():
            print(f"itagen: error: {target} is not a folder", file=sys.stderr)
            return 2
    if args.timeout <= 0 or args.concurrency < 1:
        print("itagen: error: --timeout must be above 0 and --concurrency at least 1", file=sys.stderr)
        return 2
    reports = run_checks(targets, args.year, args.online, strict=args.strict, timeout=args.timeout,
                         concurrency=args.concurrency)
    color = args.format == "text" and args.out is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    output = render(reports, args.format, color, args.verbose)
    if args.out is None:
        sys.stdout.write(output)
    else:
        try:
            args.out.write_text(output, encoding="utf-8")
        except OSError as exc:
            print(f"itagen: error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"wrote {args.out}", file=sys.stderr)
    return 0 if all(r.ok for r in reports) else 1


def cmd_clean(args: argparse.Namespace) -> int:
    """itagen clean [SITE …]: the cache and the default output go; sources are never touched."""
    from itagen.render.write import clean_site

    for site in args.sites or [Path(".")]:
        if not (site / "site.yaml").is_file():
            print(f"itagen: error: {site} is not a site folder (no site.yaml)", file=sys.stderr)
            return 2
        removed = clean_site(site.resolve())
        print(f"{site}: removed {' and '.join(removed) if removed else 'nothing'}")
    return 0


def cmd_catalog(args: argparse.Namespace) -> int:
    """itagen catalog [YEAR]."""
    from itagen.catalog.load import describe, describe_years, load_catalog

    site = args.site.resolve() if args.site else None
    if site is None and any(Path(n).is_file() for n in ("site.yaml", "workspace.yaml")):
        site = Path(".").resolve()        # in a site's folder: list its own catalogs too
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
        print("itagen: error: the URL must start with https:// or http://", file=sys.stderr)
        return 2
    if Path(args.out).suffix.lower() not in (".svg", ".png"):
        print("itagen: error: the output file must end in .svg or .png", file=sys.stderr)
        return 2
    try:
        write_qr(args.url, args.out)
    except ValueError as exc:  # qrcode's DataOverflowError is one: more than a QR code holds
        print(f"itagen: error: cannot make a QR code of this URL: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"itagen: error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """itagen init DIR --year Y --name NAME."""
    from itagen.commands.init import init_site, init_workspace

    if args.upgrade_workflow:
        return _upgrade_workflow(args.dir or Path("."))
    if args.dir is None or args.year is None:
        from itagen.thai.messages import _

        print(_("itagen: error: give the new site's folder and --year, e.g. "
                "itagen init ita --year 2566 --name \"องค์การบริหารส่วนตำบล…\""), file=sys.stderr)
        return 2
    eit = args.eit_url
    if eit and eit.startswith("https://itas.nacc.go.th/go/eit/"):
        eit = eit.rstrip("/").rsplit("/", 1)[1]
    if args.workspace:
        result = init_workspace(args.dir, args.year, args.name, args.force)
    elif not args.name:
        print('itagen: error: give the agency name with --name "องค์การบริหารส่วนตำบล…"', file=sys.stderr)
        return 2
    else:
        result = init_site(args.dir, args.year, args.name, args.short_name, args.province, args.district,
                           eit, args.force)
    print(f"wrote {len(result.written)} files in {args.dir}")
    for rel in result.skipped:
        print(f"  kept existing {rel}")
    print("\nnext:")
    print(f"  cd {args.dir}")
    print("  itagen serve      # preview while you fill in content/ (ดูตัวอย่างขณะแก้ไข)")
    print("  itagen check      # what evaluators would fail (ตรวจความพร้อม)")
    print("  itagen build      # the site in build/ (สร้างเว็บไซต์)")
    return 0


def _upgrade_workflow(site: Path) -> int:
    """itagen init --upgrade-workflow [DIR]: the pin moves to this version, and it says what changed."""
    from itagen.commands.pin import describe, upgrade_workflow
    from itagen.thai.messages import _

    if not site.is_dir():
        print(_("itagen: error: cannot upgrade the workflow: {path} is not a folder").format(path=site),
              file=sys.stderr)
        return 2
    sys.stdout.write(describe(upgrade_workflow(site)))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """itagen migrate [SITE] --from Y --to Y [--force]."""
    from itagen.commands.migrate import migrate, summary

    if not args.site.is_dir():
        print(f"itagen: error: {args.site} is not a folder", file=sys.stderr)
        return 2
    result = migrate(args.site, args.from_year, args.to_year, args.force)
    sys.stdout.write(summary(result))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """itagen export itas [SITE|WORKSPACE] [--year Y] [--format csv|json] [-o FILE|DIR]."""
    from itagen.build import load_site
    from itagen.commands.export import answers, check_errors, to_csv, to_json
    from itagen.site.workspace import is_workspace, load_workspace

    def sheet(site_dir: Path, workspace=None) -> tuple[str, int]:
        site, _ = load_site(site_dir, args.base_url, workspace)
        # The sheet agrees with check: an item check fails is not answered มี.
        rows, warnings = answers(site, args.year, check_errors(site_dir, args.year, workspace))
        _print_problems(warnings)
        year = args.year or site.current.year
        text = to_csv(rows, site.config.ita.max_urls) if args.format == "csv" else to_json(rows, year)
        return text, len(rows)

    if is_workspace(args.site):
        # One answer sheet per site, into a folder (default: WORKSPACE/itas/).
        ws = load_workspace(args.site)
        out_dir = args.out or ws.root / "itas"
        out_dir.mkdir(parents=True, exist_ok=True)
        for site_dir in ws.sites:
            text, count = sheet(site_dir, ws)
            target = out_dir / f"{site_dir.name}-itas.{args.format}"
            target.write_text(text, encoding="utf-8", newline="")
            print(f"wrote {count} items to {target}")
        return 0
    text, count = sheet(args.site)
    if args.out:
        args.out.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {count} items to {args.out}")
    else:
        sys.stdout.write(text.lstrip("\ufeff"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """itagen serve [SITE] [--port N] [--host H] [--open] [--poll]."""
    from itagen.commands.serve import start_server

    if not args.site.is_dir():
        print(f"itagen: error: {args.site} is not a folder", file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print("itagen: error: --port must be between 0 and 65535", file=sys.stderr)
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        server = start_server(args.site, args.host, args.port, poll=args.poll, log=log)
    except OSError as exc:
        print(f"itagen: error: cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
              "try another --port", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # start_server has stopped what it had started
        print(_("stopped"), file=sys.stderr)
        return 130
    # From here every Ctrl-C, even one before the loop starts, stops the server before exiting.
    try:
        print(f"serving {args.site.resolve()} at {server.url} (Ctrl-C to stop)", file=sys.stderr,
              flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(server.url)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print(_("stopped"), file=sys.stderr)
    return 130


def cmd_edit(args: argparse.Namespace) -> int:
    """itagen edit [SITE] [--port N] [--no-open]."""
    from itagen.commands.edit import start_editor
    from itagen.thai.messages import _

    if not (args.site / "site.yaml").is_file():
        print(_("itagen: error: {site} is not a site folder (no site.yaml)").format(site=args.site),
              file=sys.stderr)
        return 2
    if not 0 <= args.port <= 65535:
        print(_("itagen: error: the port must be between 0 and 65535"), file=sys.stderr)
        return 2

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        editor = start_editor(args.site, args.port, log=log)
    except OSError as exc:
        print(_("itagen: error: cannot listen on 127.0.0.1:{port} ({reason}); try another --port")
              .format(port=args.port, reason=exc.strerror or exc), file=sys.stderr)
        return 2
    print(_("the form is at {url} (Ctrl-C to stop)").format(url=editor.url), file=sys.stderr,
          flush=True)
    if not args.no_open:
        import webbrowser

        webbrowser.open(editor.url)
    try:
        editor.wait()
    except KeyboardInterrupt:
        pass
    finally:
        editor.stop()
    print(_("the editor stopped"), file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the itagen command line and return its exit code."""
    from itagen.errors import ItagenError

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["catalog"] and argv[1:2] in (["import"], ["new"]):
        from itagen.commands.catalogs import options_first

        argv = [f"catalog-{argv[1]}", *options_first(argv[2:])]
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except ItagenError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("itagen: interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `itagen catalog 2566 | head`: the reader has all it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # the machine said no (disk full, permissions): a fact, not a bug
        where = f" {exc.filename}:" if exc.filename else ""
        print(f"itagen: error:{where} {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug in itagen: one clear line, not a traceback (issue 11)
        import os

        if os.environ.get("ITAGEN_DEBUG"):
            raise
        print(f"itagen: internal error: {type(exc).__name__}: {exc}\n"
              "  this is a bug in itagen, not a mistake in your site; please report it "
              "(run again with ITAGEN_DEBUG=1 to see the details)", file=sys.stderr)
        return 1
