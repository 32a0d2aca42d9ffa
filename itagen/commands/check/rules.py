"""The rules of `itagen check`: one small function per rule, and RULES, their ordered registry.

Each function takes the SiteCheck and yields a Hit for every place the rule is
broken; the runner stamps the rule's id and severity on it. RULES fixes the
order findings are reported in and carries each rule's meaning in Thai and
English; docs/check.md explains the same ids (a test keeps the two in step).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType
from urllib.parse import unquote

from itagen.errors import ItagenError
from itagen.thai.messages import _
from itagen.site.model import shows_something
from itagen.thai.text import find_repairs
from itagen.thai.dates import arabic_digits, fiscal_year
from itagen.thai.messages import N_, _
from itagen.site.yamlio import read_text
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit, Rule
from itagen.commands.check.links import has_non_ascii, unsafe_name_chars, url_problem
from itagen.commands.check.periods import (
    doc_out_of_period,
    doc_undated,
    month_missing,
    months_named,
    period_inferred,
    period_uncovered,
    period_unknown,
    signed_early,
    window,
    window_text,
)


def _passthrough(site: SiteCheck, rule: str) -> Iterator[Hit]:
    for p in site.tagged(rule):
        yield Hit(p.message, p.line, p.hint, p.path)


# -- site ---------------------------------------------------------------------------------

def site_invalid(site: SiteCheck) -> Iterator[Hit]:
    """site.yaml (or the year's catalog) cannot be read: nothing else can be checked."""
    yield from _passthrough(site, "site-invalid")


def eit_missing(site: SiteCheck) -> Iterator[Hit]:
    """No EIT survey link: O43 requires its QR code on the website."""
    yield from _passthrough(site, "eit-missing")


ROUND_BEHIND = N_("ITA {open} is the round open now (fiscal year {open} began on 1 October), "
                  "but site.yaml says current_year: {current}")
ROUND_MIGRATE = N_("start {open} from {current}: itagen migrate --from {current} --to {open}, "
                   "then set ita.current_year: {open}")
ROUND_IMPORT = N_("itagen has no catalog for {open} yet: import the NACC criteria table with "
                  "itagen catalog import TABLE.xlsx --year {open} (or copy the last year with "
                  "itagen catalog new {open} --from {current}), then itagen migrate "
                  "--from {current} --to {open}")


def round_behind(site: SiteCheck) -> Iterator[Hit]:
    """The site's current_year is behind the fiscal year of `today`: a later round is open."""
    from itagen.catalog.load import known_years
    from itagen.site.yamlio import line_of

    if site.config is None:
        return
    current, open_year = site.config.ita.current_year, fiscal_year(site.today)
    if current >= open_year:
        return
    hint = ROUND_MIGRATE if open_year in known_years(site.config.root) else ROUND_IMPORT
    yield Hit(_(ROUND_BEHIND).format(open=open_year, current=current),
              line_of(site.config_text, ("ita", "current_year")) if site.config_text else None,
              _(hint).format(open=open_year, current=current), "site.yaml")


def eit_code_form(site: SiteCheck) -> Iterator[Hit]:
    """The EIT/IIT code is not of NACC's 6-character form."""
    yield from _passthrough(site, "eit-code-form")


def eit_host(site: SiteCheck) -> Iterator[Hit]:
    """The survey link does not point to itas.nacc.go.th."""
    yield from _passthrough(site, "eit-host")


def eit_kind(site: SiteCheck) -> Iterator[Hit]:
    """The EIT link is the IIT survey's, or the other way round."""
    yield from _passthrough(site, "eit-kind")


def base_url_missing(site: SiteCheck) -> Iterator[Hit]:
    """No base_url: the ITAS export cannot write the absolute URLs evaluators open."""
    if site.config is not None and site.config.base_url is None:
        yield Hit("base_url is not set, so the URLs to enter into ITAS cannot be written out", None,
                  "add 'base_url: https://…/' (the address the site is published at) to site.yaml",
                  "site.yaml")


def content_invalid(site: SiteCheck) -> Iterator[Hit]:
    """A file or folder under content/ that is not an item of the year (the build stops on it)."""
    yield from _passthrough(site, "content-invalid")


# -- coverage -----------------------------------------------------------------------------

def item_missing(site: SiteCheck) -> Iterator[Hit]:
    """A catalog item has no file."""
    for item in site.items:
        if not item.exists:
            yield item.hit(f"{item.code} {item.spec.title}: there is no file for this item", None,
                           f"write {item.src} (itagen init writes a stub for every item)")


def item_invalid(site: SiteCheck) -> Iterator[Hit]:
    """An item file the build refuses (YAML, keys, code, folder)."""
    for item in site.items:
        for p in item.load_problems:
            if p.rule != "file-missing":
                yield Hit(p.message, p.line, p.hint, p.path or item.src, item.code)


def _nothing_hint(item: ItemCheck) -> str:
    if item.spec.nothing_statement:
        return f"if there was nothing to report, publish the statement '{item.spec.nothing_statement}' for the period"
    return "list the item's documents under documents:, or link them in the text"


def _shows_something(item: ItemCheck) -> bool:
    """The model's rule (model.shows_something), with the links this audit has already found."""
    return shows_something(item.spec, item.documents, item.content.body, lambda: bool(item.links))


def item_empty(site: SiteCheck) -> Iterator[Hit]:
    """An item with no documents and no links, and no text that could stand for them: nothing to see."""
    for item in site.present():
        if not _shows_something(item):
            what = "no text" if not item.content.body.strip() else "only text, which cannot show dated data"
            yield item.hit(f"{item.code} has no documents, no links and {what}", item.line("code"),
                           _nothing_hint(item))


def item_text_only(site: SiteCheck) -> Iterator[Hit]:
    """An item whose page is its text alone (contact details, duties): fine when the text is the information."""
    for item in site.present():
        if not item.documents and not item.links and not item.relies_on_nothing() and _shows_something(item):
            yield item.hit(f"{item.code} has text but no documents and no links: evaluators see only this page",
                           item.line("code"),
                           "make sure the text itself shows what the criteria ask for; a document or a link "
                           "to where the information is published makes it easier to verify")


def component_unticked(site: SiteCheck) -> Iterator[Hit]:
    """Required components not yet ticked in `covers:` (a to-do list, one finding per item)."""
    for item in site.present():
        todo = [n for n in range(1, len(item.spec.components) + 1) if n not in item.content.covers]
        if not todo:
            continue
        line = item.line("covers") if "covers" in item.front else item.line("code")
        names = "; ".join(f"{n} = {_short(item.spec.components[n - 1])}" for n in todo)
        ticked = sorted(set(item.content.covers) | set(todo))
        what = "component" if len(todo) == 1 else "components"
        yield item.hit(f"{item.code}: {what} {', '.join(map(str, todo))} of {len(item.spec.components)} "
                       f"not ticked ({names})", line,
                       f"check that the page shows each, then write covers: [{', '.join(map(str, ticked))}]")


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[:width].rstrip() + "…"


# -- integrity ----------------------------------------------------------------------------

def file_missing(site: SiteCheck) -> Iterator[Hit]:
    """A `file:` that is not in the site."""
    for item in site.items:
        for p in item.load_problems:
            if p.rule == "file-missing":  # tagged by content.load_item
                yield Hit(p.message, p.line, p.hint, p.path or item.src, item.code)


def link_broken(site: SiteCheck) -> Iterator[Hit]:
    """A link in a Markdown body the build refuses (a missing file, a page that is not published)."""
    for item in site.items:
        for p in item.link_problems:
            yield Hit(p.message, p.line, p.hint, p.path, item.code)
    for p in site.page_problems:
        yield Hit(p.message, p.line, p.hint, p.path)


def url_malformed(site: SiteCheck) -> Iterator[Hit]:
    """An external URL that cannot open as written."""
    for item in site.present():
        for url, line in item.web_urls():
            if why := url_problem(url):
                yield item.hit(f"the URL '{url[:80]}' will not open: {why}", line,
                               "copy the address again from the browser's address bar")


def _online(site: SiteCheck, dead: bool) -> Iterator[Hit]:
    if site.urls is None:
        return
    for item in site.present():
        for url, line in item.web_urls():
            status = site.urls.get(url)
            if status is not None and not status.ok and status.dead == dead and not status.login:
                yield item.hit(f"{url[:80]}: {status.detail}", line,
                               "open it in a browser; replace the link if the page has moved" if dead else
                               "it may be a passing fault or a server that refuses robots: open it in a browser")


def url_dead(site: SiteCheck) -> Iterator[Hit]:
    """--online: the page is gone (404/410, no such host, connection refused)."""
    yield from _online(site, dead=True)


def url_unreachable(site: SiteCheck) -> Iterator[Hit]:
    """--online: no good answer just now (timeout, server error, refused robot)."""
    yield from _online(site, dead=False)


def url_login(site: SiteCheck) -> Iterator[Hit]:
    """--online: the link ends on a sign-in page (a Drive file or Facebook post not public)."""
    if site.urls is None:
        return
    for item in site.present():
        for url, line in item.web_urls():
            status = site.urls.get(url)
            if status is not None and status.login:
                yield item.hit(_("{url}: {detail}, so evaluators cannot open it").format(
                    url=url[:80], detail=status.detail), line,
                    _("share it as public (anyone with the link), or publish the file on the site"))


def home_link_missing(site: SiteCheck) -> Iterator[Hit]:
    """--online: the agency's home page (agency.website) has no link to the ITA section."""
    home = site.home
    if home is None or home.links:
        return
    yield Hit(_("the home page {home} does not link to the ITA section: {detail}").format(
        home=home.url, detail=home.detail), None,
        _("add a menu item or banner ITA on the home page that opens {base}").format(
            base=site.config.base_url), "site.yaml")


def _file_refs(item: ItemCheck) -> list[tuple[str, int | None]]:
    refs = [(d.file, item.line("documents", i, "file")) for i, d in enumerate(item.documents) if d.file]
    refs += [(unquote(re.split(r"[?#]", link.url)[0]), link.line) for link in item.links
             if link.url.startswith("files/")]
    return refs


def file_name_unsafe(site: SiteCheck) -> Iterator[Hit]:
    """A file name with spaces or characters that break when its URL is pasted into ITAS."""
    for item in site.present():
        for path, line in _file_refs(item):
            if chars := unsafe_name_chars(path):
                shown = " ".join("space" if c == " " else c for c in chars)
                yield item.hit(f"the file name '{path}' has characters that break when pasted into ITAS: "
                               f"{shown}", line, "rename the file using letters, digits, '-' and '_' only")


def file_name_thai(site: SiteCheck) -> Iterator[Hit]:
    """A file name in Thai: its URL becomes a long %E0%B8… string in ITAS."""
    for item in site.present():
        for path, line in _file_refs(item):
            if has_non_ascii(path) and not unsafe_name_chars(path):
                yield item.hit(f"the file name '{path}' is not in English letters; its URL becomes a long "
                               "%E0%B8… string when entered into ITAS", line,
                               "prefer names like o21-2566-03.pdf; keep the Thai title in 'title:'")


# -- the catalog's item-level rules -------------------------------------------------------

def live_link_missing(site: SiteCheck) -> Iterator[Hit]:
    """A live-channel item (O8, O18, O28) without a link to the channel itself."""
    for item in site.present():
        if item.spec.live_link and not item.web_urls():
            yield item.hit(f"{item.code} must link to the working channel itself (an https:// address), "
                           "not only describe it", item.anchor(),
                           "add a document with 'url:' pointing to the live page (web board, e-service, form)")


def merges_unknown(site: SiteCheck) -> Iterator[Hit]:
    """A catalog's merges: names a key no earlier year's catalog has (a typo: migrate would call the old item dropped)."""
    from itagen.catalog.load import builtin_years, load_catalog

    if site.catalog is None or site.config is None:
        return
    merged = [(item, key) for item in site.catalog.items for key in item.merges]
    if not merged:
        return
    root = site.config.root
    years = set(builtin_years()) | {int(p.stem) for p in (root / "catalogs").glob("*.yaml") if p.stem.isdigit()}
    known: set[str] = set()
    for year in sorted(y for y in years if y < site.catalog.year):
        try:
            known |= {item.key for item in load_catalog(year, root).items}
        except ItagenError:
            continue  # a broken catalog of another year is that year's problem
    path = Path(site.catalog.path)
    shown = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else site.catalog.path
    for item, key in merged:
        if key not in known:
            yield Hit(f"{item.code} merges '{key}', which no earlier year's catalog has", None,
                      "merges: lists keys of earlier years' items (itagen catalog YEAR shows them); check the spelling",
                      shown, item.code)


def nothing_statement(site: SiteCheck) -> Iterator[Hit]:
    """A "nothing to report" statement that does not say which period it covers."""
    for item in site.present():
        if not item.relies_on_nothing():
            continue
        span = window(item.spec, item.content.year)
        body = arabic_digits(item.content.body)
        years = {str(item.content.year), str(item.content.year - 1)}
        if span is not None and not months_named(body) and not any(y in body for y in years):
            yield item.hit(f"{item.code} states '{item.spec.nothing_statement}' but not for which period",
                           item.content.body_line, f"say the period, e.g. '{item.spec.nothing_statement} ในรอบ "
                           f"{window_text(item.spec, item.content.year)}', and attach the signed statement")


def itas_url_limit(site: SiteCheck) -> Iterator[Hit]:
    """More URLs (item page + documents) than ITAS takes for one item."""
    for item in site.present():
        count = 1 + len(item.documents)
        if count > site.max_urls:
            yield item.hit(f"{item.code} has {count} URLs (its page and {len(item.documents)} documents); "
                           f"ITAS takes at most {site.max_urls}", item.line("documents"),
                           "enter the item page and the most important documents; evaluators reach the "
                           "rest from the page (or merge documents)")


# -- Thai text ----------------------------------------------------------------------------

THAI_KINDS = MappingProxyType({
    "sara-am": "sara am typed as nikhahit + sara aa (ํา for ำ), as text copied from a PDF has",
    "zero-width": "invisible zero-width characters",
    "bom": "an invisible byte-order mark inside the text",
    "soft-hyphen": "invisible soft hyphens",
    "not-nfc": "Thai marks typed in a non-standard order",
    "thai-zero-code": "an item code written with a Thai zero (๐1 for O1)",
})


def thai_text(site: SiteCheck) -> Iterator[Hit]:
    """Text the hygiene layer repairs on every build: fix it once in the source."""
    for src, code in site.source_files():
        try:
            text = read_text(site.root / src, src)
        except ItagenError:
            continue  # an unreadable file is reported by the loaders (item-invalid, site-invalid)
        seen: dict[str, list] = {}  # kind -> [count, first line, example]
        for n, line in enumerate(text.split("\n"), 1):
            for repair in find_repairs(line):
                entry = seen.setdefault(repair.kind, [0, n, repair.example])
                entry[0] += repair.count
        for kind, (count, first, example) in seen.items():
            yield Hit(f"{THAI_KINDS[kind]}: {count} place(s), first '{example}'", first,
                      "itagen repairs it when building; fix the source so search and copy-paste work too",
                      src, code)


RULES: tuple[Rule, ...] = (
    Rule("site-invalid", "error", "site", site_invalid,
         "อ่าน site.yaml หรือบัญชีรายการของปีไม่ได้ จึงตรวจส่วนอื่นไม่ได้",
         "site.yaml or the year's catalog cannot be read, so nothing else can be checked."),
    Rule("eit-missing", "error", "site", eit_missing,
         "ไม่มีลิงก์แบบวัด EIT: ข้อ O43 กำหนดให้แสดง QR code แบบวัด EIT บนเว็บไซต์",
         "No EIT survey link: item O43 requires the EIT QR code on the website."),
    Rule("round-behind", "warning", "site", round_behind,
         "ปีที่เว็บไซต์เปิดแสดง (current_year) ยังเป็นรอบการประเมินก่อนหน้า "
         "ขณะที่รอบของปีงบประมาณปัจจุบันเปิดแล้ว",
         "The site's current_year is behind the round of the fiscal year that is open now."),
    Rule("eit-code-form", "warning", "site", eit_code_form,
         "รหัส EIT/IIT ไม่ใช่รูปแบบของ ป.ป.ช. (ตัวอักษรหรือตัวเลข 6 ตัว)",
         "The EIT/IIT code is not of NACC's form (6 lowercase letters or digits)."),
    Rule("eit-host", "warning", "site", eit_host,
         "ลิงก์แบบวัดไม่ได้ชี้ไปที่ itas.nacc.go.th",
         "The survey link does not point to itas.nacc.go.th."),
    Rule("eit-kind", "warning", "site", eit_kind,
         "ลิงก์แบบวัด EIT เป็นลิงก์ของแบบวัด IIT (หรือกลับกัน)",
         "The EIT link is the IIT survey's link, or the other way round."),
    Rule("base-url-missing", "warning", "site", base_url_missing,
         "ไม่ได้กำหนด base_url จึงส่งออก URL เต็มสำหรับกรอกในระบบ ITAS ไม่ได้",
         "No base_url: the absolute URLs to enter into ITAS cannot be exported."),
    Rule("content-invalid", "error", "site", content_invalid,
         "มีไฟล์หรือโฟลเดอร์ใน content/ ที่ไม่ใช่ข้อมูลของปี (คำสั่ง build จะหยุด)",
         "A file or folder under content/ that is not an item (the build stops on it)."),
    Rule("item-missing", "error", "coverage", item_missing,
         "ข้อในบัญชีรายการของปียังไม่มีไฟล์ข้อมูล",
         "A catalog item of the year has no content file."),
    Rule("item-invalid", "error", "coverage", item_invalid,
         "ไฟล์ข้อมูลของข้อนี้อ่านไม่ได้หรือผิดรูปแบบ (คำสั่ง build จะหยุด)",
         "The item's file cannot be read or breaks the item format (the build stops on it)."),
    Rule("item-empty", "error", "coverage", item_empty,
         "ข้อนี้ไม่มีเอกสารและไม่มีลิงก์ (ข้อที่ต้องมีข้อมูลตามช่วงเวลา ข้อความอย่างเดียวไม่นับ) ผู้ประเมินไม่มีอะไรให้ดู",
         "The item has no documents and no links (and no text, or only text where dated data is due): "
         "evaluators have nothing to see."),
    Rule("item-text-only", "warning", "coverage", item_text_only,
         "ข้อที่ไม่มีกำหนดช่วงเวลามีแต่ข้อความ ไม่มีเอกสารหรือลิงก์ ผู้ประเมินเห็นเฉพาะหน้านี้ ข้อความต้องแสดงข้อมูลครบตามหลักเกณฑ์",
         "An item without a period rule has text but no documents or links: evaluators see only the page, "
         "so the text must be the information."),
    Rule("component-unticked", "notice", "coverage", component_unticked,
         "องค์ประกอบที่ต้องมียังไม่ได้ทำเครื่องหมายใน covers: (รายการที่ต้องทำ)",
         "A required component is not yet ticked in covers: (a to-do)."),
    Rule("period-uncovered", "error", "periods", period_uncovered,
         "ช่วงเวลาของข้อมูลในเอกสารของข้อนี้ไม่ครอบคลุมช่วงที่หลักเกณฑ์กำหนด",
         "The periods of the item's documents do not cover the period its catalog entry sets."),
    Rule("doc-out-of-period", "warning", "periods", doc_out_of_period,
         "เอกสารมีข้อมูลของช่วงเวลาอื่น อยู่นอกช่วงที่กำหนดทั้งหมด",
         "A document's data lies wholly outside the required period."),
    Rule("doc-undated", "warning", "periods", doc_undated,
         "เอกสารของข้อที่มีกำหนดช่วงเวลาไม่ได้ระบุทั้งช่วงเวลาของข้อมูลและวันที่",
         "A document of an item with a period rule says neither its period nor its date."),
    Rule("month-missing", "error", "periods", month_missing,
         "ข้อที่ต้องรายงานรายเดือนขาดรายงานของบางเดือน",
         "A monthly item has no report for a month of its period."),
    Rule("period-inferred", "notice", "periods", period_inferred,
         "ช่วงเวลาของข้อมูลอ่านจากชื่อเอกสาร ควรตรวจว่าถูกต้อง",
         "A document's period was read from its title: confirm it."),
    Rule("period-unknown", "notice", "periods", period_unknown,
         "เอกสารมีวันที่ลงนาม แต่ไม่ได้ระบุช่วงเวลาของข้อมูล (ไม่ใช้วันที่ลงนามแทน)",
         "A dated document does not say the period of its data (the signing date is not used)."),
    Rule("signed-early", "warning", "periods", signed_early,
         "รายงานลงวันที่ก่อนสิ้นสุดช่วงเวลาที่รายงาน",
         "A report is signed before the period it reports has ended."),
    Rule("file-missing", "error", "integrity", file_missing,
         "ไฟล์เอกสารที่อ้างถึงไม่มีอยู่ในเว็บไซต์",
         "A referenced document file is not in the site."),
    Rule("link-broken", "error", "integrity", link_broken,
         "ลิงก์ภายในเว็บไซต์ในเนื้อหาชี้ไปยังไฟล์หรือหน้าที่ไม่มีอยู่",
         "An internal link in a body points to a file or page that does not exist."),
    Rule("url-malformed", "error", "integrity", url_malformed,
         "URL ภายนอกเขียนไม่ถูกต้อง คลิกแล้วเปิดไม่ได้",
         "An external URL is not well-formed and will not open."),
    Rule("url-dead", "error", "integrity", url_dead,
         "(--online) หน้าเว็บปลายทางไม่มีแล้ว (404/410 หรือไม่มีโดเมนนี้)",
         "(--online) The linked page is gone (404/410, no such host, connection refused)."),
    Rule("url-unreachable", "warning", "integrity", url_unreachable,
         "(--online) เปิดลิงก์ไม่สำเร็จในขณะตรวจ (หมดเวลา เซิร์ฟเวอร์ขัดข้อง หรือปฏิเสธโปรแกรมตรวจ)",
         "(--online) The URL gave no good answer just now (timeout, server error, robots refused)."),
    Rule("url-login", "error", "integrity", url_login,
         "(--online) ลิงก์เปิดแล้วไปหน้าเข้าสู่ระบบ (เช่น Google Drive หรือ Facebook "
         "ที่ไม่ได้เปิดสาธารณะ) ผู้ประเมินเปิดไม่ได้",
         "(--online) The link ends on a sign-in page (a Google Drive or Facebook page that is "
         "not public)."),
    Rule("home-link-missing", "warning", "integrity", home_link_missing,
         "(--online) หน้าแรกของเว็บไซต์หลักหน่วยงาน (agency.website) ไม่มีลิงก์ไปยังส่วน ITA",
         "(--online) The agency's home page (agency.website) has no link to the ITA section."),
    Rule("file-name-unsafe", "warning", "integrity", file_name_unsafe,
         "ชื่อไฟล์มีช่องว่างหรืออักขระที่ทำให้ลิงก์เสียเมื่อนำไปวางในระบบ ITAS",
         "A file name has spaces or characters that break its URL when pasted into ITAS."),
    Rule("file-name-thai", "notice", "integrity", file_name_thai,
         "ชื่อไฟล์เป็นภาษาไทย URL จะยาวมาก (%E0%B8…) เมื่อกรอกในระบบ ITAS",
         "A Thai file name: its URL becomes a long %E0%B8… string in ITAS."),
    Rule("live-link-missing", "error", "catalog", live_link_missing,
         "ข้อที่ต้องเป็นช่องทางที่ใช้งานได้จริง (O8, O18, O28) ไม่มีลิงก์ไปยังช่องทางนั้น",
         "A live-channel item (O8, O18, O28) has no link to the working channel."),
    Rule("catalog-merges-unknown", "warning", "catalog", merges_unknown,
         "รายการ merges: ในบัญชีรายการข้อของปีนี้อ้างถึงคีย์ที่ไม่มีในบัญชีของปีก่อน ๆ (อาจพิมพ์ผิด)",
         "A catalog's merges: names a key that no earlier year's catalog has (a typo?)."),
    Rule("nothing-statement", "warning", "catalog", nothing_statement,
         "ประกาศว่า 'ไม่มี…' แต่ไม่ระบุว่าเป็นของช่วงเวลาใด",
         "A 'nothing to report' statement does not say which period it covers."),
    Rule("itas-url-limit", "warning", "catalog", itas_url_limit,
         "ข้อนี้มี URL (หน้าข้อมูลและเอกสาร) มากกว่าที่ระบบ ITAS รับได้ต่อข้อ",
         "More URLs (item page and documents) than ITAS takes for one item."),
    Rule("thai-text", "warning", "thai", thai_text,
         "ข้อความภาษาไทยในไฟล์ต้นฉบับมีอักขระผิดปกติที่ itagen ต้องซ่อมทุกครั้ง (เช่น สระอำจาก PDF)",
         "Thai text in a source file has defects itagen repairs on every build (e.g. sara am from PDFs)."),
)

BY_ID = MappingProxyType({rule.id: rule for rule in RULES})
