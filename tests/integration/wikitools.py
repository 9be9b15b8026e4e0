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


def own_registry(pywikibot: Any, admin_site: Any, page_prefix: str, state_dir: Any, **pages: Any) -> tuple[Any, Any]:
    """A registry of the test's own: (schema, settings).

    The shipped schema under a fresh template name, and the shipped settings
    with the scope (``<prefix>P/``), every page the update writes (under the
    prefix; no lists pages), the run page (created, saying "yes") and the
    state folder of the test; ``pages`` overrides :class:`bot.config.Pages` keys.
    """
    import secrets
    import tomllib
    from dataclasses import replace

    from bot.config import Pages, RegistryScope, load_settings
    from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema

    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    data["template"] = {"name": f"Partnership test {secrets.token_hex(3)}", "redirects": []}
    schema = parse_schema(data)
    run_page = f"{page_prefix}Run"
    edit(pywikibot, admin_site, run_page, "yes", summary="let the bot run")
    base = load_settings(schema=schema)
    titles = dict(
        index=f"{page_prefix}Registry",
        overview=f"{page_prefix}Registry/Overview",
        problems=f"{page_prefix}Registry/Problems",
        data=f"{page_prefix}Registry.json",
        lists="",
        preload=f"{page_prefix}Registry/Preload",
        changes=f"{page_prefix}Registry/Changes",
    )
    settings = replace(
        base,
        registry=RegistryScope(namespaces=(), prefix=f"{page_prefix}P/"),
        pages=Pages(**{**titles, **pages}),
        publish=replace(base.publish, run_page=run_page, state_dir=str(state_dir)),
    )
    return schema, settings
