"""Generate large itagen inputs for benchmarks: many sites × 43 FY2566 items with realistic Thai
bodies.

Usage: python bench/gen.py OUT_DIR --sites 120   (120 × 43 = 5,160 item pages)
Each item has a ~2 KB Thai Markdown body (headings, a nested list, a table, links) and 4 documents.
The output is deterministic for the same arguments.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

from itagen.catalog.load import catalog_path, load_catalog

MONTHS = ["ตุลาคม 2565", "พฤศจิกายน 2565", "ธันวาคม 2565", "มกราคม 2566", "กุมภาพันธ์ 2566", "มีนาคม 2566"]
WORDS = [
    "องค์การบริหารส่วนตำบล",
    "ได้ดำเนินการ",
    "เผยแพร่ข้อมูล",
    "ตามหลักเกณฑ์",
    "การประเมินคุณธรรม",
    "และความโปร่งใส",
    "ในการดำเนินงาน",
    "ของหน่วยงานภาครัฐ",
    "ประจำปีงบประมาณ",
    "พ.ศ.",
    "2566",
    "โดยมีรายละเอียด",
    "ดังนี้",
    "ประชาชน",
    "สามารถ",
    "ตรวจสอบ",
    "ได้ที่",
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "ผู้รับผิดชอบ",
    "รายงาน",
    "ผลการดำเนินงาน",
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj "
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj"
    b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def paragraph(rng: random.Random, n: int) -> str:
    """Return n Thai words as a sentence."""
    return " ".join(rng.choice(WORDS) for _ in range(n))


def body(rng: random.Random, code: str) -> str:
    """Return a ~2 KB Thai Markdown body with a heading, a nested list, a table and links."""
    lines = [paragraph(rng, 30), "", f"## รายละเอียดข้อ {code}", "", paragraph(rng, 25), ""]
    for month in MONTHS[:4]:
        lines.append(f"- รายงานประจำเดือน{month}")
        lines.append(f"  - [สรุปผล{month}](files/2566/doc1.pdf)")
    lines += ["", "| รายการ | จำนวน | หมายเหตุ |", "| --- | ---: | --- |"]
    lines += [
        f"| {paragraph(rng, 3)} | {rng.randint(1, 9999):,} | {paragraph(rng, 2)} |"
        for _ in range(4)
    ]
    lines += [
        "",
        (
            f"ดูเพิ่มเติมที่ [เว็บไซต์](https://www.example.go.th/{code.lower()}) และ "
            "[ข้อมูลการติดต่อ](content/2566/9.1/O5.md)"
        ),
        "",
    ]
    return "\n".join(lines)


def front(code: str, rng: random.Random) -> str:
    """Return the YAML front matter of an item with four documents."""
    docs = []
    for i in range(1, 5):
        day = rng.randint(1, 28)
        if i % 2:
            docs.append(
                f"  - title: เอกสารประกอบ {code} ฉบับที่ {i}\n    file: files/2566/doc{i}.pdf\n"
                f"    date: {day} มกราคม 2566"
            )
        else:
            docs.append(
                f"  - title: ลิงก์ข้อมูล {code} ลำดับ {i}\n    url: https://www.example.go.th/{code}/{i}\n"
                f"    date: 2566-02-{day:02d}"
            )
    return (
        f"code: {code}\nupdated: 2566-03-{rng.randint(1, 28):02d}\ndocuments:\n"
        + "\n".join(docs)
        + "\n"
    )


SHARED_CODES = ("O6", "O25", "O39")  # the laws, the central HR criteria, the ethics code


def make_site(root: Path, slug: str, seed: int, skip: tuple[str, ...] = ()) -> int:
    """Write one site (site.yaml, the 43 items but `skip`, files) and return its item count."""
    rng = random.Random(seed)
    catalog = load_catalog(2566)
    (root / "files/2566").mkdir(parents=True, exist_ok=True)
    for i in range(1, 5):
        (root / f"files/2566/doc{i}.pdf").write_bytes(PDF)
    (root / "site.yaml").write_text(
        f"agency:\n  name: องค์การบริหารส่วนตำบลทดสอบ {slug}\n  short_name: อบต.{slug}\n"
        "  province: เชียงใหม่\n"
        f"ita:\n  current_year: 2566\n  eit_code: b{seed:05d}\n"
        f"base_url: https://{slug}.example.org/ita/\n",
        encoding="utf-8",
    )
    for item in catalog.items:
        if item.code in skip:
            continue
        folder = root / "content/2566" / item.subindicator
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{item.code}.md").write_text(
            f"---\n{front(item.code, rng)}---\n{body(rng, item.code)}", encoding="utf-8"
        )
    return len(catalog.items) - len(skip)


def make_large(dest: Path, years: int) -> Path:
    """One site with `years` assessment years × 43 items (own catalogs for the extra years)."""
    if dest.exists():
        shutil.rmtree(dest)
    make_site(dest, "large", 7)
    text = catalog_path(2566).read_text(encoding="utf-8")
    (dest / "catalogs").mkdir()
    # Catalogs accept the years 2500–2700: up to 201 years, 8,643 item pages.
    for year in [y for y in range(2500, 2701) if y != 2566][: years - 1]:
        (dest / "catalogs" / f"{year}.yaml").write_text(
            re.sub(r"^year: 2566$", f"year: {year}", text, count=1, flags=re.MULTILINE),
            encoding="utf-8",
        )
        shutil.copytree(dest / "content/2566", dest / "content" / str(year))
    return dest


def make_workspace(out: Path, count: int) -> Path:
    """Write a workspace of `count` sites whose O6, O25 and O39 come from shared content."""
    if out.exists():
        shutil.rmtree(out)
    ws = out / "workspace"
    (ws / "workspace.yaml").parent.mkdir(parents=True)
    (ws / "workspace.yaml").write_text(
        "defaults:\n  numerals: thai\nbase_url: https://{slug}.example.org/ita/\n", encoding="utf-8"
    )
    rng = random.Random(0)
    catalog = load_catalog(2566)
    (ws / "shared/files/2566").mkdir(parents=True)
    for i in range(1, 5):
        (ws / f"shared/files/2566/doc{i}.pdf").write_bytes(PDF)
    for code in SHARED_CODES:
        item = catalog.by_code[code]
        folder = ws / "shared/content/2566" / item.subindicator
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{code}.md").write_text(
            f"---\n{front(code, rng)}---\n{body(rng, code)}", encoding="utf-8"
        )
    for n in range(count):
        make_site(ws / "sites" / f"site{n:04d}", f"site{n:04d}", n + 1, SHARED_CODES)
    return ws


def make_minimal_workspace(out: Path, count: int) -> Path:
    """Write a workspace of `count` minimal sites (site.yaml and an empty year, so every item page
    says "no data yet"): the cost of a site is then mostly what the workspace adds to it."""
    if out.exists():
        shutil.rmtree(out)
    ws = out / "workspace"
    ws.mkdir(parents=True)
    (ws / "workspace.yaml").write_text(
        "defaults:\n  numerals: thai\n  ita: {current_year: 2566}\n"
        "base_url: https://{slug}.example.org/ita/\n",
        encoding="utf-8",
    )
    for n in range(count):
        site = ws / "sites" / f"site{n:04d}"
        (site / "content/2566").mkdir(parents=True)
        (site / "site.yaml").write_text(
            f"agency:\n  name: องค์การบริหารส่วนตำบลทดสอบ {n}\nita:\n  eit_code: m{n:05d}\n",
            encoding="utf-8",
        )
    return ws


def make_sites(out: Path, count: int) -> list[Path]:
    """Write `count` sites under out/sites/ and return their folders."""
    if out.exists():
        shutil.rmtree(out)
    sites = []
    for n in range(count):
        root = out / "sites" / f"site{n:04d}"
        make_site(root, f"site{n:04d}", n + 1)
        sites.append(root)
    return sites


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("out", type=Path)
    parser.add_argument("--sites", type=int, default=120)
    parser.add_argument(
        "--workspace", action="store_true", help="a workspace with shared O6, O25, O39"
    )
    parser.add_argument(
        "--minimal", action="store_true", help="with --workspace: minimal sites, no items"
    )
    args = parser.parse_args()
    if args.workspace and args.minimal:
        ws = make_minimal_workspace(args.out, args.sites)
        print(f"wrote a workspace of {args.sites} minimal sites at {ws}")
        return
    if args.workspace:
        print(f"wrote a workspace of {args.sites} sites at {make_workspace(args.out, args.sites)}")
        return
    sites = make_sites(args.out, args.sites)
    print(f"wrote {len(sites)} sites, {len(sites) * 43} item pages under {args.out}")


if __name__ == "__main__":
    main()
