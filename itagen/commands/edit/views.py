"""The editor's pages: the year's items with their status, and one item's form, rendered with Jinja.

Owns what each page shows. The index lists every item of the year as the catalog
orders it (sub-indicator → heading → item) with a status taken from `itagen check`'s
own verdict; the form shows the item's components, its documents as rows and its
Markdown text, filled from the file (or, after a refused save, from what was sent,
with each problem beside its field). Every word goes through the message catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from itagen.catalog.load import Catalog, CatalogItem
from itagen.commands.edit.forms import FormData, Outcome, item_path, rows_of, version
from itagen.errors import ItagenError
from itagen.site.yamlio import load_yaml, read_text, split_front_matter
from itagen.thai.messages import N_, _, language

TEMPLATES = Path(__file__).parent / "templates"
# The three states a webmaster needs, from check's pass / fail / missing.
STATUS_TEXT = {"empty": N_("No data yet"), "done": N_("Complete"), "problem": N_("Has problems")}


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The editor's Jinja environment: autoescaped, strict, with _() for every word."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = _
    return env


def render(name: str, **context: Any) -> bytes:
    """Render a template of the editor in the current language."""
    return environment().get_template(name).render(lang=language(), **context).encode("utf-8")


def statuses(report: Any) -> dict[str, str]:
    """Map each item code to empty / done / problem, from a check Report."""
    found: dict[str, set[str]] = {}
    for f in report.findings:
        if f.item and report.fails(f):
            found.setdefault(f.item, set()).add(f.rule)
    result = {}
    for sub in report.subindicators:
        for item in sub.items:
            if item.status == "missing" or (
                item.status == "fail" and found.get(item.code, set()) <= {"item-empty"}
            ):
                result[item.code] = "empty"
            else:
                result[item.code] = "done" if item.status == "pass" else "problem"
    return result


@dataclass
class Row:
    """One document row of the form."""

    id: str
    title: str = ""
    date: str = ""
    period: str = ""
    kind: str = "file"
    file: str = ""
    url: str = ""


@dataclass
class ItemForm:
    """What the form of one item shows."""

    spec: CatalogItem
    year: int
    src: str
    has_body: bool
    covers: set[int] = field(default_factory=set)
    rows: list[Row] = field(default_factory=list)
    body: str = ""
    broken: str | None = None  # why the form cannot show the file (to be fixed by hand)
    version: str = ""  # the file the rows were read from (forms.version)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def load_form(root: Path, year: int, spec: CatalogItem) -> ItemForm:
    """The form of an item as its file says it now."""
    path, display = item_path(root, year, spec)
    form = ItemForm(spec, year, display, path.suffix == ".md", version=version(path))
    if not path.is_file():
        form.rows.append(Row("n0"))
        return form
    try:
        text = read_text(path, display)
        if form.has_body:
            front, form.body, _line = split_front_matter(text, display)
        else:
            front = text
        raw = load_yaml(front, display, 2 if form.has_body else 1)
    except ItagenError as exc:
        form.broken = "\n".join(str(p) for p in exc.problems)
        return form
    if not isinstance(raw, dict):
        form.broken = _("the file does not start with keys such as 'code: O1'")
        return form
    form.covers = {c for c in raw.get("covers") or () if isinstance(c, int)}
    for i, doc in enumerate(raw.get("documents") or ()):
        doc = doc if isinstance(doc, dict) else {}
        form.rows.append(
            Row(
                f"e{i}",
                _text(doc.get("title")),
                _text(doc.get("date")),
                _text(doc.get("period")),
                "url" if doc.get("url") else "file",
                _text(doc.get("file")),
                _text(doc.get("url")),
            )
        )
    form.rows.append(Row("n0"))
    return form


def form_from_post(root: Path, year: int, spec: CatalogItem, data: FormData) -> ItemForm:
    """The form as it was sent (after a refused save), so nothing the webmaster typed is lost."""
    path, display = item_path(root, year, spec)
    form = ItemForm(
        spec,
        year,
        display,
        path.suffix == ".md",
        body=data.get("body"),
        version=data.get("version"),
    )
    form.covers = {int(v) for v in data.fields.get("covers", []) if v.isdigit()}
    for row in rows_of(data):
        form.rows.append(
            Row(
                row,
                data.get(f"title-{row}"),
                data.get(f"date-{row}"),
                data.get(f"period-{row}"),
                "url" if data.get(f"kind-{row}") == "url" else "file",
                data.get(f"file-{row}"),
                data.get(f"url-{row}"),
            )
        )
    return form


def index_page(
    token: str, catalog: Catalog, status: dict[str, str], agency: str | None, preview: str | None
) -> bytes:
    """The year's items by sub-indicator and heading, each with its status."""
    counts = {key: sum(1 for s in status.values() if s == key) for key in STATUS_TEXT}
    return render(
        "index.html",
        token=token,
        catalog=catalog,
        status=status,
        agency=agency,
        status_text={k: _(v) for k, v in STATUS_TEXT.items()},
        counts=counts,
        preview=preview,
    )


def item_page(
    token: str,
    form: ItemForm,
    catalog: Catalog,
    status: str | None,
    outcome: Outcome | None,
    saved: bool,
    preview: str | None,
    findings: list[Any],
) -> bytes:
    """An item's form, with the errors of a refused save beside their fields."""
    errors = outcome.errors if outcome is not None else {}
    placed = {key for key in errors if key is not None}
    known = {"covers", "body"} | {
        f"{k}-{r.id}"
        for r in form.rows
        for k in ("title", "date", "period", "upload", "url", "row")
    }
    loose = list(errors.get(None, [])) + [p for key in placed - known for p in errors[key]]
    return render(
        "item.html",
        token=token,
        form=form,
        catalog=catalog,
        reupload=bool(outcome is not None and outcome.uploads),
        period_text=catalog.period_text(form.spec),
        errors=errors,
        loose=loose,
        saved=saved,
        preview=preview,
        findings=findings,
        status=_(STATUS_TEXT[status]) if status else None,
        status_key=status or "",
    )
