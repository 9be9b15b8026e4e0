"""audit_members: member tables read like a reader reads them; balance, empty regions, people listed twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import AuditSettings
from bot.core.audits.members import column_roles, geography, members_of, read_members, repeats, role_ids
from bot.core.audits.members_report import members_report
from bot.core.records import Snapshot
from bot.core.tables import parse_tables
from bot.sources.offline import DirSource
from tests import support

ROOT = Path(__file__).resolve().parents[2]
ROLES = AuditSettings().roles
SEED_TABLE = """{| class="wikitable"
! Name !! Organization / project !! Role !! Geography
|-
| Alek || Creative Commons, Centrum Cyfrowe Foundation || Volunteer || Central and Eastern Europe
|-
| Ben || Wikimedia Foundation || Staff member || Northern America, Western Europe, Central and Eastern Europe
|-
| Jack || Wikimedia Foundation || Staff member || West Asia, Northern America
|-
| May || Wikimedia Egypt, UN Women || Volunteer || North Africa
|-
| Olaniyan || Affiliations Committee || Volunteer || West Africa
|-
| Lisa || Wikimedia Foundation || Board member || North America
|}"""


def page(title: str, text: str) -> Snapshot:
    return Snapshot(title, text)


@pytest.fixture(scope="module")
def examples(schema):
    return members_of(DirSource(ROOT / "examples" / "working-groups"), schema, support.countries(), ROLES)


def test_columns_are_found_by_their_words():
    assert column_roles(["Name", "Organization / project", "Role", "Geography"]) == {
        "person": 0,
        "organisation": 1,
        "role": 2,
        "geography": 3,
    }
    assert column_roles(["Member", "Affiliation", "Region"]) == {"person": 0, "organisation": 1, "geography": 2}


@pytest.mark.parametrize(
    "text, regions",
    [
        ("Central and Eastern Europe", ("cee",)),
        ("West Africa", ("ssa",)),
        ("Northern America, Western Europe", ("north-america", "nwe")),
        ("West Asia; North Africa", ("mena",)),
        ("East, Southeast Asia and the Pacific", ("eseap",)),
        ("Kenya", ("ssa",)),
        ("[[India]]", ("south-asia",)),
        ("{{flagicon|PRT}} Western Europe", ("nwe",)),
    ],
)
def test_geographies_become_wikimedia_regions(text, regions, schema):
    [table] = parse_tables(f"{{|\n! Name !! Geography\n|-\n| A || {text}\n|}}", schema.text)
    assert geography(table.records()[0]["Geography"], schema, support.countries()) == (regions, ())


def test_a_geography_that_is_no_region_or_country_is_not_recognised(schema):
    [table] = parse_tables("{|\n! Name !! Geography\n|-\n| A || Nairobi, West Africa\n|}", schema.text)
    assert geography(table.records()[0]["Geography"], schema, support.countries()) == (("ssa",), ("Nairobi",))


@pytest.mark.parametrize(
    "text, roles",
    [
        ("Volunteer", ("volunteer",)),
        ("Staff member", ("staff",)),
        ("Board member", ("board",)),
        ("Volunteer, former staff", ("volunteer", "staff")),
        ("Facilitator", ("other",)),
        ("", ()),
    ],
)
def test_roles_are_matched_by_their_words(text, roles):
    assert role_ids(text, ROLES) == roles


def test_the_seed_pages_member_table_is_read_row_by_row(schema):
    members, tables = read_members(page("WG/Partnerships", SEED_TABLE), schema, support.countries(), ROLES)
    assert tables == 1 and [m.name for m in members] == ["Alek", "Ben", "Jack", "May", "Olaniyan", "Lisa"]
    assert members[1].regions == ("north-america", "nwe", "cee") and members[1].roles == ("staff",)
    assert members[0].organisations == ("Creative Commons", "Centrum Cyfrowe Foundation")


def test_a_table_without_a_name_column_is_not_a_member_table(schema):
    members, tables = read_members(
        page("WG/X", "{|\n! Year !! Geography\n|-\n| 2019 || Kenya\n|}"), schema, support.countries(), ROLES
    )
    assert (members, tables) == ([], 0)


def test_rowspan_cells_count_for_every_row_they_cover(examples):
    members, groups, _ = examples
    lina = next(m for m in members if m.name == "Lina Haddad")
    assert lina.organisations == ("Wikimedia Foundation",) and lina.roles == ("staff",)


def test_a_name_spanning_two_rows_is_one_member_with_both_rows(examples):
    members, _, _ = examples
    [julia] = [m for m in members if m.name == "Julia Schneider"]
    assert julia.organisations == ("Wikimedia Deutschland e.V.", "Fundraising Committee")
    assert julia.regions == ("nwe",)


def test_links_templates_comments_and_refs_in_cells_read_as_text(examples):
    members, _, _ = examples
    names = {m.name: m for m in members}
    assert names["Marta Kowalczyk"].user == "Marta Kowalczyk"
    assert names["Tomás Ribeiro"].user == "Tomás Ribeiro" and names["Tomás Ribeiro"].organisations == ("UNESCO",)
    assert names["Marta Kowalczyk"].organisations == ("Creative Commons", "Centrum Cyfrowe Foundation")
    assert "Grace Wanjiru" in names and names["Noa Ben-David"].organisations[-1] == "WMIL"


def test_people_listed_twice_or_in_two_groups_are_found(examples):
    members, _, _ = examples
    twice, groups = repeats(members)
    assert [(r.name, r.times) for r in twice] == [("Daniel Okafor", 2)]
    assert [(r.name, r.groups) for r in groups] == [
        (
            "Sarah Lindqvist",
            (
                "Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships",
                "Strategy/Wikimedia movement/2018-20/Working Groups/Revenue Streams",
            ),
        )
    ]


def test_the_same_user_under_two_spellings_is_one_person(schema):
    text = "{|\n! Name !! Role\n|-\n| [[User:Ann B|Ann]] || Volunteer\n|-\n| {{u|Ann B}} || Staff\n|}"
    members, _ = read_members(page("WG/A", text), schema, support.countries(), ROLES)
    twice, _ = repeats(members)
    assert [(r.name, r.times) for r in twice] == [("Ann", 2)]


def test_the_balance_names_regions_with_no_member_in_each_group(examples, schema):
    members, groups, _ = examples
    report = members_report(members, groups, schema, ROLES)
    sections = {s.key: s for s in report.sections}
    gaps = {(g.group.rsplit("/", 1)[-1], g.region) for g in sections["empty-regions"].rows}
    assert gaps == {
        ("Partnerships", "eseap"),
        ("Partnerships", "lac"),
        ("Partnerships", "south-asia"),
        ("Revenue Streams", "cee"),
        ("Revenue Streams", "mena"),
        ("Revenue Streams", "ssa"),
    }
    regions = {r.id: r for r in sections["by-region"].rows}
    # Daniel Okafor is listed twice in Partnerships and Sarah Lindqvist is in both groups: people, not rows.
    assert regions["north-america"].counts == (3, 1) and regions["north-america"].total == 3
    assert regions["unrecognised"].counts == (1, 0)
    roles = {r.id: r.counts for r in sections["roles"].rows}
    assert roles["board"] == (1, 1) and roles["volunteer"] == (6, 3)
    organisations = {r.label: r.total for r in sections["organisations"].rows}
    assert organisations["Wikimedia Foundation"] == 3


def test_findings_are_empty_regions_repeats_and_unrecognised_geographies(examples, schema):
    members, groups, _ = examples
    report = members_report(members, groups, schema, ROLES)
    assert report.findings == 6 + 1 + 1 + 1
    assert report.summary == (
        "audit_members: 9 findings (6 empty regions, 1 listed twice, 1 in several groups, "
        "1 unrecognised geography); 13 people (15 rows) in 2 groups"
    )


def test_a_person_listed_twice_is_reported_once_with_both_rows(examples, schema):
    members, groups, _ = examples
    sections = {s.key: s for s in members_report(members, groups, schema, ROLES).sections}
    [twice] = sections["listed-twice"].rows
    assert (twice.name, twice.times) == ("Daniel Okafor", 2) and len(twice.rows) == 2


def test_a_page_without_a_member_table_is_reported_not_counted(schema):
    members, groups, empty = members_of(
        [page("WG/Empty", "No table."), page("WG/A", SEED_TABLE)], schema, support.countries(), ROLES
    )
    assert groups == ["WG/A"] and empty == ["WG/Empty"] and len(members) == 6


def test_the_same_user_twice_counts_once_and_the_posted_report_links_the_user(schema, countries):
    from bot.core.audits.report import to_wiki

    text = "{|\n! Name !! Geography\n|-\n| [[User:Ann B|Ann]] || Kenya\n|-\n| {{u|Ann B}} || Nairobi, Kenya\n|}"
    members, groups, _ = members_of([page("WG/A", text)], schema, countries, ROLES)
    report = members_report(members, groups, schema, ROLES)
    regions = {r.id: r for s in report.sections if s.key == "by-region" for r in s.rows}
    assert regions["ssa"].counts == (1,) and regions["ssa"].total == 1
    assert report.summary.endswith("1 person (2 rows) in 1 group")
    assert "[[:User:Ann B|Ann]]" in to_wiki(report)
