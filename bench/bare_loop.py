"""The reference: a bare loop over the same pages with the same libraries, no itagen.

read → split front matter → CSafeLoader → markdown-it (js-default) → one Jinja template → write.
This is the floor of our stack that itagen is measured against (issues 2 and 12).
Usage: python bench/bare_loop.py OUT SITE [SITE …] [-j N]
"""

from __future__ import annotations

import argparse
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml
from jinja2 import Environment
from markdown_it import MarkdownIt

TEMPLATE = (
    '<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><title>{{ meta.code }}</title>'
    "</head>\n"
    '<body><h1>{{ meta.code }}</h1><div class="body">{{ body|safe }}</div><ul>\n'
    '{% for d in meta.documents %}<li><a href="{{ d.file or d.url }}">{{ d.title }}</a> '
    "{{ d.date }}</li>{% endfor %}\n"
    "</ul></body></html>"
)


def build_site(args: tuple[str, str]) -> int:
    """Render every item of one site; return the page count."""
    site, out = Path(args[0]), Path(args[1])
    md = MarkdownIt("js-default")
    template = Environment(autoescape=True).from_string(TEMPLATE)
    count = 0
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=yaml.CSafeLoader)
        html = template.render(meta=meta, body=md.render(body))
        dest = out / site.name / path.relative_to(site).with_suffix("") / "index.html"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html, encoding="utf-8")
        count += 1
    return count


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("sites", nargs="+")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    args = parser.parse_args()
    tasks = [(s, args.out) for s in args.sites]
    if args.jobs == 1:
        total = sum(map(build_site, tasks))
    else:
        with ProcessPoolExecutor(args.jobs) as pool:
            total = sum(
                pool.map(build_site, tasks, chunksize=max(1, len(tasks) // (args.jobs * 4)))
            )
    print(f"{total} pages (pid {os.getpid()})")


if __name__ == "__main__":
    main()
