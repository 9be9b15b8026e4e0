"""Small helpers over mwparserfromhell: plain text, noise removal, list items.

Everything here works on parsed :class:`~mwparserfromhell.wikicode.Wikicode`
(never regular expressions over whole pages) and follows what a reader sees
on the rendered page: a link shows its label, a file link shows nothing, a
``<ref>`` shows only a footnote mark, ``<br>`` breaks the line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from functools import cache

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from bot.core.schema import TextRules
from bot.core.textkeys import title_key

_WS = re.compile(r"\s+")
# Runs of two or more apostrophes: italic, bold or both, left in the text when
# style tags were not parsed (see bot.core.extract.extract).
_QUOTES = re.compile(r"'{2,}")
# Tags whose content a reader never sees in a value.
_DROPPED_TAGS = frozenset({"ref", "references", "gallery", "templatedata", "score", "graph", "maplink", "mapframe"})
# Tags that only wrap translatable text (the Translate extension).
_TRANSPARENT_TAGS = frozenset({"translate", "tvar"})
_LIST_SPLIT = re.compile(r"[,;]")
_LINE_MARKERS = frozenset({"*", "#", ":", ";"})


def parse(text: str | Wikicode) -> Wikicode:
    """Parse text (or pass parsed wikitext through) without expanding anything."""
    if isinstance(text, Wikicode):
        return text
    return mwparserfromhell.parse(text, skip_style_tags=False)


def template_name(template: Template) -> str:
    """A template's name as MediaWiki compares it (no comments, first letter upper)."""
    name = "".join(str(n) for n in template.name.nodes if not isinstance(n, Comment))
    name = name.strip()
    if name.lower().startswith("template:"):
        name = name[9:]
    return title_key(name)


def tag_name(tag: Tag) -> str:
    return str(tag.tag).strip().lower()


def is_br(node: object) -> bool:
    """``<br>``, ``<br/>``, ``<br />``, ``</br >``: all spellings MediaWiki accepts."""
    return isinstance(node, Tag) and tag_name(node) == "br"


def strip_noise(code: Wikicode) -> Wikicode:
    """Remove what never counts as a value: comments, refs and Translate markers.

    ``<translate>`` wrappers are unwrapped (their content stays); ``<!--T:12-->``
    markers are comments and go with them. Returns a new Wikicode; the input
    is left untouched.
    """
    out: list[Node] = []
    for node in code.nodes:
        if isinstance(node, Comment):
            continue
        if isinstance(node, Tag):
            name = tag_name(node)
            if name in _DROPPED_TAGS:
                continue
            if name in _TRANSPARENT_TAGS:
                if node.contents is not None:
                    out.extend(strip_noise(node.contents).nodes)
                continue
        out.append(node)
    return Wikicode(out)


def positional(template: Template) -> list[Wikicode]:
    """The values of a template's positional (unnamed) parameters, in order."""
    return [p.value for p in template.params if not p.showkey]


def link_target(link: Wikilink) -> str:
    """A wikilink's target with a leading colon and white space removed."""
    return str(link.title).strip().lstrip(":").strip()


def _namespace(target: str) -> str:
    return target.split(":", 1)[0].strip().lower() if ":" in target else ""


def plain_text(code: str | Wikicode, rules: TextRules) -> str:
    """The text a reader sees, with markup removed and white space collapsed.

    Links become their label; file and category links go; bold and italic
    marks go; refs, comments and Translate markers go; ``<br>`` becomes a
    space; formatting templates (``nowrap``, ``lang`` ...) keep their last
    positional parameter; every other template is dropped.
    """
    parts: list[str] = []
    _plain(parse(code), rules, parts, _formatting_keys(rules), _file_keys(rules))
    return _WS.sub(" ", "".join(parts)).strip()


@cache
def _formatting_keys(rules: TextRules) -> frozenset[str]:
    return frozenset(title_key(t) for t in rules.formatting_templates)


@cache
def _file_keys(rules: TextRules) -> frozenset[str]:
    return frozenset(n.lower() for n in rules.file_namespaces) | {"category", "kategorie", "catégorie", "categoría"}


