"""Normalisers: one module per value type, each a pure function.

Every normaliser takes one item of a value (already split from a list and
cleaned of comments, refs and Translate markers) as parsed
:class:`~mwparserfromhell.wikicode.Wikicode`, plus the schema, and returns a
:class:`Normalised`: the canonical value (None when nothing usable was
found) and the findings an editor should see. A normaliser never raises on
editor input; the extractor turns findings into :class:`bot.core.records.Problem`
objects by adding the page, the field and the severity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.wording import Message, Worded, english

DID_YOU_MEAN = "partnerships-problem-did-you-mean"
"""``Did you mean $1?``: a hint that suggests values (:class:`bot.core.wording.Either`)."""
USE_ONE_OF = "partnerships-problem-use-one-of"
"""``Use one of: $1.``: the ids an enumeration allows."""


@dataclass(frozen=True, slots=True)
class Finding(Worded):
    """A problem with one value, before it is tied to a page and a field.

    ``code`` is a problem code of the schema (``invalid-date`` ...);
    ``message`` is written for a newcomer and quotes the value it is about,
    in English, worded from ``sentences`` (the message keys of ``i18n/`` and
    their parameters, :mod:`bot.core.wording`), which the problems page words
    in its own language; ``value`` is the raw item when it is narrower than
    the whole field value; ``severity`` overrides the code's usual severity
    from the schema (a missing *suggested* field is ``info``, a missing
    required one ``error``). Make one with :func:`finding`.
    """

    code: str
    message: str
    value: str | None = None
    severity: str | None = None
    sentences: tuple[Message, ...] = ()


def finding(code: str, *sentences: Message, value: str | None = None, severity: str | None = None) -> Finding:
    """A finding worded by its messages (the English ``message`` made from ``i18n/en.json``)."""
    return Finding(code, english(sentences), value, severity, tuple(sentences))


@dataclass(frozen=True, slots=True)
class Normalised:
    """The outcome of normalising one item.

    ``values`` is a tuple because one item can stand for several values
    (``Africa`` is two regions); it is empty when the item was not usable.
    """

    values: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

    @property
    def value(self) -> str | None:
        """The single value, for single-valued types."""
        return self.values[0] if self.values else None


def ok(*values: str) -> Normalised:
    return Normalised(tuple(values))


def bad(code: str, *sentences: Message, value: str | None = None, values: tuple[str, ...] = ()) -> Normalised:
    """A finding (see :func:`finding`), with the values that could still be read (often none)."""
    return Normalised(tuple(values), (finding(code, *sentences, value=value),))
