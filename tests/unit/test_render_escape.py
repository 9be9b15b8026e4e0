"""Escaping: an editor's text renders as written and can never act as markup."""

from __future__ import annotations

import html

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_render_support import assert_inert, structure

from bot.core.render.escape import attribute, escape, flatten, is_safe_title, normalise_title, shorten, wikilink

# Each hostile value, and what must not survive escaping.
HOSTILE = {
    "pipe": "a|b",
    "double pipe": "a||b",
    "double bang": "a!!b",
    "table start": "{|",
    "table end": "|}",
    "row separator": "|-",
    "caption": "|+ caption",
    "leading dash": "-leading",
    "leading plus": "+leading",
    "leading bang": "!leading",
    "leading equals": "=x=",
    "leading star": "*x",
    "leading hash": "#x",
    "leading colon": ":x",
    "leading semicolon": ";x",
    "leading space": " pre",
    "horizontal rule": "----",
    "newline": "line\nbreak",
    "crlf": "line\r\nbreak",
    "template": "{{Template}}",
    "subst": "{{subst:Foo}}",
    "safesubst": "{{safesubst:Foo}}",
    "invoke": "{{#invoke:Module|main}}",
    "parser function": "{{#if:x|y}}",
    "argument": "{{{1}}}",
    "magic variable": "{{PAGENAME}}",
    "pipe template": "{{!}}",
    "category": "[[Category:Bad]]",
    "file": "[[File:X.jpg|thumb]]",
    "image": "[[Image:X.jpg]]",
    "interwiki": "[[en:Foo]]",
    "link": "[[Foo|bar]]",
    "external link": "[http://evil.example label]",
    "bare url": "http://evil.example",
    "bare https": "see https://evil.example/path?a=1",
    "mailto": "mailto:someone@example.org",
    "protocol relative": "[//evil.example x]",
    "notoc": "__NOTOC__",
    "toc": "__TOC__",
    "lowercase switch": "__notoc__",
    "signature 3": "~~~",
    "signature 4": "~~~~",
    "signature 5": "~~~~~",
    "ref": "<ref>x</ref>",
    "self-closing ref": '<ref name="a"/>',
    "comment": "<!-- hidden -->",
    "open comment": "<!-- never closed",
    "div": "<div>",
    "closing table": "</table>",
    "script": "<script>alert(1)</script>",
    "nowiki": "<nowiki>x</nowiki>",
    "pre": "<pre>x</pre>",
    "bold": "'''bold'''",
    "italic": "''italic",
    "unbalanced template": "{{",
    "unbalanced close": "}}",
    "unbalanced link": "[[",
    "unbalanced close link": "]]",
    "language converter": "-{zh:x}-",
    "entity": "&#124;",
    "named entity": "&lt;ref&gt;",
    "isbn": "ISBN 978-3-16-148410-0",
    "rfc": "RFC 1234",
    "pmid": "PMID 12345",
    "nul": "a\x00b",
    "long": "x" * 5000,
}


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_value_renders_as_plain_text(value):
    escaped = escape(value)
    assert html.unescape(escaped) == flatten(value)
    for forbidden in ("|", "{", "}", "[", "]", "<", ">", "\n", "\r", "~~~", "__", "''", "://"):
        assert forbidden not in escaped
    found = assert_inert("| " + escaped)
    assert found.tags == [] and found.links == []


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_value_in_a_table_cell_leaves_one_cell(value):
    text = "{|\n|-\n| " + escape(value) + "\n| second\n|}"
    found = assert_inert(text)
    [table] = found.tables()
    rows = [n for n in table.contents.filter_tags(recursive=False) if str(n.tag) == "tr"]
    assert len(rows) == 1
    assert [str(c.tag) for c in rows[0].contents.filter_tags(recursive=False)] == ["td", "td"]


def test_ampersand_is_encoded_first_so_an_editors_entity_stays_visible():
    assert escape("&#124;") == "&amp;#124;"
    assert escape("AT&T") == "AT&amp;T"


def test_line_breaks_and_control_characters_become_spaces():
    assert escape("a\nb\r\nc\td") == "a b  c\td"
    assert flatten("a\x00b\x7fc") == "a b c"


def test_a_character_with_meaning_at_line_start_is_encoded_only_there():
    assert escape("-x-") == "&#45;x-"
    assert escape("*a*") == "&#42;a*"
    assert escape(" x") == "&#32;x"
    assert escape("-x", at_line_start=False) == "-x"


def test_underscores_are_encoded_only_in_runs():
    assert escape("snake_case") == "snake_case"
    assert escape("a__b") == "a&#95;&#95;b"


