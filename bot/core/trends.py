"""Trends over time: partnerships started, ended and active at the end of each year.

Counted from the dates (the fields with the roles ``start`` and ``end``)
and the status, the same way for every year:

* a partnership **started** in the year of its start date;
* it **ended** in the year of its end date (an end date before the start is
  read as ending in the start year; an end date after this year has not
  happened yet);
* it is **active at the end of a year** when it started in or before that
  year and had not ended by then. The current year counts "so far";
* **counted apart**, and said so under the table: partnerships without a
  start date (they cannot be placed in a year); partnerships that have not
  started (a status of ``[audits] pending_statuses``, or a start date after
  this year); and partnerships whose status says they are over
  (``[overview] ended_statuses``) but that give no end date: they count as
  started, never as active at the end of a year, because nobody can tell
  which years they were active in.

Every year from the first start to this year has a row, zero or not, so a
quiet year shows as a quiet year. At most :data:`MAX_YEARS` rows: earlier
years are summed in a first ``Before`` row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.records import Record

MAX_YEARS = 50


BEFORE = "before"
SO_FAR = "so-far"


@dataclass(frozen=True, slots=True)
class YearRow:
    """One row: the year (``label`` may say ``Before 1977`` or ``2026 (so far)``) and its partnerships."""

    year: int
    label: str
    started: tuple[Record, ...]
    ended: tuple[Record, ...]
    active: tuple[Record, ...]
    span: str = ""
    """``before`` for the row of the years before the table's first (``year`` is the last of them),
    ``so-far`` for the current year, "" for any other year: what a renderer words in its language."""


@dataclass(frozen=True, slots=True)
class Trends:
    rows: tuple[YearRow, ...]
    undated: tuple[Record, ...]
    not_started: tuple[Record, ...]
    end_unknown: tuple[Record, ...]


def year_of(value: object) -> int | None:
    """The year of an ISO date of any precision (``2018``, ``2018-05``, ``2018-05-05``), or None."""
    if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit() and value[4:5] in ("", "-"):
        return int(value[:4])
    return None


@dataclass(frozen=True, slots=True)
class _Span:
    record: Record
    start: int
    end: int | None  # None: not ended (or not known to have ended)
    counts_active: bool


def trends(
    records: Iterable[Record],
    *,
    start: str | None,
    end: str | None,
    status: str | None,
    pending: Sequence[str],
    ended: Sequence[str],
    this_year: int | None,
) -> Trends:
    """The yearly trends of ``records`` (partnerships); the names are the fields with the roles.

    ``this_year`` is the last row (None: the latest year the dates name).
    """
    records = list(records)
    undated, not_started, end_unknown, spans = [], [], [], []
    for record in records:
        begun = year_of(record.get(start)) if start else None
        state = record.get(status) if status else None
        if begun is None:
            undated.append(record)
            continue
        if state in pending or (this_year is not None and begun > this_year):
            not_started.append(record)
            continue
        finished = year_of(record.get(end)) if end else None
        if finished is None and state in ended:
            end_unknown.append(record)
            spans.append(_Span(record, begun, None, False))
            continue
        spans.append(_Span(record, begun, max(finished, begun) if finished is not None else None, True))
    if not spans:
        return Trends((), tuple(undated), tuple(not_started), tuple(end_unknown))
    seen = [s.start for s in spans] + [s.end for s in spans if s.end is not None]
    last = this_year if this_year is not None else max(seen)
    first = min(s.start for s in spans)
    shown = max(first, last - MAX_YEARS + 1)
    rows = []
    if shown > first:
        rows.append(_row(spans, range(first, shown), f"Before {shown}", shown - 1, BEFORE))
    for year in range(shown, last + 1):
        current = this_year is not None and year == this_year
        label = f"{year} (so far)" if current else str(year)
        rows.append(_row(spans, range(year, year + 1), label, year, SO_FAR if current else ""))
    return Trends(tuple(rows), tuple(undated), tuple(not_started), tuple(end_unknown))


def _row(spans: Sequence[_Span], years: range, label: str, at_end_of: int, span: str = "") -> YearRow:
    return YearRow(
        at_end_of,
        label,
        tuple(s.record for s in spans if s.start in years),
        tuple(s.record for s in spans if s.end is not None and s.end in years),
        tuple(
            s.record for s in spans if s.counts_active and s.start <= at_end_of and (s.end is None or s.end > at_end_of)
        ),
        span,
    )
