"""Reading a year's criteria table (ข้อ · ข้อมูล · องค์ประกอบด้านข้อมูล) into rows of items.

Owns the file side of `itagen catalog import`: CSV in UTF-8 (with or without a BOM) or the
Windows Thai code page (cp874), or XLSX through openpyxl (the optional `xlsx` extra), and the
two layouts people make of the table:

- pasted: the table as copied from the NACC's PDF or Word file, with a title row, sub-indicator
  rows ("ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน") and heading rows as single cells above their items,
  the header row repeated under each heading, blank rows, codes with OCR noise ("๐1", "0 1") and
  the components as "- …" runs in one cell;
- plain: one row per item, with columns for sub-indicator, heading, code, title and components.

Every problem names the file and the row, counted as a spreadsheet counts them (from 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from itagen.errors import ItagenError
from itagen.thai.messages import _
from itagen.thai.text import normalize_code

_SUB_RE = re.compile(r"^ตัวชี้วัดย่อย(?:ที่)?\s*([0-9๐-๙]+)\s*[.:]\s*([0-9๐-๙]+)\s*(.*)$")
_IND_RE = re.compile(r"^ตัวชี้วัด(?:ที่)?\s*([0-9๐-๙]+)\s*(.*)$")
_BARE_SUB_RE = re.compile(r"^([0-9๐-๙]+)\s*\.\s*([0-9๐-๙]+)\s*(.*)$")
_CODE_RE = re.compile(r"^O([1-9][0-9]?)$")
_BULLET_RE = re.compile(r"^\s*[-–•●▪·]\s*")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# Header words of each column of the plain layout (and of the pasted layout's header row).
COLUMNS = {
    "subindicator": ("ตัวชี้วัดย่อย", "subindicator", "sub-indicator", "sub indicator"),
    "heading": ("หัวข้อ", "หมวด", "heading", "group"),
    "code": ("ข้อ", "code", "รหัส"),
    "title": ("ข้อมูล", "title", "ชื่อ", "รายการ"),
    "components": ("องค์ประกอบ", "components", "รายละเอียด"),
    "key": ("key", "คีย์"),
}
INDICATOR_TITLES = {9: "การเปิดเผยข้อมูล", 10: "การป้องกันการทุจริต"}


@dataclass(slots=True)
class TableItem:
    """One item row: its code, title and components, and where it was read."""

    code: str
    title: str
    components: list[str]
    row: int
    key: str | None = None


@dataclass(slots=True)
class TableHeading:
    """A group heading and its items."""

    title: str
    items: list[TableItem] = field(default_factory=list)


@dataclass(slots=True)
class TableSub:
    """A sub-indicator: its number (9.1), title and headings."""

    number: str
    title: str
    headings: list[TableHeading] = field(default_factory=list)


@dataclass(slots=True)
class Table:
    """A criteria table read from a file: its title, indicator titles and sub-indicators."""

    display: str
    title: str
    layout: str  # pasted | plain
    indicators: dict[int, str] = field(default_factory=dict)
    subs: list[TableSub] = field(default_factory=list)

    @property
    def items(self) -> list[TableItem]:
        """Every item in table order."""
        return [i for s in self.subs for h in s.headings for i in h.items]


def read_rows(path: Path, display: str | None = None) -> list[list[str]]:
    """Return the file's rows as lists of stripped cell texts (CSV or XLSX); ItagenError if not."""
    display = display or path.name
    if not path.is_file():
        raise ItagenError(
            _("the criteria table {path} does not exist").format(path=display),
            None,
            None,
            _("give the path of the criteria table (.csv or .xlsx)"),
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, display)
    if path.suffix.lower() == ".xls":
        raise ItagenError(
            _("itagen cannot read the old Excel format (.xls)"),
            display,
            None,
            _("open the file in Excel and save it as .xlsx or as CSV UTF-8"),
        )
    return _csv_rows(decode(path.read_bytes()), display)


