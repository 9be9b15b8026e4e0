"""The effective schedule: the jobs of :mod:`bot.jobs.scheduled` with the intervals of ``[schedule.every]``.

``config/bot.toml`` gives minutes per job name; this module checks the
names against the job list (an unknown name is an operator error naming the
key) and merges them over each job's default interval.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from bot.config.settings import ScheduleSettings
from bot.errors import ConfigError
from bot.jobs.scheduled import JOBS, UNSCHEDULED, JobSpec


@dataclass(frozen=True)
class Schedule:
    """Which jobs run how often, and the settings of ``[schedule]`` around them."""

    settings: ScheduleSettings
    jobs: tuple[JobSpec, ...]
    every: tuple[tuple[str, int], ...]

    def interval(self, job: str) -> int:
        """Minutes between runs of ``job``; 0 when it is not scheduled (or not a job)."""
        return dict(self.every).get(job, 0)

    @property
    def scheduled(self) -> tuple[str, ...]:
        return tuple(name for name, minutes in self.every if minutes > 0)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(job.name for job in self.jobs)

    @property
    def retry_after(self) -> int:
        return self.settings.retry_after

    def job(self, name: str) -> JobSpec:
        return next(job for job in self.jobs if job.name == name)


def schedule_of(
    settings: ScheduleSettings, jobs: Sequence[JobSpec] = JOBS, *, switched_on: Collection[str] = ()
) -> Schedule:
    """The effective schedule; :class:`ConfigError` when ``[schedule.every]`` names something that is not a job.

    A job with a switch (:attr:`JobSpec.switch`) that is not in ``switched_on``
    is not scheduled, unless ``[schedule.every]`` names it (it then runs, and
    says that it is switched off).
    """
    given = dict(settings.every)
    names = [job.name for job in jobs]
    for name in given:
        if name in UNSCHEDULED:
            raise ConfigError(f"config/bot.toml: [schedule] every: {UNSCHEDULED[name]}")
        if name not in names:
            raise ConfigError(f"config/bot.toml: [schedule] every: unknown job '{name}'; use one of {', '.join(names)}")
    every = tuple(
        (job.name, given.get(job.name, 0 if job.switch is not None and job.name not in switched_on else job.every))
        for job in jobs
    )
    return Schedule(settings, tuple(jobs), every)
