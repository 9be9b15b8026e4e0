"""``update``: bring the registry's index, overview, problems and data pages up to date."""

from __future__ import annotations

from typing import TextIO

from bot.cli.command import EXIT_FAILED, EXIT_OK, PROG, Command, confirmer, simulating
from bot.cli.options import Option, ParsedArgs, UsageError, is_generator_option
from bot.core.schema import load_schema

def _run_update(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings
    from bot.jobs.update import UpdateOptions, run_update
    from bot.wiki import connect

    schema = load_schema(args["schema"] or None)
    settings = load_settings(schema=schema)
    if any(is_generator_option(a) for a in args.global_args):
        raise UsageError("update always reads the whole registry (config/bot.toml [registry]); page generator options are for extract")
    wiki = connect(args.global_args)
    options = UpdateOptions(simulate=simulating(args.global_args), full=bool(args["full"]), force=bool(args["force"]))
    confirm = confirmer(out, always=bool(args["always"]), simulate=options.simulate)
    report = run_update(wiki, schema, settings, options=options, out=out, confirm=confirm)
    return EXIT_OK if report.ok else EXIT_FAILED


COMMAND = Command(
    order=20,
    name="update",
    summary="Bring the registry's index, overview, problems and data pages up to date.",
    description=(
        "Reads the registry (only what changed since the last run, unless -full), extracts the records and "
        "publishes the four pages named in config/bot.toml through the bot's one write path: only between its "
        "markers, only when the run page says 'yes', never when nothing changed, never from an incomplete read, "
        "and not when more than the configured share of the index would disappear (the brake) unless -force. "
        "Without -always, an interactive run shows each diff and asks before saving. Exit status 0 when every "
        "page was published or unchanged, 1 when the run refused or skipped a page (the log says why)."
    ),
    options=(
        Option("full", "read every page again and check every published page, even when nothing changed"),
        Option("force", "publish even when the brake would stop the run"),
        Option("always", "do not ask before saving (for scheduled runs)"),
        Option("schema", "schema file", value="FILE", default=None),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -full -always",
    ),
    run=_run_update,

)
