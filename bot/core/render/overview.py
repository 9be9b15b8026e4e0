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
from bot.core.records import Record
from bot.core.render.common import (
    UNSPECIFIED_ID,
    Group,
    enum_field,
    group_records,
    partnerships,
    values_of,
)
from bot.core.render.engine import Bar, Column, Number, Table, Text, heading, paragraph, render_table
from bot.core.render.lists import count_target
from bot.core.render.trends import render_trends
from bot.core.schema import FieldSpec, Role, Schema

TOTAL_LABEL = "Total"
SHARE_HEADER = "Share"
COUNT_HEADER = "Partnerships"
UNKNOWN_YEAR = "Unknown"
INTRO = "Every count is a number of partnerships; each Total row counts every partnership once."
NO_GAPS = "Every value of {what} has at least one such partnership."


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


def _share_column(total: int, settings: Settings) -> Column[CountRow]:
    color = settings.overview.bar_color
    return Column(
        SHARE_HEADER,
        lambda row: _share(0 if row.total else len(row.records), total, color),
        sort_value=lambda row: len(row.records),
        sort_type="number",
        width="10em",
    )


def breakdown_table(spec: FieldSpec, rows: list[Record], schema: Schema, settings: Settings) -> Table[CountRow]:
    """Partnerships by the values of one enumeration field, with a Total row."""
    links = _Links(settings, len(rows))
    total = CountRow("", TOTAL_LABEL, tuple(rows), total=True)
    return Table(
        columns=[
            _label_column(spec.label),
            Column(
                COUNT_HEADER,
                lambda row: links.number(len(row.records), None if row.total else {spec.name: row.id}),
                sort_type="number",
                align="right",
            ),
            _share_column(len(rows), settings),
        ],
        rows=_rows(group_records(rows, spec, schema)),
        footer=[total],
    )


def cross_table(
    row_spec: FieldSpec, col_spec: FieldSpec, rows: list[Record], schema: Schema, settings: Settings
) -> Table[CountRow]:
    """Partnerships by the values of two fields: rows by one, a column per value of the other."""
    links = _Links(settings, len(rows))
    col_groups = group_records(rows, col_spec, schema)

    def cell(group: Group) -> Callable[[CountRow], Number]:
        members = {id(r) for r in group.records}

        def count(row: CountRow) -> Number:
            n = sum(1 for r in row.records if id(r) in members)
            values = {col_spec.name: group.id} if row.total else {row_spec.name: row.id, col_spec.name: group.id}
            return links.number(n, values)

        return count

    columns = [_label_column(row_spec.label)]
    columns += [Column(g.label, cell(g), sort_type="number", align="right") for g in col_groups]

    def row_total(row: CountRow) -> Number:
        return links.number(len(row.records), {} if row.total else {row_spec.name: row.id})

    columns.append(Column(TOTAL_LABEL, row_total, sort_type="number", align="right"))
    columns.append(_share_column(len(rows), settings))
    return Table(
        columns=columns,
        rows=_rows(group_records(rows, row_spec, schema)),
        footer=[CountRow("", TOTAL_LABEL, tuple(rows), total=True)],
    )


def _year(record: Record, field: str) -> str:
    value = record.get(field)
    return value[:4] if isinstance(value, str) and value[:4].isdigit() else ""


def year_table(spec: FieldSpec, rows: list[Record], settings: Settings) -> Table[CountRow]:
    """Partnerships by the year of a date field (years that occur, ascending), Unknown last."""
    links = _Links(settings, len(rows))
    years = sorted({_year(r, spec.name) for r in rows} - {""})
    table_rows = [CountRow(y, y, tuple(r for r in rows if _year(r, spec.name) == y)) for y in years]
    unknown = tuple(r for r in rows if not _year(r, spec.name))
    if unknown:
        table_rows.append(CountRow(UNSPECIFIED_ID, UNKNOWN_YEAR, unknown))
    return Table(
        columns=[
            Column("Year", lambda row: Text(row.label), sort_type="number"),
            Column(
                COUNT_HEADER,
                lambda row: links.number(len(row.records), None if row.total else {spec.name: row.id}),
                sort_type="number",
                align="right",
            ),
            _share_column(len(rows), settings),
        ],
        rows=table_rows,
        footer=[CountRow("", TOTAL_LABEL, tuple(rows), total=True)],
    )


