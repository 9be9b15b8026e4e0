"""Where the audits' facts come from: the wiki, a folder of ``.wiki`` files, or an XML dump.

Everything here reads; nothing writes. From the wiki, every read is
batched (:mod:`bot.wiki`): the registry through the same incremental read
as the ``update`` job, listings 5,000 titles per request, existence and
last-edit times 50 (500) titles per request. From a folder or a dump, the
audits see only what the text says: no edit times (a folder), no
categories or templates added by other templates, no deleted pages. Each
such limit becomes a note on the report.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mwparserfromhell.nodes import Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.audits.orphans import OrphanInput
from bot.core.extract import extract
from bot.core.markers import Region, find_region
from bot.core.params import find_templates
from bot.core.records import Record, Snapshot
from bot.core.render.data import with_shards
from bot.core.textkeys import title_key
from bot.core.translations import base_title, is_translation_subpage
from bot.core.wikitext import link_target, parse
from bot.errors import UsageError
from bot.jobs.audits.context import AuditRun
from bot.sources.offline import Source, parse_source
from bot.sources.registry import in_scope, read_registry

# Canonical namespace names, for guessing a title's namespace offline.
NAMESPACES = {
    "talk": 1,
    "user": 2,
    "user talk": 3,
    "project": 4,
    "meta": 4,
    "file": 6,
    "image": 6,
    "mediawiki": 8,
    "template": 10,
    "help": 12,
    "category": 14,
    "module": 828,
    "translations": 1198,
}
CATEGORY_NAMES = frozenset({"category", "kategorie", "catégorie", "categoría", "categoria", "categorie"})
_REDIRECT = re.compile(r"^\s*#redirect\s*\[\[", re.IGNORECASE)


@dataclass
class Pages:
    """Snapshots from one source, and what the source cannot tell."""

    snapshots: list[Snapshot]
    kind: str  # wiki | folder | dump
    description: str
    notes: list[str] = field(default_factory=list)

    @property
    def has_edit_times(self) -> bool:
        return self.kind != "folder"


def _offline(ctx: AuditRun) -> Source:
    try:
        return parse_source(ctx.source)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def read_pages(ctx: AuditRun, *, scoped: bool = True) -> Pages:
    """The registry's pages: from the wiki (its scope, or generator options), or every page of a folder or dump.

    Offline, ``scoped`` keeps only titles under the registry's prefix, and
    never the bot's own pages, as the wiki read does.
    """
    if ctx.source == "wiki":
        return _wiki_pages(ctx)
    source = _offline(ctx)
    kind = "folder" if ctx.source.startswith("dir:") else "dump"
    snapshots = [s for s in source if not scoped or in_scope(s.title, ctx.settings.registry, ctx.settings.own_pages)]
    return Pages(snapshots, kind, source.describe())


def _wiki_pages(ctx: AuditRun) -> Pages:
    wiki = ctx.wiki()
    ctx.say(f"{ctx.name}: reading from {wiki.site}...")
    if ctx.generator_args:
        pairs, failures = wiki.generator_pages(list(ctx.generator_args))
        pages = Pages([s for _, s in pairs], "wiki", f"the pages chosen on {wiki.site}")
    else:
        state = Path(ctx.settings.publish.state_dir) / "registry.json"
        result = read_registry(
            wiki, ctx.schema, ctx.settings.registry, state_path=state, exclude=ctx.settings.own_pages
        )
        failures = result.failures
        if result.warning:
            ctx.say(f"{ctx.name}: {result.warning}")
        pages = Pages(result.snapshots, "wiki", f"the registry on {wiki.site}")
    if failures:
        pages.notes.append(
            f"{len(failures)} pages could not be read and are not in this report: "
            + ", ".join(failures[:5])
            + (" ..." if len(failures) > 5 else "")
        )
    return pages


def records_of(ctx: AuditRun, pages: Pages) -> list[Record]:
    """Extract every page that is not a translation subpage, with a progress line on long runs."""
    progress = ctx.progress("extracting pages")
    records = []
    for number, snapshot in enumerate(pages.snapshots, start=1):
        if not is_translation_subpage(snapshot.title):
            records.append(extract(snapshot, ctx.schema, ctx.countries))
        progress(number, len(pages.snapshots))
    return records


# --- audit_orphans ------------------------------------------------------------------


def guess_namespace(title: str) -> int:
    """A title's namespace from its canonical prefix (offline sources carry no namespace numbers)."""
    prefix, sep, _ = title.partition(":")
    return NAMESPACES.get(prefix.strip().casefold(), 0) if sep else 0


def _categories(code: Wikicode) -> set[str]:
    """Categories written on the page (``[[Category:X|key]]``; ``{{#translation:}}`` in the name expands to nothing)."""
    found = set()
    for link in code.ifilter_wikilinks(recursive=True):
        if str(link.title).lstrip().startswith(":"):
            continue
        target = "".join(n.value for n in link.title.nodes if isinstance(n, Text))
        prefix, sep, name = target.partition(":")
        if sep and prefix.strip().casefold() in CATEGORY_NAMES:
            found.add(title_key(name))
    return found


