"""Summaries: counts, digest, consultation window, guiding questions, JSON and table."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.core.discussion import (
    Window,
    load_consultation_settings,
    parse_discussion,
    render_summary_table,
    summaries_to_json,
    summarise,
    summary_to_json,
)
from bot.core.discussion.digest import digest_text
from bot.core.schema import TextRules
from tests import support

PAGE = """Please answer the questions below. [[User:Facilitator|F]] 09:00, 1 May 2018 (UTC)

== How should partnerships be ''recorded''? ==
{{support}} In a registry. [[User:Ana|Ana]] 12:34, 5 May 2018 (UTC)
:Agreed, with a template. [[User:Bo|Bo]] 08:00, 9 May 2018 (UTC)
Too early to say. Really. [[User:Cy|Cy]] 10:00, 30 April 2018 (UTC)
{{unsigned|Dee}}

== Who maintains the registry? ==
The working group. --[[User:Ana|Ana]] 23:30, 31 May 2018 (UTC)

== Any other comments ==
"""


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


@pytest.fixture(scope="module")
def discussion(settings):
    return parse_discussion("Talk:Partnerships/Consultation", PAGE, settings)


def test_the_json_has_exactly_the_spec_shape(discussion):
    data = summary_to_json(summarise(discussion))
    assert list(data) == ["page", "sections", "totals", "problems"]
    assert data["page"] == "Talk:Partnerships/Consultation"
    first = data["sections"][1]
    assert list(first) == [
        "title",
        "comments",
        "top_level",
        "replies",
        "participants",
        "first",
        "last",
        "unanswered",
        "votes",
        "digest",
    ]
    assert first == {
        "title": "How should partnerships be recorded?",
        "comments": 4,
        "top_level": 3,
        "replies": 1,
        "participants": ["Ana", "Bo", "Cy", "Dee"],
        "first": "2018-04-30T10:00:00Z",
        "last": "2018-05-09T08:00:00Z",
        "unanswered": 2,
        "votes": {"support": 1, "oppose": 0, "neutral": 0},
        "digest": [
            {"author": "Ana", "time": "2018-05-05T12:34:00Z", "text": "In a registry."},
            {"author": "Cy", "time": "2018-04-30T10:00:00Z", "text": "Too early to say."},
            {"author": "Dee", "time": None, "text": ""},
        ],
    }
    assert data["totals"] == {
        "comments": 6,
        "participants": 5,
        "first": "2018-04-30T10:00:00Z",
        "last": "2018-05-31T23:30:00Z",
    }
    assert [s["title"] for s in data["sections"]] == [
        "(lead)",
        "How should partnerships be recorded?",
        "Who maintains the registry?",
        "Any other comments",
    ]
    assert json.loads(json.dumps(data)) == data


def test_counts_are_consistent(discussion):
    summary = summarise(discussion)
    for section in summary.sections:
        assert section.comments == section.top_level + section.replies
        assert 0 <= section.unanswered <= section.top_level
    assert summary.totals.comments == sum(s.comments for s in summary.sections)


def test_comments_outside_the_window_are_reported_and_not_counted(discussion):
    summary = summarise(discussion, window=Window(date(2018, 5, 1), date(2018, 5, 31)))
    data = summary_to_json(summary)
    counts = [(s["title"], s["comments"]) for s in data["sections"]]
    # Cy (30 April) is too early; Ana's 23:30 on 31 May is inside (the closing day counts whole)
    assert counts == [
        ("(lead)", 1),
        ("How should partnerships be recorded?", 3),
        ("Who maintains the registry?", 1),
        ("Any other comments", 0),
    ]
    codes = [(p["line"], p["code"]) for p in data["problems"]]
    assert codes == [(6, "outside-window"), (7, "undated-in-window")]
    assert data["totals"]["first"] == "2018-05-01T09:00:00Z"


def test_a_window_can_be_open_ended_and_use_exact_times(discussion):
    summary = summarise(discussion, window=Window(closes=datetime(2018, 5, 9, 8, 0)))
    assert summary.totals.comments == 5  # Bo at exactly 08:00 is inside; Ana on 31 May is not
    assert [p.code for p in summary.problems] == ["undated-in-window", "outside-window"]
    lead_only = summarise(discussion, window=Window(opens=datetime(2018, 6, 1, tzinfo=UTC)))
    assert "(lead)" not in [s.title for s in lead_only.sections]


def test_guiding_questions_match_headings_ignoring_case_and_markup(discussion):
    questions = [
        "How should partnerships be '''recorded'''?",
        "WHO MAINTAINS THE REGISTRY",
        "What should the bot report?",
    ]
    data = summary_to_json(summarise(discussion, questions=questions))
    sections = {s["title"]: s.get("question") for s in data["sections"]}
    assert sections == {
        "(lead)": None,
        "How should partnerships be recorded?": "How should partnerships be '''recorded'''?",
        "Who maintains the registry?": "WHO MAINTAINS THE REGISTRY",
        "Any other comments": None,
        "What should the bot report?": "What should the bot report?",
    }
    unmatched = data["sections"][-1]
    assert (unmatched["comments"], unmatched["participants"], unmatched["first"]) == (0, [], None)
    assert [p["code"] for p in data["problems"]] == ["question-without-section"]


def test_without_questions_no_section_has_a_question_key(discussion):
    assert all("question" not in s for s in summary_to_json(summarise(discussion))["sections"])


def test_problems_carry_page_section_line_and_text(settings):
    text = "== Q ==\nFine. -- Someone 12:00, 1 May 2018 (UTC)\n"
    (problem,) = summary_to_json(summarise(parse_discussion("T", text, settings)))["problems"]
    assert problem == {
        "section": "Q",
        "line": 2,
        "code": "timestamp-without-signature",
        "message": "a timestamp with no user link before it on the line; not counted",
        "text": "Fine. -- Someone 12:00, 1 May 2018 (UTC)",
    }


def test_offline_output_is_an_array_in_title_order(settings):
    one = summarise(parse_discussion("B", "", settings))
    two = summarise(parse_discussion("A", "", settings))
    text = summaries_to_json([one, two])
    assert [page["page"] for page in json.loads(text)] == ["A", "B"]
    assert text == summaries_to_json([two, one])


def test_the_terminal_table_lists_sections_totals_and_problems(discussion, settings):
    table = render_summary_table(summarise(discussion))
    assert "How should partnerships be recorded?" in table
    assert "6 comments by 5 participants, 2018-04-30 10:00 to 2018-05-31 23:30" in table
    empty = render_summary_table(summarise(parse_discussion("T", "Fine. -- X 12:00, 1 May 2018 (UTC)", settings)))
    assert "0 comments by 0 participants, - to -" in empty
    assert "1 problems:" in empty and "line 1 [(lead)]" in empty


# --------------------------------------------------------------- digest


@pytest.mark.parametrize(
    "body, expected",
    [
        ("Plain sentence. Second sentence.", "Plain sentence."),
        ("{{support}} '''Yes''', see [[Foo|the page]]! More.", "Yes, see the page!"),
        ("Why? Because.", "Why?"),
        ("Ab 28. Juni 2011 gibt es das. Mehr.", "Ab 28. Juni 2011 gibt es das."),
        ("Wie z. B. hier. Mehr.", "Wie z. B. hier."),
        ("No end mark --", "No end mark"),
        ("First paragraph\n\nSecond paragraph.", "First paragraph"),
        ("{{ping|Someone}}\n:Actual words. More.", "Actual words."),
        ("<!-- gone -->Visible.", "Visible."),
        ("", ""),
        ("--", ""),
    ],
)
def test_digest_is_the_first_sentence_as_plain_text(body, expected):
    assert digest_text(body, TextRules()) == expected


def test_a_long_first_sentence_is_cut_at_a_word_boundary():
    body = "word " * 100
    text = digest_text(body, TextRules(), 200)
    assert len(text) <= 200 and text.endswith("word…")
    assert digest_text("x" * 300, TextRules(), 200) == "x" * 199 + "…"