def _plain(
    code: Wikicode, rules: TextRules, parts: list[str], formatting: frozenset[str], hidden_ns: frozenset[str]
) -> None:
    for node in code.nodes:
        if isinstance(node, Text):
            parts.append(_QUOTES.sub("", node.value) if "''" in node.value else node.value)
        elif isinstance(node, Wikilink):
            target = link_target(node)
            if _namespace(target) in hidden_ns and not str(node.title).lstrip().startswith(":"):
                continue
            if node.text is not None:
                _plain(node.text, rules, parts, formatting, hidden_ns)
            else:
                parts.append(target)
        elif isinstance(node, ExternalLink):
            if node.title is not None:
                _plain(node.title, rules, parts, formatting, hidden_ns)
            else:
                parts.append(str(node.url))
        elif isinstance(node, Template):
            if template_name(node) in formatting:
                values = positional(node)
                if values:
                    _plain(values[-1], rules, parts, formatting, hidden_ns)
        elif isinstance(node, Tag):
            name = tag_name(node)
            if name == "br":
                parts.append(" ")
            elif name in _DROPPED_TAGS:
                continue
            elif name == "nowiki":
                parts.append(html.unescape(str(node.contents or "")))
            elif node.wiki_markup in _LINE_MARKERS:
                parts.append(" ")
            elif node.contents is not None:
                _plain(node.contents, rules, parts, formatting, hidden_ns)
        elif isinstance(node, HTMLEntity):
            parts.append(node.normalize())
        elif isinstance(node, Heading):
            _plain(node.title, rules, parts, formatting, hidden_ns)
        elif isinstance(node, (Comment, Argument)):
            continue
        else:  # pragma: no cover - every node type mwparserfromhell has is handled above
            parts.append(str(node))
    return None


def is_blank(code: Wikicode) -> bool:
    """True when the value holds only white space, comments and Translate markers."""
    return not str(strip_noise(code)).strip()


def split_items(code: Wikicode, rules: TextRules, *, commas: bool) -> list[Wikicode]:
    """Split a list value into its items, in page order.

    Items are separated by ``<br>`` in any spelling, by bullet or numbered
    lines (``*``, ``#``), by list templates (``{{ubl}}``, ``{{plainlist}}``,
    ``{{hlist}}`` ...), and, when ``commas`` is true, by commas and
    semicolons outside links and templates. Blank items are dropped (the
    caller drops duplicates, which needs the normalised value).
    """
    list_keys = _list_keys(rules)
    items: list[list[Node]] = [[]]
    for node in _flatten_lists(code, list_keys, rules):
        if isinstance(node, _Break):
            items.append([])
        elif isinstance(node, Text) and ("\n" in node.value or (commas and _LIST_SPLIT.search(node.value))):
            pieces = node.value.split("\n")
            for i, line in enumerate(pieces):
                if i:
                    items.append([])
                chunks = _LIST_SPLIT.split(line) if commas else [line]
                for j, chunk in enumerate(chunks):
                    if j:
                        items.append([])
                    if chunk:
                        items[-1].append(Text(chunk))
        else:
            items[-1].append(node)
    result = []
    for nodes in items:
        item = Wikicode(nodes)
        if str(item).strip():
            result.append(item)
    return result


@cache
def _list_keys(rules: TextRules) -> frozenset[str]:
    return frozenset(title_key(t) for t in rules.list_templates)


class _Break:
    """Marks an item boundary while flattening a list value."""


_BREAK = _Break()


def _flatten_lists(code: Wikicode, list_keys: frozenset[str], rules: TextRules) -> Iterator[Node | _Break]:
    for node in code.nodes:
        if is_br(node) or (isinstance(node, Tag) and node.wiki_markup in _LINE_MARKERS):
            yield _BREAK
        elif isinstance(node, Template) and template_name(node) in list_keys:
            yield _BREAK
            for value in positional(node):
                yield from _flatten_lists(value, list_keys, rules)
                yield _BREAK
        elif isinstance(node, Tag) and tag_name(node) in {"div", "span", "small", "p"} and node.contents is not None:
            yield from _flatten_lists(node.contents, list_keys, rules)
        else:
            yield node


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """Drop duplicates, keeping the first of each."""
    return tuple(dict.fromkeys(values))
