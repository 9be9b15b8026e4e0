"""What the change log follows of one partnership: an :class:`Entry`.

An entry holds the single-valued fields whose change is an event (the
fields with the roles ``status``, ``kind`` and ``level``: a type or level
change is news, a reworded description is not), the page's problems, its
name, page id and revision. List fields are not followed, so reordering
the regions of a page, or rewording its description, is not an event.

Entries come from three places, which all give the same entry for the
same partnership:

* the records just extracted (:func:`entry_of`);
* the state file of the last publication (:func:`entries_from_state`),
  which keeps every problem, so "2 fixed, 1 introduced" can be told;
* the data page, when the state is gone (:func:`entries_from_data`): it
  keeps only problem counts, so problems are then compared by count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.core.records import Problem, Record
from bot.core.schema import Role, Schema

TRACKED_ROLES = (Role.STATUS, Role.KIND, Role.LEVEL)


@dataclass(frozen=True, slots=True)
class Entry:
    """One partnership as the change log sees it.

    ``problems`` holds one key per problem (field, code, value; the wording
    of the message may change without the problem changing), or None when
    only the count is known (an entry read from the data page).
    """

    page: str
    name: str
    values: tuple[tuple[str, str | None], ...]
    problem_count: int
    problems: tuple[str, ...] | None = None
    pageid: int | None = None
    revision: int | None = None

    def value(self, field: str) -> str | None:
        return dict(self.values).get(field)


def tracked_fields(schema: Schema) -> tuple[str, ...]:
    """The names of the followed fields, by role (a role the schema gives to no field is left out)."""
    return tuple(name for role in TRACKED_ROLES if (name := schema.role_name(role)) is not None)


def problem_key(field: str | None, code: str, value: str | None) -> str:
    return f"{field or ''}\x1f{code}\x1f{value or ''}"


def _single(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _name(page: str, values: Mapping[str, Any], schema: Schema) -> str:
    title = schema.role_name(Role.TITLE)
    name = _single(values.get(title)) if title else None
    return name or page.rstrip("/").rsplit("/", 1)[-1].strip() or page


def entry_of(record: Record, schema: Schema, pageid: int | None = None) -> Entry:
    """The entry of a record just extracted."""
    return Entry(
        record.page,
        _name(record.page, record.values, schema),
        tuple((name, _single(record.get(name))) for name in tracked_fields(schema)),
        len(record.problems),
        tuple(sorted(_keys(record.problems))),
        pageid,
        record.revision,
    )


def _keys(problems: tuple[Problem, ...]) -> list[str]:
    return [problem_key(p.field, p.code, p.value) for p in problems]


def entries_from_state(
    records: Mapping[str, Any], pageids: Mapping[str, Any], revisions: Mapping[str, Any], schema: Schema
) -> dict[str, Entry]:
    """Entries from the state file's ``records`` (page -> {"record", "problems"}); bad entries are skipped."""
    found: dict[str, Entry] = {}
    for page, data in records.items():
        if not isinstance(data, Mapping) or not isinstance(data.get("record"), Mapping):
            continue
        values = data["record"]
        problems = [p for p in data.get("problems") or () if isinstance(p, Mapping)]
        keys = [problem_key(p.get("field"), str(p.get("code", "")), p.get("value")) for p in problems]
        found[page] = Entry(
            page,
            _name(page, values, schema),
            tuple((name, _single(values.get(name))) for name in tracked_fields(schema) if name in values),
            len(keys),
            tuple(sorted(keys)),
            _int(pageids.get(page)),
            _int(revisions.get(page)),
        )
    return found


def entries_from_data(data: Any, schema: Schema) -> dict[str, Entry]:
    """Entries from the data page's JSON value (its ``records``); anything unreadable gives none."""
    rows = data.get("records") if isinstance(data, Mapping) else None
    found: dict[str, Entry] = {}
    for row in rows if isinstance(rows, list) else ():
        if not isinstance(row, Mapping) or not isinstance(row.get("page"), str):
            continue
        counts = row.get("problems")
        total = sum(v for v in counts.values() if isinstance(v, int)) if isinstance(counts, Mapping) else 0
        page = row["page"]
        found[page] = Entry(
            page,
            _name(page, row, schema),
            tuple((name, _single(row.get(name))) for name in tracked_fields(schema)),  # absent: no value
            total,
            None,
            None,
            _int(row.get("revision")),
        )
    return found


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def problem_changes(old: Entry, new: Entry) -> tuple[int, int]:
    """(introduced, fixed) between two entries: by problem when both know them, else by count."""
    if old.problems is not None and new.problems is not None:
        before, after = Counter(old.problems), Counter(new.problems)
        return sum((after - before).values()), sum((before - after).values())
    difference = new.problem_count - old.problem_count
    return max(difference, 0), max(-difference, 0)
