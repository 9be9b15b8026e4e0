"""Several pages per consultation: archives and translations merged, each comment counted once."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.config import ConsultationConfig, parse_settings
from bot.core.discussion import load_consultation_settings, parse_discussion, summarise, summary_to_json
from bot.core.discussion.layout import layout
from bot.core.discussion.merge import merge_discussions
from bot.errors import ConfigError
from bot.jobs.summarise import summarise_pages
from tests import support

TALK = Path(__file__).resolve().parent.parent / "fixtures" / "talk"
REAL_PAGES = [
    "rosettacode-talk-pi.wiki",
    "rosettacode-help-talk-syntax-highlighting.wiki",
    "de-wp-loeschkandidaten-2004-12-07-votes.wiki",
    "de-diskussion-3oh3-unsigned-ip.wiki",
    "wrappers/miraheze-style-rfc.wiki",
]
RULES = load_consultation_settings(text_rules=support.schema().text)


def counts(data: dict) -> list[tuple]:
    return [
        (s["title"], s["comments"], s["top_level"], s["replies"], s["participants"], s["unanswered"], s["votes"])
        for s in data["sections"]
    ] + [tuple(data["totals"].items())]


def archives(text: str, cuts: list[int]) -> list[str]:
    """The page cut before chosen level-2 headings, as an archive bot cuts it (never inside a template)."""
    lines = text.split("\n")
    starts = {p.start for p in layout(text, RULES.hidden_tags).pieces}
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    sections = parse_discussion("Talk:X", text, RULES).sections
    heads = [s.line - 1 for s in sections if s.level == 2 and offsets[s.line - 1] in starts]
    chosen = sorted({heads[c % len(heads)] for c in cuts if heads and heads[c % len(heads)] > 0})
    bounds = [0, *chosen, len(lines)]
    return ["\n".join(lines[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


@pytest.mark.parametrize("name", REAL_PAGES)
@hypothesis_settings(max_examples=15, deadline=None)
@given(cuts=st.lists(st.integers(min_value=0, max_value=50), max_size=4))
def test_a_page_counts_the_same_whole_or_as_its_concatenated_archives(name, cuts):
    text = (TALK / name).read_text(encoding="utf-8")
    whole = summary_to_json(summarise(parse_discussion("Talk:X", text, RULES)))
    parts = archives(text, cuts)
    pages = [("Talk:X" if i == 0 else f"Talk:X/Archive {i}", part) for i, part in enumerate(parts)]
    merged = summary_to_json(summarise_pages("Talk:X", pages, None, RULES))
    assert counts(merged) == counts(whole)


def test_a_comment_on_two_pages_counts_once():
    signed = "Agreed. [[User:A|A]] 10:00, 1 May 2018 (UTC)\n"
    page = "== Q ==\n" + signed + ":Reply. [[User:B|B]] 11:00, 1 May 2018 (UTC)\n"
    archive = "== Q ==\n" + signed  # copied to the archive before it was removed from the page
    data = summary_to_json(summarise_pages("Talk:X", [("Talk:X", page), ("Talk:X/Archive 1", archive)], None, RULES))
    assert [(s["title"], s["comments"]) for s in data["sections"]] == [("Q", 2)]


def test_sections_of_later_pages_follow_and_remember_their_page():
    discussions = [
        parse_discussion("Talk:X", "== Now ==\nHi [[User:A|A]] 10:00, 1 May 2018 (UTC)\n", RULES),
        parse_discussion("Talk:X/Archive 1", "== Then ==\nOld [[User:B|B]] 10:00, 1 May 2017 (UTC)\n", RULES),
    ]
    merged = merge_discussions("Talk:X", discussions)
    assert [(s.title, s.index, s.page) for s in merged.sections] == [
        ("(lead)", 0, "Talk:X"),
        ("Now", 1, "Talk:X"),
        ("Then", 2, "Talk:X/Archive 1"),
    ]
    assert [c.section_index for c in merged.comments] == [1, 2]


ENTRY = {"target": "Talk:C/Summary", "marker": "summary"}


def test_page_may_be_one_title_or_a_list_main_page_first():
    one = parse_settings({"consultations": [{**ENTRY, "page": "Talk:C"}]}, schema=support.schema())
    assert one.consultations == (ConsultationConfig("Talk:C", "Talk:C/Summary", "summary"),)
    several = parse_settings(
        {"consultations": [{**ENTRY, "page": ["Talk:C", "Talk:C/Archive 1", "Talk:C/fr"], "language": "fr"}]},
        schema=support.schema(),
    )
    (consultation,) = several.consultations
    assert consultation.page == "Talk:C"
    assert consultation.pages == ("Talk:C", "Talk:C/Archive 1", "Talk:C/fr")
    assert consultation.language == ("fr",)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ([], "must be a page title or a list of titles"),
        (["Talk:C", "Talk:C"], "lists a page twice"),
        (["Talk:C", "Bad|title"], "must be a page title"),
    ],
)
def test_a_wrong_page_list_is_one_line_naming_the_entry(page, message):
    with pytest.raises(ConfigError, match=message) as caught:
        parse_settings({"consultations": [{**ENTRY, "page": page}]}, schema=support.schema())
    assert "[[consultations]] #1 page" in str(caught.value)


def test_a_wrong_language_is_one_line_naming_the_entry():
    with pytest.raises(ConfigError, match=r"\[\[consultations\]\] #1 language must be a wiki language code"):
        parse_settings({"consultations": [{**ENTRY, "page": "Talk:C", "language": 7}]}, schema=support.schema())
