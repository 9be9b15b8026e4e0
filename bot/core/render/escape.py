"""Neutralise editors' text before it goes into wikitext the bot writes.

Every value that came from a wiki page (a name, a partner, a raw value in a
problem, a page title shown as a label) passes through :func:`escape` before
it reaches a table cell, a heading or a summary line. The escaped text
renders exactly as the original text reads, but it cannot:

* change a table's structure (``|``, ``||``, ``!!``, ``{|``, ``|}``, ``|-``,
  a line break, a leading ``!``, ``-``, ``+``);
* transclude or invoke anything (``{{…}}``, ``{{subst:…}}``, ``{{#invoke:…}}``);
* link, categorise or embed (``[[Category:…]]``, ``[[File:…]]``, ``[…]``);
* switch a behaviour (``__NOTOC__``), expand a signature (``~~~~``);
* open a tag or a comment (``<ref>``, ``<div>``, ``<!--``);
* turn bold or italic on (``''``, ``'''``);
* become an external link (bare ``https://…``, ``mailto:…``) or a magic link
  (``ISBN 123…``, ``RFC 123``, ``PMID 123``).

It works the way MediaWiki itself is safe to feed text: the structural
characters become HTML character references (``|`` -> ``&#124;``), which
the parser treats as plain text and the browser shows as the character.
``&`` is encoded first, so an editor's ``&#124;`` stays visible as typed.
Line breaks become spaces (a cell is one line). The rule is deliberately
simple (encode the character everywhere, not only where it would be
dangerous): it is easy to check, and ``html.unescape(escape(s))`` gives the
text back.

Links the bot builds itself go through :func:`wikilink`, which keeps them
links when the target is a valid page title and otherwise shows the label
as escaped text.
"""

from __future__ import annotations

import re

# Characters that are encoded wherever they appear. "&" must be among them so
# that an editor's own character references stay visible as typed.
_ALWAYS = {
    "&": "&amp;",
    "|": "&#124;",  # table cells, link and template separators
    "{": "&#123;",  # templates, parser functions, table start
    "}": "&#125;",
    "[": "&#91;",  # internal and external links
    "]": "&#93;",
    "<": "&lt;",  # tags, comments, <nowiki>, <ref>
    ">": "&gt;",
    "~": "&#126;",  # signatures (~~~, ~~~~, ~~~~~)
    "'": "&#39;",  # bold and italic runs
    "!": "&#33;",  # "!!" header-cell separator, leading "!"
    ":": "&#58;",  # bare URLs (https:, mailto:), leading ":" indents
}
_TRANSLATION = str.maketrans(_ALWAYS)
# Characters that mean something only at the start of a line.
_LINE_START = frozenset("-+=*#; \t")
# Line breaks and other control characters (not tab) become a space.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Behaviour switches need two underscores on each side: encode every run.
_UNDERSCORES = re.compile(r"_{2,}")
# Magic links: "ISBN 978…", "RFC 1234", "PMID 123" (case-sensitive in MediaWiki).
_MAGIC_LINK = re.compile(r"\b(ISBN|RFC|PMID)(\s)")

ELLIPSIS = "…"


def flatten(text: str) -> str:
    """``text`` on one line: line breaks and control characters become spaces."""
    return _CONTROL.sub(" ", text)


def shorten(text: str, limit: int | None) -> str:
    """``text`` cut to at most ``limit`` characters, ending in ``…`` when cut."""
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def _entity(char: str) -> str:
    return f"&#{ord(char)};"


def escape(text: str, *, at_line_start: bool = True) -> str:
    """``text`` as inert wikitext that renders as ``text`` on one line.

    ``html.unescape(escape(s)) == flatten(s)`` for every string ``s``; the
    result contains none of ``| { } [ ] < >``, no ``~~~``, no ``__``, no
    ``''``, no ``://`` and no line break. Unless ``at_line_start`` is False
    (the text follows other text on its line), a first character that means
    something at the start of a line (``- + = * # ;``, space) is encoded too.
    """
    out = flatten(text).translate(_TRANSLATION)
    out = _UNDERSCORES.sub(lambda m: "&#95;" * len(m.group()), out)
    out = _MAGIC_LINK.sub(lambda m: m.group(1) + _entity(m.group(2)), out)
    if at_line_start and out[:1] in _LINE_START:
        out = _entity(out[0]) + out[1:]
    return out


def attribute(text: str) -> str:
    """``text`` as the value of a double-quoted HTML attribute in wikitext."""
    return escape(text).replace('"', "&quot;")


# --- Links the bot builds ----------------------------------------------------

# Characters MediaWiki never allows in a title (and "#", which would start a
# fragment). The bot is defensive: a title holding one is shown as text.
_TITLE_FORBIDDEN = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")
_FRAGMENT_FORBIDDEN = re.compile(r"[<>\[\]|{}\x00-\x1f\x7f]")
# Also invalid in MediaWiki titles: signatures, character references and
# percent-escapes (the parser would decode them), relative paths, and URLs.
# Valid but refused: "''" (parsers disagree whether it is bold in a target).
_TITLE_UNSAFE = re.compile(
    r"~~~|''|&[0-9A-Za-z#\x80-\U0010ffff]+;|%[0-9A-Fa-f]{2}|^\.\.?(/|$)|/\.\.?(/|$)|^/|://"
    r"|^(?i:mailto|news|urn|tel|sips?|xmpp|geo|magnet|bitcoin|sms|matrix):"
)
_FRAGMENT_UNSAFE = re.compile(r"~~~|''|&[0-9A-Za-z#\x80-\U0010ffff]+;|://")
_SPACES = re.compile(r"[ _]+")


def normalise_title(title: str) -> str:
    """A title as MediaWiki stores it: ``_`` is a space, runs of spaces collapse."""
    return _SPACES.sub(" ", title).strip()


def is_safe_title(title: str) -> bool:
    """True when ``title`` can be a link target without any side effect."""
    return bool(title) and not _TITLE_FORBIDDEN.search(title) and not _TITLE_UNSAFE.search(title)


def is_safe_fragment(fragment: str) -> bool:
    """True when ``fragment`` can follow ``#`` in a link target."""
    return not _FRAGMENT_FORBIDDEN.search(fragment) and not _FRAGMENT_UNSAFE.search(fragment)


def wikilink(title: str, label: str | None = None, *, fragment: str | None = None) -> str:
    """A link the bot builds: ``[[:Title#fragment|label]]``, or the label as text.

    The leading colon makes a link to a category or file page a link, never a
    categorisation or an embedded image. The label is escaped; an empty label
    becomes the title (``[[:X|]]`` would be the pipe trick, which the wiki
    rewrites on save). A title or fragment that is not a valid, inert link
    target gives the escaped label without a link.
    """
    target = normalise_title(title)
    label = label or target
    if not is_safe_title(target):
        return escape(label)
    if fragment is not None:
        fragment = normalise_title(fragment)
        if not is_safe_fragment(fragment):
            return escape(label)
        if fragment:
            target = f"{target}#{fragment}"
    return f"[[:{target}|{escape(label)}]]"
