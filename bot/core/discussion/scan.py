"""Walk a parsed talk page and list what matters, with exact positions.

mwparserfromhell turns every node back into exactly the text it came from,
so the position of a node inside its parent is known from the lengths of
the nodes before it (and, inside a tag, template or parameter, from the
markup around its children, see ``Tag.__str__`` and ``Template.__str__``).
The walk yields events in page order:

* ``heading``: a section heading at the start of a line, as a reader sees
  the page: at the top level, inside an HTML tag such as ``<div>`` and inside
  a template parameter (``{{Discussion|1=…=== Discussion 1 ===…}}`` renders
  its headings as sections); not inside a table cell, a link, a comment,
  ``<nowiki>``, ``<pre>`` or a quotation;
* ``user``: a link to a user, user talk or contributions page;
* ``timestamp``: a signature timestamp (or something that looks like one);
* ``unsigned``: an ``{{unsigned|user|date}}``-style template.

What a reader does not see as someone's words is not walked: HTML comments,
``<nowiki>``, ``<pre>``, code and maths, quotations (``{{tq|…}}``,
``{{quote|…}}``, ``<blockquote>``), link text and the text of external links.
Template parameters are walked (a closing statement in
``{{Discussion|comment=…}}`` is signed there), except that a named parameter
whose whole value is a timestamp is a date field (``{{Article history|
action1date=20:38, 27 April 2008 (UTC)}}``), not a signature.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from datetime import datetime
from html.entities import name2codepoint
from typing import Any

import mwparserfromhell
from mwparserfromhell.definitions import URI_SCHEMES
from mwparserfromhell.nodes import (
    Comment,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from bot.core.discussion.layout import layout
from bot.core.discussion.settings import ConsultationSettings
from bot.core.discussion.signatures import link_user, read_unsigned, user_from_target
from bot.core.discussion.timestamps import find_timestamps
from bot.core.textkeys import title_key
from bot.core.wikitext import parse, plain_text, tag_name, template_name

_TABLE_TAGS = frozenset({"table", "tr", "td", "th", "caption"})


@dataclass(frozen=True, slots=True)
class Event:
    """Something found at ``start``..``end`` (offsets into the page text).

    ``wrappers`` are the start offsets of the inline tags (``<small>``,
    ``<span>`` …) that enclose a user link, outermost first; ``subpage`` is
    true for a link to a user's subpage (``[[User:X/Sandbox]]``);
    ``container`` is where the template parameter holding the event starts
    (0 at the top level), so that a comment signed inside
    ``{{Discussion|comment=…}}`` does not take the template's opening as its words;
    ``template_end`` is where the outermost template holding the event ends
    (0 at the top level), so that the next comment does not start with ``}}``.
    """

    kind: str
    start: int
    end: int
    user: str | None = None
    time: datetime | None = None
    problem: str | None = None
    stamp_kind: str = ""
    title: str = ""
    level: int = 0
    wrappers: tuple[int, ...] = ()
    subpage: bool = False
    container: int = 0
    template_end: int = 0


@dataclass(frozen=True, slots=True)
class PageScan:
    """The events of a page in order, where its HTML comments are, and what could not be parsed.

    ``errors`` are (offset, message) pairs: a piece of the page that
    mwparserfromhell itself failed on (its internal error), skipped.
    """

    events: tuple[Event, ...]
    comment_spans: tuple[tuple[int, int], ...]
    errors: tuple[tuple[int, str], ...] = ()


# A piece holding none of these is only text, plain [[links]] and simple inline tags (checked below).
_NOT_SIMPLE = ("{", "}", "\n")
# Free-link schemes that need no "//" (mwparserfromhell.definitions.URI_SCHEMES).
_BARE_SCHEMES = tuple(f"{scheme}:" for scheme, slashes in URI_SCHEMES.items() if not slashes)
_LIST_MARKERS = "*#:"
# Inline tags the fast path reads itself: always closed, never hiding their contents.
_INLINE_TAGS = frozenset({"small", "span", "font", "sup", "sub", "big", "b", "i", "s", "u", "tt", "strong", "em"})
_LINE_BREAKS = ("<br>", "<br/>", "<br />")
_SPECIAL = re.compile(r"[\[\]<>]")  # where the next link or tag may start, within one line

Token = tuple[str, int, int, str]
"""(kind, start, end, detail): ``link`` (detail: the target), ``open``/``close`` (detail: the tag's
name), ``break`` (a ``<br>``), ``external`` (a bracketed URL; detail: the URL); the text between
tokens is text."""


def simple_tokens(piece: str) -> list[Token] | None:
    """The links and tags of a piece that is only text, plain links and simple inline tags, or None.

    Such a piece parses to Text, Wikilink and Tag nodes (and, at the line's
    start, list markers as tags), nothing else, so the walker's events can
    be found without building mwparserfromhell's tree, which is most of the
    time a big talk page takes. The tags must be ones that never hide their
    contents (``<small>``, ``<span style="…">``, ``<font>`` …), each closed,
    properly nested, with attributes free of markup; ``<br>`` stands alone.
    Anything else (a template, an entity, an external link, a heading, a
    definition list, another tag, a bracket outside a plain link) returns
    None and the piece is parsed as before.
    ``tests/unit/test_discussion_scan_fast.py`` checks both ways agree on every
    real talk page in the tests.
    """
    if not piece or piece[0] in "=;" or piece.startswith("----") or any(c in piece for c in _NOT_SIMPLE):
        return None
    if ":" in piece and any(scheme in piece.lower() for scheme in _BARE_SCHEMES):
        return None
    tokens: list[Token] = []
    open_tags: list[str] = []
    position = 0
    length = len(piece)
    while position < length:
        char = piece[position]
        if char == "[" and not piece.startswith("[[", position):
            token = _external_link(piece, position)
            if token is None:
                return None
            tokens.append(token)
            position = token[2]
        elif char == "[":
            end = piece.find("]]", position + 2)
            inner = piece[position + 2 : end] if end >= 0 else ""
            if not piece.startswith("[[", position) or end < 0 or "[" in inner or "]" in inner:
                return None
            target, bar, label = inner.partition("|")
            # Tags in a link's text are not walked (a link's text is not a signature), but they must not
            # reach past it, and the target must be a plain title.
            if not target.strip() or "<" in target or ">" in target or (bar and not _balanced_tags(label)):
                return None
            tokens.append(("link", position, end + 2, target))
            position = end + 2
        elif char == "]" or char == ">":
            return None
        elif char == "<":
            token = _tag_token(piece, position)
            if token is None:
                return None
            kind, _, end, name = token
            if kind == "open":
                open_tags.append(name)
            elif kind == "close" and (not open_tags or open_tags.pop() != name):
                return None
            tokens.append(token)
            position = end
        else:
            special = _SPECIAL.search(piece, position)
            position = special.start() if special else length
    if open_tags or piece.count("://") != sum(1 for kind, *_ in tokens if kind == "external"):
        return None  # a URL outside brackets is a free link: its end is the parser's to find
    return tokens


_URL_STARTS = ("http://", "https://")


def _external_link(piece: str, start: int) -> Token | None:
    """A bracketed external link at ``start`` (``[https://example.org label]``), or None.

    Its text is not walked, as the walker does not walk an ExternalLink. The
    URL must be http(s) with at least one character, and the brackets must
    hold no markup, so that mwparserfromhell reads exactly this span as the link.
    """
    head = piece[start + 1 : start + 9].lower()
    scheme = next((s for s in _URL_STARTS if head.startswith(s)), None)
    end = piece.find("]", start)
    if scheme is None or end < 0:
        return None
    inner = piece[start + 1 : end]
    url = inner.split(" ", 1)[0].split("\t", 1)[0]
    if len(url) <= len(scheme) or any(c in inner for c in '[<>{}"&') or inner.count("://") != 1:
        return None
    return ("external", start, end + 1, url)


_HEADING_MARKUP = frozenset("[]{}<>&'~_|\t")


def simple_heading(piece: str) -> tuple[str, int] | None:
    """(title, level) of a heading line whose title is plain words (``== Votes ==``), or None.

    As MediaWiki and mwparserfromhell read it: the level is the smaller run
    of ``=`` (at most 6), and the longer side keeps its extra ``=`` in the
    title (``=== A ==`` is level 2, titled ``= A``). A title with any markup
    is left to the parser.
    """
    if not piece.startswith("=") or not piece.endswith("=") or piece != piece.strip():
        return None
    lead = len(piece) - len(piece.lstrip("="))
    trail = len(piece) - len(piece.rstrip("="))
    if lead + trail >= len(piece):
        return None
    level = min(lead, trail, 6)
    title = piece[level : len(piece) - level]
    if _HEADING_MARKUP.intersection(title) or "\n" in title or not title.strip("= "):
        return None
    return " ".join(title.split()), level


def text_nodes(text: str, base: int) -> list[tuple[Text | HTMLEntity, int]]:
    """Text with its character references as mwparserfromhell reads them: the nodes and their offsets.

    ``&name;`` is an entity when HTML 4 names it (``&nbsp;``, ``&amp;``; not
    ``&AMP;`` or ``&nbsp`` without its semicolon), ``&#160;`` and ``&#xA0;``
    when the number is a character (1 to 0x10FFFF); anything else is text.
    """
    nodes: list[tuple[Text | HTMLEntity, int]] = []
    position = 0
    start = 0
    while (amp := text.find("&", position)) >= 0:
        end = text.find(";", amp)
        entity = _entity(text[amp + 1 : end]) if end > amp + 1 else None
        if entity is None:
            position = amp + 1
            continue
        if amp > start:
            nodes.append((Text(text[start:amp]), base + start))
        nodes.append((entity, base + amp))
        start = position = end + 1
    if start < len(text):
        nodes.append((Text(text[start:]), base + start))
    return nodes


def _entity(body: str) -> HTMLEntity | None:
    """The entity ``&body;`` names, or None when mwparserfromhell reads it as text."""
    if body.startswith("#"):
        digits, hexadecimal = body[1:], False
        if digits[:1] in ("x", "X"):
            hex_char, digits, hexadecimal = digits[0], digits[1:], True
        if not digits or not all(c in (string.hexdigits if hexadecimal else string.digits) for c in digits):
            return None
        if not 0 < int(digits, 16 if hexadecimal else 10) <= 0x10FFFF:
            return None
        return HTMLEntity(digits, named=False, hexadecimal=hexadecimal, hex_char=hex_char if hexadecimal else "x")
    if body.isalnum() and body.isascii() and body in name2codepoint:
        return HTMLEntity(body, named=True)
    return None


def _balanced_tags(text: str) -> bool:
    """Whether a link's text holds only simple inline tags, each closed within it."""
    if "<" not in text and ">" not in text:
        return True
    tokens = simple_tokens(text)
    return tokens is not None and all(kind != "link" for kind, *_ in tokens)


def _tag_token(piece: str, start: int) -> Token | None:
    """The inline tag at ``start`` (see :func:`simple_tokens`), or None when it is anything else."""
    for form in _LINE_BREAKS:
        if piece[start : start + len(form)].lower() == form:
            return ("break", start, start + len(form), "br")
    close = piece.find(">", start)
    if close < 0:
        return None
    inside = piece[start + 1 : close]
    if inside.startswith("/"):
        name = inside[1:]
        return ("close", start, close + 1, name.lower()) if name.lower() in _INLINE_TAGS else None
    name, _, attributes = inside.partition(" ")
    if name.lower() not in _INLINE_TAGS or not name.isalpha() or inside.endswith("/"):
        return None
    if any(c in attributes for c in "<[]'&") or attributes.count('"') % 2 or ("=" not in attributes and attributes):
        return None
    return ("open", start, close + 1, name.lower())


def scan(text: str, settings: ConsultationSettings) -> PageScan:
    """Walk the page's pieces that can matter (see :mod:`bot.core.discussion.layout`)."""
    walker = _Walker(settings, text)
    errors: list[tuple[int, str]] = []
    page = layout(text, (*settings.hidden_tags, *settings.quote_tags))
    for piece in page.pieces:
        chunk = text[piece.start : piece.end]
        found = simple_heading(chunk)
        if found is not None:
            walker.heading(piece.start, len(chunk), *found)
            continue
        tokens = simple_tokens(chunk)
        if tokens is not None:
            walker.walk_simple(chunk, piece.start, tokens)
            continue
        try:
            code = mwparserfromhell.parse(text[piece.start : piece.end], skip_style_tags=True)
        except ParserError as exc:  # mwparserfromhell's own internal error: report it, do not crash
            errors.append((piece.start, str(exc)))
            continue
        walker.walk(code, piece.start, _TOP)
    events = sorted(walker.events, key=lambda e: (e.start, e.end))
    return PageScan(tuple(events), page.comment_spans, tuple(errors))


@dataclass(frozen=True, slots=True)
class _Context:
    """Where the walk is: inside a template parameter? inside which inline tags?"""

    in_template: bool = False
    in_table: bool = False
    wrappers: tuple[int, ...] = ()
    container: int = 0
    template_end: int = 0


_TOP = _Context()


class _Walker:
    def __init__(self, settings: ConsultationSettings, text: str) -> None:
        self.settings = settings
        self.text = text
        self.events: list[Event] = []

    def walk(self, code: Wikicode, base: int, context: _Context) -> None:
        pos = base
        run: list[tuple[Text | HTMLEntity, int]] = []
        for node in code.nodes:
            length = len(str(node))
            if isinstance(node, (Text, HTMLEntity)):
                run.append((node, pos))
            else:
                self._text_run(run, context)
                run = []
                self._node(node, pos, length, context)
            pos += length
        self._text_run(run, context)

    def heading(self, start: int, length: int, title: str, level: int) -> None:
        """A heading line read by :func:`simple_heading` (what :meth:`_node` records for a Heading)."""
        self._event("heading", start, start + length, _TOP, title=title, level=level)

    def walk_simple(self, piece: str, base: int, tokens: list[Token]) -> None:
        """What :meth:`walk` finds in a piece of text, plain links and inline tags (see :func:`simple_tokens`)."""
        position = len(piece) - len(piece.lstrip(_LIST_MARKERS))  # list markers are tags, not text
        wrappers: list[int] = []  # where the enclosing signature wrappers start, outermost first
        opened: list[bool] = []  # for each open tag: is it a wrapper?
        for kind, start, end, detail in tokens:
            if start < position:  # a token inside the leading list markers: cannot happen, but never walk back
                return
            self._plain_text(piece[position:start], base + position, wrappers)
            if kind == "link":
                found = user_from_target(detail.strip().lstrip(":").strip(), self.settings)
                if found:
                    self._event(
                        "user",
                        base + start,
                        base + end,
                        _TOP,
                        user=found.user,
                        subpage=found.subpage,
                        wrappers=tuple(wrappers),
                    )
            elif kind == "open":
                wrapper = detail in self.settings.signature_wrappers
                opened.append(wrapper)
                if wrapper:
                    wrappers.append(base + start)
            elif kind == "close" and opened.pop():
                wrappers.pop()
            position = end
        self._plain_text(piece[position:], base + position, wrappers)

    def _plain_text(self, text: str, base: int, wrappers: list[int]) -> None:
        if text and ("(" in text or "&" in text):  # an entity can be the "(" (&#40;)
            context = replace(_TOP, wrappers=tuple(wrappers)) if wrappers else _TOP
            self._text_run(text_nodes(text, base) if "&" in text else [(Text(text), base)], context)

    def _event(self, kind: str, start: int, end: int, context: _Context, **values: Any) -> None:
        self.events.append(
            Event(kind, start, end, container=context.container, template_end=context.template_end, **values)
        )

    def _node(self, node: object, pos: int, length: int, context: _Context) -> None:
        if isinstance(node, Comment):
            return  # the layout knows where comments are
        if isinstance(node, Heading):
            if not context.in_table and (pos == 0 or self.text[pos - 1] == "\n"):
                title = plain_text(node.title, self.settings.text_rules)
                self._event("heading", pos, pos + length, context, title=title, level=node.level)
        elif isinstance(node, Wikilink):
            found = link_user(node, self.settings)
            if found:
                self._event(
                    "user",
                    pos,
                    pos + length,
                    context,
                    user=found.user,
                    subpage=found.subpage,
                    wrappers=context.wrappers,
                )
        elif isinstance(node, Template):
            self._template(node, pos, length, context)
        elif isinstance(node, Tag):
            self._tag(node, pos, length, context)
        # external links and {{{arguments}}} hold nothing a signature is made of

    def _template(self, node: Template, pos: int, length: int, context: _Context) -> None:
        settings = self.settings
        name = _without_subst(template_name(node))
        if name in settings.unsigned_templates:
            signed = read_unsigned(node, settings)
            self._event(
                "unsigned", pos, pos + length, context, user=signed.user, time=signed.time, problem=signed.problem
            )
            return
        if name in settings.quote_templates:
            return
        offset = pos + 2 + len(str(node.name)) + 1  # "{{", the name, "|"
        for param in node.params:
            value_offset = offset + (len(str(param.name)) + 1 if param.showkey else 0)
            if not (param.showkey and _is_lone_timestamp(str(param.value), settings)):
                inner = _Context(
                    in_template=True,
                    in_table=context.in_table,
                    container=value_offset,
                    template_end=context.template_end or pos + length,
                )
                self.walk(_with_headings(param.value), value_offset, inner)
            offset += len(str(param)) + 1

    def _tag(self, node: Tag, pos: int, length: int, context: _Context) -> None:
        settings = self.settings
        name = tag_name(node)
        if name in settings.hidden_tags or name in settings.quote_tags:
            return
        if node.self_closing or node.contents is None or node.invalid:
            return
        contents = str(node.contents)
        if node.wiki_markup:
            # bold, list markers, table cells: the markup, attributes and separator come first
            attrs = "".join(str(a) for a in node.attributes)
            inner = len(node.wiki_markup + attrs + (node.padding or "") + (node.wiki_style_separator or ""))
        else:
            # <tag attrs>contents</tag>: the contents end where the closing tag starts
            inner = length - len("</" + str(node.closing_tag) + ">") - len(contents)
        if name in settings.signature_wrappers and not node.wiki_markup:
            context = replace(context, wrappers=(*context.wrappers, pos))
        if name in _TABLE_TAGS and not context.in_table:
            context = replace(context, in_table=True)
        self.walk(node.contents, pos + inner, context)

    def _text_run(self, run: list[tuple[Text | HTMLEntity, int]], context: _Context) -> None:
        """Find timestamps in consecutive text and entities (``12:34,&nbsp;5 May``)."""
        if not run:
            return
        if all(isinstance(node, Text) for node, _ in run):
            text = "".join(node.value for node, _ in run if isinstance(node, Text))
            if "(" not in text:
                return
            base = run[0][1]  # consecutive text nodes: page offsets run on with the text

            def locate(start: int, end: int) -> tuple[int, int]:
                return base + start, base + end

        else:
            text, locate = self._mapped(run)
            if "(" not in text:
                return
        line_start = 0
        for line in text.split("\n"):
            if "(" in line:
                for stamp in find_timestamps(line, self.settings):
                    start, end = locate(line_start + stamp.start, line_start + stamp.end)
                    self._event(
                        "timestamp", start, end, context, time=stamp.time, problem=stamp.problem, stamp_kind=stamp.kind
                    )
            line_start += len(line) + 1

    @staticmethod
    def _mapped(run: list[tuple[Text | HTMLEntity, int]]) -> tuple[str, Any]:
        """Text with entities decoded, and a function from its offsets to the page's."""
        chars: list[str] = []
        spans: list[tuple[int, int]] = []
        for node, pos in run:
            if isinstance(node, Text):
                for i, ch in enumerate(node.value):
                    chars.append(ch)
                    spans.append((pos + i, pos + i + 1))
            else:
                raw = str(node)
                for ch in node.normalize():
                    chars.append(ch)
                    spans.append((pos, pos + len(raw)))

        def locate(start: int, end: int) -> tuple[int, int]:
            return spans[start][0], spans[end - 1][1]

        return "".join(chars), locate


def _with_headings(value: Wikicode) -> Wikicode:
    """A template parameter's value, parsed again when it holds heading lines.

    mwparserfromhell reads headings only outside templates, but a reader sees
    a heading at the start of a line inside a parameter as a section once
    the template is expanded (``{{Discussion|1=\n=== Discussion 1 ===…}}``).
    Parsing the value's text on its own finds those headings (and the
    tables, comments and ``<nowiki>`` around them) as at the top level.
    """
    raw = str(value)
    if raw.startswith("=") or "\n=" in raw:
        return parse(raw)
    return value


def _without_subst(name: str) -> str:
    """``Subst:unsigned`` (a substitution that did not happen) -> ``Unsigned``."""
    for prefix in ("subst:", "safesubst:"):
        if name.casefold().startswith(prefix):
            return title_key(name[len(prefix) :])
    return name


def _is_lone_timestamp(value: str, settings: ConsultationSettings) -> bool:
    value = value.strip()
    if not value or "\n" in value:
        return False
    stamps = find_timestamps(value, settings)
    return len(stamps) == 1 and stamps[0].start == 0 and stamps[0].end == len(value)
