"""Sections, replies, {{od}} and votes, as the spec defines them."""

from __future__ import annotations

import pytest

from bot.core.discussion import LEAD, load_consultation_settings, parse_discussion, summarise, summary_to_json
from bot.core.discussion.votes import read_line_start
from tests import support


@pytest.fixture(scope="module")
def settings():
    return load_consultation_settings(text_rules=support.schema().text)


def sig(user: str, day: int = 1) -> str:
    return f"[[User:{user}|{user}]] 12:00, {day} May 2018 (UTC)"


# --------------------------------------------------------------- sections


def test_text_before_the_first_heading_is_the_lead(settings):
    discussion = parse_discussion("T", f"Intro. {sig('A')}\n== One ==\nHi {sig('B')}", settings)
    assert [(s.title, s.index, s.level, s.line, len(s.comments)) for s in discussion.sections] == [
        (LEAD, 0, 0, 1, 1),
        ("One", 1, 2, 2, 1),
    ]


def test_headings_at_any_level_start_sections(settings):
    text = f"= Top =\n{sig('A')}\n=== Deep ===\n{sig('B')}\n====== Deepest ======\n{sig('C')}"
    discussion = parse_discussion("T", text, settings)
    assert [(s.title, s.level, [c.author for c in s.comments]) for s in discussion.sections[1:]] == [
        ("Top", 1, ["A"]),
        ("Deep", 3, ["B"]),
        ("Deepest", 6, ["C"]),
    ]


def test_headings_inside_template_parameters_start_sections_as_readers_see_them(settings):
    # Revised spec: a heading at the start of a line inside a template parameter is a section.
    text = (
        "== Real ==\n"
        "{{Archive top|text=\n== Inside the box ==\n}}\n"
        f"Words. {sig('A')}\n"
        "{{Collapse|1=\n=== Collapsed ===\n" + f"Inside. {sig('B')}\n" + "}}"
    )
    discussion = parse_discussion("T", text, settings)
    assert [(s.title, s.level, [c.author for c in s.comments]) for s in discussion.sections] == [
        (LEAD, 0, []),
        ("Real", 2, []),
        ("Inside the box", 2, ["A"]),
        ("Collapsed", 3, ["B"]),
    ]


def test_a_discussion_wrapper_shows_its_proposals_as_sections_with_their_votes(settings):
    text = (
        "{{Discussion\n"
        f"|comment=Closed: proposal 1 passes. {sig('Closer', 9)}\n"
        "|1=\n"
        "=== Discussion 1 ===\n"
        f"Proposal text. {sig('Proposer')}\n"
        f"* {{{{support}}}} Yes. {sig('A', 2)}\n"
        f"* {{{{oppose}}}} No. {sig('B', 3)}\n"
        "}}\n"
        "{{Discussion|1=\n=== Discussion 3 ===\n"
        f"# {{{{support}}}} {sig('C', 4)}\n"
        "}}\n"
    )
    data = summary_to_json(summarise(parse_discussion("T", text, settings)))
    assert [(s["title"], s["comments"], s["votes"]) for s in data["sections"]] == [
        (LEAD, 1, {"support": 0, "oppose": 0, "neutral": 0}),
        ("Discussion 1", 3, {"support": 1, "oppose": 1, "neutral": 0}),
        ("Discussion 3", 1, {"support": 1, "oppose": 0, "neutral": 0}),
    ]
    # the closing statement stands in the text before the first heading: it is the lead's
    assert data["sections"][0]["digest"][0]["text"] == "Closed: proposal 1 passes."


def test_heading_like_lines_that_readers_do_not_see_as_headings_are_not_sections(settings):
    text = (
        "== Real ==\n"
        "<nowiki>\n== In nowiki ==\n</nowiki>\n"
        "<pre>\n== In pre ==\n</pre>\n"
        "<!--\n== In a comment ==\n-->\n"
        "{|\n|\n== In a table cell ==\n|}\n"
        "{{Quote|1=\n== In a quotation ==\n}}\n"
        "{{Box|1=<nowiki>\n== In nowiki in a template ==\n</nowiki>}}\n"
        f"Words. {sig('A')}\n"
    )
    discussion = parse_discussion("T", text, settings)
    assert [(s.title, len(s.comments)) for s in discussion.sections] == [(LEAD, 0), ("Real", 1)]


