"""Who signed: user links, contributions links and ``{{unsigned}}`` templates.

A signature names its author with a link to the user page, the user talk
page or the contributions page (``~~~~`` writes ``[[User:X|X]]
([[User talk:X|talk]])``; an IP editor's signature links
``[[Special:Contributions/1.2.3.4]]``). Namespaces are matched in every
language the configuration lists, case-insensitively and with ``_`` as a
space, as MediaWiki does, and after any interwiki prefixes
(``[[m:User:X]]``, ``[[:en:User:X]]``). A link to a user's subpage names
that user (``[[User:X/Sandbox]]`` is X's): signatures often link one.
"""

from __future__ import annotations

import html
import ipaddress
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import unquote

from mwparserfromhell.nodes import Template, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.core.discussion.settings import ConsultationSettings, namespace_key
from bot.core.discussion.timestamps import parse_date_parameter
from bot.core.normalise.users import canonical_user
from bot.core.wikitext import link_target, plain_text

# Characters MediaWiki never allows in a user name.
_ILLEGAL = re.compile(r"[#<>\[\]|{}]")
# Markup removed before deciding whether a short fragment next to a signature
# holds words: links (keeping nothing), tags, entities, templates, bold/italic.
_FRAGMENT_MARKUP = re.compile(
    r"\[\[[^\]]*\]\]|\[[a-z]+://[^\]]*\]|<[^<>]*>|&[#\w]+;|\{\{[^{}]*\}\}|'{2,}", re.IGNORECASE
)
_WORD = re.compile(r"\w")
# What a signature often starts with: --, —, –, ~ (also as entities, before markup removal).
_SIGNATURE_DASH = re.compile(r"(?:--|—|–|&mdash;|&ndash;|~|-)\s*(?:<[^<>]*>\s*)*$")


def author_name(name: str) -> str | None:
    """A user name as the registry stores it, or None when it cannot be one.

    An IP address is kept as written (MediaWiki does not capitalise it);
    anything else loses underscores and gets an upper-case first letter
    (:func:`bot.core.normalise.users.canonical_user`).
    """
    name = html.unescape(name).strip()
    if "%" in name:
        name = unquote(name)
    name = " ".join(name.replace("_", " ").split())
    if not name or _ILLEGAL.search(name) or len(name) > 85:
        return None
    try:
        ipaddress.ip_address(name)
        return name
    except ValueError:
        pass
    if "/" in name:
        try:
            ipaddress.ip_network(name, strict=False)
            return name
        except ValueError:
            return None
    return canonical_user(name)


@dataclass(frozen=True, slots=True)
class UserLink:
    """Whom a link names, and whether it points at a subpage (``[[User:X/Sandbox]]``)."""

    user: str
    subpage: bool = False


def user_from_target(target: str, settings: ConsultationSettings) -> UserLink | None:
    """The user a link target names (``m:User:X/sub#top`` -> ``X``), or None."""
    parts = target.split(":")
    for i, part in enumerate(parts[:-1]):
        key = namespace_key(part)
        rest = ":".join(parts[i + 1 :]).split("#", 1)[0]
        if key in settings.user_namespaces:
            base, slash, sub = rest.partition("/")
            name = author_name(base)
            return UserLink(name, subpage=bool(slash and sub.strip())) if name else None
        if key in settings.special_namespaces:
            page, _, name = rest.partition("/")
            if namespace_key(page) in settings.contributions_pages and name:
                user = author_name(name)
                return UserLink(user) if user else None
            return None
    return None


def link_user(link: Wikilink, settings: ConsultationSettings) -> UserLink | None:
    """The user a wikilink points at, or None when it is not a user link."""
    return user_from_target(link_target(link), settings)


@dataclass(frozen=True, slots=True)
class UnsignedSignature:
    """What an ``{{unsigned|user|date}}`` template says: user, time, and what was unreadable."""

    user: str | None
    time: datetime | None
    problem: str | None = None


def read_unsigned(template: Template, settings: ConsultationSettings) -> UnsignedSignature:
    """Read the user and date of an unsigned template.

    Positional parameters (also written ``1=``, ``2=``) are read in order:
    the one that reads as a date is the date, the first other non-blank one
    is the user. A user given as a link (``[[User:X|…]]``) counts as X.
    """
    values: list[tuple[int, Wikicode]] = []
    position = 0
    for param in template.params:
        name = str(param.name).strip()
        if not param.showkey:
            position += 1  # MediaWiki numbers only the unnamed parameters
            values.append((position, param.value))
        elif name.isdigit():
            values.append((int(name), param.value))
    values.sort(key=lambda pair: pair[0])
    user = None
    time = None
    problem = None
    date_seen = False
    for _, value in values:
        text = plain_text(value, settings.text_rules)
        if not text:
            continue
        if not date_seen:
            stamp = parse_date_parameter(text, settings)
            if stamp is not None:
                date_seen = True
                time = stamp.time
                problem = stamp.problem
                continue
        if user is None:
            user = _user_in_value(value, settings) or author_name(text)
            if user is None:
                problem = f"'{text}' is not a user name"
    if user is None and problem is None:
        problem = "the template names no user"
    return UnsignedSignature(user, time, problem)


def _user_in_value(value: Wikicode, settings: ConsultationSettings) -> str | None:
    for link in value.filter_wikilinks(recursive=True):
        found = link_user(link, settings)
        if found:
            return found.user
    return None


_SIGNATURE_GAP = re.compile(r"[\s()|•·/,;:\-–—~]*")


def joins_signature_links(fragment: str) -> bool:
    """True when the text between two user links keeps them in one signature.

    ``[[User:X|X]] ([[User talk:X|talk]] • [[Special:Contributions/X|c]])``:
    spaces, brackets, bullets, bars, dashes and markup. A sentence end
    (``. ``) or a word separates a mention from the signature after it.
    """
    return bool(_SIGNATURE_GAP.fullmatch(_FRAGMENT_MARKUP.sub(" ", fragment)))


def fragment_has_words(fragment: str) -> bool:
    """True when a short piece of wikitext shows words once its markup is removed."""
    return bool(_WORD.search(_FRAGMENT_MARKUP.sub(" ", fragment)))


def plain_fragment(fragment: str) -> str:
    """A short fragment's text without links, tags, entities or simple templates."""
    return " ".join(_FRAGMENT_MARKUP.sub(" ", fragment).split())


def ends_with_signature_dash(fragment: str) -> bool:
    """True when the text right before a user link is a signature dash (``--``, ``—``)."""
    return bool(_SIGNATURE_DASH.search(fragment))
