"""One job under its guards: run page, exceptions, time limit, signals, status lines (in-memory wiki)."""

from __future__ import annotations

import io
import os
import signal
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from bot.config import ScheduleSettings, Settings
from bot.core.markers import begin_marker, end_marker
from bot.errors import EXIT_FAILED, EXIT_STOPPED, MissingRight, WikiReadOnly, WikiUnreachable
from bot.jobs.scheduled import JobSpec
from bot.publish import JobReport, PageUpdate
from bot.service.guards import Guard, Interrupted, handling_signals
from bot.service.health import History, region_for
from bot.service.runner import JobLog, Runner, describe_failure, judge, record_unconnected
from bot.service.schedule import schedule_of
from bot.service.scheduler import Operation
from bot.wiki import PageCopy, SaveResult
from tests import support

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STATUS = "User:PartnershipsBot/Status"


@dataclass
class FakeWiki:
    """Pages in a dict with revision numbers; ``during_save`` runs inside each save."""

    pages: dict[str, str] = field(default_factory=lambda: {"User:PartnershipsBot/Run": "yes"})
    revisions: dict[str, int] = field(default_factory=dict)
    saves: list[tuple[str, str]] = field(default_factory=list)
    during_save: object = None
    requests: int = 0
    refuse: str | None = None  # every save fails with this message
    read_only: str | None = None  # the wiki's read-only reason: saves raise, as the real Wiki.save does
    attempts: int = 0

    def account(self) -> str:
        return "PartnershipsBot"

    def has_right(self, right: str) -> bool:
        return True

    def read_page(self, title: str) -> PageCopy:
        if title not in self.pages:
            return PageCopy(title, False)
        return PageCopy(title, True, self.pages[title], revision=self.revisions.get(title, 1))

    def read_pages(self, titles):
        return {title: self.read_page(title) for title in titles}

    def was_deleted(self, title: str) -> bool:
        return False

    def save(self, copy: PageCopy, text: str, *, summary: str, content_model=None) -> SaveResult:
        self.attempts += 1
        if self.during_save:
            self.during_save(copy.title)
        if self.read_only:
            raise WikiReadOnly(
                f"the wiki at memory is in read-only mode ({self.read_only}); nothing more was "
                "written, the next run tries again"
            )
        if self.refuse:
            return SaveResult("failed", self.refuse)
        if (copy.title in self.pages) != copy.exists or (
            copy.exists and copy.revision != self.revisions.get(copy.title, 1)
        ):
            return SaveResult("conflict", "edit conflict")
        self.pages[copy.title] = text
        self.revisions[copy.title] = self.revisions.get(copy.title, 1) + 1
        self.saves.append((copy.title, summary))
        return SaveResult("saved", revision=self.revisions[copy.title])


class Clock:
    def __init__(self) -> None:
        self.moment = T0

    def __call__(self) -> datetime:
        return self.moment


@dataclass
class Report(JobReport):
    ok_: bool = True
    edits_: int = 0
    pages_read: int = 3
    problems: int = 1

    @property
    def ok(self) -> bool:
        return self.ok_ and super().ok

    @property
    def edits(self) -> int:
        return self.edits_ or super().edits

    def line(self) -> str:
        return f"job: {self.pages_read} pages read, {self.edits} edits"


def publishing_job(*titles: str):
    """A job that publishes one region per title through the one write path."""

    def run(ctx):
        publisher = ctx.publisher()
        outcomes = [
            publisher.publish(PageUpdate(t, f"body of {t}", "Registry index: test", region="index")) for t in titles
        ]
        return Report(outcomes=outcomes)

    return run


def make_runner(wiki: FakeWiki, jobs: dict, *, clock=None, seconds: float = 0, settings: Settings | None = None):
    out, err = io.StringIO(), io.StringIO()
    config = replace(support.configuration(), settings=settings or support.settings())
    specs = [
        JobSpec(name, every, name, jobs.get(name, lambda ctx: Report()))
        for name, every in (("update-full", 1440), ("update", 15), ("summarise", 60))
    ]
    schedule = schedule_of(config.settings.schedule, specs)
    runner = Runner(
        wiki, config, schedule, History(None), Guard(), out, err, clock or Clock(), time_limit_seconds=seconds
    )
    return runner, out, err


def test_a_job_that_raises_is_logged_with_its_traceback_and_the_next_job_still_runs():
    ran = []

    def broken(ctx):
        raise RuntimeError("boom")

    def fine(ctx):
        ran.append("fine")
        return Report()

    runner, out, err = make_runner(FakeWiki(), {"update-full": broken, "update": fine, "summarise": fine})
    code = Operation(runner, runner.schedule, SimpleNamespace(now=lambda: T0), log=print).once()
    assert code == EXIT_FAILED and ran == ["fine", "fine"]
    assert "Traceback" in err.getvalue() and 'raise RuntimeError("boom")' in err.getvalue()
    status = runner.history.get("update-full")
    assert status.outcome == "failed" and status.message == "RuntimeError: boom (a bug: the traceback is in the log)"
    assert "[update-full] update-full: failed at 2026-03-01 12:00 UTC (RuntimeError: boom" in out.getvalue()