def index_rows_from_text(data_text: str | None, index_text: str | None, ctx: AuditRun) -> tuple[str, ...] | None:
    """The pages the published registry lists: the data page's records, else the index region's links."""
    if data_text:
        try:
            return tuple(str(r["page"]) for r in json.loads(data_text)["records"])
        except (ValueError, KeyError, TypeError):
            pass
    if index_text:
        region = find_region(index_text, "index")
        text = region.content(index_text) if isinstance(region, Region) else index_text
        prefix, own = ctx.settings.registry.prefix, ctx.settings.own_pages
        titles = []
        for link in parse(text).ifilter_wikilinks(recursive=True):
            target = link_target(link).split("#", 1)[0].strip()
            if target and target not in own and (target.startswith(prefix) if prefix else ":" not in target):
                titles.append(target)
        return tuple(dict.fromkeys(titles))
    return None


def orphan_facts(ctx: AuditRun) -> tuple[OrphanInput, list[str]]:
    if ctx.source == "wiki":
        return _orphans_from_wiki(ctx)
    return _orphans_offline(ctx)


def _index_source(ctx: AuditRun, data_text: str | None) -> str:
    pages = ctx.settings.pages
    try:
        json.loads(data_text or "")["records"]
        return f"the data page {pages.data}"
    except (ValueError, KeyError, TypeError):
        return f"the index page {pages.index}"


def _orphans_from_wiki(ctx: AuditRun) -> tuple[OrphanInput, list[str]]:
    wiki = ctx.wiki()
    settings, schema = ctx.settings, ctx.schema
    ctx.say(f"{ctx.name}: listing the category, the template's pages and the registry on {wiki.site}...")
    in_category = dict(wiki.category_members(settings.audits.category))
    using = dict(wiki.pages_using(wiki.template_titles(schema.template_names)))
    data_text = with_shards(wiki.page_text(settings.pages.data), wiki.page_text)
    rows = index_rows_from_text(data_text, None if data_text else wiki.page_text(settings.pages.index), ctx)
    candidates = set(in_category) | set(using)
    scope = settings.registry
    if scope.prefix and (not scope.namespaces or 0 in scope.namespaces):
        candidates.update(wiki.prefix_titles(scope.prefix, 0))
    translations = sorted(t for t in candidates if is_translation_subpage(t))
    states = wiki.page_states(sorted({*(rows or ()), *(base_title(t) for t in translations)}))
    facts = OrphanInput(
        category=settings.audits.category,
        template=schema.template,
        in_category=in_category,
        using_template=using,
        index_rows=rows,
        index_source=_index_source(ctx, data_text),
        missing=frozenset(t for t, s in states.items() if not s.exists),
        redirects=frozenset(t for t, s in states.items() if s.redirect),
        translations=tuple(translations),
        own_pages=settings.own_pages,
    )
    return facts, []


def _orphans_offline(ctx: AuditRun) -> tuple[OrphanInput, list[str]]:
    settings, schema = ctx.settings, ctx.schema
    category = title_key(settings.audits.category)
    in_category, using, redirects, texts = {}, {}, set(), {}
    progress = ctx.progress("reading pages")
    for number, snapshot in enumerate(_offline(ctx), start=1):
        progress(number)
        texts[snapshot.title] = snapshot.text
        code = parse(snapshot.text)
        ns = guess_namespace(snapshot.title)
        if _REDIRECT.match(snapshot.text):
            redirects.add(snapshot.title)
        if category in _categories(code):
            in_category[snapshot.title] = ns
        if find_templates(code, schema):
            using[snapshot.title] = ns
    rows = index_rows_from_text(texts.get(settings.pages.data), texts.get(settings.pages.index), ctx)
    translations = tuple(sorted(t for t in texts if is_translation_subpage(t)))
    wanted = {*(rows or ()), *(base_title(t) for t in translations)}
    notes = [
        f"Read from a {'folder' if ctx.source.startswith('dir:') else 'dump'}: only categories and templates "
        f"written on the pages themselves are seen, and a page missing from the source counts as gone."
    ]
    facts = OrphanInput(
        category=settings.audits.category,
        template=schema.template,
        in_category=in_category,
        using_template=using,
        index_rows=rows,
        index_source=_index_source(ctx, texts.get(settings.pages.data)),
        missing=frozenset(t for t in wanted if t not in texts),
        redirects=frozenset(redirects & wanted),
        translations=translations,
        own_pages=settings.own_pages,
    )
    return facts, notes


# --- audit_members --------------------------------------------------------------


def member_pages(ctx: AuditRun, titles: Iterable[str]) -> tuple[list[Snapshot], list[str]]:
    """The working-group pages (in the configured order) and notes about those that could not be read."""
    titles = list(dict.fromkeys(titles))
    if ctx.source == "wiki":
        found, problems = ctx.wiki().read_titles(titles)
        notes = [f"{title}: {why}" for title, why in problems.items()]
        return [found[t] for t in titles if t in found], notes
    snapshots = {s.title: s for s in _offline(ctx)}
    chosen = [snapshots[t] for t in titles if t in snapshots]
    if chosen:
        missing = [t for t in titles if t not in snapshots]
        return chosen, [f"{t}: not in the source" for t in missing]
    where = ctx.source.removeprefix("dir:")
    note = (
        f"None of the configured working-group pages is in {where}; "
        f"every page of the source with a member table was read."
    )
    return sorted(snapshots.values(), key=lambda s: s.title), [note]