def decode(data: bytes) -> str:
    """Return the text of CSV bytes: UTF-8 (a BOM is dropped), else the Windows Thai code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Thai Windows saves "CSV" in cp874 (TIS-620 plus a few symbols).
        return data.decode("cp874", errors="replace")
    if _misread(text):
        # A short cp874 text can be valid UTF-8 by chance ("ลข" is the bytes of "Ţ", "้ขฐ" of "颰"):
        # such a reading has letters but no Thai, while the cp874 reading is all Thai.
        try:
            thai = data.decode("cp874")
        except UnicodeDecodeError:
            return text
        if all(c < "\x80" or "\u0e00" <= c <= "\u0e7f" for c in thai):
            return thai
    return text


def _misread(text: str) -> bool:
    foreign = any(c >= "\x80" for c in text)
    return foreign and not any("\u0e00" <= c <= "\u0e7f" for c in text)


def _csv_rows(text: str, display: str) -> list[list[str]]:
    sample = text[:4096]
    delimiter = max(",\t;", key=sample.count) if any(c in sample for c in ",\t;") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        message = _("cannot read the CSV file: {error}").format(error=exc)
        raise ItagenError(message, display) from None
    return [[cell.strip() for cell in row] for row in rows]


def _xlsx_rows(path: Path, display: str) -> list[list[str]]:
    try:
        import openpyxl
    except ImportError:
        raise ItagenError(
            _("reading .xlsx needs the openpyxl library, which is not installed"),
            display,
            None,
            _("install it with: pip install \"itagen[xlsx]\" (or save the sheet as CSV UTF-8)"),
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or mislabelled file
        message = _("cannot open the Excel file: {error}").format(error=exc)
        raise ItagenError(message, display) from None
    sheet = book.worksheets[0]
    rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def _cell_text(value: object) -> str:
    """A spreadsheet cell as text: a code typed as the number 1 is stored as 1.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_table(rows: list[list[str]], display: str) -> Table:
    """Return the Table the rows hold, in whichever layout they are, or raise ItagenError."""
    for n, row in enumerate(rows):
        columns = header_columns(row)
        if columns is not None and "subindicator" in columns:
            return _parse_plain(rows, n, columns, display)
    return _parse_pasted(rows, display)


def header_columns(row: list[str]) -> dict[str, int] | None:
    """Return {column name: index} when the row is a header row (it names a code and a title)."""
    found: dict[str, int] = {}
    for i, cell in enumerate(row):
        word = cell.strip().lower()
        for name, words in COLUMNS.items():
            if name not in found and any(
                word == w or (len(w) > 4 and word.startswith(w)) for w in words
            ):
                found[name] = i
                break
    return found if "code" in found and "title" in found else None


def item_code(cell: str) -> str | None:
    """Return the OIT code a cell holds ("๐1", "0 1", "O 1", "o๑" → "O1"), or None."""
    text = cell.strip().rstrip(".)")
    if not text or len(text) > 8:
        return None
    code = normalize_code(text)
    if code[:1] == "0":  # OCR read the letter O as a zero
        code = "O" + code[1:]
    elif code.isdigit():  # a table numbered 1, 2, 3 …
        code = "O" + code
    match = _CODE_RE.match(code)
    return f"O{int(match.group(1))}" if match else None


def split_components(cell: str) -> list[str]:
    """Return the "- …" runs of a components cell, lines without a dash joined to the one above."""
    parts: list[str] = []
    for line in cell.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        if _BULLET_RE.match(line) or not parts:
            parts.append(_BULLET_RE.sub("", line).strip())
        else:
            parts[-1] = f"{parts[-1]} {line.strip()}"
    return [" ".join(p.split()) for p in parts if p]


def _clean(text: str) -> str:
    return " ".join(text.split())


def _number(major: str, minor: str) -> str:
    return f"{int(major.translate(_TO_ARABIC))}.{int(minor.translate(_TO_ARABIC))}"


