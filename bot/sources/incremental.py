"""Incremental reading of the registry: what to fetch, what to keep, what to drop.

The wiki tells us, in one cheap request per 5,000 pages, every page in scope
with its page id and latest revision id (``generator=transcludedin`` with
``prop=info``). Comparing that listing with what we read last time gives:

* pages whose latest revision changed, or that are new: fetch them;
* pages whose revision is the same: reuse the text we kept;
* pages that left the listing (deleted, or the template was removed): drop;
* a moved page keeps its page id under a new title: it is followed, and
  re-read because a move adds a revision.

This catches everything recent changes would (edits, new pages, deletions,
moves), plus what recent changes cannot show: a page that starts using the
template through another template, and any gap longer than the wiki keeps
recent changes. The planning is pure; :mod:`bot.wiki` does the requests.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.core.records import Snapshot


@dataclass(frozen=True, slots=True)
class Listed:
    """One page of the scope listing: id, title and latest revision."""

    pageid: int
    title: str
    revision: int


@dataclass(frozen=True)
class ReadPlan:
    """What an incremental read has to do."""

    keep: tuple[Snapshot, ...]
    fetch: tuple[Listed, ...]
    removed: tuple[str, ...]
    moved: tuple[tuple[str, str], ...] = ()


@dataclass
class ReadResult:
    """The pages of a read, and whether the read is complete.

    ``complete`` is False when any page in scope could not be loaded: such a
    read must never be published, since the missing pages would vanish from
    the registry's tables.
    """

    snapshots: list[Snapshot]
    complete: bool = True
    failures: list[str] = field(default_factory=list)
    fetched: int = 0
    removed: tuple[str, ...] = ()
    full: bool = True
    warning: str | None = None
    outside: list[str] = field(default_factory=list)
    """Titles that use the template in the scope's namespaces but lie outside its prefix (not read)."""
    pageids: dict[str, int] = field(default_factory=dict)
    """Each snapshot's page id, by title (MediaWiki keeps a page's id when it is moved)."""


def cached_pages(state: Mapping[str, Any]) -> dict[int, Snapshot]:
    """The snapshots kept in the state, by page id (bad entries are skipped)."""
    pages = state.get("pages", {})
    out: dict[int, Snapshot] = {}
    if not isinstance(pages, dict):
        return out
    for pageid, entry in pages.items():
        try:
            out[int(pageid)] = Snapshot(
                str(entry["title"]), str(entry["text"]), int(entry["revision"]), entry.get("timestamp")
            )
        except (KeyError, TypeError, ValueError):
            continue
    return out


def pages_state(snapshots: Iterable[tuple[int, Snapshot]]) -> dict[str, Any]:
    """The ``pages`` part of the state for the snapshots just read."""
    return {
        str(pageid): {"title": s.title, "revision": s.revision, "timestamp": s.timestamp, "text": s.text}
        for pageid, s in sorted(snapshots, key=lambda item: item[0])
    }


def plan(cache: Mapping[int, Snapshot], listing: Iterable[Listed]) -> ReadPlan:
    """Compare the kept pages with the wiki's listing."""
    keep: list[Snapshot] = []
    fetch: list[Listed] = []
    moved: list[tuple[str, str]] = []
    seen: set[int] = set()
    for item in listing:
        seen.add(item.pageid)
        old = cache.get(item.pageid)
        if old is not None and old.title != item.title:
            moved.append((old.title, item.title))
        if old is not None and old.revision == item.revision and old.title == item.title:
            keep.append(old)
        else:
            fetch.append(item)
    removed = tuple(sorted(s.title for pid, s in cache.items() if pid not in seen))
    return ReadPlan(tuple(keep), tuple(fetch), removed, tuple(moved))
