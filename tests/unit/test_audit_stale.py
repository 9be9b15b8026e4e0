"""audit_stale: ended but active, pending for long, not reviewed; ages in whole months."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_render_support import make_record, no_template

from bot.config import AuditSettings
from bot.core.audits.stale import contact_rows, find_stale, months_between, period_end, stale_report
from tests import support

TODAY = date(2026, 6, 15)
SETTINGS = AuditSettings()


def stale(records, edited=None, **settings):
    found, unjudged = find_stale(
        records,
        support.schema(),
        edited=edited or {},
        today=TODAY,
        settings=replace(SETTINGS, **settings),
        active_statuses=("active",),
    )
    return found, unjudged


def reasons(found):
    return [(f.page, f.reason) for f in found]


def test_a_date_is_over_when_its_whole_period_is():
    assert period_end("2020") == date(2020, 12, 31)
    assert period_end("2020-02") == date(2020, 2, 29)
    assert period_end("2020-02-03") == date(2020, 2, 3)
    assert period_end("2026-06-15T10:00:00Z") == date(2026, 6, 15)
    assert period_end(None) is None and period_end("soon") is None


def test_months_are_counted_the_way_people_count_them():
    assert months_between(date(2026, 3, 15), date(2026, 4, 14)) == 0
    assert months_between(date(2026, 3, 15), date(2026, 4, 15)) == 1
    assert months_between(date(2025, 6, 15), TODAY) == 12


def test_an_active_partnership_whose_end_date_has_passed_is_listed(schema):
    records = [
        make_record(schema, "P/Past", status="active", end="2025", last_reviewed="2026-05"),
        make_record(schema, "P/This year", status="active", end="2026", last_reviewed="2026-05"),
        make_record(schema, "P/Ended", status="ended", end="2020", last_reviewed="2026-05"),
    ]
    found, _ = stale(records)
    assert reasons(found) == [("P/Past", "ended")]
    assert found[0].since == "2025" and found[0].until == "2025-12-31"
    assert "end date (2025) has passed" in found[0].message


def test_the_posted_report_shows_dates_as_written_and_links_pages_contacts_and_diffs(schema):
    from bot.core.audits.report import to_wiki
    from bot.core.audits.stale import stale_report

    records = [
        make_record(schema, "P/Month", status="active", last_reviewed="2018-05", contact=["Alice"]),
        make_record(schema, "P/Edited", status="active", revision=77),
    ]
    found, unjudged = stale(records, edited={"P/Edited": "2019-02-03T10:00:00Z"})
    report = stale_report(
        found,
        schema,
        records=2,
        unjudged=unjudged,
        today=TODAY,
        settings=AuditSettings(),
        with_contacts=True,
    )
    text = to_wiki(report)
    assert '| data-sort-value="20180531" | 2018-05\n' in text and "2018-05-31" not in text
    assert "[[:P/Month|P/Month]]" in text and "[[:User:Alice|Alice]]" in text
    assert "[[:Special:Diff/77|last edit]]" in text and "2019-02-03" in text


def test_a_pending_partnership_unchanged_for_longer_than_the_threshold_is_listed(schema):
    records = [
        make_record(schema, "P/Old idea", status="potential", last_reviewed="2026-06"),
        make_record(schema, "P/New idea", status="proposed", last_reviewed="2026-06"),
    ]
    edited = {"P/Old idea": "2025-01-10T08:00:00Z", "P/New idea": "2026-01-10T08:00:00Z"}
    found, _ = stale(records, edited)
    assert reasons(found) == [("P/Old idea", "pending")]
    assert (found[0].basis, found[0].months) == ("last edit", 17)


def test_without_edit_times_pending_is_judged_by_last_reviewed_or_not_at_all(schema):
    records = [
        make_record(schema, "P/Reviewed long ago", status="potential", last_reviewed="2020"),
        make_record(schema, "P/Never", status="proposed"),
    ]
    found, unjudged = stale(records)
    assert ("P/Reviewed long ago", "pending") in reasons(found)
    assert unjudged == 1


def test_review_age_comes_from_last_reviewed_else_the_last_edit(schema):
    records = [
        make_record(schema, "P/Reviewed", status="active", last_reviewed="2024-01-01"),
        make_record(schema, "P/Edited", status="active"),
        make_record(schema, "P/Fresh", status="active", last_reviewed="2026-01"),
    ]
    found, _ = stale(records, {"P/Edited": "2023-06-01T00:00:00Z", "P/Reviewed": "2026-06-01T00:00:00Z"})
    assert reasons(found) == [("P/Edited", "unreviewed"), ("P/Reviewed", "unreviewed")]
    assert [(f.basis, f.months) for f in found] == [("last edit", 36), ("last_reviewed", 29)]


def test_a_review_date_of_a_month_counts_from_its_last_day(schema):
    found, _ = stale([make_record(schema, "P/May", status="active", last_reviewed="2025-05")], review_months=12)
    assert reasons(found) == []  # 2025-05-31 to 2026-06-15 is 12 months, not more
    found, _ = stale([make_record(schema, "P/May", status="active", last_reviewed="2025-05")], review_months=11)
    assert reasons(found) == [("P/May", "unreviewed")]


def test_a_page_with_no_review_date_and_no_edit_time_is_never_reviewed(schema):
    found, _ = stale([make_record(schema, "P/Unknown", status="active")])
    assert [(f.reason, f.basis, f.months) for f in found] == [("unreviewed", "none", None)]


def test_pages_without_the_template_are_not_partnerships(schema):
    assert stale([no_template(schema, "P/Kiwix")]) == ([], 0)


def test_contacts_list_who_to_ask_about_what(schema):
    records = [
        make_record(schema, "P/A", status="active", end="2020", contact=["Ann"]),
        make_record(schema, "P/B", status="active", contact=["Ann", "Bob"]),
        make_record(schema, "P/C", status="active"),
    ]
    found, _ = stale(records)
    rows = contact_rows(found)
    assert [(r.contact, r.pages) for r in rows] == [
        ("Ann", ("P/A", "P/B")),
        ("Bob", ("P/B",)),
        ("(no contact)", ("P/C",)),
    ]
    assert rows[0].reasons == ("ended", "unreviewed")


def test_the_report_says_when_the_source_has_no_edit_times_and_counts_findings(schema):
    found, unjudged = stale([make_record(schema, "P/Never", status="proposed")])
    report = stale_report(
        found,
        support.schema(),
        records=1,
        unjudged=unjudged,
        today=TODAY,
        settings=SETTINGS,
        with_contacts=True,
        notes=["A folder of files has no edit times."],
    )
    assert report.findings == 1 and [s.key for s in report.sections] == ["ended", "pending", "unreviewed", "contacts"]
    assert any("could not be judged" in n for n in report.notes)
    assert report.summary.startswith(
        "audit_stale: 1 finding on 1 of 1 partnership (0 ended but active, 0 pending for long, 1 not reviewed)"
    )
