"""``run``: the scheduler, long-running or one round for cron and Toolforge (``-once``)."""

from __future__ import annotations

from typing import Any, Callable, TextIO

from bot.cli.command import EXIT_OK, PROG, Command, simulating
from bot.cli.options import Option, ParsedArgs, UsageError


def chosen_jobs(value: str | bool | None) -> tuple[str, ...]:
    from bot.config import JOB_NAMES

    if not value:
        return ()
    names = tuple(dict.fromkeys(n.strip() for n in str(value).split(",") if n.strip()))
    unknown = [n for n in names if n not in JOB_NAMES]
    if unknown or not names:
        raise UsageError(f"-job: unknown job '{unknown[0] if unknown else value}'; use one or more of "
                         f"{', '.join(JOB_NAMES)}, separated by commas")
    return names


def _run(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings
    from bot.service.guards import Guard, Interrupted, handling_signals
    from bot.service.locks import FileLock, LockHeld
    from bot.service.scheduler import SystemClock
    from bot.core.schema import load_schema

    only = chosen_jobs(args["job"])
    if only and not args["once"]:
        raise UsageError("-job: needs -once (the long-running scheduler runs the jobs of config/bot.toml [schedule])")
    schema = load_schema(args["schema"] or None)
    settings = load_settings(args["settings"] or None, schema=schema)
    clock = SystemClock()

    def say(text: str) -> None:
        out.write(f"{clock.now():%Y-%m-%d %H:%M:%S} {text}\n")
        out.flush()

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
                return _operate(args, schema, settings, lock=lock, guard=guard, clock=clock, say=say,
                                only=only, out=out, err=err)
            except LockHeld as exc:  # the lease, taken before the first job that runs
                say(f"{exc}; stopping here")
                return EXIT_OK
            finally:
                with guard.deferred():
                    lock.release()
        except Interrupted as exc:
            say(f"stopped by {exc}: the save in progress (if any) was finished, the lock is released")
            return EXIT_OK


def _operate(args: ParsedArgs, schema: Any, settings: Any, *, lock: Any, guard: Any, clock: Any,
             say: Callable[[str], None], only: tuple[str, ...], out: TextIO, err: TextIO) -> int:
    """Connect, check the account and the lease, and run the jobs (the lock is held)."""
    from bot.service.guards import GuardedWiki, describe_failure
    from bot.service.health import History, status_path
    from bot.service.locks import LockHeld, WikiLease, default_instance
    from bot.publish import publisher_for
    from bot.service.runner import Runner, standard_jobs
    from bot.service.scheduler import Operation, due_jobs, nothing_due
    from bot.wiki import WikiError, connect

    simulate = simulating(args.global_args)
    history = History.load(status_path(settings))
    if history.warning:
        say(f"warning: {history.warning}")
    if args["once"] and not only and not due_jobs(history, settings.schedule, clock.now()):
        say(nothing_due(history, settings.schedule, clock.now()))  # and not a single request to the wiki
        return EXIT_OK
    if simulate:  # a simulated run leaves the job history as it was
        history = History(None, dict(history.statuses))
    wiki = connect(args.global_args)
    user = wiki.site.username()
    if settings.schedule.require_bot_right and not wiki.has_right("bot"):
        raise WikiError(f"the account {user} lacks the 'bot' right: it needs the bot flag on the wiki and a "
                        "BotPassword with the 'High-volume editing' grant (or set [schedule] require_bot_right "
                        "= false in config/bot.toml)")
    lease = None
    if settings.schedule.lease_page and not simulate:
        guarded = GuardedWiki(wiki, guard)
        lease = WikiLease(guarded, settings.schedule.lease_page_for(user),
                          instance=settings.schedule.instance or default_instance(),
                          minutes=settings.schedule.lease_minutes, log=say,
                          publisher=lambda: publisher_for(guarded, settings.publish, simulate=False, out=out))
        # Taken before the first job runs (after its run page check), so a paused bot writes no lease.
    runner = Runner(wiki, settings, standard_jobs(schema, settings, simulate=simulate), history=history, guard=guard,
                    out=out, err=err, clock=clock.now, simulate=simulate, lease=lease)

    def heartbeat() -> None:
        lock.heartbeat()
        if lease is not None and lease.held:
            try:
                lease.renew()
            except LockHeld:
                raise
            except Exception as exc:  # the next heartbeat or job tries again
                say(f"could not renew the lease: {describe_failure(exc)}")

    operation = Operation(runner, settings.schedule, clock, log=say, heartbeat=heartbeat)
    try:
        if args["once"]:
            return operation.once(only)
        jobs = ", ".join(f"{n} every {settings.schedule.interval(n)} min" for n in settings.schedule.scheduled)
        say(f"scheduler started as {user}: {jobs or 'no job scheduled'}; stop with SIGTERM or Ctrl-C")
        operation.forever()
        return EXIT_OK
    finally:
        if lease is not None and not args["once"]:
            with guard.deferred():
                try:
                    lease.release()
                except Exception as exc:
                    say(f"could not release the lease (it expires by itself): {describe_failure(exc)}")


COMMAND = Command(
    order=40,
    name="run",
    summary="Run the scheduled jobs: long-running, or once for cron and Toolforge (-once).",
    description=(
        "Runs the jobs of config/bot.toml [schedule.every] at their intervals: update (incremental), update-full "
        "(full rebuild) and summarise (consultation summaries); template deploy is never scheduled. Before each "
        "job the run page is checked; each job has a time limit, and an exception is logged with its traceback "
        "and reported while the others go on. A second instance exits at once with 'another run in progress' "
        "(a file lock, and an on-wiki lease when [schedule] lease_page is set). Each job ends with a status line "
        "in the local status file and on the status page (see the 'status' command). With -once, every job "
        "that is due (by its interval and its last run) runs once, then the command exits: 0 when none failed, "
        "1 when one failed. SIGTERM or SIGINT finishes the save in progress, releases the lock and exits 0."
    ),
    options=(
        Option("once", "run every job that is due once, then exit (for cron and Toolforge's scheduled jobs)"),
        Option("job", "with -once: run these jobs now, due or not", value="NAME[,NAME]", default=None),
        Option("settings", "settings file", value="FILE", default=None),
        Option("schema", "schema file", value="FILE", default=None),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once -job:update-full",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} run -once -simulate",
    ),
    run=_run,
)
