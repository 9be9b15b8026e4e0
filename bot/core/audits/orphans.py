"""audit_orphans: pages that fell out of the registry, or never got into it.

The registry reads the pages that use the template, in the configured
namespaces and under the configured prefix (``[registry]``); its category
(``[audits] category``) is how editors find them. Five cases fall between
the two:

* ``no-template``: in the category, but without the template: the bot
  cannot read it (a stub someone started, or a template removed);
* ``not-in-category``: uses the template but is not in the category;
* ``out-of-scope``: uses the template outside the namespaces or prefix the
  registry reads (a draft in user space, a page moved away): it is not in
  the registry. Template and module pages (the template's own
  documentation) are not counted;
* ``index-row-missing`` / ``index-row-redirect``: a row of the published
  registry (the data page, else the index page) whose page no longer
  exists, or is now a redirect (moved);
* ``translation-without-base``: a translation subpage (``…/de``) whose base
  page is gone.

Translation subpages are translations, not pages of their own: the category
and scope checks skip them (their category is ``Partnerships/de``).

The facts come in an :class:`OrphanInput`, gathered from the wiki (its
links tables: categories and templates added by other templates count) or
from a folder or dump (only what the text shows: ``[[Category:…]]`` and
``{{Partnership}}`` written on the page itself).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.config import RegistryScope
from bot.core.audits.report import Field, Report, Section, page_field
from bot.core.render.common import page_order, plural
from bot.core.translations import base_title, is_translation_subpage

SKIPPED_NAMESPACES = frozenset({10, 828})  # Template, Module: the template's own pages
KINDS = {
    "no-template": "In the category, without the template",
    "not-in-category": "With the template, not in the category",
    "out-of-scope": "With the template, outside the registry's scope",
    "index-row-missing": "Rows of the registry whose page is gone",
    "index-row-redirect": "Rows of the registry whose page is now a redirect",
    "translation-without-base": "Translations whose base page is gone",
}


@dataclass(frozen=True)
class OrphanInput:
    """What the audit needs to know; titles map to their namespace number."""

    category: str
    template: str
    in_category: Mapping[str, int]
    using_template: Mapping[str, int]
    index_rows: tuple[str, ...] | None = None
    index_source: str = ""
    missing: frozenset[str] = frozenset()
    redirects: frozenset[str] = frozenset()
    translations: tuple[str, ...] = ()
    own_pages: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Orphan:
    kind: str
    page: str
    message: str


def in_registry_scope(title: str, namespace: int, scope: RegistryScope) -> bool:
    return (not scope.namespaces or namespace in scope.namespaces) and (
        not scope.prefix or title.startswith(scope.prefix)
    )


def find_orphans(facts: OrphanInput, scope: RegistryScope) -> list[Orphan]:
    found: list[Orphan] = []
    template = f"{{{{{facts.template}}}}}"
    category = f"Category:{facts.category}"
    own = facts.own_pages

    def counts(title: str) -> bool:
        return title not in own and not is_translation_subpage(title)

    for title in facts.in_category:
        if counts(title) and title not in facts.using_template:
            found.append(
                Orphan(
                    "no-template",
                    title,
                    f"In {category} but does not use {template}, so the registry "
                    f"cannot read it: add the template, or remove the category.",
                )
            )
    for title, ns in facts.using_template.items():
        if not counts(title) or ns in SKIPPED_NAMESPACES:
            continue
        if not in_registry_scope(title, ns, scope):
            where = " and ".join(
                filter(
                    None,
                    [
                        f"namespaces {', '.join(map(str, scope.namespaces))}" if scope.namespaces else "",
                        f"titles starting with '{scope.prefix}'" if scope.prefix else "",
                    ],
                )
            )
            found.append(
                Orphan(
                    "out-of-scope",
                    title,
                    f"Uses {template} but the registry reads only {where}: "
                    f"move the page, or remove the template if it is a draft.",
                )
            )
        elif title not in facts.in_category:
            found.append(
                Orphan(
                    "not-in-category",
                    title,
                    f"Uses {template} but is not in {category}: add [[{category}]] so editors find it.",
                )
            )
    for title in facts.index_rows or ():
        if title in facts.missing:
            found.append(
                Orphan(
                    "index-row-missing",
                    title,
                    f"Listed on {facts.index_source}, but the page does not "
                    f"exist (deleted, or moved without a redirect).",
                )
            )
        elif title in facts.redirects:
            found.append(
                Orphan(
                    "index-row-redirect",
                    title,
                    f"Listed on {facts.index_source}, but the page is now a "
                    f"redirect (moved): the next registry update lists it "
                    f"under its new title if it still uses the template.",
                )
            )
    for title in facts.translations:
        base = base_title(title)
        if base != title and base in facts.missing:
            found.append(
                Orphan(
                    "translation-without-base",
                    title,
                    f"A translation of {base}, which does not exist: delete the translation, or "
                    f"restore or move back the base page.",
                )
            )
    order = {k: i for i, k in enumerate(KINDS)}
    unique = {(o.kind, o.page): o for o in found}
    return sorted(unique.values(), key=lambda o: (order[o.kind], page_order(o.page)))


def orphans_report(orphans: Sequence[Orphan], facts: OrphanInput, *, notes: Sequence[str] = ()) -> Report:
    notes = list(notes)
    if facts.index_rows is None:
        notes.append(
            "No registry index was found (neither the data page nor the index page), so its rows were not checked."
        )
    sections = [
        Section(
            kind,
            title,
            [page_field("page", "Page", lambda o: o.page), Field("message", "What to do", lambda o: o.message)],
            [o for o in orphans if o.kind == kind],
            empty="None.",
        )
        for kind, title in KINDS.items()
    ]
    counts = ", ".join(f"{sum(1 for o in orphans if o.kind == k)} {k}" for k in KINDS)
    summary = (
        f"audit_orphans: {plural(len(orphans), 'finding')} ({counts}); {len(facts.in_category)} pages in "
        f"Category:{facts.category}, {len(facts.using_template)} using the template"
    )
    return Report("orphans", "Audit: pages outside the registry", sections, len(orphans), summary, tuple(notes))
