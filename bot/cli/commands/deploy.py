"""``deploy``: write Module:Partnerships and its data, the templates, doc, preload and the registry's main page."""

from __future__ import annotations

from pathlib import Path

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option
from bot.errors import EXIT_OK


def _run_deploy(inv: Invocation) -> int:
    from bot.core.onwiki import build_pages, load_sources
    from bot.jobs.deploy import DeployOptions, run_deploy, write_pages

    config = inv.config
    sources = load_sources()
    # A broken source stops here, before the wiki is touched.
    pages = build_pages(config.schema, config.settings, sources, countries=config.countries)
    if inv["output"]:
        folder = Path(str(inv["output"]))
        written = write_pages(pages, folder)
        inv.out.write(f"deploy: wrote {len(written)} pages to {folder}/ (nothing was sent to a wiki)\n")
        return EXIT_OK
    inv.refuse_generators(
        "deploy always writes the same pages (the template, its doc and preload, the registry's "
        "main page); page generator options are for extract"
    )
    report = run_deploy(
        inv.job_context(always=bool(inv["always"])), DeployOptions(force=bool(inv["force"])), sources=sources
    )
    return report.exit_status


COMMAND = Command(
    order=30,
    summary="Write Module:Partnerships, Template:Partnership (TemplateData, doc, preload), the list templates "
    "and the registry's main page.",
    description=(
        "Builds the pages the project owns from config/schema.toml, config/bot.toml, i18n/ and the sources in "
        "onwiki/ (Module:Partnerships with its schema.json and i18n.json, the template with its TemplateData, its "
        "redirects, /doc, {{Partnerships list}}, {{Partnerships count}}, the preload, and the registry's "
        "main page with the 'Create a partnership page' box, keeping the index the update job wrote) and saves "
        "those that differ, through the bot's one write path. A page that someone else edited since the bot's "
        "last deploy is not overwritten: the run shows the diff and who edited it; -force overwrites. Edit "
        "summaries say what changed. Run it by hand after a schema change (never scheduled); -simulate shows "
        "the diffs and saves nothing; -output:DIR writes the pages to a folder instead of a wiki."
    ),
    options=(
        Option("force", "overwrite pages that someone else edited since the bot's last deploy"),
        Option("always", "do not ask before saving each page"),
        Option(
            "output",
            "write the pages as .wiki files into DIR, offline, instead of deploying",
            value="DIR",
            default=None,
        ),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -force -always",
        f"{PROG} deploy -output:/tmp/onwiki-preview",
    ),
    run=_run_deploy,
)
