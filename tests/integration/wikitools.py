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


def after_jobs(local_wiki: Any, check: Any, *, rounds: int = 10) -> Any:
    """``check()``'s first truthy result, running MediaWiki's job queue before each try.

    Pages that show a changed page (the data page) are rendered again by
    jobs, which an edit queues just after MediaWiki has answered it; the
    local wiki runs them only when asked (``scripts/local_wiki.py run-jobs``).
    """
    result = None
    for _ in range(rounds):
        done = local_wiki.run_script("run-jobs")
        assert done.returncode == 0, done.stderr
        result = check()
        if result:
            return result
    return result
