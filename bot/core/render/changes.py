"""The change log page (``[pages] changes``): what happened to the registry, newest first.

One line per event, each with its date, a link to the page and, where
there is one, to the diff that made the change::

    * 2026-03-14: [[Partnerships/Kiwix|Kiwix]]: Status changed from Proposed to Active (diff)
    * 2026-03-12: [[Partnerships/Old|Old]] moved to [[Partnerships/New|Partnerships/New]] (diff)
    * 2026-03-10: Foo removed: the page was deleted

Events of the last ``[changes] days`` days are listed; earlier ones are
counted in a table with a row per month. Labels come from the schema (a
field's label, an enumeration value's label), so the page reads as the
template does; every sentence is a message (``partnerships-changes-*``), so
the page can be written in any language of ``[pages] languages``. Like
every renderer it is pure and escapes every value.
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
from bot.core.labels import field_label
from bot.core.messages import Messages, messages_for
from bot.core.render.common import enum_label, inline
from bot.core.render.engine import Cell, Column, Link, Number, Table, Text, bullet, heading, paragraph, render_table
from bot.core.render.phrases import phrase
from bot.core.schema import Schema


def month_label(month: str, messages: Messages | None = None) -> str:
    """``2026-03`` -> ``March 2026`` (``März 2026`` in German; anything else as it is)."""
    say = messages or messages_for()
    year, _, number = month.partition("-")
    if number.isdigit() and 1 <= int(number) <= 12:
        return say("partnerships-changes-month", say.month(int(number)), year)
    return month


def _label(schema: Schema, field: str | None, say: Messages) -> str:
    spec = schema.by_name.get(field or "")
    return field_label(say, spec) if spec is not None else (field or "")


def _value(schema: Schema, field: str | None, value: str | None, say: Messages) -> str:
    spec = schema.by_name.get(field or "")
    if value is None:
        return say("partnerships-changes-no-value")
    return enum_label(schema, spec, value, say) if spec is not None else value


def diff_link(change: Change, messages: Messages | None = None) -> Link | None:
    """The diff of the change: between the two revisions, or the one revision that made it."""
    label = (messages or messages_for())("partnerships-changes-diff")
    old, new = change.old_revision, change.new_revision
    if old and new and old != new:
        return Link(f"Special:Diff/{old}/{new}", label)
    if new and change.kind == ADDED and not change.back:
        return Link(f"Special:Diff/{new}", label)
    return None


def _page(change: Change) -> Link:
    return Link(change.page, change.name or change.page)


def _what(change: Change, schema: Schema, say: Messages) -> tuple[Cell, ...]:
    """The cells that say what happened, after the date."""
    page = _page(change)
    name = Text(change.name or change.page)
    if change.kind == ADDED:
        return phrase(say, "partnerships-changes-added-back" if change.back else "partnerships-changes-added", page)
    if change.kind == REMOVED:
        if change.back:
            return phrase(say, "partnerships-changes-removed-back", page)
        if change.reason == DELETED:
            return phrase(say, "partnerships-changes-removed-deleted", name)
        if change.reason == TEMPLATE_REMOVED:
            return phrase(say, "partnerships-changes-removed-template", page, f"{{{{{schema.template}}}}}")
        if change.reason == OUT_OF_SCOPE and change.detail:
            return phrase(say, "partnerships-changes-removed-outside", name, Link(change.detail, change.detail))
        return phrase(say, "partnerships-changes-removed", page)
    if change.kind == MOVED:
        if change.back:
            return phrase(say, "partnerships-changes-moved-back", page, change.via or "")
        return phrase(say, "partnerships-changes-moved", name, change.before or "", Link(change.page, change.page))
    if change.kind == FIELD:
        label = _label(schema, change.field, say)
        before, after = (
            _value(schema, change.field, change.before, say),
            _value(schema, change.field, change.after, say),
        )
        if change.back:
            via = _value(schema, change.field, change.via, say)
            return phrase(say, "partnerships-changes-field-back", page, label, via, after)
        return phrase(say, "partnerships-changes-field", page, label, before, after)
    if change.kind == PROBLEMS:
        parts = [say("partnerships-changes-fixed", change.fixed)] if change.fixed else []
        if change.introduced:
            key = "partnerships-changes-introduced-too" if parts else "partnerships-changes-introduced"
            parts.append(say(key, change.introduced))
        return phrase(say, "partnerships-changes-problems", page, ", ".join(parts))
    return phrase(say, "partnerships-changes-other", page, change.kind)


def event_line(change: Change, schema: Schema, messages: Messages | None = None) -> str:
    """One event as a list item: ``* DATE: what happened (diff)``."""
    say = messages or messages_for()
    cells = phrase(say, "partnerships-changes-event", change.day, _what(change, schema, say))
    link = diff_link(change, say)
    if link is not None:
        cells = phrase(say, "partnerships-changes-with-diff", cells, link)
    return bullet(*cells)


def month_table(
    months: tuple[MonthSummary, ...], schema: Schema, messages: Messages | None = None
) -> Table[MonthSummary]:
    """One row per month older than the window: counts by kind of event."""
    say = messages or messages_for()
    fields = list(tracked_fields(schema))
    for month in months:
        for key, _ in month.counts:
            name = key.removeprefix(f"{FIELD}:")
            if key.startswith(f"{FIELD}:") and name not in fields:
                fields.append(name)

    def count(key: str) -> Callable[[MonthSummary], Cell]:
        return lambda m: Number(m.count(key))

    def column(header: str, key: str) -> Column[MonthSummary]:
        return Column(header, count(key), sort_type="number", align="right")

    columns: list[Column[MonthSummary]] = [
        Column(
            say("partnerships-changes-month-column"),
            lambda m: Text(month_label(m.month, say)),
            sort_value=lambda m: m.month,
        ),
        column(say("partnerships-changes-added-column"), ADDED),
        column(say("partnerships-changes-removed-column"), REMOVED),
        column(say("partnerships-changes-moved-column"), MOVED),
    ]
    columns += [
        column(say("partnerships-changes-field-column", _label(schema, name, say)), f"{FIELD}:{name}")
        for name in fields
    ]
    columns += [
        column(say("partnerships-changes-introduced-column"), "problems-introduced"),
        column(say("partnerships-changes-fixed-column"), "problems-fixed"),
    ]
    return Table(columns=columns, rows=list(months))


def render_changes(log: ChangeLog, schema: Schema, settings: Settings, *, messages: Messages | None = None) -> str:
    """The change log page's body (between the bot's markers), in the messages' language (English by default)."""
    say = messages or messages_for()
    days = settings.changes.days
    labels = [inline(say, _label(schema, f, say)) for f in tracked_fields(schema)]
    fields = say.list(labels) if labels else say("partnerships-changes-their-fields")
    if log.since:
        intro = say("partnerships-changes-intro-since", fields, days, log.since)
    else:
        intro = say("partnerships-changes-intro", fields, days)
    parts = [paragraph(Text(intro)), heading(Text(say("partnerships-changes-last-days", days)))]
    if log.events:
        parts.append("\n".join(event_line(e, schema, say) for e in log.events))
    else:
        parts.append(paragraph(Text(say("partnerships-changes-no-events"))))
    if log.months:
        parts += [
            heading(Text(say("partnerships-changes-earlier"))),
            render_table(month_table(log.months, schema, say)),
        ]
    return "\n\n".join(parts) + "\n"
