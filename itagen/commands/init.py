"""`itagen init`: a new site with a stub for every item of a year, ready for GitHub Pages.

Owns the files a new site starts with: site.yaml, one stub per catalog item (its
code and title, and the required components as a checklist in Thai comments),
a Thai README, .gitignore and a GitHub Actions workflow that checks, builds and
deploys to GitHub Pages. It never overwrites a file unless asked to (`force`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from itagen.catalog.load import Catalog, CatalogItem, load_catalog
from itagen.commands.pin import requirement
from itagen.errors import ItagenError
from itagen.thai.messages import N_, _

# Current majors of the official actions (checkout v7, setup-python v7 since mid-2026; Pages:
# research/ecosystem.md §8). include-hidden-files keeps .nojekyll.
WORKFLOW = """\
# Builds the ITA section with itagen and publishes it on GitHub Pages.
# Settings → Pages → Build and deployment → Source: GitHub Actions.
name: ITA
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:
permissions:
  contents: read
  pages: write
  id-token: write
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v7
      - uses: actions/setup-python@v7
        with:
          python-version: "3.12"
          cache: pip
          # The pin below is the key of pip's cache: a new pin downloads afresh.
          cache-dependency-path: .github/workflows/itagen.yml
      # The itagen version that wrote this site; `itagen init --upgrade-workflow` moves it.
      - run: pip install ITAGEN_REQUIREMENT
      - id: pages
        uses: actions/configure-pages@v6
      - name: Check the ITA items
        # Problems show as annotations (inline on pull requests); a site still being filled in \
is published.
        run: itagen check --format github
        continue-on-error: true
      - name: Build
        run: itagen build --base-url "${{ steps.pages.outputs.base_url }}/" -o _site
      - uses: actions/upload-pages-artifact@v5
        with:
          path: _site
          include-hidden-files: true
  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v5
"""

OVERWRITE_HINT = N_("choose a new folder, or add --force to overwrite the files init writes")
# .itagen-edit/ holds the saves of itagen edit while they are written.
GITIGNORE = "build/\n_site/\n.itagen-cache/\n.itagen-edit/\n"

README = """\
# ITA {year} — {name}

เว็บไซต์ส่วน ITA (การเปิดเผยข้อมูลสาธารณะ OIT ข้อ O1–O{count}) ของ{name} สร้างด้วย itagen

