"""Dates: what editors type in a date field, and the ISO date or problem the bot makes of it."""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest
from babel.dates import get_month_names
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.normalise import Normalised
from bot.core.normalise.dates import _LOCALES, _month_table, compare_dates, normalise_date
from bot.core.schema import load_schema
from bot.core.textkeys import strip_diacritics
from bot.core.wikitext import parse, strip_noise, template_name

SCHEMA = load_schema()
RULES = SCHEMA.text
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wikitext" / "infobox"


def read(text: str) -> Normalised:
    """Normalise a value the way the extractor hands it over: parsed, noise removed."""
    return normalise_date(strip_noise(parse(text)), RULES, range_fields=("start", "end"))


def codes(result: Normalised) -> list[str]:
    return [f.code for f in result.findings]


def cases(table: dict[str, str]) -> list:
    """A parametrize table whose test ids are the values themselves."""
    return [pytest.param(k, v, id=k) for k, v in table.items()]


ISO_AND_NUMERIC = {
    "2018-05-05": "2018-05-05",
    "2018-5-5": "2018-05-05",
    "2018-05": "2018-05",
    "2018-5": "2018-05",
    "2018": "2018",
    "2018/05/05": "2018-05-05",
    "2018.05.05": "2018-05-05",
    "2010-11": "2010-11",
    "5.5.2018": "2018-05-05",
    "25.08.2017": "2017-08-25",
    "25. 08. 2017": "2017-08-25",
    "25/12/2019": "2019-12-25",
    "12/25/2019": "2019-12-25",
    "25-12-2019": "2019-12-25",
    "05/05/2018": "2018-05-05",
    "05/2018": "2018-05",
    "05.2018": "2018-05",
    "1088": "1088",
    "2999": "2999",
}

ENGLISH_NAMES = {
    "5 May 2018": "2018-05-05",
    "May 5, 2018": "2018-05-05",
    "May 5 2018": "2018-05-05",
    "5th May 2018": "2018-05-05",
    "1st March 2001": "2001-03-01",
    "22nd of June 2010": "2010-06-22",
    "May 2018": "2018-05",
    "May, 2018": "2018-05",
    "Feb 2005": "2005-02",
    "Sept. 2018": "2018-09",
    "Sept 2018": "2018-09",
    "Sep 2018": "2018-09",
    "Sept. 5, 2018": "2018-09-05",
    "5 MAY 2018": "2018-05-05",
    "may 2018": "2018-05",
    "2018 May 5": "2018-05-05",
    "29 February 2020": "2020-02-29",
}

OTHER_LANGUAGES = {
    "5. Mai 2018": "2018-05-05",
    "6. Mär 2004": "2004-03-06",
    "6. März 2004": "2004-03-06",
    "6. Mrz. 2004": "2004-03-06",
    "1. Sept. 2015": "2015-09-01",
    "24. Dez 2010": "2010-12-24",
    "Juni 2016": "2016-06",
    "Jänner 2001": "2001-01",
    "1er mai 2018": "2018-05-01",
    "février 2019": "2019-02",
    "fevrier 2019": "2019-02",
    "févr. 2019": "2019-02",
    "14 juillet 1789": "1789-07-14",
    "5 de mayo de 2018": "2018-05-05",
    "mayo de 2018": "2018-05",
    "1º de enero de 2000": "2000-01-01",
    "5 maggio 2018": "2018-05-05",
    "5 de maio de 2018": "2018-05-05",
    "5 mei 2018": "2018-05-05",
    "5 maja 2018": "2018-05-05",
    "maj 2018": "2018-05",
    "19 Oktober 1963": "1963-10-19",
}