def test_the_run_page_is_checked_first_and_a_paused_bot_runs_nothing():
    wiki = FakeWiki(pages={"User:PartnershipsBot/Run": "no"})
    ran = []
    runner, out, _ = make_runner(wiki, {"update": lambda ctx: ran.append(1) or Report()})
    status = runner.run("update")
    assert ran == [] and wiki.saves == [] and status.outcome == "paused"
    assert "does not say 'yes'" in status.line()


def test_a_successful_run_writes_its_status_line_between_its_own_markers_on_a_new_status_page():
    wiki = FakeWiki()
    runner, _, _ = make_runner(wiki, {"update": lambda ctx: Report(pages_read=21, edits_=2, problems=37)})
    runner.run("update")
    page = wiki.pages[STATUS]
    for job in ("update-full", "update", "summarise"):
        assert begin_marker(region_for(job)) in page and end_marker(region_for(job)) in page
    assert "update&#58; ok; last success 2026-03-01 12&#58;00 UTC&#58; 21 pages read, 2 edits, 37 problems" in page
    assert "update-full&#58; never run" in page
    assert wiki.saves[-1][1].startswith("Status: update ok ([[User:PartnershipsBot|partnerships bot]])")


def test_an_unchanged_status_is_not_rewritten_until_the_refresh_time_has_passed():
    wiki, clock = FakeWiki(), Clock()
    runner, _, _ = make_runner(wiki, {"update": lambda ctx: Report()}, clock=clock)
    runner.run("update")
    saves = len(wiki.saves)
    clock.moment += timedelta(minutes=15)
    runner.run("update")
    assert len(wiki.saves) == saves
    clock.moment += timedelta(minutes=60)
    runner.run("update")
    assert len(wiki.saves) == saves + 1 and "13&#58;15 UTC" in wiki.pages[STATUS]


def test_human_text_on_the_status_page_survives_and_a_job_without_markers_is_reported():
    wiki = FakeWiki()
    region = region_for("update")
    wiki.pages[STATUS] = (
        f"== Bot status ==\nA human note.\n{begin_marker(region)}{end_marker(region)}\n[[Category:Bots]]"
    )
    runner, out, _ = make_runner(wiki, {"update": lambda ctx: Report(), "summarise": lambda ctx: Report()})
    runner.run("update")
    runner.run("summarise")
    page = wiki.pages[STATUS]
    assert page.startswith("== Bot status ==\nA human note.\n") and page.endswith("\n[[Category:Bots]]")
    assert "update&#58; ok" in page and "summarise" not in page
    assert "status page: User:PartnershipsBot/Status: skipped (the page has no" in out.getvalue()


def test_without_a_status_page_configured_nothing_but_the_job_is_written():
    wiki = FakeWiki()
    settings = replace(support.settings(), schedule=ScheduleSettings(status_page=""))
    runner, _, _ = make_runner(wiki, {"update": lambda ctx: Report()}, settings=settings)
    assert runner.run("update").outcome == "ok" and wiki.saves == []


def test_an_unreachable_wiki_fails_the_job_with_its_one_line_and_no_status_edit():
    def unreachable_wiki(ctx):
        raise WikiUnreachable(
            "the wiki at 127.0.0.1:8099 does not answer (connection refused); the next run tries again"
        )

    wiki = FakeWiki()
    runner, out, err = make_runner(wiki, {"update": unreachable_wiki})
    status = runner.run("update")
    assert status.outcome == "failed" and status.message.startswith("the wiki at 127.0.0.1:8099 does not answer")
    assert wiki.saves == [] and "status page not written: the wiki cannot take edits now" in out.getvalue()
    assert "Traceback" not in err.getvalue()


def test_an_operator_error_is_its_own_line_and_a_bug_says_it_is_one():
    assert (
        describe_failure(MissingRight("the account X lacks the 'bot' right")) == "the account X lacks the 'bot' right"
    )
    assert describe_failure(KeyError("x")) == "KeyError: 'x' (a bug: the traceback is in the log)"


def test_jobs_that_could_not_connect_are_recorded_as_failed():
    history, lines = History(None), []
    record_unconnected(
        history, ["update", "summarise"], WikiUnreachable("the wiki does not answer"), clock=Clock(), log=lines.append
    )
    assert history.get("update").outcome == "failed" and history.get("update").message == "the wiki does not answer"
    assert history.get("summarise").outcome == "failed" and len(lines) == 2


def test_a_missing_right_fails_every_due_job_and_says_so_on_the_status_page():
    wiki = FakeWiki()
    runner, _, _ = make_runner(wiki, {})
    runner.fail(["update", "summarise"], MissingRight("the account PartnershipsBot lacks the 'bot' right"))
    assert runner.history.get("update").outcome == "failed"
    assert "lacks the &#39;bot&#39; right" in wiki.pages[STATUS] or "lacks the 'bot' right" in wiki.pages[STATUS]


def test_a_run_page_that_says_no_makes_once_exit_3():
    wiki = FakeWiki(pages={"User:PartnershipsBot/Run": "no"})
    runner, _, _ = make_runner(wiki, {})
    code = Operation(runner, runner.schedule, SimpleNamespace(now=lambda: T0), log=print).once(["update"])
    assert code == EXIT_STOPPED and runner.history.get("update").outcome == "paused"


