"""The rules of `itagen check`: one small function per rule, and RULES, their ordered registry.

Each function takes the SiteCheck and yields a Hit for every place the rule is broken, its
message in the language being spoken; the runner stamps the rule's id and severity on it.
RULES fixes the order findings are reported in and is the one source of each rule's words (a
title, what it means, what to do), English source strings translated through the message
catalog: the report shows them and docs/check.md is generated from them (ruledocs.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from types import MappingProxyType

from itagen.site.model import shows_something
from itagen.thai.messages import N_, _, ngettext
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit, Rule
from itagen.commands.check.integrity import (
    file_name_thai,
    file_name_unsafe,
    home_link_missing,
    thai_text,
    url_dead,
    url_login,
    url_malformed,
    url_unreachable,
)
from itagen.commands.check.itemrules import (
    itas_url_limit,
    live_link_missing,
    merges_unknown,
    nothing_statement,
)
from itagen.commands.check.rounds import round_behind
from itagen.commands.check.periods import (
    doc_out_of_period,
    doc_undated,
    month_missing,
    period_inferred,
    period_uncovered,
    period_unknown,
    signed_early,
)
from itagen.commands.check.words import num


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
        yield Hit(
            _("base_url is not set, so the addresses to enter into ITAS cannot be written out"),
            None,
            _("add 'base_url: https://…/' (the address the site is published at) to site.yaml"),
            "site.yaml",
        )


def content_invalid(site: SiteCheck) -> Iterator[Hit]:
    """A file or folder under content/ that is not an item of the year (the build stops on it)."""
    yield from _passthrough(site, "content-invalid")


# -- coverage -----------------------------------------------------------------------------


def item_missing(site: SiteCheck) -> Iterator[Hit]:
    """A catalog item has no file."""
    for item in site.items:
        if not item.exists:
            yield item.hit(
                _("{code} {title}: there is no file for this item").format(
                    code=item.code, title=item.spec.title
                ),
                None,
                _("write {file} (itagen init writes a stub for every item)").format(file=item.src),
            )


def item_invalid(site: SiteCheck) -> Iterator[Hit]:
    """An item file the build refuses (YAML, keys, code, folder)."""
    for item in site.items:
        for p in item.load_problems:
            if p.rule != "file-missing":
                yield Hit(p.message, p.line, p.hint, p.path or item.src, item.code)


def _nothing_hint(item: ItemCheck) -> str:
    if item.spec.nothing_statement:
        return _(
            "if there was nothing to report, publish the statement '{statement}' for the period"
        ).format(statement=item.spec.nothing_statement)
    return _("list the item's documents under documents:, or link them in the text")


def _shows_something(item: ItemCheck) -> bool:
    """The model's rule (model.shows_something), with the links this audit has already found."""
    return shows_something(item.spec, item.documents, item.content.body, lambda: bool(item.links))


def item_empty(site: SiteCheck) -> Iterator[Hit]:
    """An item with no documents and no links, and no text
    that could stand for them: nothing to see.
    """
    for item in site.present():
        if not _shows_something(item):
            if not item.content.body.strip():
                message = _("{code} has no documents, no links and no text")
            else:
                message = _(
                    "{code} has no documents and no links, only text, which cannot show dated data"
                )
            yield item.hit(message.format(code=item.code), item.line("code"), _nothing_hint(item))


def item_text_only(site: SiteCheck) -> Iterator[Hit]:
    """An item whose page is its text alone (contact
    details, duties): fine when the text is the information.
    """
    for item in site.present():
        if (
            not item.documents
            and not item.links
            and not item.relies_on_nothing()
            and _shows_something(item)
        ):
            message = _(
                "{code} has text but no documents and no links: evaluators see only this page"
            )
            yield item.hit(
                message.format(code=item.code),
                item.line("code"),
                _(
                    "make sure the text itself shows what the criteria ask for; a "
                    "document or a link to where the information is published makes "
                    "it easier to verify"
                ),
            )


def component_unticked(site: SiteCheck) -> Iterator[Hit]:
    """Required components not yet ticked in `covers:` (a to-do list, one finding per item)."""
    for item in site.present():
        todo = [n for n in range(1, len(item.spec.components) + 1) if n not in item.content.covers]
        if not todo:
            continue
        line = item.line("covers") if "covers" in item.front else item.line("code")
        numerals = site.numerals
        names = "; ".join(
            f"{num(n, numerals)} = {_short(item.spec.components[n - 1])}" for n in todo
        )
        ticked = sorted(set(item.content.covers) | set(todo))
        message = ngettext(
            "{code}: component {numbers} of {total} is not ticked ({names})",
            "{code}: components {numbers} of {total} are not ticked ({names})",
            len(todo),
        )
        hint = _("check that the page shows each, then write covers: [{numbers}]")
        numbers = num(", ".join(map(str, todo)), numerals)
        yield item.hit(
            message.format(
                code=item.code,
                numbers=numbers,
                total=num(len(item.spec.components), numerals),
                names=names,
            ),
            line,
            hint.format(numbers=", ".join(map(str, ticked))),
        )


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[:width].rstrip() + "…"


