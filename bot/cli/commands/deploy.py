"""``deploy``: write the template, its TemplateData, doc, preload and the registry's main page."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.cli.command import EXIT_FAILED, EXIT_OK, PROG, Command, confirmer, simulating
from bot.cli.options import Option, ParsedArgs, UsageError, is_generator_option
from bot.core.schema import load_schema


def _run_deploy(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings
    from bot.jobs.deploy import DeployOptions, run_deploy, write_pages
    from bot.core.onwiki import OnwikiError, build_pages, load_sources

    schema = load_schema(args["schema"] or None)
    settings = load_settings(schema=schema)
    try:
        sources = load_sources()
        pages = build_pages(schema, settings, sources)  # a broken source stops the run before the wiki is touched
        if args["output"]:
            folder = Path(str(args["output"]))
            written = write_pages(pages, folder)
            out.write(f"deploy: wrote {len(written)} pages to {folder}/ (nothing was sent to a wiki)\n")
            return EXIT_OK
    except OnwikiError as exc:
        err.write(f"{PROG} deploy: {exc}\n")
        return EXIT_FAILED
    if any(is_generator_option(a) for a in args.global_args):
        raise UsageError("deploy always writes the same pages (the template, its doc and preload, the registry's main "
                         "page); page generator options are for extract")
    from bot.wiki import connect

    wiki = connect(args.global_args)
    options = DeployOptions(simulate=simulating(args.global_args), force=bool(args["force"]))
    confirm = confirmer(out, always=bool(args["always"]), simulate=options.simulate)
    report = run_deploy(wiki, schema, settings, options=options, out=out, confirm=confirm, sources=sources)
    return EXIT_OK if report.ok else EXIT_FAILED


COMMAND = Command(
    order=30,
    name="deploy",
    summary="Write Template:Partnership, its TemplateData, doc and preload, and the registry's main page.",
    description=(
        "Builds the pages the project owns from config/schema.toml, config/bot.toml and the sources in onwiki/ "
        "(the template with its TemplateData and categories, its redirects, /doc, /preload, and the registry's "
        "main page with the 'Create a partnership page' box, keeping the index the update job wrote) and saves "
        "those that differ, through the bot's one write path. A page that someone else edited since the bot's "
        "last deploy is not overwritten: the run shows the diff and who edited it; -force overwrites. Edit "
        "summaries say what changed. Run it by hand after a schema change (never scheduled); -simulate shows "
        "the diffs and saves nothing; -output:DIR writes the pages to a folder instead of a wiki. Exit status 0 "
        "when every page was saved or already up to date, 1 when a page was skipped (the log says why)."
    ),
    options=(
        Option("force", "overwrite pages that someone else edited since the bot's last deploy"),
        Option("always", "do not ask before saving each page"),
        Option("output", "write the pages as .wiki files into DIR, offline, instead of deploying", value="DIR",
               default=None),
        Option("schema", "schema file", value="FILE", default=None),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} deploy -force -always",
        f"{PROG} deploy -output:/tmp/onwiki-preview",
    ),
    run=_run_deploy,
)
