"""The registry index: one sortable table, a row per partnership.

The columns come from ``[index] columns`` in ``config/bot.toml``: schema
fields (shown by their type: enumeration labels, dates with a sort value,
user names linked to user pages) and ``problems`` (the page's problem
count, linked to its section on the problems page). Rows are in name order
(:func:`bot.core.render.common.record_order`).

With ``[index] group_by`` set to a field with an enumeration, the index has
one section per value (a heading with a fixed anchor: the value's id) and a
table in each; a record with several values is listed in each section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.config import PROBLEMS_COLUMN, Settings, checked
from bot.core.labels import field_label
from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.common import (
    date_sort_value,
    display_name,
    enum_field,
    enum_label,
    group_records,
    partnerships,
    sort_value,
    values_of,
)
from bot.core.render.engine import Cell, Column, Items, Link, Number, Table, Text, heading, paragraph, render_table
from bot.core.schema import FieldSpec, Role, Schema, ValueType

_QID = re.compile(r"^Q[1-9][0-9]*$")


def _items(record: Record, spec: FieldSpec) -> Cell:
    values = values_of(record, spec.name)
    return Items(tuple(Text(v) for v in values))


def _single(record: Record, name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


def _enum_cell(schema: Schema, spec: FieldSpec, messages: Messages | None) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Text(enum_label(schema, spec, v, messages)) for v in values_of(r, spec.name)))


def _user_cell(spec: FieldSpec) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Link(f"User:{name}", name) for name in values_of(r, spec.name)))


def _wikidata_cell(spec: FieldSpec) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Link(f"d:{q}", q) if _QID.match(q) else Text(q) for q in values_of(r, spec.name)))


def field_column(spec: FieldSpec, schema: Schema, messages: Messages | None = None) -> Column[Record]:
    """The index column for one schema field, shown according to its type (headings in the messages' language)."""
    label = field_label(messages, spec)
    if spec.role == Role.TITLE:
        return Column(label, lambda r: Link(r.page, display_name(r)), sort_value=lambda r: sort_value(display_name(r)))
    if spec.type == ValueType.DATE:
        return Column(
            label,
            lambda r: Text(_single(r, spec.name)),
            sort_value=lambda r: date_sort_value(r.get(spec.name)),
            sort_type="number",
        )
    if spec.enum and spec.enum in schema.enums:
        return Column(label, _enum_cell(schema, spec, messages))
    if spec.type == ValueType.USER:
        return Column(label, _user_cell(spec))
    if spec.type == ValueType.WIKIDATA:
        return Column(label, _wikidata_cell(spec))
    return Column(label, lambda r: _items(r, spec))


def problems_column(settings: Settings, messages: Messages | None = None) -> Column[Record]:
    """The page's problem count, linked to its section on the problems page (of the same language)."""
    messages = messages or messages_for()
    problems = settings.pages.in_language(settings.pages.problems, messages.language)
    return Column(
        messages("partnerships-column-problems"),
        lambda r: Number(len(r.problems), problems, r.page),
        sort_value=lambda r: len(r.problems),
        sort_type="number",
        align="right",
    )


def index_columns(schema: Schema, settings: Settings, messages: Messages | None = None) -> list[Column[Record]]:
    """The configured columns, in order."""
    return [
        problems_column(settings, messages)
        if name == PROBLEMS_COLUMN
        else field_column(schema.by_name[name], schema, messages)
        for name in settings.index.columns
    ]


def index_table(
    rows: list[Record],
    schema: Schema,
    settings: Settings,
    *,
    caption: str | None = None,
    messages: Messages | None = None,
) -> Table[Record]:
    return Table(columns=index_columns(schema, settings, messages), rows=rows, caption=caption)


def render_index(
    records: Iterable[Record], schema: Schema, settings: Settings, *, messages: Messages | None = None
) -> str:
    """The index page's body (between the bot's markers): a count line and the table(s).

    ``messages`` gives the page's language (English by default): headings,
    labels and sentences; names and values typed by editors stay as typed.
    """
    settings = checked(settings, schema)
    say = messages or messages_for()
    rows = partnerships(records)
    intro = say("partnerships-index-count", len(rows))
    if not settings.index.grouped:
        table = index_table(rows, schema, settings, messages=say)
        return "\n\n".join([paragraph(Text(intro)), render_table(table)]) + "\n"
    spec = enum_field(schema, settings.index.group_by)
    assert spec is not None  # check_against_schema made sure
    if spec.list:
        intro += " " + say("partnerships-index-several", field_label(say, spec))
    parts = [paragraph(Text(intro))]
    for group in group_records(rows, spec, schema, say):
        parts.append(heading(Text(group.label), level=2, anchor=group.id))
        if group.records:
            parts.append(render_table(index_table(list(group.records), schema, settings, messages=say)))
        else:
            parts.append(paragraph(Text(say("partnerships-index-empty-section"))))
    return "\n\n".join(parts) + "\n"
