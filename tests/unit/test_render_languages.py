"""The registry pages in other languages: no English left but what editors typed.

The example pages (examples/) are rendered in German, French, Spanish and
Arabic; every word a reader sees must come from that language's messages,
the schema's translated labels, CLDR, or the values editors typed (names,
partners, unknown values shown as typed). English stays exactly as before.
"""

from __future__ import annotations

import re
from pathlib import Path

import mwparserfromhell
import pytest
from test_render_support import assert_inert, with_settings

from bot.config import load_settings
from bot.core.extract import extract_many
from bot.core.messages import messages_for, read_messages
from bot.core.render.index import render_index
from bot.core.render.language import in_language
from bot.core.render.overview import render_overview
from bot.core.render.registry_edit_summary import summary_text
from bot.paths import I18N_DIR
from bot.sources.offline import DirSource
from tests import support

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WORD = re.compile(r"[^\W\d_]{2,}")
LANGUAGES = ("de", "fr", "es", "ar")


@pytest.fixture(scope="module")
def records(schema):
    return list(extract_many(DirSource(EXAMPLES), schema, support.countries()))


@pytest.fixture(scope="module")
def shipped(schema):
    return load_settings(schema=schema)


def visible_words(wikitext: str) -> set[str]:
    """The words a reader sees: link labels and text, without markup, attributes or link targets."""
    code = mwparserfromhell.parse(wikitext.replace("<br />", " \n"))
    for link in code.filter_wikilinks():
        code.replace(link, str(link.text if link.text is not None else link.title))
    text = code.strip_code(normalize=True, collapse=True)
    text = re.sub(r"(?m)^\s*[|!{][^|\n]*\|", " ", text)  # table attributes before a cell's content
    text = re.sub(r'\b[\w-]+="[^"]*"', " ", text)
    return set(WORD.findall(text))


def typed_words(records) -> set[str]:
    """Every word of every value editors typed, and of page titles."""
    words: set[str] = set()
    for record in records:
        words |= set(WORD.findall(record.page))
        for value in record.values.values():
            for item in value if isinstance(value, tuple) else (value,):
                words |= set(WORD.findall(str(item or "")))
    return words


def unexplained(words: set[str], allowed: set[str]) -> set[str]:
    """Words that are no allowed word, also lower-cased ({{lc:}} labels) or after Arabic's "and" prefix (CLDR lists)."""
    lowered = {w.lower() for w in allowed}
    return {w for w in words if w.lower() not in lowered and not (w.startswith("و") and w[1:].lower() in lowered)}


def language_words(code: str) -> set[str]:
    """The words of the language's messages, and its month names from CLDR."""
    words = {messages_for(code).month(number) for number in range(1, 13)}
    for text in read_messages(I18N_DIR / f"{code}.json").values():
        words |= set(WORD.findall(text))
    return words


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("group_by", ["none", "regions"])
def test_the_index_and_overview_have_no_english_left(schema, records, shipped, code, group_by):
    chosen = with_settings(shipped, group_by=group_by)
    say = messages_for(code)
    allowed = language_words(code) | typed_words(records) | {"wikitable", "sortable", "PLURAL", "lc", "lcfirst"}
    from datetime import date

    for render, kwargs in (
        (render_index, {"messages": say}),
        (render_overview, {"messages": say, "today": date(2026, 12, 3)}),
    ):
        body = render(records, schema, chosen, **kwargs)
        assert_inert(body)
        text = in_language(body, say)
        left = unexplained(visible_words(text), allowed)
        assert not left, f"{render.__name__} in {code}: words from no {code} message: {sorted(left)[:20]}"


def test_german_pages_use_german_labels_plural_and_numbers(schema, records, shipped):
    de = messages_for("de")
    index = render_index(records, schema, with_settings(shipped, group_by="status"), messages=de)
    assert index.startswith(f"{sum(1 for r in records if r.title)} Partnerschaften.")
    assert "\n! Art der Beziehung\n" in index and "\n! Problems\n" not in index
    assert '== <span id="active"></span>Aktiv ==' in index
    assert "[[:Partnerships/Registry/Problems/de#" in index  # counts lead to the German problems page
    overview = render_overview(records, schema, shipped, messages=de)
    assert "== Nach Regionen und Art der Beziehung ==" in overview and "Gesamt" in overview
    assert summary_text("partnerships-edit-registry-index", 1, 0, 0, 1, messages=de) == (
        "Partnerschaftsverzeichnis: 1 neu (1 Partnerschaft)"
    )


