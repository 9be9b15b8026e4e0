"""The scanner's fast path finds exactly what parsing finds.

A piece of a talk page made only of text and plain ``[[target|text]]``
links is read without building mwparserfromhell's tree
(:func:`bot.core.discussion.scan.simple_links`). On every real talk page in
the tests (all languages), and on hand-made edge cases, the events are the
same as when every piece is parsed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.discussion import load_consultation_settings
from bot.core.discussion import scan as scanning
from bot.core.discussion.scan import scan, simple_links
from bot.core.discussion.settings import for_languages
from tests import support

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "tests" / "fixtures" / "talk").rglob("*.wiki"))
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
]


@pytest.fixture(scope="module")
def rules():
    settings = load_consultation_settings(text_rules=support.schema().text)
    return for_languages(settings, ["en", "de", "fr", "es", "pt", "ru", "ar", "fa"])


def parsed_everything(text: str, rules, monkeypatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(scanning, "simple_links", lambda piece: None)
        return scan(text, rules)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_real_pages_give_the_same_events_with_and_without_the_fast_path(path, rules, monkeypatch):
    text = path.read_text(encoding="utf-8")
    assert scan(text, rules) == parsed_everything(text, rules, monkeypatch)


def test_edge_cases_give_the_same_events(rules, monkeypatch):
    for line in EDGE_CASES:
        text = f"== Section ==\n{line}\n"
        assert scan(text, rules) == parsed_everything(text, rules, monkeypatch), line


def test_the_fast_path_takes_plain_lines_and_leaves_markup_to_the_parser():
    assert simple_links("Agree. [[User:Ann|Ann]] 12:34, 5 May 2020 (UTC)") == [(7, 23, "User:Ann")]
    for line in ("== Heading ==", "; term", "{{support}}", "<small>x</small>", "a&nbsp;b", "[http://x y]", "[[a[b]]"):
        assert simple_links(line) is None, line
    assert len(PAGES) >= 10
