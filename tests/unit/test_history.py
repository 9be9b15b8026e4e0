"""The change log's events: what two registries differ by, merged by day, kept in a window."""

from __future__ import annotations

import json
import random
from datetime import date

from test_render_support import make_record, problem

from bot.core.history import (
    Change,
    ChangeLog,
    Fate,
    diff_entries,
    entries_from_data,
    entries_from_state,
    entry_of,
    record_changes,
)
from bot.core.history.log import ADDED, DELETED, FIELD, MOVED, OUT_OF_SCOPE, PROBLEMS, REMOVED, TEMPLATE_REMOVED
from bot.core.render.data import registry_data
from bot.jobs.update import record_map

AT = "2026-03-14T10:00Z"
TODAY = date(2026, 3, 14)


def entries(schema, *records, ids=None):
    ids = ids or {}
    return {r.page: entry_of(r, schema, ids.get(r.page)) for r in records}


def events(schema, old, new, *, fates=None, times=None, old_ids=None, new_ids=None):
    return diff_entries(
        entries(schema, *old, ids=old_ids),
        entries(schema, *new, ids=new_ids),
        at=AT,
        times=times or {},
        fates=fates or {},
    )


def kiwix(schema, **values):
    base = {"status": "active", "type": "partnership", "level": "global", "regions": ["global"]}
    return make_record(schema, "Partnerships/Kiwix", **{**base, **values})


def test_the_same_registry_gives_no_event(schema):
    assert events(schema, [kiwix(schema)], [kiwix(schema)]) == []


def test_a_new_page_is_an_addition_dated_by_its_revision(schema):
    new = kiwix(schema, revision=7)
    [change] = events(schema, [], [new], times={new.page: "2026-03-13T08:30:12Z"})
    assert (change.kind, change.page, change.at, change.new_revision) == (ADDED, new.page, "2026-03-13T08:30Z", 7)


def test_a_status_change_names_the_values_before_and_after_and_both_revisions(schema):
    before, after = kiwix(schema, status="proposed", revision=3), kiwix(schema, status="active", revision=5)
    [change] = events(schema, [before], [after])
    assert (change.kind, change.field, change.before, change.after) == (FIELD, "status", "proposed", "active")
    assert (change.old_revision, change.new_revision) == (3, 5)


def test_type_and_level_changes_are_events_and_other_fields_are_not(schema):
    before = kiwix(schema, description="Old words", areas=["content"])
    after = kiwix(schema, type="alliance", level="local", description="New words", areas=["glam"], revision=2)
    changed = {c.field for c in events(schema, [before], [after])}
    assert changed == {"type", "level"}


def test_reordering_alone_is_no_event(schema):
    before = [kiwix(schema, regions=["lac", "nwe"]), make_record(schema, "Partnerships/A", status="active")]
    after = [make_record(schema, "Partnerships/A", status="active"), kiwix(schema, regions=["nwe", "lac"])]
    random.Random(1).shuffle(after)
    assert events(schema, before, after) == []


def test_a_reworded_problem_is_no_event_but_a_fixed_and_a_new_one_are(schema):
    old = kiwix(schema, problems=[problem("start", message="Old words."), problem("end", "invalid-date")])
    reworded = kiwix(schema, problems=[problem("start", message="New words."), problem("end", "invalid-date")])
    assert events(schema, [old], [reworded]) == []
    changed = kiwix(schema, problems=[problem("start"), problem("level", "missing-required")])
    [change] = events(schema, [old], [changed])
    assert (change.kind, change.introduced, change.fixed) == (PROBLEMS, 1, 1)


def test_a_moved_page_is_one_move_and_not_a_removal_and_an_addition(schema):
    before = kiwix(schema)
    after = make_record(schema, "Partnerships/Kiwix offline", status="active", type="partnership", level="global")
    found = events(schema, [before], [after], old_ids={before.page: 42}, new_ids={after.page: 42})
    assert [(c.kind, c.before, c.after) for c in found] == [(MOVED, before.page, after.page)]


def test_a_move_with_a_status_change_is_two_events(schema):
    before = kiwix(schema)
    after = make_record(schema, "Partnerships/K2", status="ended", type="partnership", level="global", revision=9)
    found = events(schema, [before], [after], old_ids={before.page: 42}, new_ids={after.page: 42})
    assert sorted(c.kind for c in found) == [FIELD, MOVED]


def test_without_page_ids_an_equal_entry_under_a_new_title_is_taken_for_a_move(schema):
    before = kiwix(schema)
    after = make_record(schema, "Partnerships/K2", name="Kiwix", status="active", type="partnership", level="global")
    assert [c.kind for c in events(schema, [before], [after])] == [MOVED]


def test_a_removal_says_why_the_page_left(schema):
    gone = [make_record(schema, f"Partnerships/{n}", status="active") for n in ("A", "B", "C", "D")]
    fates = {
        "Partnerships/A": Fate(DELETED),
        "Partnerships/B": Fate(TEMPLATE_REMOVED, "Partnerships/B", 99),
        "Partnerships/C": Fate(OUT_OF_SCOPE, "Drafts/C", 98),
    }
    found = {c.page: c for c in events(schema, gone, [], fates=fates)}
    assert {p: (c.kind, c.reason, c.detail) for p, c in found.items()} == {
        "Partnerships/A": (REMOVED, DELETED, None),
        "Partnerships/B": (REMOVED, TEMPLATE_REMOVED, None),
        "Partnerships/C": (REMOVED, OUT_OF_SCOPE, "Drafts/C"),
        "Partnerships/D": (REMOVED, None, None),
    }
    assert found["Partnerships/B"].new_revision == 99 and all(c.at == AT for c in found.values())


