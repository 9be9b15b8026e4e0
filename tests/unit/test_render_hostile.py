"""Hostile values from editors cannot change any page's structure.

Every value an editor controls (names, partners, enumeration ids the
extractor would never make, dates, raw values and messages of problems,
page titles) is filled with markup. The rendered pages are parsed with
mwparserfromhell: no template, comment, external link, stray tag or link
may appear, and every table keeps exactly one row per record.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_escape import HOSTILE
from test_render_support import assert_inert, data_rows, make_record, problem, with_settings

from bot.config import Settings
from bot.core.render.data import render_data
from bot.core.render.escape import normalise_title
from bot.core.render.index import render_index
from bot.core.render.lists import lists_pages
from bot.core.render.overview import render_overview
from bot.core.render.problems import render_problems

SETTINGS = Settings()
BOT_PAGES = {SETTINGS.pages.index, SETTINGS.pages.problems}


def hostile_record(schema, n: int, value: str, *, page: str | None = None):
    """A record whose every editor-controlled value is ``value``."""
    values = {}
    for spec in schema.fields:
        values[spec.name] = (value, f"ok {n}") if spec.list else value
    page = page or f"Partnerships/Hostile {n}"
    return make_record(
        schema,
        page,
        revision=n,
        problems=[
            problem(spec.name, "invalid-value", "warning", f"Bad value {value}", value) for spec in schema.fields[:3]
        ]
        + [problem(value, "unknown-parameter", "warning", value, value)],
        **values,
    )


@pytest.fixture(scope="module")
def hostile_registry(schema):
    return [hostile_record(schema, n, value) for n, value in enumerate(HOSTILE.values())]


def pages_of(records):
    """The links the bot may build: its pages, the records' pages, contacts' user pages."""
    users = {normalise_title(f"User:{name}") for r in records for name in r.get("contact") or ()}
    return BOT_PAGES | {normalise_title(r.page) for r in records} | users


@pytest.mark.parametrize("group_by", ["none", "regions", "status"])
def test_hostile_values_leave_the_index_with_one_row_per_record(schema, hostile_registry, group_by):
    chosen = with_settings(group_by=group_by, columns=[f.name for f in schema.fields] + ["problems"])
    text = render_index(hostile_registry, schema, chosen)
    found = assert_inert(text, allowed_links=pages_of(hostile_registry))
    rows = sum(len(data_rows(t)) for t in found.tables())
    if group_by == "none":
        assert rows == len(hostile_registry)
    elif group_by == "status":
        assert rows == len(hostile_registry)  # one status each: one section each
    else:
        assert rows >= len(hostile_registry)
    for table in found.tables():
        for row in data_rows(table):
            assert len([c for c in row.contents.filter_tags(recursive=False) if str(c.tag) == "td"]) == len(
                chosen.index.columns
            )


def overview_targets(schema) -> set[str]:
    """Where the overview's counts may link: the index and the lists pages."""
    return {SETTINGS.pages.index, *(page.title for page in lists_pages([], schema, SETTINGS))}


def test_hostile_values_leave_the_overview_inert(schema, hostile_registry):
    for group_by in ("none", "regions"):
        text = render_overview(hostile_registry, schema, with_settings(group_by=group_by))
        assert_inert(text, allowed_links=overview_targets(schema))


def test_hostile_values_leave_the_problems_page_with_one_row_per_problem(schema, hostile_registry):
    text = render_problems(hostile_registry, schema, SETTINGS)
    found = assert_inert(text, allowed_links=pages_of(hostile_registry))
    assert len(found.tables()) == len(hostile_registry)
    assert sum(len(data_rows(t)) for t in found.tables()) == sum(len(r.problems) for r in hostile_registry)
    assert len(found.headings) == len(hostile_registry)


def test_hostile_values_survive_the_json_data_page_unchanged(schema, hostile_registry):
    data = json.loads(render_data(hostile_registry, schema))
    by_page = {r["page"]: r for r in data["records"]}
    for record in hostile_registry:
        assert by_page[record.page]["name"] == record.get("name")


HOSTILE_TITLES = [
    "Partnerships/A|B",
    "Partnerships/{{Template}}",
    "Partnerships/[[X]]",
    "Category:Partnerships",
    "File:Logo.svg",
    "Partnerships/~~~~",
    "Partnerships/__NOTOC__",
    "Partnerships/<div>",
    "Partnerships/A#B",
    "Partnerships/http://evil.example",
    "Partnerships/-{x}-",
    "Partnerships/&#124;",
    "Partnerships/a\nb",
    "Partnerships/''bold''",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_page_title_is_a_safe_link_or_plain_text(schema, title):
    record = make_record(schema, title, name=title, problems=[problem("start")])
    for text in (render_index([record], schema, SETTINGS), render_problems([record], schema, SETTINGS)):
        found = assert_inert(text)
        for link in found.links:
            assert link.startswith(":")
    [table] = assert_inert(render_index([record], schema, SETTINGS)).tables()
    assert len(data_rows(table)) == 1


def test_a_category_page_title_is_linked_not_categorised(schema):
    record = make_record(schema, "Category:Partnerships", name="Category:Partnerships")
    text = render_index([record], schema, SETTINGS)
    assert "[[:Category:Partnerships|Category&#58;Partnerships]]" in text


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=80) | st.lists(st.sampled_from(list(HOSTILE.values())[:-1]), max_size=4).map("".join))
def test_any_value_leaves_every_page_inert(schema, value):
    records = [hostile_record(schema, 1, value), make_record(schema, "Partnerships/Plain", status="active")]
    index = render_index(records, schema, with_settings(columns=[f.name for f in schema.fields] + ["problems"]))
    [table] = assert_inert(index, allowed_links=pages_of(records)).tables()
    assert len(data_rows(table)) == 2
    assert_inert(
        render_overview(records, schema, with_settings(group_by="regions")), allowed_links=overview_targets(schema)
    )
    problems = render_problems(records, schema, SETTINGS)
    found = assert_inert(problems, allowed_links=pages_of(records))
    assert sum(len(data_rows(t)) for t in found.tables()) == len(records[0].problems)
