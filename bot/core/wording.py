"""Problem messages as data: a message key of ``i18n/*.json`` and its parameters.

Where a problem is found (a normaliser, :mod:`bot.core.params`,
:mod:`bot.core.extract`), it is named by a :class:`Message`, a key such as
``partnerships-problem-date-unreadable`` and its parameters, plus any
further sentences (hints such as "Did you mean Kenya (KE)?"), each a
message of its own so that translators see one sentence at a time. The
English text is made at once (:func:`english`): the data page, the state
files and the terminal show it. The problems page words the same messages
in its own language (:func:`word`).

A parameter is plain text (a value as typed, a parameter name, an ISO date,
a number) or one of the small types below for what a language writes its
own way: month names and country names (from CLDR), enumeration labels
(``i18n`` messages, :mod:`bot.core.labels`) and alternatives ("a or b").
Values typed by editors stay as typed in every language: that is what the
editor must find on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.labels import field_key, value_label
from bot.core.messages import ENGLISH, Messages, messages_for


@dataclass(frozen=True, slots=True)
class Month:
    """A month's name in the reader's language (``May``, ``Mai``, ``مايو``)."""

    number: int


@dataclass(frozen=True, slots=True)
class Country:
    """A country's name in the reader's language; ``Kenya (KE)`` when ``coded``.

    ``english`` is the name the country table gives (English messages keep it).
    """

    code: str
    english: str
    coded: bool = False


@dataclass(frozen=True, slots=True)
class EnumLabel:
    """An enumeration value's label (``Sub-Saharan Africa``); ``Sub-Saharan Africa (ssa)`` when ``coded``."""

    enum: str
    id: str
    english: str
    coded: bool = False


@dataclass(frozen=True, slots=True)
class FieldLabel:
    """A field's label in the reader's language (``Start date``, ``Beginn``); ``english`` from the schema."""

    name: str
    english: str


@dataclass(frozen=True, slots=True)
class Either:
    """Alternatives joined by the language's "or" (``a or b or c``, ``a oder b oder c``)."""

    items: tuple[Param, ...]


@dataclass(frozen=True, slots=True)
class Joined:
    """Items joined by a separator every language reads alike (``Sub-Saharan Africa + MENA``)."""

    items: tuple[Param, ...]
    separator: str = " + "


Param = str | Month | Country | EnumLabel | FieldLabel | Either | Joined
"""One parameter of a problem message."""

OR = "partnerships-problem-or"


@dataclass(frozen=True, slots=True)
class Message:
    """One sentence of a problem message: a key and its parameters.

    ``english`` is for text that exists in English only (a field's
    description in ``config/schema.toml``): English shows it, and other
    languages word ``key`` with ``params`` instead.
    """

    key: str
    params: tuple[Param, ...] = ()
    english: str | None = None


class Worded:
    """What a finding and a problem share: their ``sentences``, and the first one's key and parameters.

    A base for frozen, slotted dataclasses that declare ``sentences``; an
    object without sentences (read back from JSON) has an empty key.
    """

    __slots__ = ()
    sentences: tuple[Message, ...]

    @property
    def key(self) -> str:
        """The first sentence's message key (empty without sentences)."""
        return self.sentences[0].key if self.sentences else ""

    @property
    def params(self) -> tuple[Param, ...]:
        """The first sentence's parameters."""
        return self.sentences[0].params if self.sentences else ()


def say(key: str, *params: Param, english: str | None = None) -> Message:
    """A :class:`Message` from a key and its parameters."""
    return Message(key, tuple(params), english)


def word(messages: Messages, parts: Sequence[Message]) -> str:
    """The sentences in the messages' language, joined by spaces."""
    return " ".join(_sentence(messages, part) for part in parts)


def english(parts: Sequence[Message]) -> str:
    """The sentences in English: the problem's ``message`` in JSON, state files and terminals."""
    return word(messages_for(ENGLISH), parts)


def _sentence(messages: Messages, part: Message) -> str:
    if part.english is not None and messages.language == ENGLISH:
        return part.english
    return messages(part.key, *(_param(messages, p) for p in part.params))


def _param(messages: Messages, param: Param) -> str:
    if isinstance(param, str):
        return param
    if isinstance(param, Month):
        return messages.month(param.number)
    if isinstance(param, Country):
        name = messages.country(param.code, param.english)
        return f"{name} ({param.code})" if param.coded else name
    if isinstance(param, EnumLabel):
        label = value_label(messages, param.enum, param.id, param.english)
        return f"{label} ({param.id})" if param.coded else label
    if isinstance(param, FieldLabel):
        return messages.template(field_key(param.name)) or param.english
    if isinstance(param, Either):
        texts = [_param(messages, p) for p in param.items]
        if not texts:
            return ""
        joined = texts[0]
        for text in texts[1:]:
            joined = messages(OR, joined, text)
        return joined
    return param.separator.join(_param(messages, p) for p in param.items)
