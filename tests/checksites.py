"""A complete, clean FY2566 site for the check's tests: every item filled, dated, ticked."""

from __future__ import annotations

from pathlib import Path

from itagen.catalog.load import load_catalog

from .conftest import SiteMaker

# A signing date for each period rule of FY2566 (2022-10-01 … 2023-09-30), as real documents
# are signed: reports after their period ends, plans before theirs starts.
DATE_FOR = {
    "current_year": "2566-01-15",
    "first_half": "2566-04-20",
    "previous_year": "2565-11-15",
    "in_force": "2565-06-01",
    "none": "2566-01-15",
}
# The period of each clean document's data.
PERIOD_FOR = {
    "current_year": "ปีงบประมาณ พ.ศ. 2566",
    "first_half": "ต.ค. 65 – มี.ค. 66",
    "previous_year": "ปีงบประมาณ พ.ศ. 2565",
    "in_force": "พ.ศ. 2566 – 2570",
}
O21_MONTHS = (
    "ตุลาคม 2565",
    "พฤศจิกายน 2565",
    "ธันวาคม 2565",
    "มกราคม 2566",
    "กุมภาพันธ์ 2566",
    "มีนาคม 2566",
)


def item_front(code: str, documents: str | None = None, covers: str | None = None) -> str:
    """Front matter of a clean item (its documents and covers can be replaced)."""
    spec = load_catalog(2566).by_code[code]
    n = code[1:]
    if covers is None:
        covers = "[" + ", ".join(str(i) for i in range(1, len(spec.components) + 1)) + "]"
    if documents is None:
        documents = (
            f"  - title: เอกสารประกอบข้อ {code}\n"
            f"    file: files/2566/o{n}.pdf\n"
            f"    date: {DATE_FOR[spec.period]}\n"
        )
        if spec.period in PERIOD_FOR:
            documents += f"    period: {PERIOD_FOR[spec.period]}\n"
        if spec.live_link:
            documents += (
                f"  - title: ช่องทางออนไลน์ {code}\n    url: https://www.example.go.th/o{n}\n"
            )
    return f"covers: {covers}\ndocuments:\n{documents}"


def item_body(code: str) -> str:
    """Body of a clean item (O21 names its six months)."""
    if code == "O21":
        return "".join(f"- {m}: [สขร.1](files/2566/o21.pdf)\n" for m in O21_MONTHS)
    return f"ข้อมูลประกอบข้อ {code} ของ อบต.ทดสอบ\n"


def write_item(
    site: SiteMaker, code: str, front: str | None = None, body: str | None = None
) -> Path:
    """Write one item of FY2566 into its sub-indicator folder (clean unless told otherwise)."""
    spec = load_catalog(2566).by_code[code]
    front = item_front(code) if front is None else front
    body = item_body(code) if body is None else body
    return site.write(
        f"content/2566/{spec.subindicator}/{code}.md", f"---\ncode: {code}\n{front}---\n{body}"
    )


def clean_site(root: Path) -> SiteMaker:
    """A site with all 43 items of FY2566 and nothing a check would report."""
    site = SiteMaker(root)
    for spec in load_catalog(2566).items:
        site.file(f"files/2566/o{spec.code[1:]}.pdf")
        write_item(site, spec.code)
    return site
