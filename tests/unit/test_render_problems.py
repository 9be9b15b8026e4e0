"""The problems page: grouped by page, errors first, written for the editor."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_index import registries
from test_render_support import assert_inert, cells, data_rows, make_record, no_template, problem

from bot.config import Settings
from bot.core.records import Problem
from bot.core.render.problems import render_problems

SETTINGS = Settings()


def sections(text: str) -> list[tuple[str, list[list[str]]]]:
    out = []
    for title, body in re.findall(r"^=== (.+?) ===\n(.*?)(?=^=== |\Z)", text, flags=re.M | re.S):
        [table] = assert_inert(body).tables()
        out.append((title, [cells(r) for r in data_rows(table)]))
    return out


def registry(schema):
    return [
        make_record(
            schema,
            "Partnerships/Zeta",
            problems=[
                problem("start", "approximate-date", "info", "Approximate.", "c. 2016"),
                problem("status", "duplicate-parameter", "warning", "Given twice.", "ongoing"),
            ],
        ),
        make_record(
            schema,
            "Partnerships/CEE Spring",
            problems=[
                problem("start", "missing-required", "info", "The field 'start' is empty."),
                problem("stat", "unknown-parameter", "warning", "'stat' is not a parameter.", "active"),
                problem("status", "missing-required", "error", "The required field 'status' is missing."),
                problem(
                    "strat_date",
                    "unknown-parameter",
                    "warning",
                    "'strat_date' is not a parameter.",
                    "{{start date|2015}}",
                ),
                problem(None, "multiple-templates", "warning", "Two templates."),
            ],
        ),
        make_record(schema, "Partnerships/Clean"),
        no_template(schema, "Partnerships/Kiwix"),
    ]


def test_the_summary_line_counts_problems_pages_and_severities(schema):
    text = render_problems(registry(schema), schema, SETTINGS)
    assert text.startswith("8 problems on 3 pages (2 errors, 4 warnings, 2 info).")


def test_singulars_read_naturally(schema):
    record = make_record(schema, "Partnerships/X", problems=[problem("start", severity="error")])
    assert render_problems([record], schema, SETTINGS).startswith("1 problem on 1 page (1 error, 0 warnings, 0 info).")


def test_no_problems_says_so_and_has_no_sections(schema):
    text = render_problems([make_record(schema, "Partnerships/Clean")], schema, SETTINGS)
    assert text == "No problems found.\n"


def test_each_page_is_a_linked_level_3_section_in_title_order(schema):
    titles = [t for t, _ in sections(render_problems(registry(schema), schema, SETTINGS))]
    assert titles == [
        "[[:Partnerships/CEE Spring|Partnerships/CEE Spring]]",
        "[[:Partnerships/Kiwix|Partnerships/Kiwix]]",
        "[[:Partnerships/Zeta|Partnerships/Zeta]]",
    ]


def test_the_section_heading_is_the_title_the_index_links_to(schema):
    text = render_problems(registry(schema), schema, SETTINGS)
    assert "=== [[:Partnerships/CEE Spring|Partnerships/CEE Spring]] ===" in text


def test_a_page_without_the_template_has_its_problem_listed(schema):
    rows = dict(sections(render_problems(registry(schema), schema, SETTINGS)))[
        "[[:Partnerships/Kiwix|Partnerships/Kiwix]]"
    ]
    assert rows == [["Error", "(whole page)", "", "No template."]]


def test_errors_come_first_then_page_wide_then_schema_order_then_unknown_parameters(schema):
    rows = dict(sections(render_problems(registry(schema), schema, SETTINGS)))[
        "[[:Partnerships/CEE Spring|Partnerships/CEE Spring]]"
    ]
    assert [(r[0], r[1]) for r in rows] == [
        ("Error", "status"),
        ("Warning", "(whole page)"),
        ("Warning", "stat"),
        ("Warning", "strat_date"),
        ("Info", "start"),
    ]


def test_each_row_has_the_parameter_the_raw_value_and_the_message_escaped(schema):
    rows = dict(sections(render_problems(registry(schema), schema, SETTINGS)))[
        "[[:Partnerships/CEE Spring|Partnerships/CEE Spring]]"
    ]
    assert rows[3] == [
        "Warning",
        "strat_date",
        "&#123;&#123;start date&#124;2015&#125;&#125;",
        "&#39;strat_date&#39; is not a parameter.",
    ]


def test_a_long_raw_value_is_cut_for_reading(schema):
    record = make_record(schema, "Partnerships/X", problems=[problem("description", value="y" * 5000)])
    [(_, rows)] = sections(render_problems([record], schema, SETTINGS))
    assert rows[0][2] == "y" * 199 + "…"


def test_problems_of_two_records_for_one_page_are_merged_into_one_section(schema):
    a = make_record(schema, "Partnerships/X", revision=1, problems=[problem("start")])
    b = make_record(schema, "Partnerships/X", revision=2, problems=[problem("end")])
    text = render_problems([b, a], schema, SETTINGS)
    assert text == render_problems([a, b], schema, SETTINGS)
    assert text.count("=== ") == 1


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_input_gives_byte_identical_problems_page(schema, data):
    records = data.draw(registries(schema))
    assert render_problems(data.draw(st.permutations(records)), schema, SETTINGS) == render_problems(
        records, schema, SETTINGS
    )


def test_the_order_of_problems_within_a_record_is_kept_for_ties(schema):
    first = Problem("Partnerships/X", "start", "invalid-date", "warning", "first")
    second = Problem("Partnerships/X", "start", "end-before-start", "warning", "second")
    record = make_record(schema, "Partnerships/X", problems=[first, second])
    [(_, rows)] = sections(render_problems([record], schema, SETTINGS))
    assert [r[3] for r in rows] == ["first", "second"]
