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
from dataclasses import dataclass
from pathlib import Path

from bot.config import Settings, checked
from bot.core.markers import MarkerProblem, begin_marker, end_marker, find_region
from bot.core.messages import load_messages
from bot.core.normalise.country_table import CountryTable
from bot.core.onwiki import docs, module_data
from bot.core.onwiki.templatedata import templatedata, to_json
from bot.core.render.data import encode_like_mediawiki
from bot.core.render.escape import escape, wikilink
from bot.core.schema import Schema
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
INDEX_PLACEHOLDER = "\n''The bot writes the list of partnerships here on its next update.''\n"
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
            self.main,
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


def required_words(schema: Schema) -> str:
    """``name, partner, ... and measures_of_success when type is partnership``: every required field."""
    required = [spec.name for spec in schema.fields if spec.requirement == "required"]
    required += [
        f"{spec.name} when {spec.required_when.field} is {spec.required_when.equals}"
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


def index_region(current: str | None) -> str | MarkerProblem:
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
    return begin + INDEX_PLACEHOLDER + end


def create_box(schema: Schema, settings: Settings) -> str:
    """The InputBox that opens the editor on a new page under the prefix, with the preload."""
    lines = ["<inputbox>", "type=create", f"preload={titles(schema, settings).preload}"]
    if settings.registry.prefix:
        lines.append(f"prefix={settings.registry.prefix}")
    lines += [
        "placeholder=Name of the partnership",
        "buttonlabel=Create a partnership page",
        "width=40",
        "break=no",
        "</inputbox>",
    ]
    return "\n".join(lines)


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
        "prefix-link": wikilink(f"Special:PrefixIndex/{prefix}", prefix) if prefix else "the registry's namespaces",
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
    preload = page(
        "preload",
        names.preload,
        {
            "skeleton": docs.preload_call(schema),
            "skeleton-code": docs.code_block(docs.preload_call(schema)),
        },
    )
    kept = index_region(current_main)
    problem = None
    if isinstance(kept, MarkerProblem):
        problem = f"{kept.message}; fix the markers so the index can be kept (or -force to start it afresh)"
        kept = index_region(None)
    region = kept if isinstance(kept, str) else ""
    main = page("main", names.main, {"index": region, "create-box": create_box(schema, settings)}, problem)
    return [*module_pages, template, *redirects, list_template, count_template, doc, preload, main]
