"""The example pages (examples/), extracted and rendered: every page is inert,
complete and independent of the order the pages were read in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_render_support import assert_inert, data_rows, with_settings

from bot.config import load_settings
from bot.core.extract import extract_many
from bot.core.render.common import is_partnership
from bot.core.render.data import render_data
from bot.core.render.index import render_index
from bot.core.render.overview import render_overview
from bot.core.render.problems import render_problems
from bot.sources.offline import DirSource
from tests import support

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def records(schema):
    return list(extract_many(DirSource(EXAMPLES), schema, support.countries()))


@pytest.fixture(scope="module")
def shipped(schema):
    return load_settings(schema=schema)


def test_the_example_index_lists_every_partnership_once(schema, records, shipped):
    partnerships = [r for r in records if is_partnership(r)]
    [table] = assert_inert(render_index(records, schema, shipped)).tables()
    assert len(data_rows(table)) == len(partnerships) == len(records) - 1  # Kiwix has no template


@pytest.mark.parametrize("group_by", ["none", "regions", "status"])
def test_every_example_page_renders_the_same_for_reversed_input(schema, records, shipped, group_by):
    chosen = with_settings(shipped, group_by=group_by)
    backwards = list(reversed(records))
    for render in (render_index, render_overview, render_problems):
        text = render(records, schema, chosen)
        assert_inert(text)
        assert render(backwards, schema, chosen) == text
    assert render_data(backwards, schema) == render_data(records, schema)


def test_every_example_problem_is_on_the_problems_page(schema, records, shipped):
    found = assert_inert(render_problems(records, schema, shipped))
    assert sum(len(data_rows(t)) for t in found.tables()) == sum(len(r.problems) for r in records)
    assert "Partnerships/Kiwix" in render_problems(records, schema, shipped)


def test_the_example_data_page_holds_every_partnership(schema, records):
    data = json.loads(render_data(records, schema))
    assert data["generated_from"] == len(records)
    assert [r["page"] for r in data["records"]] == sorted(r.page for r in records if is_partnership(r))
