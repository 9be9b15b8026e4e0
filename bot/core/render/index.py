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
from bot.core.records import Record
from bot.core.render.common import (
    date_sort_value,
    display_name,
    enum_field,
    enum_label,
    group_records,
    partnerships,
    plural,
    sort_value,
    values_of,
)
from bot.core.render.engine import Cell, Column, Items, Link, Number, Table, Text, heading, paragraph, render_table
from bot.core.schema import FieldSpec, Role, Schema, ValueType

PROBLEMS_HEADER = "Problems"
EMPTY_SECTION = "No partnerships."
_QID = re.compile(r"^Q[1-9][0-9]*$")


def _items(record: Record, spec: FieldSpec) -> Cell:
    values = values_of(record, spec.name)
    return Items(tuple(Text(v) for v in values))


def _single(record: Record, name: str) -> str:
    value = record.get(name)
    return value if isinstance(value, str) else ""


def _enum_cell(schema: Schema, spec: FieldSpec) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Text(enum_label(schema, spec, v)) for v in values_of(r, spec.name)))


def _user_cell(spec: FieldSpec) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Link(f"User:{name}", name) for name in values_of(r, spec.name)))


def _wikidata_cell(spec: FieldSpec) -> Callable[[Record], Cell]:
    return lambda r: Items(tuple(Link(f"d:{q}", q) if _QID.match(q) else Text(q) for q in values_of(r, spec.name)))


def field_column(spec: FieldSpec, schema: Schema) -> Column[Record]:
    """The index column for one schema field, shown according to its type."""
    if spec.role == Role.TITLE:
        return Column(
            spec.label, lambda r: Link(r.page, display_name(r)), sort_value=lambda r: sort_value(display_name(r))
        )
    if spec.type == ValueType.DATE:
        return Column(
            spec.label,
            lambda r: Text(_single(r, spec.name)),
            sort_value=lambda r: date_sort_value(r.get(spec.name)),
            sort_type="number",
        )
    if spec.enum and spec.enum in schema.enums:
        return Column(spec.label, _enum_cell(schema, spec))
    if spec.type == ValueType.USER:
        return Column(spec.label, _user_cell(spec))
    if spec.type == ValueType.WIKIDATA:
        return Column(spec.label, _wikidata_cell(spec))
    return Column(spec.label, lambda r: _items(r, spec))


def problems_column(settings: Settings) -> Column[Record]:
    """The page's problem count, linked to its section on the problems page."""
    return Column(
        PROBLEMS_HEADER,
        lambda r: Number(len(r.problems), settings.pages.problems, r.page),
        sort_value=lambda r: len(r.problems),
        sort_type="number",
        align="right",
    )


def index_columns(schema: Schema, settings: Settings) -> list[Column[Record]]:
    """The configured columns, in order."""
    return [
        problems_column(settings) if name == PROBLEMS_COLUMN else field_column(schema.by_name[name], schema)
        for name in settings.index.columns
    ]


def index_table(rows: list[Record], schema: Schema, settings: Settings, *, caption: str | None = None) -> Table[Record]:
    return Table(columns=index_columns(schema, settings), rows=rows, caption=caption)


def render_index(records: Iterable[Record], schema: Schema, settings: Settings) -> str:
    """The index page's body (between the bot's markers): a count line and the table(s)."""
    settings = checked(settings, schema)
    rows = partnerships(records)
    intro = f"{plural(len(rows), 'partnership')}."
    if not settings.index.grouped:
        return "\n\n".join([paragraph(Text(intro)), render_table(index_table(rows, schema, settings))]) + "\n"
    spec = enum_field(schema, settings.index.group_by)
    assert spec is not None  # check_against_schema made sure
    if spec.list:
        intro += f" A partnership with several {spec.label.lower()} is listed in the section of each."
    parts = [paragraph(Text(intro))]
    for group in group_records(rows, spec, schema):
        parts.append(heading(Text(group.label), level=2, anchor=group.id))
        if group.records:
            parts.append(render_table(index_table(list(group.records), schema, settings)))
        else:
            parts.append(paragraph(Text(EMPTY_SECTION)))
    return "\n\n".join(parts) + "\n"
