"""The change log page (``[pages] changes``): what happened to the registry, newest first.

One line per event, each with its date, a link to the page and, where
there is one, to the diff that made the change::

    * 2026-03-14: [[Partnerships/Kiwix|Kiwix]]: Status changed from Proposed to Active (diff)
    * 2026-03-12: [[Partnerships/Old|Old]] moved to [[Partnerships/New|Partnerships/New]] (diff)
    * 2026-03-10: Foo removed: the page was deleted

Events of the last ``[changes] days`` days are listed; earlier ones are
counted in a table with a row per month. Labels come from the schema (a
field's label, an enumeration value's label), so the page reads as the
template does. Like every renderer it is pure and escapes every value.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from bot.core.history.entries import tracked_fields
from bot.core.history.log import (
    ADDED,
    DELETED,
    FIELD,
    MOVED,
    OUT_OF_SCOPE,
    PROBLEMS,
    REMOVED,
    TEMPLATE_REMOVED,
    Change,
    ChangeLog,
    MonthSummary,
)
from bot.core.render.common import enum_label, plural
from bot.core.render.engine import Cell, Column, Link, Number, Table, Text, bullet, heading, paragraph, render_table
from bot.core.schema import Schema

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NONE = "(none)"


def month_label(month: str) -> str:
    """``2026-03`` -> ``March 2026`` (anything else as it is)."""
    year, _, number = month.partition("-")
    return f"{MONTHS[int(number) - 1]} {year}" if number.isdigit() and 1 <= int(number) <= 12 else month


def _label(schema: Schema, field: str | None) -> str:
    spec = schema.by_name.get(field or "")
    return spec.label if spec is not None else (field or "")


def _value(schema: Schema, field: str | None, value: str | None) -> str:
    spec = schema.by_name.get(field or "")
    if value is None:
        return NONE
    return enum_label(schema, spec, value) if spec is not None else value


def diff_link(change: Change) -> Link | None:
    """The diff of the change: between the two revisions, or the one revision that made it."""
    old, new = change.old_revision, change.new_revision
    if old and new and old != new:
        return Link(f"Special:Diff/{old}/{new}", "diff")
    if new and change.kind == ADDED and not change.back:
        return Link(f"Special:Diff/{new}", "diff")
    return None


def _page(change: Change) -> Link:
    return Link(change.page, change.name or change.page)


def _what(change: Change, schema: Schema) -> list[Cell]:
    """The cells that say what happened, after the date."""
    page = _page(change)
    if change.kind == ADDED:
        return [page, Text(" added, and removed again the same day" if change.back else " added")]
    if change.kind == REMOVED:
        if change.back:
            return [page, Text(" removed, and back the same day")]
        if change.reason == DELETED:
            return [Text(change.name or change.page), Text(" removed: the page was deleted")]
        if change.reason == TEMPLATE_REMOVED:
            return [page, Text(f" removed: the page no longer uses {{{{{schema.template}}}}}")]
        if change.reason == OUT_OF_SCOPE and change.detail:
            return [
                Text(change.name or change.page),
                Text(" removed: the page was moved to "),
                Link(change.detail, change.detail),
                Text(", outside the registry"),
            ]
        return [page, Text(" removed from the registry")]
    if change.kind == MOVED:
        if change.back:
            return [page, Text(" moved to "), Text(change.via or ""), Text(" and back")]
        return [Text(f"{change.name or change.page} moved from {change.before} to "), Link(change.page, change.page)]
    if change.kind == FIELD:
        label = _label(schema, change.field)
        before, after = _value(schema, change.field, change.before), _value(schema, change.field, change.after)
        if change.back:
            via = _value(schema, change.field, change.via)
            return [page, Text(f": {label} changed to {via} and back to {after}")]
        return [page, Text(f": {label} changed from {before} to {after}")]
    if change.kind == PROBLEMS:
        parts = [f"{plural(change.fixed, 'problem')} fixed"] if change.fixed else []
        if change.introduced:
            parts.append(f"{change.introduced if parts else plural(change.introduced, 'problem')} introduced")
        return [page, Text(": " + ", ".join(parts))]
    return [page, Text(f" ({change.kind})")]


def event_line(change: Change, schema: Schema) -> str:
    """One event as a list item: ``* DATE: what happened (diff)``."""
    cells: list[Cell] = [Text(f"{change.day}: "), *_what(change, schema)]
    link = diff_link(change)
    if link is not None:
        cells += [Text(" ("), link, Text(")")]
    return bullet(*cells)


def month_table(months: tuple[MonthSummary, ...], schema: Schema) -> Table[MonthSummary]:
    """One row per month older than the window: counts by kind of event."""
    fields = list(tracked_fields(schema))
    for month in months:
        for key, _ in month.counts:
            name = key.removeprefix(f"{FIELD}:")
            if key.startswith(f"{FIELD}:") and name not in fields:
                fields.append(name)

    def count(key: str) -> Callable[[MonthSummary], Cell]:
        return lambda m: Number(m.count(key))

    columns: list[Column[MonthSummary]] = [
        Column("Month", lambda m: Text(month_label(m.month)), sort_value=lambda m: m.month),
        Column("Added", count(ADDED), sort_type="number", align="right"),
        Column("Removed", count(REMOVED), sort_type="number", align="right"),
        Column("Moved", count(MOVED), sort_type="number", align="right"),
    ]
    columns += [
        Column(f"{_label(schema, name)} changed", count(f"{FIELD}:{name}"), sort_type="number", align="right")
        for name in fields
    ]
    columns += [
        Column("Problems introduced", count("problems-introduced"), sort_type="number", align="right"),
        Column("Problems fixed", count("problems-fixed"), sort_type="number", align="right"),
    ]
    return Table(columns=columns, rows=list(months))


def render_changes(log: ChangeLog, schema: Schema, settings: Settings) -> str:
    """The change log page's body (between the bot's markers)."""
    days = settings.changes.days
    since = f" since {log.since}" if log.since else ""
    parts = [
        paragraph(
            Text(
                f"What changed in the registry{since}, newest first: partnerships added, removed and moved, "
                f"changes of {', '.join(_label(schema, f).lower() for f in tracked_fields(schema)) or 'their fields'}, "
                f"and problems fixed or introduced. The last {plural(days, 'day')} are listed event by event; "
                "earlier months are counted below."
            )
        ),
        heading(Text(f"The last {plural(days, 'day')}")),
    ]
    if log.events:
        parts.append("\n".join(event_line(e, schema) for e in log.events))
    else:
        parts.append(paragraph(Text("No changes in this time.")))
    if log.months:
        parts += [heading(Text("Earlier months")), render_table(month_table(log.months, schema))]
    return "\n\n".join(parts) + "\n"