def _parse_pasted(rows: list[list[str]], display: str) -> Table:
    table = Table(display, "", "pasted")
    columns = {"code": 0, "title": 1, "components": 2}
    last: TableItem | None = None
    for n, row in enumerate(rows, start=1):
        cells = [c for c in row if c]
        if not cells:
            continue
        found = header_columns(row)
        if found is not None:
            columns = {**columns, **found}
            continue
        code = item_code(_cell(row, columns["code"]))
        if code is not None:
            if not table.subs:
                message = _("item {code} comes before any sub-indicator row").format(code=code)
                hint = _("add a row such as ตัวชี้วัดย่อยที่ 9.1 ข้อมูลพื้นฐาน above it")
                raise ItagenError(message, display, n, hint)
            last = _add_item(table.subs[-1], row, columns, code, n, display)
            continue
        if len(cells) == 1:
            last = None
            _structure_row(table, cells[0], n, display)
            continue
        if last is not None and not _cell(row, columns["code"]):
            # The PDF broke one item over two rows: the second continues its title and components.
            more = _cell(row, columns["title"])
            if more:
                last.title = _clean(f"{last.title} {more}")
            last.components += split_components(_cell(row, columns["components"]))
            continue
        raise ItagenError(
            _("row {row} is neither an item, a heading nor a header").format(row=n),
            display,
            n,
            _("an item row starts with its code (O1, O2 …) in the ข้อ column"),
        )
    if not table.items:
        raise ItagenError(
            _("the table has no item rows (O1, O2 …)"),
            display,
            None,
            _("the columns must be ข้อ · ข้อมูล · องค์ประกอบด้านข้อมูล"),
        )
    return table


def _cell(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def _structure_row(table: Table, text: str, n: int, display: str) -> None:
    """A single-cell row: the title, an indicator, a sub-indicator or a heading."""
    text = _clean(text)
    if match := _SUB_RE.match(text):
        number = _number(match.group(1), match.group(2))
        if any(s.number == number for s in table.subs):
            message = _("sub-indicator {number} appears twice").format(number=number)
            raise ItagenError(message, display, n)
        table.subs.append(TableSub(number, match.group(3).strip() or number))
    elif match := _IND_RE.match(text):
        table.indicators[int(match.group(1).translate(_TO_ARABIC))] = match.group(2).strip()
    elif not table.subs:
        table.title = table.title or text
    else:
        table.subs[-1].headings.append(TableHeading(text))


def _add_item(
    sub: TableSub, row: list[str], columns: dict[str, int], code: str, n: int, display: str
) -> TableItem:
    if not sub.headings:
        sub.headings.append(TableHeading(sub.title))
    title = _clean(_cell(row, columns["title"]))
    if not title:
        raise ItagenError(
            _("item {code} has no title").format(code=code),
            display,
            n,
            _("write what the item asks for in the ข้อมูล column"),
        )
    item = TableItem(code, title, split_components(_cell(row, columns["components"])), n)
    if "key" in columns and _cell(row, columns["key"]):
        item.key = _cell(row, columns["key"]).strip()
    sub.headings[-1].items.append(item)
    return item


def _parse_plain(rows: list[list[str]], start: int, columns: dict[str, int], display: str) -> Table:
    table = Table(display, _clean(" ".join(c for r in rows[:start] for c in r if c)), "plain")
    for n, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(row) or header_columns(row) is not None:
            continue
        code = item_code(_cell(row, columns["code"]))
        if code is None:
            raise ItagenError(
                _("row {row}: '{cell}' is not an item code such as O1").format(
                    row=n, cell=_cell(row, columns["code"])
                ),
                display,
                n,
            )
        sub_text = _clean(_cell(row, columns["subindicator"]))
        match = _SUB_RE.match(sub_text) or _BARE_SUB_RE.match(sub_text)
        if match is None:
            raise ItagenError(
                _("row {row}: '{cell}' is not a sub-indicator such as 9.1").format(
                    row=n, cell=sub_text
                ),
                display,
                n,
                _("write the sub-indicator as 9.1 or 9.1 ข้อมูลพื้นฐาน"),
            )
        number = _number(match.group(1), match.group(2))
        sub = next((s for s in table.subs if s.number == number), None)
        if sub is None:
            sub = TableSub(number, match.group(3).strip() or number)
            table.subs.append(sub)
        elif sub.title == number and match.group(3).strip():
            sub.title = match.group(3).strip()
        heading = _clean(_cell(row, columns["heading"])) if "heading" in columns else ""
        heading = heading or (sub.headings[-1].title if sub.headings else sub.title)
        if not sub.headings or sub.headings[-1].title != heading:
            sub.headings.append(TableHeading(heading))
        _add_item(sub, row, columns, code, n, display)
    if not table.items:
        raise ItagenError(_("the table has no item rows (O1, O2 …)"), display)
    return table


def read_table(path: Path, display: str | None = None) -> Table:
    """Read a criteria table file (CSV or XLSX, either layout) and return its Table."""
    display = display or path.name
    return parse_table(read_rows(path, display), display)
