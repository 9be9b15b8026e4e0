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
    assert list(data) == ["version", "schema_version", "generated_from", "count", "records"]
    assert data["version"] == 2 and data["schema_version"] == schema.version
    assert data["generated_from"] == 3 and data["count"] == 2
    assert [r["page"] for r in data["records"]] == ["Partnerships/Europeana", "Partnerships/UNESCO"]


def test_each_record_has_page_revision_every_field_and_problem_counts(schema, registry):
    record = json.loads(render_data(registry, schema))["records"][1]
    filled = [f.name for f in schema.fields if f.name in record]
    assert list(record) == ["page", "revision", *filled, "problems", "codes"]  # in schema order
    assert "name" in filled and "regions" in filled
    assert record["revision"] == 42
    assert record["regions"] == "global" and "partner" not in record and "end" not in record  # one value: a string
    assert record["problems"] == {"error": 0, "warning": 0, "info": 1}


def test_a_page_without_the_template_is_not_a_record(schema, registry):
    assert "Kiwix" not in render_data(registry, schema)


def test_the_text_is_formatted_the_way_mediawiki_stores_json(schema, registry):
    text = render_data(registry, schema)
    assert text.startswith('{\n\t"version": 2,\n\t"schema_version": 1,')
    assert not text.endswith("\n")
    assert '"name": "Europeana \\u003C280\\u003E \\u0026 friends"' in text
    assert '"wikidata"' not in text  # empty: left out
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


def test_one_shard_is_the_data_page_itself(schema, registry):
    from bot.config.settings import Pages
    from bot.core.render.data import data_pages

    assert data_pages(registry, schema, Pages()) == [("Partnerships/Registry.json", render_data(registry, schema))]


def test_shards_spread_the_records_and_the_data_page_lists_them(schema, registry):
    from bot.config.settings import Pages
    from bot.core.render.data import data_pages, shard_of

    pages = data_pages(registry, schema, Pages(data_shards=3))
    titles = [title for title, _ in pages]
    assert titles == [
        "Partnerships/Registry.json",
        "Partnerships/Registry/1.json",
        "Partnerships/Registry/2.json",
        "Partnerships/Registry/3.json",
    ]
    manifest = json.loads(pages[0][1])
    assert "records" not in manifest and manifest["count"] == 2 and manifest["shards"] == titles[1:]
    placed = {}
    for _title, text in pages[1:]:
        shard = json.loads(text)
        assert shard["of"] == 3 and shard["version"] == 2
        for row in shard["records"]:
            placed[row["page"]] = shard["shard"]
    assert placed == {page: shard_of(page, 3) for page in ("Partnerships/Europeana", "Partnerships/UNESCO")}


def test_the_shard_hash_is_fixed_so_the_lua_module_can_compute_it():
    from bot.core.render.data import shard_of

    # The same values are asserted for Module:Partnerships in the integration tests.
    assert [shard_of(t, 7) for t in ("", "a", "Partnerships/Europeana", "Partnerships/Ünïcode")] == [
        shard_of("", 7),
        (97 % 7) + 1,
        shard_of("Partnerships/Europeana", 7),
        shard_of("Partnerships/Ünïcode", 7),
    ]
    assert shard_of("", 7) == 1 and shard_of("ab", 1000) == (97 * 31 + 98) % 1000 + 1


def test_readers_gather_the_records_of_every_shard(schema, registry):
    from bot.config.settings import Pages
    from bot.core.render.data import data_pages, with_shards

    pages = dict(data_pages(registry, schema, Pages(data_shards=3)))
    gathered = json.loads(with_shards(pages["Partnerships/Registry.json"], pages.get))
    assert sorted(r["page"] for r in gathered["records"]) == ["Partnerships/Europeana", "Partnerships/UNESCO"]
    single = render_data(registry, schema)
    assert with_shards(single, pages.get) == single and with_shards(None, pages.get) is None
    assert with_shards(pages["Partnerships/Registry.json"], lambda title: "not json") is None
