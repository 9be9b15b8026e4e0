"""User names: ``[[User:X|…]]``, ``{{u|X}}``, ``[[m:User:X]]`` or a plain name.

The output is the name as MediaWiki stores it: no namespace, underscores as
spaces, the first letter upper-case (MediaWiki's ``$wgCapitalLinks``).
"""

from __future__ import annotations

import re
from functools import cache

from mwparserfromhell.nodes import Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import Normalised, bad, ok
from bot.core.schema import TextRules
from bot.core.textkeys import title_key
from bot.core.wikitext import link_target, plain_text, positional, template_name
from bot.core.wording import say

# Characters MediaWiki never allows in a user name (title-illegal characters).
_ILLEGAL = re.compile(r"[#<>\[\]|{}/@:]|~~~")
_INTERWIKI = re.compile(r"^(?:[a-z][a-z0-9-]*:)+", re.IGNORECASE)


def canonical_user(name: str) -> str:
    """Underscores as spaces, white space collapsed, first letter upper-case."""
    return title_key(name.replace("_", " "))


def _user_from_target(target: str, namespaces: frozenset[str]) -> str | None:
    """``m:User:X/sub`` -> ``X``; None when the link is not to a user page."""
    parts = target.split(":")
    for i, part in enumerate(parts[:-1]):
        if part.strip().casefold() in namespaces:
            return ":".join(parts[i + 1 :]).split("/", 1)[0].split("#", 1)[0]
    return None


@cache
def _keys(rules: TextRules) -> tuple[frozenset[str], frozenset[str]]:
    """User namespaces (case-folded) and user templates (as MediaWiki compares names)."""
    return frozenset(n.casefold() for n in rules.user_namespaces), frozenset(title_key(t) for t in rules.user_templates)


def normalise_user(item: Wikicode, rules: TextRules) -> Normalised:
    """The user name an item names, from its first user link or user template."""
    namespaces, user_templates = _keys(rules)
    raw = str(item).strip()
    other_link = False
    for node in item.nodes:
        if isinstance(node, Wikilink):
            name = _user_from_target(link_target(node), namespaces)
            if name:
                return _checked(name, raw)
            other_link = True
        elif isinstance(node, Template) and template_name(node) in user_templates:
            values = positional(node)
            if values:
                return _checked(plain_text(values[0], rules), raw)
    if other_link:
        return _checked("", raw)
    text = plain_text(item, rules)
    stripped = _INTERWIKI.sub("", text)
    name = _user_from_target(text, namespaces) if ":" in text else None
    return _checked(name or stripped, raw)


def _checked(name: str, raw: str) -> Normalised:
    name = name.strip()
    if not name or _ILLEGAL.search(name) or len(name) > 85:
        return bad("invalid-value", say("partnerships-problem-user", raw), value=raw)
    return ok(canonical_user(name))