def test_nested_wrappers_and_div_boxes_keep_their_headings(settings):
    text = (
        "{{Archive top}}\n"
        "<div class='box'>\n"
        "{{Discussion|1=\n"
        "{{Collapse|1=\n== Deep inside ==\n" + f"Words. {sig('A')}\n" + "}}\n"
        "}}\n"
        "</div>\n"
        "{{Archive bottom}}\n"
        "== After ==\n" + f"More. {sig('B')}\n"
    )
    discussion = parse_discussion("T", text, settings)
    assert [(s.title, [c.author for c in s.comments]) for s in discussion.sections] == [
        (LEAD, []),
        ("Deep inside", ["A"]),
        ("After", ["B"]),
    ]


def test_headings_inside_html_blocks_are_sections_as_mediawiki_makes_them(settings):
    text = f"<div class='box'>\n== Boxed ==\nWords. {sig('A')}\n</div>"
    assert [s.title for s in parse_discussion("T", text, settings).sections] == [LEAD, "Boxed"]


def test_heading_markup_is_removed_from_the_title(settings):
    text = "== [[Help:GeSHi]] and '''bold''' <!-- note --> ==\n== <nowiki><code></nowiki> ?  ==\n"
    assert [s.title for s in parse_discussion("T", text, settings).sections[1:]] == ["Help:GeSHi and bold", "<code> ?"]


def test_every_headed_section_is_listed_the_lead_only_with_comments(settings):
    data = summary_to_json(
        summarise(parse_discussion("T", "Just an intro.\n== Empty ==\n== Also empty ==\n", settings))
    )
    assert [(s["title"], s["comments"], s["first"], s["participants"]) for s in data["sections"]] == [
        ("Empty", 0, None, []),
        ("Also empty", 0, None, []),
    ]


# --------------------------------------------------------------- replies and threads


def test_indentation_makes_a_reply_except_for_the_first_comment_of_a_section(settings):
    text = (
        "== Q ==\n"
        f":Indented but first. {sig('A')}\n"
        f"::Reply. {sig('B')}\n"
        f"*Bulleted reply. {sig('C')}\n"
        f"#Numbered reply. {sig('D')}\n"
        f"Top again. {sig('E')}\n"
        f" Leading space is not indentation. {sig('F')}\n"
    )
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.is_reply) for c in comments] == [
        ("A", False),
        ("B", True),
        ("C", True),
        ("D", True),
        ("E", False),
        ("F", False),
    ]


def test_a_reply_inserted_above_older_comments(settings):
    text = (
        "== Q ==\n"
        f"First. {sig('A', 1)}\n"
        f":Late reply, written above. {sig('C', 9)}\n"
        f":Early reply. {sig('B', 2)}\n"
        f"Second top. {sig('D', 3)}\n"
    )
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.is_reply) for c in comments] == [("A", False), ("C", True), ("B", True), ("D", False)]
    section = summary_to_json(summarise(parse_discussion("T", text, settings)))["sections"][0]
    assert (section["participants"], section["first"], section["last"], section["unanswered"]) == (
        ["A", "C", "B", "D"],
        "2018-05-01T12:00:00Z",
        "2018-05-09T12:00:00Z",
        1,
    )


def test_the_first_line_decides_a_multi_line_comment(settings):
    text = (
        "== Q ==\n"
        f"Top. {sig('A')}\n"
        ":First line indented.\n"
        "Second line not.\n"
        f"{sig('B')}\n"
        "\n<!-- a hidden note -->\n"
        f":Third. {sig('C')}\n"
    )
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.is_reply, c.first_line_text, c.first_line) for c in comments] == [
        ("A", False, f"Top. {sig('A')}", 2),
        ("B", True, ":First line indented.", 3),
        ("C", True, f":Third. {sig('C')}", 8),
    ]
    assert comments[1].text == f":First line indented.\nSecond line not.\n{sig('B')}"


@pytest.mark.parametrize("outdent", ["{{od}}", "{{outdent}}", "{{Od|::::}}", ":::{{od|:::}}", "{{outdent|4}}"])
def test_outdent_starts_a_new_indentation_run_of_the_thread(settings, outdent):
    text = (
        "== Q ==\n"
        f"Top. {sig('A')}\n"
        f"::::::Deep. {sig('B')}\n"
        f"{outdent} Back at the margin. {sig('C')}\n"
        f":Reply to that. {sig('D')}\n"
    )
    comments = parse_discussion("T", text, settings).comments
    assert [(c.author, c.is_reply) for c in comments] == [("A", False), ("B", True), ("C", True), ("D", True)]


