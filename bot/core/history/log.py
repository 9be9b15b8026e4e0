"""The change log: events newest first, one day's flip-flops merged, older months summarised.

A :class:`Change` is one event on one page. :func:`record_changes` adds a
run's events to the log:

* **One event per page, kind and day.** An event that continues one of
  the same day (the same page, the same kind, starting where the earlier one
  ended) is merged into it: ``Active -> On hold`` at 10:00 and ``On hold ->
  Active`` at 10:30 is one event, ``Active -> On hold and back``; a page
  added and removed again the same day is one event; problems fixed and
  introduced the same day add up. What readers want from a change log is
  what changed that day, not every keystroke.
* **A window.** Events of the last ``days`` days are listed one by one;
  older ones are folded into one :class:`MonthSummary` per month (counts by
  kind), kept for good, so the page stays short and no history is lost.

The log is plain data, kept in the state file and on the data page
(:meth:`ChangeLog.as_json`), and read back leniently (:meth:`ChangeLog.from_json`):
an entry that cannot be read is dropped, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import date, timedelta
from typing import Any

ADDED = "added"
REMOVED = "removed"
MOVED = "moved"
FIELD = "field"
PROBLEMS = "problems"
KINDS = (ADDED, REMOVED, MOVED, FIELD, PROBLEMS)

# Why a partnership left the registry (Change.reason for REMOVED).
DELETED = "deleted"
TEMPLATE_REMOVED = "template"
OUT_OF_SCOPE = "scope"


@dataclass(frozen=True, slots=True)
class Change:
    """One event. ``at`` is when it happened, ``YYYY-MM-DDTHH:MMZ`` (UTC).

    * ``added``/``removed``: ``reason`` says why a page left (:data:`DELETED`,
      :data:`TEMPLATE_REMOVED`, :data:`OUT_OF_SCOPE` with the new title in
      ``detail``); ``back`` means it came back (or went again) the same day;
    * ``moved``: ``before`` and ``after`` are the old and new titles (``page`` is the new one);
    * ``field``: ``field`` changed from ``before`` to ``after`` (enumeration ids);
      ``back`` with ``via``: it changed to ``via`` and back the same day;
    * ``problems``: ``introduced`` and ``fixed`` count problems.

    ``old_revision`` and ``new_revision`` make the diff link.
    """

    at: str
    page: str
    name: str
    kind: str
    field: str | None = None
    before: str | None = None
    after: str | None = None
    via: str | None = None
    back: bool = False
    reason: str | None = None
    detail: str | None = None
    introduced: int = 0
    fixed: int = 0
    old_revision: int | None = None
    new_revision: int | None = None

    @property
    def day(self) -> str:
        return self.at[:10]

    @property
    def family(self) -> str:
        """Events of one family on one page and day merge: membership, a move, one field, problems."""
        if self.kind in (ADDED, REMOVED):
            return "membership"
        return f"field:{self.field}" if self.kind == FIELD else self.kind

    @property
    def counted_as(self) -> str:
        """The key this event counts under in a month's summary."""
        return f"{FIELD}:{self.field}" if self.kind == FIELD else self.kind

    def as_json(self) -> dict[str, Any]:
        """Only what differs from the defaults, so the stored log stays small."""
        defaults = Change("", "", "", "")
        return {k: v for k, v in asdict(self).items() if k in _REQUIRED or v != getattr(defaults, k)}


@dataclass(frozen=True, slots=True)
class MonthSummary:
    """The events of one month older than the window: counts by kind (``field:NAME`` per field)."""

    month: str
    counts: tuple[tuple[str, int], ...]

    def count(self, key: str) -> int:
        return dict(self.counts).get(key, 0)


@dataclass(frozen=True)
class ChangeLog:
    """Events newest first, month summaries newest first, and the day the log began."""

    events: tuple[Change, ...] = ()
    months: tuple[MonthSummary, ...] = ()
    since: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "events": [e.as_json() for e in self.events],
            "months": [{"month": m.month, "counts": dict(m.counts)} for m in self.months],
        }

    @classmethod
    def from_json(cls, data: Any) -> ChangeLog | None:
        """The log kept in the state or on the data page, or None when there is none to read."""
        if not isinstance(data, Mapping):
            return None
        events = tuple(e for item in _list(data.get("events")) if (e := _change(item)) is not None)
        months = tuple(m for item in _list(data.get("months")) if (m := _month(item)) is not None)
        since = data.get("since") if isinstance(data.get("since"), str) else None
        return cls(_newest_first(events), tuple(sorted(months, key=lambda m: m.month, reverse=True)), since)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_TYPES = {f.name: f.type for f in fields(Change)}
_REQUIRED = tuple(_TYPES)[:4]  # at, page, the name shown, kind: kept in the JSON even when empty


