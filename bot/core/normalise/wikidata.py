"""Wikidata ids: ``Q42``, ``q42``, ``[[d:Q42]]``, ``{{Q|42}}`` -> ``Q42``."""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import Normalised, bad, ok
from bot.core.schema import TextRules
from bot.core.wikitext import link_target, plain_text, positional, template_name
from bot.core.wording import say

_QID = re.compile(r"^(?:(?:d|wikidata)\s*:\s*)?q\s*(\d+)$", re.IGNORECASE)
_ID_TEMPLATES = frozenset({"Q", "Wikidata entity link", "Wd", "WikidataCheck"})


def normalise_wikidata(item: Wikicode, rules: TextRules) -> Normalised:
    """One Wikidata item id, upper-case."""
    raw = str(item).strip()
    for node in item.nodes:
        if isinstance(node, Template) and template_name(node) in _ID_TEMPLATES:
            values = positional(node)
            if values:
                text = plain_text(values[0], rules)
                return _checked(text if text[:1] in "qQ" else "Q" + text, raw)
        if isinstance(node, Wikilink):
            return _checked(link_target(node), raw)
    return _checked(plain_text(item, rules), raw)


def _checked(text: str, raw: str) -> Normalised:
    match = _QID.match(text.strip())
    if match and int(match.group(1)) > 0:
        return ok("Q" + str(int(match.group(1))))
    return bad("invalid-value", say("partnerships-problem-wikidata", raw), value=raw)
