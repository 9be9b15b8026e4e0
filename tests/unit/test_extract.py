"""Page -> record + problems: the template rules and every page-level problem code."""

from __future__ import annotations

import pytest

from bot.core.extract import extract, extract_many
from bot.core.records import Snapshot
from tests import support


def run(schema, body: str, title: str = "Partnerships/Test"):
    return extract(Snapshot(title, body, revision=7), schema, support.countries())


def codes(record, field=None):
    return [(p.field, p.code, p.severity) for p in record.problems if field is None or p.field == field]


FULL = """{{Partnership
| name = Wikimedia and OpenStreetMap
| partner = OpenStreetMap Foundation
| wikimedia = Wikimedia Foundation
| type = alliance
| level = global
| regions = global
| areas = technology, content
| status = active
| start = 2010
| contact = [[User:Example|Example]]
}}"""


def test_a_complete_page_gives_a_record_with_no_problems(schema):
    record = run(schema, FULL)
    assert record.problems == ()
    assert record.get("name") == "Wikimedia and OpenStreetMap"
    assert record.get("partner") == ("OpenStreetMap Foundation",)
    assert record.get("areas") == ("technology", "content")
    assert record.get("start") == "2010"
    assert record.revision == 7


def test_every_canonical_field_is_present_in_schema_order(schema):
    record = run(schema, "{{Partnership|name=X}}")
    assert list(record.values) == [f.name for f in schema.fields]
    assert record.get("end") is None and record.get("countries") == ()


def test_a_page_without_the_template_is_a_no_template_error(schema):
    record = run(schema, "Someone started this page but never added the infobox.")
    assert codes(record) == [(None, "no-template", "error")]


def test_a_second_template_is_reported_and_the_first_is_used(schema):
    record = run(schema, FULL + "\n{{Partnership|name=Other}}")
    assert (None, "multiple-templates", "warning") in codes(record)
    assert record.get("name") == "Wikimedia and OpenStreetMap"


def test_redirects_and_spelling_of_the_template_name_are_accepted(schema):
    for opening in ("{{Infobox partnership", "{{ partnership_infobox", "{{partnership", "{{Template:Partnership"):
        record = run(schema, FULL.replace("{{Partnership", opening))
        assert record.get("status") == "active", opening


def test_the_same_parameter_twice_keeps_the_last_even_when_blank(schema):
    record = run(schema, FULL.replace("| status = active", "| status = active\n| status = "))
    assert record.get("status") is None
    assert ("status", "duplicate-parameter", "warning") in codes(record)
    assert ("status", "missing-required", "error") in codes(record)


def test_canonical_name_beats_aliases_and_the_others_are_reported(schema):
    record = run(schema, FULL.replace("| start = 2010", "| since = 2012\n| start = 2010\n| start_date = 2011"))
    assert record.get("start") == "2010"
    duplicates = [p for p in record.problems if p.code == "duplicate-parameter"]
    assert [(p.field, p.value) for p in duplicates] == [("start", "2011"), ("start", "2012")]


def test_a_blank_canonical_name_falls_back_to_the_first_filled_alias(schema):
    record = run(schema, FULL.replace("| start = 2010", "| start = \n| since = 2012"))
    assert record.get("start") == "2012"
    assert codes(record) == []


def test_spelling_variants_of_parameter_names_reach_their_field_with_a_warning_naming_the_spelling(schema):
    record = run(schema, FULL.replace("| start = 2010", "| Start_Date = 2011"))
    assert record.get("start") == "2011"
    assert [c[1] for c in codes(record)] == ["nonstandard-parameter"]
    [problem] = record.problems
    assert (problem.field, problem.severity, problem.value) == ("start", "warning", "Start_Date")
    assert "only know 'start'" in problem.message and "Rename it to 'start'" in problem.message


@pytest.mark.parametrize("name", ["start", "start_date", "since", "started"])
def test_the_canonical_name_and_the_aliases_are_no_spelling_problem(schema, name):
    record = run(schema, FULL.replace("| start = 2010", f"| {name} = 2011"))
    assert record.get("start") == "2011" and not [c for c in codes(record) if c[1] == "nonstandard-parameter"]


def test_unknown_parameters_are_named_by_their_raw_name_with_a_suggestion(schema):
    record = run(schema, FULL.replace("| start = 2010", "| strat_date = 2010"))
    problem = next(p for p in record.problems if p.code == "unknown-parameter")
    assert problem.field == "strat_date" and "start_date" in problem.message and problem.value == "2010"


def test_a_stray_pipe_is_ignored_but_a_positional_value_is_unknown(schema):
    record = run(schema, FULL.replace("| status = active", "| status = active\n|\n| Some stray text"))
    unknown = [p for p in record.problems if p.code == "unknown-parameter"]
    # MediaWiki numbers positional parameters counting blank ones: the stray "|" is 1.
    assert [(p.field, p.value) for p in unknown] == [("2", "Some stray text")]


