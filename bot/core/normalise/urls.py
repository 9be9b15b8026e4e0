"""Website addresses: ``https://…``, ``[https://… label]``, ``{{URL|example.org}}``.

A URL without a scheme gets ``https://``; the scheme and host are
lower-cased (they are case-insensitive); the path is kept exactly as written,
because servers may treat ``/About`` and ``/about`` differently.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from mwparserfromhell.nodes import ExternalLink, Template
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import Normalised, bad, ok
from bot.core.schema import TextRules
from bot.core.wikitext import plain_text, positional, template_name
from bot.core.wording import say

_URL_TEMPLATES = frozenset({"URL", "Url", "Official website", "Official URL", "Website"})
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$|^localhost$|^\d{1,3}(?:\.\d{1,3}){3}$", re.IGNORECASE
)


def _candidate(item: Wikicode, rules: TextRules) -> str:
    for node in item.nodes:
        if isinstance(node, ExternalLink):
            return str(node.url).strip()
        if isinstance(node, Template) and template_name(node) in _URL_TEMPLATES:
            values = positional(node)
            if values:
                return plain_text(values[0], rules)
    return plain_text(item, rules)


def normalise_url(item: Wikicode, rules: TextRules) -> Normalised:
    """One web address, with a scheme and a lower-case host."""
    raw = str(item).strip()
    text = _candidate(item, rules)
    if text.startswith("//"):
        text = "https:" + text
    elif "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        valid = parts.scheme.lower() in {"http", "https"} and bool(_HOST.match(host)) and " " not in text
    except ValueError:
        valid = False
    if not valid:
        return bad("invalid-value", say("partnerships-problem-url", raw), value=raw)
    netloc = parts.netloc
    userinfo, _, hostport = netloc.rpartition("@")
    netloc = (userinfo + "@" if userinfo else "") + hostport.lower()
    return ok(urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment)))
