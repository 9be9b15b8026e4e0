"""The problems page in the reader's language: every string a message, problems worded from their keys."""

from __future__ import annotations

import html
import re

import pytest
from test_render_problems import registry, sections
from test_render_support import make_record, problem

from bot.config import Settings
from bot.core.extract import extract_many
from bot.core.messages import messages_for
from bot.core.render.problems import render_problems
from bot.core.wording import word
from bot.paths import PROJECT_ROOT
from bot.sources.offline import DirSource
from tests import support

SETTINGS = Settings()
OUTSIDE = ("Drafts/Kiwix", "User:Example/Partnership")
# Words of the English page that no German or Arabic sentence needs (no German
# cognates such as "Problem" or "Parameter"); ids and names typed by editors are
# removed before the search.
ENGLISH = re.compile(
    r"\b(?:the|is|not|of|to|and|or|be|field|page|pages|value|date|dates|errors?|warnings?|info|write|use|"
    r"did|you|mean|template|templates|whole|found|each|row|missing|empty|known|given|only|than|could|looks|like|"
    r"problems|severity|written|outside|registry|recognises|region|country|add|remove|rename|check|earlier)\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"„[^“]*“|«[^»]*»|'[^']*'|\"[^\"]*\"")


@pytest.fixture(scope="module")
def examples(schema):
    return list(extract_many(DirSource(PROJECT_ROOT / "examples"), schema, support.countries()))


def typed_by_editors(records) -> set[str]:
    """Page titles, parameter names and values as typed: the page shows them in every language."""
    typed = {"{{Partnership}}", "Partnerships/", *OUTSIDE}
    for record in records:
        typed.add(record.page)
        for p in record.problems:
            typed |= {t for t in (p.field, p.value) if t}
    return typed


def english_left(text: str, records) -> list[str]:
    text = html.unescape(text)
    for typed in sorted(typed_by_editors(records), key=len, reverse=True):
        text = text.replace(typed, " ")
    text = QUOTED.sub(" ", text)
    text = re.sub(r"\[\[[^]]*\]\]", " ", text)
    text = re.sub(r"(?<=: )[a-z-]+(?:, [a-z-]+)*(?=\.)", " ", text)  # "Use one of: active, ended." ids
    return ENGLISH.findall(text)


def test_the_english_page_is_the_same_with_english_messages_or_none(schema, examples):
    for records in (examples, registry(schema)):
        plain = render_problems(records, schema, SETTINGS, outside=OUTSIDE)
        assert render_problems(records, schema, SETTINGS, outside=OUTSIDE, messages=messages_for("en")) == plain


def test_the_english_page_still_reads_as_before(schema, examples):
    text = render_problems(examples, schema, SETTINGS, outside=OUTSIDE)
    assert text.startswith("26 problems on 14 pages (4 errors, 12 warnings, 10 info).\n")
    assert '== <span id="outside"></span>Pages outside the registry ==' in text
    assert "! Severity\n! Parameter\n! Value as written\n! Problem\n" in text
    assert "(whole page)" in text and "Each section below is a page with problems." in text


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_german_and_arabic_pages_leave_no_english_but_what_editors_typed(schema, examples, language):
    text = render_problems(examples, schema, SETTINGS, outside=OUTSIDE, messages=messages_for(language))
    assert english_left(text, examples) == []
    # the check itself finds English: the English page is full of it
    assert len(english_left(render_problems(examples, schema, SETTINGS, outside=OUTSIDE), examples)) > 100


@pytest.mark.parametrize("language", ["de", "fr", "es", "ar"])
def test_every_problem_is_worded_in_the_pages_language_with_its_values_as_typed(schema, examples, language):
    messages = messages_for(language)
    text = render_problems(examples, schema, SETTINGS, messages=messages)
    for record in examples:
        for p in record.problems:
            assert p.key.startswith("partnerships-problem-"), p
            worded = word(messages, p.sentences)
            assert worded != p.message and "⧼" not in worded, (language, p.key)
            assert worded in html.unescape(text)


def test_a_problem_in_german_differs_from_english_and_quotes_the_value(examples):
    [ambiguous] = [p for r in examples for p in r.problems if p.code == "ambiguous-date"]
    german = word(messages_for("de"), ambiguous.sentences)
    assert ambiguous.message.startswith('"01/02/2020" could be 1 February or 2 January 2020.')
    assert german.startswith("„01/02/2020“ kann der 1. Februar oder der 2. Januar 2020 sein.")
    arabic = word(messages_for("ar"), ambiguous.sentences)
    assert "«01/02/2020»" in arabic and "فبراير" in arabic


def test_the_summary_line_follows_each_languages_plural_rules(schema):
    one = [make_record(schema, "Partnerships/X", problems=[problem("start", severity="error")])]
    assert render_problems(one, schema, SETTINGS, messages=messages_for("de")).startswith(
        "1 Problem auf 1 Seite (1 Fehler, 0 Warnungen, 0 Hinweise)."
    )
    two = [make_record(schema, "Partnerships/X", problems=[problem("start"), problem("end")])]
    assert render_problems(two, schema, SETTINGS, messages=messages_for("ar")).startswith(
        "مشكلتان في صفحة واحدة (لا أخطاء، تحذيران، لا اقتراحات)."
    )
    many = render_problems(registry(schema), schema, SETTINGS, messages=messages_for("fr"))
    assert many.startswith("8 problèmes sur 3 pages (2 erreurs, 4 avertissements, 2 suggestions).")


def test_a_severity_the_bot_does_not_know_is_counted_apart_in_every_language(schema):
    record = make_record(schema, "Partnerships/X", problems=[problem("start", severity="note")])
    assert render_problems([record], schema, SETTINGS).startswith(
        "1 problem on 1 page (0 errors, 0 warnings, 0 info, 1 other)."
    )
    assert "1 sonstige)." in render_problems([record], schema, SETTINGS, messages=messages_for("de"))


def test_headings_severities_and_the_whole_page_are_messages(schema):
    text = render_problems(registry(schema), schema, SETTINGS, messages=messages_for("de"))
    assert "! Schweregrad\n! Parameter\n! Wert, wie geschrieben\n! Problem\n" in text
    rows = dict(sections(text))["[[:Partnerships/Kiwix|Partnerships/Kiwix]]"]
    # a problem without message keys (read back from JSON, or made by hand) keeps its stored text
    assert rows == [["Fehler", "(ganze Seite)", "", "No template."]]
    assert text.startswith("8 Probleme auf 3 Seiten")
    assert render_problems([], schema, SETTINGS, messages=messages_for("ar")) == "لم يُعثر على أي مشكلات.\n"


def test_the_outside_section_is_in_the_pages_language(schema):
    text = render_problems([], schema, SETTINGS, outside=OUTSIDE, messages=messages_for("es"))
    assert '== <span id="outside"></span>Páginas fuera del registro ==' in text
    assert "Estas páginas usan &#123;&#123;Partnership&#125;&#125; pero no están bajo Partnerships/" in text
    assert "! Página\n" in text
