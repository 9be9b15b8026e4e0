"""Running one job under its guards, and recording how it went.

The scheduler decides *when*; :class:`Runner` runs one job *safely*:

1. the run page is checked first (a paused bot reads nothing and writes nothing);
2. the on-wiki lease, if configured, is renewed;
3. the job runs under its time limit, with every save guarded against
   signals (:mod:`bot.service.guards`, through the publisher's save guard);
4. whatever happens (a report, an operator error such as a wiki that stopped
   answering, a bug), the job ends with one status line, kept in the local
   status file and written to the status page (:mod:`bot.service.health`);
   a bug is logged with its traceback and never leaves the scheduler's loop.

A job is a :class:`bot.jobs.scheduled.JobSpec`: its ``run`` takes a
:class:`bot.jobs.context.JobContext` and returns a report with ``ok``,
``edits`` and ``line()``. The scheduler holds no business logic and no list
of jobs of its own.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TextIO, cast

from bot.config import Configuration
from bot.errors import OperatorError, WikiReadOnly, WikiUnreachable
from bot.jobs.context import JobContext
from bot.publish import JobReport, Publisher
from bot.service.guards import Guard, Interrupted, JobTimeout, time_limit
from bot.service.health import History, JobStatus, after_run, publish_status, worth_publishing
from bot.service.locks import LockHeld
from bot.service.schedule import Schedule
from bot.wiki import Wiki


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def describe_failure(exc: BaseException) -> str:
    """One line for a failed job: an operator error's own line, else a bug's class and message."""
    if isinstance(exc, OperatorError):
        return str(exc)
    return f"{type(exc).__name__}: {one_line(exc)} (a bug: the traceback is in the log)"


def cannot_write(exc: BaseException | None) -> bool:
    """True when the wiki cannot take an edit now, so the status page must wait too."""
    return isinstance(exc, (WikiUnreachable, WikiReadOnly))


class JobLog:
    """A text stream that prefixes each line with the UTC time and the job's name (logs of unattended runs)."""

    def __init__(self, stream: TextIO, job: str, clock: Callable[[], datetime]) -> None:
        self.stream = stream
        self.job = job
        self.clock = clock
        self._partial = ""

    def write(self, text: str) -> int:
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            self.stream.write(f"{self.clock():%Y-%m-%d %H:%M:%S} [{self.job}] {line}\n")
        self.stream.flush()
        return len(text)

    def line(self, text: str) -> None:
        self.write(text + "\n")

    def flush(self) -> None:
        if self._partial:
            self.write("\n")

    def as_text(self) -> TextIO:
        """This log where a text stream is expected (it has the ``write`` and ``flush`` they use)."""
        return cast(TextIO, self)


def judge(report: JobReport) -> tuple[str, str, tuple[int | None, int | None, int | None]]:
    """Outcome, message and counts (pages read, edits, problems) from a job's report."""
    pages = getattr(report, "pages_read", getattr(report, "read", None))
    counts = (pages, report.edits, getattr(report, "problems", None))
    if report.ok:
        return "ok", report.line(), counts
    if report.stopped is not None and report.refused is None:
        return "paused", report.stopped, counts
    skipped = [o.line() for o in report.outcomes if o.status == "skipped"]
    reason = report.refused or "; ".join(skipped[:3]) or report.line()
    return "failed", reason, counts


