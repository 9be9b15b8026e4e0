"""Consultation summaries in other languages: no English left but what editors typed, numbers and
PLURAL by the language, right to left in Arabic, English unchanged, one page per language."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from bot.config import ConsultationConfig
from bot.core.discussion import Window, load_consultation_settings, parse_discussion, summarise
from bot.core.markers import begin_marker, end_marker
from bot.core.messages import messages_for, read_messages
from bot.core.render.consultation import edit_summary, render_consultation
from bot.jobs.summarise import explanation, plan_summaries, summarise_pages, summary_markers
from bot.paths import I18N_DIR
from tests import support

PAGE = "Talk:Partnerships/Consultation"
WINDOW = Window(date(2019, 5, 1), date(2019, 5, 31))

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
A comment with no date. [[User:Gus|Gus]]
12:00, 6 May 2019 (UTC)
"""

QUESTIONS = ["How do we build our collaborative capacity?", "Who pays?"]


@pytest.fixture(scope="module")
def rules():
    return load_consultation_settings(text_rules=support.schema().text)


@pytest.fixture(scope="module")
def summary(rules):
    return summarise(parse_discussion(PAGE, CONSULTATION, rules), window=WINDOW, questions=QUESTIONS)


def typed_by_editors(summary) -> list[str]:
    """Everything in a summary that editors wrote (kept as typed in every language)."""
    typed = [summary.page, *QUESTIONS]
    for section in summary.sections:
        typed += [section.title, *section.participants, *(d.text for d in section.digest)]
    for problem in summary.problems:
        typed += [problem.text, problem.section, *problem.params]
    return sorted((t for t in typed if t), key=len, reverse=True)


