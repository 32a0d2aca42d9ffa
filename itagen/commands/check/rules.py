"""The rules of `itagen check`: RULES, their ordered registry, and BY_ID, the same by rule id.

Each rule is one small function that takes the SiteCheck and yields a Hit for every place the
rule is broken, its message in the language being spoken; the runner stamps the rule's id and
severity on it. The functions live by theme: sitechecks.py and rounds.py (site), itemchecks.py
(coverage), periods.py (periods), integrity.py (integrity and Thai text), itemrules.py (the
catalog's item rules). RULES fixes the order findings are reported in and is the one source of
each rule's words (a title, what it means, what to do), English source strings translated
through the message catalog: the report shows them and docs/check.md is generated from them
(ruledocs.py). This module holds the entries of the site, coverage and periods groups;
qualityrules.py those of the integrity, catalog and Thai-text groups that follow them.
"""

from __future__ import annotations

from types import MappingProxyType

from itagen.thai.messages import N_
from itagen.commands.check.findings import Rule
from itagen.commands.check.itemchecks import (
    component_unticked,
    item_empty,
    item_invalid,
    item_missing,
    item_text_only,
)
from itagen.commands.check.periods import (
    doc_out_of_period,
    doc_undated,
    month_missing,
    period_inferred,
    period_uncovered,
    period_unknown,
    signed_early,
)
from itagen.commands.check.qualityrules import QUALITY_RULES
from itagen.commands.check.rounds import round_behind
from itagen.commands.check.sitechecks import (
    base_url_missing,
    content_invalid,
    eit_code_form,
    eit_host,
    eit_kind,
    eit_missing,
    site_invalid,
)

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
            "No EIT survey link: the criteria ask for the EIT QR code on the website (item O43 "
            "in 2566–2567). (`itagen build` only warns.)"
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
    *QUALITY_RULES,
)

BY_ID = MappingProxyType({rule.id: rule for rule in RULES})
