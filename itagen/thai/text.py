"""Text repair for Thai pasted from PDFs, OCR and Word, plus item codes and heading slugs.

Owns the defects that make Thai text look right but search, sort and link wrong:
- sara am written as nikhahit + sara aa ("กําหนด" for "กำหนด"), which PDF text extraction
  produces all the time, sometimes with the tone mark on the wrong side of the nikhahit;
- invisible characters (zero-width space, BOM, soft hyphen, word joiner);
- text not in Unicode NFC (for Thai: a tone mark typed before a lower vowel), and CR line ends.
ZWJ and ZWNJ are left alone: they change rendering on purpose in some scripts.

`clean_text` repairs them; `find_repairs` says what it found so the checker can tell the
webmaster to fix the source. Both are cheap on the common case of text that is already clean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from types import MappingProxyType

SARA_AM = "\u0e33"
NIKHAHIT = "\u0e4d"
# Invisible characters that only ever get in the way in web text, and their Repair kinds.
_INVISIBLE_KINDS = MappingProxyType(
    {"\u200b": "zero-width", "\u2060": "zero-width", "\ufeff": "bom", "\u00ad": "soft-hyphen"}
)
_DELETE_INVISIBLE = MappingProxyType(dict.fromkeys(map(ord, _INVISIBLE_KINDS)))
# Nikhahit + sara aa, with a tone mark (U+0E48–U+0E4B) before or between them. The output puts
# the tone first, then sara am: the order Thai keyboards produce and NFC keeps.
_SARA_AM_RE = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# "๐1", "๐21": an OCR'd O followed by Arabic digits. A Thai zero before Thai digits is
# a real number (a phone number, ๐๒), so it is not reported.
_THAI_ZERO_CODE_RE = re.compile("(?<![0-9\u0e50-\u0e59])\u0e50\\s?[0-9]{1,2}(?![0-9\u0e50-\u0e59])")
_KIND_ORDER = ("sara-am", "zero-width", "bom", "soft-hyphen", "not-nfc", "thai-zero-code")

_CODE_SPACE_RE = re.compile(r"[\s\u200b\u2060\ufeff\u00ad]+")
_TO_ARABIC = MappingProxyType(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
_ASCII_LOWER = MappingProxyType(
    str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
)
_SLUG_SEP_RE = re.compile("[^0-9a-z\u0e00-\u0e7f]+")


@dataclass(frozen=True, slots=True)
class Repair:
    """One kind of defect found in a text: how often, and a short excerpt to search for."""

    kind: str
    count: int
    example: str


def _needs_work(s: str) -> bool:
    # `in` uses a vectorised search and is about 30x faster than a regex character class;
    # is_normalized answers from the quick-check table without building a copy.
    return (
        "\r" in s
        or "\u200b" in s
        or "\ufeff" in s
        or "\u00ad" in s
        or "\u2060" in s
        or NIKHAHIT in s
        or not unicodedata.is_normalized("NFC", s)
    )


def clean_text(s: str) -> str:
    """Repair sara am, drop invisible characters, normalise to NFC and LF line ends."""
    if not _needs_work(s):
        return s
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    # Invisibles go first: a zero-width space between nikhahit and sara aa hides the pair.
    s = s.translate(_DELETE_INVISIBLE)
    if NIKHAHIT in s:
        s = _SARA_AM_RE.sub("\\1\\2" + SARA_AM, s)
    # NFC last: moving a tone mark next to sara am can leave marks out of canonical order.
    return unicodedata.normalize("NFC", s)


def _excerpt(s: str, start: int, end: int, width: int = 12) -> str:
    # A short excerpt around s[start:end] with invisible characters made visible.
    start = max(0, start - width)
    while start > 0 and unicodedata.category(s[start]) == "Mn":
        start -= 1  # don't open the excerpt on a vowel or tone mark cut from its consonant
    text = s[start : end + width].replace("\n", " ")
    return "".join(f"[U+{ord(c):04X}]" if c in _INVISIBLE_KINDS else c for c in text).strip()


def find_repairs(s: str) -> list[Repair]:
    """List the defects in s: what clean_text repairs, plus Thai-zero item codes ("๐1")."""
    found: dict[str, list] = {}  # kind -> [count, example]
    for m in _INVISIBLE_RE.finditer(s):
        entry = found.setdefault(_INVISIBLE_KINDS[m.group()], [0, _excerpt(s, m.start(), m.end())])
        entry[0] += 1
    visible = s.translate(_DELETE_INVISIBLE)
    if NIKHAHIT in visible:
        matches = list(_SARA_AM_RE.finditer(visible))
        if matches:
            found["sara-am"] = [
                len(matches),
                _excerpt(visible, matches[0].start(), matches[0].end()),
            ]
    if not unicodedata.is_normalized("NFC", visible):
        # Combining sequences never span whitespace, so counting words is exact enough.
        bad = [w for w in visible.split() if not unicodedata.is_normalized("NFC", w)]
        if bad:
            found["not-nfc"] = [len(bad), bad[0][:30]]
    codes = list(_THAI_ZERO_CODE_RE.finditer(visible))
    if codes:
        found["thai-zero-code"] = [len(codes), _excerpt(visible, codes[0].start(), codes[0].end())]
    return [Repair(kind, *found[kind]) for kind in _KIND_ORDER if kind in found]


def normalize_code(s: str) -> str:
    """Repair an item code as typed or OCR'd: "๐1" -> "O1", "o 21" -> "O21", "O๒๑" -> "O21"."""
    s = _CODE_SPACE_RE.sub("", unicodedata.normalize("NFKC", s))  # NFKC: fullwidth Ｏ１ too
    if s[:1] in ("๐", "o"):
        # Only the first character is the letter; a Thai zero later is a digit ("O๒๐").
        s = "O" + s[1:]
    return s.translate(_TO_ARABIC)


def slugify(s: str) -> str:
    """A Thai-safe anchor slug: "ข้อมูลพื้นฐาน ของ อบต." -> "ข้อมูลพื้นฐาน-ของ-อบต"."""
    # Unlike a \\w-based slug this keeps Thai vowels and tone marks (category Mn), and it cleans
    # first so "กําหนด" and "กำหนด" headings get the same anchor.
    return _SLUG_SEP_RE.sub("-", clean_text(s).translate(_ASCII_LOWER)).strip("-")
