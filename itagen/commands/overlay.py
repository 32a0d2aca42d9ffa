"""What `itagen serve` lays over the pages it answers with, and never writes into a build.

Owns the reload script (it listens to the event stream at RELOAD_PATH and reloads the tab
when the site was rebuilt), `inject`, which puts such a snippet before a page's </body>, and
the error panel shown over the last good page while a rebuild fails: each problem's file,
line, message and hint, with the source lines around it when the file is one of the site's.
"""

from __future__ import annotations

import html
from pathlib import Path

from itagen.errors import Problem
from itagen.thai.messages import _, language

RELOAD_PATH = "/__itagen/reload"


def inject(page: bytes, snippet: bytes) -> bytes:
    """Insert `snippet` before the last </body> (or at the end when there is none)."""
    at = page.lower().rfind(b"</body>")
    return page + snippet if at < 0 else page[:at] + snippet + page[at:]


def reload_script(token: str) -> bytes:
    """Return the serve-only script that reloads the page when the site was rebuilt."""
    return (
        f'<script>/* itagen serve */(function(){{var s=new EventSource("{RELOAD_PATH}?v={token}");'
        's.onmessage=function(){s.close();location.reload();};})();</script>\n'
    ).encode()


def _excerpt(problem: Problem, roots: tuple[Path, ...]) -> str:
    """Return the lines around a problem's line, numbered, when its file is a readable source."""
    if not problem.path or not problem.line:
        return ""
    path = Path(problem.path) if Path(problem.path).is_absolute() else roots[0] / problem.path
    try:
        real = path.resolve()
        if not any(real.is_relative_to(r) for r in roots) or real.stat().st_size > 2_000_000:
            return ""
        lines = real.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    first, last = max(problem.line - 3, 0), min(problem.line + 2, len(lines))
    rows = [
        f"{'>' if n + 1 == problem.line else ' '} {n + 1:>4} | {lines[n]}"
        for n in range(first, last)
    ]
    return "<pre>" + html.escape("\n".join(rows)) + "</pre>" if rows else ""


ERROR_CSS = """#itagen-error{position:fixed;inset:0;z-index:2147483647;overflow:auto;\
box-sizing:border-box;
padding:2rem max(1rem,calc(50% - 26rem));background:#fffaf8;color:#1b1b1b;\
font:16px/1.65 system-ui,sans-serif}
#itagen-error h1{margin:0 0 .5rem;font-size:1.45rem;color:#a3201a}\
#itagen-error ol{padding-left:1.4rem}
#itagen-error li{margin:1rem 0}#itagen-error code{font-weight:600}#itagen-error .hint{color:#4a4a4a}
#itagen-error pre{overflow:auto;padding:.6rem;background:#f3ecea;font-size:.85rem;line-height:1.45}
#itagen-error button{font:inherit;padding:.3rem .8rem}"""


def error_panel(problems: tuple[Problem, ...], roots: tuple[Path, ...], kept: bool) -> str:
    """Return the bilingual error panel: each problem's file, line, message, hint and source lines.
    """
    rows = []
    for p in problems:
        kind = html.escape(_("error") if p.is_error else _("warning"))
        label = html.escape(_("hint"))
        hint = f'<br><span class="hint">{label}: {html.escape(p.hint)}</span>' if p.hint else ""
        where = p.location() or _("(site)")
        rows.append(
            f"<li><code>{html.escape(where)}</code> — {kind}<br>"
            f"{html.escape(p.message)}{hint}{_excerpt(p, roots)}</li>"
        )
    if kept:  # the last good page is underneath: say so, and let the reader look at it
        until = _("Until then the preview keeps serving the last good build.")
        show = html.escape(_("Show the last good page"))
        close = (
            '<p><button type="button" onclick="this.closest(\'#itagen-error\').remove()">'
            f"{show}</button></p>"
        )
    else:
        until, close = _("There is no good build to show yet."), ""
    lang, title = language(), _("The site could not be rebuilt")
    fix = _("Fix the files below and save: this page reloads by itself.")
    return (
        f'<div id="itagen-error" role="alert" lang="{lang}"><style>{ERROR_CSS}</style>'
        f"<h1>{html.escape(title)}</h1><p>{html.escape(fix)} {html.escape(until)}</p>"
        f"<ol>{''.join(rows)}</ol>{close}</div>\n"
    )