def status(page, before, after, at):
    return Change(at, page, page, FIELD, field="status", before=before, after=after)


def test_a_flip_flop_within_one_day_is_one_event():
    log = record_changes(None, [status("P", "active", "on-hold", "2026-03-14T10:00Z")], today=TODAY, days=90)
    log = record_changes(log, [status("P", "on-hold", "active", "2026-03-14T10:30Z")], today=TODAY, days=90)
    [event] = log.events
    assert (event.before, event.after, event.via, event.back) == ("active", "active", "on-hold", True)


def test_changes_on_two_days_are_two_events_and_a_chain_of_one_day_is_one():
    log = record_changes(None, [status("P", "potential", "proposed", "2026-03-13T10:00Z")], today=TODAY, days=90)
    log = record_changes(log, [status("P", "proposed", "active", "2026-03-14T09:00Z")], today=TODAY, days=90)
    log = record_changes(log, [status("P", "active", "ended", "2026-03-14T11:00Z")], today=TODAY, days=90)
    assert [(e.day, e.before, e.after, e.back) for e in log.events] == [
        ("2026-03-14", "proposed", "ended", False),
        ("2026-03-13", "potential", "proposed", False),
    ]


def test_added_and_removed_the_same_day_is_one_event():
    log = record_changes(None, [Change("2026-03-14T10:00Z", "P", "P", ADDED)], today=TODAY, days=90)
    log = record_changes(log, [Change("2026-03-14T12:00Z", "P", "P", REMOVED, reason=DELETED)], today=TODAY, days=90)
    [event] = log.events
    assert (event.kind, event.back) == (ADDED, True)


def test_a_move_there_and_back_in_a_day_is_one_event():
    there = Change("2026-03-14T10:00Z", "B", "P", MOVED, before="A", after="B")
    back = Change("2026-03-14T11:00Z", "A", "P", MOVED, before="B", after="A")
    log = record_changes(record_changes(None, [there], today=TODAY, days=90), [back], today=TODAY, days=90)
    [event] = log.events
    assert (event.before, event.after, event.via, event.back) == ("A", "A", "B", True)


def test_a_run_without_changes_adds_nothing():
    log = record_changes(None, [status("P", "a", "b", "2026-03-14T10:00Z")], today=TODAY, days=90)
    assert record_changes(log, [], today=TODAY, days=90) == log


def test_the_first_log_begins_today_and_events_are_newest_first():
    log = record_changes(
        None,
        [status("B", "a", "b", "2026-03-12T10:00Z"), status("A", "a", "b", "2026-03-14T10:00Z")],
        today=TODAY,
        days=90,
    )
    assert log.since == "2026-03-14" and [e.page for e in log.events] == ["A", "B"]


def test_events_older_than_the_window_are_counted_by_month():
    old = [
        Change("2025-10-02T10:00Z", "A", "A", ADDED),
        Change("2025-10-20T10:00Z", "B", "B", ADDED),
        status("A", "proposed", "active", "2025-11-03T10:00Z"),
        Change("2025-11-04T10:00Z", "A", "A", PROBLEMS, introduced=2, fixed=1),
        Change("2026-03-01T10:00Z", "C", "C", ADDED),
    ]
    log = record_changes(None, old, today=TODAY, days=90)
    assert [e.page for e in log.events] == ["C"]
    assert [(m.month, dict(m.counts)) for m in log.months] == [
        ("2025-11", {"field:status": 1, "problems-fixed": 1, "problems-introduced": 2}),
        ("2025-10", {"added": 2}),
    ]
    later = record_changes(log, [Change("2025-10-25T10:00Z", "D", "D", ADDED)], today=TODAY, days=90)
    assert later.months[-1].count("added") == 3


def test_the_log_survives_json_and_unreadable_entries_are_dropped():
    log = record_changes(
        None,
        [status("P", "a", "b", "2026-03-14T10:00Z"), Change("2025-01-01T00:00Z", "Q", "Q", ADDED)],
        today=TODAY,
        days=90,
    )
    data = json.loads(json.dumps(log.as_json()))
    assert ChangeLog.from_json(data) == log
    data["events"] += [{"kind": "exploded"}, {"kind": "added", "at": 5}, "nonsense"]
    data["months"] += [{"month": "2020-01", "counts": "many"}]
    assert ChangeLog.from_json(data) == log
    assert ChangeLog.from_json("garbage") is None


def test_the_state_and_the_data_page_give_the_same_entries_for_the_same_registry(schema):
    records = [kiwix(schema, revision=4, problems=[problem("start")]), make_record(schema, "Partnerships/A")]
    from_state = entries_from_state(record_map(records), {}, {r.page: r.revision for r in records}, schema)
    from_data = entries_from_data(registry_data(records, schema), schema)
    assert from_state.keys() == from_data.keys()
    for page in from_state:
        a, b = from_state[page], from_data[page]
        assert (a.name, a.values, a.problem_count, a.revision) == (b.name, b.values, b.problem_count, b.revision)
    now = entries(schema, *records)
    for old in (from_state, from_data):
        assert diff_entries(old, now, at=AT, times={}, fates={}) == []
