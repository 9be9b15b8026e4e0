"""The jobs the scheduler can run: a declaration each, the one list ``python -m bot run`` reads.

Adding a scheduled job is adding a :class:`JobSpec` here: its name (what
``[schedule.every]`` and ``-job:`` call it), its default interval, what it
does, and the function that runs it on a :class:`bot.jobs.context.JobContext`.
The scheduler (:mod:`bot.service`) holds no list of its own. Jobs due in the
same tick run in this order; the full rebuild comes first, so an
incremental update due at the same time finds nothing left to do. A job
with a ``switch`` (reminders) is scheduled only when its own section of
``config/bot.toml`` switches it on, and then at its interval. The
template deploy is never scheduled: it is run by hand, after a review of
its diff.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.jobs.context import JobContext
from bot.publish import JobReport


@dataclass(frozen=True)
class JobSpec:
    name: str
    every: int
    """Default minutes between runs (``[schedule.every]`` overrides it; 0 switches the job off)."""
    summary: str
    run: Callable[[JobContext], JobReport]
    switch: Callable[[Settings], bool] | None = None
    """For a job that is off unless its own section switches it on: whether the settings do."""


def _update(full: bool) -> Callable[[JobContext], JobReport]:
    def run(ctx: JobContext) -> JobReport:
        from bot.jobs.update import UpdateOptions, run_update

        return run_update(ctx, UpdateOptions(full=full))

    return run


def _summarise(ctx: JobContext) -> JobReport:
    from bot.jobs.summarise import run_summarise

    return run_summarise(ctx)


def _reminders(ctx: JobContext) -> JobReport:
    from bot.jobs.reminders import run_reminders

    return run_reminders(ctx)


JOBS: tuple[JobSpec, ...] = (
    JobSpec("update-full", 1440, "full rebuild: reads every page again, repairs hand-edited regions", _update(True)),
    JobSpec("update", 15, "incremental registry update: the index, overview, problems and data pages", _update(False)),
    JobSpec("summarise", 60, "consultation summaries", _summarise),
    JobSpec(
        "reminders",
        1440,
        "reminders on the talk pages of entries not reviewed or with old errors (off unless [reminders] enabled)",
        _reminders,
        switch=lambda settings: settings.reminders.enabled,
    ),
)

UNSCHEDULED = {"deploy": "the template deploy is never scheduled; deploy templates by hand, after reviewing the diff"}
"""Commands that are not jobs, and why, for a clear message when ``[schedule.every]`` names one."""


def switched_on(settings: Settings, jobs: tuple[JobSpec, ...] = JOBS) -> tuple[str, ...]:
    """The jobs with a switch that ``settings`` turns on (``[reminders] enabled = true`` ...)."""
    return tuple(job.name for job in jobs if job.switch is not None and job.switch(settings))


def job_named(name: str) -> JobSpec | None:
    return next((job for job in JOBS if job.name == name), None)
