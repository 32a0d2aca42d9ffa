"""The coverage rules: does every catalog item of the year have a file that shows something?

Owns the functions of the coverage group: item-missing (no file), item-invalid (a file the
build refuses), item-empty (nothing to see), item-text-only (a page of text alone) and
component-unticked (the to-do list of `covers:`). Each takes the SiteCheck and yields a Hit,
its message in the language being spoken and numbers in the site's numerals; rules.RULES
registers them with their ids and words.
"""

from __future__ import annotations

from collections.abc import Iterator

from itagen.site.model import shows_something
from itagen.thai.messages import _, ngettext
from itagen.commands.check.context import ItemCheck, SiteCheck
from itagen.commands.check.findings import Hit
from itagen.commands.check.words import num


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
