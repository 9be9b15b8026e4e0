"""The update job's change log: the last publication, what became of the pages that left, the new log.

What was published last time comes from the state file
(``<state_dir>/published.json``: every record with its problems, page ids,
revisions and the change log). When the state is gone, the data page holds
the same registry (with problem counts only) and the same change log, so
one request recovers both; page histories are never re-read.

Pages that left the registry are looked up by page id, in one request for
them all: a page the wiki no longer has was deleted; one under another title
was moved (out of the registry's scope, or it would still be listed); one
under its own title no longer uses the template.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.config import Settings
from bot.core.history import (
    Change,
    ChangeLog,
    Entry,
    Fate,
    diff_entries,
    entries_from_data,
    entries_from_state,
    entry_of,
    record_changes,
)
from bot.core.history.log import DELETED, OUT_OF_SCOPE, TEMPLATE_REMOVED
from bot.core.records import Record
from bot.core.render.common import is_partnership
from bot.core.schema import Schema
from bot.sources.registry import in_scope
from bot.wiki import Wiki


@dataclass(frozen=True)
class Previous:
    """The last publication as the change log compares with it."""

    entries: dict[str, Entry]
    log: ChangeLog | None
    known: bool
    """False when nothing was ever published (no state, no data page): a first run has no events."""


def previous_publication(
    published: Mapping[str, Any], schema: Schema, *, data_page: Callable[[], str | None]
) -> Previous:
    """From the state file, else from the data page's text (``data_page`` reads it), else nothing."""
    if "records" in published:
        entries = entries_from_state(
            published["records"], published.get("pageids") or {}, published.get("revisions") or {}, schema
        )
        return Previous(entries, ChangeLog.from_json(published.get("changes")), True)
    text = data_page()
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        return Previous({}, None, False)
    return Previous(entries_from_data(data, schema), ChangeLog.from_json(data.get("changes")), True)


def fates(wiki: Wiki, left: Mapping[str, Entry], settings: Settings) -> dict[str, Fate]:
    """What became of the pages that left the registry (see the module docstring)."""
    with_ids = {page: entry.pageid for page, entry in left.items() if entry.pageid is not None}
    found: dict[str, Fate] = {}
    if with_ids:
        info = wiki.pages_by_id(list(with_ids.values()))
        for page, pageid in with_ids.items():
            now = info.get(pageid)
            if now is None:
                found[page] = Fate(DELETED)
                continue
            title, revision = now
            inside = in_scope(title, settings.registry, settings.own_pages)
            if title != page and not inside:
                found[page] = Fate(OUT_OF_SCOPE, title, revision)
            elif inside:
                found[page] = Fate(TEMPLATE_REMOVED, title, revision)
            else:
                found[page] = Fate(OUT_OF_SCOPE, None, revision)
    without = [page for page in left if page not in with_ids]
    if without:
        for page, state in wiki.page_states(without).items():
            if not state.exists:
                found[page] = Fate(DELETED)
            elif state.redirect:
                found[page] = Fate(OUT_OF_SCOPE)
            else:
                found[page] = Fate(TEMPLATE_REMOVED)
    return found


def new_change_log(
    wiki: Wiki,
    previous: Previous,
    records: Sequence[Record],
    *,
    pageids: Mapping[str, int],
    times: Mapping[str, str | None],
    schema: Schema,
    settings: Settings,
    now: datetime,
) -> tuple[ChangeLog, list[Change]]:
    """The change log after this run, and the run's own events."""
    current = {r.page: entry_of(r, schema, pageids.get(r.page)) for r in records if is_partnership(r)}
    changes: list[Change] = []
    if previous.known:
        old = previous.entries
        left = {page: entry for page, entry in old.items() if page not in current}
        moved_ids = {e.pageid for e in current.values() if e.pageid is not None}
        lookup = {page: entry for page, entry in left.items() if entry.pageid is None or entry.pageid not in moved_ids}
        changes = diff_entries(
            old,
            current,
            at=now.strftime("%Y-%m-%dT%H:%MZ"),
            times=times,
            fates=fates(wiki, lookup, settings) if lookup else {},
        )
    log = record_changes(previous.log, changes, today=now.date(), days=settings.changes.days)
    return log, changes


def state_extras(records: Sequence[Record], pageids: Mapping[str, int], log: ChangeLog) -> dict[str, Any]:
    """What the state keeps beside the records for the next run's change log."""
    kept = [r for r in records if is_partnership(r)]
    return {
        "pageids": {r.page: pageids[r.page] for r in kept if r.page in pageids},
        "revisions": {r.page: r.revision for r in kept if r.revision is not None},
        "changes": log.as_json(),
    }
