"""``remind``: post (or, with -simulate, show) the reminders the scheduled ``reminders`` job would post."""

from __future__ import annotations

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option
from bot.errors import EXIT_FAILED, UsageError


def _limit(value: str | bool | None) -> int | None:
    if value is None or value is False:
        return None
    if not str(value).isdigit() or not 1 <= int(str(value)) <= 10_000:
        raise UsageError(f"-limit:{value} must be a number of reminders from 1 to 10000")
    return int(str(value))


def _run_remind(inv: Invocation) -> int:
    from bot.jobs.reminders import SWITCHED_OFF, RemindersOptions, run_reminders

    inv.refuse_generators("remind reads the whole registry (config/bot.toml [registry]); it takes no page generators")
    limit = _limit(inv["limit"])
    if not inv.config.settings.reminders.enabled and not inv.simulate:
        inv.err.write(
            f"remind: reminders are {SWITCHED_OFF}: set enabled = true there to post them, "
            "or add -simulate to see every message they would post\n"
        )
        return EXIT_FAILED
    report = run_reminders(inv.job_context(always=bool(inv["always"])), RemindersOptions(force=True, limit=limit))
    return report.exit_status


COMMAND = Command(
    order=35,
    summary="Post reminders on the talk pages of entries not reviewed for long or with old errors.",
    description=(
        "Does what the scheduled 'reminders' job does, once: reads the registry, finds the entries not reviewed "
        "for [reminders] review_months or with error-level problems older than problem_days, and posts one "
        "short message per page in a new section of its talk page (pinging its contacts), at most one per page "
        "every period_days and max_per_run per run, through the bot's one write path: only when the run page "
        "says 'yes', never on pages with {{nobots}} or {{bots|optout=partnerships-reminders}}, never twice "
        "(a hidden marker in each message). Reminders are off until [reminders] enabled = true; -simulate "
        "shows every message even then, and posts nothing."
    ),
    options=(
        Option("limit", "post at most this many reminders in this run", value="N"),
        Option("always", "do not ask before posting each message"),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} remind -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} remind -limit:3",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once -job:reminders",
    ),
    run=_run_remind,
)
