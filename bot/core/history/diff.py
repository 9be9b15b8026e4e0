"""Two registries of entries -> the events between them.

* A page in both: an event per followed field whose value changed
  (``status: proposed -> active``), and one for its problems when some
  were fixed or introduced (counted by problem, so a problem replaced by
  another is one fixed and one introduced).
* A **move** is one event, not a removal and an addition: the page id of a
  page that left is the page id of a page that arrived (MediaWiki keeps the
  id through a move). Without page ids (the last publication was read from
  the data page) a page that left and one that arrived with the very same
  entry are taken for a move, when that pairing is the only one possible.
* A page that left otherwise is **removed**, and :class:`Fate` (what the
  wiki says of it now) tells why: deleted, its template removed, or moved
  out of the registry's scope.
* Anything else (another revision with the same values, a page listed in
  another order, a reworded problem message) is no event.

When the event happened: the new revision's time when the page has a new
revision, else the run's time (a removal, a problem the configuration
introduced).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.history.entries import Entry, problem_changes
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
)


@dataclass(frozen=True, slots=True)
class Fate:
    """What became of a page that left the registry: ``deleted``, ``template`` removed, or ``scope`` (``title``).

    ``revision`` is the page's latest revision, for the diff that removed the template.
    """

    reason: str
    title: str | None = None
    revision: int | None = None


def minute(timestamp: str | None) -> str | None:
    """``2026-03-14T10:15:42Z`` -> ``2026-03-14T10:15Z``; None for anything that is not such a time."""
    if not timestamp or len(timestamp) < 16 or timestamp[4] != "-" or timestamp[10] != "T":
        return None
    return timestamp[:16] + "Z"


def _moves(old: Mapping[str, Entry], new: Mapping[str, Entry]) -> list[tuple[str, str]]:
    left = [page for page in old if page not in new]
    arrived = [page for page in new if page not in old]
    by_id = {new[p].pageid: p for p in arrived if new[p].pageid is not None}
    pairs = [(p, by_id[old[p].pageid]) for p in left if old[p].pageid is not None and old[p].pageid in by_id]
    paired = {a for pair in pairs for a in pair}

    # Without ids on either side: a unique pair of equal entries (name, values, problem count).
    def same(entry: Entry) -> tuple[object, ...]:
        return (entry.name, entry.values, entry.problem_count)

    loose_old = [p for p in left if p not in paired and old[p].pageid is None]
    loose_new = [p for p in arrived if p not in paired]
    for page in loose_old:
        matches = [a for a in loose_new if same(new[a]) == same(old[page])]
        twins = [o for o in loose_old if same(old[o]) == same(old[page])]
        if len(matches) == 1 and len(twins) == 1:
            pairs.append((page, matches[0]))
            loose_new.remove(matches[0])
    return pairs


def diff_entries(
    old: Mapping[str, Entry],
    new: Mapping[str, Entry],
    *,
    at: str,
    times: Mapping[str, str | None],
    fates: Mapping[str, Fate],
) -> list[Change]:
    """The events from ``old`` to ``new`` (page -> entry); ``at`` is the run's time (``YYYY-MM-DDTHH:MMZ``).

    ``times`` gives each new page's revision timestamp; ``fates`` what became
    of the pages that left (a page without one is simply removed).
    """
    changes: list[Change] = []
    moves = _moves(old, new)
    moved_from = {before for before, _ in moves}
    moved_to = {after for _, after in moves}

    def when(before: Entry | None, after: Entry) -> str:
        if before is not None and before.revision == after.revision:
            return at
        return minute(times.get(after.page)) or at

    for before_title, after_title in moves:
        before, after = old[before_title], new[after_title]
        changes.append(
            Change(
                when(None, after),
                after_title,
                after.name,
                MOVED,
                before=before_title,
                after=after_title,
                old_revision=before.revision,
                new_revision=after.revision,
            )
        )
        changes += _compare(before, after, when(before, after))
    for page, arrived in new.items():
        if page in moved_to:
            continue
        was = old.get(page)
        if was is None:
            changes.append(Change(when(None, arrived), page, arrived.name, ADDED, new_revision=arrived.revision))
        else:
            changes += _compare(was, arrived, when(was, arrived))
    for page, gone in old.items():
        if page in new or page in moved_from:
            continue
        fate = fates.get(page)
        changes.append(
            Change(
                at,
                page,
                gone.name,
                REMOVED,
                reason=fate.reason if fate and fate.reason in (DELETED, TEMPLATE_REMOVED, OUT_OF_SCOPE) else None,
                detail=fate.title if fate and fate.reason == OUT_OF_SCOPE else None,
                old_revision=gone.revision,
                new_revision=fate.revision if fate and fate.reason == TEMPLATE_REMOVED else None,
            )
        )
    return changes


def _compare(before: Entry, after: Entry, at: str) -> list[Change]:
    """The field and problem events of one page present before and after."""
    changes = []
    old_revision, new_revision = before.revision, after.revision
    known = dict(before.values)
    for field, value in after.values:
        previous = known.get(field, value)  # a field the last publication did not follow is no event
        if previous != value:
            changes.append(
                Change(
                    at,
                    after.page,
                    after.name,
                    FIELD,
                    field=field,
                    before=previous,
                    after=value,
                    old_revision=old_revision,
                    new_revision=new_revision,
                )
            )
    introduced, fixed = problem_changes(before, after)
    if introduced or fixed:
        changes.append(
            Change(
                at,
                after.page,
                after.name,
                PROBLEMS,
                introduced=introduced,
                fixed=fixed,
                old_revision=old_revision,
                new_revision=new_revision,
            )
        )
    return changes
