"""Settings from config/bot.toml: defaults, checks, one clear line per mistake."""

from __future__ import annotations

import pytest

from bot.config import Settings, load_settings, parse_settings, resolve_roles
from bot.errors import ConfigError
from tests import support


def test_the_shipped_config_file_loads_and_matches_the_schema(schema):
    settings = load_settings(schema=schema)
    assert settings.registry.prefix == "Partnerships/" and settings.registry.namespaces == (0,)
    assert settings.pages.index == "Partnerships/Registry"
    assert settings.pages.data == "Partnerships/Registry.json"
    assert (
        settings.index.columns
        == (
            "name",
            "partner",
            "type",
            "level",
            "regions",
            "areas",
            "status",
            "start",
            "end",
            "last_reviewed",
            "problems",
        )
        and not settings.index.grouped
    )


def test_every_section_and_key_is_optional():
    assert parse_settings({}, schema=support.schema()) == resolve_roles(Settings(), support.schema())


def test_the_bots_own_pages_are_listed_for_the_sources_to_skip():
    assert Settings().own_pages == {
        "Partnerships/Registry",
        "Partnerships/Registry/Overview",
        "Partnerships/Registry/Problems",
        "Partnerships/Registry.json",
        "Partnerships/Registry/Lists",
        "Partnerships/Registry/Preload",
        "Partnerships/Registry/Changes",
    }


def test_language_pages_are_own_pages_at_the_translate_extensions_titles():
    from bot.config.settings import Pages

    pages = Pages(languages=("de", "ar"))
    assert pages.in_language(pages.index, "de") == "Partnerships/Registry/de"
    assert pages.in_language(pages.index, "en") == "Partnerships/Registry"
    assert {"Partnerships/Registry/Problems/ar", "Partnerships/Registry/Overview/de"} <= Settings(pages=pages).own_pages


def test_data_shard_pages_are_own_pages_too():
    from bot.config.settings import Pages

    pages = Pages(data_shards=3)
    assert pages.data_titles == (
        "Partnerships/Registry.json",
        "Partnerships/Registry/1.json",
        "Partnerships/Registry/2.json",
        "Partnerships/Registry/3.json",
    )
    assert "Partnerships/Registry/3.json" in Settings(pages=pages).own_pages


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().pages.index = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    "data, words",
    [
        ({"indx": {}}, ["unknown section [indx]", "[index]"]),
        ({"index": {"colums": []}}, ["[index] colums", "columns"]),
        ({"index": {"columns": "name"}}, ["[index] columns", "list"]),
        ({"index": {"columns": ["name", "name"]}}, ["twice"]),
        ({"index": {"columns": []}}, ["[index] columns", "at least one"]),
        ({"index": {"group_by": ""}}, ["[index] group_by"]),
        ({"pages": {"index": "Partnerships/A|B"}}, ["[pages] index", "page title"]),
        ({"pages": {"index": "X", "overview": "X"}}, ["same title"]),
        ({"pages": {"problems": 3}}, ["[pages] problems", "string"]),
        ({"registry": {"namespaces": ["0"]}}, ["[registry] namespaces", "numbers"]),
        ({"registry": {"namespaces": [True]}}, ["[registry] namespaces"]),
        ({"overview": {"bar_color": "red"}}, ["[overview] bar_color", "#36c"]),
        ({"overview": 3}, ["'overview' must be a section"]),
        ({"pages": {"languages": ["xx"]}}, ["[pages] languages", "i18n/xx.json", "de", "a translator adds one"]),
        ({"pages": {"languages": ["en"]}}, ["[pages] languages", "English is the base page"]),
        ({"pages": {"languages": ["de", "de"]}}, ["[pages] languages", "twice"]),
        ({"pages": {"languages": "German"}}, ["[pages] languages", "language code"]),
        ({"reminders": {"language": "xx"}}, ["[reminders] language", "i18n/xx.json"]),
        ({"reminders": {"language": ["de"]}}, ["[reminders] language", "one wiki language code"]),
    ],
)
def test_a_mistake_is_one_line_naming_the_key(data, words):
    with pytest.raises(ConfigError) as caught:
        parse_settings(data, schema=support.schema())
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize(
    "data, words",
    [
        ({"index": {"columns": ["name", "stauts"]}}, ["[index] columns", "stauts", "status"]),
        ({"index": {"group_by": "partner"}}, ["[index] group_by", "partner", "regions"]),
        ({"overview": {"active_statuses": ["running"]}}, ["[overview] active_statuses", "running", "on-hold"]),
    ],
)
def test_names_are_checked_against_the_schema(schema, data, words):
    with pytest.raises(ConfigError) as caught:
        parse_settings(data, schema=schema)
    for word in words:
        assert word in str(caught.value)


def test_grouping_by_any_enumeration_field_is_accepted(schema):
    for field in ("regions", "status", "type", "areas", "level"):
        assert parse_settings({"index": {"group_by": field}}, schema=schema).index.group_by == field


def test_a_missing_or_broken_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.toml", schema=support.schema())
    broken = tmp_path / "broken.toml"
    broken.write_text("[index\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, schema=support.schema())


def test_an_error_in_another_file_names_that_file(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text('[index]\ngroup = "regions"\n')
    with pytest.raises(ConfigError, match=f"{other}: \\[index\\] group"):
        load_settings(other, schema=support.schema())
