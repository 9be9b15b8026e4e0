"""Reading pages for ``extract`` and the audits: the registry's scope, or the pages generator options name."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence, TextIO

from bot.config import load_settings
from bot.core.records import Snapshot
from bot.sources.registry import read_registry
from bot.wiki import connect, is_generator_option


def wiki_snapshots(global_args: Sequence[str], *, err: TextIO, state_path: Path | None = None,
                   full: bool = False) -> list[Snapshot]:
    """Snapshots from the wiki for ``extract``: the scope, or the pages Pywikibot's generator options name."""
    from bot.core.schema import load_schema

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
