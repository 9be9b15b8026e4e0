"""The lists pages: one per overview table, a section per value, each a {{Partnerships list}} call."""

from __future__ import annotations

import re

from test_render_support import assert_inert, make_record, with_settings

from bot.config import Settings, checked
from bot.core.render.lists import count_target, lists_pages
from bot.core.render.problems import render_problems

SETTINGS = Settings()
LISTS = "Partnerships/Registry/Lists"


def registry(schema):
    return [
        make_record(schema, "Partnerships/A", type="alliance", regions=["lac"], status="active", start="2010"),
        make_record(schema, "Partnerships/B", type="partnership", regions=["ssa"], status="ended", start="2012-05"),
        make_record(schema, "Partnerships/C", type=None, status=None),
    ]


def sections(body: str) -> dict[str, str]:
    """anchor -> the text of its section (up to the next heading)."""
    return dict(re.findall(r'^=+ <span id="([^"]+)"></span>.*? =+\n\n(.*?)(?=\n\n=|\n\Z)', body, flags=re.M | re.S))


def test_one_page_per_overview_table(schema):
    titles = [p.title for p in lists_pages(registry(schema), schema, SETTINGS)]
    breakdowns = checked(SETTINGS, schema).overview.breakdowns
    assert titles == [f"{LISTS}/regions-type", *(f"{LISTS}/{n}" for n in breakdowns), f"{LISTS}/start"]


def test_every_value_has_its_section_calling_the_list_template(schema):
    pages = {p.title: p.body for p in lists_pages(registry(schema), schema, SETTINGS)}
    status = sections(pages[f"{LISTS}/status"])
    enum = schema.enumeration(schema.by_name["status"])
    assert list(status) == [*(f"status-{v.id}" for v in enum.values), "status-unspecified"]
    assert status["status-active"] == "{{Partnerships list|status=active}}"
    assert status["status-unspecified"] == "{{Partnerships list|status=-}}"


def test_the_cross_page_has_rows_cells_and_columns(schema):
    body = next(p.body for p in lists_pages(registry(schema), schema, SETTINGS) if p.title.endswith("regions-type"))
    found = sections(body)
    assert found["regions-lac"] == "{{Partnerships list|regions=lac}}"
    assert found["regions-lac-type-alliance"] == "{{Partnerships list|regions=lac|type=alliance}}"
    assert found["regions-unspecified-type-unspecified"] == "{{Partnerships list|regions=-|type=-}}"
    assert found["type-alliance"] == "{{Partnerships list|type=alliance}}"


def test_years_are_those_that_occur_and_unknown(schema):
    body = next(p.body for p in lists_pages(registry(schema), schema, SETTINGS) if p.title.endswith("/start"))
    assert list(sections(body)) == ["start-2010", "start-2012", "start-unspecified"]
    assert sections(body)["start-2012"] == "{{Partnerships list|start=2012}}"


def test_the_pages_are_inert_but_for_the_list_calls(schema):
    for page in lists_pages(registry(schema), schema, SETTINGS):
        without_calls = re.sub(r"\{\{Partnerships list(\|[a-z_]+=[a-z0-9-]+)*\}\}", "", page.body)
        assert_inert(without_calls)


def test_no_lists_pages_when_the_setting_is_empty(schema):
    assert lists_pages(registry(schema), schema, with_settings(lists="")) == []


def test_where_counts_lead(schema):
    settings = checked(SETTINGS, schema)
    assert count_target({}, settings) == ("Partnerships/Registry", None)
    assert count_target({"status": "active"}, settings) == (f"{LISTS}/status", "status-active")
    assert count_target({"type": "alliance", "regions": "lac"}, settings) == (
        f"{LISTS}/regions-type",
        "regions-lac-type-alliance",
    )
    assert count_target({"type": "alliance"}, settings) == (f"{LISTS}/regions-type", "type-alliance")
    assert count_target({"partner": "x"}, settings) == ("Partnerships/Registry", None)
    legacy = checked(with_settings(lists="", group_by="status"), schema)
    assert count_target({"status": "active"}, legacy) == ("Partnerships/Registry", "active")


def test_pages_outside_the_registry_are_listed_on_the_problems_page(schema):
    text = render_problems(registry(schema), schema, SETTINGS, outside=["User:Ann/Draft partnership"])
    assert '<span id="outside"></span>Pages outside the registry' in text
    assert "[[:User:Ann/Draft partnership|User&#58;Ann/Draft partnership]]" in text
    assert "outside" not in render_problems(registry(schema), schema, SETTINGS).lower().replace("without", "")


def test_a_large_registry_gets_a_page_per_value_and_every_count_still_finds_its_section(schema):
    from bot.core.render.lists import SPLIT_ABOVE
    from bot.core.render.overview import render_overview

    statuses = ["active", "ended", "proposed"]
    records = [
        make_record(
            schema, f"Partnerships/P{n}", type="alliance", regions=["ssa"], status=statuses[n % 3], start="2019"
        )
        for n in range(SPLIT_ABOVE + 1)
    ]
    pages = {p.title: p.body for p in lists_pages(records, schema, SETTINGS)}
    assert f"{LISTS}/status/status-active" in pages and f"{LISTS}/regions-type/regions-ssa" in pages
    assert all(body.count("{{Partnerships list") == 1 for body in pages.values())
    assert f"{LISTS}/regions-type/regions-ssa-type-alliance" in pages
    text = render_overview(records, schema, SETTINGS)
    links = re.findall(r"\[\[:(Partnerships/Registry/Lists/[^#|]+)#([^|]+)\|", text)
    assert links
    for title, fragment in links:
        assert f'<span id="{fragment}"></span>' in pages[title], (title, fragment)
