"""``python -m bot run``: the jobs of ``config/bot.toml [schedule]``, at their intervals.

Built on the ``schedule`` library: a job per scheduled task in a
:class:`ClockedScheduler`, whose ``run_pending`` runs every job that is due,
earliest first. ``schedule`` reads the wall clock itself
(``datetime.datetime.now()``); :class:`ClockedJob` takes the time from an
injected clock instead, so tests drive days of scheduling with a fake clock
and no sleeping.

When a job is due comes from its history (:mod:`bot.service.health`), not from when
the process started: a job that succeeded runs again ``interval`` minutes
after its last *start*; one that failed, paused or was unavailable is tried
again after ``retry_after`` minutes (or its interval, if shorter); one that
never ran is due at once. So a restarted bot does not redo a full rebuild it
did an hour ago, and ``run -once`` from cron every 15 minutes runs each job
only as often as configured: the same rule, with a little grace (a fifth of
the interval, at most 5 minutes) so that a cron tick a few seconds early
does not skip a run.

The long-running loop sleeps until the next job is due, at most a minute at a
time, beating the lock's heartbeat (and renewing the lease) in between.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import schedule

from bot.errors import EXIT_FAILED, EXIT_OK, EXIT_STOPPED
from bot.service.health import JobStatus, when

MAX_IDLE = 60.0
"""Longest sleep of the loop (seconds): the lock's heartbeat and a signal's effect are never further away."""


class Clock(Protocol):
    def now(self) -> datetime: ...
    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: aware UTC times and ``time.sleep``."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class ClockedScheduler(schedule.Scheduler):
    """``schedule.Scheduler`` with an injected clock."""

    def __init__(self, clock: Clock) -> None:
        super().__init__()
        self.clock = clock

    def every(self, interval: int = 1) -> ClockedJob:
        return ClockedJob(interval, self)

    @property
    def idle_seconds(self) -> float | None:
        upcoming: datetime | None = self.next_run
        if upcoming is None:
            return None
        return float((upcoming - self.clock.now()).total_seconds())


class ClockedJob(schedule.Job):
    """``schedule.Job`` reading the scheduler's clock; ``plan`` (if set) says when it is next due."""

    def __init__(self, interval: int, scheduler: ClockedScheduler) -> None:
        super().__init__(interval, scheduler)
        self.clocked = scheduler
        self.plan: Callable[[], datetime | None] | None = None

    def planned_by(self, plan: Callable[[], datetime | None]) -> ClockedJob:
        self.plan = plan
        return self

    @property
    def should_run(self) -> bool:
        upcoming: datetime | None = self.next_run
        return upcoming is not None and self.clocked.clock.now() >= upcoming

    def run(self) -> Any:
        assert self.job_func is not None  # set by do(), before the job is scheduled
        result = self.job_func()
        self.last_run = self.clocked.clock.now()
        self._schedule_next_run()
        return result

    def _schedule_next_run(self) -> None:
        now = self.clocked.clock.now()
        if self.plan is None:
            self.next_run = now + timedelta(**{str(self.unit): self.interval})
            return
        due = self.plan()
        self.next_run = now if due is None or due < now else due


def next_due(status: JobStatus | None, interval: int, retry: int) -> datetime | None:
    """When a job with this history is next due (None: now). Minutes for ``interval`` and ``retry``."""
    if status is None or status.last_start is None:
        return None
    wait = interval if status.outcome == "ok" else min(interval, retry)
    return status.last_start + timedelta(minutes=wait)


def grace(interval: int) -> timedelta:
    return min(timedelta(minutes=interval) / 5, timedelta(minutes=5))


def is_due(status: JobStatus | None, interval: int, retry: int, now: datetime) -> bool:
    """For ``run -once``: due now, or within the grace of a cron tick."""
    due = next_due(status, interval, retry)
    return due is None or now >= due - grace(interval)


def due_jobs(history: Any, settings: Any, now: datetime) -> list[str]:
    """The scheduled jobs ``run -once`` runs now, in their configured order."""
    return [
        name
        for name in settings.scheduled
        if is_due(history.get(name), settings.interval(name), settings.retry_after, now)
    ]


def nothing_due(history: Any, settings: Any, now: datetime) -> str:
    """The line ``run -once`` logs when no job is due: which one comes next, and when."""
    upcoming = sorted(
        (next_due(history.get(n), settings.interval(n), settings.retry_after) or now, n) for n in settings.scheduled
    )
    if not upcoming:
        return "nothing is due: no job is scheduled (config/bot.toml [schedule.every])"
    return f"nothing is due; next: {upcoming[0][1]} at {when(upcoming[0][0])}"


class Operation:
    """The scheduled jobs of one process: ``once`` for cron, ``forever`` for a long-running service.

    ``runner.run(name)`` runs a job and records its status in
    ``runner.history``; ``heartbeat()`` is called between jobs and while
    idle (the lock's heartbeat, the lease's renewal).
    """

    def __init__(
        self,
        runner: Any,
        schedule_settings: Any,
        clock: Clock,
        *,
        log: Callable[[str], None],
        heartbeat: Callable[[], None] = lambda: None,
    ) -> None:
        self.runner = runner
        self.settings = schedule_settings
        self.clock = clock
        self.log = log
        self.heartbeat = heartbeat

    def _due_at(self, name: str) -> datetime | None:
        return next_due(self.runner.history.get(name), self.settings.interval(name), self.settings.retry_after)

    def once(self, only: Sequence[str] = ()) -> int:
        """Run the named jobs, or every scheduled job that is due.

        The exit status (:mod:`bot.errors`): 1 when any of them failed, else 3
        when the run page stopped any of them, else 0.
        """
        now = self.clock.now()
        names = list(only) or due_jobs(self.runner.history, self.settings, now)
        if not names:
            self.log(nothing_due(self.runner.history, self.settings, now))
            return EXIT_OK
        failed, paused = [], []
        for name in names:
            status = self.runner.run(name)
            self.heartbeat()
            if status.outcome == "failed":
                failed.append(name)
            elif status.outcome == "paused":
                paused.append(name)
        if failed:
            self.log(f"failed: {', '.join(failed)} (see the lines above; the next run tries again)")
            return EXIT_FAILED
        return EXIT_STOPPED if paused else EXIT_OK

    def build(self) -> ClockedScheduler:
        scheduler = ClockedScheduler(self.clock)
        for name in self.settings.scheduled:
            job = scheduler.every(self.settings.interval(name)).minutes
            job.planned_by(lambda name=name: self._due_at(name)).do(self.runner.run, name)
        return scheduler

    def forever(self, *, stop: Callable[[], bool] = lambda: False) -> None:
        """Run jobs as they fall due until ``stop()`` (or a signal: :class:`bot.service.guards.Interrupted`)."""
        scheduler = self.build()
        if not scheduler.jobs:
            self.log("no job is scheduled (config/bot.toml [schedule.every]); waiting for a signal")
        while not stop():
            scheduler.run_pending()
            self.heartbeat()
            idle = scheduler.idle_seconds
            self.clock.sleep(MAX_IDLE if idle is None else max(0.0, min(idle, MAX_IDLE)))
