"""The JSON data page: stable, parseable, and exactly what MediaWiki would store."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_index import registries
from test_render_support import make_record, no_template, problem

from bot.core.render.data import render_data


@pytest.fixture
def registry(schema):
    return [
        make_record(
            schema,
            "Partnerships/UNESCO",
            revision=42,
            status="active",
            regions=["global"],
            problems=[problem("contact", "missing-required", "info")],
        ),
        make_record(
            schema,
            "Partnerships/Europeana",
            revision=7,
            name="Europeana <280> & friends",
            partner=["Europeana Foundation"],
            start="2011",
        ),
        no_template(schema, "Partnerships/Kiwix"),
    ]


def test_the_data_page_is_a_versioned_object_with_records_sorted_by_title(schema, registry):
    data = json.loads(render_data(registry, schema))
    assert list(data) == ["version", "schema_version", "generated_from", "records"]
    assert data["version"] == 1 and data["schema_version"] == schema.version
    assert data["generated_from"] == 3
    assert [r["page"] for r in data["records"]] == ["Partnerships/Europeana", "Partnerships/UNESCO"]


def test_each_record_has_page_revision_every_field_and_problem_counts(schema, registry):
    record = json.loads(render_data(registry, schema))["records"][1]
    assert list(record) == ["page", "revision", *(f.name for f in schema.fields), "problems"]
    assert record["revision"] == 42
    assert record["regions"] == ["global"] and record["partner"] == [] and record["end"] is None
    assert record["problems"] == {"error": 0, "warning": 0, "info": 1}


def test_a_page_without_the_template_is_not_a_record(schema, registry):
    assert "Kiwix" not in render_data(registry, schema)


def test_the_text_is_formatted_the_way_mediawiki_stores_json(schema, registry):
    text = render_data(registry, schema)
    assert text.startswith('{\n\t"version": 1,\n\t"schema_version": 1,')
    assert not text.endswith("\n")
    assert '"name": "Europeana \\u003C280\\u003E \\u0026 friends"' in text
    assert '"wikidata": [],' in text
    assert "Partnerships/Europeana" in text  # slashes are not escaped


def test_non_ascii_stays_readable_and_line_separators_are_escaped(schema):
    record = make_record(schema, "Partnerships/Ü", name="Café\u2028x")
    text = render_data([record], schema)
    assert "Partnerships/Ü" in text and "Café\\u2028x" in text
    assert json.loads(text)["records"][0]["name"] == "Café\u2028x"


def test_there_is_no_timestamp_so_an_unchanged_registry_gives_the_same_text(schema, registry):
    assert render_data(registry, schema) == render_data(list(registry), schema)


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_input_gives_byte_identical_json(schema, data):
    records = data.draw(registries(schema))
    text = render_data(records, schema)
    assert render_data(data.draw(st.permutations(records)), schema) == text
    assert len(json.loads(text)["records"]) == len(records)


def test_a_schema_field_named_like_a_data_page_key_is_refused(schema):
    import dataclasses

    from bot.core.schema import FieldSpec

    clashing = dataclasses.replace(schema, fields=(*schema.fields, FieldSpec("page", "text")))
    with pytest.raises(ValueError, match="page"):
        render_data([make_record(schema, "Partnerships/X")], clashing)
