"""Jobs: short functions that wire a source, the pure steps and the publisher.

Each job reads through :mod:`bot.wiki` (or an offline source), runs the pure
core, and reports one summary line. The scheduler (later) runs jobs and holds
no business logic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence, TextIO

from bot.config import RegistryScope, load_settings
from bot.reading import ReadResult, cached_pages, pages_state, plan
from bot.schema import Schema
from bot.state import load_state, save_state
from bot.wiki import Wiki, connect, is_generator_option, titles_with_namespace



def in_scope(title: str, scope: RegistryScope, exclude: frozenset[str] = frozenset()) -> bool:
    """Under the configured prefix (if any) and not one of the bot's own pages."""
    return (not scope.prefix or title.startswith(scope.prefix)) and title not in exclude


def read_registry(wiki: Wiki, schema: Schema, scope: RegistryScope, *, state_path: Path, full: bool = False,
                  exclude: frozenset[str] = frozenset()) -> ReadResult:
    """Read every page in scope, incrementally unless ``full`` or the state is unusable.

    The state is saved only after a complete read, so a read that failed
    half-way is redone from the last good state next time. ``exclude`` names
    pages that are never partnerships (the bot's own pages).
    """
    templates = titles_with_namespace(wiki.site, schema.template_names)
    key = f"{wiki.key}|{'|'.join(templates)}|{scope.namespaces}|{scope.prefix}"
    loaded = load_state(state_path, key=key)
    warning = None if full else loaded.warning
    def wanted(title: str) -> bool:
        return in_scope(title, scope, exclude)

    if full or not loaded.usable:
        pairs, failures = wiki.read_scope(templates, scope.namespaces)
        pairs = [(pid, snap) for pid, snap in pairs if wanted(snap.title)]
        failures = [title for title in failures if wanted(title)]
        result = ReadResult([], not failures, failures, fetched=len(pairs), full=True, warning=warning)
    else:
        # Out-of-scope users of the template (its doc page, say) are never fetched.
        listed = [item for item in wiki.listing(templates, scope.namespaces) if wanted(item.title)]
        cache = cached_pages(loaded.data)
        todo = plan(cache, listed)
        fetched, failures = wiki.fetch([item.pageid for item in todo.fetch])
        keep = set(todo.keep)
        kept = [(pid, snap) for pid, snap in cache.items() if snap in keep]
        pairs = sorted([*kept, *fetched], key=lambda item: item[0])
        result = ReadResult([], not failures, failures, fetched=len(fetched), removed=todo.removed, full=False)
    result.snapshots = sorted((snap for _, snap in pairs), key=lambda s: s.title)
    if result.complete:
        save_state(state_path, {"pages": pages_state(pairs)}, key=key)
    return result


def wiki_snapshots(global_args: Sequence[str], *, err: TextIO, state_path: Path | None = None, full: bool = False):
    """Snapshots from the wiki for ``extract``: the scope, or the pages Pywikibot's generator options name."""
    from bot.schema import load_schema

    generator_args = [a for a in global_args if is_generator_option(a)]
    pywikibot_args = [a for a in global_args if not is_generator_option(a)]
    wiki = connect(pywikibot_args)
    if generator_args:
        pairs, failures = wiki.generator_pages(generator_args)
        for title in failures:
            err.write(f"could not read {title}\n")
        return [snap for _, snap in pairs]
    schema = load_schema()
    settings = load_settings(schema=schema)
    state = state_path or Path(settings.publish.state_dir) / "registry.json"
    result = read_registry(wiki, schema, settings.registry, state_path=state, full=full, exclude=settings.own_pages)
    if result.warning:
        err.write(f"warning: {result.warning}\n")
    for title in result.failures:
        err.write(f"could not read {title}\n")
    return result.snapshots
