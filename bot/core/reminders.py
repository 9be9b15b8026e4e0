"""Reminders to a partnership's contacts: which pages are due one, and the message itself.

The Affiliates Data Portal's compliance checker taught that entries get
updated when someone is asked, on the wiki, where they will see it. A page
is due a reminder (:func:`due`) when:

* its entry was **not reviewed** for ``[reminders] review_months``: the date
  in the field with the role ``reviewed``, read at its precision (``2025-05``
  counts from the end of May), else the page's last edit;
* it has had **error-level problems** for ``[reminders] problem_days``:
  counted from the day the bot first saw each problem (kept in the job's
  state), so a problem that a change of the configuration brings to an old
  page does not trigger a reminder at once.

The message (:func:`message`) is one short section: what is missing, how
to fix it, a link to the page's section of the problems page, the contacts
linked (a mention notifies them on wikis with Echo), a signature, and how
to opt out. Its words are messages (``partnerships-reminder-*`` in ``i18n/``).
Every value from an editor is escaped.

The hidden marker (:func:`marker`) names the day the reminder was decided;
:func:`reminder_days` reads the markers already on a talk page, so a page
reminded within the period is not reminded again, whatever the state says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import mwparserfromhell

from bot.config import RemindersSettings
from bot.core.audits.stale import months_between, period_end
from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.common import display_name, is_partnership, values_of
from bot.core.render.escape import escape, shorten, wikilink
from bot.core.schema import Role, Schema

MARKER_PREFIX = "partnerships-bot: reminder "
OPTOUT = "partnerships-reminders"
"""The name ``{{bots|optout=...}}`` takes to refuse these messages (``all`` refuses every message)."""

# The reminder's words are messages (``partnerships-reminder-*`` in ``i18n/``); the talk page's
# language is the wiki's, so :func:`message` takes the messages to use (English by default).


@dataclass(frozen=True, slots=True)
class Due:
    """A page due a reminder, and why.

    ``review`` is ``late`` (reviewed ``reviewed``, ``months`` ago), ``never``
    (no review date and no edit time), or None (the errors alone are why);
    ``errors`` are the error messages when they are old enough, seen first on
    ``errors_since``.
    """

    page: str
    name: str
    contacts: tuple[str, ...]
    review: str | None
    reviewed: str | None
    months: int | None
    errors: tuple[str, ...]
    errors_since: date | None


def _single(record: Record, name: str | None) -> str | None:
    value = record.get(name) if name else None
    return value if isinstance(value, str) and value else None


def error_keys(record: Record) -> tuple[str, ...]:
    """The record's error-level problems, as keys that stay the same while the problem does."""
    return tuple(f"{p.field or ''}\x1f{p.code}\x1f{p.value or ''}" for p in record.problems if p.severity == "error")


def first_seen(
    records: Sequence[Record], previous: Mapping[str, Mapping[str, str]], today: date
) -> dict[str, dict[str, str]]:
    """Per page, the day each current error was first seen (kept from ``previous``, else ``today``)."""
    seen: dict[str, dict[str, str]] = {}
    for record in records:
        keys = error_keys(record)
        if keys:
            known = previous.get(record.page, {})
            seen[record.page] = {key: str(known.get(key) or today.isoformat()) for key in keys}
    return seen


def due(
    records: Sequence[Record],
    schema: Schema,
    *,
    edited: Mapping[str, str | None],
    errors_seen: Mapping[str, Mapping[str, str]],
    today: date,
    settings: RemindersSettings,
) -> list[Due]:
    """The pages due a reminder (see the module docstring), in the records' order."""
    reviewed_name = schema.role_name(Role.REVIEWED)
    contacts_name = schema.role_name(Role.CONTACTS)
    found = []
    for record in records:
        if not is_partnership(record):
            continue
        written = _single(record, reviewed_name)
        when = period_end(written)
        basis = written
        if when is None:
            edit = edited.get(record.page)
            when = period_end(edit)
            basis = edit[:10] if edit and when else None
        months = months_between(when, today) if when is not None else None
        late = months is not None and months > settings.review_months
        days = [date.fromisoformat(d) for d in errors_seen.get(record.page, {}).values() if _is_day(d)]
        since = min(days) if days else None
        old_errors = since is not None and today - since >= timedelta(days=settings.problem_days)
        never = when is None and reviewed_name is not None
        if not (late or old_errors or never):
            continue
        errors = tuple(f"{p.field or 'page'}: {p.message}" for p in record.problems if p.severity == "error")
        found.append(
            Due(
                record.page,
                display_name(record),
                values_of(record, contacts_name) if contacts_name else (),
                "late" if late else ("never" if never else None),
                basis,
                months,
                errors if old_errors else (),
                since if old_errors else None,
            )
        )
    return found


def _is_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def marker(day: date) -> str:
    """The hidden marker of a reminder decided on ``day``."""
    return f"{MARKER_PREFIX}{day.isoformat()}"


def reminder_days(text: str) -> list[date]:
    """The days of the reminders already on a talk page (from their hidden markers)."""
    days = []
    for comment in mwparserfromhell.parse(text).ifilter_comments():
        content = str(comment.contents).strip()
        if content.startswith(MARKER_PREFIX) and _is_day(content.removeprefix(MARKER_PREFIX).strip()):
            days.append(date.fromisoformat(content.removeprefix(MARKER_PREFIX).strip()))
    return days


def heading(item: Due, messages: Messages | None = None) -> str:
    """The section's heading: the message with the partnership's name escaped."""
    return (messages or messages_for())("partnerships-reminder-heading", escape(item.name, at_line_start=False))


def summary(item: Due, messages: Messages | None = None) -> str:
    return (messages or messages_for())("partnerships-reminder-summary", item.name)


def message(item: Due, schema: Schema, *, problems_page: str, ping: bool, messages: Messages | None = None) -> str:
    """The reminder's body (wikitext): greeting, what is missing and how to fix it, signature.

    The messages are wikitext written by the project; every value put into
    them (names, titles, dates, problem messages) is escaped or made into a
    link by :func:`bot.core.render.escape.wikilink`.
    """
    say = messages or messages_for()
    reviewed = escape(
        schema.role_name(Role.REVIEWED) or say("partnerships-reminder-no-review-field"), at_line_start=False
    )
    contacts = ", ".join(wikilink(f"User:{c}", c) for c in item.contacts) if ping else ""
    hello = say("partnerships-reminder-hello-contacts", contacts) if contacts else say("partnerships-reminder-hello")
    lines = [hello + " " + say("partnerships-reminder-intro", wikilink(item.page, item.name))]
    if item.review == "never":
        lines.append("* " + say("partnerships-reminder-unreviewed-never", reviewed))
    elif item.review == "late":
        when = escape(item.reviewed or "", at_line_start=False)
        lines.append("* " + say("partnerships-reminder-unreviewed", when, item.months, reviewed))
    if item.errors:
        shown = "; ".join(e.rstrip(". ") for e in item.errors[:3]) + ("; …" if len(item.errors) > 3 else "")
        lines.append(
            "* "
            + say(
                "partnerships-reminder-errors",
                item.errors_since.isoformat() if item.errors_since else "?",
                len(item.errors),
                escape(shorten(shown, 600), at_line_start=False),
                wikilink(problems_page, say("partnerships-reminder-problems-link"), fragment=item.page),
            )
        )
    optout = say("partnerships-reminder-optout", f"<code><nowiki>{{{{bots|optout={OPTOUT}}}}}</nowiki></code>")
    lines.append(f"{say('partnerships-reminder-thanks')} {optout} ~~~~")
    return "\n".join(lines)
