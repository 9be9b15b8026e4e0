"""Votes and indentation, read from a comment's first line.

A vote is a configured template (``{{support}}``, ``{{oppose|strongly}}``)
or a bold word (``'''Support'''``) at the start of the first line, after any
indentation (``:``, ``*``, ``#``) and after an ``{{od}}``. A vote inside
``<s>``, ``<del>`` or ``<strike>`` is struck: it does not count, and when the
editor wrote a new vote after the struck one (``<s>'''Oppose'''</s>
'''Support'''``), the new one counts, as a reader sees it. A line that
opens a strike tag it does not close on the same line (``<s>{{support}} …``
with ``</s>`` further down) is struck as a whole.

Only one short line is parsed here, with mwparserfromhell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mwparserfromhell.nodes import Comment, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.discussion.settings import ConsultationSettings, word_key
from bot.core.wikitext import parse, plain_text, tag_name, template_name

INDENT_MARKS = ":*#"
# What a vote, an {{od}} or a strike tag starts with; any other first character means plain words.
_MARKUP_STARTS = frozenset("{'<")
_OPEN_STRIKE = re.compile(r"^\s*<\s*(\w+)[^<>]*>", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class LineStart:
    """What the start of a comment's first line says."""

    indented: bool
    outdent: bool
    vote: str | None
    struck_vote: str | None


def read_line_start(line: str, settings: ConsultationSettings) -> LineStart:
    """Indentation, ``{{od}}``, and the vote at the start of ``line``."""
    indented = line[:1] in INDENT_MARKS and line[:1] != ""
    rest = line.lstrip(INDENT_MARKS).strip()
    if rest[:1] not in _MARKUP_STARTS:
        return LineStart(indented=indented, outdent=False, vote=None, struck_vote=None)  # plain words: no vote
    nodes = _significant(parse(rest).nodes)
    outdent = False
    if nodes and isinstance(nodes[0], Template) and template_name(nodes[0]) in settings.outdent_templates:
        outdent = True
        nodes = _significant(nodes[1:])
        if nodes and isinstance(nodes[0], Text):
            # "{{od}}:: text" after an outdent: the colons are the new run's indentation
            stripped = nodes[0].value.lstrip(INDENT_MARKS + " ")
            nodes = _significant([Text(stripped), *nodes[1:]])
    vote, struck = _vote(nodes, settings)
    return LineStart(indented=indented, outdent=outdent, vote=vote, struck_vote=struck)


def _significant(nodes: Sequence[Node]) -> list[Node]:
    """Drop leading white space and HTML comments."""
    nodes = list(nodes)
    while nodes and (isinstance(nodes[0], Comment) or (isinstance(nodes[0], Text) and not nodes[0].value.strip())):
        nodes.pop(0)
    if nodes and isinstance(nodes[0], Text) and nodes[0].value != nodes[0].value.lstrip():
        nodes[0] = Text(nodes[0].value.lstrip())
    return nodes


def _vote(nodes: list[Node], settings: ConsultationSettings) -> tuple[str | None, str | None]:
    struck: str | None = None
    while nodes:
        first = nodes[0]
        if isinstance(first, Tag) and tag_name(first) in settings.strike_tags:
            inside = _vote_of(_significant(first.contents.nodes if first.contents is not None else []), settings)
            struck = struck or inside
            nodes = _significant(nodes[1:])
            continue
        if isinstance(first, Text):
            opened = _OPEN_STRIKE.match(first.value)
            if opened and opened.group(1).lower() in settings.strike_tags:
                # an unclosed strike tag: everything after it on the line is struck
                rest = _significant([Text(first.value[opened.end() :]), *nodes[1:]])
                return None, struck or _vote_of(rest, settings)
        return _vote_of(nodes, settings), struck
    return None, struck


def _vote_of(nodes: list[Node], settings: ConsultationSettings) -> str | None:
    if not nodes:
        return None
    first = nodes[0]
    if isinstance(first, Template):
        return settings.vote_templates.get(template_name(first))
    if isinstance(first, Tag) and (first.wiki_markup == "'''" or tag_name(first) in ("b", "strong")):
        contents = first.contents if first.contents is not None else Wikicode([])
        inner = _significant(contents.nodes)
        if inner and isinstance(inner[0], Template):
            return _vote_of(inner, settings)
        return settings.vote_words.get(word_key(plain_text(contents, settings.text_rules)))
    return None
