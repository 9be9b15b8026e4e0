"""Signatures one by one: who signed, when, and what is reported instead of guessed."""

from __future__ import annotations

import pytest

from bot.core.discussion import LEAD, load_consultation_settings, parse_discussion
from bot.core.discussion.timestamps import iso
from tests import support

STAMP = "12:34, 5 May 2018 (UTC)"
WHEN = "2018-05-05T12:34:00Z"


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


def signed(text: str, settings) -> list[tuple[str, str | None]]:
    return [(c.author, iso(c.time)) for c in parse_discussion("Talk:Test", text, settings).comments]


def findings(text: str, settings) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in parse_discussion("Talk:Test", text, settings).findings]


# --------------------------------------------------------------- user links


def test_custom_display_name_is_not_the_author(settings):
    text = f"Agreed. --[[User:Real_name|<span style='color:red'>Shown ''name''</span>]] {STAMP}"
    assert signed(text, settings) == [("Real name", WHEN)]


def test_only_a_talk_link_signs(settings):
    assert signed(f"Agreed. [[User talk:Only talk|talk to me]] {STAMP}", settings) == [("Only talk", WHEN)]


def test_only_a_contributions_link_signs(settings):
    assert signed(f"Agreed. [[Special:Contributions/Only contribs|c]] {STAMP}", settings) == [("Only contribs", WHEN)]


def test_the_last_of_several_user_links_before_a_timestamp_is_the_author(settings):
    text = f"As [[User:Alice|Alice]] said, fine. [[User:Bob|Bob]] ([[User talk:Bob|talk]]) {STAMP}"
    assert signed(text, settings) == [("Bob", WHEN)]


def test_a_mention_is_not_part_of_the_signature_or_its_digest(settings):
    comment = parse_discussion("T", f"I agree with [[User:Alice|Alice]]. [[User:Bob|Bob]] {STAMP}", settings).comments[
        0
    ]
    assert (comment.author, comment.digest) == ("Bob", "I agree with Alice.")


@pytest.mark.parametrize(
    "link, author",
    [
        ("[[Special:Contributions/192.0.2.7|192.0.2.7]]", "192.0.2.7"),
        ("[[Special:Contributions/2001:db8::ff|2001:db8::ff]]", "2001:db8::ff"),
        ("[[User talk:192.0.2.7|talk]]", "192.0.2.7"),
        ("[[Spezial:Beiträge/192.0.2.7|192.0.2.7]]", "192.0.2.7"),
        ("[[Especial:Contribuciones/192.0.2.7|192.0.2.7]]", "192.0.2.7"),
        ("[[Spécial:Contributions/192.0.2.7|192.0.2.7]]", "192.0.2.7"),
    ],
)
def test_an_ip_address_is_kept_as_written(settings, link, author):
    assert signed(f"Text {link} {STAMP}", settings) == [(author, WHEN)]


@pytest.mark.parametrize(
    "link, author",
    [
        ("[[Benutzer:Hans Müller|Hans]]", "Hans Müller"),
        ("[[Benutzer Diskussion:Hans_Müller|Disk]]", "Hans Müller"),
        ("[[benutzer:hans|hans]]", "Hans"),
        ("[[:Benutzer:Fgb|Fgb]]", "Fgb"),
        ("[[Utilisateur:L'amateur d'aéroplanes|L&#39;amateur]]", "L'amateur d'aéroplanes"),
        ("[[Discussion utilisateur:Jean|d]]", "Jean"),
        ("[[Usuario:Juan|Juan]]", "Juan"),
        ("[[m:User:Meta person|M]]", "Meta person"),
        ("[[:en:User:English person|E]]", "English person"),
        ("[[w:de:Benutzer:Zwei Präfixe|Z]]", "Zwei Präfixe"),
        ("[[User:Sargoth/Bewertung|<sup>±</sup>]]", "Sargoth"),
        ("[[User talk:Topic#Reply|talk]]", "Topic"),
    ],
)
def test_localised_and_interwiki_user_links(settings, link, author):
    assert signed(f"Text {link} {STAMP}", settings) == [(author, WHEN)]


def test_links_that_are_not_user_links_do_not_sign(settings):
    text = f"See [[Help:Signature|signature]] and [[Userbox:Foo]] {STAMP}"
    assert signed(text, settings) == []
    assert findings(text, settings) == [(1, "timestamp-without-signature")]


# --------------------------------------------------------------- unsigned templates


