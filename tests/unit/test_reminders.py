"""Which pages are due a reminder, and what the message says (the job itself runs on the real wiki)."""

from __future__ import annotations

import html
from datetime import date

from test_render_support import make_record, problem, structure

from bot.config import RemindersSettings
from bot.core.markers import NewSection
from bot.core.reminders import OPTOUT, due, first_seen, heading, marker, message, reminder_days

TODAY = date(2026, 3, 14)
SETTINGS = RemindersSettings(enabled=True, review_months=12, problem_days=30)


def found(schema, records, *, edited=None, seen=None):
    return due(records, schema, edited=edited or {}, errors_seen=seen or {}, today=TODAY, settings=SETTINGS)


def test_an_entry_not_reviewed_for_longer_than_review_months_is_due(schema):
    records = [
        make_record(schema, "P/Old", last_reviewed="2024-12"),
        make_record(schema, "P/Recent", last_reviewed="2025-06-01"),
    ]
    [item] = found(schema, records)
    assert (item.page, item.review, item.reviewed, item.months) == ("P/Old", "late", "2024-12", 14)


def test_without_a_review_date_the_last_edit_counts(schema):
    records = [make_record(schema, "P/Edited long ago"), make_record(schema, "P/Edited lately")]
    edited = {"P/Edited long ago": "2024-01-05T10:00:00Z", "P/Edited lately": "2026-02-01T10:00:00Z"}
    [item] = found(schema, records, edited=edited)
    assert (item.page, item.reviewed) == ("P/Edited long ago", "2024-01-05")


def test_errors_are_due_only_once_they_are_older_than_problem_days(schema):
    error = problem("status", "missing-required", "error", "Give the status.")
    records = [
        make_record(schema, "P/A", last_reviewed="2026-01", problems=[error]),
        make_record(schema, "P/B", last_reviewed="2026-01", problems=[error]),
    ]
    seen = first_seen(records, {"P/A": {}}, TODAY)
    assert found(schema, records, seen=seen) == []
    seen["P/A"] = {key: "2026-01-01" for key in seen["P/A"]}
    [item] = found(schema, records, seen=seen)
    assert (item.page, item.review, item.errors_since) == ("P/A", None, date(2026, 1, 1))
    assert item.errors == ("status: Give the status.",)


def test_first_seen_keeps_the_day_a_problem_appeared_and_forgets_fixed_ones(schema):
    error = problem("status", "missing-required", "error")
    record = make_record(schema, "P/A", problems=[error])
    seen = first_seen([record], {}, date(2026, 1, 1))
    assert list(seen["P/A"].values()) == ["2026-01-01"]
    assert first_seen([record], seen, TODAY) == seen
    assert first_seen([make_record(schema, "P/A")], seen, TODAY) == {}


def test_the_message_says_what_is_missing_links_the_problems_and_pings_the_contacts(schema):
    error = problem("status", "missing-required", "error", "Give the status.")
    record = make_record(schema, "P/A", name="Alpha", contact=["Alice", "Bob"], last_reviewed="2024", problems=[error])
    seen = {"P/A": {k: "2026-01-01" for k in first_seen([record], {}, TODAY)["P/A"]}}
    [item] = found(schema, [record], seen=seen)
    text = message(item, schema, problems_page="Partnerships/Registry/Problems", ping=True)
    plain = html.unescape(text)
    assert plain.startswith("Hello [[:User:Alice|Alice]], [[:User:Bob|Bob]]! ")
    assert "last reviewed 2024 (14 months ago)" in plain and "|last_reviewed=" in plain
    assert "[[:Partnerships/Registry/Problems#P/A|The problems page]] says what to change." in plain
    assert plain.endswith(" ~~~~") and f"{{{{bots|optout={OPTOUT}}}}}" in plain
    assert structure(text).templates == []  # the opt-out template is shown, not used


def test_editor_values_in_the_message_are_escaped(schema):
    record = make_record(schema, "P/A", name="{{Hacked}} [[Category:X]] ~~~~", contact=["Eve"], last_reviewed="2020")
    [item] = found(schema, [record])
    text = message(item, schema, problems_page="Problems", ping=True)
    assert "{{Hacked}}" not in text and "[[Category" not in text and text.count("~~~") == 1
    assert "\n" not in heading(item) and "{{" not in heading(item)


def test_the_markers_on_a_talk_page_tell_when_it_was_reminded():
    section = NewSection("Please check", marker(date(2026, 1, 2)))
    text = section.append_to("== Earlier ==\n<!-- another comment -->\n", "body ~~~~")
    assert reminder_days(text) == [date(2026, 1, 2)]
    assert reminder_days("<!-- partnerships-bot: reminder not-a-day -->") == []


def test_switched_off_the_job_reads_and_posts_nothing_and_is_not_a_failure(config):
    import io

    from bot.jobs.context import JobContext
    from bot.jobs.reminders import run_reminders

    out = io.StringIO()
    report = run_reminders(JobContext(config, out))  # no wiki to connect to: it must not try
    assert report.ok and report.switched_off and report.exit_status == 0
    assert "switched off ([reminders] enabled = false" in out.getvalue()


def test_the_remind_command_refuses_to_post_while_switched_off_and_says_how_to_try_it():
    import io

    from bot.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["remind"], out=out, err=err) == 1
    assert "set enabled = true" in err.getvalue() and "-simulate" in err.getvalue()
