"""audit_fields: the extractor's problems grouped by problem and by page, and what -fix would change."""

from __future__ import annotations

from pathlib import Path

from test_render_support import make_record, problem

from bot.core.audits.fields import fields_report, group_problems, page_counts
from bot.core.extract import extract_many
from bot.core.fix import plan_fix
from bot.sources.offline import DirSource
from tests import support

ROOT = Path(__file__).resolve().parents[2]


def records(schema):
    return [
        make_record(
            schema,
            "Partnerships/B",
            problems=[
                problem("status", "missing-required", "error", "Status is missing."),
                problem("stat", "unknown-parameter", "warning", "'stat' is unknown.", "active"),
                problem("contact", "missing-required", "info", "Contact is empty."),
            ],
        ),
        make_record(
            schema,
            "Partnerships/A",
            problems=[
                problem("contact", "missing-required", "info", "Contact is empty."),
                problem(None, "multiple-templates", "warning", "Two templates.", "2"),
            ],
        ),
        make_record(schema, "Partnerships/Clean"),
    ]


def test_problems_are_grouped_by_code_and_field_errors_first_then_by_pages(schema):
    report = fields_report(records(schema), schema)
    [by_problem] = [s for s in report.sections if s.key == "by-problem"]
    rows = [(g.code, g.field, g.severity, g.pages) for g in by_problem.rows]
    assert rows[0] == ("missing-required", "status", "error", 1)
    assert ("missing-required", "contact", "info", 2) in rows
    assert ("multiple-templates", "(whole page)", "warning", 1) in rows
    assert [r[2] for r in rows] == sorted((r[2] for r in rows), key=["error", "warning", "info"].index)


def test_pages_are_counted_by_severity_in_title_order(schema):
    rows = page_counts(records(schema))
    assert [(r.page, r.errors, r.warnings, r.infos) for r in rows] == [
        ("Partnerships/A", 0, 1, 1),
        ("Partnerships/B", 1, 1, 1),
    ]
    assert rows[1].codes == ("missing-required", "unknown-parameter")


def test_the_summary_counts_findings_pages_and_severities(schema):
    report = fields_report(records(schema), schema)
    assert report.findings == 5
    assert report.summary.startswith("audit_fields: 5 findings on 2 of 3 pages (1 error, 2 warnings, 2 info)")


def test_a_registry_without_problems_has_zero_findings(schema):
    report = fields_report([make_record(schema, "Partnerships/Clean")], schema)
    assert report.findings == 0 and "0 findings" in report.summary


def test_the_fix_section_lists_each_change_but_does_not_count_it_as_a_finding(schema):
    plans = {"Partnerships/A": plan_fix("{{Partnership|status=Ongoing|stat=x}}", schema, support.countries())}
    report = fields_report([make_record(schema, "Partnerships/A")], schema, plans=plans)
    [fixable] = [s for s in report.sections if s.key == "fixable"]
    assert [(f.page, f.change.parameter, f.change.old, f.change.new) for f in fixable.rows] == [
        ("Partnerships/A", "status", "Ongoing", "Active")
    ]
    assert report.findings == 0 and "-fix can normalise 1 value on 1 page" in report.summary


def test_the_example_pages_give_the_problems_the_examples_readme_expects(schema):
    records = list(extract_many(DirSource(ROOT / "examples"), schema, support.countries()))
    groups = {(g.code, g.field) for g in group_problems(p for r in records for p in r.problems)}
    assert {
        ("unknown-parameter", "stat"),
        ("unknown-parameter", "strat_date"),
        ("no-template", "(whole page)"),
        ("end-before-start", "end"),
        ("ambiguous-date", "last_reviewed"),
        ("multiple-templates", "(whole page)"),
    } <= groups
