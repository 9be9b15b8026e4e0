"""A consultation summary as wikitext: counts, links to sections, and nothing an editor wrote stays live."""

from __future__ import annotations

import html
import re
from datetime import date

import mwparserfromhell
import pytest

from bot.core.discussion import Window, load_consultation_settings, parse_discussion, summarise
from bot.core.render.consultation import (
    LEAD_LABEL,
    edit_summary,
    render_consultation,
    section_anchors,
    when,
)
from tests import support

PAGE = "Talk:Partnerships/Consultation"

CONSULTATION = """Intro by the working group. [[User:Facilitator|F]] 09:00, 1 May 2019 (UTC)

== How do we build our collaborative capacity? ==
Shared templates for agreements. More later. [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)
:Agreed. [[User:Bo|Bo]] 08:00, 9 May 2019 (UTC)
Training for volunteers. [[User:Cy|Cy]] 10:00, 10 May 2019 (UTC)

== Proposal ==
The registry. [[User:Dee|Dee]] 09:00, 11 May 2019 (UTC)
* {{support}} Yes. [[User:Ana|Ana]] 10:00, 11 May 2019 (UTC)
* <s>{{support}}</s> {{oppose}} No. [[User:Bo|Bo]] 11:00, 11 May 2019 (UTC)

== Comments ==
Late. [[User:Eve|Eve]] 10:00, 1 July 2019 (UTC)

== comments ==
"""

# What an editor can see in a comment (character references decode to the characters) and real markup.
HOSTILE = """== Plans &#91;&#91;Category:Hostile&#93;&#93; &#123;&#123;subst:X&#125;&#125; |} ==
{{support}} &#91;&#91;Category:X&#93;&#93; and &#123;&#123;subst:foo&#125;&#125; and &#126;&#126;&#126;&#126; \
and &#124;} and {&#124; and <nowiki>[[Category:Y]] {{bar}}</nowiki> __NOTOC__ https://evil.example \
[[Category:Real]] {{subst:real}} &lt;ref&gt; ''ital'' ISBN 1234567890 --[[User:Evil|Ev&#124;il]] 12:00, 5 May 2019 (UTC)
== Next ==
&#61;&#61; Fake heading &#61;&#61; [[User:Evil~two|E]] 12:05, 5 May 2019 (UTC)
"""


@pytest.fixture(scope="module")
def rules():
    return load_consultation_settings(text_rules=support.schema().text)


def summary_of(text, rules, **kwargs):
    return summarise(parse_discussion(PAGE, text, rules), **kwargs)


def cells(wikitext: str) -> list[list[str]]:
    """Rows of the first table in ``wikitext``, one list of cell texts per row (markup kept)."""
    table = wikitext[wikitext.index("{|") : wikitext.index("|}") + 2]
    rows = []
    for chunk in table.split("\n|-")[1:]:
        rows.append(
            [
                re.sub(r"^[|!]\s*(?:[^|\n]*?\s\|(?=\s|$))?", "", line).strip()
                for line in chunk.split("\n")[1:]
                if line[:1] in "|!" and line != "|}"
            ]
        )
    return rows


def test_the_overview_has_one_row_per_section_with_the_spec_counts_and_a_total(rules):
    text = render_consultation(summary_of(CONSULTATION, rules))
    rows = cells(text)
    assert rows[0] == [
        "Section",
        "Comments",
        "Responses",
        "Replies",
        "Unanswered",
        "Participants",
        "Votes (support / oppose / neutral)",
        "First comment",
        "Last comment",
    ]
    assert rows[1][0] == f"[[:{PAGE}|{LEAD_LABEL}]]" and rows[1][1:6] == ["1", "1", "0", "1", "1"]
    assert rows[2][1:7] == ["3", "2", "1", "1", "3", "0 / 0 / 0"]
    assert rows[3][1:7] == ["3", "1", "2", "0", "3", "1 / 1 / 0"]
    assert rows[5][1:6] == ["0", "0", "0", "0", "0"] and rows[5][7:] == ["", ""]
    assert rows[-1][:7] == ["Total", "8", "5", "3", "3", "6", "1 / 1 / 0"]
    assert html.unescape(rows[-1][7]) == "2019-05-01 09:00" and html.unescape(rows[-1][8]) == "2019-07-01 10:00"


def test_sections_link_to_their_anchor_and_a_repeated_title_gets_mediawikis_number(rules):
    summary = summary_of(CONSULTATION + "== Comments ==\n== Comments 2 ==\n", rules)
    anchors = section_anchors(summary)
    assert anchors == [
        None,
        "How_do_we_build_our_collaborative_capacity?",
        "Proposal",
        "Comments",
        "comments_2",
        "Comments_3",
        "Comments_2_2",
    ]
    text = render_consultation(summary)
    assert section_anchors(summary_of("== Café ==\n== CAFÉ ==\n== cafÉ ==\n", rules)) == ["Café", "CAFÉ", "cafÉ_2"]
    assert f"[[:{PAGE}#How do we build our collaborative capacity?|How do we build" in text
    assert f"[[:{PAGE}#comments 2|comments]]" in text


def test_a_digest_entry_names_author_and_time_and_links_the_time_to_the_section(rules):
    text = render_consultation(summary_of(CONSULTATION, rules))
    assert (
        "| Shared templates for agreements.\n| Ana\n"
        f"| [[:{PAGE}#How do we build our collaborative capacity?|2019-05-05 12&#58;34]]"
    ) in text
    assert "|+ How do we build our collaborative capacity?" in text
    assert "Participants (3)&#58; Ana, Bo, Cy." in text


