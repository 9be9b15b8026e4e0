"""``status``: each scheduled job's last run and last success; non-zero when one is overdue."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli.command import PROG, Command, Invocation
from bot.errors import EXIT_FAILED, EXIT_OK


def _status(inv: Invocation) -> int:
    from bot.jobs.scheduled import switched_on
    from bot.service.health import History, report, status_path
    from bot.service.schedule import schedule_of

    settings = inv.config.settings
    path = status_path(settings)
    history = History.load(path)
    if history.warning:
        inv.err.write(f"warning: {history.warning}\n")
    schedule = schedule_of(settings.schedule, switched_on=switched_on(settings))
    lines, healthy = report(history, dict(schedule.every), datetime.now(UTC))
    for line in lines:
        inv.out.write(line + "\n")
    if not healthy:
        inv.err.write(
            f"{PROG} status: a scheduled job has not succeeded within twice its interval (status file {path})\n"
        )
    return EXIT_OK if healthy else EXIT_FAILED


COMMAND = Command(
    order=41,
    summary="Show each job's last run and last success; exit 1 when a job is overdue.",
    description=(
        "Prints one line per job from the local status file (<state_dir>/status.json): the outcome of its last "
        "run and, for its last success, the pages read, edits and problems; the same lines as on the status page. "
        "Needs no wiki and no login, so a monitor can call it. It exits 1 when a scheduled job has not "
        "succeeded within twice its interval (or never has, or its last run failed to connect)."
    ),
    options=(),
    examples=(f"{PROG} status", f"{PROG} status || echo 'the partnerships bot needs attention'"),
    run=_status,
)