def english_words(language: str) -> set[str]:
    """Words of the English summary messages that the language's translations do not use too."""
    english = read_messages(I18N_DIR / "en.json")
    translated = read_messages(I18N_DIR / f"{language}.json")
    words = set()
    for key, text in english.items():
        if key.startswith("partnerships-summary-"):
            words |= set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\{PLURAL:|\$\d", " ", text)))
    theirs = " ".join(v for k, v in translated.items() if k.startswith("partnerships-summary-"))
    return {w for w in words if not re.search(rf"\b{w}\b", theirs, re.IGNORECASE)}


def reader_text(wikitext: str, typed: list[str]) -> str:
    """What a reader sees, less what editors typed: markup, attributes and link targets removed."""
    text = html.unescape(wikitext)
    for part in typed:
        text = text.replace(part, "")
    text = re.sub(r"\[\[[^|\]]*\|", "[[", text)  # link targets (the page title)
    text = re.sub(r'[a-z-]+="[^"]*"', "", text)  # attributes
    return re.sub(r"^\{\|.*$|^\|[-}+]?|^!|</?div[^>]*>", "", text, flags=re.M)


@pytest.mark.parametrize("language", ["de", "fr", "es", "ar"])
def test_no_english_is_left_but_what_editors_typed(summary, language):
    messages = messages_for(language)
    text = reader_text(render_consultation(summary, window=WINDOW, messages=messages), typed_by_editors(summary))
    text += " " + edit_summary(summary, messages) + " " + explanation(PAGE, messages).replace(PAGE, "")
    assert len(english_words(language)) > 40, "the check needs the English words to look for"
    left = {w for w in english_words(language) if re.search(rf"\b{w}\b", text)}
    assert not left, (language, sorted(left), text)
    assert "⧼" not in text


def test_arabic_has_no_latin_word_but_utc_and_what_editors_typed(summary):
    text = reader_text(
        render_consultation(summary, window=WINDOW, messages=messages_for("ar")), typed_by_editors(summary)
    )
    assert set(re.findall(r"[A-Za-z]+", text)) <= {"UTC", "class", "wikitable", "sortable"}


def test_the_german_summary_has_german_headings_counts_and_dates(summary):
    text = html.unescape(render_consultation(summary, window=WINDOW, messages=messages_for("de")))
    assert text.startswith('<div lang="de" dir="ltr">\n') and text.endswith("</div>\n")
    assert '! style="width:30%" | Abschnitt\n! data-sort-type="number" | Kommentare\n' in text
    assert "7 Kommentare (4 Beiträge, 3 Antworten) von 5 Personen, vom 2019-05-01 09:00 bis 2019-05-11 11:00." in text
    assert "vom 1. Mai 2019 bis zum 31. Mai 2019, beide Tage eingeschlossen; 1 Kommentar außerhalb" in text
    assert "| Who pays? (noch kein Abschnitt)\n" in text and "| Gesamt\n" in text
    assert "Stimmen: 1 dafür, 1 dagegen, 0 Enthaltungen." in text
    assert "'''Zu prüfen''' (4 Einträge)" in text
    assert "ein Kommentar von Eve um 2019-07-01 10:00 UTC liegt außerhalb" in text
    assert "eine Signatur von Gus ohne Zeitstempel" in text
    assert (
        edit_summary(summary, messages_for("de"))
        == "Zusammenfassung der Konsultation: 7 Kommentare von 5 Personen, 2 unbeantwortet"
    )


def many(count: int) -> str:
    return "== Q ==\n" + "".join(f"* Yes. [[User:U{i}|U{i}]] 12:00, 5 May 2019 (UTC)\n" for i in range(count))


def test_large_counts_are_written_as_the_language_writes_them_and_sort_by_value(rules):
    summary = summarise(parse_discussion(PAGE, many(1234), rules))
    german = render_consultation(summary, messages=messages_for("de"))
    assert "1.234 Kommentare" in german and '| data-sort-value="1234" style="text-align:right" | 1.234\n' in german
    assert edit_summary(summary, messages_for("de")).startswith("Zusammenfassung der Konsultation: 1.234 Kommentare")
    assert "1,234 comments" in render_consultation(summary)


@pytest.mark.parametrize(
    "count, words",
    [(1, "تعليق واحد"), (2, "تعليقان"), (3, "3 تعليقات"), (11, "11 تعليقًا"), (100, "100 تعليق")],
)
def test_arabic_counts_take_the_arabic_plural_forms(rules, count, words):
    summary = summarise(parse_discussion(PAGE, many(count), rules))
    assert edit_summary(summary, messages_for("ar")).startswith(f"ملخص الاستشارة: {words} من ")


def test_german_plural_one_and_other(rules):
    one = summarise(parse_discussion(PAGE, many(1), rules))
    assert (
        edit_summary(one, messages_for("de"))
        == "Zusammenfassung der Konsultation: 1 Kommentar von 1 Person, 1 unbeantwortet"
    )


def test_the_arabic_summary_reads_right_to_left(summary):
    text = render_consultation(summary, window=WINDOW, messages=messages_for("ar"))
    assert text.startswith('<div lang="ar" dir="rtl">\n') and text.endswith("\n</div>\n")
    assert text.count("{|") == text[text.index("\n") : text.rindex("</div>")].count("{|")
    assert "| المجموع\n" in text and "، " in html.unescape(text)


def test_english_is_unchanged_and_has_no_wrapper(summary):
    english = render_consultation(summary, window=WINDOW)
    assert render_consultation(summary, window=WINDOW, messages=messages_for("en")) == english
    assert "<div" not in english and english.startswith("Summary of [[")
    assert explanation(PAGE) == (
        f"<!-- This is a summary of the consultation on [[{PAGE}]], kept up to date by the partnerships "
        "bot. Edit freely outside the bot's markers; changes between them are replaced on the next run. -->"
    )


def test_the_english_messages_of_findings_say_what_the_parser_says(summary):
    english = messages_for("en")
    keyed = [p for p in summary.problems if p.key]
    assert {p.code for p in keyed} >= {"outside-window", "question-without-section", "signature-without-timestamp"}
    for problem in keyed:
        if problem.code in {"outside-window", "question-without-section", "signature-without-timestamp"}:
            assert english(problem.key, *problem.params) == problem.message


def test_one_page_update_per_language_each_between_the_same_markers(summary):
    consultation = ConsultationConfig(PAGE, f"{PAGE}/Summary", "summary")
    updates = plan_summaries(summary, consultation, ("de", "ar", "de", "en"))
    assert [u.title for u in updates] == [f"{PAGE}/Summary", f"{PAGE}/Summary/de", f"{PAGE}/Summary/ar"]
    assert {u.region for u in updates} == {"summary"}
    assert updates[1].summary.startswith("Zusammenfassung der Konsultation") and "Zusammenfassung" in updates[1].body
    assert updates[2].body.startswith('<div lang="ar" dir="rtl">')
    assert consultation.targets(("de", "ar")) == (f"{PAGE}/Summary", f"{PAGE}/Summary/de", f"{PAGE}/Summary/ar")


def test_a_language_summary_on_a_page_that_is_read_is_never_counted(rules, summary):
    # The summary stands at the top of the talk page; the German page Talk:…/de is a translation read with it.
    consultation = ConsultationConfig(PAGE, PAGE, "summary", more_pages=(f"{PAGE}/de",))
    other = ConsultationConfig("Talk:Other", f"{PAGE}/de", "other")
    german = plan_summaries(summary, consultation, ("de",))[1].body

    def wrapped(marker: str) -> str:
        return f"{begin_marker(marker)}\n{german}{end_marker(marker)}\n"

    translation = wrapped("summary") + wrapped("other") + "== Q ==\nOne. [[User:Zed|Zed]] 12:00, 5 May 2019 (UTC)\n"
    assert summary_markers([consultation, other], f"{PAGE}/de", ("de",)) == ["summary", "other"]
    counted = summarise_pages(
        PAGE,
        [(PAGE, wrapped("summary")), (f"{PAGE}/de", translation)],
        consultation,
        rules,
        own_markers=lambda title: summary_markers([consultation, other], title, ("de",)),
    )
    assert counted.totals.comments == 1 and not counted.problems
