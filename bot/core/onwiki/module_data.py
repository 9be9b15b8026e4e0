"""``Module:Partnerships/schema.json``: what Module:Partnerships knows, generated from the configuration.

Module:Partnerships (hand-written Lua in ``onwiki/Module-Partnerships.lua``)
reads this JSON page with ``mw.loadJsonData``; it holds no field name,
label, value or page title of its own. So the template, the lists and the
bot read the same schema, and renaming a field in ``config/schema.toml``
changes the module after ``python -m bot deploy``, with no Lua edited.

What the page holds (``version`` is this page's format)::

    {
      "version": 1,
      "schema_version": 1,
      "template": "Partnership",
      "pages": {"index": ..., "overview": ..., "problems": ..., "data": ..., "lists": ..., "doc": ...},
      "data_shards": 1,
      "scope": {"prefix": "Partnerships/", "namespaces": [0]},
      "fields": [{"id", "label", "value_type", "list", "enum", "role", "requirement",
                  "required_when": {"field", "equals"} | null, "names": [canonical, alias, ...]}],
      "params": {param key: [field, rank]},
      "enums": {enum: [{"id", "label"}]},
      "match": {enum: {match key: id}},
      "country_labels": {code: label},
      "country_match": {match key: code},
      "placeholders": [lower-cased text that means "no value"],
      "columns": [the index's columns],
      "categories": {"all", "missing", "unknown", "outside", "values": {field: {id: category}}},
      "templates": {"list": ..., "count": ...},
      "problem_codes": {"missing": [...], "unknown": [...]}
    }

* ``params`` is :func:`bot.core.textkeys.param_key` of every name a field
  is known by, with its rank (0 the canonical name, 1.. the aliases); the
  module computes the same key of each parameter it is given and chooses by
  the rule of :func:`bot.core.params.resolve_parameters`, so the two can
  never disagree on which parameter supplies a field.
* ``match`` and ``country_match`` are :func:`bot.core.textkeys.match_key` of
  every spelling the bot accepts, so a list filter (``region=East Africa``)
  and an unread page's value (for its categories) are matched as the bot
  matches them. The module's port of ``match_key`` (lower case, diacritics,
  punctuation, a plural ``s``) is tested against Python's on a shared corpus.
* Categories sort a page by its title after the registry's prefix when the
  prefix ends with ``/`` (``Partnerships/Kiwix`` -> ``Kiwix``).

``Module:Partnerships/i18n.json`` (:func:`module_i18n`) is every language's
messages from ``i18n/*.json`` (language -> key -> text), plus, for each
language other than English, the country names CLDR gives it (through
Babel, :meth:`bot.core.messages.Messages.country`) as
``partnerships-country-<alpha-2>`` keys, only where they differ from the
English name: the module shows a country in the reader's language, and in
English (the schema's ``country_labels``) where CLDR has no name. The
country keys are generated, never written in ``i18n/``: translators
translate messages, CLDR's translators translate countries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.config import Settings, checked
from bot.core.messages import ENGLISH, Messages
from bot.core.normalise.country_table import CountryTable
from bot.core.onwiki.categories import check_category
from bot.core.schema import Schema
from bot.core.textkeys import match_key

FORMAT_VERSION = 1
SCHEMA_SUBPAGE = "schema.json"
I18N_SUBPAGE = "i18n.json"

COUNTRY_PREFIX = "partnerships-country-"

MISSING_CODES = ("missing-required",)
UNKNOWN_CODES = ("unknown-value", "invalid-value", "invalid-date")


def _field(spec: Any) -> dict[str, Any]:
    when = spec.required_when
    return {
        "id": spec.name,
        "label": spec.label,
        "value_type": str(spec.type),
        "list": spec.list,
        "enum": spec.enum,
        "role": spec.role.value if spec.role is not None else None,
        "requirement": spec.requirement,
        "required_when": {"field": when.field, "equals": when.equals} if when is not None else None,
        "names": list(spec.names),
    }


def _country_match(countries: CountryTable) -> dict[str, str]:
    """Match keys of each country's English name, label and ISO codes -> alpha-2."""
    index: dict[str, str] = {}
    for code, name in sorted(countries.names.items()):
        for spelling in (code, name):
            index.setdefault(match_key(spelling), code)
    for spelling, code in sorted(countries.codes.items()):
        index.setdefault(match_key(spelling), code)
    return index


def module_schema(schema: Schema, countries: CountryTable, settings: Settings) -> dict[str, Any]:
    """The value of ``Module:Partnerships/schema.json`` (see the module docstring)."""
    settings = checked(settings, schema)
    pages, deploy, scope = settings.pages, settings.deploy, settings.registry
    enums = {name: [{"id": v.id, "label": v.label} for v in enum.values] for name, enum in schema.enums.items()}
    match = {name: dict(sorted(enum.index.items())) for name, enum in schema.enums.items()}
    values: dict[str, dict[str, str]] = {}
    for name in deploy.fields_for(schema):
        spec = schema.by_name[name]
        enum = schema.enumeration(spec)
        if enum is None or spec.list:
            continue
        values[name] = {v.id: check_category(deploy.value_category_for(name, v.label)) for v in enum.values}
    return {
        "version": FORMAT_VERSION,
        "schema_version": schema.version,
        "template": schema.template,
        "pages": {
            "index": pages.index,
            "overview": pages.overview,
            "problems": pages.problems,
            "data": pages.data,
            "lists": pages.lists,
            "doc": f"Template:{schema.template}/doc",
        },
        "data_shards": pages.data_shards,
        "scope": {"prefix": scope.prefix, "namespaces": list(scope.namespaces or ())},
        "fields": [_field(spec) for spec in schema.fields],
        "params": {key: [spec.name, rank] for key, (spec, rank) in sorted(schema.param_index.items())},
        "enums": enums,
        "match": match,
        "country_labels": dict(sorted(countries.names.items())),
        "country_match": _country_match(countries),
        "placeholders": sorted({p.strip().lower() for p in schema.text.placeholders if p.strip()}),
        "columns": list(settings.index.columns),
        "categories": {
            "all": check_category(deploy.category),
            "missing": check_category(deploy.missing_category),
            "unknown": check_category(deploy.unknown_category),
            "outside": check_category(deploy.outside_category),
            "values": values,
        },
        "problem_codes": {"missing": list(MISSING_CODES), "unknown": list(UNKNOWN_CODES)},
        "templates": {"list": deploy.list_template, "count": deploy.count_template},
    }


def country_key(code: str) -> str:
    """The key of a country's name in ``i18n.json`` (``partnerships-country-KE``)."""
    return f"{COUNTRY_PREFIX}{code}"


def module_i18n(messages: Mapping[str, Mapping[str, str]], countries: CountryTable) -> dict[str, dict[str, str]]:
    """The value of ``Module:Partnerships/i18n.json``: messages and CLDR country names by language."""
    out: dict[str, dict[str, str]] = {}
    for language in sorted(messages):
        own = dict(messages[language])
        if language != ENGLISH:
            names = Messages(language, messages)
            for code, english in sorted(countries.names.items()):
                name = names.country(code, english)
                if name and name != english:
                    own[country_key(code)] = name
        out[language] = own
    return out
