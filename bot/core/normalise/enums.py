"""Enumeration values: ``Ongoing`` -> ``active``, ``GLAM-Wiki`` -> ``glam``.

Matching follows :func:`bot.core.textkeys.match_key` (case, diacritics,
punctuation, separators and a plural ``s`` ignored). An unrecognised value
is an ``unknown-value`` finding that suggests the closest ids; the record
then holds no value for it.
"""

from __future__ import annotations

from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import DID_YOU_MEAN, USE_ONE_OF, Normalised, bad, ok
from bot.core.schema import Enumeration, TextRules
from bot.core.textkeys import closest, match_key
from bot.core.wikitext import plain_text
from bot.core.wording import Either, Message, say


def suggestion(text: str, enum: Enumeration) -> Message:
    """'Did you mean X?' for the closest spellings, or a list of allowed ids."""
    spellings = {s: v.id for v in enum.values for s in (v.id, v.label, *v.spellings)}
    hits = list(dict.fromkeys(spellings[s] for s in closest(text, spellings, key=match_key, cutoff=0.5)))
    if hits:
        return say(DID_YOU_MEAN, Either(tuple(f"'{h}'" for h in hits)))
    return say(USE_ONE_OF, ", ".join(enum.ids))


def normalise_enum(item: Wikicode, enum: Enumeration, rules: TextRules) -> Normalised:
    """The canonical id of one enumeration item."""
    text = plain_text(item, rules)
    found = enum.lookup(text)
    if found is not None:
        return ok(found)
    return bad(
        "unknown-value", say("partnerships-problem-enum-unknown", text, enum.name), suggestion(text, enum), value=text
    )
