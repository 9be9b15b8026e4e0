"""Cut a talk page into pieces that can be parsed one at a time.

mwparserfromhell's tokenizer slows down on big pages: an unclosed ``[[`` or
``{{`` makes it look ahead to the end of the page and back again, so a
1 MB talk page takes seconds in one piece but a fraction of that cut at its
headings. A heading line is a safe place to cut when nothing that can span
lines is open there, so this module finds, in one linear pass with plain
string searches (no regular expressions over the page):

* the spans hidden from readers: HTML comments (an unclosed ``<!--`` hides
  the rest of the page, as in MediaWiki) and the tags whose content is never
  read (``<nowiki>``, ``<pre>``, ``<syntaxhighlight>`` … and quotations);
* the extent of every template, matching ``{{`` with ``}}`` (an opening that
  is never closed is text, as mwparserfromhell and MediaWiki read it);
* wikitext tables (``{|`` … ``|}`` at the start of a line).

The page is cut at every line start outside all of these: a piece is one
line, or the lines a template, table, comment or hidden tag spans (a wrapper
template such as ``{{Discussion|1=…=== Discussion 1 ===…}}`` stays one piece
with the headings inside it, for the walker to judge, see
:mod:`bot.core.discussion.scan`). Only the pieces that can hold a heading, a
user link, an ``{{unsigned}}`` or a timestamp are parsed: on a big talk page
that is a fraction of the text, and each piece is small. Parsing the pieces
finds what parsing the page whole finds, except inside HTML tags left open
across lines (``<small>`` … newline … ``</small>``): a signature's wrapper
is looked for on the signature's own line anyway, and headings inside a
``<div>`` count either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    """``text[start:end]``, to be parsed on its own."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Layout:
    """The pieces of a page worth parsing, and where its HTML comments are."""

    pieces: tuple[Piece, ...]
    comment_spans: tuple[tuple[int, int], ...]


# A piece can hold a signature, a heading or an {{unsigned}} only if one of these is in it.
_TRIGGERS = ("[[", "{{", "(")


def layout(text: str, hidden_tags: Iterable[str]) -> Layout:
    """The page cut at every line start where nothing is open; pieces that cannot matter are left out.

    A piece is one line, or the lines that a template, a table, a comment or
    a hidden tag spans. A piece holds a signature only if it has a link
    (``[[``), a template (``{{``) or a time zone's ``(``, and a heading only
    if it starts with ``=``: every other piece is plain words, which the
    discussion parser reads from the page text, not from the parsed tree.
    """
    lower = text.lower()
    hidden = _hidden_spans(text, lower, hidden_tags)
    templates = _template_spans(text, hidden)
    blocked = _merge([*hidden, *templates, *_table_spans(text, hidden)])
    found: list[Piece] = []
    index = 0
    position = 0
    piece_start = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        line_end = length if newline < 0 else newline
        next_start = line_end + 1
        while index < len(blocked) and blocked[index][1] <= next_start:
            index += 1
        open_here = index < len(blocked) and blocked[index][0] < next_start
        if not open_here or next_start > length:
            _keep(text, piece_start, min(line_end, length), found)
            piece_start = next_start
        position = next_start
    comments = tuple(span for span in hidden if text.startswith("<!--", span[0]))
    return Layout(tuple(found), comments)


def _keep(text: str, start: int, end: int, found: list[Piece]) -> None:
    chunk = text[start:end]
    if chunk.startswith("=") or any(trigger in chunk for trigger in _TRIGGERS):
        found.append(Piece(start, end))


def pieces(text: str, hidden_tags: Iterable[str]) -> list[Piece]:
    """The pieces of :func:`layout` alone."""
    return list(layout(text, hidden_tags).pieces)


def _hidden_spans(text: str, lower: str, hidden_tags: Iterable[str]) -> list[tuple[int, int]]:
    """Comments and hidden tags, outermost only, in page order."""
    spans: list[tuple[int, int]] = []
    names = tuple(sorted({t.lower() for t in hidden_tags}))
    initials = frozenset(name[:1] for name in names) | {"!"}
    position = 0
    length = len(text)
    while position < length:
        start = lower.find("<", position)
        if start < 0:
            break
        if lower[start + 1 : start + 2] not in initials:
            position = start + 1
            continue
        if lower.startswith("<!--", start):
            end = lower.find("-->", start + 4)
            end = length if end < 0 else end + 3
            spans.append((start, end))
            position = end
            continue
        end = _hidden_tag_end(lower, start, names)
        if end:
            spans.append((start, end))
            position = end
        else:
            position = start + 1
    return spans


def _hidden_tag_end(lower: str, start: int, names: tuple[str, ...]) -> int:
    """Where the hidden tag opening at ``start`` closes (0: no such tag, or never closed)."""
    for name in names:
        if not lower.startswith(name, start + 1):
            continue
        after = start + 1 + len(name)
        if after < len(lower) and lower[after] not in "> \t\n/":
            continue
        close = lower.find(">", after)
        if close < 0:
            return 0
        if lower[close - 1] == "/":
            return close + 1  # <nowiki/>: nothing inside
        end = lower.find("</" + name, close)
        if end < 0:
            return 0
        stop = lower.find(">", end)
        return len(lower) if stop < 0 else stop + 1
    return 0


def _template_spans(text: str, hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Matched ``{{`` … ``}}`` pairs outside hidden spans (outermost and inner alike)."""
    spans: list[tuple[int, int]] = []
    stack: list[int] = []
    position = 0
    hidden_index = 0
    length = len(text)
    while position < length:
        opening = text.find("{{", position)
        closing = text.find("}}", position)
        if opening < 0 and closing < 0:
            break
        if closing < 0 or (0 <= opening < closing):
            at, is_open = opening, True
        else:
            at, is_open = closing, False
        while hidden_index < len(hidden) and hidden[hidden_index][1] <= at:
            hidden_index += 1
        if hidden_index < len(hidden) and hidden[hidden_index][0] <= at:
            position = hidden[hidden_index][1]
            continue
        if is_open:
            stack.append(at)
        elif stack:
            spans.append((stack.pop(), at + 2))
        position = at + 2
    return spans


def _table_spans(text: str, hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Wikitext tables, from a line starting ``{|`` to the line starting ``|}`` that closes it."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    position = 0
    hidden_index = 0
    for line in text.split("\n"):
        while hidden_index < len(hidden) and hidden[hidden_index][1] <= position:
            hidden_index += 1
        covered = hidden_index < len(hidden) and hidden[hidden_index][0] <= position
        stripped = line.lstrip(": \t")
        if not covered and stripped.startswith("{|"):
            if depth == 0:
                start = position
            depth += 1
        elif not covered and stripped.startswith("|}") and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, position + len(line)))
        position += len(line) + 1
    return spans  # a table never closed is text (mwparserfromhell reads it so), not a span


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, sorted by start."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
