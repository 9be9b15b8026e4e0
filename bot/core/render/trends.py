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
from bot.core.labels import field_label
from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.common import UNSPECIFIED_ID, enum_field, group_records, status_labels
from bot.core.render.engine import Cell, Column, Number, Table, Text, heading, paragraph, render_table
from bot.core.schema import Role, Schema
from bot.core.trends import BEFORE, SO_FAR, Trends, YearRow, trends


def year_label(row: YearRow, say: Messages) -> str:
    """``2019``, ``Before 1977``, ``2026 (so far)``, in the page's language."""
    if row.span == BEFORE:
        return say("partnerships-trends-before", str(row.year + 1))
    if row.span == SO_FAR:
        return say("partnerships-trends-so-far", str(row.year))
    return str(row.year)


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


def trend_table(found: Trends, say: Messages) -> Table[YearRow]:
    return Table(
        columns=[
            Column(
                say("partnerships-overview-year"),
                lambda r: Text(year_label(r, say)),
                sort_value=lambda r: r.year,
                sort_type="number",
            ),
            Column(
                say("partnerships-trends-started"), lambda r: Number(len(r.started)), sort_type="number", align="right"
            ),
            Column(say("partnerships-trends-ended"), lambda r: Number(len(r.ended)), sort_type="number", align="right"),
            Column(
                say("partnerships-trends-active"), lambda r: Number(len(r.active)), sort_type="number", align="right"
            ),
        ],
        rows=list(found.rows),
    )


def region_table(found: Trends, schema: Schema, say: Messages) -> Table[YearRow] | None:
    """Active at the end of each year, a column per region (a partnership in several regions counts in each)."""
    spec = enum_field(schema, schema.role_name(Role.REGIONS))
    if spec is None:
        return None
    everyone = {id(r): r for row in found.rows for r in row.active}
    groups = [g for g in group_records(everyone.values(), spec, schema, say) if g.id != UNSPECIFIED_ID or g.records]

    def count(members: set[int]) -> Callable[[YearRow], Cell]:
        return lambda row: Number(sum(1 for r in row.active if id(r) in members))

    columns: list[Column[YearRow]] = [
        Column(
            say("partnerships-overview-year"),
            lambda r: Text(year_label(r, say)),
            sort_value=lambda r: r.year,
            sort_type="number",
        )
    ]
    columns += [Column(g.label, count({id(r) for r in g.records}), sort_type="number", align="right") for g in groups]
    columns.append(
        Column(say("partnerships-overview-total"), lambda r: Number(len(r.active)), sort_type="number", align="right")
    )
    return Table(columns=columns, rows=list(found.rows))


def apart_note(found: Trends, schema: Schema, today: date | None, settings: Settings, say: Messages) -> str:
    """Which partnerships the tables leave out, and why."""
    start = schema.role(Role.START)
    end = schema.role(Role.END)
    start_label = say("partnerships-label-in-sentence", field_label(say, start)) if start else ""
    end_label = say("partnerships-label-in-sentence", field_label(say, end)) if end else ""
    parts = []
    if found.undated:
        parts.append(say("partnerships-trends-undated", len(found.undated), start_label))
    if found.not_started:
        pending = say.list(status_labels(schema, settings.audits.pending_statuses, say), style="or")
        n = len(found.not_started)
        if today is not None:
            parts.append(say("partnerships-trends-not-started-later", n, pending, str(today.year)))
        else:
            parts.append(say("partnerships-trends-not-started", n, pending))
    text = say("partnerships-trends-counted-so-far" if today else "partnerships-trends-counted")
    if parts:
        text += " " + say("partnerships-trends-not-counted", "; ".join(parts))
    if found.end_unknown:
        text += " " + say("partnerships-trends-end-unknown", len(found.end_unknown), end_label)
    return text


def render_trends(
    rows: list[Record], schema: Schema, settings: Settings, today: date | None, *, messages: Messages | None = None
) -> list[str]:
    """The overview's trend section: a heading, the note, the two tables (nothing without a start date field)."""
    say = messages or messages_for()
    found = yearly_trends(rows, schema, settings, today)
    if found is None:
        return []
    parts = [
        heading(Text(say("partnerships-trends"))),
        paragraph(Text(apart_note(found, schema, today, settings, say))),
    ]
    if not found.rows:
        return [*parts, paragraph(Text(say("partnerships-trends-no-start")))]
    parts.append(render_table(trend_table(found, say)))
    by_region = region_table(found, schema, say)
    if by_region is not None:
        parts += [
            heading(Text(say("partnerships-trends-by-region")), level=3),
            paragraph(Text(say("partnerships-trends-by-region-note"))),
            render_table(by_region),
        ]
    return parts
