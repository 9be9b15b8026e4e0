"""Rename every field of the schema: every output keeps all its sections, tables and findings.

The code finds fields by role (``role =`` in ``config/schema.toml``), never
by name, so a schema whose fields are all renamed (the old names kept as
aliases, so the example pages still read the same) must give the same
registry: the same index and overview, the same problems, the same audits.
The settings are tried both as shipped (with the field names they mention
renamed too) and with nothing set, so that every default comes from roles.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.config import load_settings, parse_settings
from bot.config.settings import AuditSettings
from bot.core.audits.duplicates import find_duplicates
from bot.core.audits.fields import fields_report
from bot.core.audits.stale import find_stale, stale_report
from bot.core.extract import extract_many
from bot.core.normalise.country_table import load_country_table
from bot.core.onwiki import build_pages, load_sources
from bot.core.render.data import render_data
from bot.core.render.index import render_index
from bot.core.render.overview import render_overview
from bot.core.render.problems import render_problems
from bot.core.render.records_output import to_csv, to_table
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.paths import SETTINGS_PATH
from bot.sources.offline import DirSource
from tests import support

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 12, 1)


def renamed(name: str) -> str:
    return f"f_{name}"


def renamed_schema():
    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    for entry in data["fields"]:
        old = entry["name"]
        entry["name"] = renamed(old)
        entry["aliases"] = [old, *entry.get("aliases", [])]
        if "not_before" in entry:
            entry["not_before"] = renamed(entry["not_before"])
        if "required_when" in entry:
            entry["required_when"]["field"] = renamed(entry["required_when"]["field"])
    return parse_schema(data)


def renamed_settings(schema):
    data = tomllib.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    data["index"]["columns"] = [c if c == "problems" else renamed(c) for c in data["index"]["columns"]]
    data["deploy"]["category_fields"] = [renamed(c) for c in data["deploy"]["category_fields"]]
    return parse_settings(data, schema=schema)


def records_for(schema, countries):
    return list(extract_many(DirSource(ROOT / "examples"), schema, countries))


@pytest.fixture(scope="module")
def original():
    schema = support.schema()
    return schema, support.countries(), load_settings(schema=schema)


@pytest.fixture(scope="module", params=["shipped settings", "default settings"])
def other(request):
    schema = renamed_schema()
    countries = load_country_table(schema=schema)
    settings = renamed_settings(schema) if request.param == "shipped settings" else parse_settings({}, schema=schema)
    settings = replace(settings, consultations=())
    return schema, countries, settings


def headings(text: str) -> list[str]:
    return re.findall(r"^=+ (.*?) =+$", text, flags=re.M)


def test_every_field_is_renamed_and_every_role_is_kept(original, other):
    assert {f.name for f in other[0].fields}.isdisjoint({f.name for f in original[0].fields})
    assert [f.role for f in other[0].fields] == [f.role for f in original[0].fields]


def test_the_records_are_the_same_under_the_new_names(original, other):
    before, after = records_for(*original[:2]), records_for(*other[:2])
    assert [r.page for r in before] == [r.page for r in after]
    for a, b in zip(before, after):
        assert {renamed(k): v for k, v in a.values.items()} == dict(b.values) and a.title == b.title
        assert [(p.code, p.severity) for p in a.problems] == [(p.code, p.severity) for p in b.problems]


def test_the_index_and_the_overview_are_the_same_page(original, other):
    before, after = records_for(*original[:2]), records_for(*other[:2])
    assert render_index(after, other[0], other[2]) == render_index(before, original[0], original[2])
    old, new = render_overview(before, original[0], original[2]), render_overview(after, other[0], other[2])
    for spec in original[0].fields:  # the lists pages and their anchors are named after the fields
        for a, b in (
            (renamed(spec.name), spec.name),
            (renamed(spec.name).replace("_", " "), spec.name.replace("_", " ")),
        ):
            new = re.sub(rf"(?<![\w]){re.escape(a)}(?![\w])", b, new)
    assert (
        headings(new)
        == headings(old)
        == [
            "By regions and type of relationship",
            "By status",
            "By areas",
            "By level",
            "By internal or external",
            "By year (start date)",
            "Trends",
            "Active at the end of each year, by region",
            "Gaps",
        ]
    )
    assert new == old


def test_the_problems_and_data_pages_keep_every_entry(original, other):
    before, after = records_for(*original[:2]), records_for(*other[:2])
    old, new = render_problems(before, original[0], original[2]), render_problems(after, other[0], other[2])
    assert headings(new) == headings(old) and new.count("\n|-") == old.count("\n|-")
    assert render_data(after, other[0]).count('"page"') == render_data(before, original[0]).count('"page"')


def test_csv_and_the_terminal_table_have_every_column(original, other):
    before, after = records_for(*original[:2]), records_for(*other[:2])
    old_rows = list(csv.reader(io.StringIO(to_csv(before, original[0]))))
    new_rows = list(csv.reader(io.StringIO(to_csv(after, other[0]))))
    assert new_rows[0][2:-3] == [renamed(n) for n in old_rows[0][2:-3]] and new_rows[1:] == old_rows[1:]
    assert to_table(after, other[0]).splitlines()[2:] == to_table(before, original[0]).splitlines()[2:]


def test_the_audits_find_the_same_things(original, other):
    before, after = records_for(*original[:2]), records_for(*other[:2])
    audit = AuditSettings()
    for schema, records, store in ((original[0], before, []), (other[0], after, [])):
        found, unjudged = find_stale(
            records, schema, edited={}, today=TODAY, settings=audit, active_statuses=("active",)
        )
        report = stale_report(
            found, schema, records=len(records), unjudged=unjudged, today=TODAY, settings=audit, with_contacts=True
        )
        pairs = find_duplicates(records, schema, suffixes=audit.legal_suffixes, threshold=audit.name_similarity)
        fields = fields_report(records, schema)
        store.append(
            (
                [(s.key, len(s.rows)) for s in report.sections],
                report.findings,
                len(pairs.pairs),
                [(s.key, len(s.rows)) for s in fields.sections],
                fields.findings,
            )
        )
        if schema is original[0]:
            old = store[0]
        else:
            assert store[0] == old


def test_the_template_and_its_documentation_keep_every_row_and_category(original, other):
    old = {p.kind: p.text for p in build_pages(original[0], original[2], load_sources(), countries=support.countries())}
    new = {p.kind: p.text for p in build_pages(other[0], other[2], load_sources(), countries=support.countries())}
    assert set(new) == set(old)
    assert new["template"].count("\n|-") == old["template"].count("\n|-")
    assert new["template"].count("[[Category:") == old["template"].count("[[Category:")
    assert len(headings(new["doc"])) == len(headings(old["doc"]))
