"""Sections inside wrapper templates and bulleted votes, as readers see them.

tests/fixtures/talk/wrappers/miraheze-style-rfc.wiki, counted by hand
(T top-level, R reply; the spec: indented and not the first comment of its
section is a reply):

    (lead)                    none (L1-L2 are unsigned)
    == Proposal 1 ... ==      L6 Steward One 2024-03-01 10:00, the closing statement in
                              {{Discussion|comment=...}}: it stands before "Discussion 1"   T
    === Discussion 1 ===      L9 Proposer 02-01 09:00 T | L10 Alice support R | L11 Bob
                              support R | L12 Carol {{comment}} R | L13 Proposer R |
                              L14 Dave oppose R | L15 Eve "#" neutral R
                              -> 7 comments, 1 T, 6 R; votes 2 / 1 / 1
    == Proposal 2 ... ==      none (L19 opens the wrapper)
    === Discussion 3 ===      L22 Alice support: the first comment of its section, bulleted:
                              top-level, and its vote counts | L23 Frank oppose R |
                              L24 Bob struck support, then oppose R
                              -> 3 comments, 1 T, 2 R; votes 1 / 2 / 0
    == Proposal 3 ... ==      inside {{Archive top}}...{{Archive bottom}}: L29 Grace T |
                              L30 Heidi support R; the nowiki and table-cell lines are not
                              headings -> 2 comments, votes 1 / 0 / 0
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from tests import support

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "talk" / "wrappers" / "miraheze-style-rfc.wiki"


@pytest.fixture(scope="module")
def data():
    settings = load_consultation_settings(text_rules=support.schema().text)
    return summary_to_json(summarise(parse_discussion(PAGE.stem, PAGE.read_text(encoding="utf-8"), settings)))


def test_wrapper_sections_are_listed_as_readers_see_them(data):
    assert [(s["title"], s["comments"], s["top_level"], s["replies"]) for s in data["sections"]] == [
        ("Proposal 1: require two-factor authentication", 1, 1, 0),
        ("Discussion 1", 7, 1, 6),
        ("Proposal 2: shorter inactivity period", 0, 0, 0),
        ("Discussion 3", 3, 1, 2),
        ("Proposal 3: rename the group", 2, 1, 1),
    ]
    assert data["problems"] == []


def test_bulleted_and_numbered_votes_are_counted_whatever_the_indentation(data):
    votes = {s["title"]: tuple(s["votes"].values()) for s in data["sections"]}
    assert votes["Discussion 1"] == (2, 1, 1)
    assert votes["Discussion 3"] == (1, 2, 0)
    assert votes["Proposal 3: rename the group"] == (1, 0, 0)


def test_a_bulleted_vote_that_opens_its_section_is_a_top_level_response(data):
    (section,) = [s for s in data["sections"] if s["title"] == "Discussion 3"]
    assert [d["author"] for d in section["digest"]] == ["Alice"]
    assert section["unanswered"] == 0


def test_the_closing_statement_is_a_comment_where_it_stands(data):
    (closing,) = data["sections"][0]["digest"]
    assert (closing["author"], closing["time"]) == ("Steward One", "2024-03-01T10:00:00Z")
    assert closing["text"] == "Closed as passed: clear support."


def test_a_bulleted_vote_under_an_unsigned_proposal_keeps_its_vote():
    settings = load_consultation_settings(text_rules=support.schema().text)
    text = (
        "== Proposal ==\n"
        "The proposal, unsigned, as often on Meta.\n"
        "* {{support}} [[User:A|A]] 10:00, 1 May 2018 (UTC)\n"
        "* {{oppose}} [[User:B|B]] 11:00, 1 May 2018 (UTC)\n"
    )
    (section,) = summary_to_json(summarise(parse_discussion("T", text, settings)))["sections"]
    # the first vote's text starts after the heading (the spec), so it is top-level; its vote counts
    assert (section["top_level"], section["replies"], section["votes"]) == (
        1,
        1,
        {"support": 1, "oppose": 1, "neutral": 0},
    )
