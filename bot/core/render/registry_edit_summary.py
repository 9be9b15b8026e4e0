"""Edit summaries: what changed in the registry, in one short line.

``summary_text("Registry index", 2, 1, 1, 41)`` ->
``"Registry index: 2 added, 1 updated, 1 removed (41 partnerships)"``.
Zero parts are left out; the total is always there; with no part at all the
line says ``no changes to records`` (the page changed for another reason:
its layout, the configuration).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.common import page_order


class RegistryDiff(NamedTuple):
    """Pages added, updated and removed, each sorted by title."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    removed: tuple[str, ...]


def _content(record: Record | Mapping[str, Any]) -> object:
    """What must differ for a page to count as updated: its values and its problems.

    Records from the previous run come back from the state file as plain
    mappings (``{"record": ..., "problems": [...]}``); both forms compare alike.
    """
    if isinstance(record, Record):
        return {"record": record.as_dict()["record"], "problems": [p.as_dict() for p in record.problems]}
    return record


def diff_summary(
    old: Mapping[str, Record | Mapping[str, Any]], new: Mapping[str, Record | Mapping[str, Any]]
) -> RegistryDiff:
    """Compare two registries (page title -> record).

    A page is *updated* when its values or its problems differ; a new
    revision that changes neither (an edit elsewhere on the page) is not an
    update.
    """
    added = [p for p in new if p not in old]
    removed = [p for p in old if p not in new]
    updated = [p for p in new if p in old and _content(new[p]) != _content(old[p])]
    return RegistryDiff(*(tuple(sorted(pages, key=page_order)) for pages in (added, updated, removed)))


def _count(value: int | Collection[str]) -> int:
    return value if isinstance(value, int) else len(value)


def summary_text(
    what: str,
    added: int | Collection[str],
    updated: int | Collection[str],
    removed: int | Collection[str],
    total: int,
    messages: Messages | None = None,
) -> str:
    """``"<what>: 2 added, 1 updated, 1 removed (41 partnerships)"`` (counts or collections).

    ``what`` is a message key (``partnerships-edit-registry-index``) or, for
    the pages that keep English summaries, the text itself.
    """
    say = messages or messages_for()
    parts = [
        say(key, n)
        for n, key in (
            (_count(added), "partnerships-edit-added"),
            (_count(updated), "partnerships-edit-updated"),
            (_count(removed), "partnerships-edit-removed"),
        )
        if n
    ]
    changes = ", ".join(parts) if parts else say("partnerships-edit-no-changes")
    page = say(what) if what.startswith("partnerships-") else what
    return say("partnerships-edit-changes", page, changes, total)
