"""The overview's trend tables: started, ended and active per year, and active by region.

The counting is :mod:`bot.core.trends`; this module declares the two
tables and the note that says which partnerships are counted apart (an
editor reading "12 active at the end of 2020" must be able to tell that
5 undated ones are not in it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.config import Settings
from bot.core.records import Record
from bot.core.render.common import UNSPECIFIED_ID, enum_field, group_records, plural
from bot.core.render.engine import Cell, Column, Number, Table, Text, heading, paragraph, render_table
from bot.core.schema import Role, Schema
from bot.core.trends import Trends, YearRow, trends

ACTIVE_HEADER = "Active at the end of the year"


def yearly_trends(rows: list[Record], schema: Schema, settings: Settings, today: date | None) -> Trends | None:
    """The trends of the partnerships ``rows``, or None when the schema has no start date field."""
    start = schema.role_name(Role.START)
    if start is None:
        return None
    return trends(
        rows,
        start=start,
        end=schema.role_name(Role.END),
        status=schema.role_name(Role.STATUS),
        pending=settings.audits.pending_statuses,
        ended=settings.overview.ended_statuses,
        this_year=today.year if today is not None else None,
    )


def trend_table(found: Trends) -> Table[YearRow]:
    return Table(
        columns=[
            Column("Year", lambda r: Text(r.label), sort_value=lambda r: r.year, sort_type="number"),
            Column("Started", lambda r: Number(len(r.started)), sort_type="number", align="right"),
            Column("Ended", lambda r: Number(len(r.ended)), sort_type="number", align="right"),
            Column(ACTIVE_HEADER, lambda r: Number(len(r.active)), sort_type="number", align="right"),
        ],
        rows=list(found.rows),
    )


def region_table(found: Trends, schema: Schema) -> Table[YearRow] | None:
    """Active at the end of each year, a column per region (a partnership in several regions counts in each)."""
    spec = enum_field(schema, schema.role_name(Role.REGIONS))
    if spec is None:
        return None
    everyone = {id(r): r for row in found.rows for r in row.active}
    groups = [g for g in group_records(everyone.values(), spec, schema) if g.id != UNSPECIFIED_ID or g.records]

    def count(members: set[int]) -> Callable[[YearRow], Cell]:
        return lambda row: Number(sum(1 for r in row.active if id(r) in members))

    columns: list[Column[YearRow]] = [
        Column("Year", lambda r: Text(r.label), sort_value=lambda r: r.year, sort_type="number")
    ]
    columns += [Column(g.label, count({id(r) for r in g.records}), sort_type="number", align="right") for g in groups]
    columns.append(Column("Total", lambda r: Number(len(r.active)), sort_type="number", align="right"))
    return Table(columns=columns, rows=list(found.rows))


def apart_note(found: Trends, schema: Schema, today: date | None) -> str:
    """Which partnerships the tables leave out, and why."""
    start = schema.role(Role.START)
    end = schema.role(Role.END)
    start_label = start.label.lower() if start else "start date"
    end_label = end.label.lower() if end else "end date"
    parts = []
    if found.undated:
        parts.append(f"{plural(len(found.undated), 'partnership')} without a {start_label}")
    if found.not_started:
        later = f", or starting after {today.year}" if today is not None else ""
        n = len(found.not_started)
        parts.append(f"{n} that {'has' if n == 1 else 'have'} not started (potential or proposed{later})")
    text = "Counted from the start and end dates" + ("; the last row is this year so far." if today else ".")
    if parts:
        text += " Not counted: " + "; ".join(parts) + "."
    if found.end_unknown:
        n = len(found.end_unknown)
        text += (
            f" {plural(n, 'partnership')} that {'is' if n == 1 else 'are'} over but {'gives' if n == 1 else 'give'} "
            f"no {end_label} {'counts' if n == 1 else 'count'} as started, never as active at the end of a year."
        )
    return text


def render_trends(rows: list[Record], schema: Schema, settings: Settings, today: date | None) -> list[str]:
    """The overview's trend section: a heading, the note, the two tables (nothing without a start date field)."""
    found = yearly_trends(rows, schema, settings, today)
    if found is None:
        return []
    parts = [heading(Text("Trends")), paragraph(Text(apart_note(found, schema, today)))]
    if not found.rows:
        return [*parts, paragraph(Text("No partnership has a start date yet."))]
    parts.append(render_table(trend_table(found)))
    by_region = region_table(found, schema)
    if by_region is not None:
        parts += [
            heading(Text("Active at the end of each year, by region"), level=3),
            paragraph(Text("A partnership in several regions counts in each.")),
            render_table(by_region),
        ]
    return parts
