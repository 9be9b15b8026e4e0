"""Reading the registry from a wiki: every page in scope, incrementally.

The pages in scope are those that transclude the template (or one of its
redirects), in the configured namespaces, under the configured prefix, and
not one of the bot's own pages. A full read fetches them all; an
incremental read lists the scope (one request per 5,000 pages) and fetches
only the pages whose latest revision differs from the state file
(:mod:`bot.sources.incremental`).

This module never imports :mod:`bot.wiki`: it asks for the few reads it
needs through :class:`ScopeReader`, which :class:`bot.wiki.Wiki` provides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from bot.config import RegistryScope
from bot.core.records import Snapshot
from bot.core.schema import Schema
from bot.core.translations import is_translation_subpage
from bot.sources.incremental import Listed, ReadResult, cached_pages, pages_state, plan
from bot.sources.state import load_state, save_state

PageList = tuple[list[tuple[int, Snapshot]], list[str]]


class ScopeReader(Protocol):
    """The batched reads of :class:`bot.wiki.Wiki` that reading the registry uses."""

    @property
    def key(self) -> str: ...
    def template_titles(self, names: Sequence[str]) -> list[str]: ...
    def read_scope(self, templates: Sequence[str], namespaces: Sequence[int]) -> PageList: ...
    def listing(self, templates: Sequence[str], namespaces: Sequence[int]) -> list[Listed]: ...
    def fetch(self, pageids: Sequence[int]) -> PageList: ...


def in_scope(title: str, scope: RegistryScope, exclude: frozenset[str] = frozenset()) -> bool:
    """Under the configured prefix (if any) and not one of the bot's own pages."""
    return (not scope.prefix or title.startswith(scope.prefix)) and title not in exclude


def read_registry(
    wiki: ScopeReader,
    schema: Schema,
    scope: RegistryScope,
    *,
    state_path: Path,
    full: bool = False,
    exclude: frozenset[str] = frozenset(),
) -> ReadResult:
    """Read every page in scope, incrementally unless ``full`` or the state is unusable.

    The state is saved only after a complete read, so a read that failed
    half-way is redone from the last good state next time. ``exclude`` names
    pages that are never partnerships (the bot's own pages).
    """
    templates = wiki.template_titles(schema.template_names)
    key = f"{wiki.key}|{'|'.join(templates)}|{scope.namespaces}|{scope.prefix}"
    loaded = load_state(state_path, key=key)
    warning = None if full else loaded.warning

    def wanted(title: str) -> bool:
        return in_scope(title, scope, exclude)

    template_namespace = templates[0].split(":", 1)[0] + ":" if templates else "\0"

    def outside(titles: Iterable[str]) -> list[str]:
        """Template users in the scope's namespaces but not under its prefix: reported, never listed.

        The template's own pages (its documentation shows an example) and
        translation subpages are not partnerships that went astray.
        """
        return sorted(
            t
            for t in titles
            if not wanted(t)
            and t not in exclude
            and not is_translation_subpage(t)
            and not t.startswith(template_namespace)
        )

    if full or not loaded.usable:
        pairs, failures = wiki.read_scope(templates, scope.namespaces)
        strays = outside(snap.title for _, snap in pairs)
        pairs = [(pid, snap) for pid, snap in pairs if wanted(snap.title)]
        failures = [title for title in failures if wanted(title)]
        result = ReadResult([], not failures, failures, fetched=len(pairs), full=True, warning=warning)
        result.outside = strays
    else:
        # Out-of-scope users of the template (its doc page, say) are never fetched.
        everything = wiki.listing(templates, scope.namespaces)
        strays = outside(item.title for item in everything)
        listed = [item for item in everything if wanted(item.title)]
        cache = cached_pages(loaded.data)
        todo = plan(cache, listed)
        fetched, failures = wiki.fetch([item.pageid for item in todo.fetch])
        keep = set(todo.keep)
        kept = [(pid, snap) for pid, snap in cache.items() if snap in keep]
        pairs = sorted([*kept, *fetched], key=lambda item: item[0])
        result = ReadResult([], not failures, failures, fetched=len(fetched), removed=todo.removed, full=False)
        result.outside = strays
    result.snapshots = sorted((snap for _, snap in pairs), key=lambda s: s.title)
    result.pageids = {snap.title: pageid for pageid, snap in pairs}
    if result.complete:
        save_state(state_path, {"pages": pages_state(pairs)}, key=key)
    return result
