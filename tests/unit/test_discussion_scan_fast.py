"""The scanner's fast path finds exactly what parsing finds.

A piece of a talk page made only of text, plain ``[[target|text]]`` links,
bracketed URLs, simple inline tags and character references, or a plain
heading line, is read without building mwparserfromhell's tree
(:func:`bot.core.discussion.scan.simple_tokens`, :func:`~bot.core.discussion.scan.simple_heading`). On every real talk page in
the tests (all languages), and on hand-made edge cases, the events are the
same as when every piece is parsed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings
from bot.core.discussion import scan as scanning
from bot.core.discussion.scan import scan, simple_tokens
from bot.core.discussion.settings import for_languages
from tests import support

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "fixtures" / "talk").rglob("*.wiki"))
HEADINGS = [
    "== Votes ==",
    "===Discussion 1===",
    "=== A ==",
    "== B ===",
    "======= Deep =======",
    "== Two  spaces ==",
    "==  ==",
    "====",
    "== C == ",
    "=D=",
    "== E == x",
    "== F <!-- c --> ==",
    "== [[Link]] ==",
    "== G's ==",
    "== H ~ ==",
]
EDGE_CASES = [
    "Agree. [[User:Ann|Ann]] ([[User talk:Ann|talk]]) 12:34, 5 May 2020 (UTC)",
    "*Support [[User:Bo]] 12:34, 5 May 2020 (UTC)",
    "::#: [[:User:Cy|Cy]] 01:02, 3 March 2011 (UTC) reply",
    ":12:34, 5 May 2020 (UTC) [[User:Dee|Dee]]",
    "[[User:Eve|Eve]] [[Special:Contributions/1.2.3.4|1.2.3.4]] (12:34, 5 May 2020 (UTC))",
    "mailto:x@example.org [[User:Fay]] 12:34, 5 May 2020 (UTC)",
    "[[]] [[User:Gus]] 12:34, 5 May 2020 (UTC)",
    "[[User:Hal [[x]]]] 12:34, 5 May 2020 (UTC)",
    "[x] [[User:Ida]] 12:34, 5 May 2020 (UTC)",
    "----[[User:Jo]] 12:34, 5 May 2020 (UTC)",
    "[[User:Kai|Kai (talk)]] 19h48min de 3 de fevereiro de 2011 (UTC)",
    "<small>[[User:Lu|Lu]] ([[User talk:Lu|talk]]) 12:34, 5 May 2020 (UTC)</small>",
    '<span style="color:red">[[User:Mo]]</span> <small>12:34, 5 May 2020 (UTC)</small>',
    "<b><small>[[User:Ned]]</small></b> 12:34, 5 May 2020 (UTC)<br />next",
    "<SMALL>[[User:Oz]] 12:34, 5 May 2020 (UTC)</SMALL>",
    "<font color=green>[[User:Pia]]</font> 12:34, 5 May 2020 (UTC)",
    "<small>[[User:Quin]] 12:34, 5 May 2020 (UTC)",
    "[[User:Rae|<span>Rae</span>]] 12:34, 5 May 2020 (UTC)",
    "<sup>[[User talk:Sol|talk]]</sup> <i>12:34, 5 May 2020 (UTC)</i>",
    "*<small>a</small> [[User:Ty]] <br> 12:34, 5 May 2020 (UTC)",
    '<span class="a" style="b">[[User:Uma]]</span> 12:34, 5 May 2020 (UTC)',
    "[[User:Vic|<font color=#348853>Vic</font>]] 23:45, 7. Dez 2004 (CET)",
    '[[User talk:Wen|<font size="+1">✍<font>]] 01:59, 10. Dez 2004 (CET)',
    "[[User:Xi|<sup>¿!</sup>]][[User:Xi/B|<sup>±</sup>]] 11:22, 25. Mär. 2008 (CET)",
    "[[User:Yo|<small>Yo</small>]] <small>[[User talk:Yo|</small>]] 12:34, 5 May 2020 (UTC)",
    "[[User<b>:Zed]] 12:34, 5 May 2020 (UTC)",
    "[[User:Abe|Abe]] 12:34,&nbsp;5 May 2020 (UTC)",
    "[[User:Bea]]&#160;12:34, 5&#xA0;May 2020&#X20;(UTC) &AMP; &nbsp &foo; &#0; &#1114112; &#x; &#0065;",
    "<small>[[User:Cal]] &mdash; 12:34, 5 May 2020 &#40;UTC&#41;</small>",
    '<span style="a&amp;b">[[User:Dot]]</span> 12:34, 5 May 2020 (UTC)',
    "[[User:Eli&amp;co]] 12:34, 5 May 2020 (UTC) &lt;small&gt;",
    "See [https://example.org/a?b=c the page] [[User:Flo]] 12:34, 5 May 2020 (UTC)",
    "[http://example.org] [[User:Gil]] ([http://example.org/t talk]) 12:34, 5 May 2020 (UTC)",
    "[HTTPS://EXAMPLE.ORG x] and http://free.example.org [[User:Hu]] 12:34, 5 May 2020 (UTC)",
    "[http://x.org y [z] ] [[User:Ivo]] 12:34, 5 May 2020 (UTC)",
    "[http:// y] [[User:Jan]] 12:34, 5 May 2020 (UTC)",
    "[http://x.org 12:34, 5 May 2020 (UTC)] [[User:Kim]]",
    "[//example.org y] [[User:Lea]] 12:34, 5 May 2020 (UTC)",
]


@pytest.fixture(scope="module")
def rules():
    settings = load_consultation_settings(text_rules=support.schema().text)
    return for_languages(settings, ["en", "de", "fr", "es", "pt", "ru", "ar", "fa"])


def parsed_everything(text: str, rules, monkeypatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(scanning, "simple_tokens", lambda piece: None)
        patch.setattr(scanning, "simple_heading", lambda piece: None)
        return scan(text, rules)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_give_the_same_events_with_and_without_the_fast_path(path, rules, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert scan(text, rules) == parsed_everything(text, rules, monkeypatch)


def test_edge_cases_give_the_same_events(rules, monkeypatch):
    for line in EDGE_CASES:
        text = f"== Section ==\n{line}\n"
        assert scan(text, rules) == parsed_everything(text, rules, monkeypatch), line


def test_headings_give_the_same_events(rules, monkeypatch):
    for line in HEADINGS:
        text = f"Intro [[User:Ann]] 12:34, 5 May 2020 (UTC)\n{line}\nText [[User:Bo]] 12:35, 5 May 2020 (UTC)\n"
        assert scan(text, rules) == parsed_everything(text, rules, monkeypatch), line


def test_the_fast_path_takes_plain_lines_and_leaves_markup_to_the_parser():
    assert simple_tokens("Agree. [[User:Ann|Ann]] 12:34, 5 May 2020 (UTC)") == [("link", 7, 23, "User:Ann")]
    assert simple_tokens("[http://x y] z") == [("external", 0, 12, "http://x")]
    assert [t[0] for t in simple_tokens('<small>[[User:A]] <span style="x">1</span></small><br />')] == [
        "open",
        "link",
        "open",
        "close",
        "close",
        "break",
    ]
    for line in (
        "== Heading ==",
        "; term",
        "{{support}}",
        "http://example.org/free-link [[User:A]]",
        "[ftp://x y]",
        "[http://x y<b>z</b>]",
        "[[a[b]]",
        "<small>unclosed",
        "<small><b>crossed</small></b>",
        "<nowiki>[[User:X]]</nowiki>",
        "<span title='x'>y</span>",
        "a > b",
    ):
        assert simple_tokens(line) is None, line
    assert len(PAGES) >= 10
