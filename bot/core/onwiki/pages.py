"""The wiki pages the project owns: hand-written sources in ``onwiki/`` plus generated parts.

Each wikitext page has a source file in ``onwiki/`` (``template.wikitext``,
``doc.wikitext``, ``preload.wikitext``, ``registry.wikitext``,
``list.wikitext``, ``count.wikitext``, ``module-doc.wikitext``): wikitext an
editor can read and change, with slots like ``<<parameters>>`` where the
parts generated from ``config/schema.toml`` and ``config/bot.toml`` go.
``Module:Partnerships`` is ``onwiki/Module-Partnerships.lua`` verbatim; its
two JSON pages (``/schema.json``, ``/i18n.json``) and the redirects are
generated whole (:mod:`bot.core.onwiki.module_data`, ``i18n/*.json``). Nothing here is a ``.wiki`` file, so
``scripts/local_wiki.py seed`` (which imports ``onwiki/*.wiki``) never
loads a second, stale copy: ``python -m bot deploy`` is the only way these
pages reach a wiki.

A source that names an unknown slot, lacks a slot its page needs, or is
missing is the operator's mistake: :class:`OnwikiSourceError`, one line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from bot.config import Settings, checked
from bot.core.markers import MarkerProblem, begin_marker, end_marker, find_region
from bot.core.messages import ENGLISH, Messages, load_messages, messages_for
from bot.core.normalise.country_table import CountryTable
from bot.core.onwiki import docs, module_data
from bot.core.onwiki.templatedata import templatedata, to_json
from bot.core.render.data import encode_like_mediawiki
from bot.core.render.escape import escape, wikilink
from bot.core.render.language import in_language
from bot.core.schema import Role, Schema
from bot.errors import OnwikiSourceError
from bot.paths import I18N_DIR, ONWIKI_DIR

SOURCE_DIR = ONWIKI_DIR
SOURCES = {
    "template": "template.wikitext",
    "doc": "doc.wikitext",
    "preload": "preload.wikitext",
    "main": "registry.wikitext",
    "list": "list.wikitext",
    "count": "count.wikitext",
    "module-doc": "module-doc.wikitext",
    "module": "Module-Partnerships.lua",
}
REQUIRED_SLOTS = {
    "template": ("module-name", "templatedata"),
    "doc": ("parameters", "values"),
    "preload": ("skeleton",),
    "main": ("index", "create-box"),
    "list": ("module-name", "filters"),
    "count": ("module-name",),
    "module-doc": (),
}
INDEX_REGION = "index"
_SLOT = re.compile(r"<<([a-z][a-z-]*)>>")


@dataclass(frozen=True)
class OnwikiPage:
    """One page deploy writes. ``problem`` says why it should not be written without -force."""

    title: str
    text: str
    kind: str
    """module-schema, module-i18n, module, module-doc, template, redirect, list, count, doc, preload or main."""
    problem: str | None = None
    content_model: str = "wikitext"
    """What MediaWiki gives the title by default (``json`` for ``Module:…/….json``, ``Scribunto`` for a module)."""


@dataclass(frozen=True)
class Titles:
    template: str
    doc: str
    preload: str
    main: str
    redirects: tuple[str, ...]
    module: str
    list_template: str
    count_template: str
    languages: tuple[str, ...] = ()
    """``[pages] languages``: the preload and the main page have a version in each."""

    @property
    def preloads(self) -> tuple[str, ...]:
        """The preload's language versions (``<preload>/<code>``)."""
        return tuple(f"{self.preload}/{code}" for code in self.languages)

    @property
    def mains(self) -> tuple[str, ...]:
        """The main page's language versions (``<index>/<code>``: the index's language pages)."""
        return tuple(f"{self.main}/{code}" for code in self.languages)

    @property
    def module_schema(self) -> str:
        return f"{self.module}/{module_data.SCHEMA_SUBPAGE}"

    @property
    def module_i18n(self) -> str:
        return f"{self.module}/{module_data.I18N_SUBPAGE}"

    @property
    def module_doc(self) -> str:
        return f"{self.module}/doc"

    @property
    def all(self) -> tuple[str, ...]:
        """In deploy order: the module's data, the module, then the templates, so each finds what it uses."""
        return (
            self.module_schema,
            self.module_i18n,
            self.module,
            self.module_doc,
            self.template,
            *self.redirects,
            self.list_template,
            self.count_template,
            self.doc,
            self.preload,
            *self.preloads,
            self.main,
            *self.mains,
        )


def titles(schema: Schema, settings: Settings) -> Titles:
    template = f"Template:{schema.template}"
    return Titles(
        template,
        f"{template}/doc",
        settings.pages.preload,
        settings.pages.index,
        tuple(f"Template:{name}" for name in schema.redirects),
        f"Module:{settings.deploy.module}",
        f"Template:{settings.deploy.list_template}",
        f"Template:{settings.deploy.count_template}",
        settings.pages.languages,
    )