TEMPLATES = {
    "{{start date|2018|5|5}}": "2018-05-05",
    "{{Start date|2018|5}}": "2018-05",
    "{{start date|2018}}": "2018",
    "{{start date and age|2018|05|df=yes}}": "2018-05",
    "{{start date and age|df=yes|1997|05|16}}": "1997-05-16",
    "{{Start_date_and_age|2001|1|15}}": "2001-01-15",
    "{{Template:Start date|2001|1|15}}": "2001-01-15",
    "{{end date|2020|12|31}}": "2020-12-31",
    "{{dts|2018|5|5}}": "2018-05-05",
    "{{dts|2018|May|5}}": "2018-05-05",
    "{{dts|5 May 2018}}": "2018-05-05",
    "{{dts|||1810}}": "1810",
    "{{Datum|25|08|2017}}": "2017-08-25",
    "{{birth date|1980|2|29}}": "1980-02-29",
    "{{birth date and age|1963|10|19}}": "1963-10-19",
    "{{death date and age|2015|11|28|1963|10|19}}": "2015-11-28",
    "{{date|2018-05-05}}": "2018-05-05",
    "{{start date|2018|5|5<!-- day -->}}": "2018-05-05",
    "{{nowrap|5 May 2018}}": "2018-05-05",
}

MESSY_TEXT = {
    "[[18 September]] [[1972]]": "1972-09-18",
    "[[May 5]], [[2018]]": "2018-05-05",
    "[[2018]]": "2018",
    "'''2018'''": "2018",
    "5&nbsp;May 2018": "2018-05-05",
    "  2018-05-05 \n": "2018-05-05",
    "5 May 2018.": "2018-05-05",
    "2018,": "2018",
    'January 4, 1985<ref name="facebook"/>': "1985-01-04",
    "<!-- founded -->2018<!-- check -->": "2018",
    "2018<ref>{{cite web|url=https://example.org|title=2019-01-01}}</ref>": "2018",
    "1916<br> (current location since April 4, 1997)": "1916",
    "{{start date and age|df=yes|1997|05|16}} in [[Mexico City]], [[Mexico]]": "1997-05-16",
    "since 2018": "2018",
    "Since May 2018": "2018-05",
    "from 5 May 2018": "2018-05-05",
    "in 2018": "2018",
    "seit 2018": "2018",
    "ab 1. Mai 2018": "2018-05-01",
    "depuis 2018": "2018",
    "desde 2018": "2018",
}


@pytest.mark.parametrize("text, expected", cases(ISO_AND_NUMERIC))
def test_iso_and_numeric_dates_are_read_at_the_precision_given(text, expected):
    assert read(text) == Normalised((expected,))


@pytest.mark.parametrize("text, expected", cases(ENGLISH_NAMES))
def test_english_month_names_in_any_order_case_and_abbreviation_are_read(text, expected):
    assert read(text) == Normalised((expected,))


@pytest.mark.parametrize("text, expected", cases(OTHER_LANGUAGES))
def test_month_names_of_other_wikis_are_read(text, expected):
    assert read(text) == Normalised((expected,))


@pytest.mark.parametrize("text, expected", cases(TEMPLATES))
def test_date_templates_are_read_from_their_parameters(text, expected):
    assert read(text) == Normalised((expected,))


@pytest.mark.parametrize("text, expected", cases(MESSY_TEXT))
def test_links_refs_comments_punctuation_and_start_words_around_a_date_are_ignored(text, expected):
    assert read(text) == Normalised((expected,))


def test_refs_and_comments_are_ignored_even_when_the_caller_left_them():
    assert normalise_date(parse("<!-- x -->May 2018<ref>Source, 2019</ref>"), RULES).values == ("2018-05",)