## แก้ไขข้อมูล
- ข้อมูลหน่วยงานและลิงก์แบบวัด EIT อยู่ใน `site.yaml`
- แต่ละข้อเป็นไฟล์หนึ่งไฟล์ใน `content/{year}/<ตัวชี้วัดย่อย>/O<เลขข้อ>.md` \
ในไฟล์มีรายการองค์ประกอบที่ต้องเผยแพร่ (บรรทัดที่ขึ้นต้นด้วย #)
- ใส่เอกสาร (PDF, DOCX, XLSX, รูปภาพ) ในโฟลเดอร์ `files/` แล้วอ้างถึงใน `documents:` ด้วย `file: files/...`
- ลิงก์ไปยังเว็บไซต์อื่นใช้ `url: https://...`
- วันที่เขียนได้ทั้ง `2566-01-16` และ `16 มกราคม 2566`

## ขั้นตอน (ทำตามลำดับ)

### ๑. ดูตัวอย่างขณะแก้ไข
    itagen serve

### ๒. ตรวจความพร้อมก่อนการประเมิน
    itagen check

### ๓. สร้างเว็บไซต์
    itagen build
ผลลัพธ์อยู่ในโฟลเดอร์ `build/` อัปโหลดทั้งโฟลเดอร์ขึ้นเว็บไซต์ของหน่วยงานได้ทันที (ลิงก์ภายในเป็นแบบสัมพัทธ์)

หรือเผยแพร่บน GitHub Pages:
1. สร้าง repository บน GitHub แล้ว push โฟลเดอร์นี้ขึ้นไป
2. Settings → Pages → Source เลือก **GitHub Actions**
3. ทุกครั้งที่ push ระบบจะตรวจ สร้าง และเผยแพร่ให้อัตโนมัติ (`.github/workflows/itagen.yml`)

### ๔. ใส่ที่อยู่เว็บไซต์ใน `site.yaml`
เมื่อรู้แล้วว่าเว็บไซต์อยู่ที่ใด ใส่ที่อยู่นั้นในบรรทัด `base_url:` ของ `site.yaml`
(เช่น `base_url: https://example.go.th/ita/`) ระบบ ITAS ต้องการลิงก์เต็มของทุกข้อ

### ๕. กรอกข้อมูลในระบบ ITAS
    itagen export itas -o itas.csv
ได้ตาราง URL และคำอธิบายของทุกข้อ เปิดด้วย Excel ได้ (ต้องใส่ `base_url` ตามขั้นที่ ๔ ก่อน)

## ใช้ itagen รุ่นใหม่
ขั้นตอนเผยแพร่ติดตั้ง itagen รุ่นเดิมเสมอ
(บรรทัด `pip install itagen==…` ใน `.github/workflows/itagen.yml`)
เมื่อติดตั้งรุ่นใหม่ในเครื่องแล้ว ให้สั่งในโฟลเดอร์นี้
    itagen init --upgrade-workflow
แล้ว push ไฟล์ที่เปลี่ยนขึ้น GitHub
"""


@dataclass(slots=True)
class InitResult:
    """What init wrote and what it left alone."""

    root: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _yaml_str(value: str) -> str:
    """Quote a string for YAML (JSON strings are valid YAML and escape everything needed)."""
    return json.dumps(value, ensure_ascii=False)


def year_problem(year: int) -> str | None:
    """Return why `year` cannot be an assessment year (a Gregorian year), or None."""
    if 1900 <= year < 2400:
        return _("{year} is a Christian-era year; ITA years are Buddhist Era: use {be}").format(
            year=year, be=year + 543
        )
    return None


def site_yaml(
    year: int,
    name: str,
    short_name: str | None,
    province: str | None,
    district: str | None,
    eit: str | None,
    base_url: str | None = None,
) -> str:
    """Return the text of a new site.yaml."""
    lines = ["agency:", f"  name: {_yaml_str(name)}"]
    if short_name:
        lines.append(f"  short_name: {_yaml_str(short_name)}")
    if province:
        lines.append(f"  province: {_yaml_str(province)}")
    if district:
        lines.append(f"  district: {_yaml_str(district)}")
    lines += ["ita:", f"  current_year: {year}"]
    if eit and eit.startswith("https://"):
        lines.append(f"  eit_url: {_yaml_str(eit)}")
    elif eit:
        lines.append(f"  eit_code: {_yaml_str(eit)}")
    else:
        lines.append("  # eit_code: abc123   # รหัส 6 ตัวจากลิงก์แบบวัด EIT ที่ได้จากระบบ ITAS")
    if base_url:
        lines.append(f"base_url: {_yaml_str(base_url)}")
    else:
        lines.append(
            "# base_url: https://example.go.th/ita/   "
            "# ที่อยู่เว็บไซต์ส่วน ITA (ใช้ทำ sitemap และตาราง ITAS)"
        )
    lines += ["theme: default", "numerals: thai", ""]
    return "\n".join(lines)


def item_stub(catalog: Catalog, item: CatalogItem) -> str:
    """Return the stub of one item: code, title and the required components as Thai comments."""
    lines = [
        "---",
        f"code: {item.code}",
        f"title: {_yaml_str(item.title)}",
        "# องค์ประกอบด้านข้อมูลที่ต้องเผยแพร่ (เมื่อครบข้อใด ใส่หมายเลขข้อนั้นใน covers:)",
    ]
    lines += [f"#   {n}. {c}" for n, c in enumerate(item.components, 1)]
    period = catalog.period_text(item)
    if period:
        lines.append(f"# ช่วงเวลาของข้อมูล: {period}")
    if item.nothing_statement:
        lines.append(f"# หากไม่มีข้อมูล ให้เผยแพร่ข้อความ: {item.nothing_statement}")
    lines += [
        "covers: []",
        "documents: []",
        "#  - title: ชื่อเอกสาร",
        "#    file: files/" + str(catalog.year) + "/เอกสาร.pdf",
        "#    date: 16 มกราคม " + str(catalog.year) + "   # วันที่ลงนาม",
    ]
    if item.period in STUB_PERIOD:
        lines.append(
            "#    period: "
            + STUB_PERIOD[item.period].format(
                y=catalog.year,
                p=catalog.year - 1,
                yy=catalog.year % 100,
                py=(catalog.year - 1) % 100,
                e=catalog.year + 4,
            )
            + "   # ช่วงเวลาของข้อมูล"
        )
    return "\n".join([*lines, "---", ""])


# An example `period:` for each catalog rule, in the year of the stub (docs/check.md "Periods").
STUB_PERIOD = {
    "current_year": "ปีงบประมาณ พ.ศ. {y}",
    "first_half": "ต.ค. {py:02d} – มี.ค. {yy:02d}",
    "previous_year": "ปีงบประมาณ พ.ศ. {p}",
    "in_force": "พ.ศ. {y} – {e}",
}


def _write_new(root: Path, files: dict[str, str], force: bool) -> InitResult:
    """Write each file under root; an existing one is kept (and listed) unless `force`."""
    result = InitResult(root)
    for rel, text in files.items():
        path = root / rel
        if path.exists() and not force:
            result.skipped.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written.append(rel)
    return result


def init_site(
    root: Path,
    year: int,
    name: str,
    short_name: str | None = None,
    province: str | None = None,
    district: str | None = None,
    eit: str | None = None,
    force: bool = False,
    base_url: str | None = None,
) -> InitResult:
    """Create a new site in `root`; existing files are kept unless `force`."""
    if not name.strip():
        raise ItagenError(
            _("the agency name is empty"),
            None,
            None,
            _('give it with --name "องค์การบริหารส่วนตำบล…"'),
        )
    if base_url and not base_url.startswith(("https://", "http://")):
        raise ItagenError(
            _("--base-url must be a full web address, e.g. https://example.go.th/ita/")
        )
    if (root / "site.yaml").exists() and not force:
        raise ItagenError(
            _("there is already a site in {path} (it has a site.yaml)").format(path=root),
            None,
            None,
            _(OVERWRITE_HINT),
        )
    catalog = load_catalog(year)
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    files: dict[str, str] = {
        "site.yaml": site_yaml(year, name.strip(), short_name, province, district, eit, base_url),
        "README.md": README.format(year=year, name=name.strip(), count=len(catalog.by_code)),
        ".gitignore": GITIGNORE,
        ".github/workflows/itagen.yml": WORKFLOW.replace("ITAGEN_REQUIREMENT", requirement()),
        f"files/{year}/.gitkeep": "",
    }
    for item in catalog.items:
        files[f"content/{year}/{item.subindicator}/{item.code}.md"] = item_stub(catalog, item)
    return _write_new(root, files, force)


WORKSPACE_YAML = """\
# A consultant's workspace: every folder in sites/ is an ordinary itagen site.
# defaults lie under each site's own site.yaml (the site wins).
defaults:
  theme: default
  numerals: thai
  ita:
    current_year: {year}
# {{slug}} is the site's folder name in sites/.
base_url: https://{{slug}}.example.org/ita/
# Items in shared/content/ are inherited by every site that has no file of its own for them;
# a site adds documents to an inherited item with `inherit: true` in its own file.
shared: shared
sites: sites
"""

SHARED_LAWS = """\
---
code: {code}
# เนื้อหาที่ใช้ร่วมกันทุกหน่วยงาน: ทุกไซต์ใน sites/ จะได้ข้อนี้ เว้นแต่ไซต์นั้นมีไฟล์ของตนเอง
documents:
  - title: พระราชบัญญัติสภาตำบลและองค์การบริหารส่วนตำบล พ.ศ. 2537
    url: https://www.krisdika.go.th/
---
กฎหมายที่เกี่ยวข้องกับการดำเนินงานขององค์การบริหารส่วนตำบล
"""


def init_workspace(
    root: Path, year: int, name: str | None = None, force: bool = False
) -> InitResult:
    """Create a workspace: workspace.yaml, a shared item (O6, the laws) and one example site."""
    if (root / "workspace.yaml").exists() and not force:
        raise ItagenError(
            _("there is already a workspace in {path}").format(path=root),
            None,
            None,
            _(OVERWRITE_HINT),
        )
    catalog = load_catalog(year)
    laws = next((i for i in catalog.items if i.key == "laws"), catalog.items[0])
    files = {
        "workspace.yaml": WORKSPACE_YAML.format(year=year),
        f"shared/content/{year}/{laws.subindicator}/{laws.code}.md": SHARED_LAWS.format(
            code=laws.code
        ),
        f"shared/files/{year}/.gitkeep": "",
        ".gitignore": GITIGNORE,
    }
    result = _write_new(root, files, force)
    site = init_site(
        root / "sites" / "example", year, name or "องค์การบริหารส่วนตำบลตัวอย่าง", force=force
    )
    # The shared item must not be hidden by an empty stub of the example site.
    stub_rel = f"content/{year}/{laws.subindicator}/{laws.code}.md"
    if stub_rel in site.written:  # never a file the user already had
        (root / "sites" / "example" / stub_rel).unlink()
    result.written += [
        f"sites/example/{rel}" for rel in site.written if not rel.endswith(f"/{laws.code}.md")
    ]
    return result
