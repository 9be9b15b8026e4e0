"""Module:Partnerships/schema.json: everything the Lua module knows, generated from the configuration."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.config import Pages, Settings, checked
from bot.core.messages import load_messages
from bot.core.onwiki.module_data import country_key, module_i18n, module_schema
from bot.core.render.data import encode_like_mediawiki
from bot.core.textkeys import match_key, param_key
from bot.paths import I18N_DIR
from tests import support


def generated(settings=None):
    schema = support.schema()
    return schema, module_schema(schema, support.countries(), settings or Settings())


def test_every_name_of_every_field_is_a_parameter_key_with_its_rank():
    schema, data = generated()
    for spec in schema.fields:
        for rank, name in enumerate(spec.names):
            assert data["params"][param_key(name)] == [spec.name, rank]
    assert len(data["params"]) == len(schema.param_index)


def test_every_spelling_the_bot_accepts_is_a_match_key():
    schema, data = generated()
    for name, enum in schema.enums.items():
        for value in enum.values:
            for spelling in (value.id, value.label, *value.spellings):
                assert data["match"][name][match_key(spelling)] == enum.index[match_key(spelling)]


def test_countries_are_found_by_name_and_code():
    _, data = generated()
    assert data["country_match"][match_key("Kenya")] == data["country_match"][match_key("KE")] == "KE"
    assert data["country_match"][match_key("KEN")] == "KE" and data["country_labels"]["KE"] == "Kenya"


def test_pages_scope_categories_and_templates_follow_the_settings():
    settings = checked(Settings(), support.schema())
    pages = Pages(index="R", data="R.json", data_shards=3)  # (replace() would keep the resolved defaults)
    _, data = generated(replace(settings, pages=pages))
    assert data["pages"]["data"] == "R.json" and data["data_shards"] == 3 and data["pages"]["lists"] == "R/Lists"
    assert data["scope"]["prefix"] == "Partnerships/"
    assert data["categories"]["values"]["status"]["on-hold"] == "Partnerships with status On hold"
    assert data["templates"] == {"list": "Partnerships list", "count": "Partnerships count"}
    assert data["columns"][0] == "name" and data["columns"][-1] == "problems"


def test_the_page_is_stored_as_mediawiki_stores_json():
    _, data = generated()
    text = encode_like_mediawiki(data)
    assert json.loads(text) == data and not text.endswith("\n")


# --- Module:Partnerships/i18n.json -------------------------------------------------------------

CATALOGUE = {
    "en": {"partnerships-list-empty": "No partnership matches."},
    "de": {"partnerships-list-empty": "Keine Partnerschaft passt."},
    "ar": {},
    "xx": {},
}


def test_i18n_holds_every_languages_messages_as_the_files_give_them():
    data = module_i18n(CATALOGUE, support.countries())
    assert sorted(data) == ["ar", "de", "en", "xx"]
    assert data["de"]["partnerships-list-empty"] == "Keine Partnerschaft passt."
    assert data["en"] == CATALOGUE["en"]  # English names are the schema's country_labels


def test_i18n_gives_each_language_cldrs_country_names_where_they_differ_from_english():
    data = module_i18n(CATALOGUE, support.countries())
    assert data["de"][country_key("KE")] == "Kenia" and data["de"][country_key("DE")] == "Deutschland"
    assert data["ar"][country_key("KE")] == "كينيا"
    assert country_key("KE") not in data["xx"]  # CLDR knows no "xx": the module shows English
    english = support.countries().names
    assert all(
        data["de"][country_key(code)] != name for code, name in english.items() if country_key(code) in data["de"]
    )


def test_the_shipped_i18n_page_has_a_country_name_in_each_shipped_language():
    data = module_i18n(load_messages(I18N_DIR), support.countries())
    for language in ("de", "fr", "es", "ar"):
        assert data[language][country_key("DE")] and data[language]["partnerships-column-problems"]
