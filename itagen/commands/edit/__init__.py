"""`itagen edit`: fill in the ITA items in a browser form, without writing YAML.

The library API: `start_editor(site_dir, port=0, preview=True) -> Editor`, whose
`.url` (token included) is what the browser opens, and `.stop()`. The editor
runs two loopback servers in one process: the form (server.py, views.py,
forms.py, save.py) and `itagen serve`'s live preview of the site, which rebuilds
when a save replaces a file and reloads the frame that shows it. A save writes
ordinary files (the item's .md or .yaml, documents under files/<year>/) that
`itagen build` and `itagen check` read as if a person had written them.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from itagen.catalog.load import Catalog, CatalogItem, load_catalog
from itagen.commands.edit.server import EditServer, guard_preview
from itagen.errors import ItagenError
from itagen.thai.messages import _

__all__ = ["Editor", "start_editor"]


class Editor:
    """A running editor: its form server, its preview, and the site they work on."""

    def __init__(self, site_dir: Path, port: int, preview: bool, log: Any = None) -> None:
        self.root = site_dir.resolve()
        self.log = log or (lambda message: None)
        self.preview = None
        if preview:
            from itagen.commands.serve import start_server

            self.preview = start_server(self.root, "127.0.0.1", 0, log=self.log)
            guard_preview(self.preview.httpd, self.preview.port)
        self.preview_url = self.preview.url if self.preview else None
        self.httpd = EditServer(port, self)
        self.url = self.httpd.url
        self._saving = threading.Lock()  # one save at a time: each checks the file it replaces
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, daemon=True, name="itagen-edit"
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop both servers."""
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.preview is not None:
            self.preview.stop()
        self._stopped.set()

    def wait(self) -> None:
        """Block until stop() (waking often, so Ctrl-C reaches the main thread at once)."""
        while not self._stopped.wait(0.25):
            pass

    # -- what the site says now -------------------------------------------------------------

    def report(self) -> Any:
        """Check the site as `itagen check` does (its current_year)."""
        from itagen.commands.check import run_check
        from itagen.site.workspace import enclosing

        return run_check(self.root, today=dt.date.today(), workspace=enclosing(self.root))

    def catalog(self, year: int) -> Catalog:
        """The catalog of `year` as the site sees it (its own catalogs/ first)."""
        return load_catalog(year, self.root)

    # -- requests ---------------------------------------------------------------------------

    def get(self, request: Any, route: str) -> None:
        """Answer a GET: the index, or an item's form."""
        from itagen.commands.edit import views

        parts = route.split("/")
        try:
            report = self.report()
            if report.year is None:
                problems = "\n".join(f"{f.location()} {f.message}" for f in report.findings)
                return request.reply_text(500, _("itagen cannot read this site:") + "\n" + problems)
            status = views.statuses(report)
            if route == "":
                return request.reply(
                    200,
                    views.index_page(
                        self.httpd.token,
                        self.catalog(report.year),
                        status,
                        report.agency,
                        self.preview_url,
                    ),
                )
            found = self._item(parts)
            if found is None:
                return request.reply_text(404, _("there is no such item"))
            year, catalog, spec = found
            form = views.load_form(self.root, year, spec)
            current = year == report.year  # the check speaks of current_year only
            findings = [f for f in report.findings if f.item == spec.code] if current else []
            page = views.item_page(
                self.httpd.token,
                form,
                catalog,
                status.get(spec.code) if current else None,
                None,
                request.query() == "saved",
                self.preview_url,
                findings,
            )
            return request.reply(200, page)
        except ItagenError as exc:
            return request.reply_text(500, "\n".join(str(p) for p in exc.problems))

    def post(self, request: Any, route: str, body: bytes, ctype: str) -> None:
        """Answer a POST: save an item's form, or render its text for the live preview."""
        from itagen.commands.edit import forms, views

        try:
            data = forms.parse_multipart(body, ctype)
        except ValueError as exc:
            return request.reply_text(400, str(exc))
        if route == "preview":
            return request.reply_json(self._render_body(data.get("body")))
        found = self._item(route.split("/"))
        if found is None:
            return request.reply_text(404, _("there is no such item"))
        year, catalog, spec = found
        with self._saving:
            outcome = forms.save_item(self.root, year, catalog, spec, data)
        if outcome.ok:
            for rel in outcome.written:
                self.log(_("saved {path}").format(path=rel))
            return request.redirect(f"/{self.httpd.token}/item/{year}/{spec.code}?saved")
        form = views.form_from_post(self.root, year, spec, data)
        if not any(r.id.startswith("n") for r in form.rows):
            form.rows.append(views.Row("n0"))  # room for one more document, as the first page had
        page = views.item_page(
            self.httpd.token, form, catalog, None, outcome, False, self.preview_url, []
        )
        return request.reply(422, page)

    def _item(self, parts: list[str]) -> tuple[int, Catalog, CatalogItem] | None:
        """(year, catalog, item) for a route item/<year>/<code>, or None."""
        if len(parts) != 3 or parts[0] != "item" or not parts[1].isdigit() or len(parts[1]) != 4:
            return None
        year = int(parts[1])
        try:
            catalog = self.catalog(year)
        except ItagenError:
            return None
        spec = catalog.by_code.get(parts[2])
        return (year, catalog, spec) if spec is not None else None

    def _render_body(self, text: str) -> dict[str, Any]:
        """The body as the build renders it (raw HTML off), links pointing at the preview."""
        from itagen.render.markdown import BodyRenderer, LinkContext

        renderer = BodyRenderer(self.root, allow_html=False)
        html, problems = renderer.render(
            text.replace("\r\n", "\n"), LinkContext(self.preview_url or "", "body", 1)
        )
        return {"html": html, "problems": [p.message for p in problems]}


def start_editor(
    site_dir: Path | str, port: int = 0, *, preview: bool = True, log: Any = None
) -> Editor:
    """Start the editor (and the site preview) on 127.0.0.1 and return it.

    Raises OSError when the port is taken.
    """
    return Editor(Path(site_dir), port, preview, log)
