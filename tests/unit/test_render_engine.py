"""The table engine: declarations in, wikitable out."""

from __future__ import annotations

from fractions import Fraction

import pytest
from test_render_support import assert_inert, cells, data_rows

from bot.core.render.engine import (
    Bar,
    Column,
    Items,
    Link,
    Number,
    Table,
    Text,
    heading,
    paragraph,
    percent,
    render_cell,
    render_table,
)

ROWS = [{"name": "Alpha", "count": 3}, {"name": "Beta", "count": 0}]
COLUMNS = [
    Column("Name", lambda r: Text(r["name"]), sort_value=lambda r: r["name"].lower()),
    Column("Count", lambda r: Number(r["count"]), sort_type="number", align="right", width="6em"),
]


def test_a_table_declaration_renders_a_sortable_wikitable():
    text = render_table(Table(COLUMNS, ROWS, caption="Things"))
    assert text == "\n".join(
        [
            '{| class="wikitable sortable"',
            "|+ Things",
            "|-",
            "! Name",
            '! data-sort-type="number" style="width:6em" | Count',
            "|-",
            '| data-sort-value="alpha" | Alpha',
            '| style="text-align:right" | 3',
            "|-",
            '| data-sort-value="beta" | Beta',
            '| style="text-align:right" | 0',
            "|}",
        ]
    )


def test_each_row_is_one_table_row_with_one_cell_per_column():
    found = assert_inert(render_table(Table(COLUMNS, ROWS)))
    [table] = found.tables()
    rows = data_rows(table)
    assert [cells(r) for r in rows] == [["Alpha", "3"], ["Beta", "0"]]


def test_footer_rows_stay_at_the_bottom_and_carry_no_sort_values():
    text = render_table(Table(COLUMNS, ROWS[:1], footer=[{"name": "Total", "count": 3}]))
    assert '|- class="sortbottom" style="font-weight:bold"\n| Total\n| style="text-align:right" | 3\n|}' in text


def test_a_plain_table_has_no_sort_attributes():
    text = render_table(Table(COLUMNS, ROWS, css_class="wikitable"))
    assert "data-sort" not in text and 'class="wikitable"' in text


def test_an_unsortable_column_is_marked_in_its_header():
    column = Column("Bar", lambda r: Bar(Fraction(1, 2)), sortable=False)
    assert '! class="unsortable" | Bar' in render_table(Table([column], ROWS))


def test_a_text_cell_is_escaped_and_cut():
    assert render_cell(Text("a|b")) == "a&#124;b"
    assert render_cell(Text("x" * 10, limit=5)) == "xxxx…"


def test_a_link_cell_is_a_bot_link():
    assert render_cell(Link("Partnerships/X", "X")) == "[[:Partnerships/X|X]]"
    assert render_cell(Link("Partnerships/X", "X", "sec")) == "[[:Partnerships/X#sec|X]]"


def test_a_number_links_only_when_it_is_not_zero():
    assert render_cell(Number(3, "Partnerships/Registry", "cee")) == "[[:Partnerships/Registry#cee|3]]"
    assert render_cell(Number(0, "Partnerships/Registry", "cee")) == "0"
    assert render_cell(Number(4)) == "4"


def test_a_bar_is_plain_inline_css_and_empty_for_zero():
    assert render_cell(Bar(Fraction(1, 4))) == '<div style="background:#36c;width:25%;height:0.8em"></div>'
    assert render_cell(Bar(Fraction(0))) == ""
    assert (
        render_cell(Bar(Fraction(1, 3), "#abcdef")) == '<div style="background:#abcdef;width:33%;height:0.8em"></div>'
    )


def test_a_bar_refuses_a_colour_that_is_not_a_hex_colour():
    with pytest.raises(ValueError, match="hex colour"):
        render_cell(Bar(Fraction(1, 2), "red;position:fixed"))


def test_percentages_round_half_up_and_stay_between_0_and_100():
    assert percent(Fraction(1, 200)) == 1
    assert percent(Fraction(1, 201)) == 0
    assert percent(Fraction(2, 1)) == 100
    assert percent(Fraction(-1, 2)) == 0


def test_items_are_shown_one_per_line_and_empty_items_dropped():
    assert render_cell(Items((Text("a"), Text(""), Link("P/X", "x")))) == "a<br />[[:P/X|x]]"


def test_a_cell_that_is_not_a_cell_is_refused():
    with pytest.raises(TypeError):
        render_cell("plain string")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "column, message",
    [
        (Column("X", lambda r: Text(""), sort_type="weird"), "sort_type"),
        (Column("X", lambda r: Text(""), align="justify"), "align"),
        (Column("X", lambda r: Text(""), width="10;color:red"), "width"),
    ],
)
def test_a_bad_column_declaration_is_refused(column, message):
    with pytest.raises(ValueError, match=message):
        render_table(Table([column], ROWS))


def test_a_bad_table_class_is_refused():
    with pytest.raises(ValueError, match="class"):
        render_table(Table(COLUMNS, ROWS, css_class='x" onclick="y'))


def test_a_header_and_caption_from_an_editor_are_escaped():
    text = render_table(Table([Column("a!!b|c", lambda r: Text(""))], ROWS, caption="{{x}}"))
    assert "! a&#33;&#33;b&#124;c" in text and "|+ &#123;&#123;x&#125;&#125;" in text


def test_a_heading_can_carry_a_fixed_anchor():
    assert (
        heading(Text("Central & Eastern Europe"), anchor="cee")
        == '== <span id="cee"></span>Central &amp; Eastern Europe =='
    )
    assert heading(Link("Partnerships/X", "Partnerships/X"), level=3) == "=== [[:Partnerships/X|Partnerships/X]] ==="


def test_a_heading_level_outside_2_to_6_is_refused():
    with pytest.raises(ValueError):
        heading(Text("x"), level=1)


def test_a_paragraph_escapes_line_start_only_for_its_first_piece():
    assert paragraph(Text("-a"), Text(" b")) == "&#45;a b"
    assert paragraph(Number(2, "P/I"), Text(" partnerships")) == "[[:P/I|2]] partnerships"
