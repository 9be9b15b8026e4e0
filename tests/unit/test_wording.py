"""Problem messages as data (bot/core/wording.py): keys and parameters, worded in English and in any language."""

from __future__ import annotations

from bot.core.messages import Messages, messages_for
from bot.core.normalise import bad, finding
from bot.core.records import Problem
from bot.core.wording import Country, Either, EnumLabel, FieldLabel, Joined, Month, english, say, word

CATALOGUE = {
    "en": {"partnerships-problem-or": "$1 or $2", "k": "'$1' is $2.", "hint": "Try $1.", "label": "Label $1."},
    "de": {
        "partnerships-problem-or": "$1 oder $2",
        "k": "„$1“ ist $2.",
        "hint": "Versuchen Sie $1.",
        "label": "Feld $1.",
    },
}
EN, DE = Messages("en", CATALOGUE), Messages("de", CATALOGUE)


def test_sentences_are_worded_and_joined_by_spaces():
    parts = [say("k", "x", "y"), say("hint", "z")]
    assert word(EN, parts) == "'x' is y. Try z."
    assert word(DE, parts) == "„x“ ist y. Versuchen Sie z."


def test_alternatives_are_joined_by_the_languages_or():
    parts = [say("hint", Either(("a", "b", "c")))]
    assert word(EN, parts) == "Try a or b or c."
    assert word(DE, parts) == "Versuchen Sie a oder b oder c."
    assert word(EN, [say("hint", Either(()))]) == "Try ."


def test_months_countries_and_labels_come_from_cldr_and_the_messages():
    de = messages_for("de")
    assert word(de, [say("partnerships-problem-or", Month(5), Country("KE", "Kenya", coded=True))]) == (
        "Mai oder Kenia (KE)"
    )
    region = EnumLabel("region", "ssa", "Sub-Saharan Africa", coded=True)
    assert word(de, [say("partnerships-problem-or", region, Joined(("a", "b")))]) == "Subsahara-Afrika (ssa) oder a + b"
    assert word(messages_for("en"), [say("partnerships-problem-or", region, FieldLabel("start", "x"))]) == (
        "Sub-Saharan Africa (ssa) or Start date"
    )
    assert word(de, [say("partnerships-problem-or", FieldLabel("no-such-field", "Fallback"), "b")]) == "Fallback oder b"


def test_english_only_text_is_shown_in_english_and_the_message_elsewhere():
    part = say("label", "Start", english="When it began.")
    assert word(EN, [part]) == "When it began." and word(DE, [part]) == "Feld Start."


def test_a_finding_carries_its_key_and_parameters_and_its_english_text():
    made = finding("invalid-value", say("partnerships-problem-url", "x y"), value="x y")
    assert made.message == "'x y' is not a web address. Write it like https://example.org."
    assert made.key == "partnerships-problem-url" and made.params == ("x y",)
    assert english(made.sentences) == made.message
    normalised = bad("broad-region", say("partnerships-problem-url", "v"), value="v", values=("a", "b"))
    assert normalised.values == ("a", "b") and normalised.findings[0].value == "v"


def test_a_problem_without_sentences_has_an_empty_key_and_its_json_shape_is_unchanged():
    stored = Problem("P", "start", "invalid-date", "warning", "Stored text.", "x")
    assert stored.key == "" and stored.params == ()
    assert stored.as_dict() == {
        "field": "start",
        "code": "invalid-date",
        "severity": "warning",
        "message": "Stored text.",
        "value": "x",
    }
