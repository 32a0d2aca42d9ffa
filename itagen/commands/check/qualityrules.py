"""The registry entries of the integrity, catalog and Thai-text groups, in report order.

Owns each such rule's id, severity, group and words (a title, what it means, what to do;
English source strings marked with N_() and translated through the message catalog): the
rules on whether what the site publishes works (files, links, addresses, file names), what
particular catalog items ask, and the Thai text. Their functions are integrity.py's and
itemrules.py's. rules.RULES appends QUALITY_RULES after the site, coverage and periods groups;
the report and docs/check.md (ruledocs.py) show these words.
"""

from __future__ import annotations

from itagen.thai.messages import N_
from itagen.commands.check.findings import Rule
from itagen.commands.check.integrity import (
    file_missing,
    file_name_thai,
    file_name_unsafe,
    home_link_missing,
    link_broken,
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

QUALITY_RULES: tuple[Rule, ...] = (
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
