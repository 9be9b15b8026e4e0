"""Properties: any text parses without an exception, and the counts always add up."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from bot.core.discussion.scan import scan
from bot.core.wikitext import parse
from tests import support

TALK = Path(__file__).resolve().parent.parent / "fixtures" / "talk"
SETTINGS = load_consultation_settings(text_rules=support.schema().text)

# Pieces talk pages are made of, so that random pages hit the parser's paths.
PIECES = [
    "\n",
    "\n\n",
    ":",
    "::",
    "*",
    "#",
    " ",
    "== H ==",
    "=== Sub ===",
    "=x=",
    "text",
    "Words. ",
    "[[User:Ann|Ann]]",
    "[[User talk:Bob|talk]]",
    "[[Special:Contributions/192.0.2.1|ip]]",
    "[[Benutzer:Cé|C]]",
    "[[m:User:Dee]]",
    "[[User:Ann/sub|x]]",
    "[[User:",
    "]]",
    "[[",
    "|",
    "12:34, 5 May 2018 (UTC)",
    "12:34, 5. Mai 2018 (CEST)",
    "5 mai 2018 à 12:34 (CEST)",
    "12:34 5 may 2018 (UTC)",
    "31 February 2018 (UTC)",
    "12:34, 5 Maybe 2018 (UTC)",
    "08.12.04 (CET)",
    "{{unsigned|Eve|12:00, 1 May 2018 (UTC)}}",
    "{{unsigned}}",
    "{{unsigned|",
    "{{support}}",
    "{{oppose|x}}",
    "'''Support'''",
    "'''",
    "''",
    "<s>",
    "</s>",
    "{{od}}",
    "{{tq|",
    "}}",
    "{{",
    "{{Discussion|comment=",
    "<!--",
    "-->",
    "<nowiki>",
    "</nowiki>",
    "<small>",
    "</small>",
    "<blockquote>",
    "&nbsp;",
    "&",
    "\u200e",
    "--",
    "—",
    "{|",
    "|-",
    "|}",
    "<div>",
    "</div>",
    "[https://x.org ",
    "]",
    "{{{1}}}",
    "<ref>",
    "</ref>",
]

page_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_text)
def test_any_text_parses_and_summarises_without_an_exception(text):
    discussion = parse_discussion("Talk:Random", text, SETTINGS)
    summary = summarise(discussion)
    summary_to_json(summary)
    _check_counts(summary)


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    _check_counts(summarise(parse_discussion("Talk:Random", text, SETTINGS)))


@hypothesis_settings(max_examples=200, deadline=None)
@given(page_text)
def test_every_event_position_points_at_its_own_text(text):
    for event in scan(parse(text), SETTINGS).events:
        assert 0 <= event.start < event.end <= len(text)
        piece = text[event.start : event.end]
        if event.kind == "user":
            assert piece.startswith("[[") and piece.endswith("]]")
        elif event.kind == "unsigned":
            assert piece.startswith("{{") and piece.endswith("}}")
        elif event.kind == "heading":
            assert piece.startswith("=") and piece.endswith("=")
        elif event.kind == "timestamp":
            assert piece[:1].isdigit() and piece.endswith((")", ";"))


@pytest.mark.parametrize("path", sorted(TALK.glob("*.wiki")), ids=lambda p: p.name)
def test_counts_add_up_on_every_real_page(path):
    summary = summarise(parse_discussion(path.name, path.read_text(encoding="utf-8"), SETTINGS))
    _check_counts(summary)


def _check_counts(summary) -> None:
    for section in summary.sections:
        assert section.comments == section.top_level + section.replies
        assert 0 <= section.unanswered <= section.top_level
        assert len(section.digest) == section.top_level
        assert len(section.participants) <= section.comments
        assert sum(section.votes.as_dict().values()) <= section.comments
        assert (section.first is None) == (section.last is None)
        if section.first:
            assert section.first <= section.last
        assert all(len(d.text) <= 200 for d in section.digest)
    totals = summary.totals
    assert totals.comments == sum(s.comments for s in summary.sections)
    assert totals.participants == len({p for s in summary.sections for p in s.participants})
