"""Wikitables as data: inline cells, attributes, spans, captions, links and templates, real tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.schema import load_schema
from bot.core.tables import parse_tables

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wikitext" / "table"
RULES = load_schema().text


def texts(table) -> list[list[str | None]]:
    return [[c.text if c else None for c in row] for row in table.grid]


def only(text: str):
    [table] = parse_tables(text, RULES)
    return table


def test_inline_header_and_data_cells_are_separate_cells():
    table = only("{|\n|-\n! A !! B !! C\n|-\n| 1 || 2 || 3\n|}")
    assert texts(table) == [["A", "B", "C"], ["1", "2", "3"]]
    assert table.rows[0].is_header and not table.rows[1].is_header


def test_cells_before_the_first_row_marker_form_the_first_row():
    table = only('{| class="wikitable"\n! Name !! Role\n|-\n| Ann || Volunteer\n|}')
    assert table.headers() == ("Name", "Role")
    assert texts(table)[1] == ["Ann", "Volunteer"]


def test_attributes_are_read_and_the_content_follows_the_single_pipe():
    table = only('{| class="wikitable sortable" style="width:100%"\n|-\n| style="color:red" | red || plain\n|}')
    cell = table.rows[0].cells[0]
    assert table.attributes == {"class": "wikitable sortable", "style": "width:100%"}
    assert cell.attributes == {"style": "color:red"} and cell.text == "red"


def test_what_is_not_an_attribute_before_the_pipe_is_dropped_like_mediawiki_does():
    table = only('{|\n|-\n|<span id="G"></span>|Grand Budapest || x\n| align=center <!--DE-->| 19\n|}')
    assert texts(table) == [["Grand Budapest", "x", "19"]]
    assert table.rows[0].cells[0].attributes == {}


def test_rowspan_fills_the_rows_below_and_pushes_their_cells_right():
    table = only('{|\n! A !! B !! C\n|-\n| rowspan="2" | a || b1 || c1\n|-\n| b2 || c2\n|}')
    assert texts(table) == [["A", "B", "C"], ["a", "b1", "c1"], ["a", "b2", "c2"]]
    assert table.grid[1][0] is table.grid[2][0]


def test_colspan_fills_the_columns_to_the_right():
    table = only("{|\n! colspan=2 | Both !! C\n|-\n| a || b || c\n|}")
    assert texts(table) == [["Both", "Both", "C"], ["a", "b", "c"]]


def test_a_span_past_the_last_row_is_cut_and_spans_are_read_like_browsers_do():
    table = only('{|\n|-\n| rowspan="5;" | a || b\n|-\n| c\n|}')
    assert texts(table) == [["a", "b"], ["a", "c"]]
    assert table.rows[0].cells[0].rowspan == 5


def test_the_caption_is_not_a_cell():
    table = only('{|\n|+ style="font-weight:bold" | Members <!-- note -->\n|-\n! Name\n|-\n| Ann\n|}')
    assert table.caption == "Members"
    assert texts(table) == [["Name"], ["Ann"]]


def test_links_and_templates_in_cells_keep_their_wikitext_and_read_as_text():
    table = only("{|\n|-\n| [[User:Ann B|Ann]] || {{nowrap|Creative Commons}} || {{u|Someone}} || a<!-- c -->b\n|}")
    name, org, user, commented = table.rows[0].cells
    assert name.text == "Ann" and name.links == ("User:Ann B",) and name.wikitext == "[[User:Ann B|Ann]]"
    assert org.text == "Creative Commons"
    assert user.text == "Someone"  # a template the bot cannot expand shows its positional parameters
    assert commented.text == "ab"


def test_a_table_left_open_is_closed_at_the_end_of_the_page_as_mediawiki_does():
    table = only("Intro\n{| class=wikitable\n! A !! B\n|-\n| 1 || 2\n")
    assert texts(table) == [["A", "B"], ["1", "2"]]


def test_nested_tables_are_tables_of_their_own_with_their_depth():
    tables = parse_tables("{|\n|-\n| outer ||\n{|\n! inner\n|-\n| x\n|}\n|}", RULES)
    assert [t.depth for t in tables] == [0, 1]
    assert texts(tables[1]) == [["inner"], ["x"]]


def test_records_skip_sub_header_rows_and_name_repeated_headers_apart():
    table = only("{|\n! colspan=2 | Pair !! C\n|-\n| a || b || c\n|-\n! colspan=3 | Section\n|-\n| d || e || f\n|}")
    rows = [{k: v.text for k, v in r.items()} for r in table.records()]
    assert rows == [{"Pair": "a", "Pair 2": "b", "C": "c"}, {"Pair": "d", "Pair 2": "e", "C": "f"}]


@pytest.mark.parametrize(
    "name, count",
    [
        ("de-argentinische-botschafter-chile-wikitable-sortable.wiki", 1),
        ("de-kurt-nilsen-chart-tables.wiki", 5),
        ("en-aacta-award-sortable-wikitable.wiki", 1),
        ("en-british-films-2014-wikitable-sortable.wiki", 1),
        ("en-canton-etaples-caption-table.wiki", 1),
        ("en-ewelina-setowska-dryk-achievement-table.wiki", 1),
        ("en-rnli-stations-tables.wiki", 6),
        ("en-washington-nationals-game-log-nested-tables.wiki", 8),
    ],
)
def test_every_table_of_the_real_pages_is_found_with_a_rectangular_grid(name, count):
    tables = parse_tables((FIXTURES / name).read_text(encoding="utf-8"), RULES)
    assert len(tables) == count
    for table in tables:
        assert table.rows and len({len(row) for row in table.grid}) == 1


def real(name: str):
    return parse_tables((FIXTURES / name).read_text(encoding="utf-8"), RULES)


def test_a_real_caption_and_inline_cells_without_spaces():
    [table] = real("en-canton-etaples-caption-table.wiki")
    assert table.caption == "Population Movement"
    assert table.headers() == ("1962", "1968", "1975", "1982", "1990", "1999")
    assert texts(table)[1] == ["14870", "15912", "17032", "18140", "18767", "19061"]
    assert table.rows[2].cells[0].colspan == 6


def test_two_header_rows_with_spans_give_one_header_per_column():
    table = real("de-kurt-nilsen-chart-tables.wiki")[0]
    assert table.headers()[:3] == ("Jahr", "Titel", "Chartplatzierungen DE")
    first = table.records()[0]
    assert first["Jahr"].text == "2003" and first["Titel"].text == "I"
    assert first["Chartplatzierungen DE"].text == "19 (13 Wo.)"  # comment before the pipe, unclosed <small>


def test_inline_cells_with_links_and_br_in_a_real_list():
    [table] = real("en-british-films-2014-wikitable-sortable.wiki")
    first = table.records()[0]
    assert first["Title"].text == "'71" and first["Director"].text == "Yann Demange"
    assert first["Genre"].links == ("Drama film",)


def test_template_cells_read_as_their_parameters():
    [table] = real("de-argentinische-botschafter-chile-wikitable-sortable.wiki")
    first = table.records()[0]
    assert first["Name"].text == "José Antonio Álvarez Jonte"
    assert first["Ernannt/Akkreditiert"].text == "1810"


def test_rowspans_in_a_real_results_table_repeat_the_year():
    [table] = real("en-ewelina-setowska-dryk-achievement-table.wiki")
    years = [r["Representing"].text for r in table.records()[:3]]
    assert years == ["2003", "2003", "2005"]


def test_nested_game_logs_inside_a_collapsible_cell():
    tables = real("en-washington-nationals-game-log-nested-tables.wiki")
    inner = [t for t in tables if t.depth == 1]
    assert len(inner) == 6
    assert inner[0].headers()[:4] == ("#", "Date", "Opponent", "Score")
    assert inner[0].records()[0]["Opponent"].text == "Marlins"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="{}|!-+ \nab=\"'<>[]", max_size=80))
def test_no_input_makes_the_parser_raise(text):
    for table in parse_tables(text, RULES):
        assert len({len(row) for row in table.grid}) <= 1