def test_outdent_on_its_own_line(settings):
    text = f"== Q ==\nTop. {sig('A')}\n:::Deep. {sig('B')}\n{{{{od}}}}\nFlush left. {sig('C')}\n"
    assert [c.is_reply for c in parse_discussion("T", text, settings).comments] == [False, True, True]


# --------------------------------------------------------------- votes


@pytest.mark.parametrize(
    "line, vote",
    [
        ("* {{support}} Good.", "support"),
        ("* {{Support|weak}} Good.", "support"),
        ("*{{s}} Good.", "support"),
        ("# {{tick}}", "support"),
        ("* {{pro}} Ja.", "support"),
        ("* {{Pro}} Ja.", "support"),
        ("* {{oppose}} No.", "oppose"),
        (":{{o}} No.", "oppose"),
        ("* {{contra}} Nein.", "oppose"),
        ("* {{neutral}}", "neutral"),
        ("*{{n}}, weil", "neutral"),
        ("* '''Support''' Good.", "support"),
        ("* '''Support.''' Good.", "support"),
        ("* '''support''': good", "support"),
        ("* '''Oppose'''", "oppose"),
        ("* '''Neutral'''", "neutral"),
        ("* '''Strong support'''", "support"),
        ("* '''{{support}}''' Good.", "support"),
        ("* <!-- x --> {{support}}", "support"),
        ("{{od}} {{support}}", "support"),
        ("{{support}}", "support"),
        ("* {{comment}} Just a remark.", None),
        ("* {{c}} Just a remark.", None),
        ("* {{abstain}}", None),
        ("* {{question}} Why?", None),
        ("* I {{support}} this.", None),
        ("* '''I support''' this.", None),
        ("* Support, obviously.", None),
        ("", None),
    ],
)
def test_votes_at_the_start_of_the_first_line(settings, line, vote):
    assert read_line_start(line, settings).vote == vote


@pytest.mark.parametrize(
    "line, vote, struck",
    [
        ("* <s>{{support}}</s> Changed my mind.", None, "support"),
        ("* <del>'''Oppose'''</del>", None, "oppose"),
        ("* <strike>{{neutral}} meh</strike>", None, "neutral"),
        ("* <s>{{support}} long comment that goes on", None, "support"),
        ("* <s>'''Oppose'''</s> '''Support''' after the changes.", "support", "oppose"),
        ("* <S>{{oppose}}</S> {{neutral}}", "neutral", "oppose"),
    ],
)
def test_struck_votes_do_not_count(settings, line, vote, struck):
    start = read_line_start(line, settings)
    assert (start.vote, start.struck_vote) == (vote, struck)


def test_vote_tallies_per_section(settings):
    text = (
        "== Proposal ==\n"
        f"Please vote. {sig('Chair')}\n"
        f"* {{{{support}}}} Yes. {sig('A')}\n"
        f"* {{{{support|strongly}}}} Yes! {sig('B')}\n"
        f"* '''Oppose''' No. {sig('C')}\n"
        f"* <s>{{{{support}}}}</s> {{{{neutral}}}} Unsure now. {sig('D')}\n"
        f"* <s>{{{{oppose}}}} struck entirely.</s> {sig('E')}\n"
        f"*: {{{{comment}}}} A remark on C's vote. {sig('F')}\n"
        f"* {{{{abstain}}}} {sig('G')}\n"
    )
    data = summary_to_json(summarise(parse_discussion("T", text, settings)))
    section = data["sections"][0]
    assert section["votes"] == {"support": 2, "oppose": 1, "neutral": 1}
    # bulleted votes are indented, so by the spec's rule they are replies to the first comment
    assert (section["comments"], section["top_level"], section["replies"]) == (8, 1, 7)


def test_a_multi_line_html_comment_is_not_a_first_line(settings):
    text = f"== Q ==\n<!-- note\nfor editors\n-->\n:Reply words. {sig('B')}\n"
    (comment,) = parse_discussion("T", text, settings).comments
    assert (comment.first_line_text, comment.first_line) == (f":Reply words. {sig('B')}", 5)
