"""Real talk-page text in other wiki languages, counted by hand.

Issue 15 asks for signatures in the wiki's language proven on real pages.
tests/fixtures/talk/real/ holds text written by real editors (see
ATTRIBUTION.md), copied byte for byte and cut only at section boundaries.
Each page is read with the rules of its wiki: the language from
config/languages.json (``for_languages``) plus what that wiki's siteinfo
says (``with_wiki``: ruwiki's namespace aliases У: and ОУ:).

Every signature below was listed by reading the file line by line before the
parser was run: line, author, time in UTC, T (top-level response) or R (reply).

Languages found so far: ru only (see docs/consultations.md, "Real pages in
other languages", for where else we looked). The self-written pages of
tests/fixtures/talk/languages/ still cover the other formats.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from bot.core.discussion.conventions import WikiConventions
from bot.core.discussion.settings import for_languages, with_wiki
from tests import support

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "talk" / "real"

# What each wiki's siteinfo gives beyond its language file.
SITEINFO = {
    # ruwiki: namespace aliases У (User) and ОУ (User talk); Special:Contributions is the canonical name.
    "ru": WikiConventions("ru", user_namespaces=("Участник", "Участница", "У", "Обсуждение участника", "ОУ")),
}


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


def parsed(name: str, settings):
    code = name.split("-", 1)[0]
    rules = with_wiki(for_languages(settings, [code]), SITEINFO.get(code, WikiConventions(code)))
    text = (REAL / name).read_text(encoding="utf-8")
    return parse_discussion(name, text, rules)


def signatures(discussion) -> list[tuple[str, list[tuple[int, str, str, str]]]]:
    """Per section (the lead only when it has comments): its title and every comment's
    (line, author, UTC time, T/R)."""
    out = []
    for section in discussion.sections:
        if section.index == 0 and not section.comments:
            continue
        rows = [
            (
                c.line,
                c.author,
                c.time.strftime("%Y-%m-%d %H:%M") if c.time else "",
                "R" if c.is_reply else "T",
            )
            for c in section.comments
        ]
        out.append((section.title, rows))
    return out


# ---------------------------------------------------------------------------
# ru-zaprosy-k-patrulirujushhim-2025.wiki: ruwiki "Википедия:Запросы к
# патрулирующим", three requests of April 2025 ("30 апреля 2025": genitive
# month; IPv6 signatures through [[Special:Contributions/…]]; replies in "*")
#   == [[День пожарной охраны России]] == (L1)
#     L2  2A00:1370:8186:BB3:A30C:5EA3:D6AA:40E6  2025-04-30 21:07       T
#   == [[Без обид]] == (L4)
#     L5  2A02:2378:1192:85A8:0:0:0:1             2025-04-30 16:42       T
#     L6  Ochota ta Wola ([[У:]] + [[ОУ:]])       2025-04-30 16:49       R
#   == <s>[[Государственный переворот в Пруссии 1932 года]]</s> == (L8)
#     L9  IStorik1991 (" == " inside the line is not a heading) 2025-04-29 20:11  T
#     L10 Ochota ta Wola                          2025-04-30 14:44       R
#   5 comments, 4 participants, unanswered 1 (L2)
# ---------------------------------------------------------------------------


def test_ruwiki_patrol_requests_2025_counted_by_hand(settings):
    discussion = parsed("ru-zaprosy-k-patrulirujushhim-2025.wiki", settings)
    assert signatures(discussion) == [
        (
            "День пожарной охраны России",
            [(2, "2A00:1370:8186:BB3:A30C:5EA3:D6AA:40E6", "2025-04-30 21:07", "T")],
        ),
        (
            "Без обид",
            [
                (5, "2A02:2378:1192:85A8:0:0:0:1", "2025-04-30 16:42", "T"),
                (6, "Ochota ta Wola", "2025-04-30 16:49", "R"),
            ],
        ),
        (
            "Государственный переворот в Пруссии 1932 года",
            [
                (9, "IStorik1991", "2025-04-29 20:11", "T"),
                (10, "Ochota ta Wola", "2025-04-30 14:44", "R"),
            ],
        ),
    ]
    data = summary_to_json(summarise(discussion))
    assert [(s["comments"], s["top_level"], s["replies"], s["unanswered"]) for s in data["sections"]] == [
        (1, 1, 0, 1),
        (2, 1, 1, 0),
        (2, 1, 1, 0),
    ]
    assert data["totals"] == {
        "comments": 5,
        "participants": 4,
        "first": "2025-04-29T20:11:00Z",
        "last": "2025-04-30T21:07:00Z",
    }
    assert data["problems"] == []


# ---------------------------------------------------------------------------
# ru-zaprosy-k-patrulirujushhim-2022-koguryo.wiki: one request of January 2022
#   == <s>[[Когурё]]</s> == (L1)
#     L3  Ulianurlanova                            2022-01-19 02:04      T
#     L4  EstherColeman (label in <span style>, talk link in <sup>, two
#         trailing spaces after "(UTC)")           2022-01-19 06:51      R
# ---------------------------------------------------------------------------


def test_ruwiki_patrol_request_2022_counted_by_hand(settings):
    discussion = parsed("ru-zaprosy-k-patrulirujushhim-2022-koguryo.wiki", settings)
    assert signatures(discussion) == [
        (
            "Когурё",
            [
                (3, "Ulianurlanova", "2022-01-19 02:04", "T"),
                (4, "EstherColeman", "2022-01-19 06:51", "R"),
            ],
        ),
    ]
    assert summary_to_json(summarise(discussion))["problems"] == []


def test_without_the_wikis_aliases_the_russian_signatures_are_not_read(settings):
    # У: and ОУ: are ruwiki's own aliases (siteinfo), in no language file: without them only
    # the Special:Contributions signatures of the IPs are read.
    text = (REAL / "ru-zaprosy-k-patrulirujushhim-2025.wiki").read_text(encoding="utf-8")
    data = summary_to_json(summarise(parse_discussion("ru", text, for_languages(settings, ["ru"]))))
    assert data["totals"]["participants"] == 2
    assert data["totals"]["comments"] == 2


def test_every_real_page_is_tested_here():
    tested = {"ru-zaprosy-k-patrulirujushhim-2025.wiki", "ru-zaprosy-k-patrulirujushhim-2022-koguryo.wiki"}
    assert {p.name for p in REAL.glob("*.wiki")} == tested
