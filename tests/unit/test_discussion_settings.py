"""config/consultations.toml: data in, one clear line out when it is broken."""

from __future__ import annotations

import tomllib

import pytest

from bot.core.discussion.settings import (
    DEFAULT_PATH,
    ConsultationRulesError,
    load_consultation_settings,
    settings_from_dict,
)
from bot.core.schema import TextRules


@pytest.fixture(scope="module")
def data():
    with open(DEFAULT_PATH, "rb") as handle:
        return tomllib.load(handle)


def test_the_shipped_file_has_the_spec_vote_templates():
    settings = load_consultation_settings(text_rules=TextRules())
    for name, kind in [
        ("Support", "support"),
        ("S", "support"),
        ("Tick", "support"),
        ("Pro", "support"),
        ("Oppose", "oppose"),
        ("O", "oppose"),
        ("Contra", "oppose"),
        ("Neutral", "neutral"),
        ("N", "neutral"),
        ("Comment", None),
        ("C", None),
    ]:
        assert settings.vote_templates[name] == kind
    assert "Abstain" not in settings.vote_templates
    assert settings.time_zones["CET"] == 60 and settings.time_zones["CEST"] == 120
    assert {"unsigned", "unsigned ip", "unsigniert", "non signé"} <= {t.casefold() for t in settings.unsigned_templates}


def test_user_namespaces_of_the_schema_are_added():
    settings = load_consultation_settings(text_rules=TextRules(user_namespaces=("Gebruiker",)))
    assert "gebruiker" in settings.user_namespaces and "benutzer diskussion" in settings.user_namespaces


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["timestamps"]["months"].update(en=["January"]), "needs twelve"),
        (lambda d: d["timestamps"]["months"].update(xx=["May"] * 12), "listed twice"),
        (lambda d: d["timestamps"]["time_zones"].pop("UTC"), "UTC = 0"),
        (lambda d: d["timestamps"]["time_zones"].update(XYZ=99), "offset in hours"),
        (lambda d: d["timestamps"]["month_aliases"].update(Foo=13), "from 1 to 12"),
        (lambda d: d["votes"]["oppose"]["templates"].append("Support"), "listed twice"),
        (lambda d: d["votes"].update(maybe={"templates": ["Maybe"]}), "unknown vote kind 'maybe'"),
        (lambda d: d.pop("votes"), "[votes.*] tables are missing"),
        (lambda d: d["signatures"].update(user_namespaces="User"), "must be a list of strings"),
        (lambda d: d["digest"].update(max_length=5), "at least 20"),
    ],
)
def test_a_broken_file_stops_with_one_line_that_says_what_to_fix(data, change, message):
    import copy

    broken = copy.deepcopy(data)
    change(broken)
    with pytest.raises(ConsultationRulesError, match=message.replace("[", r"\[").replace("*", r"\*")):
        settings_from_dict(broken, text_rules=TextRules())


def test_a_missing_or_invalid_file_is_reported(tmp_path):
    with pytest.raises(ConsultationRulesError, match="file not found"):
        load_consultation_settings(tmp_path / "nope.toml", text_rules=TextRules())
    bad = tmp_path / "bad.toml"
    bad.write_text("[votes\n", encoding="utf-8")
    with pytest.raises(ConsultationRulesError, match="not valid TOML"):
        load_consultation_settings(bad, text_rules=TextRules())
