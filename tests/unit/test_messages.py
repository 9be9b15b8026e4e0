"""The module's messages (i18n/*.json, banana format): every message used exists, is documented and is used."""

from __future__ import annotations

import json
import re

import pytest

from bot.core.messages import load_messages, read_messages
from bot.errors import ConfigError
from bot.paths import I18N_DIR, ONWIKI_DIR

USED = re.compile(r"""msg\(\s*'([a-z][a-z0-9-]*)'""")
PARAMETER = re.compile(r"\$\d+")


def used_keys() -> set[str]:
    return set(USED.findall((ONWIKI_DIR / "Module-Partnerships.lua").read_text(encoding="utf-8")))


def test_every_message_the_module_uses_is_in_english_and_documented_and_none_is_unused():
    english = read_messages(I18N_DIR / "en.json")
    documented = read_messages(I18N_DIR / "qqq.json")
    assert used_keys() == set(english) == set(documented)


def test_every_language_has_only_keys_english_has_with_the_same_parameters():
    languages = load_messages(I18N_DIR)
    english = languages["en"]
    for code, messages in languages.items():
        assert set(messages) <= set(english), code
        for key, text in messages.items():
            assert set(PARAMETER.findall(text)) == set(PARAMETER.findall(english[key])), (code, key)


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
