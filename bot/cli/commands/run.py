"""``run``: the scheduler, long-running or one round for cron and Toolforge (``-once``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option
from bot.errors import EXIT_OK, EXIT_STOPPED, MissingRight, OperatorError, UsageError

if TYPE_CHECKING:
    from bot.service.guards import Guard
    from bot.service.locks import FileLock
    from bot.service.schedule import Schedule
    from bot.service.scheduler import SystemClock


def chosen_jobs(value: str | bool | None, names: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        return ()
    chosen = tuple(dict.fromkeys(n.strip() for n in str(value).split(",") if n.strip()))
    unknown = [n for n in chosen if n not in names]
    if unknown or not chosen:
        raise UsageError(
            f"-job: unknown job '{unknown[0] if unknown else value}'; use one or more of "
            f"{', '.join(names)}, separated by commas"
        )
    return chosen


def _run(inv: Invocation) -> int:
    from bot.jobs.scheduled import switched_on
    from bot.service.guards import Guard, Interrupted, handling_signals
    from bot.service.locks import FileLock, LockHeld
    from bot.service.schedule import schedule_of
    from bot.service.scheduler import SystemClock

    settings = inv.config.settings
    schedule = schedule_of(settings.schedule, switched_on=switched_on(settings))
    only = chosen_jobs(inv["job"], schedule.names)
    if only and not inv["once"]:
        raise UsageError("-job: needs -once (the long-running scheduler runs the jobs of config/bot.toml [schedule])")
    clock = SystemClock()

    def say(text: str) -> None:
        inv.out.write(f"{clock.now():%Y-%m-%d %H:%M:%S} {text}\n")
        inv.out.flush()

    guard = Guard()
    lock = FileLock(settings.schedule.lock_file, log=say)
    with handling_signals(guard):
        try:
            try:
                lock.acquire()
            except LockHeld as exc:
                say(f"{exc}; nothing done")
                return EXIT_OK
            try:
                return _operate(inv, schedule, lock=lock, guard=guard, clock=clock, say=say, only=only)
            except LockHeld as exc:  # the lease, taken before the first job that runs
                say(f"{exc}; stopping here")
                return EXIT_OK
            finally:
                with guard.deferred():
                    lock.release()
        except Interrupted as exc:
            say(f"stopped by {exc}: the save in progress (if any) was finished, the lock is released")
            return EXIT_OK


def _operate(
    inv: Invocation,
    schedule: Schedule,
    *,
    lock: FileLock,
    guard: Guard,
    clock: SystemClock,
    say: Callable[[str], None],
    only: tuple[str, ...],
) -> int:
    """Connect, check the account and the lease, and run the jobs (the lock is held).

    A failure to connect (the wiki does not answer, the login is refused) is
    recorded as the failure of every job that was due, in the local status
    file (``python -m bot status`` then reports it), before the run stops
    with its one line. A missing ``bot`` right is also written to the
    status page, which the account can still edit.
    """
    from bot.service.health import History, status_path
    from bot.service.locks import WikiLease, default_instance
    from bot.service.runner import Runner, describe_failure, record_unconnected
    from bot.service.scheduler import Operation, due_jobs, nothing_due
    from bot.wiki import missing_right_message

    settings = inv.config.settings
    simulate = inv.simulate
    history = History.load(status_path(settings))
    if history.warning:
        say(f"warning: {history.warning}")
    due = list(only) or due_jobs(history, schedule, clock.now())
    if inv["once"] and not due:
        say(nothing_due(history, schedule, clock.now()))  # and not a single request to the wiki
        return EXIT_OK
    if simulate:  # a simulated run leaves the job history as it was
        history = History(None, dict(history.statuses))
    try:
        wiki = inv.connect()
    except OperatorError as exc:
        if not simulate:
            record_unconnected(history, due if inv["once"] else schedule.scheduled, exc, clock=clock.now, log=say)
        raise
    user = wiki.account()
    runner = Runner(wiki, inv.config, schedule, history, guard, inv.out, inv.err, clock.now, simulate=simulate)
    if settings.schedule.require_bot_right and not wiki.has_right("bot"):
        missing = MissingRight(
            missing_right_message(user, "bot", otherwise="set [schedule] require_bot_right = false in config/bot.toml")
        )
        if not simulate:
            runner.fail(due if inv["once"] else schedule.scheduled, missing)
        raise missing
    if settings.schedule.lease_page and not simulate:
        runner.lease = WikiLease(
            wiki,
            settings.schedule.lease_page_for(user),
            instance=settings.schedule.instance or default_instance(),
            minutes=settings.schedule.lease_minutes,
            log=say,
            publisher=lambda: runner.publisher(inv.out),
        )
        # Taken before the first job runs (after its run page check), so a paused bot writes no lease.
    lease = runner.lease

    def heartbeat() -> None:
        lock.heartbeat()
        if lease is not None and lease.held:
            try:
                lease.renew()
            except OperatorError as exc:  # the next heartbeat or job tries again
                say(f"could not renew the lease: {describe_failure(exc)}")

    operation = Operation(runner, schedule, clock, log=say, heartbeat=heartbeat)
    try:
        if inv["once"]:
            return operation.once(only)
        jobs = ", ".join(f"{n} every {schedule.interval(n)} min" for n in schedule.scheduled)
        say(f"scheduler started as {user}: {jobs or 'no job scheduled'}; stop with SIGTERM or Ctrl-C")
        operation.forever()
        return EXIT_OK
    finally:
        if lease is not None and not inv["once"]:
            with guard.deferred():
                try:
                    lease.release()
                except OperatorError as exc:
                    say(f"could not release the lease (it expires by itself): {describe_failure(exc)}")


COMMAND = Command(
    order=40,
    summary="Run the scheduled jobs: long-running, or once for cron and Toolforge (-once).",
    description=(
        "Runs the jobs of bot/jobs/scheduled.py at the intervals of config/bot.toml [schedule.every]: update "
        "(incremental), update-full (full rebuild) and summarise (consultation summaries); template deploy is "
        "never scheduled. Before each job the run page is checked; each job has a time limit, and an exception "
        "is logged and reported while the others go on. A second instance exits at once with 'another run in "
        "progress' (a file lock, and an on-wiki lease when [schedule] lease_page is set). Each job ends with a "
        "status line in the local status file and on the status page (see python -m bot status); a run that "
        "cannot connect records its due jobs as failed. With -once, every job that is due (by its interval and "
        "its last run) runs once, then the command exits: 1 when one failed, 3 when the run page stopped them. "
        f"SIGTERM or SIGINT finishes the save in progress, releases the lock and exits 0. (Exit {EXIT_STOPPED}: "
        "see docs/operations.md for telling systemd and cron that a paused bot is not a fault.)"
    ),
    options=(
        Option("once", "run every job that is due once, then exit (for cron and Toolforge's scheduled jobs)"),
        Option("job", "with -once: run these jobs now, due or not", value="NAME[,NAME]", default=None),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once -job:update-full",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once -simulate",
    ),
    run=_run,
)
