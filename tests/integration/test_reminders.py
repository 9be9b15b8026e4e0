"""Reminders on the real wiki: once per page, never on {{nobots}}, never without the run page, never twice after a crash."""

from __future__ import annotations

import io
import json
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.jobs.context import JobContext
from bot.jobs.reminders import RemindersOptions, run_reminders
from bot.sources.offline import filename_for_title
from tests.integration.reminder_setup import configuration
from tests.integration.wikitools import edit

REPO_ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- partnerships-bot: reminder "


@pytest.fixture
def given(page_prefix, run_page, tmp_path):
    return {
        "template": f"Partnership test {secrets.token_hex(3)}",
        "prefix": page_prefix,
        "run_page": run_page,
        "state_dir": str(tmp_path / "state"),
    }


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


def page(given, name: str, **values: str) -> str:
    fields = {"name": name, "partner": f"{name} Org", "type": "alliance", "level": "global", "status": "active"}
    fields |= {"last_reviewed": "2019-01", "contact": "[[User:Admin|Admin]]", **values}
    body = "\n".join(f"| {k} = {v}" for k, v in fields.items())
    return f"{{{{{given['template']}\n{body}\n}}}}\n"


def seed(local_wiki, tmp_path, pages: dict[str, str]) -> None:
    folder = tmp_path / f"seed-{secrets.token_hex(3)}"
    folder.mkdir()
    for title, text in pages.items():
        (folder / filename_for_title(title)).write_text(text, encoding="utf-8")
    done = local_wiki.run_script("seed", "--dir", str(folder))
    assert done.returncode == 0, done.stderr


def remind(wiki, given, *, simulate=False, **settings):
    out = io.StringIO()
    ctx = JobContext.on(wiki, configuration(**given, **settings), out, simulate=simulate)
    return run_reminders(ctx, RemindersOptions()), out.getvalue()


def talk(wiki, given, name: str) -> str:
    return wiki.page_text(f"Talk:{given['prefix']}P/{name}") or ""


def test_a_reminder_is_posted_once_and_not_again_on_the_next_run(local_wiki, wiki, given, tmp_path):
    seed(local_wiki, tmp_path, {f"{given['prefix']}P/Old": page(given, "Old")})
    report, log = remind(wiki, given)
    assert report.ok and report.edits == 1, log
    text = talk(wiki, given, "Old")
    assert text.count(MARKER) == 1 and "last reviewed 2019-01" in text and "[[:User:Admin|Admin]]" in text
    assert "[[User:PartnershipsBot" in text  # the signature, expanded by the wiki
    again, log = remind(wiki, given)
    assert again.ok and again.edits == 0 and again.already == 1, log
    assert talk(wiki, given, "Old") == text


def test_simulate_shows_every_message_and_posts_nothing(local_wiki, wiki, given, tmp_path):
    seed(local_wiki, tmp_path, {f"{given['prefix']}P/{n}": page(given, n) for n in ("One", "Two")})
    report, log = remind(wiki, given, simulate=True)
    assert report.edits == 0 and [o.status for o in report.outcomes] == ["simulated", "simulated"], log
    assert log.count("+== Partnerships registry: please check") == 2
    assert talk(wiki, given, "One") == "" and not (Path(given["state_dir"]) / "reminders.json").exists()


def test_nobots_on_the_talk_page_or_the_partnership_page_means_no_reminder(
    local_wiki, wiki, given, tmp_path, admin_site, pywikibot
):
    p = given["prefix"]
    seed(
        local_wiki,
        tmp_path,
        {f"{p}P/Quiet talk": page(given, "Quiet talk"), f"{p}P/Quiet page": page(given, "Quiet page") + "{{nobots}}"},
    )
    edit(pywikibot, admin_site, f"Talk:{p}P/Quiet talk", "{{nobots}}\nPlease, no bots here.")
    report, log = remind(wiki, given)
    assert report.ok and report.edits == 0 and report.excluded == 2, log
    assert talk(wiki, given, "Quiet talk") == "{{nobots}}\nPlease, no bots here."
    assert talk(wiki, given, "Quiet page") == ""


def test_nothing_is_posted_when_the_run_page_says_no(local_wiki, wiki, given, tmp_path, admin_site, pywikibot):
    seed(local_wiki, tmp_path, {f"{given['prefix']}P/Paused": page(given, "Paused")})
    edit(pywikibot, admin_site, given["run_page"], "no")
    report, log = remind(wiki, given)
    assert report.stopped and report.edits == 0 and report.exit_status == 3, log
    assert talk(wiki, given, "Paused") == ""


def test_the_cap_per_run_leaves_the_rest_for_the_next_run(local_wiki, wiki, given, tmp_path):
    seed(local_wiki, tmp_path, {f"{given['prefix']}P/Many {i}": page(given, f"Many {i}") for i in range(3)})
    first, log = remind(wiki, given, max_per_run=2)
    assert first.edits == 2 and first.waiting == 1, log
    second, log = remind(wiki, given, max_per_run=2)
    assert second.edits == 1 and second.already == 2 and second.waiting == 0, log


def test_a_kill_9_between_the_save_and_the_state_does_not_post_twice(local_wiki, wiki, given, tmp_path):
    seed(local_wiki, tmp_path, {f"{given['prefix']}P/Crash": page(given, "Crash")})
    crashed = subprocess.run(
        [sys.executable, "-m", "tests.integration.crash_reminders", json.dumps(given)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYWIKIBOT_DIR": str(local_wiki.pywikibot_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr
    assert talk(wiki, given, "Crash").count(MARKER) == 1
    state = json.loads((Path(given["state_dir"]) / "reminders.json").read_text())
    assert list(state["pending"]) == [f"{given['prefix']}P/Crash"] and state["sent"] == {}

    report, log = remind(wiki, given)
    assert report.ok and report.edits == 0 and report.already == 1, log
    assert talk(wiki, given, "Crash").count(MARKER) == 1
    state = json.loads((Path(given["state_dir"]) / "reminders.json").read_text())
    assert state["pending"] == {} and list(state["sent"]) == [f"{given['prefix']}P/Crash"]
