"""User names, web addresses, Wikidata ids and enumeration values."""

from __future__ import annotations

import pytest

from bot.core.normalise.enums import normalise_enum
from bot.core.normalise.urls import normalise_url
from bot.core.normalise.users import normalise_user
from bot.core.normalise.wikidata import normalise_wikidata
from tests.conftest import item


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("[[User:Example|Ex]]", "Example"),
        ("[[User talk:Example|talk]]", "Example"),
        ("[[user:example_user]]", "Example user"),
        ("[[m:User:Meta person]]", "Meta person"),
        ("[[:en:User:Some One|someone]]", "Some One"),
        ("[[Benutzer:Zedler]]", "Zedler"),
        ("[[Utilisateur:Jean]]", "Jean"),
        ("[[Usuario:Ana]]", "Ana"),
        ("{{u|someone}}", "Someone"),
        ("{{user|Someone Else}}", "Someone Else"),
        ("{{ping|Pinged}}", "Pinged"),
        ("plain_name", "Plain name"),
        ("User:Written Out", "Written Out"),
        ("[[User:Sub/page|x]]", "Sub"),
    ],
)
def test_user_names_are_read_from_every_form(schema, raw, expected):
    assert normalise_user(item(raw), schema.text).values == (expected,)


@pytest.mark.parametrize("raw", ["[[Main Page]] {{x}}", "a|b", "[[User:]]", "x" * 90])
def test_something_that_is_not_a_user_name_is_invalid(schema, raw):
    result = normalise_user(item(raw), schema.text)
    assert result.values == () and result.findings[0].code == "invalid-value"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("https://www.openstreetmap.org", "https://www.openstreetmap.org"),
        ("www.openstreetmap.org", "https://www.openstreetmap.org"),
        ("HTTPS://Example.ORG/About", "https://example.org/About"),
        ("http://example.org/", "http://example.org/"),
        ("[https://example.org/x label]", "https://example.org/x"),
        ("{{URL|example.org}}", "https://example.org"),
        ("{{URL|https://example.org/A}}", "https://example.org/A"),
        ("//example.org", "https://example.org"),
    ],
)
def test_web_addresses_get_a_scheme_and_a_lower_case_host(schema, raw, expected):
    assert normalise_url(item(raw), schema.text).values == (expected,)


@pytest.mark.parametrize("raw", ["see the talk page", "ftp://example.org", "https://", "http://exa mple.org"])
def test_malformed_addresses_are_invalid_values(schema, raw):
    result = normalise_url(item(raw), schema.text)
    assert result.values == ()
    assert result.findings[0].code == "invalid-value" and raw in result.findings[0].message


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Q936", "Q936"),
        ("q936", "Q936"),
        ("[[d:Q42]]", "Q42"),
        ("[[wikidata:Q42|OSM]]", "Q42"),
        ("{{Q|42}}", "Q42"),
        ("{{Q|Q42}}", "Q42"),
        (" Q007 ", "Q7"),
    ],
)
def test_wikidata_ids_come_out_upper_case(schema, raw, expected):
    assert normalise_wikidata(item(raw), schema.text).values == (expected,)


@pytest.mark.parametrize("raw", ["P31", "Q", "OpenStreetMap", "Q0"])
def test_other_text_is_not_a_wikidata_id(schema, raw):
    assert normalise_wikidata(item(raw), schema.text).findings[0].code == "invalid-value"


def test_an_unknown_enumeration_value_suggests_the_closest_id(schema):
    result = normalise_enum(item("activ"), schema.enums["status"], schema.text)
    assert result.values == ()
    assert result.findings[0].code == "unknown-value"
    assert "'active'" in result.findings[0].message


def test_an_unknown_value_with_no_close_match_lists_the_allowed_ids(schema):
    result = normalise_enum(item("strategic"), schema.enums["type"], schema.text)
    assert "partnership, alliance, collaboration, coalition" in result.findings[0].message


def test_enumeration_values_may_carry_markup(schema):
    assert normalise_enum(item("'''[[Alliance]]'''"), schema.enums["type"], schema.text).values == ("alliance",)