@pytest.mark.parametrize(
    "text, value",
    cases(
        {
            "c. 2018": "2018",
            "circa 2018": "2018",
            "ca. 2018": "2018",
            "c.2018": "2018",
            "Circa 2018": "2018",
            "~2018": "2018",
            "approx. May 2018": "2018-05",
            "{{circa|2018}}": "2018",
            "{{circa}} 2018": "2018",
            "c. {{start date|2018}}": "2018",
            "since c. 2018": "2018",
            "mid-2018": "2018",
            "early 2018": "2018",
            "Spring 2018": "2018",
        }
    ),
)
def test_approximate_dates_keep_their_value_and_say_so(text, value):
    result = read(text)
    assert result.values == (value,)
    assert codes(result) == ["approximate-date"]
    assert f"recorded as {value}" in result.findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "2010–2015",
        "2010-2015",
        "2010 - 2015",
        "2010 — 2015",
        "2010-15",
        "1997–present",
        "1997 - Present",
        "2010–",
        "May 2010 – June 2011",
        "2018-05-05 – 2019-01-01",
        "5–7 May 2018",
        "2010 to 2015",
        "from 2010 to 2015",
        "2010/11",
        "2010/2011",
        "2010−2015",
        "{{start date|2010}}–{{end date|2015}}",
        "{{start date|1997}}–present",
        "{{start date|1997}} –",
    ],
)
def test_a_range_is_an_invalid_date_that_suggests_start_and_end(text):
    result = read(text)
    assert result.values == ()
    assert codes(result) == ["invalid-date"]
    assert result.findings[0].message.endswith(
        "looks like a range of dates. Put the first date in 'start' and the last in 'end'."
    )


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2020",
        "2019-13-01",
        "2018-02-30",
        "2019-02-29",
        "0.5.2018",
        "32.1.2018",
        "13/13/2019",
        "2018-00",
        "{{start date|2018|2|30}}",
        "{{birth date|1981|2|29}}",
    ],
)
def test_a_date_that_does_not_exist_is_invalid_and_has_no_value(text):
    result = read(text)
    assert result.values == ()
    assert codes(result) == ["invalid-date"]
    assert "is not a real date" in result.findings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "next spring",
        "sometime",
        "TBD soon",
        "May",
        "5 May",
        "18",
        "20188",
        "2018 or 2019",
        "12/05/18",
        "Smarch 2018",
        "until 2020",
        "{{CURRENTYEAR}}",
        "{{start date}}",
        "{{start date|2018||5}}",
        "{{start date|2018|Smarch}}",
        "{{dts|soon}}",
        "{{start date|2018|²}}",
        "[[Foo]]",
    ],
)
def test_a_value_that_cannot_be_read_is_invalid_and_has_no_value(text):
    result = read(text)
    assert result.values == ()
    assert codes(result) == ["invalid-date"]
    assert "is not a date the bot can read" in result.findings[0].message


@pytest.mark.parametrize("text", ["0999", "999", "3000", "{{start date|0999}}", "c. 0500"])
def test_years_outside_1000_to_2999_are_invalid(text):
    result = read(text)
    assert result.values == ()
    assert codes(result) == ["invalid-date"]


@pytest.mark.parametrize("text", ["01/02/2020", "1/2/2020", "12/11/2019", "03-04-2020"])
def test_a_slashed_date_readable_both_ways_is_ambiguous_and_has_no_value(text):
    result = read(text)
    assert result.values == ()
    assert codes(result) == ["ambiguous-date"]


@pytest.mark.parametrize("text", ["", "   ", "<!-- nothing -->", "<ref>only a ref</ref>"])
def test_a_blank_value_gives_nothing_and_no_finding(text):
    assert read(text) == Normalised()


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "31 February 2020",
            '"31 February 2020" is not a real date. Write dates like 2020-02-29, 29 February 2020 or February 2020.',
        ),
        (
            "2010–2015",
            "\"2010–2015\" looks like a range of dates. Put the first date in 'start' and the last in 'end'.",
        ),
        ("01/02/2020", '"01/02/2020" could be 1 February or 2 January 2020. Write it as 2020-02-01 or 2020-01-02.'),
        (
            "next spring",
            '"next spring" is not a date the bot can read. Write dates like 2018-05-05, 5 May 2018 or May 2018.',
        ),
        ("c. 2018", '"c. 2018" is an approximate date; it is recorded as 2018. Write the exact date if you know it.'),
        (
            "0999",
            '"0999" has a year the bot does not accept: years go from 1000 to 2999. '
            "Write dates like 2018-05-05, 5 May 2018 or May 2018.",
        ),
        (
            "{{start date|2018|2|30}}<ref>x</ref>",
            '"{{start date|2018|2|30}}" is not a real date. Write dates like 2018-02-28, 28 February 2018 or February 2018.',
        ),
    ],
)
def test_messages_quote_the_value_as_typed_and_say_what_to_write(text, message):
    assert [f.message for f in read(text).findings] == [message]


