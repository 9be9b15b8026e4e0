"""The scheduler on a fake clock: which job runs when, over days, without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest

from bot.config import ScheduleSettings
from bot.service.health import History, JobStatus, after_run
from bot.service.schedule import schedule_of
from bot.service.scheduler import MAX_IDLE, ClockedScheduler, Operation, due_jobs, is_due, next_due, nothing_due

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """Time moves only when the scheduler sleeps or a job takes time."""

    def __init__(self, start: datetime = T0) -> None:
        self.moment = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.moment

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.moment += timedelta(seconds=seconds)


class FakeRunner:
    """Records when each job started; ``fail`` names jobs that fail, ``takes`` how long a job runs."""

    def __init__(
        self,
        clock: FakeClock,
        *,
        fail: set[str] = frozenset(),
        takes: timedelta = timedelta(0),
        history: History | None = None,
    ) -> None:
        self.clock = clock
        self.fail = set(fail)
        self.takes = takes
        self.history = history or History(None)
        self.runs: list[tuple[str, datetime]] = []

    def run(self, name: str) -> JobStatus:
        start = self.clock.now()
        self.runs.append((name, start))
        self.clock.moment += self.takes
        outcome = "failed" if name in self.fail else "ok"
        status = after_run(
            self.history.get(name),
            name,
            outcome=outcome,
            message="",
            start=start,
            end=self.clock.now(),
            counts=(1, 0, 0),
        )
        self.history.record(status)
        return status

    def starts(self, name: str) -> list[datetime]:
        return [moment for job, moment in self.runs if job == name]


def run_for(operation: Operation, clock: FakeClock, **duration) -> None:
    end = clock.now() + timedelta(**duration)
    operation.forever(stop=lambda: clock.now() >= end)


def minutes_between(moments: list[datetime]) -> set[float]:
    return {(b - a).total_seconds() / 60 for a, b in pairwise(moments)}


def test_the_default_jobs_fire_every_15_minutes_hourly_and_daily_over_three_days():
    clock = FakeClock()
    runner = FakeRunner(clock)
    run_for(Operation(runner, schedule_of(ScheduleSettings()), clock, log=print), clock, days=3)
    assert runner.starts("update")[:3] == [T0, T0 + timedelta(minutes=15), T0 + timedelta(minutes=30)]
    assert minutes_between(runner.starts("update")) == {15}
    assert minutes_between(runner.starts("summarise")) == {60}
    assert runner.starts("update-full") == [T0, T0 + timedelta(days=1), T0 + timedelta(days=2)]
    assert len(runner.starts("update")) == 3 * 24 * 4 and len(runner.starts("summarise")) == 3 * 24


def test_jobs_due_together_run_full_rebuild_first():
    clock = FakeClock()
    runner = FakeRunner(clock)
    run_for(Operation(runner, schedule_of(ScheduleSettings()), clock, log=print), clock, minutes=1)
    assert [job for job, _ in runner.runs] == ["update-full", "update", "summarise"]


def test_configured_intervals_are_used_and_a_job_set_to_zero_never_runs():
    clock = FakeClock()
    runner = FakeRunner(clock)
    settings = schedule_of(ScheduleSettings(every=(("update-full", 0), ("update", 5), ("summarise", 0))))
    run_for(Operation(runner, settings, clock, log=print), clock, hours=1)
    assert {job for job, _ in runner.runs} == {"update"}
    assert len(runner.starts("update")) == 12 and minutes_between(runner.starts("update")) == {5}


def test_the_interval_counts_from_the_start_of_a_slow_job_so_runs_do_not_drift():
    clock = FakeClock()
    runner = FakeRunner(clock, takes=timedelta(minutes=4))
    settings = schedule_of(ScheduleSettings(every=(("update-full", 0), ("update", 15), ("summarise", 0))))
    run_for(Operation(runner, settings, clock, log=print), clock, hours=2)
    assert minutes_between(runner.starts("update")) == {15}


def test_a_job_longer_than_its_interval_runs_again_at_once_not_twice():
    clock = FakeClock()
    runner = FakeRunner(clock, takes=timedelta(minutes=40))
    settings = schedule_of(ScheduleSettings(every=(("update-full", 0), ("update", 15), ("summarise", 0))))
    run_for(Operation(runner, settings, clock, log=print), clock, hours=2)
    assert minutes_between(runner.starts("update")) == {40}


def test_a_failed_daily_job_is_retried_after_retry_after_not_a_day_later():
    clock = FakeClock()
    runner = FakeRunner(clock, fail={"update-full"})
    run_for(Operation(runner, schedule_of(ScheduleSettings(retry_after=15)), clock, log=print), clock, hours=1)
    assert runner.starts("update-full") == [T0 + timedelta(minutes=m) for m in (0, 15, 30, 45)]


def test_a_restarted_scheduler_continues_from_the_history_instead_of_rebuilding_at_once():
    clock = FakeClock()
    history = History(None)
    history.record(after_run(None, "update-full", outcome="ok", message="", start=T0 - timedelta(hours=2), end=T0))
    history.record(after_run(None, "update", outcome="ok", message="", start=T0 - timedelta(minutes=10), end=T0))
    runner = FakeRunner(clock, history=history)
    run_for(Operation(runner, schedule_of(ScheduleSettings()), clock, log=print), clock, hours=23)
    assert runner.starts("update-full") == [T0 + timedelta(hours=22)]
    assert runner.starts("update")[0] == T0 + timedelta(minutes=5)
    assert runner.starts("summarise")[0] == T0  # never ran: due at once


def test_the_loop_never_sleeps_longer_than_a_minute_so_heartbeats_keep_coming():
    clock = FakeClock()
    beats = []
    operation = Operation(
        FakeRunner(clock), schedule_of(ScheduleSettings()), clock, log=print, heartbeat=lambda: beats.append(1)
    )
    run_for(operation, clock, hours=2)
    assert max(clock.slept) <= MAX_IDLE and len(beats) >= 120


def test_a_plain_clocked_job_reads_the_injected_clock_not_the_wall_clock():
    clock = FakeClock()
    calls = []
    scheduler = ClockedScheduler(clock)
    scheduler.every(5).minutes.do(lambda: calls.append(clock.now()))
    assert scheduler.next_run == T0 + timedelta(minutes=5) and scheduler.idle_seconds == 300
    scheduler.run_pending()
    clock.moment += timedelta(minutes=5)
    scheduler.run_pending()
    assert calls == [T0 + timedelta(minutes=5)]


# --- run -once: what is due -------------------------------------------------------


def ok(job: str, minutes_ago: float, outcome: str = "ok") -> JobStatus:
    start = T0 - timedelta(minutes=minutes_ago)
    return after_run(None, job, outcome=outcome, message="", start=start, end=start)


def test_a_job_that_never_ran_is_due_and_one_that_just_ran_is_not():
    assert next_due(None, 15, 15) is None and is_due(None, 15, 15, T0)
    assert not is_due(ok("update", 5), 15, 15, T0)


def test_a_cron_tick_a_little_early_still_counts_as_due():
    assert is_due(ok("update", 14.9), 15, 15, T0)  # grace: a fifth of the interval
    assert not is_due(ok("update", 11), 15, 15, T0)
    assert is_due(ok("update-full", 1440 - 4), 1440, 15, T0)  # at most 5 minutes
    assert not is_due(ok("update-full", 1440 - 6), 1440, 15, T0)


def test_a_failed_or_paused_job_is_due_again_after_retry_after():
    assert is_due(ok("update-full", 15, "failed"), 1440, 15, T0)
    assert is_due(ok("update-full", 15, "paused"), 1440, 15, T0)
    assert not is_due(ok("update-full", 15, "ok"), 1440, 15, T0)


def test_once_runs_only_the_due_jobs_in_order_and_says_what_comes_next():
    clock = FakeClock()
    history = History(None)
    history.record(ok("update-full", 60))
    runner = FakeRunner(clock, history=history)
    lines = []
    operation = Operation(runner, schedule_of(ScheduleSettings()), clock, log=lines.append)
    assert due_jobs(history, schedule_of(ScheduleSettings()), T0) == ["update", "summarise"]
    assert operation.once() == 0 and [job for job, _ in runner.runs] == ["update", "summarise"]
    assert operation.once() == 0 and len(runner.runs) == 2
    assert lines[-1] == "nothing is due; next: update at 2026-03-01 12:15 UTC"


def test_once_exits_1_when_a_job_failed_and_still_runs_the_others():
    clock = FakeClock()
    runner = FakeRunner(clock, fail={"update-full"})
    lines = []
    assert Operation(runner, schedule_of(ScheduleSettings()), clock, log=lines.append).once() == 1
    assert [job for job, _ in runner.runs] == ["update-full", "update", "summarise"]
    assert "failed: update-full" in lines[-1]


def test_once_with_named_jobs_runs_them_whether_due_or_not():
    clock = FakeClock()
    history = History(None)
    history.record(ok("update-full", 1))
    runner = FakeRunner(clock, history=history)
    assert Operation(runner, schedule_of(ScheduleSettings()), clock, log=print).once(["update-full"]) == 0
    assert [job for job, _ in runner.runs] == ["update-full"]


def test_nothing_scheduled_is_said_plainly():
    settings = schedule_of(ScheduleSettings(every=(("update-full", 0), ("update", 0), ("summarise", 0))))
    assert "no job is scheduled" in nothing_due(History(None), settings, T0)


@pytest.mark.parametrize("minutes", [1, 15, 60, 1440])
def test_due_times_follow_the_interval_from_the_last_start(minutes):
    status = ok("update", 0)
    assert next_due(status, minutes, 15) == T0 + timedelta(minutes=minutes)
