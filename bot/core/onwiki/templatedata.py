"""The template's TemplateData, generated from the schema.

TemplateData is what VisualEditor's template dialog (and TemplateWizard)
shows: every parameter's label, description, type, aliases, example and
suggested values, which are required or suggested, in which order, and the
layout of the wikitext it writes (``format: block``, one parameter a line,
like the registry's pages).

Choices where the schema says more than TemplateData can:

* A field that is required only under a condition (``measures_of_success``
  when ``type`` is ``partnership``) is ``suggested``: TemplateData has no
  conditions, and ``required`` would make VisualEditor nag on every page.
* Enumerations suggest their *labels* (``On hold``), which the bot and the
  template both accept, rather than ids (``on-hold``).
* List fields of text become ``content`` (several lines); a field typed
  ``user`` becomes ``wiki-user-name`` even when it holds several names.

The JSON goes inside ``<templatedata>`` in the template's own
``<noinclude>`` (not on the doc page): the TemplateData extension stores it
when *that* page is saved, so a deploy updates VisualEditor at once instead
of after a links update of the template, which Meta's job queue may run
hours later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from bot.core.labels import field_label
from bot.core.messages import ENGLISH, Messages, messages_for
from bot.core.schema import FieldSpec, Schema, ValueType

# Schema value types -> TemplateData types (lists of text are "content").
TYPES = {
    ValueType.TEXT: "line",
    ValueType.ENUM: "line",
    ValueType.DATE: "date",
    ValueType.COUNTRY: "line",
    ValueType.REGION: "line",
    ValueType.USER: "wiki-user-name",
    ValueType.URL: "url",
    ValueType.WIKIDATA: "line",
}
LIST_TYPES = {ValueType.TEXT: "content"}
# TemplateData shows suggested values only for these types.
SUGGESTING_TYPES = frozenset({"line", "string", "number", "unknown", "content", "unbalanced-wikitext"})

_BLOCK = re.compile(r"<templatedata>(.*?)</templatedata>", re.S | re.I)


def param_type(spec: FieldSpec) -> str:
    kind = ValueType(spec.type)
    return (LIST_TYPES.get(kind) if spec.list else None) or TYPES[kind]


def suggested_values(spec: FieldSpec, schema: Schema) -> list[str]:
    enum = schema.enums.get(spec.enum) if spec.enum else None
    return [item.label for item in enum.values] if enum else []


def template_description(schema: Schema) -> str:
    return (
        f"The infobox of a partnership page in the Wikimedia movement's partnerships registry. "
        f"It shows the partnership's details and files the page in the registry's categories; "
        f"the partnerships bot reads the same parameters (schema v{schema.version})."
    )


def translated_labels(spec: FieldSpec, catalogue: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """The field's label by language: English from the schema, others from ``i18n/`` where translated."""
    labels = {ENGLISH: spec.label}
    for code in sorted(catalogue):
        if code != ENGLISH and (text := field_label(Messages(code, catalogue), spec)) != spec.label:
            labels[code] = text
    return labels


def parameter(
    spec: FieldSpec, schema: Schema, catalogue: Mapping[str, Mapping[str, str]] | None = None
) -> dict[str, Any]:
    """One parameter's TemplateData. Its label is an InterfaceText object (``{"en": …, "de": …}``)
    when translations exist, so VisualEditor's template dialog shows it in the editor's language;
    descriptions exist in English only (``config/schema.toml``)."""
    kind = param_type(spec)
    labels = translated_labels(spec, catalogue or {})
    label: str | dict[str, str] = labels if len(labels) > 1 else spec.label
    data: dict[str, Any] = dict(label=label, description=spec.description or spec.label, type=kind)
    if spec.aliases:
        data["aliases"] = list(spec.aliases)
    if spec.requirement == "required":
        data["required"] = True
    elif spec.requirement == "suggested" or spec.required_when is not None:
        data["suggested"] = True
    values = suggested_values(spec, schema)
    if values and kind in SUGGESTING_TYPES:
        data["suggestedvalues"] = values
    if spec.fallback == "title":
        data["default"] = "The last part of the page title"
    if spec.example:
        data["example"] = spec.example
    return data


def templatedata(schema: Schema, catalogue: Mapping[str, Mapping[str, str]] | None = None) -> dict[str, Any]:
    """The TemplateData object for the template, in the schema's field order.

    ``catalogue`` (language -> key -> text, default ``i18n/``) gives the labels' translations.
    """
    catalogue = catalogue if catalogue is not None else messages_for().catalogue
    return dict(
        description=template_description(schema),
        params={spec.name: parameter(spec, schema, catalogue) for spec in schema.fields},
        paramOrder=[spec.name for spec in schema.fields],
        format="block",
    )


def to_json(data: dict[str, Any]) -> str:
    """Indented JSON, as the TemplateData editor writes it; never closes the tag early."""
    text = json.dumps(data, ensure_ascii=False, indent="\t")
    return text.replace("</", "<\\/")


def read_templatedata(text: str) -> dict[str, Any] | None:
    """The TemplateData object inside a page's ``<templatedata>`` tag, or None."""
    match = _BLOCK.search(text or "")
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
