"""Fixtures: small sites written into tmp_path, and helpers to read what a build produced."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from .browsers import CHROMIUM, FLAGS

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
agency:
  name: องค์การบริหารส่วนตำบลทดสอบ
  short_name: อบต.ทดสอบ
  province: ลำปาง
  district: เกาะคา
ita:
  current_year: 2566
  eit_code: xgitdi
base_url: https://example.org/ita/
theme: default
numerals: thai
"""


class SiteMaker:
    """Writes a site folder: site.yaml, items, files and pages."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.write("site.yaml", SITE_YAML)
        (root / "content" / "2566").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str) -> Path:
        """Write a text file (dedented) and return its path."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def file(self, rel: str, data: bytes = b"%PDF-1.4\n%test\n") -> Path:
        """Write a binary file (a document under files/)."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def item(
        self,
        sub: str,
        code: str,
        front: str = "",
        body: str = "",
        year: int = 2566,
        name: str | None = None,
    ) -> Path:
        """Write content/<year>/<sub>/<code>.md with front matter and body."""
        front = textwrap.dedent(front).strip("\n")
        text = f"---\ncode: {code}\n{front}\n---\n{textwrap.dedent(body)}"
        return self.write(f"content/{year}/{sub}/{name or code + '.md'}", text)


@pytest.fixture(autouse=True)
def _checked_as_of_fy2566(monkeypatch):
    """The fixture sites are of FY2566: check them as of its last day, whatever the real date.

    Otherwise the open-round rule (round-behind) and the months due would change with the
    calendar. Tests of those pass `today=` (or set ITAGEN_TODAY) themselves.
    """
    monkeypatch.setenv("ITAGEN_TODAY", "2023-09-30")


@pytest.fixture(autouse=True, scope="session")
def _user_cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """Keep itagen's per-user cache (rendered bodies, compiled templates) out of the home folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


@pytest.fixture(autouse=True)
def _thai_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in itagen's default language (Thai), whatever the shell has set."""
    monkeypatch.delenv("ITAGEN_LANG", raising=False)


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English, for tests about what a message says (test_messages.py checks the Thai).

    Used module by module (`pytestmark = pytest.mark.usefixtures("english")`) where assertions
    quote message wording; a suite-wide English default would hide the Thai.
    """
    monkeypatch.setenv("ITAGEN_LANG", "en")


@pytest.fixture
def site(tmp_path: Path) -> SiteMaker:
    """A minimal valid site with one item (O1) and one document."""
    maker = SiteMaker(tmp_path / "site")
    maker.file("files/2566/structure.pdf")
    maker.item(
        "9.1",
        "O1",
        """
        updated: 2566-01-16
        documents:
          - title: แผนผังโครงสร้าง
            file: files/2566/structure.pdf
            date: 16 มกราคม 2566
    """,
        "ข้อมูลโครงสร้างของ อบต.\n",
    )
    return maker


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example site, built once per test session."""
    from itagen.build import build

    out = tmp_path_factory.mktemp("example") / "build"
    build(REPO, out, use_cache=False)  # never write a cache into the repository
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium through Playwright, or a skip saying what is missing."""
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium fonts-thai-tlwg)")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is absent (pip install playwright)"
    )
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 must not be sent through a proxy configured in the environment."""
    for name in (
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "*")
