"""The registry overview: counts of partnerships, with bars, and the gaps.

Tables (each a declaration for :mod:`bot.core.render.engine`), chosen by
``[overview]`` in ``config/bot.toml`` (unset keys come from the fields'
roles, so no field name is written here):

* ``cross``: one cross table (by default regions by type of relationship);
* ``breakdowns``: a table per field (by default status, areas, level and
  internal or external);
* ``years``: a date field counted by year (by default the start date);
* ``gaps``: the values of these fields without an active partnership (by
  default regions and areas). A table whose field is not configured is
  left out;
* ``trends``: started, ended and active at the end of each year, and active
  by region (:mod:`bot.core.render.trends`; the year rows end at ``today``).

What the numbers mean, the same in every table:

* every count is a number of partnerships (records in the index); a
  partnership with several regions (or areas) counts once in each of them,
  so those rows can add up to more than the total;
* the ``Total`` row counts partnerships: each partnership once. A table over
  a single-valued field (status, level, type) has rows that add up to it;
* every partnership is in some row: one without a value is in a last
  ``Unspecified`` row, shown only when it is not empty. Every value of the
  enumeration has a row, zero or not, so the tables keep their shape;
* a bar shows a row's count as a share of all partnerships (the Total);
* a count links to the index: to the section of its value when the index is
  grouped by that field (``[index] group_by``), otherwise to the index page.
  A zero is not linked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from bot.config import Settings, checked
from bot.core.labels import field_label
from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.common import (
    UNSPECIFIED_ID,
    Group,
    enum_field,
    group_records,
    inline,
    partnerships,
    status_labels,
    values_of,
)
from bot.core.render.engine import Bar, Column, Number, Table, Text, heading, paragraph, render_table
from bot.core.render.lists import count_target
from bot.core.render.phrases import phrase
from bot.core.render.trends import render_trends
from bot.core.schema import FieldSpec, Role, Schema


@dataclass(frozen=True, slots=True)
class CountRow:
    """One row of a count table: a value (id and label) and its partnerships."""

    id: str
    label: str
    records: tuple[Record, ...]
    total: bool = False


class _Links:
    """Where a count links: the section of a lists page that lists exactly its partnerships."""

    def __init__(self, settings: Settings, total: int) -> None:
        self.settings, self.total = settings, total

    def number(self, count: int, values: dict[str, str] | None = None) -> Number:
        """``count`` linked to the list of the partnerships it counts (field -> id in ``values``).

        See :func:`bot.core.render.lists.count_target`: a section of a lists
        page, or the index for a total (and for every count when no lists
        pages are configured).
        """
        page, fragment = count_target(values or {}, self.settings, total=self.total)
        return Number(count, page, fragment or None)


def _share(count: int, total: int, color: str) -> Bar:
    return Bar(Fraction(count, total) if total else Fraction(0), color)


def _rows(groups: list[Group]) -> list[CountRow]:
    return [CountRow(g.id, g.label, g.records) for g in groups]


def _label_column(header: str) -> Column[CountRow]:
    return Column(header, lambda row: Text(row.label))


def _share_column(total: int, settings: Settings, say: Messages) -> Column[CountRow]:
    color = settings.overview.bar_color
    return Column(
        say("partnerships-overview-share"),
        lambda row: _share(0 if row.total else len(row.records), total, color),
        sort_value=lambda row: len(row.records),
        sort_type="number",
        width="10em",
    )


def breakdown_table(
    spec: FieldSpec, rows: list[Record], schema: Schema, settings: Settings, messages: Messages | None = None
) -> Table[CountRow]:
    """Partnerships by the values of one enumeration field, with a Total row."""
    say = messages or messages_for()
    links = _Links(settings, len(rows))
    total = CountRow("", say("partnerships-overview-total"), tuple(rows), total=True)
    return Table(
        columns=[
            _label_column(field_label(say, spec)),
            Column(
                say("partnerships-overview-count"),
                lambda row: links.number(len(row.records), None if row.total else {spec.name: row.id}),
                sort_type="number",
                align="right",
            ),
            _share_column(len(rows), settings, say),
        ],
        rows=_rows(group_records(rows, spec, schema, say)),
        footer=[total],
    )


def cross_table(
    row_spec: FieldSpec,
    col_spec: FieldSpec,
    rows: list[Record],
    schema: Schema,
    settings: Settings,
    messages: Messages | None = None,
) -> Table[CountRow]:
    """Partnerships by the values of two fields: rows by one, a column per value of the other."""
    say = messages or messages_for()
    total_label = say("partnerships-overview-total")
    links = _Links(settings, len(rows))
    col_groups = group_records(rows, col_spec, schema, say)

    def cell(group: Group) -> Callable[[CountRow], Number]:
        members = {id(r) for r in group.records}

        def count(row: CountRow) -> Number:
            n = sum(1 for r in row.records if id(r) in members)
            values = {col_spec.name: group.id} if row.total else {row_spec.name: row.id, col_spec.name: group.id}
            return links.number(n, values)

        return count

    columns = [_label_column(field_label(say, row_spec))]
    columns += [Column(g.label, cell(g), sort_type="number", align="right") for g in col_groups]

    def row_total(row: CountRow) -> Number:
        return links.number(len(row.records), {} if row.total else {row_spec.name: row.id})

    columns.append(Column(total_label, row_total, sort_type="number", align="right"))
    columns.append(_share_column(len(rows), settings, say))
    return Table(
        columns=columns,
        rows=_rows(group_records(rows, row_spec, schema, say)),
        footer=[CountRow("", total_label, tuple(rows), total=True)],
    )


def _year(record: Record, field: str) -> str:
    value = record.get(field)
    return value[:4] if isinstance(value, str) and value[:4].isdigit() else ""


def year_table(
    spec: FieldSpec, rows: list[Record], settings: Settings, messages: Messages | None = None
) -> Table[CountRow]:
    """Partnerships by the year of a date field (years that occur, ascending), Unknown last."""
    say = messages or messages_for()
    links = _Links(settings, len(rows))
    years = sorted({_year(r, spec.name) for r in rows} - {""})
    table_rows = [CountRow(y, y, tuple(r for r in rows if _year(r, spec.name) == y)) for y in years]
    unknown = tuple(r for r in rows if not _year(r, spec.name))
    if unknown:
        table_rows.append(CountRow(UNSPECIFIED_ID, say("partnerships-overview-unknown-year"), unknown))
    return Table(
        columns=[
            Column(say("partnerships-overview-year"), lambda row: Text(row.label), sort_type="number"),
            Column(
                say("partnerships-overview-count"),
                lambda row: links.number(len(row.records), None if row.total else {spec.name: row.id}),
                sort_type="number",
                align="right",
            ),
            _share_column(len(rows), settings, say),
        ],
        rows=table_rows,
        footer=[CountRow("", say("partnerships-overview-total"), tuple(rows), total=True)],
    )


@dataclass(frozen=True, slots=True)
class Gap:
    """A value of a field with no active partnership, and its partnerships in any status."""

    spec: FieldSpec
    id: str
    label: str
    count: int


def find_gaps(rows: list[Record], schema: Schema, settings: Settings, messages: Messages | None = None) -> list[Gap]:
    """The values of the ``gaps`` fields, in their order, that no active partnership has.

    Active means: the field with the ``status`` role holds one of
    ``[overview] active_statuses``. Without such a field nothing is active,
    and there are no gaps to show (the section says so).
    """
    status = schema.role_name(Role.STATUS)
    if status is None:
        return []
    active = set(settings.overview.active_statuses)
    gaps = []
    for name in settings.overview.gaps or ():
        spec = enum_field(schema, name)
        if spec is None:
            continue
        for group in group_records(rows, spec, schema, messages):
            if group.id == UNSPECIFIED_ID:
                continue
            if not any(set(values_of(r, status)) & active for r in group.records):
                gaps.append(Gap(spec, group.id, group.label, len(group.records)))
    return gaps


def gaps_table(gaps: list[Gap], settings: Settings, total: int = 0, messages: Messages | None = None) -> Table[Gap]:
    say = messages or messages_for()
    links = _Links(settings, total)
    return Table(
        columns=[
            Column(say("partnerships-overview-gaps-field"), lambda g: Text(field_label(say, g.spec))),
            Column(say("partnerships-overview-gaps-value"), lambda g: Text(g.label)),
            Column(
                say("partnerships-overview-gaps-count"),
                lambda g: links.number(g.count, {g.spec.name: g.id}),
                sort_type="number",
                align="right",
            ),
        ],
        rows=gaps,
    )


def _note_several(spec: FieldSpec, say: Messages) -> str:
    return say("partnerships-overview-several", inline(say, field_label(say, spec)))


def _heading_of(say: Messages, *specs: FieldSpec) -> str:
    """``By status``; ``By regions and type of relationship`` (labels in the page's language)."""
    labels = [say("partnerships-label-in-heading", field_label(say, spec)) for spec in specs]
    return say("partnerships-overview-by", say.list(labels))


def render_overview(
    records: Iterable[Record],
    schema: Schema,
    settings: Settings,
    *,
    today: date | None = None,
    messages: Messages | None = None,
) -> str:
    """The overview page's body (between the bot's markers); ``today`` ends the trends' years.

    ``messages`` gives the page's language (English by default).
    """
    settings = checked(settings, schema)
    say = messages or messages_for()
    layout = settings.overview
    rows = partnerships(records)
    links = _Links(settings, len(rows))
    parts = [paragraph(*phrase(say, "partnerships-overview-intro", links.number(len(rows)), len(rows)))]
    if layout.cross:
        row_spec, col_spec = enum_field(schema, layout.cross[0]), enum_field(schema, layout.cross[1])
        if row_spec and col_spec:
            parts += [
                heading(Text(_heading_of(say, row_spec, col_spec))),
                render_table(cross_table(row_spec, col_spec, rows, schema, settings, say)),
            ]
            if row_spec.list:
                parts.append(paragraph(Text(_note_several(row_spec, say))))
    for name in layout.breakdowns or ():
        spec = enum_field(schema, name)
        if spec is None:
            continue
        parts += [
            heading(Text(_heading_of(say, spec))),
            render_table(breakdown_table(spec, rows, schema, settings, say)),
        ]
        if spec.list:
            parts.append(paragraph(Text(_note_several(spec, say))))
    year_spec = schema.by_name.get(layout.years) if layout.years else None
    if year_spec is not None:
        parts += [
            heading(Text(say("partnerships-overview-by-year", inline(say, field_label(say, year_spec))))),
            render_table(year_table(year_spec, rows, settings, say)),
        ]
    if layout.trends:
        parts += render_trends(rows, schema, settings, today, messages=say)
    gap_specs = [spec for name in layout.gaps or () if (spec := enum_field(schema, name)) is not None]
    status = schema.role(Role.STATUS)
    if gap_specs and status is not None:
        parts.append(heading(Text(say("partnerships-overview-gaps"))))
        what = say.list([inline(say, field_label(say, spec)) for spec in gap_specs])
        active = say.list(status_labels(schema, settings.overview.active_statuses, say), style="or")
        parts.append(
            paragraph(
                Text(say("partnerships-overview-gaps-intro", what, inline(say, field_label(say, status)), active))
            )
        )
        gaps = find_gaps(rows, schema, settings, say)
        parts.append(
            render_table(gaps_table(gaps, settings, len(rows), say))
            if gaps
            else paragraph(Text(say("partnerships-overview-no-gaps", what)))
        )
    return "\n\n".join(parts) + "\n"
