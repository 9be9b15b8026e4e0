"""Messages (i18n/*.json, banana format): the check that keeps translations honest, and the loader.

A message used in the bot's Python or in Module:Partnerships must be in
``en.json`` and documented in ``qqq.json``; no file may hold a key English
lacks, nor drop or add a placeholder; the shipped languages are complete;
English repeats the schema's labels exactly (:mod:`bot.core.labels`).
"""

from __future__ import annotations

import json
import re

import pytest

from bot.core.labels import schema_messages
from bot.core.messages import Messages, fallback_chain, load_messages, messages_for, plural_index, read_messages
from bot.core.schema import load_schema
from bot.errors import ConfigError
from bot.paths import I18N_DIR, ONWIKI_DIR, PROJECT_ROOT, SCHEMA_PATH

LUA_USE = re.compile(r"""msg\(\s*'([a-z][a-z0-9-]*)'""")
PY_USE = re.compile(r"""["'](partnerships-[a-z0-9-]*[a-z0-9])["']""")
PARAMETER = re.compile(r"\$\d+")
COMPLETE = ("de", "fr", "es", "ar")
# Python literals that look like keys and are not messages.
NOT_MESSAGES = {"partnerships-reminders"}  # the opt-out template's name (bot/core/reminders.py)


def used_keys() -> set[str]:
    """Keys the code names literally, plus the keys made from the schema's labels."""
    used = set(LUA_USE.findall((ONWIKI_DIR / "Module-Partnerships.lua").read_text(encoding="utf-8")))
    for path in (PROJECT_ROOT / "bot").rglob("*.py"):
        used |= set(PY_USE.findall(path.read_text(encoding="utf-8")))
    return (used - NOT_MESSAGES) | set(schema_messages(load_schema(SCHEMA_PATH)))


def test_every_message_used_is_in_english_and_documented_and_none_is_unused():
    english = read_messages(I18N_DIR / "en.json")
    documented = read_messages(I18N_DIR / "qqq.json")
    used = used_keys()
    assert not used - set(english), f"used but missing from en.json: {sorted(used - set(english))}"
    assert not set(english) - used, f"in en.json but never used: {sorted(set(english) - used)}"
    assert set(english) == set(documented), f"not documented in qqq.json: {sorted(set(english) ^ set(documented))}"


def test_every_language_has_only_keys_english_has_with_the_same_parameters():
    languages = load_messages(I18N_DIR)
    english = languages["en"]
    for code, messages in languages.items():
        assert not set(messages) - set(english), (code, sorted(set(messages) - set(english)))
        for key, text in messages.items():
            assert set(PARAMETER.findall(text)) == set(PARAMETER.findall(english[key])), (code, key)
            assert text.strip(), (code, key, "an empty translation: leave the key out to fall back to English")


def test_the_shipped_languages_are_complete():
    languages = load_messages(I18N_DIR)
    for code in COMPLETE:
        missing = sorted(set(languages["en"]) - set(languages[code]))
        assert not missing, f"{code}.json lacks {missing}"


def test_english_repeats_the_schemas_labels():
    english = read_messages(I18N_DIR / "en.json")
    for key, label in schema_messages(load_schema(SCHEMA_PATH)).items():
        assert english.get(key) == label, f"en.json {key} must be {label!r} as in config/schema.toml"


def test_qqq_is_documentation_not_a_language():
    assert "qqq" not in load_messages(I18N_DIR)


def test_a_broken_messages_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "de.json").write_text('{"a": 1}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"de\.json: must be one JSON object"):
        load_messages(tmp_path)
    (tmp_path / "de.json").write_text("{", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"de\.json:1: not valid JSON"):
        load_messages(tmp_path)


def test_the_files_are_json_with_tabs_as_in_mediawiki():
    for path in I18N_DIR.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert json.loads(text)["@metadata"] and text.startswith('{\n\t"@metadata"'), path.name


CATALOGUE = {
    "en": {"pages": "{{PLURAL:$1|one page|$1 pages}} in $2", "zero": "{{PLURAL:$1|0=no page|one page|$1 pages}}"},
    "de": {"pages": "{{PLURAL:$1|eine Seite|$1 Seiten}} in $2"},
    "pt": {"pages": "{{PLURAL:$1|uma página|$1 páginas}} em $2"},
    "ar": {"pages": "{{PLURAL:$1|لا صفحات|صفحة واحدة|صفحتان|$1 صفحات|$1 صفحة|$1 صفحة}} في $2"},
}


def test_a_message_falls_back_to_the_parent_language_then_english_never_to_a_blank():
    assert fallback_chain("pt-br") == ("pt-br", "pt", "en")
    assert Messages("pt-br", CATALOGUE)("pages", 2, "X") == "2 páginas em X"
    assert Messages("fr", CATALOGUE)("pages", 1, "X") == "one page in X"
    assert Messages("fr", {"en": {"a": "A"}, "fr": {"a": ""}})("a") == "A"
    assert Messages("de", CATALOGUE)("no-such-key") == "⧼no-such-key⧽"


def test_plural_follows_the_languages_cldr_categories():
    ar = Messages("ar", CATALOGUE)
    assert [ar("pages", n, "X").split(" في ")[0] for n in (0, 1, 2, 3, 11, 100)] == [
        "لا صفحات",
        "صفحة واحدة",
        "صفحتان",
        "3 صفحات",
        "11 صفحة",
        "100 صفحة",
    ]
    de = Messages("de", CATALOGUE)
    assert de("pages", 1, "X") == "eine Seite in X" and de("pages", 1234, "X") == "1.234 Seiten in X"
    assert Messages("en", CATALOGUE)("zero", 0) == "no page"
    assert plural_index("ar", 5, 2) == 1  # fewer forms than categories: the last one


def test_cldr_gives_countries_months_languages_numbers_and_direction():
    de, ar = messages_for("de"), messages_for("ar")
    assert de.country("DE", "Germany") == "Deutschland" and messages_for("en").country("DE", "Germany") == "Germany"
    assert de.month(5) == "Mai" and de.language_name("fr") == "Französisch"
    assert ar.direction == "rtl" and de.direction == "ltr"
    assert de.number(1234567) == "1.234.567"
