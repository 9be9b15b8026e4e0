"""The demo consultation (examples/consultations/), counted by hand, with the shipped configuration.

Every signature of the page, by line (T: top-level response, R: reply; times in UTC):

  == How do we build our collaborative capacity ...? == (L9)
    L10 Lindaheins           2019-07-16 09:14  T
    L11 Kwame Asante (WMGH)  2019-07-16 17:40  R
    L12 Lindaheins           2019-07-17 08:02  R
    L13 Bücherwurm42         2019-07-23 12:02  T  (dewiki link, "14:02, 23. Jul. 2019 (CEST)"; unanswered)
    L14 203.0.113.42         2019-08-02 11:27  T  (contributions link)
    L15 Priya.Iyer           2019-08-03 06:55  R
  == What are the specific areas ...? == (L17)
    L18 Kwame Asante (WMGH)  2019-07-17 20:12  T  (unanswered)
    L19 Amadou Diallo        2019-08-05 08:11  T  (frwiki link, "5 août 2019 à 10:11 (CEST)")
    L20 Lindaheins           2019-08-06 09:30  R
    L21 MarekNowak           2019-08-20 22:05  T  (unanswered)
    L22 Freiwilliger2019     2019-08-28 13:48  T  ({{unsigned}}; unanswered)
  == What are the partners ...? == (L24)
    L25 Priya.Iyer           2019-07-19 10:20  T
    L26 MarekNowak, L27 Priya.Iyer, L28 Kwame Asante (WMGH) ({{od}})  R R R
  == How do we best share ...? == (L30)
    L31 Lindaheins           2019-09-20 08:45  outside the window (closes 2019-09-15): reported, not counted
  == What structural ... changes ...? == (L33)
    L34 MarekNowak           2019-07-24 12:00  T  (unanswered)
  === Proposal: a partnerships registry on Meta === (L36)
    L37 Mira Okonkwo (WG)    T; then seven "*" replies: L38 support, L39 support ({{Support|strong}}),
    L40 oppose ('''Oppose'''), L41 no vote, L42 struck oppose + support, L43 neutral, L44 support
  == Other comments == (L46)
    L47 Freiwilliger2019 T, L48 Mira Okonkwo (WG) R
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.core.discussion import summary_to_json
from bot.jobs.summarise import find_consultation, summarise_consultation
from bot.sources.offline import DirSource
from tests import support

FOLDER = Path(__file__).resolve().parents[2] / "examples" / "consultations"


@pytest.fixture(scope="module")
def data(schema):
    settings = load_settings(schema=schema)
    [snapshot] = list(DirSource(FOLDER))
    consultation = find_consultation(settings.consultations, snapshot.title)
    assert consultation is not None, "the demo consultation is configured in config/bot.toml"
    return summary_to_json(
        summarise_consultation(snapshot.title, snapshot.text, consultation, support.configuration().rules)
    )


def counts(section: dict) -> tuple:
    return (
        section["comments"],
        section["top_level"],
        section["replies"],
        section["unanswered"],
        len(section["participants"]),
        section["first"],
        section["last"],
    )


def test_every_guiding_question_has_its_section_in_page_order(data):
    questions = [s.get("question") for s in data["sections"]]
    assert [q is not None for q in questions] == [True, True, True, True, True, False, False]
    assert data["sections"][5]["title"] == "Proposal: a partnerships registry on Meta"


def test_the_sections_are_counted_by_hand(data):
    assert [counts(s) for s in data["sections"]] == [
        (6, 3, 3, 1, 5, "2019-07-16T09:14:00Z", "2019-08-03T06:55:00Z"),
        (5, 4, 1, 3, 5, "2019-07-17T20:12:00Z", "2019-08-28T13:48:00Z"),
        (4, 1, 3, 0, 3, "2019-07-19T10:20:00Z", "2019-07-22T07:31:00Z"),
        (0, 0, 0, 0, 0, None, None),
        (1, 1, 0, 1, 1, "2019-07-24T12:00:00Z", "2019-07-24T12:00:00Z"),
        (8, 1, 7, 0, 7, "2019-08-01T09:00:00Z", "2019-08-09T16:40:00Z"),
        (2, 1, 1, 0, 2, "2019-07-29T21:16:00Z", "2019-07-30T10:02:00Z"),
    ]
    assert data["totals"] == {
        "comments": 26,
        "participants": 9,
        "first": "2019-07-16T09:14:00Z",
        "last": "2019-08-28T13:48:00Z",
    }


def test_german_french_ip_and_unsigned_signatures_are_participants(data):
    assert data["sections"][0]["participants"] == [
        "Lindaheins",
        "Kwame Asante (WMGH)",
        "Bücherwurm42",
        "203.0.113.42",
        "Priya.Iyer",
    ]
    assert data["sections"][1]["participants"][1] == "Amadou Diallo"
    assert data["sections"][1]["digest"][1]["time"] == "2019-08-05T08:11:00Z"
    assert data["sections"][1]["digest"][3]["author"] == "Freiwilliger2019"


def test_the_struck_vote_does_not_count_and_the_new_one_does(data):
    assert data["sections"][5]["votes"] == {"support": 4, "oppose": 1, "neutral": 1}


def test_the_late_answer_is_reported_not_counted(data):
    [problem] = data["problems"]
    assert problem["line"] == 31 and problem["code"] == "outside-window"
    assert data["sections"][3]["comments"] == 0
