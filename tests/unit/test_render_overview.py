"""The overview: counts that agree with the index, bars, links and gaps."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_index import registries
from test_render_support import assert_inert, cells, data_rows, make_record, no_template, with_settings

from bot.config import Settings
from bot.core.render.index import render_index
from bot.core.render.overview import render_overview

SETTINGS = Settings()


@pytest.fixture
def registry(schema):
    return [
        make_record(
            schema,
            "Partnerships/A",
            type="alliance",
            level="global",
            regions=["global"],
            areas=["technology", "content"],
            status="active",
            start="2010",
            relation="external",
        ),
        make_record(
            schema,
            "Partnerships/B",
            type="partnership",
            level="regional",
            regions=["lac", "nwe"],
            areas=["content"],
            status="active",
            start="2012-05",
            relation="internal",
        ),
        make_record(schema, "Partnerships/C", type="partnership", regions=["ssa"], status="ended", start="2012"),
        make_record(schema, "Partnerships/D", type=None, status=None),
        no_template(schema, "Partnerships/Kiwix"),
    ]


def section_tables(text: str) -> dict[str, object]:
    """Each ``== Title ==`` section's first table, parsed."""
    tables = {}
    for title, body in re.findall(r"^== (.+?) ==\n(.*?)(?=^== |\Z)", text, flags=re.M | re.S):
        found = assert_inert(body)
        if found.tables():
            tables[title] = found.tables()[0]
    return tables


def table_cells(table) -> list[list[str]]:
    return [cells(r) for r in data_rows(table)]


def footer(table) -> list[str]:
    return cells(data_rows(table)[-1])


def plain(cell: str) -> str:
    """A count cell's number (``[[:X#y|3]]`` -> ``3``)."""
    match = re.search(r"\|(\d+)\]\]$", cell)
    return match.group(1) if match else cell


def test_the_overview_is_inert_and_has_every_table(schema, registry):
    text = render_overview(registry, schema, SETTINGS)
    assert_inert(text)
    assert list(section_tables(text)) == [
        "By regions and type of relationship",
        "By status",
        "By areas",
        "By level",
        "By internal or external",
        "By year (start date)",
        "Trends",
        "Gaps",
    ]


def test_status_counts_add_up_to_the_total_of_partnerships(schema, registry):
    table = section_tables(render_overview(registry, schema, SETTINGS))["By status"]
    rows = {r[0]: plain(r[1]) for r in table_cells(table)}
    assert rows == {
        "Potential": "0",
        "Proposed": "0",
        "Active": "2",
        "Completed": "0",
        "Ended": "1",
        "On hold": "0",
        "Unspecified": "1",
        "Total": "4",
    }


def test_a_record_in_several_regions_counts_in_each_but_once_in_the_total(schema, registry):
    text = render_overview(registry, schema, SETTINGS)
    table = section_tables(text)["By regions and type of relationship"]
    rows = {r[0]: [plain(c) for c in r[1:-1]] for r in table_cells(table)}
    header = [str(c.contents).strip() for c in table.contents.filter_tags(recursive=True) if str(c.tag) == "th"]
    assert header == [
        "Regions",
        "Partnership",
        "Alliance",
        "Collaboration",
        "Coalition",
        "Unspecified",
        "Total",
        "Share",
    ]
    assert rows["Latin America and the Caribbean"] == ["1", "0", "0", "0", "0", "1"]
    assert rows["Northern and Western Europe"] == ["1", "0", "0", "0", "0", "1"]
    assert rows["Global"] == ["0", "1", "0", "0", "0", "1"]
    assert rows["Unspecified"] == ["0", "0", "0", "0", "1", "1"]
    assert rows["Total"] == ["2", "1", "0", "0", "1", "4"]
    region_sum = sum(int(v[-1]) for k, v in rows.items() if k != "Total")
    assert region_sum == 5 > 4
    assert "The Total row counts partnerships, each once." in text


