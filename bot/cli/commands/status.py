"""``status``: each scheduled job's last run and last success; non-zero when one is overdue."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TextIO

from bot.cli.command import EXIT_FAILED, EXIT_OK, PROG, Command
from bot.cli.options import Option, ParsedArgs


def _status(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings
    from bot.service.health import History, report, status_path

    settings = load_settings(args["settings"] or None)
    path = status_path(settings)
    history = History.load(path)
    if history.warning:
        err.write(f"warning: {history.warning}\n")
    lines, healthy = report(history, dict(settings.schedule.every), datetime.now(timezone.utc))
    for line in lines:
        out.write(line + "\n")
    if not healthy:
        err.write(f"{PROG} status: a scheduled job has not succeeded within twice its interval (status file {path})\n")
    return EXIT_OK if healthy else EXIT_FAILED


COMMAND = Command(
    order=41,
    name="status",
    summary="Show each job's last run and last success; exit 1 when a job is overdue.",
    description=(
        "Prints one line per job from the local status file (<state_dir>/status.json): the outcome of its last "
        "run and, for its last success, the pages read, edits and problems; the same lines as on the status page. "
        "Needs no wiki and no login, so a monitor can call it. Exit status 1 when a scheduled job has not "
        "succeeded within twice its interval (or never has), else 0."
    ),
    options=(Option("settings", "settings file", value="FILE", default=None),),
    examples=(f"{PROG} status", f"{PROG} status || echo 'the partnerships bot needs attention'"),
    run=_status,
)
