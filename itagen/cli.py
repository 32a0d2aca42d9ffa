"""The command line: a thin argparse layer over the library; each subcommand calls one function.

Exit codes: 0 done, 1 the input has errors (printed with file and line), 2 the
command was used wrongly. Heavy modules are imported inside the subcommands so
`itagen --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="itagen",
        description="Build the ITA section (OIT O1–O43) of a Thai local government website.",
    )
    parser.add_argument("--version", action="version", version=f"itagen {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("build", help="build one site, or many in parallel")
    p.add_argument("sites", nargs="*", type=Path, metavar="SITE", help="site folders (default: the current folder)")
    p.add_argument("-o", "--out", type=Path, help="output folder (default SITE/build; with several sites OUT/<site>/)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes for several sites (default: cores)")
    p.add_argument("--base-url", help="override site.yaml's base_url (e.g. in CI)")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("catalog", help="print a year's OIT items and their requirements")
    p.add_argument("year", nargs="?", type=int, help="Buddhist Era year, e.g. 2566 (default: list the years)")
    p.add_argument("--site", type=Path, help="a site folder whose own catalogs/ to include")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("qr", help="write a QR code (SVG, or PNG by extension) for a URL")
    p.add_argument("url")
    p.add_argument("-o", "--out", required=True, help="output file, .svg or .png")
    p.set_defaults(func=cmd_qr)

    p = sub.add_parser("init", help="create a new site with a stub for every item of a year")
    p.add_argument("dir", type=Path, help="the new site's folder")
    p.add_argument("--year", type=int, required=True, help="assessment year (Buddhist Era), e.g. 2566")
    p.add_argument("--name", required=True, help="the agency's full name")
    p.add_argument("--short-name", help="a short name, e.g. อบต.เมืองเก่า")
    p.add_argument("--province")
    p.add_argument("--district")
    p.add_argument("--eit-url", help="the EIT survey link from ITAS (or just its 6-character code)")
    p.add_argument("--force", action="store_true", help="overwrite files that already exist")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("export", help="export the ITAS answer sheet (URLs and explanations per item)")
    p.add_argument("what", choices=["itas"], help="what to export")
    p.add_argument("site", nargs="?", type=Path, default=Path("."), help="site folder (default: here)")
    p.add_argument("--year", type=int, help="assessment year (default: ita.current_year)")
    p.add_argument("--format", choices=["csv", "json"], default="csv")
    p.add_argument("-o", "--out", type=Path, help="output file (default: print)")
    p.add_argument("--base-url", help="override site.yaml's base_url")
    p.set_defaults(func=cmd_export)
    return parser


def _print_problems(problems, stream=None) -> None:
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)


def cmd_build(args: argparse.Namespace) -> int:
    """itagen build [SITE …] [-o OUT] [-j N]."""
    from .build import build_many

    sites = args.sites or [Path(".")]
    for site in sites:
        if not site.is_dir():
            print(f"itagen: error: {site} is not a folder", file=sys.stderr)
            return 2
    if args.jobs < 0:
        print("itagen: error: -j must be 0 (all cores) or more", file=sys.stderr)
        return 2
    single = len(sites) == 1
    out_root = args.out if not single else None
    if single:
        from .build import _build_one
        results = [_build_one((str(sites[0]), str(args.out) if args.out else None, args.base_url))]
    else:
        try:
            results = build_many(sites, out_root, args.jobs, args.base_url)
        except Exception as exc:  # ItagenError about the set of sites
            print(exc, file=sys.stderr)
            return 1
    failed = 0
    for result in results:
        label = str(result.site) if not single else ""
        if result.errors:
            failed += 1
            errors = [p for p in result.errors if p.is_error]
            if label:
                print(f"== {label}", file=sys.stderr)
            _print_problems(result.errors)
            print(f"itagen: build failed with {len(errors)} error(s); the previous output was left as it was",
                  file=sys.stderr)
            continue
        if not args.quiet:
            _print_problems(result.warnings)
            print(f"{label + ': ' if label else ''}built {result.pages} pages and {result.files} files "
                  f"into {result.out_dir} in {result.seconds:.2f} s")
    if not single and not args.quiet:
        print(f"{len(results) - failed} of {len(results)} sites built")
    return 1 if failed else 0


def cmd_catalog(args: argparse.Namespace) -> int:
    """itagen catalog [YEAR]."""
    from .catalog import builtin_years, load_catalog

    if args.year is None:
        for year in builtin_years():
            cat = load_catalog(year)
            mark = "" if cat.status == "verified" else "  (unverified)"
            print(f"{year}  {len(cat.by_code)} items{mark}")
        return 0
    cat = load_catalog(args.year, args.site.resolve() if args.site else None)
    status = "" if cat.status == "verified" else "  [UNVERIFIED: inferred, check against the NACC criteria]"
    print(f"{cat.title}{status}")
    for ind in cat.indicators:
        print(f"\nตัวชี้วัดที่ {ind.number} {ind.title}")
        for sub in ind.subindicators:
            print(f"  {sub.number} {sub.title}")
            for heading in sub.headings:
                print(f"    {heading.title}")
                for item in heading.items:
                    period = cat.period_text(item)
                    print(f"      {item.code:<4} {item.title}" + (f"  [{period}]" if period else ""))
                    for comp in item.components:
                        print(f"             - {comp}")
    return 0


def cmd_qr(args: argparse.Namespace) -> int:
    """itagen qr URL -o FILE."""
    from .qr import write_qr

    if not args.url.startswith(("https://", "http://")):
        print("itagen: error: the URL must start with https:// or http://", file=sys.stderr)
        return 2
    try:
        write_qr(args.url, args.out)
    except ImportError:
        print("itagen: error: PNG output needs the pypng package (pip install pypng); SVG needs nothing",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"itagen: error: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """itagen init DIR --year Y --name NAME."""
    from .scaffold import init_site

    eit = args.eit_url
    if eit and eit.startswith("https://itas.nacc.go.th/go/eit/"):
        eit = eit.rstrip("/").rsplit("/", 1)[1]
    result = init_site(args.dir, args.year, args.name, args.short_name, args.province, args.district, eit,
                       args.force)
    print(f"wrote {len(result.written)} files in {args.dir}")
    for rel in result.skipped:
        print(f"  kept existing {rel}")
    print("\nnext:")
    print(f"  cd {args.dir}")
    print("  itagen serve      # preview while you fill in content/ (ดูตัวอย่างขณะแก้ไข)")
    print("  itagen check      # what evaluators would fail (ตรวจความพร้อม)")
    print("  itagen build      # the site in build/ (สร้างเว็บไซต์)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """itagen export itas [SITE] [--year Y] [--format csv|json] [-o FILE]."""
    from .build import load_site
    from .export import answers, to_csv, to_json

    site, _ = load_site(args.site, args.base_url)
    rows, warnings = answers(site, args.year)
    year = args.year or site.current.year
    text = to_csv(rows, site.config.ita.max_urls) if args.format == "csv" else to_json(rows, year)
    _print_problems(warnings)
    if args.out:
        args.out.write_text(text, encoding="utf-8", newline="")
        print(f"wrote {len(rows)} items to {args.out}")
    else:
        sys.stdout.write(text.lstrip("\ufeff"))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the itagen command line and return its exit code."""
    from .errors import ItagenError

    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except ItagenError as exc:
        _print_problems(exc.problems)
        return 1
    except KeyboardInterrupt:
        print("itagen: interrupted; the previous output was left as it was", file=sys.stderr)
        return 130
