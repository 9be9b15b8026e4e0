"""Real talk pages, counted by hand.

Each expectation below was counted by reading the fixture (tests/fixtures/talk/,
see ATTRIBUTION.md) line by line before the parser was run on it; the
comment above each page lists every signature with its line number, its
author, its time in UTC and whether it is a top-level response (T) or a
reply (R) under the spec's rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from tests import support

TALK = Path(__file__).resolve().parent.parent / "fixtures" / "talk"


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


def summary(name: str, settings) -> dict:
    text = (TALK / name).read_text(encoding="utf-8")
    return summary_to_json(summarise(parse_discussion(name, text, settings)))


def row(section: dict) -> tuple:
    return (
        section["title"],
        section["comments"],
        section["top_level"],
        section["replies"],
        section["participants"],
        section["first"],
        section["last"],
        section["unanswered"],
    )


def problems(data: dict) -> list[tuple[int, str]]:
    return [(p["line"], p["code"]) for p in data["problems"]]


# ---------------------------------------------------------------------------
# de-diskussion-3oh3-unsigned-ip.wiki
#   == Musikstil == (L1)
#     L2  Daondo          2010-01-07 01:49 (02:49 CET)                  T
#     L3  84.190.253.164  2010-05-18 16:25 (substituted "nicht signierter
#                         Beitrag" inside <small>, 18:25 CEST)          T
#   == Name == (L5)
#     L8  84.159.54.225   2010-07-17 15:15; text L6-L8, first line L6   T
#   == Neue Single == (L10)
#     L13 93.200.123.39   2011-06-19 12:12                              T
#   == Diskografie == (L15)
#     L17 87.166.25.148   2012-08-03 10:39 (<nowiki/> before the time)  T
#     L18 Xxvid ([[Benutzer:xxvid]] -> first letter upper) 2012-08-03 20:18  R
#     L19 Xxvid           2012-08-04 22:25 (00:25 CEST on the 5th)      R
#     L21 87.166.47.208   2012-10-29 16:51 (17:51 CET)                  T
#     L24 87.166.29.35    2013-02-14 14:32; first line L23              T
#   unanswered: Musikstil 2, Name 1, Neue Single 1, Diskografie 2 (L21, L24)
# ---------------------------------------------------------------------------


def test_3oh3_sections_counted_by_hand(settings):
    data = summary("de-diskussion-3oh3-unsigned-ip.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        ("Musikstil", 2, 2, 0, ["Daondo", "84.190.253.164"], "2010-01-07T01:49:00Z", "2010-05-18T16:25:00Z", 2),
        ("Name", 1, 1, 0, ["84.159.54.225"], "2010-07-17T15:15:00Z", "2010-07-17T15:15:00Z", 1),
        ("Neue Single", 1, 1, 0, ["93.200.123.39"], "2011-06-19T12:12:00Z", "2011-06-19T12:12:00Z", 1),
        (
            "Diskografie",
            5,
            3,
            2,
            ["87.166.25.148", "Xxvid", "87.166.47.208", "87.166.29.35"],
            "2012-08-03T10:39:00Z",
            "2013-02-14T14:32:00Z",
            2,
        ),
    ]
    assert data["totals"] == {
        "comments": 9,
        "participants": 8,
        "first": "2010-01-07T01:49:00Z",
        "last": "2013-02-14T14:32:00Z",
    }
    assert data["problems"] == []


def test_3oh3_digest_is_the_first_sentence_without_markup(settings):
    data = summary("de-diskussion-3oh3-unsigned-ip.wiki", settings)
    name, single = data["sections"][1], data["sections"][2]
    # "Hat sich erledigt -.-" has no sentence end; the question mark on L7 ends it.
    assert name["digest"] == [
        {
            "author": "84.159.54.225",
            "time": "2010-07-17T15:15:00Z",
            "text": "Hat sich erledigt -.- Woher kommt das Ausrufezeichen?",
        }
    ]
    # "28. Juni" is a date, not the end of a sentence; the external link shows its label.
    assert (
        single["digest"][0]["text"] == 'Ab 28. Juni 2011 ist die neue Single "Robot" auf iTunes erhätlich (siehe hier).'
    )


# ---------------------------------------------------------------------------
# de-diskussion-schlacht-in-lothringen.wiki
#   == Überarbeiten == (L1)
#     L4  UMyd     2014-08-01 23:12 (01:12 CEST on 2 Aug)              T
#   == Trouée de Charmes == (L6, trailing space after the heading)
#     L8  {{ping|UMyd}} is a ping, not a signature
#     L19 Neun-x   2015-10-17 15:37; text L7-L19, first line L8        T
#     L21 ":Nachtrag" has no signature: not a comment
#   == Fußnote 2 ... welcher der beiden Bände ? == (L23)
#     L33 Neun-x   2015-10-16 20:56 (earlier than L19)                 T
#   totals: 3 comments, 2 participants, first 2014-08-01 23:12, last 2015-10-17 15:37
# ---------------------------------------------------------------------------


def test_lothringen_sections_counted_by_hand(settings):
    data = summary("de-diskussion-schlacht-in-lothringen.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        ("Überarbeiten", 1, 1, 0, ["UMyd"], "2014-08-01T23:12:00Z", "2014-08-01T23:12:00Z", 1),
        ("Trouée de Charmes", 1, 1, 0, ["Neun-x"], "2015-10-17T15:37:00Z", "2015-10-17T15:37:00Z", 1),
        (
            "Fußnote 2 ... welcher der beiden Bände ?",
            1,
            1,
            0,
            ["Neun-x"],
            "2015-10-16T20:56:00Z",
            "2015-10-16T20:56:00Z",
            1,
        ),
    ]
    assert data["totals"] == {
        "comments": 3,
        "participants": 2,
        "first": "2014-08-01T23:12:00Z",
        "last": "2015-10-17T15:37:00Z",
    }
    assert data["problems"] == []


# ---------------------------------------------------------------------------
# de-benutzer-diskussion-mxna-ri-welcome.wiki
#   == Herzlich willkommen in der Wikipedia, Mxna.ri! == (L1)
#     L22 AHZ  2016-08-21 01:04 (03:04 CEST); text L2-L22              T
#     L24 AHZ  2016-08-21 01:04; the line also links [[Benutzer:Mxna.ri/Doris Riedl]]
#              before the signature: the author is the last user link  T
#   no lead comments (lead not listed); 2 unanswered
# ---------------------------------------------------------------------------


def test_welcome_message_counted_by_hand(settings):
    data = summary("de-benutzer-diskussion-mxna-ri-welcome.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        (
            "Herzlich willkommen in der Wikipedia, Mxna.ri!",
            2,
            2,
            0,
            ["AHZ"],
            "2016-08-21T01:04:00Z",
            "2016-08-21T01:04:00Z",
            2,
        ),
    ]
    digest = data["sections"][0]["digest"]
    assert digest[0]["text"].startswith("Ich habe gesehen, dass du dich kürzlich hier angemeldet hast")
    assert (
        digest[1]["text"]
        == "PS: Dein Entwurf liegt unter Benutzer:Mxna.ri/Doris Riedl, ein Artikel ist das noch nicht."
    )
    assert data["problems"] == []


# ---------------------------------------------------------------------------
# en-talk-nicktoons-game-2008-sinebot.wiki (no headings: everything is the lead)
#     L3  Majora999      2008-10-17 18:04                              T
#     L4  Pikawil        2008-10-21 04:41 (":")                        R
#     L6  Majora999      2008-10-21 22:21                              T
#     L9  KensouYagami   "22 October 2008 (UTC)": a date without a time
#                        of day -> finding, not counted (ends L8-L9)
#     L11 Majora999      2008-10-23 02:44                              T
#     L13 KensouYagami   [[user:KensouYagami]] then SineBot's "undated comment was
#                        added at 06:16, 25 October 2008 (UTC)."       T
#     L15 69.137.144.243 SineBot {{UnsignedIP}}: contributions + talk link  T
#     L17 Majora999      2008-10-25 06:40                              T
#     L19 Majora999      2008-10-26 23:09                              T
#     L21 Takeacheer     SineBot {{Unsigned}} (last link: contribs)   T
#     L23 Majora999      2008-10-30 02:48                              T
#   10 comments, 9 top-level, 1 reply, 8 unanswered (only L3 has a reply)
# ---------------------------------------------------------------------------


def test_sinebot_page_counted_by_hand(settings):
    data = summary("en-talk-nicktoons-game-2008-sinebot.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        (
            "(lead)",
            10,
            9,
            1,
            ["Majora999", "Pikawil", "KensouYagami", "69.137.144.243", "Takeacheer"],
            "2008-10-17T18:04:00Z",
            "2008-10-30T02:48:00Z",
            8,
        ),
    ]
    assert data["totals"]["participants"] == 5
    assert problems(data) == [(9, "undated-signature")]
    texts = [d["text"] for d in data["sections"][0]["digest"]]
    # the autosigned note ("—Preceding unsigned comment added by") is part of the signature
    assert "Why cant' the game have Bessie Higgenbottom?" in texts
    assert not any("Preceding" in t for t in texts)
    # the undated signature on L9 ends its own text: L11's comment starts on L10
    assert texts[2] == "Ya I'm getting it soon and i'll fix anything thats broken."


# ---------------------------------------------------------------------------
# rosettacode-help-talk-syntax-highlighting.wiki
#   == [[Help:GeSHi]] == (L1): L3 Mwn3d T 2009-04-05 18:43; L4 Short Circuit R;
#       L5 Underscore R; L6 Short Circuit (shown "Michael Mol") R 2009-12-18 07:43
#   == Vim to Geshi translation? == (L8): L10 192.139.122.42 T 2011-11-01 22:27
#       (IP glued to the sentence); L11 192.139.122.42 R; L12 24.85.131.247 R 2011-11-11 06:41
#   == Rexx Family == (L14): L20 Walterpachl T 2012-07-13 18:59
#   == Broken When Logged In == (L22): L24 Kzh T 18:51; L26 "-- works for me"
#       unindented -> Walterpachl T 19:29 (2012-09-18)
#   == Assembly Languages == (L28): L39 Alt T 2014-09-16 04:36 (text L29-L39);
#       L41 dchapes R (last link is Special:Contributions/dchapes -> "Dchapes");
#       L43 Alt R 2014-09-17 04:20
#   == Could we get something like <nowiki><code lang=FOO></nowiki> ? == (L45):
#       L49 Rdm T 2016-02-27 06:07
#   == Scilab highlighting problem == (L51): L54 Luispauloml T 08:31; L56 Rdm R;
#       L58 Luispauloml R; L60 Rdm R 19:32 (mentions [[User:Short_Circuit]] first)
#   == Which version of GeSHi does this site support? == (L62): L68 PureFox T
#       2017-09-30 17:34; L70 Rdm R (mentions Short Circuit first); L71 PureFox R
#       2017-10-01 17:40
#   21 comments, 12 participants
# ---------------------------------------------------------------------------


def test_rosetta_help_talk_counted_by_hand(settings):
    data = summary("rosettacode-help-talk-syntax-highlighting.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        (
            "Help:GeSHi",
            4,
            1,
            3,
            ["Mwn3d", "Short Circuit", "Underscore"],
            "2009-04-05T18:43:00Z",
            "2009-12-18T07:43:00Z",
            0,
        ),
        (
            "Vim to Geshi translation?",
            3,
            1,
            2,
            ["192.139.122.42", "24.85.131.247"],
            "2011-11-01T22:27:00Z",
            "2011-11-11T06:41:00Z",
            0,
        ),
        ("Rexx Family", 1, 1, 0, ["Walterpachl"], "2012-07-13T18:59:00Z", "2012-07-13T18:59:00Z", 1),
        ("Broken When Logged In", 2, 2, 0, ["Kzh", "Walterpachl"], "2012-09-18T18:51:00Z", "2012-09-18T19:29:00Z", 2),
        ("Assembly Languages", 3, 1, 2, ["Alt", "Dchapes"], "2014-09-16T04:36:00Z", "2014-09-17T04:20:00Z", 0),
        (
            "Could we get something like <code lang=FOO> ?",
            1,
            1,
            0,
            ["Rdm"],
            "2016-02-27T06:07:00Z",
            "2016-02-27T06:07:00Z",
            1,
        ),
        (
            "Scilab highlighting problem",
            4,
            1,
            3,
            ["Luispauloml", "Rdm"],
            "2017-06-02T08:31:00Z",
            "2017-06-02T19:32:00Z",
            0,
        ),
        (
            "Which version of GeSHi does this site support?",
            3,
            1,
            2,
            ["PureFox", "Rdm"],
            "2017-09-30T17:34:00Z",
            "2017-10-01T17:40:00Z",
            0,
        ),
    ]
    assert data["totals"] == {
        "comments": 21,
        "participants": 12,
        "first": "2009-04-05T18:43:00Z",
        "last": "2017-10-01T17:40:00Z",
    }
    assert data["problems"] == []


# ---------------------------------------------------------------------------
# rosettacode-talk-pi.wiki (59 "(UTC)" signatures, one undated signature)
#   ==stopping the program== (L1)
#     L2 Rdm T 2011-03-25 22:20 | L6 Markhobley T (first line L4) 22:40 |
#     L7 Mwn3d R 03-26 02:15 | L11 Gerard Schildberger T 2012-03-27 08:44: his ":"
#     reply was inserted above Markhobley's older L13 signature, so his text starts
#     at L9 (Markhobley's unindented words) and it is top-level by the rules |
#     L13 Markhobley T 2011-03-26 10:57 | L15 Kevin Reid R 03-27 13:35 |
#     L17 Jofur ("&lt;Jofur&gt;" shown) T 03-26 11:02 | L21 Markhobley T (first line
#     L19) 15:54 | L23 Jofur R (first line L22) 16:28
#     -> 9 comments, 6 T, 3 R; unanswered L2, L11, L17 = 3
#   ==How?== (L25)
#     L26 Paddy3118 T 03-26 17:10 | L30 Markhobley T (first line L28) 21:21 |
#     L31 Mwn3d R 21:25 | L32 Short Circuit R 03-27 13:36 | L34 Paddy3118 R 22:46
#     -> 5 comments, 2 T, 3 R, unanswered 1 (L26)
#   ==Deleted GUISS solution== (L36)
#     L38 Markhobley T 07-23 22:34; replies L39 Ledrug, L40-L43 Markhobley x4,
#     L44 Mwn3d, L45-L46 Markhobley x2, L47 Dkf, L48 Mwn3d, L49 Paddy3118,
#     L50-L51 Markhobley x2, L52 Rdm, L53 Ledrug, L54 Dkf;
#     "### Time to delete" (L57) is not a heading: L59 Paddy3118's text starts
#     at L57 with "#", so it is a reply; L60 Ledrug, L61-L62 Short Circuit 08-02 03:15
#     -> 21 comments, 1 T, 20 R
#   == Task split == (L64)
#     L66 Short Circuit T 07-26 11:56; R: L67 Mwn3d, L68 Rdm, L69 Short Circuit,
#     L70 Rdm, L71 Short Circuit, L72 Ledrug, L73 RichardRussell 2012-11-12 14:37
#     -> 8 comments, 1 T, 7 R
#   == C# - incorrect solution == (L75)
#     L81 "--[[User:thedeemon|thedeemon]] 24 October 2012": no timestamp -> finding
#     L84 Gerard Schildberger 2018-09-24 09:45, ":" but the first counted comment
#     of its section -> T
#   == Pi vs tau == (L86)
#     L87 Rdm T 2011-08-01 12:57; R: L88, L89, L90, L91, L92, L93, L94, L95, L96,
#     L97, L100 (Dkf, first line L98), L102 (Rdm, first line L101) 2012-02-12 16:34
#     -> 13 comments, 1 T, 12 R
#   == Julia Output == (L104): L106 J4 james ("j4_james" shown) T 2015-10-03 16:47
#   == Formula for JAVA == (L109): L112 DeatH StaR T 2016-10-13 20:55
#   == pascal == (L114): no signature ("###  different output" is not a heading)
#   totals: 59 comments, 13 participants
# ---------------------------------------------------------------------------


def test_rosetta_talk_pi_counted_by_hand(settings):
    data = summary("rosettacode-talk-pi.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        (
            "stopping the program",
            9,
            6,
            3,
            ["Rdm", "Markhobley", "Mwn3d", "Gerard Schildberger", "Kevin Reid", "Jofur"],
            "2011-03-25T22:20:00Z",
            "2012-03-27T08:44:00Z",
            3,
        ),
        (
            "How?",
            5,
            2,
            3,
            ["Paddy3118", "Markhobley", "Mwn3d", "Short Circuit"],
            "2011-03-26T17:10:00Z",
            "2011-03-27T13:36:00Z",
            1,
        ),
        (
            "Deleted GUISS solution",
            21,
            1,
            20,
            ["Markhobley", "Ledrug", "Mwn3d", "Dkf", "Paddy3118", "Rdm", "Short Circuit"],
            "2011-07-23T22:34:00Z",
            "2011-08-02T03:15:00Z",
            0,
        ),
        (
            "Task split",
            8,
            1,
            7,
            ["Short Circuit", "Mwn3d", "Rdm", "Ledrug", "RichardRussell"],
            "2011-07-26T11:56:00Z",
            "2012-11-12T14:37:00Z",
            0,
        ),
        (
            "C# - incorrect solution",
            1,
            1,
            0,
            ["Gerard Schildberger"],
            "2018-09-24T09:45:00Z",
            "2018-09-24T09:45:00Z",
            1,
        ),
        (
            "Pi vs tau",
            13,
            1,
            12,
            ["Rdm", "Short Circuit", "Ledrug", "Dkf"],
            "2011-08-01T12:57:00Z",
            "2012-02-12T16:34:00Z",
            0,
        ),
        ("Julia Output", 1, 1, 0, ["J4 james"], "2015-10-03T16:47:00Z", "2015-10-03T16:47:00Z", 1),
        ("Formula for JAVA", 1, 1, 0, ["DeatH StaR"], "2016-10-13T20:55:00Z", "2016-10-13T20:55:00Z", 1),
        ("pascal", 0, 0, 0, [], None, None, 0),
    ]
    assert data["totals"] == {
        "comments": 59,
        "participants": 13,
        "first": "2011-03-25T22:20:00Z",
        "last": "2018-09-24T09:45:00Z",
    }
    assert problems(data) == [(81, "signature-without-timestamp")]


# ---------------------------------------------------------------------------
# de-wp-loeschkandidaten-2004-12-07-votes.wiki: the lead and the first four
# sections, 2004 signatures ("7. Dez 2004 (CET)", no dot after the month)
#   lead: L7 Guenny T 2004-12-28 17:23 (the ~~~~ on L9 is in <nowiki> inside a comment)
#   == [[Gert Ewen Ungar]](erl. gel.) == (L12)
#     L14 ArtMechanic T 12-06 23:33 | L17 Colepani R 12-07 00:02 (mentions
#     ArtMechanic first) | L19 Martin-vogel R 01:05 | L21 Colepani R 09:34 |
#     L23 Martin-vogel link, no timestamp -> finding | L27 Forensiker R 09:57
#     (first line L25) | L29 Idler R 11:39 | L31 ElRaki R 12-10 23:01
#     -> 7 comments, 1 T, 6 R
#   == [[Rüstwagen1]](erledigt redirect) == (L33)
#     L34 Patrick Permien T 12-06 23:56 | L36 Ezrimerchant T 10:33 |
#     L38 Suricata T 10:40 | L39 Hadhuey R 21:13 | L41 Dreiundvierzig T 12-08 11:41
#     -> 5 comments, 4 T, 1 R, unanswered 3 (L34, L36, L41)
#   ==[[Deutsche Demokratische Foren Union]] + [[DDFU]] (Weiterleitung) (erledigt;bleibt)== (L43)
#     L45 "-- Simplicius ☺ 01:46, 7. Dez 2004 (CET)": no user link -> finding
#     L46 TheK ":" but first counted comment -> T 12-07 00:52 | L47 Finanzer R |
#     L48 AN R | L49 Presse03 R | L51 Dundak T 12-10 00:50 | L53 Zenogantner
#     ("zeno") T 01:00 | L55-L63 unsigned | L65 Rax T 12-19 16:20 (first line L55)
#     | L89 Sirmike T 12-23 14:35 (first line L68) | L91 unsigned
#     -> 8 comments, 5 T, 3 R, unanswered 4
#   ==[[Nationaler Radverkehrsplan]](erl. gel.)== (L93)
#     L94 Zinnmann T 08:45 | L95 MAK R | L96 Presse03 R | L97 Nocturne R |
#     L99 Jofi T 10:07 -> 5 comments, 2 T, 3 R, unanswered 1
# ---------------------------------------------------------------------------


def test_deletion_discussion_first_sections_counted_by_hand(settings):
    data = summary("de-wp-loeschkandidaten-2004-12-07-votes.wiki", settings)
    assert [row(s) for s in data["sections"][:5]] == [
        ("(lead)", 1, 1, 0, ["Guenny"], "2004-12-28T17:23:00Z", "2004-12-28T17:23:00Z", 1),
        (
            "Gert Ewen Ungar(erl. gel.)",
            7,
            1,
            6,
            ["ArtMechanic", "Colepani", "Martin-vogel", "Forensiker", "Idler", "ElRaki"],
            "2004-12-06T23:33:00Z",
            "2004-12-10T23:01:00Z",
            0,
        ),
        (
            "Rüstwagen1(erledigt redirect)",
            5,
            4,
            1,
            ["Patrick Permien", "Ezrimerchant", "Suricata", "Hadhuey", "Dreiundvierzig"],
            "2004-12-06T23:56:00Z",
            "2004-12-08T11:41:00Z",
            3,
        ),
        (
            "Deutsche Demokratische Foren Union + DDFU (Weiterleitung) (erledigt;bleibt)",
            8,
            5,
            3,
            ["TheK", "Finanzer", "AN", "Presse03", "Dundak", "Zenogantner", "Rax", "Sirmike"],
            "2004-12-07T00:52:00Z",
            "2004-12-23T14:35:00Z",
            4,
        ),
        (
            "Nationaler Radverkehrsplan(erl. gel.)",
            5,
            2,
            3,
            ["Zinnmann", "MAK", "Presse03", "Nocturne", "Jofi"],
            "2004-12-07T08:45:00Z",
            "2004-12-07T10:07:00Z",
            1,
        ),
    ]
    found = problems(data)
    assert (23, "signature-without-timestamp") in found
    assert (45, "timestamp-without-signature") in found
    assert not any(
        line < 93
        for line, _ in found
        if (line, _) not in {(23, "signature-without-timestamp"), (45, "timestamp-without-signature")}
    )


# ---------------------------------------------------------------------------
# Pages with headings but no signatures
#   fr-user-talk-bot-anecdote-notices.wiki: two headings; the bot's notices are
#   dated "le 18 avril 2019 à 08:46" with no time zone and no user link, so
#   neither is a signature (and not a finding: there is no zone to read).
#   en-talk-kanye-west-header-banners.wiki: banners only; "action1date=20:38,
#   27 April 2008 (UTC)" is a date field of {{Article history}}, not a signature.
# ---------------------------------------------------------------------------


def test_headed_sections_without_comments_are_listed_with_zero_counts(settings):
    data = summary("fr-user-talk-bot-anecdote-notices.wiki", settings)
    assert [row(s) for s in data["sections"]] == [
        ("Proposition d'anecdote pour la page d'accueil", 0, 0, 0, [], None, None, 0),
        ("Proposition d'anecdote pour la page d'accueil : Jean-Baptiste de Chateaubriand", 0, 0, 0, [], None, None, 0),
    ]
    assert data["totals"] == {"comments": 0, "participants": 0, "first": None, "last": None}
    assert data["problems"] == []


def test_a_date_parameter_of_a_banner_is_not_a_signature(settings):
    data = summary("en-talk-kanye-west-header-banners.wiki", settings)
    assert data["sections"] == []
    assert data["problems"] == []