def test_each_row_total_is_the_sum_of_its_type_cells(schema, registry):
    table = section_tables(render_overview(registry, schema, SETTINGS))["By regions and type of relationship"]
    for row in table_cells(table):
        numbers = [int(plain(c)) for c in row[1:-1]]
        assert sum(numbers[:-1]) == numbers[-1], row


def test_the_totals_agree_with_the_index(schema, registry):
    overview = render_overview(registry, schema, SETTINGS)
    index = render_index(registry, schema, SETTINGS)
    [index_table] = assert_inert(index).tables()
    partnerships = len(data_rows(index_table))
    for title, table in section_tables(overview).items():
        if title not in ("Gaps", "Trends"):  # the trend tables count per year, with no total row
            assert int(plain(footer(table)[-2])) == partnerships, title


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_for_any_registry_every_total_row_counts_the_index_rows(schema, data):
    records = data.draw(registries(schema))
    grouped = with_settings(group_by="regions", lists="")
    index = render_index(records, schema, grouped)
    region_rows = {}
    for anchor, body in re.findall(r'^== <span id="([^"]+)"></span>.*? ==\n(.*?)(?=^== |\Z)', index, flags=re.M | re.S):
        tables = assert_inert(body).tables()
        region_rows[anchor] = len(data_rows(tables[0])) if tables else 0
    overview = render_overview(records, schema, grouped)
    tables = section_tables(overview)
    for title, table in tables.items():
        if title not in ("Gaps", "Trends"):
            assert int(plain(footer(table)[-2])) == len(records), title
    for row in data_rows(tables["By regions and type of relationship"])[:-1]:
        total_cell = cells(row)[-2]
        anchor = re.search(r"#([^|]+)\|", total_cell)
        if anchor:
            assert region_rows[anchor.group(1)] == int(plain(total_cell))
    assert render_overview(data.draw(st.permutations(records)), schema, grouped) == overview


def test_a_multi_valued_field_gets_a_footnote_and_a_single_valued_one_does_not(schema, registry):
    text = render_overview(registry, schema, SETTINGS)
    assert "several areas counts once under each" in text
    assert "several regions counts once under each" in text
    assert "several status" not in text


def test_counts_link_to_the_index_page_when_it_is_not_grouped(schema, registry):
    text = render_overview(registry, schema, with_settings(lists=""))
    assert "[[:Partnerships/Registry|2]]" in text
    assert "#" not in "".join(re.findall(r"\[\[:Partnerships/Registry[^|]*\|", text))


def test_counts_link_to_the_region_sections_when_the_index_is_grouped_by_region(schema, registry):
    text = render_overview(registry, schema, with_settings(group_by="regions", lists=""))
    table = section_tables(text)["By regions and type of relationship"]
    rows = {r[0]: r for r in table_cells(table)}
    assert rows["Latin America and the Caribbean"][1] == "[[:Partnerships/Registry#lac|1]]"
    assert rows["Unspecified"][-2] == "[[:Partnerships/Registry#unspecified|1]]"
    assert rows["Total"][1] == "[[:Partnerships/Registry|2]]"


def test_counts_link_to_the_status_sections_when_the_index_is_grouped_by_status(schema, registry):
    text = render_overview(registry, schema, with_settings(group_by="status", lists=""))
    rows = {r[0]: r for r in table_cells(section_tables(text)["By status"])}
    assert rows["Active"][1] == "[[:Partnerships/Registry#active|2]]"
    assert rows["Proposed"][1] == "0"
    assert rows["Total"][1] == "[[:Partnerships/Registry|4]]"


