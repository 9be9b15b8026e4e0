"""What the registry pages share: which records are partnerships, their order,
labels for enumeration ids, and sort values for dates.

Ordering is the heart of deterministic output: every page sorts with
:func:`record_order`, whose last keys make it a total order, so the same
records in any input order give byte-identical pages.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.labels import value_label
from bot.core.messages import Messages, messages_for
from bot.core.records import SEVERITIES, Record, Value
from bot.core.schema import FieldSpec, Role, Schema
from bot.core.textkeys import strip_diacritics

NO_TEMPLATE = "no-template"
UNSPECIFIED_ID = "unspecified"
MISSING_DATE_SORT = "99999999"

_WS = re.compile(r"\s+")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def is_partnership(record: Record) -> bool:
    """False for a page in scope without the template (a ``no-template`` problem)."""
    return not any(p.code == NO_TEMPLATE for p in record.problems)


def partnerships(records: Iterable[Record]) -> list[Record]:
    """The records that are partnerships, in :func:`record_order`."""
    return sorted((r for r in records if is_partnership(r)), key=record_order)


def collation_key(text: str) -> tuple[str, str]:
    """How names compare: case and diacritics ignored first, then case-folded.

    ``Émile`` sorts with ``Emile`` (and after it, as the second key differs);
    ``apple`` and ``Apple`` sort together. NFKD also folds ligatures and
    full-width forms. Non-Latin scripts sort by code point after Latin.
    """
    folded = _WS.sub(" ", unicodedata.normalize("NFC", text).casefold()).strip()
    return (strip_diacritics(folded), folded)


def sort_value(text: str) -> str:
    """The primary collation key alone, for a ``data-sort-value`` attribute."""
    return collation_key(text)[0]


def display_name(record: Record) -> str:
    """The record's name (:attr:`Record.title`), or its page's last title segment when it has none."""
    if record.title.strip():
        return record.title
    return record.page.rstrip("/").rsplit("/", 1)[-1].strip() or record.page


def _values_key(record: Record) -> str:
    return json.dumps(
        {k: (list(v) if isinstance(v, tuple) else v) for k, v in record.values.items()},
        ensure_ascii=False,
        sort_keys=True,
    )


def record_order(record: Record) -> tuple[object, ...]:
    """Sort key: by name (see :func:`collation_key`), then page title.

    The revision and the values come last so that even two records for the
    same page (which a source should never give) have a fixed order.
    """
    return (
        collation_key(display_name(record)),
        collation_key(record.page),
        record.page,
        -1 if record.revision is None else record.revision,
        _values_key(record),
    )


def page_order(page: str) -> tuple[tuple[str, str], str]:
    """Sort key for page titles (the problems page): the same collation as names."""
    return (collation_key(page), page)


def values_of(record: Record, name: str) -> tuple[str, ...]:
    """A field's value as a tuple: ``()`` when absent, one item for a single value."""
    return as_tuple(record.get(name))


def as_tuple(value: Value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, tuple):
        return tuple(v for v in value if v)
    return (value,)


def enum_label(schema: Schema, spec: FieldSpec, value_id: str, messages: Messages | None = None) -> str:
    """The label of an enumeration id in the messages' language (the id itself if unknown)."""
    enum = schema.enums.get(spec.enum or "")
    if enum is not None:
        for value in enum.values:
            if value.id == value_id:
                return value_label(messages, spec.enum or "", value.id, value.label)
    return value_id


def unspecified_label(messages: Messages | None) -> str:
    """The label of the row or section of records without a value."""
    return (messages or messages_for())("partnerships-unspecified")


def inline(say: Messages, label: str) -> str:
    """A label as it reads inside a sentence (English lower-cases it, German does not)."""
    return say("partnerships-label-in-sentence", label)


def status_labels(schema: Schema, ids: Iterable[str], say: Messages) -> list[str]:
    """The labels of these statuses, as they read inside a sentence, in the page's language."""
    spec = schema.role(Role.STATUS)
    if spec is None:
        return list(ids)
    return [inline(say, enum_label(schema, spec, value, say)) for value in ids]


def enum_field(schema: Schema, name: str | None) -> FieldSpec | None:
    """The field ``name`` when it has an enumeration (types ``enum`` and ``region``)."""
    spec = schema.by_name.get(name) if name else None
    if spec is None or not spec.enum or spec.enum not in schema.enums:
        return None
    return spec


def date_sort_value(value: Value) -> str:
    """A date as eight digits that sort chronologically as a number.

    ``2018`` -> ``20180000``, ``2018-05`` -> ``20180500``, ``2018-05-05`` ->
    ``20180505``: a year sorts before any month of it, a month before any day.
    A missing (or unreadable) date is ``99999999``: last in ascending order.
    """
    match = _DATE.match(value) if isinstance(value, str) else None
    if not match:
        return MISSING_DATE_SORT
    year, month, day = match.groups()
    return f"{year}{month or '00'}{day or '00'}"


def severity_counts(record: Record) -> dict[str, int]:
    """Problems of the record by severity, every severity present, in severity order."""
    counts = {s: 0 for s in SEVERITIES}
    for problem in record.problems:
        counts[problem.severity] = counts.get(problem.severity, 0) + 1
    return counts


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``1 problem``, ``2 problems``."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


@dataclass(frozen=True, slots=True)
class Group:
    """The records that have one value of an enumeration field."""

    id: str
    label: str
    records: tuple[Record, ...]


def group_records(
    records: Iterable[Record], spec: FieldSpec, schema: Schema, messages: Messages | None = None
) -> list[Group]:
    """One group per value of the field's enumeration, in the schema's order.

    Every value has a group, empty or not, so that sections and anchors stay
    put. A record with several values is in each of their groups (once); a
    record with none is in a last ``Unspecified`` group, present only when
    not empty. Values outside the enumeration (never made by the extractor)
    get groups of their own after the known ones. Records keep their order.
    """
    enum = schema.enums[spec.enum or ""]
    known: dict[str, list[Record]] = {v.id: [] for v in enum.values}
    other: dict[str, list[Record]] = {}
    unspecified: list[Record] = []
    for record in records:
        ids = values_of(record, spec.name)
        if not ids:
            unspecified.append(record)
        for value_id in dict.fromkeys(ids):
            (known if value_id in known else other).setdefault(value_id, []).append(record)
    enum_name = spec.enum or ""
    groups = [Group(v.id, value_label(messages, enum_name, v.id, v.label), tuple(known[v.id])) for v in enum.values]
    groups += [Group(i, i, tuple(other[i])) for i in sorted(other)]
    if unspecified:
        groups.append(Group(UNSPECIFIED_ID, unspecified_label(messages), tuple(unspecified)))
    return groups
