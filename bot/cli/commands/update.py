"""``update``: bring the registry's index, overview, problems and data pages up to date."""

from __future__ import annotations

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option


def _run_update(inv: Invocation) -> int:
    from bot.jobs.update import UpdateOptions, run_update

    inv.refuse_generators(
        "update always reads the whole registry (config/bot.toml [registry]); page generator options are for extract"
    )
    report = run_update(
        inv.job_context(always=bool(inv["always"])), UpdateOptions(full=bool(inv["full"]), force=bool(inv["force"]))
    )
    return report.exit_status


COMMAND = Command(
    order=20,
    summary="Bring the registry's index, overview, problems, data and change log pages up to date.",
    description=(
        "Reads the registry (only what changed since the last run, unless -full), extracts the records and "
        "publishes the five pages named in config/bot.toml (the change log among them) through the bot's one "
        "write path: only between its markers, only when the run page says 'yes', never when nothing changed, "
        "never from an incomplete read, "
        "and not when more than the configured share of the index would disappear (the brake) unless -force. "
        "Without -always, an interactive run shows each diff and asks before saving."
    ),
    options=(
        Option("full", "read every page again and check every published page, even when nothing changed"),
        Option("force", "publish even when the brake would stop the run"),
        Option("always", "do not ask before saving (for scheduled runs)"),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -full -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -settings:/srv/bot/bot.toml -always",
    ),
    run=_run_update,
)
