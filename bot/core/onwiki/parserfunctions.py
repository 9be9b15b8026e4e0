"""Parser-function building blocks for the generated ``{{Partnership}}`` template.

Only plain wikitext, magic words and ParserFunctions (``#if``, ``#switch``,
``#titleparts``), which Meta-Wiki has; no Lua, no string functions (Meta
keeps ``$wgPFEnableStringFunctions`` off). Each choice follows a MediaWiki
behaviour:

* **Aliases fall back to the first non-blank name.** ``{{{a|{{{b|}}}}}}``
  picks ``a`` whenever it is *given*, even blank (an editor's empty ``|a=``
  left by a preload or VisualEditor), so the value is an ``#if`` chain:
  ``{{#if:{{{a|}}}|{{{a}}}|{{#if:{{{b|}}}|{{{b}}}|{{{c|}}}}}}}``. Named
  parameter values arrive trimmed, and ``#if`` trims its branches.
* **Placeholders count as empty** for the tracking categories (``?``,
  ``TBD`` ...: ``[text] placeholders`` of the schema), as the bot's extractor
  counts them, so the template and the problems page agree on what is missing.
* **Enumeration values are recognised by ``#switch`` over lower-cased
  spellings** (``{{lc:}}``): the id, the label and every spelling of the
  schema, with ``-``/``_``/space variants and a plural ``s``. ``#switch``
  trims and decodes character references on both sides. The bot's own
  matching is more forgiving (diacritics, punctuation); a value the
  template does not know goes to a tracking category, never to a category
  named after the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.core.schema import Enumeration, EnumValue, FieldSpec, Schema

# A #switch case cannot hold these (they end the case or start markup); such
# spellings are left to the bot's matching.
_UNSWITCHABLE = re.compile(r"[|={}\[\]<>]")
_SEPARATORS = re.compile(r"[\s_-]+")


def arg(name: str) -> str:
    """``{{{name|}}}``: the parameter's value, empty when it is not given."""
    return "{{{" + name + "|}}}"


def value(spec: FieldSpec) -> str:
    """The field's value: its first non-blank name, in the schema's order."""
    names = spec.names
    expression = arg(names[-1])
    for name in reversed(names[:-1]):
        expression = "{{#if:" + arg(name) + "|{{{" + name + "}}}|" + expression + "}}"
    return expression


def placeholders(spec: FieldSpec, schema: Schema) -> tuple[str, ...]:
    """Whole values that mean "no value" in this field (its ``keep_placeholders`` aside)."""
    kept = {p.casefold() for p in spec.keep_placeholders}
    return tuple(
        p
        for p in _unique(p.strip().lower() for p in schema.text.placeholders)
        if p and p.casefold() not in kept and _switchable(p)
    )


def present(spec: FieldSpec, schema: Schema) -> str:
    """``1`` when the field holds a value that is not blank and not a placeholder, else nothing."""
    subject = value(spec)
    words = placeholders(spec, schema)
    if not words:
        return "{{#if:" + subject + "|1}}"
    return "{{#if:" + subject + "|" + switch("{{lc:" + subject + "}}", [(words, "")], default="1") + "}}"


def spelling_keys(spelling: str) -> list[str]:
    """The lower-cased forms of one spelling that ``#switch`` should recognise."""
    base = " ".join(spelling.lower().split())
    forms = [base, _SEPARATORS.sub(" ", base), _SEPARATORS.sub("-", base), _SEPARATORS.sub("", base)]
    if "&" in base:
        forms.append(" ".join(base.replace("&", " and ").split()))
    forms += [form + "s" for form in list(forms) if not form.endswith("s")]
    return [form for form in _unique(forms) if _switchable(form)]


def enum_keys(enum: Enumeration) -> dict[str, tuple[str, ...]]:
    """For each value id, the ``#switch`` keys that name it.

    A key is kept only when the bot's own matching (:meth:`Enumeration.lookup`)
    gives the same value, so the template never files a page under a value
    the bot reads differently.
    """
    keys: dict[str, tuple[str, ...]] = {}
    for item in enum.values:
        own = [key for spelling in _spellings(item) for key in spelling_keys(spelling)]
        keys[item.id] = tuple(key for key in _unique(own) if enum.lookup(key) == item.id)
    return keys


def switch(subject: str, cases: Sequence[tuple[Sequence[str], str]], *, default: str | None = None) -> str:
    """``{{#switch:subject|k1|k2=result|...|#default=default}}``; cases without keys are left out."""
    parts = ["{{#switch:" + subject]
    for keys, result in cases:
        if keys:
            parts.append("|" + "|".join(keys) + "=" + result)
    if default is not None:
        parts.append("|#default=" + default)
    return "".join(parts) + "}}"


def lowered(spec: FieldSpec) -> str:
    """The field's value, lower-cased for ``#switch``."""
    return "{{lc:" + value(spec) + "}}"


def _spellings(item: EnumValue) -> Iterable[str]:
    return (item.id, item.label, *item.spellings)


def _switchable(key: str) -> bool:
    return bool(key) and not key.startswith("#") and not _UNSWITCHABLE.search(key)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
