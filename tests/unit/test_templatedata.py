"""The TemplateData that deploy writes agrees with config/schema.toml, field by field.

The expectations below are written from the schema independently of the
generator (its own table of types), so a schema change that the generated
TemplateData does not reflect fails here, and the second half shows that
the comparison notices each kind of change.
"""

from __future__ import annotations

import copy
import json
import tomllib

import pytest

from bot.config import Settings
from bot.core.onwiki import build_pages, load_sources
from bot.core.onwiki.templatedata import read_templatedata, templatedata, to_json
from bot.core.schema import DEFAULT_SCHEMA_PATH, Schema, parse_schema
from tests import support

# What VisualEditor should offer for each schema type (TemplateData's type names).
EXPECTED_TYPE = {
    "text": "line",
    "enum": "line",
    "date": "date",
    "country": "line",
    "region": "line",
    "user": "wiki-user-name",
    "url": "url",
    "wikidata": "line",
}
EXPECTED_LIST_TYPE = {"text": "content"}


def deployed_templatedata(schema: Schema) -> dict:
    """The TemplateData exactly as deploy would save it: read back from the template page's text."""
    template = next(
        p
        for p in build_pages(schema, Settings(), load_sources(), countries=support.countries())
        if p.kind == "template"
    )
    assert template.title == f"Template:{schema.template}"
    data = read_templatedata(template.text)
    assert data is not None, "the template page has no readable <templatedata>"
    return data


def english(label):
    """A label as TemplateData gives it: a string, or an InterfaceText object by language."""
    return label.get("en") if isinstance(label, dict) else label


def mismatches(data: dict, schema: Schema) -> list[str]:
    """Every way ``data`` disagrees with ``schema`` (empty when they agree)."""
    found = []
    params = data.get("params", {})
    names = [spec.name for spec in schema.fields]
    if list(params) != names:
        found.append(f"parameters {list(params)} != schema fields {names}")
    if data.get("paramOrder") != names:
        found.append(f"paramOrder {data.get('paramOrder')} != {names}")
    if data.get("format") != "block":
        found.append(f"format {data.get('format')!r} != 'block'")
    for spec in schema.fields:
        param = params.get(spec.name)
        if param is None:
            continue
        expected_type = (EXPECTED_LIST_TYPE.get(spec.type) if spec.list else None) or EXPECTED_TYPE[spec.type]
        enum = schema.enums.get(spec.enum) if spec.enum else None
        expected = {
            "aliases": list(spec.aliases),
            "type": expected_type,
            "required": spec.requirement == "required",
            "suggested": spec.requirement == "suggested" or spec.required_when is not None,
            "suggestedvalues": [v.label for v in enum.values] if enum else [],
            "label": spec.label,
            "description": spec.description or spec.label,
            "example": spec.example or None,
        }
        actual = {
            "aliases": param.get("aliases", []),
            "type": param.get("type"),
            "required": bool(param.get("required")),
            "suggested": bool(param.get("suggested")),
            "suggestedvalues": param.get("suggestedvalues", []),
            "label": english(param.get("label")),
            "description": param.get("description"),
            "example": param.get("example"),
        }
        for key in expected:
            if expected[key] != actual[key]:
                found.append(f"{spec.name}.{key}: TemplateData has {actual[key]!r}, the schema says {expected[key]!r}")
    return found


def test_the_templatedata_deploy_writes_agrees_with_the_schema_field_by_field(schema):
    assert mismatches(deployed_templatedata(schema), schema) == []


def test_param_order_lists_every_parameter_exactly_once(schema):
    data = deployed_templatedata(schema)
    assert sorted(data["paramOrder"]) == sorted(data["params"]) and len(set(data["paramOrder"])) == len(
        data["paramOrder"]
    )


def test_no_name_or_alias_is_used_twice(schema):
    data = deployed_templatedata(schema)
    names = [n for name, p in data["params"].items() for n in (name, *p.get("aliases", []))]
    assert len(names) == len(set(names))


def test_the_conditionally_required_field_is_suggested_not_required(schema):
    param = deployed_templatedata(schema)["params"]["measures_of_success"]
    assert param.get("suggested") is True and "required" not in param


def test_the_name_says_it_defaults_to_the_page_title(schema):
    assert "page title" in deployed_templatedata(schema)["params"]["name"]["default"]


def test_the_json_can_never_close_the_tag_early():
    text = to_json({"description": "ends </templatedata> here", "params": {}})
    assert "</templatedata>" not in text and json.loads(text)["description"] == "ends </templatedata> here"


@pytest.mark.parametrize(
    "text", ["no tag here", "<templatedata>{not json</templatedata>", "<templatedata>[1]</templatedata>"]
)
def test_a_page_without_readable_templatedata_reads_as_none(text):
    assert read_templatedata(text) is None


# --- The comparison has teeth: each kind of schema change is noticed --------------


def raw_schema() -> dict:
    with open(DEFAULT_SCHEMA_PATH, "rb") as handle:
        return tomllib.load(handle)


def field(data: dict, name: str) -> dict:
    return next(f for f in data["fields"] if f["name"] == name)


def add_alias(data):
    field(data, "status")["aliases"].append("phase")


def add_field(data):
    data["fields"].append({"name": "budget", "type": "text", "label": "Budget", "description": "Money."})


def add_enum_value(data):
    data["enums"]["status"].append({"id": "renewed", "label": "Renewed", "spellings": []})


def make_required(data):
    field(data, "website")["requirement"] = "required"


def change_type(data):
    field(data, "website")["type"] = "text"
    field(data, "website").pop("role")  # the website role needs a URL field


def relabel(data):
    field(data, "start")["label"] = "Began"


def reorder(data):
    data["fields"].insert(0, data["fields"].pop())


@pytest.mark.parametrize("change", [add_alias, add_field, add_enum_value, make_required, change_type, relabel, reorder])
def test_templatedata_from_before_a_schema_change_fails_the_comparison(schema, change):
    before = deployed_templatedata(schema)
    data = copy.deepcopy(raw_schema())
    change(data)
    changed = parse_schema(data)
    assert mismatches(before, changed) != []
    assert mismatches(templatedata(changed), changed) == []


def test_labels_come_in_every_translated_language_for_visualeditors_dialog(schema):
    label = deployed_templatedata(schema)["params"]["start"]["label"]
    assert label["en"] == schema.by_name["start"].label and label["de"] == "Beginn" and label["ar"] == "تاريخ البدء"
    assert set(label) == {"en", "de", "fr", "es", "ar"}