def test_vote_tallies_appear_where_people_voted(rules):
    text = render_consultation(summary_of(CONSULTATION, rules))
    assert text.count("Votes: ") == 1 and "Votes: 1 support, 1 oppose, 0 neutral." in text


def test_without_any_vote_the_vote_columns_are_left_out(rules):
    text = render_consultation(summary_of("== Q ==\nAn answer. [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)\n", rules))
    assert "Votes" not in text


def test_the_window_and_the_comments_outside_it_are_stated(rules):
    window = Window(date(2019, 5, 1), date(2019, 5, 31))
    summary = summary_of(CONSULTATION, rules, window=window)
    text = render_consultation(summary, window=window)
    assert (
        "runs from 2019-05-01 to 2019-05-31, both days included; 1 comment outside these dates is listed below" in text
    )
    assert "Wikitext" not in text  # no finding quotes a line
    assert "outside the consultation window" in text and "'''To check''' (1 item)" in text


def test_a_question_without_a_section_is_listed_without_a_link(rules):
    summary = summary_of(CONSULTATION, rules, questions=["How do we build our collaborative capacity?", "Who pays?"])
    text = render_consultation(summary)
    assert "| Who pays? (no section yet)\n" in text
    assert "no section heading matches the guiding question" in text
    assert section_anchors(summary)[-1] is None


def test_problems_name_section_and_line_so_an_editor_can_fix_the_signature(rules):
    page = "== Q ==\nA comment with no date. [[User:Ana|Ana]]\nSigned. [[User:Bo|Bo]] 12:34, 5 May 2019 (UTC)\n"
    text = render_consultation(summary_of(page, rules))
    row = cells(text[text.index("'''To check'''") :])[1]
    assert row[0] == f"[[:{PAGE}#Q|Q]]" and row[1] == "2"
    assert "no timestamp" in html.unescape(row[2]) and "&#91;&#91;User&#58;Ana" in row[3]


def test_comment_text_cannot_add_categories_templates_links_or_signatures(rules):
    text = render_consultation(summary_of(HOSTILE, rules))
    code = mwparserfromhell.parse(text)
    assert code.filter_templates() == []
    assert all(str(link.title).startswith(f":{PAGE}") for link in code.filter_wikilinks())
    assert code.filter_external_links() == [] and code.filter_comments() == []
    assert {str(tag.tag) for tag in code.filter_tags()} <= {"table", "tr", "th", "td", "caption", "b"}
    for live in ("[[Category", "{{", "~~~", "__NOTOC__", "<ref", "''ital", "https://", "ISBN 1", "\n== Fake"):
        assert live not in text
    assert "|}" not in text.replace("\n|}", "")
    visible = html.unescape(text)
    assert "[[Category:X]] and {{subst:foo}} and ~~~~ and |} and {| and [[Category:Y]] {{bar}}" in visible
    assert "Plans [[Category:Hostile]] {{subst:X}} |}" in visible


def test_a_title_that_cannot_be_a_safe_fragment_links_to_the_page(rules):
    summary = summary_of(HOSTILE + "== 100%25 sure ==\n", rules)
    assert section_anchors(summary) == [None, "Next", None]
    text = render_consultation(summary)
    assert f"[[:{PAGE}|Plans &#91;&#91;Category&#58;Hostile" in text


def test_the_same_summary_gives_the_same_wikitext(rules):
    first = render_consultation(summary_of(CONSULTATION, rules))
    assert render_consultation(summary_of(CONSULTATION, rules)) == first


def test_the_edit_summary_gives_comments_participants_and_unanswered(rules):
    assert (
        edit_summary(summary_of(CONSULTATION, rules))
        == "Consultation summary: 8 comments by 6 participants, 3 unanswered"
    )
    assert (
        edit_summary(summary_of("== Q ==\n", rules))
        == "Consultation summary: 0 comments by 0 participants, 0 unanswered"
    )


def test_times_are_written_in_a_form_no_signature_parser_reads(rules):
    summary = summary_of(CONSULTATION, rules)
    assert when(summary.totals.first) == "2019-05-01 09:00"
    reparsed = parse_discussion("Summary", render_consultation(summary), rules)
    assert reparsed.comments == () and not [f for f in reparsed.findings if "timestamp" in f.code]


def test_an_empty_consultation_renders_a_table_of_zero_counts(rules):
    text = render_consultation(summary_of("== Q1 ==\n== Q2 ==\n", rules))
    assert "0 comments (0 responses, 0 replies) by 0 participants. Times" in html.unescape(text)
    assert "'''To check'''" not in text and text.count("{|") == 1


@pytest.mark.parametrize(
    "window, words",
    [
        (Window(date(2019, 5, 1), None), "The consultation opened on 2019-05-01; 1 comment outside"),
        (Window(None, date(2019, 5, 31)), "The consultation closes at the end of 2019-05-31; 1 comment outside"),
    ],
)
def test_an_open_ended_window_is_stated_as_such(rules, window, words):
    text = render_consultation(
        summary_of(CONSULTATION.replace("1 May 2019", "30 April 2019"), rules, window=window), window=window
    )
    assert words in text