def _change(item: Any) -> Change | None:
    if not isinstance(item, Mapping) or item.get("kind") not in KINDS:
        return None
    values: dict[str, Any] = {}
    for key, value in item.items():
        kind = _TYPES.get(key)
        if kind is None:
            continue
        if "int" in str(kind) and (not isinstance(value, int) or isinstance(value, bool)):
            if value is not None:
                return None
        elif (kind == "bool" and not isinstance(value, bool)) or (
            "str" in str(kind) and value is not None and not isinstance(value, str)
        ):
            return None
        values[key] = value
    if not all(isinstance(values.get(k), str) for k in _REQUIRED):
        return None
    return Change(**values)


def _month(item: Any) -> MonthSummary | None:
    if not isinstance(item, Mapping) or not isinstance(item.get("month"), str):
        return None
    counts = item.get("counts")
    if not isinstance(counts, Mapping):
        return None
    pairs = tuple(
        sorted((str(k), v) for k, v in counts.items() if isinstance(v, int) and not isinstance(v, bool) and v > 0)
    )
    return MonthSummary(item["month"], pairs)


def _newest_first(events: Iterable[Change]) -> tuple[Change, ...]:
    """Newest first; events of the same minute keep a fixed order (by page, then kind)."""
    ordered = sorted(events, key=lambda e: (e.page.casefold(), e.page, KINDS.index(e.kind), e.field or ""))
    return tuple(sorted(ordered, key=lambda e: e.at, reverse=True))


def _merge(earlier: Change, later: Change) -> Change | None:
    """The one event that ``earlier`` then ``later`` (same day) make, or None when they do not continue."""
    if earlier.day != later.day or earlier.family != later.family:
        return None
    if later.kind == MOVED:
        if earlier.after != later.before:
            return None
        back = earlier.before == later.after
        return replace(
            later,
            before=earlier.before,
            back=back,
            via=earlier.after if back else None,
            old_revision=earlier.old_revision,
        )
    if earlier.page != later.page:
        return None
    if later.kind == PROBLEMS:
        return replace(
            later,
            introduced=earlier.introduced + later.introduced,
            fixed=earlier.fixed + later.fixed,
            old_revision=earlier.old_revision,
        )
    if later.kind == FIELD:
        if earlier.after != later.before:
            return None
        back = earlier.before == later.after
        return replace(
            later,
            before=earlier.before,
            back=back,
            via=earlier.after if back else None,
            old_revision=earlier.old_revision,
        )
    # Membership: the page is listed after ``earlier`` when it was added and not taken back, or removed and back.
    listed = (earlier.kind == ADDED) != earlier.back
    if listed != (later.kind == REMOVED):
        return None
    first = earlier.kind
    return replace(
        later,
        kind=first,
        back=not earlier.back,
        name=earlier.name if first == REMOVED else later.name,
        reason=later.reason if later.kind == REMOVED else earlier.reason,
        detail=later.detail if later.kind == REMOVED else earlier.detail,
        old_revision=earlier.old_revision,
    )


def fold(log: ChangeLog, today: date, days: int) -> ChangeLog:
    """Events older than ``days`` days before ``today`` folded into their months' summaries."""
    cutoff = (today - timedelta(days=days)).isoformat()
    keep = tuple(e for e in log.events if e.day >= cutoff)
    old = [e for e in log.events if e.day < cutoff]
    if not old:
        return log
    counts: dict[str, dict[str, int]] = {m.month: dict(m.counts) for m in log.months}
    for event in old:
        month = counts.setdefault(event.day[:7], {})
        if event.kind == PROBLEMS:
            for key, number in (("problems-introduced", event.introduced), ("problems-fixed", event.fixed)):
                if number:
                    month[key] = month.get(key, 0) + number
        else:
            month[event.counted_as] = month.get(event.counted_as, 0) + 1
    months = tuple(
        MonthSummary(month, tuple(sorted(values.items()))) for month, values in sorted(counts.items(), reverse=True)
    )
    return replace(log, events=keep, months=months)


def record_changes(log: ChangeLog | None, changes: Sequence[Change], *, today: date, days: int) -> ChangeLog:
    """The log with a run's ``changes`` added (merged with the same day's events), then folded.

    ``log`` None means there was no log yet: it begins ``today``, with the
    run's changes (none on a first run, which has nothing to compare with).
    """
    log = log or ChangeLog(since=today.isoformat())
    events = list(log.events)
    latest: dict[tuple[str, str, str], int] = {}  # (day, family, page) -> the newest such event
    for number, event in enumerate(events):
        latest.setdefault((event.day, event.family, event.page), number)
    for change in sorted(changes, key=lambda c: c.at):
        key = (change.day, change.family, (change.before or "") if change.kind == MOVED else change.page)
        found = latest.get(key)
        merged = _merge(events[found], change) if found is not None else None
        if found is not None and merged is not None:
            events[found] = merged
            del latest[key]
            position = found
        else:
            events.append(change)
            position = len(events) - 1
        latest[(events[position].day, events[position].family, events[position].page)] = position
    return fold(replace(log, events=_newest_first(events)), today, days)


def counts_of(events: Iterable[Change]) -> dict[str, int]:
    """How many events of each kind (for edit summaries)."""
    found: dict[str, int] = {}
    for event in events:
        found[event.kind] = found.get(event.kind, 0) + 1
    return found
