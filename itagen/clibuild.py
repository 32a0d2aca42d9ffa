"""The build and check commands of the command line, and what they print.

`itagen build` (one site's result lines, or for many sites a progress bar on a terminal and a
summary table) and `itagen check` (its report to stdout or a file), and `print_problems`, which
the other commands use to print a list of problems. Heavy modules are imported inside the
commands so `itagen --help` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from itagen.cliparser import not_a_folder, usage_error
from itagen.thai.messages import _, ngettext


def print_problems(problems, stream=None) -> None:
    """Print each problem on its own line (to stderr unless told otherwise)."""
    stream = stream or sys.stderr
    for problem in problems:
        print(problem, file=stream)


def cmd_build(args: argparse.Namespace) -> int:
    """itagen build [SITE|WORKSPACE …] [-o OUT] [-j N]."""
    from itagen.many import build_many, plan

    targets = args.sites or [Path(".")]
    for target in targets:
        if not target.is_dir():
            return not_a_folder(target)
    if args.jobs < 0:
        return usage_error(_("-j must be 0 (one worker per core) or more"))
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
            print_problems(result.errors)
        elif not args.quiet:
            print_problems(result.warnings)
    if not many:
        result = results[0]
        if result.errors:
            errors = sum(1 for p in result.errors if p.is_error)
            print(
                ngettext(
                    "itagen: the build failed with {n} error; "
                    "the previous output was left as it was",
                    "itagen: the build failed with {n} errors; "
                    "the previous output was left as it was",
                    errors,
                ).format(n=errors),
                file=sys.stderr,
            )
        elif not args.quiet and result.cached:
            print(
                _("nothing changed: {out} is up to date ({pages} pages)").format(
                    out=result.out_dir, pages=result.pages
                )
            )
        elif not args.quiet:
            print(
                _("built {pages} pages and {files} files into {out} in {seconds} s").format(
                    pages=result.pages,
                    files=result.files,
                    out=result.out_dir,
                    seconds=f"{result.seconds:.2f}",
                )
            )
        if not result.errors and not args.quiet:
            _empty_line(result)
    elif not args.quiet:
        _summary(results)
    return 1 if failed else 0


def _empty_line(result) -> None:
    """One line after a build: how many items of the current year still show nothing."""
    if result.empty is None or result.empty == 0:
        return
    print(
        ngettext(
            "{empty} of {total} items of {year} have no content yet; "
            "run itagen check to see what is missing",
            "{empty} of {total} items of {year} have no content yet; "
            "run itagen check to see what is missing",
            result.empty,
        ).format(empty=result.empty, total=result.items, year=result.year)
    )


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
    """Print the table of a many-site build: site, pages, files, errors, empty items, time."""
    heads = [_("site"), _("pages"), _("files"), _("errors"), _("empty items"), _("time")]
    width = max([len(r.site.name) for r in results] + [len(heads[0])])
    cols = [max(6, len(h)) for h in heads[1:]]
    print(f"{heads[0]:<{width}}  " + "  ".join(f"{h:>{w}}" for h, w in zip(heads[1:], cols)))
    for r in results:
        errors = sum(1 for p in r.errors if p.is_error)
        empty = "-" if r.empty is None else r.empty
        cells = [r.pages, r.files, errors, empty, f"{r.seconds:.2f}s"]
        print(f"{r.site.name:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(cells, cols)))
    ok = sum(1 for r in results if not r.errors)
    pages = sum(r.pages for r in results)
    print(
        _("{ok} of {total} sites built, {pages} pages").format(
            ok=ok, total=len(results), pages=pages
        )
    )
    empty = sum(r.empty or 0 for r in results if not r.errors)
    if empty:
        print(
            _(
                "{empty} items have no content yet; run itagen check on a site "
                "to see what is missing"
            ).format(empty=empty)
        )


def cmd_check(args: argparse.Namespace) -> int:
    """itagen check [SITE …] [--year Y] [--format F] [--out FILE] [--strict] [--online]."""
    import os

    from itagen.commands.check import run_checks
    from itagen.commands.check.formats import render

    targets = args.sites or [Path(".")]
    for target in targets:
        if not target.is_dir():
            return not_a_folder(target)
    if args.timeout <= 0 or args.concurrency < 1:
        return usage_error(_("--timeout must be above 0 and --concurrency at least 1"))
    reports = run_checks(
        targets,
        args.year,
        args.online,
        strict=args.strict,
        timeout=args.timeout,
        concurrency=args.concurrency,
    )
    color = (
        args.format == "text"
        and args.out is None
        and sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
    )
    output = render(reports, args.format, color, args.verbose)
    if args.out is None:
        sys.stdout.write(output)
    else:
        try:
            args.out.write_text(output, encoding="utf-8")
        except OSError as exc:
            print(
                _("itagen: error: cannot write {path}: {reason}").format(
                    path=args.out, reason=exc.strerror
                ),
                file=sys.stderr,
            )
            return 1
        print(_("wrote {path}").format(path=args.out), file=sys.stderr)
    return 0 if all(r.ok for r in reports) else 1