def test_a_long_value_is_shortened_in_the_message():
    message = read("x" * 200).findings[0].message
    assert message.startswith('"' + "x" * 79 + '…"')


def test_every_finding_code_is_a_problem_of_the_schema():
    for text in ("c. 2018", "01/02/2020", "2010–2015"):
        assert all(code in SCHEMA.severities for code in codes(read(text)))


def _infobox_value(filename: str, param: str) -> str:
    code = mwparserfromhell.parse((FIXTURES / filename).read_text(encoding="utf-8"))
    for template in code.filter_templates(recursive=False):
        if template.has(param):
            return str(template.get(param).value)
    raise AssertionError(f"{param} not in {filename}")


@pytest.mark.parametrize(
    "filename, param, expected",
    [
        ("en-jodie-emery-infobox-person.wiki", "birth_date", "1985-01-04"),
        ("en-alsea-infobox-company.wiki", "founded", "1997-05-16"),
        ("de-mozilla-firefox-infobox-software.wiki", "AktuelleVersionFreigabeDatum", "2017-08-25"),
        ("de-mozilla-firefox-infobox-software.wiki", "Erscheinungsjahr", "2002"),
        ("de-bbdo-infobox-unternehmen.wiki", "Gründungsdatum", "1956"),
        ("af-mark-behr-inligtingskas-persoon.wiki", "geboortedatum", "1963-10-19"),
        ("af-mark-behr-inligtingskas-persoon.wiki", "dood_datum", "2015-11-28"),
        ("en-royal-cinema-infobox-venue.wiki", "opened", "1939"),
        ("en-arts-club-chicago-infobox-museum.wiki", "established", "1916"),
    ],
)
def test_dates_from_real_infoboxes_are_read(filename, param, expected):
    assert read(_infobox_value(filename, param)) == Normalised((expected,))


def test_template_names_compare_like_mediawiki_with_underscores_as_spaces():
    template = parse("{{start_date_and_age|2001}}").filter_templates()[0]
    assert template_name(template) == "Start date and age"


@pytest.mark.parametrize("locale", _LOCALES)
def test_every_babel_month_name_of_each_locale_is_known(locale):
    table = _month_table()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale=locale).items():
                assert table[strip_diacritics(name.casefold()).rstrip(".")] == number, name


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("2018", "2019", -1),
        ("2019", "2018", 1),
        ("2018", "2018", 0),
        ("2018-05", "2018-06", -1),
        ("2018-05-05", "2018-05-04", 1),
        ("2018-05-05", "2018-05-05", 0),
        ("2017", "2018-05", -1),
        ("2018-12-31", "2019", -1),
        ("2019-01", "2018", 1),
        ("2018", "2018-05", None),
        ("2018-05", "2018", None),
        ("2018-05", "2018-05-31", None),
        ("2018", "soon", None),
        ("", "2018", None),
    ],
)
def test_compare_dates_orders_mixed_precision_and_refuses_overlaps(a, b, expected):
    assert compare_dates(a, b) == expected


_FRAGMENTS = st.sampled_from(
    [
        "2018",
        "-",
        "–",
        "05",
        "5",
        "/",
        ".",
        " ",
        "May",
        "mai",
        "c.",
        "{{",
        "}}",
        "|",
        "[[",
        "]]",
        "<ref>",
        "</ref>",
        "<!--",
        "-->",
        "start date",
        "dts",
        "Datum",
        "circa",
        "(",
        ")",
        "since",
        "to",
        "present",
        "&nbsp;",
        "0",
        "13",
        "31",
        "February",
        "de",
        "1er",
        ",",
        "²",
        "٢٠١٨",
        "=",
        "df=yes",
        "\n",
        "<br>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_raises(text):
    assert isinstance(read(text), Normalised)


@settings(max_examples=500, deadline=None)
@given(st.lists(_FRAGMENTS, max_size=14).map("".join))
def test_arbitrary_date_like_wikitext_never_raises(text):
    result = read(text)
    assert isinstance(result, Normalised)
    assert len(result.values) <= 1
    for value in result.values:
        assert compare_dates(value, value) == 0
