"""Edit summaries: added, updated, removed, and the total."""

from __future__ import annotations

from test_render_support import make_record, problem

from bot.core.render.registry_edit_summary import diff_summary, summary_text


def by_page(*records):
    return {r.page: r for r in records}


def test_the_summary_names_each_kind_of_change_and_the_total():
    assert (
        summary_text("Registry index", 2, 1, 1, 41) == "Registry index: 2 added, 1 updated, 1 removed (41 partnerships)"
    )


def test_zero_parts_are_left_out_but_the_total_is_always_there():
    assert summary_text("Registry index", 0, 3, 0, 41) == "Registry index: 3 updated (41 partnerships)"
    assert summary_text("Registry overview", 0, 0, 0, 1) == "Registry overview: no changes to records (1 partnership)"


def test_the_summary_accepts_the_lists_diff_summary_gives():
    assert (
        summary_text("Registry data", ("A", "B"), (), ("C",), 5) == "Registry data: 2 added, 1 removed (5 partnerships)"
    )


def test_the_diff_finds_added_updated_and_removed_pages_in_title_order(schema):
    old = by_page(
        make_record(schema, "Partnerships/A", status="active"),
        make_record(schema, "Partnerships/B", status="active"),
        make_record(schema, "Partnerships/C"),
    )
    new = by_page(
        make_record(schema, "Partnerships/D"),
        make_record(schema, "Partnerships/B", status="ended"),
        make_record(schema, "Partnerships/A", status="active"),
        make_record(schema, "Partnerships/0"),
    )
    diff = diff_summary(old, new)
    assert diff.added == ("Partnerships/0", "Partnerships/D")
    assert diff.updated == ("Partnerships/B",)
    assert diff.removed == ("Partnerships/C",)
    added, updated, removed = diff
    assert (
        summary_text("Registry index", added, updated, removed, len(new))
        == "Registry index: 2 added, 1 updated, 1 removed (4 partnerships)"
    )


def test_a_new_revision_that_changes_nothing_is_not_an_update(schema):
    old = by_page(make_record(schema, "Partnerships/A", revision=1, status="active"))
    new = by_page(make_record(schema, "Partnerships/A", revision=2, status="active"))
    assert diff_summary(old, new) == ((), (), ())


def test_a_change_in_problems_alone_is_an_update(schema):
    old = by_page(make_record(schema, "Partnerships/A"))
    new = by_page(make_record(schema, "Partnerships/A", problems=[problem("start")]))
    assert diff_summary(old, new).updated == ("Partnerships/A",)
