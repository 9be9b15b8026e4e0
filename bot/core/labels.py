"""The registry's own vocabulary in a reader's language: field labels and enumeration values.

``config/schema.toml`` holds the English labels (TemplateData, the form and
the docs are generated from it). Their translations are messages like any
other, under keys made from the schema's ids, so a translator finds them in
``i18n/<language>.json`` next to the rest:

* ``partnerships-field-<field>``: a field's label (``partnerships-field-start``);
* ``partnerships-value-<enum>-<id>``: an enumeration value's label
  (``partnerships-value-status-active``).

``i18n/en.json`` repeats the schema's English labels under the same keys
(``tests/unit/test_messages.py`` checks they agree), so translators see the
source text and ``qqq.json`` documents each one. A key a language lacks, or
a field added to the schema and not yet translated, shows the English label.
Country names are not here: they come from CLDR (:meth:`Messages.country`).
"""

from __future__ import annotations

from bot.core.messages import ENGLISH, Messages
from bot.core.schema import FieldSpec, Schema

FIELD_PREFIX = "partnerships-field-"
VALUE_PREFIX = "partnerships-value-"


def field_key(name: str) -> str:
    return f"{FIELD_PREFIX}{name}"


def value_key(enum: str, value_id: str) -> str:
    return f"{VALUE_PREFIX}{enum}-{value_id}"


def _translated(messages: Messages | None, key: str, english: str) -> str:
    """The translation of ``english`` under ``key``, or ``english`` itself.

    English always comes from the schema (the source text). A translation
    is used only while ``en.json`` holds the same English under the key: a
    label changed in ``config/schema.toml`` shows in English in every
    language until it is translated again, rather than as a stale translation.
    """
    if messages is None or messages.language == ENGLISH:
        return english
    if messages.catalogue.get(ENGLISH, {}).get(key) != english:
        return english
    text = messages.template(key)
    return text if text is not None else english


def field_label(messages: Messages | None, spec: FieldSpec) -> str:
    """The field's label in the messages' language (the schema's English label without a translation)."""
    return _translated(messages, field_key(spec.name), spec.label)


def value_label(messages: Messages | None, enum: str, value_id: str, english: str) -> str:
    """An enumeration value's label in the messages' language (``english`` without a translation)."""
    return _translated(messages, value_key(enum, value_id), english)


def schema_messages(schema: Schema) -> dict[str, str]:
    """The English messages the schema's labels make: what ``i18n/en.json`` must hold for them."""
    out = {field_key(f.name): f.label for f in schema.fields}
    for name, enum in schema.enums.items():
        for value in enum.values:
            out[value_key(name, value.id)] = value.label
    return out