@pytest.mark.parametrize(
    "template, author, when",
    [
        ("{{unsigned|Carol|12:34, 5 May 2018 (UTC)}}", "Carol", WHEN),
        ("{{Unsigned|Carol|12:34, 5 May 2018}}", "Carol", WHEN),
        ("{{unsigned2|12:34, 5 May 2018 (UTC)|Carol}}", "Carol", WHEN),
        ("{{unsigned|1=Carol|2=12:34, 5 May 2018 (UTC)}}", "Carol", WHEN),
        ("{{unsigned|2=12:34, 5 May 2018 (UTC)|Carol}}", "Carol", WHEN),
        ("{{unsigned|[[User:Carol|the Carol]]|12:34, 5 May 2018 (UTC)}}", "Carol", WHEN),
        ("{{unsigned IP|192.0.2.7|12:34, 5 May 2018 (UTC)}}", "192.0.2.7", WHEN),
        ("{{unsigniert|Dieter|14:34, 5. Mai 2018 (CEST)}}", "Dieter", WHEN),
        ("{{non signé|Élise|5 mai 2018 à 14:34 (CEST)}}", "Élise", WHEN),
        ("{{unsigned|Carol}}", "Carol", None),
        ("{{subst:unsigned|Carol|12:34, 5 May 2018 (UTC)}}", "Carol", WHEN),
    ],
)
def test_unsigned_templates_sign_for_the_user_they_name(settings, template, author, when):
    assert signed(f"Some words. {template}", settings) == [(author, when)]


def test_an_unsigned_template_without_a_user_is_reported(settings):
    assert signed("Some words. {{unsigned}}", settings) == []
    assert findings("Some words. {{unsigned}}", settings) == [(1, "unsigned-without-user")]


def test_an_unreadable_date_in_an_unsigned_template_is_reported_and_the_comment_counts(settings):
    text = "Some words. {{unsigned|Carol|31 February 2018}}"
    assert signed(text, settings) == [("Carol", None)]
    assert findings(text, settings) == [(1, "unreadable-timestamp")]


@pytest.mark.parametrize(
    "line, author, when",
    [
        # enwiki SineBot, {{UnsignedIP}} substituted
        (
            'Why not?  <span class="autosigned">—Preceding [[Wikipedia:Signatures|unsigned]] comment added by '
            "[[Special:Contributions/192.0.2.7|192.0.2.7]] ([[User talk:192.0.2.7|talk]]) 06:27, 25 October 2008 (UTC)</span>"
            "<!-- Template:UnsignedIP --> <!--Autosigned by SineBot-->",
            "192.0.2.7",
            "2008-10-25T06:27:00Z",
        ),
        # dewiki {{unsigniert}} substituted, time inside <small>, "<nowiki/>" before it
        (
            "Ich würds machen. <small>(''nicht [[Hilfe:Signatur|signierter]] Beitrag von'' "
            "[[Spezial:Beiträge/192.0.2.7|192.0.2.7]] ([[Benutzer Diskussion:192.0.2.7|Diskussion]])<nowiki/> "
            "12:39, 3. Aug. 2012 (CEST)) </small>",
            "192.0.2.7",
            "2012-08-03T10:39:00Z",
        ),
        # dewiki "Datum/Uhrzeit nachträglich eingefügt"
        (
            "Ich dachte.[[Benutzer:Oskar Lightning]]-- <small>(11:45, 22. Mai 2010 (CEST), ''Datum/Uhrzeit "
            "nachträglich eingefügt, siehe [[Hilfe:Signatur]]'')</small>",
            "Oskar Lightning",
            "2010-05-22T09:45:00Z",
        ),
    ],
)
def test_substituted_unsigned_notes_sign_for_the_user_they_name(settings, line, author, when):
    assert signed(line, settings) == [(author, when)]
    comment = parse_discussion("T", line, settings).comments[0]
    assert "Preceding" not in comment.digest and "signierter" not in comment.digest


# --------------------------------------------------------------- what is reported


def test_a_timestamp_without_a_user_link_is_reported_not_counted(settings):
    text = f"Fine by me. -- Simplicius ☺ {STAMP}"
    assert signed(text, settings) == []
    assert findings(text, settings) == [(1, "timestamp-without-signature")]


def test_a_user_link_ending_a_line_without_a_timestamp_is_reported_not_counted(settings):
    text = "Fine by me. --[[User:Dave|Dave]] ([[User talk:Dave|talk]])\n\nNext paragraph."
    assert signed(text, settings) == []
    finding = parse_discussion("T", text, settings).findings[0]
    assert (finding.line, finding.code, finding.section) == (1, "signature-without-timestamp", LEAD)
    assert "Dave" in finding.message and finding.text.startswith("Fine by me.")


def test_a_signature_dash_and_a_date_without_zone_is_reported(settings):
    # rosettacode-talk-pi.wiki line 81
    assert findings("The D version is correct.\n--[[User:thedeemon|thedeemon]] 24 October 2012", settings) == [
        (2, "signature-without-timestamp")
    ]


def test_a_user_named_in_a_sentence_is_a_mention_not_an_undated_signature(settings):
    text = "Ask [[User:Katharina|Katharina]] about it, she knows the sources well."
    assert findings(text, settings) == []
    assert findings("See [[Utilisateur:Bot/Documentation|cette documentation]].", settings) == []


def test_a_date_without_time_of_day_after_a_signature_is_reported(settings):
    text = "Play it. [[User:K|K]] ([[User talk:K|talk]]) 22 October 2008 (UTC)"
    assert signed(text, settings) == []
    assert findings(text, settings) == [(1, "undated-signature")]


