"""Running one job under its guards, and recording how it went.

The scheduler decides *when*; :class:`Runner` runs one job *safely*:

1. the run page is checked first (a paused bot reads nothing and writes nothing);
2. the on-wiki lease, if configured, is renewed;
3. the job runs under its time limit, with every save guarded against
   signals (:mod:`bot.service.guards`);
4. whatever happens (a report, an exception from Pywikibot, a bug), the job
   ends with one status line, kept in the local status file and written to
   the status page (:mod:`bot.service.health`); an exception is logged with its
   traceback and never leaves the scheduler's loop.

Jobs are plain functions ``(wiki, out) -> report`` where the report has
``ok``, ``edits`` and ``line()`` (:class:`bot.jobs.update.UpdateReport`,
``bot.jobs.summarise.SummariseReport``). The scheduler holds no business logic.
"""

from __future__ import annotations

import importlib
import traceback
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Callable, Mapping, TextIO

from bot.service.guards import GuardedWiki, Guard, Interrupted, JobTimeout, cannot_write, describe_failure, time_limit
from bot.service.health import History, JobStatus, after_run, publish_status, worth_publishing
from bot.service.locks import LockHeld
from bot.publish import publisher_for

Job = Callable[[Any, TextIO], Any]


class Unavailable(Exception):
    """The job's code is not installed; the job is reported, not run."""


@dataclass(frozen=True)
class JobDef:
    name: str
    run: Job


def standard_jobs(schema: Any, settings: Any, *, simulate: bool) -> dict[str, JobDef]:
    """The jobs ``python -m bot run`` knows: ``update``, ``update-full`` and ``summarise``.

    Each imports its module only when it runs, so a job whose module is
    missing (``bot.jobs.summarise`` before it exists) is reported as unavailable
    while the others go on.
    """

    def update(full: bool) -> Job:
        def run(wiki: Any, out: TextIO) -> Any:
            from bot.jobs.update import UpdateOptions, run_update

            return run_update(wiki, schema, settings, options=UpdateOptions(simulate=simulate, full=full), out=out)
        return run

    def summarise(wiki: Any, out: TextIO) -> Any:
        try:
            module = importlib.import_module("bot.jobs.summarise")
        except ModuleNotFoundError as exc:
            if exc.name != "bot.jobs.summarise":
                raise
            raise Unavailable("bot.jobs.summarise is not installed") from None
        run = getattr(module, "run_summarise", None)
        if run is None:
            raise Unavailable("bot.jobs.summarise has no run_summarise()")
        return run(wiki, schema, settings, simulate=simulate, out=out)

    return {"update-full": JobDef("update-full", update(True)), "update": JobDef("update", update(False)),
            "summarise": JobDef("summarise", summarise)}


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


def judge(report: Any) -> tuple[str, str, tuple[int | None, int | None, int | None]]:
    """Outcome, message and counts (pages read, edits, problems) from a job's report."""
    pages = getattr(report, "pages_read", getattr(report, "read", None))
    counts = (pages, getattr(report, "edits", None), getattr(report, "problems", None))
    if report.ok:
        return "ok", report.line(), counts
    skipped = [o.line() for o in getattr(report, "outcomes", []) if o.status == "skipped"]
    reason = getattr(report, "refused", None) or "; ".join(skipped[:3]) or report.line()
    return "failed", reason, counts


class Runner:
    """Runs one job at a time under the guards above; see the module docstring."""

    def __init__(self, wiki: Any, settings: Any, jobs: Mapping[str, JobDef], *, history: History, guard: Guard,
                 out: TextIO, err: TextIO, clock: Callable[[], datetime], simulate: bool = False,
                 lease: Any = None, time_limit_seconds: float | None = None) -> None:
        self.wiki = wiki
        self.settings = settings
        self.jobs = jobs
        self.history = history
        self.guard = guard
        self.out = out
        self.err = err
        self.clock = clock
        self.simulate = simulate
        self.lease = lease
        self.seconds = settings.schedule.time_limit * 60 if time_limit_seconds is None else time_limit_seconds

    def publisher(self, out: TextIO) -> Any:
        return publisher_for(GuardedWiki(self.wiki, self.guard), self.settings.publish, simulate=self.simulate, out=out)

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
        except Unavailable as exc:
            outcome, message = "unavailable", str(exc)
        except JobTimeout as exc:
            outcome, failure = "failed", exc
            message = (f"stopped at its time limit of {exc.minutes:g} min ([schedule] time_limit); pages already "
                       "saved are whole, the next run starts over")
        except Interrupted:
            self._record(log, previous, after_run(previous, name, outcome="interrupted", message="stopped by a signal",
                                                  start=start, end=self.clock()), None)
            raise
        except LockHeld:
            raise
        except Exception as exc:  # a job must never take the scheduler down
            outcome, failure = "failed", exc
            message = describe_failure(exc)
            self.err.write(f"{self.clock():%Y-%m-%d %H:%M:%S} [{name}] traceback:\n{traceback.format_exc()}")
            self.err.flush()
        log.flush()
        status = after_run(previous, name, outcome=outcome, message=message, start=start, end=self.clock(),
                           counts=counts)
        self._record(log, previous, status, failure)
        return status

    def _attempt(self, name: str, log: JobLog) -> tuple[str, str, Any]:
        if not self.simulate:
            publisher = self.publisher(log)
            if not publisher.allowed():
                return "paused", f"the run page {publisher.run_page} does not say 'yes'", None
            if self.lease is not None:
                self.lease.renew()
        report = self.jobs[name].run(GuardedWiki(self.wiki, self.guard), log)
        return judge(report)

    def _record(self, log: JobLog, previous: JobStatus | None, status: JobStatus,
                failure: BaseException | None) -> None:
        """Keep the status locally, log its line, and write it to the status page when worth it."""
        self.history.record(status)
        log.line(status.line())
        title = self.settings.schedule.status_page_for(self.wiki.site.username()) if not self.simulate else ""
        if not title or status.outcome in ("interrupted", "paused"):
            return
        if failure is not None and cannot_write(failure):
            log.line("status page not written: the wiki cannot take edits now")
            return
        now = self.clock()
        if not worth_publishing(previous, status, now, self.settings.schedule.status_refresh):
            return
        try:
            jobs = dict.fromkeys((*self.settings.schedule.scheduled, status.job))
            every = [self.history.get(job) or JobStatus(job) for job in jobs]
            outcome = publish_status(self.publisher(log), title, status, every)
        except Exception as exc:  # the status page is a report, never a reason to stop
            log.line(f"could not write the status page {title}: {describe_failure(exc)}")
            return
        if outcome.status in ("saved", "created", "unchanged"):
            self.history.record(replace(status, published=now))
        else:
            log.line(f"status page: {outcome.line()}")