def test_magic_links_lose_their_space():
    assert escape("ISBN 0-306-40615-2") == "ISBN&#32;0-306-40615-2"
    assert escape("RFC\u00a01234") == "RFC&#160;1234"
    assert escape("PMIDS 1") == "PMIDS 1"


def test_colons_bangs_and_apostrophes_are_always_encoded():
    assert escape("Yahoo! 'x': y") == "Yahoo&#33; &#39;x&#39;&#58; y"


def test_plain_text_is_left_alone():
    assert (
        escape("Wikimedia Deutschland e.V. (2018), 50% funded, café")
        == "Wikimedia Deutschland e.V. (2018), 50% funded, café"
    )


def test_an_attribute_value_also_encodes_double_quotes():
    assert attribute('say "hi" |') == "say &quot;hi&quot; &#124;"


def test_shorten_cuts_long_text_and_marks_the_cut():
    assert shorten("abcdef", 4) == "abc…"
    assert shorten("abc", 4) == "abc"
    assert shorten("abc", None) == "abc"
    assert len(shorten("x" * 5000, 200)) == 200


@settings(max_examples=500)
@given(st.text())
@example("~~~~")
@example("__NOTOC__")
@example("{{{{x}}}}|}")
@example("&amp;|")
def test_any_text_escapes_to_inert_text_that_unescapes_to_the_original(text):
    escaped = escape(text)
    for forbidden in ("|", "{", "}", "[", "]", "<", ">", "~~~", "__", "\n", "\r", "''", "://"):
        assert forbidden not in escaped
    assert html.unescape(escaped) == flatten(text)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(list("|{}[]<>!-+=*#:;~_'&\n /ahtp") + ["http://", "__", "{{", "[[", "<!--", "<ref>"]),
        max_size=30,
    ).map("".join)
)
def test_any_markup_soup_parses_to_plain_text(text):
    found = structure("| " + escape(text))
    assert found.templates == found.links == found.external_links == found.comments == found.tags == []


# --- Links the bot builds ----------------------------------------------------


def test_a_bot_link_always_has_a_leading_colon():
    assert wikilink("Partnerships/X", "X") == "[[:Partnerships/X|X]]"
    assert wikilink("Category:Partnerships", "Category") == "[[:Category:Partnerships|Category]]"
    assert wikilink("File:Logo.svg", "Logo") == "[[:File:Logo.svg|Logo]]"


def test_a_bot_link_escapes_its_label():
    assert wikilink("Partnerships/X", "a]]b{{c}}") == "[[:Partnerships/X|a&#93;&#93;b&#123;&#123;c&#125;&#125;]]"


def test_an_empty_label_becomes_the_title_not_the_pipe_trick():
    assert wikilink("Partnerships/X", "") == "[[:Partnerships/X|Partnerships/X]]"


def test_a_link_can_point_to_a_section():
    assert (
        wikilink("Partnerships/Registry", "3", fragment="north-america") == "[[:Partnerships/Registry#north-america|3]]"
    )


@pytest.mark.parametrize(
    "title",
    [
        "Partnerships/A|B",
        "Partnerships/{{X}}",
        "Partnerships/[[X]]",
        "Partnerships/<b>",
        "Partnerships/A#B",
        "Partnerships/~~~~",
        "Partnerships/A&amp;B",
        "Partnerships/%7C",
        "http://evil.example",
        "mailto:a@b",
        "/relative",
        "../up",
        "Partnerships/./x",
        "",
        "a\nb",
    ],
)
def test_an_impossible_title_is_shown_as_text_not_linked(title):
    assert not is_safe_title(normalise_title(title))
    rendered = wikilink(title, title or "label")
    assert "[[" not in rendered
    assert html.unescape(rendered) == flatten(title or "label")


def test_a_fragment_with_markup_is_shown_as_text():
    assert wikilink("Partnerships/Registry", "3", fragment="a|b") == "3"
    assert wikilink("Partnerships/Registry", "3", fragment="{{x}}") == "3"


def test_titles_are_normalised_the_way_mediawiki_stores_them():
    assert normalise_title("  Partnerships/A__NOTOC__b  ") == "Partnerships/A NOTOC b"
    assert wikilink("Partnerships/A__NOTOC__", "x") == "[[:Partnerships/A NOTOC|x]]"


def test_real_titles_with_punctuation_stay_links():
    for title in (
        "Partnerships/Yahoo! hosting in Seoul",
        "Partnerships/Wikipedia Zero – Orange",
        "Partnerships/Centre for Internet and Society (A2K)",
        "Partnerships/AT&T",
        "Partnerships/Women's work",
    ):
        assert wikilink(title, title).startswith(f"[[:{title}|")