def test_a_refused_update_is_a_failure_with_its_reason():
    outcome, message, counts = judge(Report(refused="the read was incomplete; nothing was published"))
    assert outcome == "failed" and message.startswith("the read was incomplete") and counts == (3, 0, 1)


def test_the_time_limit_stops_a_job_that_hangs_and_the_next_job_runs():
    ran = []

    def hangs(ctx):
        time.sleep(5)  # interrupted by the time limit after 0.05 s
        ran.append("not reached")

    runner, _, _ = make_runner(
        FakeWiki(), {"update-full": hangs, "update": lambda ctx: ran.append("next") or Report()}, seconds=0.05
    )
    started = time.monotonic()
    status = runner.run("update-full")
    assert time.monotonic() - started < 2
    assert status.outcome == "failed" and "time limit" in status.message
    assert runner.run("update").outcome == "ok" and ran == ["next"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_time_limit_reached_during_a_save_lets_the_save_finish_and_stops_before_the_next():
    wiki = FakeWiki()
    wiki.during_save = lambda title: time.sleep(0.2) if title == "A" else None
    runner, _, _ = make_runner(wiki, {"update": publishing_job("A", "B")}, seconds=0.05)
    status = runner.run("update")
    assert status.outcome == "failed" and "time limit" in status.message
    assert [title for title, _ in wiki.saves if title in ("A", "B")] == ["A"]
    assert wiki.pages["A"].count(begin_marker("index")) == 1


def test_sigterm_during_a_save_finishes_that_save_writes_no_other_page_and_stops():
    wiki = FakeWiki()
    wiki.during_save = lambda title: os.kill(os.getpid(), signal.SIGTERM) if title == "A" else None
    runner, _, _ = make_runner(wiki, {"update": publishing_job("A", "B", "C")})
    before = signal.getsignal(signal.SIGTERM)
    with handling_signals(runner.guard), pytest.raises(Interrupted):
        runner.run("update")
    assert [title for title, _ in wiki.saves] == ["A"] and "body of A" in wiki.pages["A"]
    assert runner.history.get("update").outcome == "interrupted"
    assert signal.getsignal(signal.SIGTERM) == before


def test_sigint_between_saves_stops_at_once():
    guard = Guard()
    with handling_signals(guard), pytest.raises(Interrupted) as stopped:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    assert stopped.value.signum == signal.SIGINT


def test_a_jobs_publisher_saves_under_the_guard_so_a_signal_waits_for_the_save():
    wiki = FakeWiki()
    runner, _, _ = make_runner(wiki, {})
    publisher = runner.context(io.StringIO()).publisher()
    with handling_signals(runner.guard):
        wiki.during_save = lambda title: os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(Interrupted):
            publisher.publish(PageUpdate("X", "text", "s", region="index"))
    assert begin_marker("index") in wiki.pages["X"]


def test_job_output_lines_carry_the_time_and_the_job_name():
    stream = io.StringIO()
    log = JobLog(stream, "update", Clock())
    log.write("reading...\nread 3 pa")
    log.write("ges\n")
    log.write("tail without newline")
    log.flush()
    assert stream.getvalue().splitlines() == [
        "2026-03-01 12:00:00 [update] reading...",
        "2026-03-01 12:00:00 [update] read 3 pages",
        "2026-03-01 12:00:00 [update] tail without newline",
    ]


def test_a_read_only_wiki_ends_the_job_after_its_first_failed_save_with_one_clear_line():
    wiki = FakeWiki(read_only="Scheduled database maintenance")
    runner, out, _ = make_runner(wiki, {"update": publishing_job("A", "B", "C")})
    status = runner.run("update")
    assert wiki.attempts == 1 and wiki.saves == []
    assert status.outcome == "failed" and status.message.startswith(
        "the wiki at memory is in read-only mode (Scheduled database maintenance)"
    )
    assert "status page not written: the wiki cannot take edits now" in out.getvalue()


def test_a_save_refused_for_this_page_only_is_skipped_and_the_job_goes_on():
    wiki = FakeWiki(refuse="Hit AbuseFilter: links to spam")
    runner, _, _ = make_runner(wiki, {"update": publishing_job("A", "B")})
    status = runner.run("update")
    assert status.outcome == "failed" and wiki.attempts >= 2  # both pages tried
    assert "A: skipped (the wiki refused the edit: Hit AbuseFilter" in status.message
    assert "B: skipped" in status.message


def test_a_second_signal_during_a_save_abandons_it():
    wiki = FakeWiki()
    runner, _, _ = make_runner(wiki, {})
    guard = runner.guard
    publisher = runner.context(io.StringIO()).publisher()

    def twice(title):
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # interrupted by the second signal

    wiki.during_save = twice
    with handling_signals(guard), pytest.raises(Interrupted) as stopped:
        publisher.publish(PageUpdate("X", "text", "s", region="index"))
    assert stopped.value.signum == signal.SIGINT and "X" not in wiki.pages