def test_blank_comment_only_and_placeholder_values_count_as_missing(schema):
    for value in ("", "   ", "<!-- active, ended -->", "?", "n/a", "N/A", "TBD", "unknown", "—", "none"):
        record = run(schema, FULL.replace("| status = active", f"| status = {value}"))
        assert record.get("status") is None, value
        assert codes(record, "status") == [("status", "missing-required", "error")], value


def test_none_is_a_value_in_the_funding_field(schema):
    assert run(schema, FULL + "").get("funding") is None
    assert run(schema, FULL.replace("}}", "| funding = none\n}}")).get("funding") == "none"


def test_missing_suggested_fields_are_info_and_required_ones_errors(schema):
    record = run(schema, "{{Partnership|name=X|partner=Y|type=alliance|level=global|status=active}}")
    assert {(f, s) for f, c, s in codes(record) if c == "missing-required"} == {
        ("wikimedia", "info"),
        ("regions", "info"),
        ("areas", "info"),
        ("start", "info"),
        ("contact", "info"),
    }


def test_a_missing_name_falls_back_to_the_title_and_is_still_reported(schema):
    record = run(schema, FULL.replace("| name = Wikimedia and OpenStreetMap\n", ""), title="Partnerships/OSM alliance")
    assert record.get("name") == "OSM alliance"
    assert ("name", "missing-required", "error") in codes(record)


def test_measures_of_success_are_required_only_for_partnerships(schema):
    partnership = run(schema, FULL.replace("type = alliance", "type = partnership"))
    assert ("measures_of_success", "missing-required", "error") in codes(partnership)
    assert not codes(run(schema, FULL), "measures_of_success")


def test_an_unusable_value_is_reported_once_not_also_as_missing(schema):
    record = run(schema, FULL.replace("status = active", "status = strategic"))
    assert codes(record, "status") == [("status", "unknown-value", "warning")]
    assert record.get("status") is None


def test_unrecognised_list_items_are_left_out_and_the_rest_kept(schema):
    record = run(schema, FULL.replace("areas = technology, content", "areas = technology, synergy, GLAM"))
    assert record.get("areas") == ("technology", "glam")
    problem = next(p for p in record.problems if p.code == "unknown-value")
    assert problem.field == "areas" and problem.value == "synergy"


def test_duplicate_list_items_are_dropped_keeping_the_first(schema):
    record = run(schema, FULL.replace("areas = technology, content", "areas = tech, content, Technology"))
    assert record.get("areas") == ("technology", "content")


def test_regions_include_the_regions_of_the_countries(schema):
    record = run(schema, FULL.replace("regions = global", "regions = LatAm\n| countries = Kenya, DE"))
    assert record.get("countries") == ("KE", "DE")
    assert record.get("regions") == ("lac", "ssa", "nwe")


def test_a_region_with_a_comma_in_its_name_is_one_item(schema):
    record = run(schema, FULL.replace("regions = global", "regions = East, Southeast Asia and the Pacific; SSA"))
    assert record.get("regions") == ("eseap", "ssa")
    assert codes(record, "regions") == []


def test_an_end_before_the_start_is_reported(schema):
    record = run(schema, FULL.replace("start = 2010", "start = 2015\n| end = 2012"))
    assert ("end", "end-before-start", "warning") in codes(record)


def test_translate_markup_is_invisible(schema):
    record = run(
        schema,
        FULL.replace(
            "name = Wikimedia and OpenStreetMap", "name = <translate><!--T:1--> Wikimedia and OpenStreetMap</translate>"
        ),
    )
    assert record.get("name") == "Wikimedia and OpenStreetMap"
    wrapped = run(schema, "<languages/>\n<translate>\n<!--T:1-->\n" + FULL + "\n</translate>")
    assert wrapped.get("status") == "active"


def test_language_subpages_are_translations_not_records(schema):
    pages = [
        Snapshot("Partnerships/OSM", FULL),
        Snapshot("Partnerships/OSM/de", FULL),
        Snapshot("Partnerships/OSM/pt-br", FULL),
    ]
    assert [r.page for r in extract_many(pages, schema, support.countries())] == ["Partnerships/OSM"]


def test_every_problem_names_page_field_code_and_a_message(schema):
    record = run(schema, "{{Partnership|status=strategic|start=31 February 2020|strat=1|website=not a url}}")
    assert record.problems
    for problem in record.problems:
        assert problem.page == "Partnerships/Test"
        assert problem.code and problem.severity in ("error", "warning", "info") and len(problem.message) > 20
        if problem.code != "missing-required":
            assert problem.value


def test_unbalanced_bold_and_italic_marks_do_not_hide_the_template(schema):
    # With style tags parsed, mwparserfromhell returns this whole page as text.
    bold, italic = "'" * 3, "'" * 2
    body = FULL.replace("| name = Wikimedia and OpenStreetMap", f"| name = {bold}Wikimedia{italic} and OSM")
    body = body.replace("partner = OpenStreetMap Foundation", f"partner = {bold}unbalanced {italic}")
    record = run(schema, body + f"\nText about it {bold}unbalanced {italic}.\n")
    assert record.get("status") == "active"
    assert record.get("name") == "Wikimedia and OSM" and record.get("partner") == ("unbalanced",)