@dataclass(frozen=True, slots=True)
class Gap:
    """A value of a field with no active partnership, and its partnerships in any status."""

    spec: FieldSpec
    id: str
    label: str
    count: int


def find_gaps(rows: list[Record], schema: Schema, settings: Settings) -> list[Gap]:
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
        for group in group_records(rows, spec, schema):
            if group.id == UNSPECIFIED_ID:
                continue
            if not any(set(values_of(r, status)) & active for r in group.records):
                gaps.append(Gap(spec, group.id, group.label, len(group.records)))
    return gaps


def gaps_table(gaps: list[Gap], settings: Settings, total: int = 0) -> Table[Gap]:
    links = _Links(settings, total)
    return Table(
        columns=[
            Column("Field", lambda g: Text(g.spec.label)),
            Column("Without an active partnership", lambda g: Text(g.label)),
            Column(
                "Partnerships in any status",
                lambda g: links.number(g.count, {g.spec.name: g.id}),
                sort_type="number",
                align="right",
            ),
        ],
        rows=gaps,
    )


def _note_several(spec: FieldSpec) -> str:
    return (
        f"Note. A partnership with several {spec.label.lower()} counts once under each of them, so these rows "
        f"can add up to more than the total. The Total row counts partnerships, each once."
    )


def _heading_of(*specs: FieldSpec) -> str:
    """``By status``; ``By regions and type of relationship`` (labels as the schema gives them)."""
    labels = [spec.label[:1].lower() + spec.label[1:] if spec.label[1:2].islower() else spec.label for spec in specs]
    return "By " + " and ".join(labels)


def render_overview(records: Iterable[Record], schema: Schema, settings: Settings, *, today: date | None = None) -> str:
    """The overview page's body (between the bot's markers); ``today`` ends the trends' years."""
    settings = checked(settings, schema)
    layout = settings.overview
    rows = partnerships(records)
    links = _Links(settings, len(rows))
    noun = "partnership" if len(rows) == 1 else "partnerships"
    parts = [paragraph(links.number(len(rows)), Text(f" {noun} in the index. {INTRO}"))]
    if layout.cross:
        row_spec, col_spec = enum_field(schema, layout.cross[0]), enum_field(schema, layout.cross[1])
        if row_spec and col_spec:
            parts += [
                heading(Text(_heading_of(row_spec, col_spec))),
                render_table(cross_table(row_spec, col_spec, rows, schema, settings)),
            ]
            if row_spec.list:
                parts.append(paragraph(Text(_note_several(row_spec))))
    for name in layout.breakdowns or ():
        spec = enum_field(schema, name)
        if spec is None:
            continue
        parts += [heading(Text(_heading_of(spec))), render_table(breakdown_table(spec, rows, schema, settings))]
        if spec.list:
            parts.append(paragraph(Text(_note_several(spec))))
    year_spec = schema.by_name.get(layout.years) if layout.years else None
    if year_spec is not None:
        parts += [
            heading(Text(f"By year ({year_spec.label.lower()})")),
            render_table(year_table(year_spec, rows, settings)),
        ]
    if layout.trends:
        parts += render_trends(rows, schema, settings, today)
    gap_specs = [spec for name in layout.gaps or () if (spec := enum_field(schema, name)) is not None]
    status = schema.role(Role.STATUS)
    if gap_specs and status is not None:
        parts.append(heading(Text("Gaps")))
        what = " and ".join(spec.label.lower() for spec in gap_specs)
        active = " or ".join(_status_labels(schema, settings))
        parts.append(
            paragraph(Text(f"Values of {what} without a partnership whose {status.label.lower()} is {active}."))
        )
        gaps = find_gaps(rows, schema, settings)
        parts.append(
            render_table(gaps_table(gaps, settings, len(rows))) if gaps else paragraph(Text(NO_GAPS.format(what=what)))
        )
    return "\n\n".join(parts) + "\n"


def _status_labels(schema: Schema, settings: Settings) -> list[str]:
    spec = schema.role(Role.STATUS)
    enum = schema.enumeration(spec) if spec is not None else None
    labels = {v.id: v.label for v in enum.values} if enum else {}
    return [labels.get(s, s) for s in settings.overview.active_statuses]
