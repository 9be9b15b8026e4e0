"""The registry index: one row per partnership, in a fixed order, sortable."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render_support import assert_inert, data_rows, make_record, no_template, problem, with_settings

from bot.config import Settings
from bot.core.render.common import date_sort_value, record_order
from bot.core.render.index import render_index
from bot.errors import ConfigError

SETTINGS = Settings()


def names_in_order(text: str) -> list[str]:
    return re.findall(r"^\| data-sort-value=\"[^\"]*\" \| \[\[:[^|]+\|([^\]]+)\]\]", text, flags=re.M)


@pytest.fixture
def registry(schema):
    return [
        make_record(
            schema,
            "Partnerships/OSM",
            name="Wikimedia and OpenStreetMap",
            type="alliance",
            level="global",
            regions=["global"],
            areas=["technology", "content"],
            status="active",
            start="2010",
            partner=["OpenStreetMap Foundation"],
        ),
        make_record(
            schema,
            "Partnerships/UNESCO",
            name="UNESCO",
            type="partnership",
            status="active",
            regions=["global"],
            start="2015-04",
            problems=[problem("contact", "missing-required", "info")],
        ),
        make_record(
            schema,
            "Partnerships/Iberocoop",
            name="Iberocoop",
            type="alliance",
            status="active",
            regions=["lac", "nwe"],
            start="2012-05-05",
        ),
        make_record(
            schema,
            "Partnerships/Greenspun",
            name="Greenspun illustrations project",
            status="ended",
            problems=[
                problem("measures_of_success", "missing-required", "error"),
                problem("regions", "missing-required", "info"),
            ],
        ),
    ]


def test_each_partnership_is_one_row(schema, registry):
    found = assert_inert(render_index(registry, schema, SETTINGS))
    [table] = found.tables()
    assert len(data_rows(table)) == len(registry)


def test_rows_are_in_name_order(schema, registry):
    assert names_in_order(render_index(registry, schema, SETTINGS)) == [
        "Greenspun illustrations project",
        "Iberocoop",
        "UNESCO",
        "Wikimedia and OpenStreetMap",
    ]


def test_name_order_ignores_case_and_diacritics_and_breaks_ties_by_title(schema):
    records = [
        make_record(schema, f"Partnerships/{page}", name=name)
        for page, name in [
            ("B", "banana"),
            ("A1", "Apple"),
            ("E1", "Émile"),
            ("E2", "emile"),
            ("Z", "Zed"),
            ("A2", "apple"),
            ("E0", "Emile"),
        ]
    ]
    assert names_in_order(render_index(records, schema, SETTINGS)) == [
        "Apple",
        "apple",
        "banana",
        "Emile",
        "emile",
        "Émile",
        "Zed",
    ]
    same = [make_record(schema, "Partnerships/Y", name="Same"), make_record(schema, "Partnerships/X", name="Same")]
    text = render_index(same, schema, SETTINGS)
    assert text.index("Partnerships/X|") < text.index("Partnerships/Y|")


def test_a_record_without_a_name_is_listed_under_its_title(schema):
    text = render_index([make_record(schema, "Partnerships/Nameless", name=None)], schema, SETTINGS)
    assert "[[:Partnerships/Nameless|Nameless]]" in text


def test_the_name_links_to_the_partnership_page(schema, registry):
    text = render_index(registry, schema, SETTINGS)
    assert "[[:Partnerships/OSM|Wikimedia and OpenStreetMap]]" in text


def test_the_header_uses_the_schema_labels_and_the_configured_columns(schema, registry):
    found = assert_inert(render_index(registry, schema, SETTINGS))
    [table] = found.tables()
    header = [str(c.contents).strip() for c in table.contents.filter_tags(recursive=True) if str(c.tag) == "th"]
    assert header == [
        "Name",
        "Partner",
        "Type of relationship",
        "Level",
        "Regions",
        "Areas",
        "Status",
        "Start date",
        "End date",
        "Last reviewed",
        "Problems",
    ]


def test_enumerations_show_their_labels(schema, registry):
    text = render_index(registry, schema, SETTINGS)
    assert "| Technology<br />Content" in text
    assert "| Latin America and the Caribbean<br />Northern and Western Europe" in text
    assert "| Alliance\n" in text


def test_date_cells_carry_a_sort_value_that_sorts_chronologically(schema, registry):
    text = render_index(registry, schema, SETTINGS)
    assert '| data-sort-value="20100000" | 2010' in text
    assert '| data-sort-value="20150400" | 2015-04' in text
    assert '| data-sort-value="20120505" | 2012-05-05' in text
    assert '! data-sort-type="number" | Start date' in text


def test_year_month_and_day_sort_in_time_order_and_a_missing_date_sorts_last():
    dates = ["2018-05-05", None, "2018", "2017-12-31", "2018-05", "2019", "2018-06"]
    ordered = sorted(dates, key=lambda d: int(date_sort_value(d)))
    assert ordered == ["2017-12-31", "2018", "2018-05", "2018-05-05", "2018-06", "2019", None]
    assert date_sort_value("not a date") == date_sort_value(None) == "99999999"


def test_the_problem_count_links_to_the_page_section_on_the_problems_page(schema, registry):
    text = render_index(registry, schema, SETTINGS)
    assert (
        '| data-sort-value="2" style="text-align:right" | [[:Partnerships/Registry/Problems#Partnerships/Greenspun|2]]'
        in text
    )
    assert '| data-sort-value="0" style="text-align:right" | 0' in text


def test_a_page_without_the_template_is_not_listed(schema, registry):
    text = render_index([*registry, no_template(schema, "Partnerships/Kiwix")], schema, SETTINGS)
    assert "Kiwix" not in text
    assert text.startswith("4 partnerships.")


def test_columns_are_configuration(schema, registry):
    text = render_index(registry, schema, with_settings(columns=["status", "name", "contact", "wikidata"]))
    found = assert_inert(text)
    [table] = found.tables()
    header = [str(c.contents).strip() for c in table.contents.filter_tags(recursive=True) if str(c.tag) == "th"]
    assert header == ["Status", "Name", "Contact", "Wikidata item"]


def test_users_and_wikidata_items_are_bot_links(schema):
    record = make_record(schema, "Partnerships/X", contact=["Example", "A|B"], wikidata=["Q936", "bad"])
    text = render_index([record], schema, with_settings(columns=["name", "contact", "wikidata"]))
    assert "| [[:User:Example|Example]]<br />A&#124;B" in text
    assert "| [[:d:Q936|Q936]]<br />bad" in text


def test_an_unknown_column_is_a_config_error(schema, registry):
    with pytest.raises(ConfigError, match="stauts"):
        render_index(registry, schema, with_settings(columns=["name", "stauts"]))


def test_the_empty_registry_gives_a_table_with_only_a_header(schema):
    text = render_index([], schema, SETTINGS)
    [table] = assert_inert(text).tables()
    assert data_rows(table) == [] and text.startswith("0 partnerships.")


# --- Grouping ----------------------------------------------------------------


def test_grouped_by_region_a_record_appears_in_each_of_its_regions(schema, registry):
    text = render_index(registry, schema, with_settings(group_by="regions"))
    found = assert_inert(text)
    sections = re.split(r"^== ", text, flags=re.M)[1:]
    by_anchor = {re.match(r'<span id="([^"]+)"></span>', s).group(1): s for s in sections}
    assert list(by_anchor) == [
        "cee",
        "eseap",
        "lac",
        "mena",
        "north-america",
        "nwe",
        "south-asia",
        "ssa",
        "global",
        "unspecified",
    ]
    assert names_in_order(by_anchor["global"]) == ["UNESCO", "Wikimedia and OpenStreetMap"]
    assert names_in_order(by_anchor["lac"]) == names_in_order(by_anchor["nwe"]) == ["Iberocoop"]
    assert names_in_order(by_anchor["unspecified"]) == ["Greenspun illustrations project"]
    assert "No partnerships." in by_anchor["cee"]
    assert len(found.tables()) == 4


def test_a_group_heading_shows_the_label_and_anchors_on_the_id(schema, registry):
    text = render_index(registry, schema, with_settings(group_by="regions"))
    assert '== <span id="lac"></span>Latin America and the Caribbean ==' in text
    assert '== <span id="unspecified"></span>Unspecified ==' in text


def test_without_records_lacking_a_value_there_is_no_unspecified_section(schema, registry):
    text = render_index(registry[:3], schema, with_settings(group_by="regions"))
    assert "unspecified" not in text


def test_grouping_by_status_puts_each_record_in_one_section(schema, registry):
    text = render_index(registry, schema, with_settings(group_by="status"))
    found = assert_inert(text)
    assert sum(len(data_rows(t)) for t in found.tables()) == len(registry)
    assert '<span id="on-hold"></span>On hold' in text


def test_grouping_by_a_field_without_an_enumeration_is_a_config_error(schema, registry):
    with pytest.raises(ConfigError, match="group_by"):
        render_index(registry, schema, with_settings(group_by="partner"))


# --- Determinism -------------------------------------------------------------

NAMES = st.text(alphabet="aAeEéÉoO zZ-'|{", min_size=0, max_size=6)


@st.composite
def registries(draw, schema):
    count = draw(st.integers(0, 8))
    pages = draw(
        st.lists(st.text(alphabet="abcAB é", min_size=1, max_size=5), min_size=count, max_size=count, unique=True)
    )
    records = []
    for page in pages:
        records.append(
            make_record(
                schema,
                f"Partnerships/{page}",
                revision=draw(st.integers(1, 5)),
                name=draw(NAMES) or None,
                status=draw(st.sampled_from([None, "active", "ended", "potential"])),
                type=draw(st.sampled_from([None, "alliance", "partnership"])),
                regions=draw(st.lists(st.sampled_from(["cee", "global", "ssa", "lac"]), unique=True, max_size=3)),
                areas=draw(st.lists(st.sampled_from(["content", "glam", "education"]), unique=True, max_size=2)),
                start=draw(st.sampled_from([None, "2018", "2018-05", "2018-05-05", "2019"])),
                problems=[
                    problem("start", severity=draw(st.sampled_from(["error", "warning", "info"])))
                    for _ in range(draw(st.integers(0, 2)))
                ],
            )
        )
    return records


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_input_gives_byte_identical_output(schema, data):
    records = data.draw(registries(schema))
    shuffled = data.draw(st.permutations(records))
    for group_by in ("none", "regions"):
        chosen = with_settings(group_by=group_by)
        assert render_index(shuffled, schema, chosen) == render_index(records, schema, chosen)


def test_record_order_is_total_even_for_two_records_of_one_page(schema):
    a = make_record(schema, "Partnerships/X", revision=1, status="active")
    b = make_record(schema, "Partnerships/X", revision=2, status="ended")
    assert sorted([a, b], key=record_order) == sorted([b, a], key=record_order)
    assert render_index([a, b], schema, SETTINGS) == render_index([b, a], schema, SETTINGS)
