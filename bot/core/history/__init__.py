"""The registry's history: what changed between two published registries, kept as a change log.

The update job compares what it publishes now with what it published last
time (the state, else the data page) and never re-reads page histories:

* :mod:`.entries`: the few facts of one partnership the change log follows
  (status, type, level by role; problems; page id and revision), built from
  records, from the state file or from the data page;
* :mod:`.diff`: two registries of entries -> events (added, removed with
  why, moved, a field changed, problems fixed or introduced);
* :mod:`.log`: the change log itself: events newest first, flip-flops of
  one day merged into one event, a window of days, older months summarised;
  what the state and the data page keep.

Everything here is pure; :mod:`bot.core.render.changes` writes the page.
"""

from bot.core.history.diff import Fate, diff_entries
from bot.core.history.entries import Entry, entries_from_data, entries_from_state, entry_of, tracked_fields
from bot.core.history.log import Change, ChangeLog, MonthSummary, record_changes

__all__ = [
    "Change",
    "ChangeLog",
    "Entry",
    "Fate",
    "MonthSummary",
    "diff_entries",
    "entries_from_data",
    "entries_from_state",
    "entry_of",
    "record_changes",
    "tracked_fields",
]
