"""Countries and Wikimedia regions: every form editors use, the country table, real values."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pycountry
import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.normalise.country_table import DEFAULT_COUNTRIES_PATH, country_key, load_country_table
from bot.core.normalise.places import normalise_country, normalise_region, regions_of_countries
from bot.core.wikitext import parse, split_items
from bot.errors import CountryTableError
from tests import support
from tests.conftest import item

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wikitext" / "infobox"
WIKIMEDIA_REGIONS = {"cee", "eseap", "lac", "mena", "north-america", "nwe", "south-asia", "ssa"}


@pytest.fixture(scope="module")
def table():
    return support.countries()


@pytest.fixture(scope="module")
def data():
    with open(DEFAULT_COUNTRIES_PATH, "rb") as handle:
        return tomllib.load(handle)


def countries(raw, schema):
    return normalise_country(item(raw), schema, support.countries()).values


# --- Countries: every form ------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        # English names and common short names, any case and spacing
        ("Kenya", "KE"),
        ("kenya", "KE"),
        ("  KENYA  ", "KE"),
        ("United States", "US"),
        ("USA", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("United States of America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Great Britain", "GB"),
        ("United Kingdom", "GB"),
        ("Scotland", "GB"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("North Korea", "KP"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d’Ivoire", "CI"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("Macedonia", "MK"),
        ("North Macedonia", "MK"),
        ("Palestine", "PS"),
        ("Taiwan", "TW"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Swaziland", "SZ"),
        ("Eswatini", "SZ"),
        ("Cape Verde", "CV"),
        ("Cabo Verde", "CV"),
        ("DRC", "CD"),
        ("DR Congo", "CD"),
        ("Congo-Kinshasa", "CD"),
        ("Democratic Republic of the Congo", "CD"),
        ("Republic of the Congo", "CG"),
        ("Holland", "NL"),
        ("Kosovo", "XK"),
        ("East Timor", "TL"),
        ("Vatican City", "VA"),
        ("Hong Kong", "HK"),
        ("Bosnia", "BA"),
        ("UAE", "AE"),
        # "the", diacritics, punctuation, St. = Saint
        ("The Gambia", "GM"),
        ("the Netherlands", "NL"),
        ("Gambia, The", "GM"),
        ("Bahamas", "BS"),
        ("St. Lucia", "LC"),
        ("Saint Lucia", "LC"),
        ("St Kitts & Nevis", "KN"),
        ("Sao Tome and Principe", "ST"),
        ("Curacao", "CW"),
        ("Réunion", "RE"),
        ("Bosnia & Herzegovina", "BA"),
        ("Trinidad and Tobago", "TT"),
        # pycountry's names and official names
        ("Korea, Democratic People's Republic of", "KP"),
        ("Plurinational State of Bolivia", "BO"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("Holy See (Vatican City State)", "VA"),
        # other languages (CLDR through Babel, and the file's extra spellings)
        ("Deutschland", "DE"),
        ("España", "ES"),
        ("Kenia", "KE"),
        ("Allemagne", "DE"),
        ("Alemania", "DE"),
        ("Germania", "DE"),
        ("Niemcy", "DE"),
        ("Brasil", "BR"),
        ("Österreich", "AT"),
        ("Türkei", "TR"),
        ("États-Unis", "US"),
        ("Estados Unidos", "US"),
        ("Sénégal", "SN"),
        ("Россия", "RU"),
        ("Германия", "DE"),
        ("ألمانيا", "DE"),
        ("德国", "DE"),
        ("日本", "JP"),
        ("대한민국", "KR"),
        ("Kanada", "CA"),
        # ISO codes, alpha-2 and alpha-3, any case
        ("KE", "KE"),
        ("ke", "KE"),
        ("Ke", "KE"),
        ("KEN", "KE"),
        ("ken", "KE"),
        ("usa", "US"),
        ("gbr", "GB"),
        ("DE", "DE"),
        ("de", "DE"),
        ("XK", "XK"),
        ("XKX", "XK"),
        (" KE ", "KE"),
        ("KE.", "KE"),
        # word-like codes in capitals
        ("IN", "IN"),
        ("NO", "NO"),
        ("IS", "IS"),
        ("IT", "IT"),
        ("AT", "AT"),
        ("BE", "BE"),
        ("TO", "TO"),
        ("ME", "ME"),
        ("AM", "AM"),
        ("NA", "NA"),
        ("AND", "AD"),
        ("CAN", "CA"),
        ("PER", "PE"),
        # formatting templates keep their text
        ("{{lang|fr|Sénégal}}", "SN"),
        ("{{nowrap|South Africa}}", "ZA"),
        ("'''Kenya'''", "KE"),
        # a parenthesis qualifies the country before it
        ("Kenya (mainly Nairobi)", "KE"),
        ("Congo (Kinshasa)", "CD"),
        ("Korea (South)", "KR"),
    ],
)
def test_country_names_and_codes_give_the_alpha_2_code(schema, raw, expected):
    assert countries(raw, schema) == (expected,)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("{{flag|Kenya}}", "KE"),
        ("{{flagicon|KEN}} Kenya", "KE"),
        ("{{flagcountry|Kenya}}", "KE"),
        ("{{flagu|Kenya}}", "KE"),
        ("{{flag icon|KEN}}", "KE"),
        ("{{Flagicon|ken}}", "KE"),
        ("{{KEN}}", "KE"),
        ("{{NOR}} [[Stavanger]]", "NO"),
        ("{{DEU|#}}", "DE"),
        ("{{USA}} [[New York City|New York]]", "US"),
        ("{{flagicon|USA}}", "US"),
        ("{{flagicon|GER}}", "DE"),
        ("{{flagicon|NED}} [[Amsterdam]]", "NL"),
        ("{{flagicon|SUI}}", "CH"),
        ("{{flagicon|RSA}}", "ZA"),
        ("{{flagicon|SCO}}", "GB"),
        ("{{flagicon|BRN}}", "BN"),
        ("{{flagathlete|[[Eliud Kipchoge]]|KEN}}", "KE"),
        ("{{flagicon|KEN}} [[Uganda]]", "KE"),
        ("{{nowrap|{{flagicon|KEN}} Kenya}}", "KE"),
        ("{{drapeau|France}}", "FR"),
        ("{{bandera|ARG}}", "AR"),
        ("{{flagicon|XYZ}} Kenya", "KE"),
    ],
)
def test_a_flag_template_names_the_country_of_the_item(schema, raw, expected):
    assert countries(raw, schema) == (expected,)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("[[Kenya]]", ("KE",)),
        ("[[United States|U.S.]]", ("US",)),
        ("[[Kenya|the Republic]]", ("KE",)),
        ("[[Mexico City|Mexico]]", ("MX",)),
        ("[[w:Kenya]]", ("KE",)),
        ("[[:en:Kenya|Kenya]]", ("KE",)),
        ("[[w:de:Kenia]]", ("KE",)),
        ("[[Georgia (country)|Georgia]]", ("GE",)),
        ("[[Kenya#History|history]]", ("KE",)),
        ("'''[[Kenya]]'''", ("KE",)),
        ("[[Kenya]] and [[Uganda]]", ("KE", "UG")),
        ("[[Kenya]] [[Kenya]]", ("KE",)),
    ],
)
def test_a_link_is_read_by_its_target_then_its_label(schema, raw, expected):
    assert countries(raw, schema) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Kenya & Uganda", ("KE", "UG")),
        ("Kenya and Uganda", ("KE", "UG")),
        ("Kenya/Uganda", ("KE", "UG")),
        ("Kenia y Uganda", ("KE", "UG")),
        ("Colombia & Spain", ("CO", "ES")),
        ("Kenya and Kenya", ("KE",)),
    ],
)
def test_an_item_joining_countries_with_and_gives_each_of_them(schema, raw, expected):
    assert countries(raw, schema) == expected


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("[[Mexico City]]", "Mexico City"),
        ("Nairobi", "Nairobi"),
        ("Mexico City", "Mexico City"),
        ("[[Nairobi]] [[Stavanger]]", "Nairobi Stavanger"),
        ("Wikimedia Kenya", "Wikimedia Kenya"),
        ("Kenya and Nairobi", "Kenya and Nairobi"),
        ("Atlantis", "Atlantis"),
        ("{{flagicon|XYZ}}", "XYZ"),
        ("{{cite web|title=Kenya}}", "{{cite web|title=Kenya}}"),
        ("Europe", "Europe"),
    ],
)
def test_a_place_that_is_not_a_country_is_one_unknown_value(schema, raw, shown):
    result = normalise_country(item(raw), schema, support.countries())
    assert result.values == ()
    assert [f.code for f in result.findings] == ["unknown-value"]
    assert result.findings[0].value == raw
    assert f"'{shown}'" in result.findings[0].message


@pytest.mark.parametrize(
    "raw, suggested",
    [
        ("[[Mexico City]]", "Mexico (MX)"),
        ("Keyna", "Kenya (KE)"),
        ("Germnay", "Germany (DE)"),
        ("Wikimedia Kenya", "Kenya (KE)"),
        ("Nairobi (Kenya)", "Kenya (KE)"),
        ("Nigera", "Nigeria (NG) or Niger (NE)"),
    ],
)
def test_an_unknown_country_suggests_the_closest_one(schema, raw, suggested):
    message = normalise_country(item(raw), schema, support.countries()).findings[0].message
    assert f"Did you mean {suggested}?" in message
    assert "two-letter" in message


@pytest.mark.parametrize("raw", ["Nairobi", "Atlantis", "Paris"])
def test_an_unknown_country_far_from_any_name_gets_no_guess(schema, raw):
    message = normalise_country(item(raw), schema, support.countries()).findings[0].message
    assert "Did you mean" not in message and "country name or its two-letter ISO code" in message


@pytest.mark.parametrize(
    "raw, code, name",
    [
        ("no", "NO", "Norway"),
        ("in", "IN", "India"),
        ("is", "IS", "Iceland"),
        ("it", "IT", "Italy"),
        ("at", "AT", "Austria"),
        ("be", "BE", "Belgium"),
        ("to", "TO", "Tonga"),
        ("me", "ME", "Montenegro"),
        ("am", "AM", "Armenia"),
        ("In", "IN", "India"),
        ("na", "NA", "Namibia"),
        ("and", "AND", "Andorra"),
    ],
)
def test_codes_that_are_words_are_only_codes_in_capitals(schema, raw, code, name):
    result = normalise_country(item(raw), schema, support.countries())
    assert result.values == ()
    assert f"Write {code} in capitals if you mean {name}" in result.findings[0].message


@pytest.mark.parametrize(
    "raw, options",
    [
        ("Congo", ["Democratic Republic of the Congo (CD)", "Republic of the Congo (CG)"]),
        ("the Congo", ["(CD)", "(CG)"]),
        ("Korea", ["South Korea (KR)", "North Korea (KP)"]),
        ("Virgin Islands", ["(VG)", "(VI)"]),
    ],
)
def test_a_name_of_several_countries_asks_which_one(schema, raw, options):
    result = normalise_country(item(raw), schema, support.countries())
    assert result.values == ()
    assert all(o in result.findings[0].message for o in options)


@pytest.mark.parametrize("raw", ["Africa", "Sub-Saharan Africa", "ESEAP", "[[Latin America]]", "global"])
def test_a_region_in_the_countries_field_points_to_the_regions_field(schema, raw):
    message = normalise_country(item(raw), schema, support.countries()).findings[0].message
    assert "is a region, not a country" in message and "regions field" in message


def test_the_country_key_ignores_case_diacritics_punctuation_and_the():
    assert country_key("The Gambia") == country_key("gambia")
    assert country_key("Côte d’Ivoire") == country_key("COTE D'IVOIRE")
    assert country_key("St. Lucia") == country_key("Saint Lucia")
    assert country_key("Bosnia & Herzegovina") == country_key("Bosnia and Herzegovina")
    assert country_key("Comoros") != country_key("Comoro")


# --- Regions ------------------------------------------------------------------


def region_spellings(schema):
    return [(s, v.id) for v in schema.enums["region"].values for s in (v.id, v.label, *v.spellings)]


def test_every_region_spelling_of_the_schema_gives_its_id(schema):
    for spelling, region in region_spellings(schema):
        for raw in (spelling, spelling.upper(), spelling.lower(), f"[[{spelling}]]", f" {spelling} "):
            assert normalise_region(item(raw), schema, support.countries()).values == (region,), raw


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Sub-Saharan Africa", "ssa"),
        ("sub saharan africa", "ssa"),
        ("SSA", "ssa"),
        ("[[Sub-Saharan Africa]]", "ssa"),
        ("[[Wikimedia regions#ESEAP|ESEAP]]", "eseap"),
        ("[[m:ESEAP|the Pacific hub]]", "eseap"),
        ("Central & Eastern Europe and Central Asia", "cee"),
        ("Middle East & North Africa", "mena"),
        ("'''global'''", "global"),
        ("Latin-America", "lac"),
    ],
)
def test_region_spellings_and_links_give_the_region_id(schema, raw, expected):
    assert normalise_region(item(raw), schema, support.countries()).values == (expected,)


@pytest.mark.parametrize(
    "raw, expected, broad",
    [
        ("Sub-Saharan Africa and MENA", ("ssa", "mena"), False),
        ("SSA & ESEAP", ("ssa", "eseap"), False),
        ("MENA / Africa", ("mena", "ssa"), True),
        ("Middle East and North Africa", ("mena",), False),
        ("Latin America and the Caribbean", ("lac",), False),
    ],
)
def test_an_item_joining_regions_with_and_gives_each_of_them(schema, raw, expected, broad):
    result = normalise_region(item(raw), schema, support.countries())
    assert result.values == expected
    assert [f.code for f in result.findings] == (["broad-region"] if broad else [])


def test_every_continent_gives_its_regions_and_a_broad_region_finding(schema):
    assert schema.region_groups
    for group in schema.region_groups:
        for spelling in (group.name, *group.spellings):
            result = normalise_region(item(spelling), schema, support.countries())
            assert result.values == group.regions
            assert [f.code for f in result.findings] == ["broad-region"]


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            "Africa",
            "'Africa' was read as Middle East and North Africa + Sub-Saharan Africa; name the region(s) you mean.",
        ),
        (
            "[[Europe]]",
            "'Europe' was read as Central & Eastern Europe and Central Asia + Northern and Western Europe; "
            "name the region(s) you mean.",
        ),
        (
            "America",
            "'America' was read as North America + Latin America and the Caribbean; name the region(s) you mean.",
        ),
    ],
)
def test_the_broad_region_message_names_the_regions_assumed(schema, raw, message):
    finding = normalise_region(item(raw), schema, support.countries()).findings[0]
    assert (finding.message, finding.value) == (message, raw)


@pytest.mark.parametrize(
    "raw, suggested",
    [
        ("Sub-Saharan Afrika", "Sub-Saharan Africa (ssa)"),
        ("Eseap region", "East, Southeast Asia and the Pacific (eseap)"),
        ("Afrika", "Africa"),
        ("Latin Amerika", "Latin America and the Caribbean (lac)"),
    ],
)
def test_an_unknown_region_suggests_the_closest_one(schema, raw, suggested):
    result = normalise_region(item(raw), schema, support.countries())
    assert result.values == ()
    assert [f.code for f in result.findings] == ["unknown-value"]
    assert suggested in result.findings[0].message and f"'{raw}'" in result.findings[0].message


def test_an_unknown_region_lists_the_region_ids(schema):
    message = normalise_region(item("Narnia"), schema, support.countries()).findings[0].message
    assert "Did you mean" not in message
    assert "Use one of: cee, eseap, lac, mena, north-america, nwe, south-asia, ssa, global." in message


def test_a_country_in_the_regions_field_is_unknown_and_points_to_countries(schema):
    result = normalise_region(item("Kenya"), schema, support.countries())
    assert result.values == ()
    assert "'Kenya' is a country, not a region: put it in the countries field" in result.findings[0].message
    assert "Sub-Saharan Africa" in result.findings[0].message


@pytest.mark.parametrize(
    "code, region",
    [
        ("KE", "ssa"),
        ("DE", "nwe"),
        ("PL", "cee"),
        ("BR", "lac"),
        ("IN", "south-asia"),
        ("JP", "eseap"),
        ("EG", "mena"),
        ("US", "north-america"),
        ("CA", "north-america"),
        ("AU", "eseap"),
        ("XK", "cee"),
        # assignments that follow the Wikimedia Foundation's regions, not the continents
        ("TR", "cee"),
        ("GR", "cee"),
        ("CY", "cee"),
        ("RU", "cee"),
        ("KZ", "cee"),
        ("GE", "cee"),
        ("IL", "nwe"),
        ("GL", "nwe"),
        ("IR", "mena"),
        ("AF", "south-asia"),
        ("PK", "south-asia"),
        ("SD", "ssa"),
        ("MR", "ssa"),
        ("SO", "ssa"),
        ("MX", "lac"),
        ("PR", "lac"),
        ("BM", "lac"),
        ("JM", "lac"),
        ("FJ", "eseap"),
        ("GU", "eseap"),
        ("MA", "mena"),
    ],
)
def test_each_country_derives_its_wikimedia_region(code, region):
    assert regions_of_countries([code], support.countries()) == (region,)


def test_derived_regions_keep_the_order_of_first_appearance_without_duplicates():
    assert regions_of_countries(["KE", "NG", "DE", "KE", "BR", "FR"], support.countries()) == ("ssa", "nwe", "lac")
    assert regions_of_countries([], support.countries()) == ()
    assert regions_of_countries(iter(["US"]), support.countries()) == ("north-america",)


def test_countries_without_a_region_add_none():
    assert regions_of_countries(["AQ", "ZZ", "", "ke"], support.countries()) == ()


# --- The country table ----------------------------------------------------------


def test_every_iso_country_has_exactly_one_entry(data):
    iso = {c.alpha_2 for c in pycountry.countries}
    assert len(iso) >= 249
    assert set(data["territories"]) == iso | {"XK"}
    text = DEFAULT_COUNTRIES_PATH.read_text(encoding="utf-8")
    section = text.split("[territories]", 1)[1].split("\n[", 1)[0]
    keys = re.findall(r"^([A-Z]{2}) = ", section, flags=re.MULTILINE)
    assert sorted(keys) == sorted(set(keys)) == sorted(iso | {"XK"})


def test_every_country_but_antarctica_has_one_wikimedia_region(data):
    without = {code for code, entry in data["territories"].items() if "region" not in entry}
    assert without == {"AQ"}
    assert all(isinstance(e.get("region", ""), str) for e in data["territories"].values())


def test_every_region_of_the_table_is_a_region_of_the_schema(schema, data, table):
    regions = {e["region"] for e in data["territories"].values() if "region" in e}
    assert regions == WIKIMEDIA_REGIONS
    assert regions <= set(schema.enums["region"].ids)
    table.check(schema)


def test_every_country_is_found_by_its_codes_and_names(table):
    for country in pycountry.countries:
        code = country.alpha_2
        assert table.lookup(code) == code
        assert table.lookup(country.alpha_3) == code
        assert table.lookup(table.names[code]) == code, table.names[code]
        for attribute in ("name", "official_name", "common_name"):
            if hasattr(country, attribute) and table.lookup(getattr(country, attribute)) != code:
                assert getattr(country, attribute) in {"Congo"}, getattr(country, attribute)


def test_every_extra_spelling_and_flag_code_points_at_its_country(data, table):
    for spelling, code in data["names"].items():
        assert table.lookup(spelling) == code, spelling
    for flag, code in data["flag_codes"].items():
        assert table.flag_lookup(flag) == code, flag
        assert flag not in {c.alpha_3 for c in pycountry.countries}, f"{flag} is an ISO code"
    for spelling, options in data["ambiguous"].items():
        assert table.lookup(spelling) is None and len(options) > 1


def test_every_locale_name_of_a_country_finds_that_country(data, table):
    refused = {country_key(name) for name in data["ambiguous"]}
    for locale in data["locales"]:
        for code, name in Locale.parse(locale).territories.items():
            if code in table.names and country_key(name) not in refused:
                assert table.lookup(name) == code, (locale, name)


def test_an_extra_spelling_added_to_the_file_is_read(tmp_path, schema):
    text = DEFAULT_COUNTRIES_PATH.read_text(encoding="utf-8")
    path = tmp_path / "countries.toml"
    path.write_text(text.replace("[names]\n", '[names]\n"Kenyaland" = "KE"\n', 1), encoding="utf-8")
    custom = load_country_table(path, schema=schema)
    assert normalise_country(item("Kenyaland"), schema, custom).values == ("KE",)
    assert normalise_country(item("Kenyaland"), schema, support.countries()).values == ()


@pytest.mark.parametrize(
    "change, complaint",
    [
        (lambda t: t.replace('"USA" = "US"', '"USA" = "QQ"'), "[names] 'USA' points at unknown country 'QQ'"),
        (lambda t: t.replace("KE = {", "QQQ = {"), "two-letter upper-case code"),
        (lambda t: re.sub(r"\nKE = .*", "", t), "has no entry for KE"),
        (lambda t: t.replace('"hu",', '"hu", "xx-nowhere",'), "does not know the locale 'xx-nowhere'"),
        (lambda t: t.replace('"Congo" = ["CD", "CG"]', '"Congo" = ["CD", "QQ"]'), "[ambiguous] 'Congo'"),
        (lambda t: t.replace('GER = "DE"', 'GER = "QQ"'), "[flag_codes] GER points at unknown country"),
        (lambda t: t.replace("[names]", "names = 3\n[other]", 1), "is not valid TOML"),
        (lambda t: t.replace("locales = [", "locales = [1, ", 1), "'locales' must be a list of strings"),
    ],
)
def test_a_broken_country_file_stops_with_one_line_saying_what_to_fix(tmp_path, change, complaint, schema):
    path = tmp_path / "countries.toml"
    path.write_text(change(DEFAULT_COUNTRIES_PATH.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CountryTableError) as error:
        load_country_table(path, schema=schema)
    assert complaint in str(error.value) and "\n" not in str(error.value)


def test_a_missing_country_file_is_named(tmp_path, schema):
    with pytest.raises(CountryTableError, match="file not found"):
        load_country_table(tmp_path / "nowhere.toml", schema=schema)


def test_a_region_unknown_to_the_schema_is_an_operator_error(tmp_path, schema):
    path = tmp_path / "countries.toml"
    path.write_text(
        DEFAULT_COUNTRIES_PATH.read_text(encoding="utf-8").replace(
            'KE = { region = "ssa",', 'KE = { region = "africa",'
        ),
        encoding="utf-8",
    )
    with pytest.raises(CountryTableError) as error:
        load_country_table(path, schema=schema)
    line = 1 + DEFAULT_COUNTRIES_PATH.read_text(encoding="utf-8").split("\nKE = {")[0].count("\n") + 1
    assert str(error.value).startswith(f"{path}:{line}: country KE has region 'africa', which config/schema.toml")
    assert "use one of cee, eseap" in str(error.value) and "\n" not in str(error.value)


# --- Real values ------------------------------------------------------------------


def test_the_arts_club_location_reads_its_flag_and_not_its_city(schema):
    text = (FIXTURES / "en-arts-club-chicago-infobox-museum.wiki").read_text(encoding="utf-8")
    template = next(t for t in parse(text).ifilter_templates(recursive=False) if t.has("location"))
    items = split_items(template.get("location").value, schema.text, commas=True)
    results = [normalise_country(i, schema, support.countries()) for i in items]
    assert results[-1].values == ("US",) and "{{flagicon|USA}}" in str(items[-1])
    chicago = [r for i, r in zip(items, results) if "[[Chicago]]" in str(i)]
    assert chicago[0].values == () and chicago[0].findings[0].code == "unknown-value"


def test_the_raith_rovers_european_record_flags_give_their_countries(schema):
    text = (FIXTURES / "en-raith-rovers-infobox-football-club-oneline.wiki").read_text(encoding="utf-8")
    cells = re.findall(r"\{\{flagicon\|[A-Z]{3}\}\} \[\[[^\]]+\]\]", text)
    assert [countries(c, schema) for c in cells] == [("FO",), ("IS",), ("DE",)]


def test_the_raith_rovers_squad_nationalities_are_read_as_flags(schema):
    text = (FIXTURES / "en-raith-rovers-infobox-football-club-oneline.wiki").read_text(encoding="utf-8")
    nationalities = dict.fromkeys(re.findall(r"\|nat=([^|}]+)", text))
    read = {n: countries("{{flagicon|%s}}" % n, schema) for n in nationalities}
    assert read == {
        "Scotland": ("GB",),
        "France": ("FR",),
        "Ghana": ("GH",),
        "Republic of Ireland": ("IE",),
        "Australia": ("AU",),
        "Czech Republic": ("CZ",),
        "Northern Ireland": ("GB",),
        "SCO": ("GB",),
        "Denmark": ("DK",),
    }


def test_the_alsea_brand_countries_are_read_item_by_item(schema):
    text = (FIXTURES / "en-alsea-infobox-company.wiki").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| [[Burger King]]"))
    cell = row.split("||")[2]
    items = split_items(parse(cell), schema.text, commas=True)
    assert [v for i in items for v in normalise_country(i, schema, support.countries()).values] == [
        "MX",
        "AR",
        "CL",
        "CO",
        "ES",
    ]
    assert normalise_country(item("Mexico City"), schema, support.countries()).findings[0].code == "unknown-value"
    assert normalise_country(item("Mexico"), schema, support.countries()).values == ("MX",)


# --- Never a crash ------------------------------------------------------------------

PIECES = list("[]{}|=:#*'<>/ &,.-()KENAkenaUS\n\tÜé日") + [
    "<br>",
    "{{flag|",
    "{{KEN}}",
    "[[w:",
    "}}",
    "]]",
    "Kenya",
    "and",
]
WIKITEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), WIKITEXT))
def test_country_normalisation_never_raises_and_always_explains_an_empty_result(schema, text):
    result = normalise_country(item(text), schema, support.countries())
    table = support.countries()
    assert all(v in table.names for v in result.values)
    assert result.values or [f.code for f in result.findings] == ["unknown-value"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), WIKITEXT))
def test_region_normalisation_never_raises_and_always_explains_an_empty_result(schema, text):
    result = normalise_region(item(text), schema, support.countries())
    assert all(v in schema.enums["region"].ids for v in result.values)
    assert result.values or [f.code for f in result.findings] == ["unknown-value"]


def test_normalising_leaves_the_item_untouched_and_gives_the_same_answer_twice(schema):
    parsed = item("{{flagicon|KEN}} [[Nairobi]]")
    before = str(parsed)
    assert normalise_country(parsed, schema, support.countries()) == normalise_country(
        parsed, schema, support.countries()
    )
    assert str(parsed) == before
