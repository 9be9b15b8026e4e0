"""Reading pages for ``extract``: the registry's scope, or the pages Pywikibot's generator options name."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.core.records import Snapshot
from bot.jobs.context import JobContext
from bot.sources.registry import read_registry


def wiki_snapshots(
    ctx: JobContext, generator_args: Sequence[str], *, err: TextIO, state_path: Path | None = None, full: bool = False
) -> list[Snapshot]:
    """Snapshots from the wiki: the pages ``generator_args`` choose, else the registry (incrementally)."""
    wiki, settings = ctx.wiki, ctx.config.settings
    if generator_args:
        pairs, failures = wiki.generator_pages(generator_args)
        for title in failures:
            err.write(f"could not read {title}\n")
        return [snap for _, snap in pairs]
    state = state_path or ctx.state_dir / "registry.json"
    result = read_registry(
        wiki, ctx.config.schema, settings.registry, state_path=state, full=full, exclude=settings.own_pages
    )
    if result.warning:
        err.write(f"warning: {result.warning}\n")
    for title in result.failures:
        err.write(f"could not read {title}\n")
    for title in result.outside:
        prefix = settings.registry.prefix
        err.write(
            f"outside the registry: {title} uses the template but is not under {prefix}, so it is not read; "
            f"move it to a title under {prefix}\n"
        )
    return result.snapshots
