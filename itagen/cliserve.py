"""The commands that run a local web server until Ctrl-C: serve (the preview) and edit (the form).

Both listen on this computer only by default, print where to open them and what stops
them, and exit 2 when the folder is not a site or the port cannot be used.
"""

from __future__ import annotations

import argparse
import sys

from itagen.cliparser import not_a_folder, usage_error
from itagen.thai.messages import _


def cmd_serve(args: argparse.Namespace) -> int:
    """itagen serve [SITE] [--port N] [--host H] [--open] [--poll]."""
    from itagen.commands.serve import serve_problem, start_server

    if not args.site.is_dir():
        return not_a_folder(args.site)
    if not 0 <= args.port <= 65535:
        return usage_error(_("--port must be between 0 and 65535"))
    wrong = serve_problem(args.site)
    if wrong:
        return usage_error(wrong)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        server = start_server(args.site, args.host, args.port, poll=args.poll, log=log)
    except OSError as exc:
        return usage_error(
            _("cannot listen on {address} ({reason}); try another --port").format(
                address=f"{args.host}:{args.port}", reason=exc.strerror or exc
            )
        )
    except KeyboardInterrupt:  # start_server has stopped what it had started
        print(_("stopped"), file=sys.stderr)
        return 130
    # From here every Ctrl-C, even one before the loop starts, stops the server before exiting.
    try:
        print(
            _("serving {site} at {url} (Ctrl-C to stop)").format(
                site=args.site.resolve(), url=server.url
            ),
            file=sys.stderr,
            flush=True,
        )
        if args.open:
            import webbrowser

            webbrowser.open(server.url)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print(_("stopped"), file=sys.stderr)
    return 130  # stopped by Ctrl-C, as a shell counts it


def cmd_edit(args: argparse.Namespace) -> int:
    """itagen edit [SITE] [--port N] [--no-open]."""
    from itagen.commands.edit import start_editor

    if not (args.site / "site.yaml").is_file():
        return usage_error(_("{path} is not a site folder (no site.yaml)").format(path=args.site))
    if not 0 <= args.port <= 65535:
        return usage_error(_("--port must be between 0 and 65535"))

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        editor = start_editor(args.site, args.port, log=log)
    except OSError as exc:
        return usage_error(
            _("cannot listen on {address} ({reason}); try another --port").format(
                address=f"127.0.0.1:{args.port}", reason=exc.strerror or exc
            )
        )
    print(
        _("the form is at {url} (Ctrl-C to stop)").format(url=editor.url),
        file=sys.stderr,
        flush=True,
    )
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
