"""A top-level response in brief: its first sentence, as plain text.

The spec asks for "its first sentence with markup removed (at most 200
characters)". The sentence is taken from the comment's own words (its text
without the signature), from the first paragraph that shows any text:
paragraphs end at a blank line or where a new list item (``:``, ``*``,
``#``) starts, as a reader sees them. Vote templates and other templates
vanish with the markup (:func:`bot.core.wikitext.plain_text`); a signature dash
(``--``, ``—``) left at the end goes. Escaping for wikitext is the caller's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bot.core.discussion.votes import INDENT_MARKS
from bot.core.schema import TextRules
from bot.core.wikitext import parse, plain_text

_TRAILING_DASH = re.compile(r"[\s\-–—~]+$")
# A sentence ends at . ! ? … (or their CJK forms) before a space, unless the
# dot follows a number ("5. Mai", "28. Juni") or a lone letter ("z. B.", "J. Smith").
_SENTENCE_MARK = re.compile(r"[.!?…。！？]+(?=\s|$)")
_ORDINAL_DOT = re.compile(r"(?:\b\w|\d)\.$")


def digest_text(body: str, rules: TextRules, limit: int = 200) -> str:
    """A comment's first sentence, markup removed, at most ``limit`` characters.

    A text cut short ends at a word boundary with "…".
    """
    for paragraph in _paragraphs(body):
        text = _TRAILING_DASH.sub("", plain_text(parse(paragraph), rules)).strip()
        if text and not _only_punctuation(text):
            return _cut(_first_sentence(text), limit)
    return ""


def _paragraphs(body: str) -> Iterable[str]:
    current: list[str] = []
    for line in body.split("\n"):
        if not line.strip() or (line[:1] in INDENT_MARKS and current):
            if current:
                yield "\n".join(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        yield "\n".join(current)


def _only_punctuation(text: str) -> bool:
    return not any(unicodedata.category(ch)[0] in "LN" for ch in text)


def _first_sentence(text: str) -> str:
    position = 0
    for match in _SENTENCE_MARK.finditer(text):
        end = match.end()
        if match.group() == "." and _ORDINAL_DOT.search(text[:end]):
            continue
        position = end
        break
    return text[:position] if position else text


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