def test_arabic_pages_are_marked_right_to_left_and_english_is_unchanged(schema, records, shipped):
    ar = messages_for("ar")
    text = in_language(render_overview(records, schema, shipped, messages=ar), ar)
    assert text.startswith('<div lang="ar" dir="rtl" class="mw-content-rtl">\n') and text.endswith("</div>\n")
    assert "المجموع" in text and "حسب المناطق" in text
    english = messages_for("en")
    assert in_language(render_index(records, schema, shipped), english) == render_index(records, schema, shipped)
    assert render_index(records, schema, shipped, messages=english) == render_index(records, schema, shipped)


def test_the_change_log_reads_in_german_and_arabic(schema):
    from datetime import date

    from bot.config import Settings
    from bot.core.history import Change, record_changes
    from bot.core.history.log import ADDED, FIELD, PROBLEMS
    from bot.core.render.changes import render_changes

    at = "2026-03-14T10:00Z"
    changes = [
        Change(at, "Partnerships/A", "Alpha", ADDED, new_revision=7),
        Change(at, "Partnerships/B", "Beta", FIELD, field="status", before="proposed", after="active", new_revision=5),
        Change(at, "Partnerships/G", "Gee", PROBLEMS, introduced=1, fixed=2, old_revision=4, new_revision=6),
        Change("2025-11-02T10:00Z", "Partnerships/Old", "Old", ADDED, new_revision=2),
    ]
    log = record_changes(None, changes, today=date(2026, 3, 14), days=90)
    import html

    german = html.unescape(render_changes(log, schema, Settings(), messages=messages_for("de")))
    assert "* 2026-03-14: [[:Partnerships/A|Alpha]] hinzugefügt ([[:Special:Diff/7|Unterschied]])" in german
    assert "Status geändert von Vorgeschlagen in Aktiv" in german and "2 Probleme behoben, 1 neu" in german
    assert "November 2025" in german and "== Die letzten 90 Tage ==" in german
    allowed = language_words("de") | {"Alpha", "Beta", "Gee", "Old", "Partnerships", "Special", "Diff"}
    assert not unexplained(visible_words(german), allowed)
    arabic = html.unescape(render_changes(log, schema, Settings(), messages=messages_for("ar")))
    assert "أُضيفت [[:Partnerships/A|Alpha]]" in arabic and "نوفمبر 2025" in arabic


def test_the_stamp_and_the_explanation_are_in_the_pages_language_and_recognised_in_any():
    from bot.core.markers import STAMP_PREFIX, explanation_line, stamped, without_stamp

    english = stamped("body", "2026-12-03 10:00")
    assert english == f"\n{STAMP_PREFIX}2026-12-03 10:00 (UTC).''\nbody\n"
    for code in LANGUAGES:
        content = stamped("body", "2026-12-03 10:00", code)
        assert content != english and without_stamp(content) == "body", code
        assert explanation_line(code).startswith("<!-- ") and "--" not in explanation_line(code)[4:-3]
    assert "Vom Bot aktualisiert" in stamped("x", "now", "de")


def test_lang_chooses_the_infoboxs_language_and_is_no_unknown_parameter(schema):
    from bot.core.extract import extract
    from bot.core.records import Snapshot

    text = "{{Partnership\n| name = X\n| partner = Y\n| lang = ar\n| colour = red\n}}"
    record = extract(Snapshot("Partnerships/X", text, revision=1), schema, support.countries())
    unknown = [p.field for p in record.problems if p.code == "unknown-parameter"]
    assert unknown == ["colour"] and "lang" not in record.values


def test_a_reminder_reads_in_the_wikis_language(schema):
    from bot.core.reminders import Due, heading, message, summary

    item = Due(
        page="Partnerships/Kiwix",
        name="Kiwix",
        contacts=("Ann",),
        review="late",
        reviewed="2019-05-05",
        months=30,
        errors=(),
        errors_since=None,
    )
    de = messages_for("de")
    text = message(item, schema, problems_page="Partnerships/Registry/Problems/de", ping=True, messages=de)
    assert text.startswith("Hallo [[:User:Ann|Ann]]!") and "vor 30 Monaten" in text and text.endswith("~~~~")
    assert heading(item, de) == "Partnerschaftsverzeichnis: bitte Kiwix überprüfen"
    assert summary(item, de).startswith("Erinnerung: Kiwix")
    assert "12 months ago" in message(
        replace_due(item, months=12), schema, problems_page="P", ping=False
    ) and "1 month ago" in message(replace_due(item, months=1), schema, problems_page="P", ping=False)


def replace_due(item, **changes):
    from dataclasses import replace

    return replace(item, **changes)