# -- integrity (addresses and file names: integrity.py; the catalog's item rules: itemrules.py)


def file_missing(site: SiteCheck) -> Iterator[Hit]:
    """A `file:` that is not in the site."""
    for item in site.items:
        for p in item.load_problems:
            if p.rule == "file-missing":  # tagged by content.load_item
                yield Hit(p.message, p.line, p.hint, p.path or item.src, item.code)


def link_broken(site: SiteCheck) -> Iterator[Hit]:
    """A link in a Markdown body the build refuses (a missing file, a page that is not published).
    """
    for item in site.items:
        for p in item.link_problems:
            yield Hit(p.message, p.line, p.hint, p.path, item.code)
    for p in site.page_problems:
        yield Hit(p.message, p.line, p.hint, p.path)


RULES: tuple[Rule, ...] = (
    Rule(
        "site-invalid",
        "error",
        "site",
        site_invalid,
        N_("site.yaml cannot be read"),
        N_(
            "site.yaml or the year's catalog cannot be read (or agency.logo is missing), so the "
            "rest cannot be checked."
        ),
        N_("Fix site.yaml at the line shown, then check again."),
    ),
    Rule(
        "eit-missing",
        "error",
        "site",
        eit_missing,
        N_("No EIT survey link"),
        N_(
            "No EIT survey link: item O43 requires the EIT QR code on the website. (`itagen build` "
            "only warns.)"
        ),
        N_(
            "Add `eit_code:` under `ita:` in site.yaml, with the code NACC gives the agency in "
            "ITAS."
        ),
    ),
    Rule(
        "round-behind",
        "warning",
        "site",
        round_behind,
        N_("A later assessment round is open"),
        N_(
            "The site's ita.current_year is behind the fiscal year of today (a fiscal "
            "year starts on 1 October: December 2569 is fiscal year 2570), so the round that "
            "is open is not prepared yet."
        ),
        N_(
            "Move the site to the open round with itagen migrate, after importing that year's "
            "criteria table with itagen catalog import if itagen has no catalog for it."
        ),
    ),
    Rule(
        "eit-code-form",
        "warning",
        "site",
        eit_code_form,
        N_("The EIT/IIT code is not NACC's form"),
        N_("The EIT/IIT code is not of NACC's form (6 lowercase letters or digits)."),
        N_("Copy the code again from ITAS."),
    ),
    Rule(
        "eit-host",
        "warning",
        "site",
        eit_host,
        N_("The survey link is not on itas.nacc.go.th"),
        N_("The survey link does not point to itas.nacc.go.th."),
        N_("Copy the survey link again from ITAS."),
    ),
    Rule(
        "eit-kind",
        "warning",
        "site",
        eit_kind,
        N_("The EIT link is an IIT link"),
        N_("The EIT link is the IIT survey's link, or the other way round."),
        N_(
            "Put the EIT (public) survey link under eit_code: and the IIT (staff) one under "
            "iit_code:."
        ),
    ),
    Rule(
        "base-url-missing",
        "warning",
        "site",
        base_url_missing,
        N_("No base_url"),
        N_(
            "No `base_url`: the absolute URLs to enter into ITAS (`itagen export itas`) cannot be "
            "written out."
        ),
        N_("Add `base_url:` to site.yaml: the address the ITA section is published at."),
    ),
    Rule(
        "content-invalid",
        "error",
        "site",
        content_invalid,
        N_("A file in content/ that is not an item"),
        N_(
            "A file or folder under `content/` that is not an item of the checked year, or a "
            "broken file of another year (the build stops on it)."
        ),
        N_("Move or rename the file as the message says, or fix it."),
    ),
    Rule(
        "item-missing",
        "error",
        "coverage",
        item_missing,
        N_("No file for the item"),
        N_("A catalog item of the year has no content file."),
        N_(
            "Write `content/<year>/<sub-indicator>/<code>.md` (itagen init writes a stub for every "
            "item)."
        ),
    ),
    Rule(
        "item-invalid",
        "error",
        "coverage",
        item_invalid,
        N_("The item's file has mistakes"),
        N_(
            "The item's file cannot be read or breaks the item format (YAML, an unknown key, the "
            "code or the folder); the build stops on it."
        ),
        N_("Fix the file at the line shown."),
    ),
    Rule(
        "item-empty",
        "error",
        "coverage",
        item_empty,
        N_("No data yet"),
        N_(
            "The item has no documents and no links, and either no text or only text where the "
            "catalog asks for data from a period (reports, statistics), which text alone cannot "
            "show: evaluators have nothing to see. Items whose catalog allows a \"nothing to "
            "report\" statement pass when the text makes it."
        ),
        N_(
            "In each item's file, list its documents under `documents:` (or link them in the text)."
        ),
    ),
    Rule(
        "item-text-only",
        "warning",
        "coverage",
        item_text_only,
        N_("Text only, no documents or links"),
        N_(
            "An item without a period rule (duties, contact details) has text on its page but no "
            "documents or links. It counts as published, since the page is what evaluators open, "
            "but the text must show every component the criteria ask for."
        ),
        N_(
            "Check that the text shows every component; a document or a link makes it easier to "
            "verify."
        ),
    ),
    Rule(
        "component-unticked",
        "notice",
        "coverage",
        component_unticked,
        N_("Components not ticked in covers:"),
        N_(
            "Required components not yet ticked in `covers:`; once the page shows them, list "
            "their numbers."
        ),
        N_("When the page shows a component, add its number to `covers:`."),
    ),
    Rule(
        "period-uncovered",
        "error",
        "periods",
        period_uncovered,
        N_("The documents do not cover the required period"),
        N_(
            "The periods of the item's documents (their `period:`, or the period their title "
            "names) do not cover the period the catalog sets: this year's data, last year's "
            "report, the first six months (October to March, by one six-month document or by "
            "months and ranges that together cover it), or a plan in force for the whole fiscal "
            "year. The day a document was signed is not its period."
        ),
        N_(
            "Publish the document of the required period, and write the months its data covers "
            "in `period:` or in its title."
        ),
    ),
    Rule(
        "doc-out-of-period",
        "warning",
        "periods",
        doc_out_of_period,
        N_("A document of another period"),
        N_(
            "A document's data lies wholly outside the required period (the item has others "
            "inside it); evaluators look only at the required period."
        ),
        N_("Replace the document with one of the period, or remove it."),
    ),
    Rule(
        "doc-undated",
        "warning",
        "periods",
        doc_undated,
        N_("A document without a period or a date"),
        N_(
            "A file document of an item with a period rule says neither the period of its data "
            "(`period:`, or a period in its title) nor its date, so its period cannot be "
            "checked."
        ),
        N_("Add `period:` (the months its data covers) and `date:` (the day it was signed)."),
    ),
    Rule(
        "month-missing",
        "error",
        "periods",
        month_missing,
        N_("A month without a report"),
        N_(
            "A monthly item (O21) leaves a month of its period uncovered: each month that has "
            "ended needs a document of that month, or a range or quarter that includes it, or "
            "the month named in the text. The finding names the missing months."
        ),
        N_(
            "Publish each month's report (or the statement that there was none) and name its "
            "month in `period:` or in its title; a document of several months may name them as "
            "a range."
        ),
    ),
    Rule(
        "period-inferred",
        "notice",
        "periods",
        period_inferred,
        N_("A period read from a title"),
        N_(
            "A document has no `period:`, so its period was read from its title (\"ประจำเดือน"
            "ตุลาคม 2565\"): confirm it is right."
        ),
        N_("If a period is wrong, write the right one in `period:` under that document."),
    ),
    Rule(
        "period-unknown",
        "notice",
        "periods",
        period_unknown,
        N_("A document without a period"),
        N_(
            "A dated document does not say the period of its data, neither in `period:` nor in "
            "its title; the signing date is not taken as the period, so the document does not "
            "count for the item's period."
        ),
        N_("Add `period:` under the document."),
    ),
    Rule(
        "signed-early",
        "warning",
        "periods",
        signed_early,
        N_("A report signed before its period ended"),
        N_(
            "A report (of the previous year, of the first six months, or of a month) is dated "
            "before the period it reports has ended, so it cannot be complete. A report signed "
            "long after its period is fine."
        ),
        N_("Check the date and the period of the report."),
    ),
    Rule(
        "file-missing",
        "error",
        "integrity",
        file_missing,
        N_("The document's file is missing"),
        N_("A document's `file:` is not in the site."),
        N_("Put the file in files/, or correct the name in `file:`."),
    ),
    Rule(
        "link-broken",
        "error",
        "integrity",
        link_broken,
        N_("A link inside the site is broken"),
        N_(
            "An internal link in a Markdown text points to a file or page that does not exist, or "
            "is a refused kind of link (the build's own verdict)."
        ),
        N_("Correct the link, or add the file or page it points to."),
    ),
    Rule(
        "url-malformed",
        "error",
        "integrity",
        url_malformed,
        N_("An address that will not open"),
        N_(
            "An external URL is not well-formed (a space, no domain, the scheme twice) and will "
            "not open."
        ),
        N_("Copy the address again from the browser's address bar."),
    ),
    Rule(
        "url-dead",
        "error",
        "integrity",
        url_dead,
        N_("The linked page is gone"),
        N_(
            "(`--online` only) The linked page is gone: 404/410, no such host, or connection "
            "refused."
        ),
        N_("Open it in a browser; replace the link if the page has moved."),
    ),
    Rule(
        "url-unreachable",
        "warning",
        "integrity",
        url_unreachable,
        N_("The linked page did not answer"),
        N_("(`--online` only) No good answer just now (timeout, server error, robots refused)."),
        N_("Open it in a browser to see whether it works."),
    ),
    Rule(
        "url-login",
        "error",
        "integrity",
        url_login,
        N_("The link opens a sign-in page"),
        N_(
            "(`--online` only) The link ends on a sign-in page (a Google Drive file or a Facebook "
            "page that is not public): it opens for its owner but not for an evaluator."
        ),
        N_("Share it as public (anyone with the link), or publish the file on the site."),
    ),
    Rule(
        "home-link-missing",
        "warning",
        "integrity",
        home_link_missing,
        N_("The home page has no link to the ITA section"),
        N_(
            "(`--online` only) The agency's home page (`agency.website`) has no link to the ITA "
            "section; evaluators start from the home page."
        ),
        N_("Add a menu item or an ITA banner on the home page that opens the ITA section."),
    ),
    Rule(
        "file-name-unsafe",
        "warning",
        "integrity",
        file_name_unsafe,
        N_("File names that break in ITAS"),
        N_(
            "A file name has spaces or characters (# ? % & + ( ) …) that break its URL when pasted "
            "into ITAS."
        ),
        N_("Rename the file with letters, digits, `-` and `_` only."),
    ),
    Rule(
        "file-name-thai",
        "notice",
        "integrity",
        file_name_thai,
        N_("Thai file names"),
        N_("A Thai file name: its URL becomes a long %E0%B8… string in ITAS."),
        N_("Prefer English file names; keep the Thai title in `title:`."),
    ),
    Rule(
        "live-link-missing",
        "error",
        "catalog",
        live_link_missing,
        N_("No link to the working channel"),
        N_(
            "A live-channel item (O8 Q&A, O18 e-service, O28 corruption complaints) has no "
            "https:// link to the working channel itself."
        ),
        N_("Add a document with `url:` pointing to the live page (web board, e-service, form)."),
    ),
    Rule(
        "catalog-merges-unknown",
        "warning",
        "catalog",
        merges_unknown,
        N_("merges: names an unknown item"),
        N_(
            "The checked year's catalog lists under `merges:` a key that no earlier year's catalog "
            "has (probably a typo); `itagen migrate` would then report the old item as dropped "
            "instead of merged."
        ),
        N_("Check the spelling against `itagen catalog YEAR`."),
    ),
    Rule(
        "nothing-statement",
        "warning",
        "catalog",
        nothing_statement,
        N_("\"Nothing to report\" without a period"),
        N_(
            "An item that publishes its \"nothing to report\" statement instead of documents does "
            "not say which period it covers (no month or year of the period in the text)."
        ),
        N_("Name the period in the statement and attach the signed statement."),
    ),
    Rule(
        "itas-url-limit",
        "warning",
        "catalog",
        itas_url_limit,
        N_("More addresses than ITAS takes"),
        N_(
            "More URLs (the item page plus its documents) than ITAS takes per item "
            "(`ita.max_urls`, default 5). The same rule id as `itagen export itas`."
        ),
        N_("Enter the item page and the most important documents into ITAS."),
    ),
    Rule(
        "thai-text",
        "warning",
        "thai",
        thai_text,
        N_("Broken Thai characters"),
        N_(
            "Thai text in a source file has defects itagen repairs on every build (sara am from "
            "PDFs, invisible characters, marks out of order, a Thai zero in an item code)."
        ),
        N_("Fix the source file so search and copy-paste work too."),
    ),
)

BY_ID = MappingProxyType({rule.id: rule for rule in RULES})
