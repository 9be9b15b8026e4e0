"""Status lines, the status file, ``python -m bot status``, and the [schedule] settings."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config import ScheduleSettings, parse_settings
from bot.errors import ConfigError
from bot.service.health import History, JobStatus, after_run, is_stale, report, wiki_line, worth_publishing
from bot.service.schedule import schedule_of
from tests import support

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_the_status_line_names_the_last_success_pages_edits_and_problems():
    status = after_run(None, "update", outcome="ok", message="", start=T0, end=T0, counts=(21, 2, 37))
    assert status.line() == "update: ok; last success 2026-03-01 12:00 UTC: 21 pages read, 2 edits, 37 problems"


def test_a_failure_keeps_the_last_success_and_its_counts():
    good = after_run(None, "update", outcome="ok", message="", start=T0, end=T0, counts=(21, 2, 37))
    bad = after_run(
        good,
        "update",
        outcome="failed",
        message="the wiki did not answer",
        start=T0 + timedelta(minutes=15),
        end=T0 + timedelta(minutes=16),
    )
    assert bad.line() == (
        "update: failed at 2026-03-01 12:15 UTC (the wiki did not answer); "
        "last success 2026-03-01 12:00 UTC: 21 pages read, 2 edits, 37 problems"
    )
    assert JobStatus("update-full").line() == "update-full: never run"


def test_on_the_wiki_the_line_is_escaped_so_a_message_cannot_inject_markup():
    status = after_run(None, "update", outcome="failed", message="{{Hacked}} [[Category:X]] <!--", start=T0, end=T0)
    line = wiki_line(status)
    assert line.startswith("* update") and "{{" not in line and "[[" not in line and "<!--" not in line


def test_a_job_is_stale_when_its_last_success_is_older_than_twice_its_interval():
    status = after_run(None, "update", outcome="ok", message="", start=T0, end=T0)
    assert not is_stale(status, 15, T0 + timedelta(minutes=30))
    assert is_stale(status, 15, T0 + timedelta(minutes=31))
    assert is_stale(None, 15, T0) and not is_stale(None, 0, T0)


def test_only_news_or_an_old_line_is_worth_an_edit():
    first = after_run(None, "update", outcome="ok", message="a", start=T0, end=T0, counts=(21, 0, 37))
    published = JobStatus(**{**first.__dict__, "published": T0})
    same = after_run(
        published, "update", outcome="ok", message="b", start=T0 + timedelta(minutes=15), end=T0, counts=(21, 0, 37)
    )
    assert worth_publishing(None, first, T0, 60)
    assert not worth_publishing(published, same, T0 + timedelta(minutes=15), 60)
    assert worth_publishing(published, same, T0 + timedelta(minutes=60), 60)
    edited = after_run(published, "update", outcome="ok", message="", start=T0, end=T0, counts=(21, 3, 37))
    failed = after_run(published, "update", outcome="failed", message="down", start=T0, end=T0)
    assert worth_publishing(published, edited, T0, 60) and worth_publishing(published, failed, T0, 60)


def test_the_history_survives_a_round_trip_and_a_corrupt_file_starts_afresh_with_a_warning(tmp_path):
    path = tmp_path / "status.json"
    history = History.load(path)
    assert history.statuses == {} and history.warning is None  # a first run
    history.record(after_run(None, "update", outcome="ok", message="m", start=T0, end=T0, counts=(1, 2, 3)))
    again = History.load(path)
    assert again.get("update") == history.get("update") and again.warning is None
    path.write_text("{not json", encoding="utf-8")
    broken = History.load(path)
    assert broken.statuses == {} and "corrupt" in broken.warning and "job history starts afresh" in broken.warning


def test_a_damaged_entry_is_dropped_and_the_others_kept(tmp_path):
    path = tmp_path / "status.json"
    History(path).record(after_run(None, "update", outcome="ok", message="", start=T0, end=T0))
    data = json.loads(path.read_text())
    data["jobs"]["summarise"] = {"job": "summarise", "outcome": "exploded", "last_start": "yesterday"}
    path.write_text(json.dumps(data))
    assert set(History.load(path).statuses) == {"update"}


def test_report_marks_stale_and_unscheduled_jobs():
    history = History(None)
    history.record(after_run(None, "update", outcome="ok", message="", start=T0, end=T0))
    lines, healthy = report(history, {"update": 15, "summarise": 0}, T0 + timedelta(minutes=10))
    assert healthy and lines[1] == "summarise: never run [not scheduled]"
    lines, healthy = report(history, {"update": 15}, T0 + timedelta(hours=1))
    assert not healthy and lines[0].endswith("[STALE: no success within 2 x 15 min]")


def settings_file(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "bot.toml"
    path.write_text(f'[publish]\nstate_dir = "{tmp_path / "state"}"\n{extra}', encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_status_exits_1_when_a_job_has_not_succeeded_and_0_when_all_are_recent(tmp_path):
    path = settings_file(tmp_path, "[schedule.every]\nupdate-full = 0\nsummarise = 0\n")
    code, out, err = run("status", f"-settings:{path}")
    assert code == 1 and out.splitlines()[1] == "update: never run [STALE: no success within 2 x 15 min]"
    assert "not succeeded within twice its interval" in err
    now = datetime.now(UTC)
    History(tmp_path / "state" / "status.json").record(
        after_run(None, "update", outcome="ok", message="", start=now, end=now, counts=(20, 0, 24))
    )
    code, out, _ = run("status", f"-settings:{path}")
    assert code == 0 and out.splitlines()[1].startswith("update: ok; last success ")


def test_run_refuses_a_job_name_it_does_not_know_and_job_without_once(tmp_path):
    code, _, err = run("run", "-once", "-job:deploy")
    assert code == 2 and "unknown job 'deploy'" in err
    code, _, err = run("run", "-job:update")
    assert code == 2 and "-job: needs -once" in err


# --- [schedule] in config/bot.toml ----------------------------------------------------


def test_the_defaults_are_15_minutes_daily_and_hourly_with_deploy_never_scheduled():
    schedule = schedule_of(parse_settings({}, schema=support.schema()).schedule)
    assert schedule.interval("update") == 15 and schedule.interval("update-full") == 1440
    assert schedule.interval("summarise") == 60 and schedule.interval("deploy") == 0
    assert schedule.settings.require_bot_right and schedule.scheduled == ("update-full", "update", "summarise")


def test_the_shipped_config_file_has_the_defaults():
    from bot.config import load_settings

    shipped = schedule_of(load_settings(schema=support.schema()).schedule)
    assert shipped.every == schedule_of(ScheduleSettings()).every


def test_an_interval_overrides_its_default_only():
    schedule = schedule_of(
        parse_settings({"schedule": {"every": {"update": 5, "summarise": 0}}}, schema=support.schema()).schedule
    )
    assert schedule.every == (("update-full", 1440), ("update", 5), ("summarise", 0), ("reminders", 0))
    assert schedule.scheduled == ("update-full", "update")


def test_reminders_are_scheduled_daily_only_when_their_section_switches_them_on():
    from bot.jobs.scheduled import switched_on

    off = parse_settings({}, schema=support.schema())
    on = parse_settings({"reminders": {"enabled": True}}, schema=support.schema())
    assert switched_on(off) == () and switched_on(on) == ("reminders",)
    assert schedule_of(off.schedule, switched_on=switched_on(off)).interval("reminders") == 0
    assert schedule_of(on.schedule, switched_on=switched_on(on)).interval("reminders") == 1440


@pytest.mark.parametrize(
    "every, words",
    [
        ({"deploy": 60}, "never scheduled"),
        ({"updates": 15}, "unknown job 'updates'"),
    ],
)
def test_a_schedule_naming_no_job_is_one_line_error(every, words):
    settings = parse_settings({"schedule": {"every": every}}, schema=support.schema())
    with pytest.raises(ConfigError) as error:
        schedule_of(settings.schedule)
    assert words in str(error.value) and "\n" not in str(error.value)


def test_adding_a_job_to_the_list_schedules_it_with_its_default_interval():
    from bot.jobs.scheduled import JOBS, JobSpec

    extra = JobSpec("reminders", 720, "remind contacts", lambda ctx: None)  # type: ignore[arg-type,return-value]
    schedule = schedule_of(ScheduleSettings(), (*JOBS, extra))
    assert schedule.interval("reminders") == 720 and schedule.scheduled[-1] == "reminders"


@pytest.mark.parametrize(
    "section, words",
    [
        ({"every": {"update": 1.5}}, "every.update must be a whole number of minutes"),
        ({"every": 15}, "must be a table"),
        ({"time_limit": 0}, "time_limit must be a whole number of minutes"),
        ({"require_bot_right": "yes"}, "must be true or false"),
        ({"status_page": "User:{user}/Status|x"}, "status_page must be a page title"),
        ({"lease_page": "User:{user}/Lease", "lease_minutes": 45}, "lease_minutes (45) must be at least twice"),
        ({"lock": "x"}, "[schedule] lock is not a known key"),
    ],
)
def test_bad_schedule_settings_are_one_line_errors(section, words):
    with pytest.raises(ConfigError) as error:
        parse_settings({"schedule": section}, schema=support.schema())
    assert words in str(error.value) and "\n" not in str(error.value)


def test_an_empty_status_page_or_docs_page_switches_it_off():
    settings = parse_settings({"schedule": {"status_page": ""}, "publish": {"docs_page": ""}}, schema=support.schema())
    assert settings.schedule.status_page_for("Bot") == "" and settings.publish.summary_suffix("Bot") == ""
    assert (
        parse_settings({}, schema=support.schema()).publish.summary_suffix("Bot") == " ([[User:Bot|partnerships bot]])"
    )


def test_the_sample_user_config_is_polite_by_default():
    import ast

    sample = Path(__file__).resolve().parents[2] / "user-config.py.sample"
    values = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in ast.parse(sample.read_text()).body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    assert values["put_throttle"] >= 10 and values["write_maxlag"] == 5
    assert "operator" in values["user_agent_description"] and "User:" in values["user_agent_description"]
    waits = [min(values["retry_wait"] * 2**i, values["retry_max"]) for i in range(values["max_retries"])]
    assert 60 <= sum(waits) <= 30 * 60  # rides out a short outage, gives up well within the job's time limit