def test_with_lists_pages_each_count_links_to_the_section_listing_exactly_those(schema, registry):
    text = render_overview(registry, schema, SETTINGS)
    cross = {r[0]: r for r in table_cells(section_tables(text)["By regions and type of relationship"])}
    lists = "Partnerships/Registry/Lists"
    assert cross["Latin America and the Caribbean"][-2] == f"[[:{lists}/regions-type#regions-lac|1]]"
    assert f"[[:{lists}/regions-type#regions-lac-type-" in cross["Latin America and the Caribbean"][1]
    assert cross["Unspecified"][-2] == f"[[:{lists}/regions-type#regions-unspecified|1]]"
    assert cross["Total"][-2] == "[[:Partnerships/Registry|4]]"
    status = {r[0]: r for r in table_cells(section_tables(text)["By status"])}
    assert status["Active"][1] == f"[[:{lists}/status#status-active|2]]"
    assert status["Proposed"][1] == "0"
    years = {r[0]: r for r in table_cells(section_tables(text)["By year (start date)"])}
    assert years["2012"][1] == f"[[:{lists}/start#start-2012|2]]"
    assert years["Unknown"][1] == f"[[:{lists}/start#start-unspecified|1]]"


def test_every_count_link_of_the_overview_has_its_section_on_a_lists_page(schema, registry):
    from bot.core.render.lists import lists_pages

    text = render_overview(registry, schema, SETTINGS)
    pages = {p.title: p.body for p in lists_pages(registry, schema, SETTINGS)}
    links = re.findall(r"\[\[:(Partnerships/Registry/Lists/[^#|]+)#([^|]+)\|", text)
    assert links
    for title, fragment in links:
        assert f'<span id="{fragment}"></span>' in pages[title], (title, fragment)


def test_bars_show_the_share_of_all_partnerships(schema, registry):
    rows = {r[0]: r for r in table_cells(section_tables(render_overview(registry, schema, SETTINGS))["By status"])}
    assert rows["Active"][2].endswith('<div style="background:#36c;width:50%;height:0.8em"></div>')
    assert rows["Ended"][2].endswith('width:25%;height:0.8em"></div>')
    assert "div" not in rows["Proposed"][2] and "div" not in rows["Total"][2]


def test_the_bar_colour_is_configuration(schema, registry):
    import dataclasses

    chosen = dataclasses.replace(SETTINGS, overview=dataclasses.replace(SETTINGS.overview, bar_color="#f00"))
    assert "background:#f00;" in render_overview(registry, schema, chosen)


def test_years_started_are_listed_in_order_with_unknown_last(schema, registry):
    rows = [
        r[:2] for r in table_cells(section_tables(render_overview(registry, schema, SETTINGS))["By year (start date)"])
    ]
    assert [(r[0], plain(r[1])) for r in rows] == [("2010", "1"), ("2012", "2"), ("Unknown", "1"), ("Total", "4")]


def test_the_gaps_table_names_regions_and_areas_without_an_active_partnership(schema, registry):
    table = section_tables(render_overview(registry, schema, SETTINGS))["Gaps"]
    rows = [(r[0], r[1], plain(r[2])) for r in table_cells(table)]
    assert ("Regions", "Sub-Saharan Africa", "1") in rows
    assert ("Regions", "Central &amp; Eastern Europe and Central Asia", "0") in rows
    assert ("Areas", "GLAM", "0") in rows
    names = [r[1] for r in rows]
    assert "Global" not in names and "Latin America and the Caribbean" not in names and "Content" not in names
    assert "Unspecified" not in names
    assert names.index("Sub-Saharan Africa") < names.index("GLAM")


def test_active_statuses_for_the_gaps_are_configuration(schema, registry):
    text = render_overview(registry, schema, with_settings(active_statuses=["active", "ended"]))
    rows = [r[1] for r in table_cells(section_tables(text)["Gaps"])]
    assert "Sub-Saharan Africa" not in rows


def test_without_gaps_the_overview_says_so(schema):
    regions = [v.id for v in schema.enums["region"].values]
    areas = [v.id for v in schema.enums["area"].values]
    record = make_record(schema, "Partnerships/All", regions=regions, areas=areas, status="active")
    text = render_overview([record], schema, SETTINGS)
    assert "Every value of regions and areas has at least one such partnership." in text
    assert "Gaps" not in section_tables(text)


def test_the_empty_registry_gives_zero_totals_and_no_bars(schema):
    text = render_overview([], schema, SETTINGS)
    assert_inert(text)
    assert "<div" not in text
    assert footer(section_tables(text)["By status"])[1] == "0"
