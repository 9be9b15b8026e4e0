"""The yearly trends: started, ended and active at the end of each year, with the undated counted apart."""

from __future__ import annotations

import html
import re
from datetime import date

from test_render_support import make_record

from bot.config import Settings
from bot.core.render.overview import render_overview
from bot.core.trends import MAX_YEARS, trends


def yearly(records, this_year=2026):
    return trends(
        records,
        start="start",
        end="end",
        status="status",
        pending=("potential", "proposed"),
        ended=("completed", "ended"),
        this_year=this_year,
    )


def counts(found):
    return [(r.label, len(r.started), len(r.ended), len(r.active)) for r in found.rows]


def test_active_at_the_end_of_each_year_started_and_ended_with_empty_years_shown(schema):
    records = [
        make_record(schema, "P/A", status="active", start="2020-05"),
        make_record(schema, "P/B", status="completed", start="2021", end="2023-02-01"),
        make_record(schema, "P/C", status="active", start="2023"),
    ]
    assert counts(yearly(records)) == [
        ("2020", 1, 0, 1),
        ("2021", 1, 0, 2),
        ("2022", 0, 0, 2),
        ("2023", 1, 1, 2),
        ("2024", 0, 0, 2),
        ("2025", 0, 0, 2),
        ("2026 (so far)", 0, 0, 2),
    ]


def test_undated_not_started_and_ended_without_an_end_date_are_counted_apart(schema):
    records = [
        make_record(schema, "P/Undated", status="active"),
        make_record(schema, "P/Proposed", status="proposed", start="2024"),
        make_record(schema, "P/Future", status="active", start="2030"),
        make_record(schema, "P/Over", status="ended", start="2024"),
        make_record(schema, "P/Dated", status="active", start="2025"),
    ]
    found = yearly(records)
    assert [r.page for r in found.undated] == ["P/Undated"]
    assert [r.page for r in found.not_started] == ["P/Proposed", "P/Future"]
    assert [r.page for r in found.end_unknown] == ["P/Over"]
    assert counts(found) == [("2024", 1, 0, 0), ("2025", 1, 0, 1), ("2026 (so far)", 0, 0, 1)]


def test_an_end_in_a_later_year_has_not_happened_yet_and_an_end_before_the_start_ends_in_the_start_year(schema):
    records = [
        make_record(schema, "P/Later", status="active", start="2025", end="2028"),
        make_record(schema, "P/Backwards", status="ended", start="2025", end="2019"),
    ]
    assert counts(yearly(records)) == [("2025", 2, 1, 1), ("2026 (so far)", 0, 0, 1)]


def test_very_old_years_are_summed_in_one_first_row(schema):
    records = [
        make_record(schema, "P/Old", status="active", start="1900"),
        make_record(schema, "P/New", status="active", start="2020"),
    ]
    found = yearly(records)
    assert len(found.rows) == MAX_YEARS + 1
    assert counts(found)[0] == (f"Before {2026 - MAX_YEARS + 1}", 1, 0, 1)


def test_the_overview_shows_the_trends_and_says_what_is_not_counted(schema):
    records = [
        make_record(schema, "P/A", status="active", start="2024", regions=["lac", "ssa"]),
        make_record(schema, "P/B", status="active"),
    ]
    text = html.unescape(render_overview(records, schema, Settings(), today=date(2026, 1, 10)))
    assert "== Trends ==" in text and "Not counted: 1 partnership without a start date" in text
    by_region = text.split("=== Active at the end of each year, by region ===", 1)[1]
    assert re.search(r"! .*Latin America and the Caribbean", by_region) and "Sub-Saharan Africa" in by_region
    assert "2026 (so far)" in by_region
