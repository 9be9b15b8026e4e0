"""Small helpers for integration tests: acting as a human on the local wiki."""

from __future__ import annotations

from typing import Any


def edit(pywikibot: Any, site: Any, title: str, text: str, summary: str = "human edit") -> None:
    """Save ``text`` as a human would: not minor, not flagged as a bot edit."""
    page = pywikibot.Page(site, title)
    page.text = text
    page.save(summary=summary, minor=False, bot=False)


def job_context(
    wiki: Any, *, schema: Any = None, settings: Any = None, out: Any = None, simulate: bool = False, confirm: Any = None
) -> Any:
    """A job's context on the local wiki: the project's configuration with this test's schema and settings."""
    import io
    from dataclasses import replace

    from bot.jobs.context import JobContext
    from tests import support

    config = support.configuration()
    config = replace(config, schema=schema or config.schema, settings=settings or config.settings)
    return JobContext.on(wiki, config, out if out is not None else io.StringIO(), simulate=simulate, confirm=confirm)
