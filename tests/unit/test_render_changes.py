"""The change log page: one line per event, with the date, the page and the diff; months counted below."""

from __future__ import annotations

import html
from datetime import date

from test_render_support import structure

from bot.config import Settings
from bot.core.history import Change, ChangeLog, record_changes
from bot.core.history.log import ADDED, DELETED, FIELD, MOVED, OUT_OF_SCOPE, PROBLEMS, REMOVED, TEMPLATE_REMOVED
from bot.core.render.changes import render_changes

SETTINGS = Settings()


def lines(schema, *changes: Change) -> list[str]:
    log = record_changes(None, list(changes), today=date(2026, 3, 14), days=90)
    text = render_changes(log, schema, SETTINGS)
    return [html.unescape(line) for line in text.splitlines() if line.startswith("* ")]


def test_each_kind_of_event_reads_as_a_sentence_with_a_link_and_a_diff(schema):
    at = "2026-03-14T10:00Z"
    found = lines(
        schema,
        Change(at, "Partnerships/A", "Alpha", ADDED, new_revision=7),
        Change(
            at,
            "Partnerships/B",
            "Beta",
            FIELD,
            field="status",
            before="proposed",
            after="active",
            old_revision=3,
            new_revision=5,
        ),
        Change(
            at,
            "Partnerships/C2",
            "Gamma",
            MOVED,
            before="Partnerships/C",
            after="Partnerships/C2",
            old_revision=1,
            new_revision=2,
        ),
        Change(at, "Partnerships/D", "Delta", REMOVED, reason=DELETED),
        Change(at, "Partnerships/E", "Epsilon", REMOVED, reason=TEMPLATE_REMOVED, old_revision=8, new_revision=9),
        Change(at, "Partnerships/F", "Phi", REMOVED, reason=OUT_OF_SCOPE, detail="Drafts/F"),
        Change(at, "Partnerships/G", "Gee", PROBLEMS, introduced=1, fixed=2, old_revision=4, new_revision=6),
    )
    assert found == [
        "* 2026-03-14: [[:Partnerships/A|Alpha]] added ([[:Special:Diff/7|diff]])",
        "* 2026-03-14: [[:Partnerships/B|Beta]]: Status changed from Proposed to Active ([[:Special:Diff/3/5|diff]])",
        "* 2026-03-14: Gamma moved from Partnerships/C to [[:Partnerships/C2|Partnerships/C2]] ([[:Special:Diff/1/2|diff]])",
        "* 2026-03-14: Delta removed: the page was deleted",
        "* 2026-03-14: [[:Partnerships/E|Epsilon]] removed: the page no longer uses {{Partnership}} ([[:Special:Diff/8/9|diff]])",
        "* 2026-03-14: Phi removed: the page was moved to [[:Drafts/F|Drafts/F]], outside the registry",
        "* 2026-03-14: [[:Partnerships/G|Gee]]: 2 problems fixed, 1 introduced ([[:Special:Diff/4/6|diff]])",
    ]


def test_a_flip_flop_says_and_back(schema):
    [line] = lines(
        schema,
        Change("2026-03-14T10:00Z", "P", "P", FIELD, field="status", before="active", after="on-hold"),
        Change("2026-03-14T11:00Z", "P", "P", FIELD, field="status", before="on-hold", after="active"),
    )
    assert "Status changed to On hold and back to Active" in line


def test_hostile_names_cannot_add_markup(schema):
    hostile = "{{Hacked}} [[Category:X]] ~~~~ <script>"
    log = record_changes(
        None, [Change("2026-03-14T10:00Z", "P/H", hostile, REMOVED, reason=DELETED)], today=date(2026, 3, 14), days=90
    )
    text = render_changes(log, schema, SETTINGS)
    found = structure(text)
    assert found.templates == [] and found.links == [] and found.tag_names() <= {"li"} and "~~~" not in text


def test_an_empty_log_says_so_and_months_are_a_table(schema):
    text = render_changes(ChangeLog(since="2026-01-01"), schema, SETTINGS)
    assert "since 2026-01-01" in text and "No changes in this time." in text and "{|" not in text
    log = record_changes(None, [Change("2025-10-02T10:00Z", "A", "A", ADDED)], today=date(2026, 3, 14), days=90)
    text = render_changes(log, schema, SETTINGS)
    assert "== Earlier months ==" in text and "October 2025" in text