def load_sources(folder: Path | None = None) -> dict[str, str]:
    """The hand-written sources, by page kind."""
    folder = folder or SOURCE_DIR
    sources = {}
    for kind, name in SOURCES.items():
        try:
            sources[kind] = (folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise OnwikiSourceError(f"onwiki: {folder / name} is missing; restore it from git") from None
    return sources


def required_words(schema: Schema, messages: Messages | None = None) -> str:
    """``name, partner, ... measures_of_success when type is partnership``: every required field (parameter names)."""
    say = messages or messages_for()
    required = [spec.name for spec in schema.fields if spec.requirement == "required"]
    required += [
        say("partnerships-main-required-when", spec.name, spec.required_when.field, spec.required_when.equals)
        for spec in schema.fields
        if spec.required_when is not None
    ]
    return ", ".join(required)


def fill(source: str, slots: Mapping[str, str], *, name: str, required: tuple[str, ...] = ()) -> str:
    """``source`` with every ``<<slot>>`` replaced; unknown or missing slots are errors."""
    used = set(_SLOT.findall(source))
    unknown = sorted(used - set(slots))
    if unknown:
        raise OnwikiSourceError(
            f"onwiki/{name} uses unknown slot <<{unknown[0]}>>; known slots: "
            + ", ".join(f"<<{s}>>" for s in sorted(slots))
        )
    absent = [slot for slot in required if slot not in used]
    if absent:
        raise OnwikiSourceError(f"onwiki/{name} must contain <<{absent[0]}>> (the page needs it)")
    return _SLOT.sub(lambda m: slots[m.group(1)], source).strip() + "\n"


def index_region(current: str | None, messages: Messages | None = None) -> str | MarkerProblem:
    """The index region for the main page: carried over verbatim from the current page.

    The ``update`` job writes the index between these markers; a redeploy
    must not lose it. A page without the markers (or none at all) gets them
    with a placeholder line; broken markers are a problem, since guessing
    where the index ends is how other bots duplicated or blanked lists.
    """
    begin, end = begin_marker(INDEX_REGION), end_marker(INDEX_REGION)
    if current is not None:
        region = find_region(current, INDEX_REGION)
        if isinstance(region, MarkerProblem):
            if region.code != "missing-markers":
                return region
        else:
            return begin + region.content(current) + end
    placeholder = (messages or messages_for())("partnerships-main-index-placeholder")
    return f"{begin}\n''{placeholder}''\n{end}"


def create_box(schema: Schema, settings: Settings, messages: Messages | None = None) -> str:
    """The InputBox that opens the editor on a new page under the prefix, with the preload (of its language)."""
    say = messages or messages_for()
    preload = settings.pages.in_language(titles(schema, settings).preload, say.language)
    lines = ["<inputbox>", "type=create", f"preload={preload}"]
    if settings.registry.prefix:
        lines.append(f"prefix={settings.registry.prefix}")
    lines += [
        f"placeholder={_box_text(say('partnerships-main-box-placeholder'))}",
        f"buttonlabel={_box_text(say('partnerships-main-box-button'))}",
        "width=40",
        "break=no",
        "</inputbox>",
    ]
    return "\n".join(lines)


def _box_text(text: str) -> str:
    """A message as an InputBox option's value: one line, no tag that could end the box."""
    return " ".join(text.replace("<", "&lt;").split())


def main_slots(schema: Schema, settings: Settings, say: Messages) -> dict[str, str]:
    """The main page's sentences in one language (messages ``partnerships-main-*``), links to that language's pages."""
    names = titles(schema, settings)
    pages = settings.pages
    code = say.language
    prefix = settings.registry.prefix
    prefix_link = wikilink(f"Special:PrefixIndex/{prefix}", prefix) if prefix else say("partnerships-main-no-prefix")
    reviewed = schema.role_name(Role.REVIEWED)
    return {
        "intro": say("partnerships-main-intro", prefix_link, names.template),
        "add-heading": say("partnerships-main-add"),
        "add-step-name": say("partnerships-main-add-name"),
        "add-step-fill": say("partnerships-main-add-fill", required_words(schema, say), names.doc),
        "add-step-save": say("partnerships-main-add-save"),
        "keep-heading": say("partnerships-main-keep"),
        "keep-problems": say("partnerships-main-keep-problems", pages.in_language(pages.problems, code)),
        "keep-overview": say("partnerships-main-keep-overview", pages.in_language(pages.overview, code)),
        "keep-lists": say(
            "partnerships-main-keep-lists", names.list_template, docs.list_example(schema, settings.deploy)
        ),
        "keep-review": say("partnerships-main-keep-review", f"<code>{reviewed}</code>") if reviewed else "",
        "all-heading": say("partnerships-main-all"),
        "all-note": say("partnerships-main-all-note"),
    }


def preload_slots(schema: Schema, settings: Settings, say: Messages) -> dict[str, str]:
    """The preload's comments and headings in one language (messages ``partnerships-preload-*``)."""
    names = titles(schema, settings)
    main = settings.pages.in_language(names.main, say.language)
    return {
        "about": say("partnerships-preload-about", main, names.template, names.doc),
        "fill-in": _comment_text(say("partnerships-preload-fill-in", required_words(schema, say), names.doc)),
        "describe": _comment_text(say("partnerships-preload-describe")),
        "background": say("partnerships-preload-background"),
        "activities": say("partnerships-preload-activities"),
        "contacts": say("partnerships-preload-contacts"),
    }


def _comment_text(text: str) -> str:
    """A message inside an HTML comment: a ``--`` would end the comment early."""
    return text.replace("--", "- -")


def shared_slots(schema: Schema, settings: Settings) -> dict[str, str]:
    names = titles(schema, settings)
    prefix = settings.registry.prefix
    return {
        "version": str(schema.version),
        "module": names.module,
        "module-name": names.module.split(":", 1)[1],
        "list-template": names.list_template,
        "count-template": names.count_template,
        "list-name": settings.deploy.list_template,
        "count-name": settings.deploy.count_template,
        "template": names.template,
        "template-name": schema.template,
        "doc": names.doc,
        "preload": names.preload,
        "registry": names.main,
        "overview": settings.pages.overview,
        "problems": settings.pages.problems,
        "prefix": escape(prefix) if prefix else "",
        "prefix-link": wikilink(f"Special:PrefixIndex/{prefix}", prefix)
        if prefix
        else messages_for()("partnerships-main-no-prefix"),
        "required": required_words(schema),
        "list-example": docs.list_example(schema, settings.deploy),
        "lists": settings.pages.lists,
        "data": settings.pages.data,
    }


def build_pages(
    schema: Schema,
    settings: Settings,
    sources: Mapping[str, str],
    *,
    countries: CountryTable,
    messages: Mapping[str, Mapping[str, str]] | None = None,
    current_main: str | None = None,
    current_translations: Mapping[str, str | None] | None = None,
) -> list[OnwikiPage]:
    """Every page deploy writes, in deploy order. ``current_main`` is the main page's text now.

    ``messages``: language -> key -> text, the module's messages (default: ``i18n/*.json``).
    """
    settings = checked(settings, schema)
    messages = messages if messages is not None else load_messages(I18N_DIR)
    names = titles(schema, settings)
    shared = shared_slots(schema, settings)
    deploy, scope = settings.deploy, settings.registry

    def page(kind: str, title: str, slots: dict[str, str], problem: str | None = None) -> OnwikiPage:
        text = fill(sources[kind], {**shared, **slots}, name=SOURCES[kind], required=REQUIRED_SLOTS[kind])
        return OnwikiPage(title, text, kind, problem)

    module_pages = [
        OnwikiPage(
            names.module_schema,
            encode_like_mediawiki(module_data.module_schema(schema, countries, settings)),
            "module-schema",
            content_model="json",
        ),
        OnwikiPage(
            names.module_i18n,
            encode_like_mediawiki(module_data.module_i18n(messages, countries)),
            "module-i18n",
            content_model="json",
        ),
        OnwikiPage(names.module, sources["module"].rstrip() + "\n", "module", content_model="Scribunto"),
        page("module-doc", names.module_doc, {}),
    ]
    template = page("template", names.template, {"templatedata": to_json(templatedata(schema))})
    list_template = page(
        "list",
        names.list_template,
        {"filters": docs.filter_table(schema), "examples": docs.list_examples(schema, deploy)},
    )
    count_template = page("count", names.count_template, {})
    redirects = [OnwikiPage(title, f"#REDIRECT [[{names.template}]]\n", "redirect") for title in names.redirects]
    example = docs.example_call(schema)
    doc = page(
        "doc",
        names.doc,
        {
            "skeleton": docs.code_block(docs.skeleton(schema)),
            "parameters": docs.parameter_table(schema),
            "values": docs.values_section(schema, deploy),
            "example": example + "\n" + docs.code_block(example) + '\n<div style="clear:both;"></div>',
            "categories": docs.categories_section(schema, deploy, scope),
        },
    )
    skeleton = {"skeleton": docs.preload_call(schema), "skeleton-code": docs.code_block(docs.preload_call(schema))}
    preloads, mains = [], []
    current = {ENGLISH: current_main, **(current_translations or {})}
    for code in (ENGLISH, *settings.pages.languages):
        say = messages_for(code)
        title = settings.pages.in_language(names.preload, code)
        preloads.append(page("preload", title, {**skeleton, **preload_slots(schema, settings, say)}))
        kept = index_region(current.get(code), say)
        problem = None
        if isinstance(kept, MarkerProblem):
            problem = f"{kept.message}; fix the markers so the index can be kept (or -force to start it afresh)"
            kept = index_region(None, say)
        region = kept if isinstance(kept, str) else ""
        slots = {"index": region, "create-box": create_box(schema, settings, say), **main_slots(schema, settings, say)}
        main = page("main", settings.pages.in_language(names.main, code), slots, problem)
        mains.append(main if code == ENGLISH else replace(main, text=in_language(main.text, say)))
    return [*module_pages, template, *redirects, list_template, count_template, doc, *preloads, *mains]
