"""[[consultations]] in config/bot.toml: a list of tables, checked key by key, one line per mistake."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import ConsultationConfig, Settings, load_settings, parse_settings
from bot.errors import ConfigError
from tests import support

ENTRY = {"page": "Talk:Consultation", "target": "Talk:Consultation/Summary", "marker": "summary"}


def test_the_shipped_config_lists_the_demo_consultation_with_five_questions(schema):
    settings = load_settings(schema=schema)
    [demo] = settings.consultations
    assert demo.page == "Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships/Consultation"
    assert demo.target == demo.page + "/Summary" and demo.marker == "consultation-summary"
    assert len(demo.questions) == 5 and demo.opens == date(2019, 7, 15) and demo.closes == date(2019, 9, 15)


def test_consultations_are_optional_and_the_other_sections_still_load():
    assert parse_settings({}, schema=support.schema()).consultations == ()
    settings = parse_settings({"index": {"group_by": "regions"}, "consultations": [ENTRY]}, schema=support.schema())
    assert settings.index.group_by == "regions" and settings.pages == Settings().pages
    assert settings.consultations == (ConsultationConfig("Talk:Consultation", "Talk:Consultation/Summary", "summary"),)


def test_each_table_is_one_consultation_in_file_order():
    second = {**ENTRY, "page": "Talk:Other", "target": "Talk:Other/Summary"}
    settings = parse_settings({"consultations": [ENTRY, second]}, schema=support.schema())
    assert [c.page for c in settings.consultations] == ["Talk:Consultation", "Talk:Other"]


def test_dates_may_be_toml_dates_or_iso_strings():
    settings = parse_settings(
        {"consultations": [{**ENTRY, "opens": date(2019, 7, 15), "closes": "2019-09-15"}]}, schema=support.schema()
    )
    assert settings.consultations[0].opens == date(2019, 7, 15)
    assert settings.consultations[0].closes == date(2019, 9, 15)


def test_the_consultation_page_itself_may_be_the_target():
    settings = parse_settings({"consultations": [{**ENTRY, "target": ENTRY["page"]}]}, schema=support.schema())
    assert settings.consultations[0].target == "Talk:Consultation"


def test_a_real_toml_file_with_an_array_of_tables_loads(tmp_path):
    path = tmp_path / "bot.toml"
    path.write_text(
        '[publish]\nbrake = 0.5\n\n[[consultations]]\npage = "A"\ntarget = "A/Summary"\n'
        'marker = "s"\nquestions = ["Why?"]\nopens = 2019-07-15\n',
        encoding="utf-8",
    )
    settings = load_settings(path, schema=support.schema())
    assert settings.publish.brake == 0.5
    assert settings.consultations == (ConsultationConfig("A", "A/Summary", "s", ("Why?",), date(2019, 7, 15)),)


@pytest.mark.parametrize(
    "entries, words",
    [
        ({"page": "A"}, ["'consultations' must be written as [[consultations]] tables"]),
        ([{"page": "A", "marker": "s"}], ["[[consultations]] #1 target is missing", "page, target, marker"]),
        ([ENTRY, {"page": "B", "target": "B/S"}], ["[[consultations]] #2 marker is missing"]),
        ([{**ENTRY, "colses": "2019-01-01"}], ["[[consultations]] #1 colses is not a known key", "closes"]),
        ([{**ENTRY, "page": "Talk:A|B"}], ["[[consultations]] #1 page", "page title"]),
        ([{**ENTRY, "target": ""}], ["[[consultations]] #1 target", "page title"]),
        ([{**ENTRY, "marker": "a -->"}], ["[[consultations]] #1 marker", "letters, digits"]),
        ([{**ENTRY, "marker": "a--b"}], ["[[consultations]] #1 marker"]),
        ([{**ENTRY, "questions": "Why?"}], ["[[consultations]] #1 questions", "list"]),
        ([{**ENTRY, "questions": ["Why?", ""]}], ["[[consultations]] #1 questions"]),
        ([{**ENTRY, "opens": "15 July 2019"}], ["[[consultations]] #1 opens", "2019-07-15"]),
        ([{**ENTRY, "opens": 2019}], ["[[consultations]] #1 opens"]),
        ([{**ENTRY, "opens": "2019-09-15", "closes": "2019-07-15"}], ["#1 closes (2019-07-15) is before opens"]),
        ([{**ENTRY, "target": "Partnerships/Registry"}], ["#1 target", "registry"]),
        ([ENTRY, {**ENTRY, "page": "Talk:Other"}], ["#2 marker 'summary'", "already used by [[consultations]] #1"]),
    ],
)
def test_a_mistake_in_a_consultation_is_one_line_naming_the_entry_and_key(entries, words):
    with pytest.raises(ConfigError) as caught:
        parse_settings({"consultations": entries}, schema=support.schema())
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_an_unknown_section_names_the_array_among_the_choices():
    with pytest.raises(ConfigError, match=r"\[\[consultations\]\]"):
        parse_settings({"consultation": {}}, schema=support.schema())


def test_an_error_in_another_file_names_that_file(tmp_path):
    path = tmp_path / "other.toml"
    path.write_text('[[consultations]]\npage = "A"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=f"{path}: \\[\\[consultations\\]\\] #1 target is missing"):
        load_settings(path, schema=support.schema())
