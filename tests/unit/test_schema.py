"""The schema file: complete, consistent, and the single source of field facts."""

from __future__ import annotations

import tomllib

import pytest

from bot.core.schema import DEFAULT_SCHEMA_PATH, load_schema, parse_schema
from bot.errors import SchemaError
from tests import support

SPEC_FIELDS = {
    "name": ("text", "required", ["title", "partnership_name"]),
    "partner": (
        "text",
        "required",
        ["partners", "organization", "organisation", "partner_organization", "partner_organisation"],
    ),
    "wikidata": ("wikidata", "optional", ["qid", "item"]),
    "wikimedia": ("text", "suggested", ["movement_entity", "entity", "affiliate", "led_by"]),
    "type": ("enum", "required", ["kind"]),
    "level": ("enum", "required", ["scope"]),
    "relation": ("enum", "optional", []),
    "regions": ("region", "suggested", ["region", "geography"]),
    "countries": ("country", "optional", ["country"]),
    "areas": ("enum", "suggested", ["area", "focus", "topics", "themes"]),
    "status": ("enum", "required", ["state"]),
    "start": ("date", "suggested", ["start_date", "since", "started"]),
    "end": ("date", "optional", ["end_date", "until", "ended"]),
    "funding": ("enum", "optional", []),
    "measures_of_success": ("text", "optional", ["success", "goals", "success_measures"]),
    "contact": ("user", "suggested", ["contacts", "coordinator", "coordinators"]),
    "website": ("url", "optional", ["url", "homepage"]),
    "last_reviewed": ("date", "optional", ["reviewed", "review_date"]),
    "description": ("text", "optional", ["summary"]),
}


def raw_schema() -> dict:
    with open(DEFAULT_SCHEMA_PATH, "rb") as handle:
        return tomllib.load(handle)


def test_every_field_of_the_spec_is_in_the_schema_in_order(schema):
    assert [f.name for f in schema.fields] == list(SPEC_FIELDS)
    for spec in schema.fields:
        type_, requirement, aliases = SPEC_FIELDS[spec.name]
        assert (spec.type, spec.requirement, list(spec.aliases)) == (type_, requirement, aliases)


def test_measures_of_success_is_required_for_partnerships(schema):
    when = schema.by_name["measures_of_success"].required_when
    assert (when.field, when.equals) == ("type", "partnership")


def test_parameter_names_are_matched_forgivingly(schema):
    for raw in ("Start_Date", "start date", "start_date", " START-DATE "):
        from bot.core.textkeys import param_key

        assert schema.param_index[param_key(raw)][0].name == "start"


@pytest.mark.parametrize(
    "enum, spelling, expected",
    [
        ("status", "Ongoing", "active"),
        ("status", "on hold", "on-hold"),
        ("status", "On_Hold", "on-hold"),
        ("status", "Cancelled", "ended"),
        ("type", "Co-operation", "collaboration"),
        ("type", "Partnerships", "partnership"),
        ("area", "GLAM-Wiki", "glam"),
        ("area", "Museums", "glam"),
        ("area", "Open Access", "open-science"),
        ("area", "Big Open", "open-knowledge"),
        ("level", "movement-wide", "global"),
        ("funding", "in kind", "in-kind"),
        ("region", "Central & Eastern Europe and Central Asia", "cee"),
        ("region", "Sub-Saharan Africa", "ssa"),
        ("region", "LatAm", "lac"),
        ("relation", "Within the movement", "internal"),
        ("area", "Éducation", "education"),
    ],
)
def test_enumeration_spellings_reach_their_canonical_id(schema, enum, spelling, expected):
    assert schema.enums[enum].lookup(spelling) == expected


def test_an_alias_used_twice_is_refused_with_one_clear_line():
    data = raw_schema()
    data["fields"][1]["aliases"].append("title")
    with pytest.raises(SchemaError, match=r"'title'.*already used by field 'name'"):
        parse_schema(data)


def test_an_unknown_type_is_refused():
    data = raw_schema()
    data["fields"][0]["type"] = "textual"
    with pytest.raises(SchemaError, match="type 'textual'"):
        parse_schema(data)


def test_adding_a_field_is_a_change_in_the_toml_only(tmp_path):
    text = DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8")
    text += '\n[[fields]]\nname = "budget"\naliases = ["cost"]\ntype = "text"\nrequirement = "optional"\n'
    path = tmp_path / "schema.toml"
    path.write_text(text, encoding="utf-8")
    extended = load_schema(path)
    assert extended.fields[-1].name == "budget"
    from bot.core.extract import extract
    from bot.core.records import Snapshot

    record = extract(Snapshot("P/X", "{{Partnership|name=X|cost=5,000 EUR}}"), extended, support.countries())
    assert record.get("budget") == "5,000 EUR"


def test_a_missing_schema_file_is_one_line(tmp_path):
    with pytest.raises(SchemaError, match="not found"):
        load_schema(tmp_path / "nope.toml")
