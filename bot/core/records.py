"""Plain, frozen data that flows between the bot's steps.

A :class:`Snapshot` is one revision of one page as a source read it; a
:class:`Record` is what the extractor made of it, together with the
:class:`Problem` list that tells editors what to fix. Lists inside records
are tuples so that records stay immutable and comparable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from bot.core.wording import Message, Worded

Value = str | tuple[str, ...] | None
"""A normalised field value: a string, a tuple of strings, or None (absent)."""

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One page's wikitext at one revision, as a source delivered it."""

    title: str
    text: str
    revision: int | None = None
    timestamp: str | None = None


@dataclass(frozen=True, slots=True)
class Problem(Worded):
    """Something an editor should fix, named by page, field and raw value.

    ``field`` is the canonical field name, except for unknown parameters,
    which are named by the raw parameter name the editor typed; it is None
    for problems about the whole page (``no-template``).

    ``message`` is the English text; ``sentences`` are the messages it was
    worded from (:mod:`bot.core.wording`), so a page in another language
    can word it again. A problem made without them (read back from JSON, or
    in a test) has none and is shown by its ``message``.
    """

    page: str
    field: str | None
    code: str
    severity: str
    message: str
    value: str | None = None
    sentences: tuple[Message, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The problem in the spec's JSON shape (without the page)."""
        return {
            "field": self.field,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Record:
    """The normalised content of one partnership page.

    ``values`` holds every canonical field of the schema, in schema order:
    None or an empty tuple when the page gives no usable value. ``title``
    is the partnership's name as readers see it: the value of the field
    with the ``title`` role (:class:`bot.core.schema.Role`), which falls back
    to the page's last title segment; empty when the extractor had none.
    """

    page: str
    revision: int | None
    values: Mapping[str, Value]
    problems: tuple[Problem, ...] = field(default=())
    title: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.values, MappingProxyType):
            object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    def get(self, name: str) -> Value:
        """The value of field ``name`` (None when the schema has no such field)."""
        return self.values.get(name)

    def as_dict(self) -> dict[str, Any]:
        """The record in the spec's JSON shape: page, revision, record, problems."""
        return {
            "page": self.page,
            "revision": self.revision,
            "record": {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.values.items()},
            "problems": [p.as_dict() for p in self.problems],
        }