@pytest.mark.parametrize(
    "stamp",
    [
        "12:34, 31 February 2018 (UTC)",
        "12:34, 5 Maybe 2018 (UTC)",
        "12:34, 5 May 2018 (PST)",
        "12:34, 2018-05-05 (UTC)",
        "08.12.04 (CET)",
    ],
)
def test_an_unreadable_timestamp_is_reported_not_guessed(settings, stamp):
    text = f"Text [[User:X|X]] {stamp}"
    assert signed(text, settings) == []
    assert findings(text, settings) == [(1, "unreadable-timestamp")]


def test_an_undated_signature_ends_the_text_of_the_next_comment(settings):
    text = (
        "First. [[User:A|A]] 12:00, 1 May 2018 (UTC)\n"
        "Undated words. [[User:K|K]] 22 October 2008 (UTC)\n"
        "Second. [[User:B|B]] 12:00, 2 May 2018 (UTC)"
    )
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.first_line_text) for c in comments] == [
        ("A", "First. [[User:A|A]] 12:00, 1 May 2018 (UTC)"),
        ("B", "Second. [[User:B|B]] 12:00, 2 May 2018 (UTC)"),
    ]


# --------------------------------------------------------------- what is not a signature


@pytest.mark.parametrize(
    "quoted",
    [
        "{{tq|You wrote: fine. [[User:Quoted|Q]] 12:00, 1 May 2018 (UTC)}}",
        "{{quote|fine. [[User:Quoted|Q]] 12:00, 1 May 2018 (UTC)}}",
        "{{talkquote|fine. [[User:Quoted|Q]] 12:00, 1 May 2018 (UTC)}}",
        "<blockquote>fine. [[User:Quoted|Q]] 12:00, 1 May 2018 (UTC)</blockquote>",
    ],
)
def test_a_signature_inside_a_quote_is_not_a_signature(settings, quoted):
    text = f"{quoted} I disagree. [[User:Eve|Eve]] {STAMP}"
    assert signed(text, settings) == [("Eve", WHEN)]
    assert findings(text, settings) == []


@pytest.mark.parametrize(
    "hidden",
    [
        "<!-- [[User:Hidden|H]] 12:00, 1 May 2018 (UTC) -->",
        "<!-- multi\nline [[User:Hidden|H]] 12:00, 1 May 2018 (UTC) -->",
        "<nowiki>[[User:Hidden|H]] 12:00, 1 May 2018 (UTC)</nowiki>",
        "<pre>[[User:Hidden|H]] 12:00, 1 May 2018 (UTC)</pre>",
        "[[Archive|[[User:Hidden|H]] 12:00, 1 May 2018 (UTC)]]",
        "[[Old discussion|12:00, 1 May 2018 (UTC)]]",
        "[https://example.org 12:00, 1 May 2018 (UTC)]",
        "{{Article history|action1date=20:38, 27 April 2008 (UTC)}}",
    ],
)
def test_dates_and_links_a_reader_does_not_see_as_a_signature_are_ignored(settings, hidden):
    assert signed(hidden, settings) == []
    assert findings(hidden, settings) == []


def test_timestamps_with_no_break_spaces_and_direction_marks(settings):
    text = (
        "[[User:A|A]] 12:34,&nbsp;5&nbsp;May&nbsp;2018&nbsp;(UTC)\n"
        "[[User:B|B]] \u200f12:34, 5\u00a0May 2018 (UTC)\u200e"
    )
    assert signed(text, settings) == [("A", WHEN), ("B", WHEN)]


def test_two_signatures_on_one_line_are_two_comments(settings):
    text = f"Yes. [[User:A|A]] {STAMP} No. [[User:B|B]] 13:00, 5 May 2018 (UTC)"
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.digest) for c in comments] == [("A", "Yes."), ("B", "No.")]


def test_a_signature_inside_a_template_parameter_counts_in_the_section_where_the_template_stands(settings):
    text = (
        "== Proposal ==\n"
        "{{Discussion top|result=Kept|comment=\n"
        "Closing: there is consensus. --[[User:Closer|Closer]] 12:00, 9 May 2018 (UTC)\n"
        "}}\n"
        "Original proposal. [[User:Proposer|P]] 12:00, 1 May 2018 (UTC)\n"
    )
    discussion = parse_discussion("T", text, settings)
    section = discussion.sections[1]
    assert section.title == "Proposal"
    assert [(c.author, c.line, c.digest) for c in section.comments] == [
        ("Closer", 3, "Closing: there is consensus."),
        ("Proposer", 5, "Original proposal."),
    ]


def test_a_dewiki_cleanup_note_signed_in_a_parameter_counts(settings):
    # de-signature-variants-snippets.wiki line 33
    text = (
        "{{Diskussion aufgeräumt|24. Februar 2014|2=[https://de.wikipedia.org/w/index.php?oldid=1 Version vom "
        "25. November 2013]|3=[[Benutzer:Fallen Sheep|Fallen Sheep]] ([[Benutzer Diskussion:Fallen Sheep|"
        "Diskussion]]) 00:17, 24. Feb. 2014 (CET)}}{{Autoarchiv |Alter=180}}"
    )
    assert signed(text, settings) == [("Fallen Sheep", "2014-02-23T23:17:00Z")]
    assert findings(text, settings) == []