@dataclass
class Runner:
    """Runs one job at a time under the guards above; see the module docstring."""

    wiki: Wiki
    config: Configuration
    schedule: Schedule
    history: History
    guard: Guard
    out: TextIO
    err: TextIO
    clock: Callable[[], datetime]
    simulate: bool = False
    lease: Any = None
    time_limit_seconds: float | None = None

    @property
    def seconds(self) -> float:
        limit = self.time_limit_seconds
        return self.config.settings.schedule.time_limit * 60 if limit is None else limit

    def context(self, out: TextIO) -> JobContext:
        """The context a job runs in: the wiki, the configuration, and every save under the guard."""
        return JobContext.on(self.wiki, self.config, out, simulate=self.simulate, save_guard=self.guard.deferred)

    def publisher(self, out: TextIO) -> Publisher:
        return self.context(out).publisher()

    def run(self, name: str) -> JobStatus:
        """Run the job ``name`` once; returns (and records) its new status."""
        log = JobLog(self.out, name, self.clock)
        previous = self.history.get(name)
        start = self.clock()
        failure: BaseException | None = None
        counts = None
        log.line("starting")
        try:
            with time_limit(self.guard, name, self.seconds):
                outcome, message, counts = self._attempt(name, log)
        except JobTimeout as exc:
            outcome, failure = "failed", exc
            message = (
                f"stopped at its time limit of {exc.minutes:g} min ([schedule] time_limit); pages already "
                "saved are whole, the next run starts over"
            )
        except Interrupted:
            self._record(
                log,
                previous,
                after_run(
                    previous, name, outcome="interrupted", message="stopped by a signal", start=start, end=self.clock()
                ),
                None,
            )
            raise
        except LockHeld:
            raise
        except OperatorError as exc:  # the wiki stopped answering, a right is missing ...: one line, no traceback
            outcome, failure, message = "failed", exc, str(exc)
        except Exception as exc:  # a job must never take the scheduler down
            outcome, failure = "failed", exc
            message = describe_failure(exc)
            self.err.write(f"{self.clock():%Y-%m-%d %H:%M:%S} [{name}] traceback:\n{traceback.format_exc()}")
            self.err.flush()
        log.flush()
        status = after_run(
            previous, name, outcome=outcome, message=message, start=start, end=self.clock(), counts=counts
        )
        self._record(log, previous, status, failure)
        return status

    def fail(self, names: Sequence[str], exc: OperatorError) -> None:
        """Record ``names`` as failed by ``exc`` before they could run (the account lacks a right ...)."""
        for name in names:
            log = JobLog(self.out, name, self.clock)
            previous = self.history.get(name)
            now = self.clock()
            self._record(
                log, previous, after_run(previous, name, outcome="failed", message=str(exc), start=now, end=now), exc
            )

    def _attempt(self, name: str, log: JobLog) -> tuple[str, str, Any]:
        if not self.simulate:
            publisher = self.publisher(log.as_text())
            if not publisher.allowed():
                return "paused", f"the run page {publisher.run_page} does not say 'yes'", None
            if self.lease is not None:
                self.lease.renew()
        report = self.schedule.job(name).run(self.context(log.as_text()))
        return judge(report)

    def _record(
        self, log: JobLog, previous: JobStatus | None, status: JobStatus, failure: BaseException | None
    ) -> None:
        """Keep the status locally, log its line, and write it to the status page when worth it."""
        self.history.record(status)
        log.line(status.line())
        title = self.config.settings.schedule.status_page_for(self.wiki.account()) if not self.simulate else ""
        if not title or status.outcome in ("interrupted", "paused"):
            return
        if cannot_write(failure):
            log.line("status page not written: the wiki cannot take edits now")
            return
        now = self.clock()
        if not worth_publishing(previous, status, now, self.config.settings.schedule.status_refresh):
            return
        try:
            jobs = dict.fromkeys((*self.schedule.scheduled, status.job))
            every = [self.history.get(job) or JobStatus(job) for job in jobs]
            outcome = publish_status(self.publisher(log.as_text()), title, status, every)
        except Exception as exc:  # the status page is a report, never a reason to stop
            log.line(f"could not write the status page {title}: {describe_failure(exc)}")
            return
        if outcome.status in ("saved", "created", "unchanged"):
            self.history.record(replace(status, published=now))
        else:
            log.line(f"status page: {outcome.line()}")


def record_unconnected(
    history: History,
    names: Sequence[str],
    exc: OperatorError,
    *,
    clock: Callable[[], datetime],
    log: Callable[[str], None],
) -> None:
    """Record ``names`` as failed when the bot could not even connect (only locally: the wiki is out of reach)."""
    now = clock()
    for name in names:
        previous = history.get(name)
        status = after_run(previous, name, outcome="failed", message=str(exc), start=now, end=now)
        history.record(status)
        log(f"[{name}] {status.line()}")
