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
to opt out. Its words are :data:`MESSAGES`, one place to translate them.
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
from bot.core.records import Record
from bot.core.render.common import display_name, is_partnership, values_of
from bot.core.render.engine import Cell, Link, Text, paragraph, render_cell
from bot.core.schema import Role, Schema

MARKER_PREFIX = "partnerships-bot: reminder "
OPTOUT = "partnerships-reminders"
"""The name ``{{bots|optout=...}}`` takes to refuse these messages (``all`` refuses every message)."""

MESSAGES = {
    "heading": "Partnerships registry: please check {name}",
    "hello": "Hello",
    "intro": "The partnerships registry lists {page}, and it needs a look from someone who knows it:",
    "unreviewed": (
        "It was last reviewed {when} ({months} months ago). Please check that the page is still right "
        "(status, dates, contacts), then set |{field}= to today's date."
    ),
    "unreviewed-never": (
        "Nobody has marked it as reviewed. Please check that the page is still right (status, dates, "
        "contacts), then set |{field}= to today's date."
    ),
    "errors": "The registry cannot read part of it ({count}), since {since}: {examples}.",
    "problems-link": "The problems page",
    "problems-tail": " says what to change.",
    "thanks": "Thank you for keeping the registry up to date!",
    "optout": "To receive no more of these messages here, add {{{{bots|optout={optout}}}}} to this page.",
    "summary": "Reminder: {name} needs a check (registry review)",
}
"""The reminder's words, with ``{placeholders}``: the one place to translate them."""


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


def heading(item: Due) -> str:
    return render_cell(Text(MESSAGES["heading"].format(name=item.name)))


def summary(item: Due) -> str:
    return MESSAGES["summary"].format(name=item.name)


def message(item: Due, schema: Schema, *, problems_page: str, ping: bool) -> str:
    """The reminder's body (wikitext): greeting, what is missing and how to fix it, signature."""
    reviewed = schema.role_name(Role.REVIEWED) or "review date"
    hello: list[Cell] = [Text(MESSAGES["hello"])]
    if ping and item.contacts:
        hello.append(Text(" "))
        for number, contact in enumerate(item.contacts):
            if number:
                hello.append(Text(", "))
            hello.append(Link(f"User:{contact}", contact))
    hello.append(Text("! "))
    intro = MESSAGES["intro"].split("{page}")
    lines = [paragraph(*hello, Text(intro[0]), Link(item.page, item.name), Text(intro[1]))]
    if item.review is not None:
        if item.review == "never":
            text = MESSAGES["unreviewed-never"].format(field=reviewed)
        else:
            text = MESSAGES["unreviewed"].format(when=item.reviewed, months=item.months, field=reviewed)
        lines.append("* " + render_cell(Text(text), at_line_start=False))
    if item.errors:
        count = f"{len(item.errors)} error" + ("s" if len(item.errors) != 1 else "")
        examples = "; ".join(e.rstrip(". ") for e in item.errors[:3]) + ("; …" if len(item.errors) > 3 else "")
        since = item.errors_since.isoformat() if item.errors_since else "?"
        text = MESSAGES["errors"].format(count=count, since=since, examples=examples)
        lines.append(
            "* "
            + render_cell(Text(text, limit=700), at_line_start=False)
            + " "
            + render_cell(Link(problems_page, MESSAGES["problems-link"], fragment=item.page))
            + render_cell(Text(MESSAGES["problems-tail"]), at_line_start=False)
        )
    optout = render_cell(Text(MESSAGES["optout"].format(optout=OPTOUT)), at_line_start=False)
    lines.append(render_cell(Text(MESSAGES["thanks"])) + " " + optout + " ~~~~")
    return "\n".join(lines)
