"""audit_members' report: the balance tables, the gaps, the repeats, the members as read.

The reading and counting are :mod:`bot.core.audits.members`; this module
declares the report's sections. Every count is a count of people (see
:func:`bot.core.audits.members.balance`); posted on the wiki, a member's
name links to the user page the member table links it to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.core.audits.members import (
    OTHER_ROLE,
    UNRECOGNISED,
    BalanceRow,
    Gap,
    Member,
    balance,
    group_name,
    people,
    repeats,
    words,
)
from bot.core.audits.report import Field, Report, Section
from bot.core.render.common import plural
from bot.core.render.engine import Cell, Link, Text
from bot.core.schema import REGION_ENUM, Schema


def _count_in(group: int) -> Callable[[BalanceRow], int]:
    return lambda row: row.counts[group]


def members_report(
    members: Sequence[Member],
    groups: Sequence[str],
    schema: Schema,
    roles: Sequence[tuple[str, tuple[str, ...]]],
    *,
    notes: Sequence[str] = (),
) -> Report:
    region_enum = schema.enums[REGION_ENUM]
    regions = [(v.id, v.label) for v in region_enum.values]
    region_rows = balance(
        members,
        groups,
        [*regions, (UNRECOGNISED, "(not recognised)")],
        lambda m: m.regions or ((UNRECOGNISED,) if m.geography else ()),
    )
    role_rows = balance(
        members, groups, [*((r, r.capitalize()) for r, _ in roles), (OTHER_ROLE, "Other")], lambda m: m.roles
    )
    organisations = _organisations(members, groups)
    gaps = [
        Gap(g, rid, label)
        for g in groups
        for rid, label in regions
        if rid != "global" and not any(m.group == g and rid in m.regions for m in members)
    ]
    twice, in_groups = repeats(members)
    unknown = [m for m in members if m.unrecognised]
    per_group: list[Field[BalanceRow]] = [
        Field(f"group:{group_name(g)}", group_name(g), _count_in(i), sort_type="number") for i, g in enumerate(groups)
    ]
    totals: list[Field[BalanceRow]] = [
        Field("total", "All groups", lambda r: r.total, sort_type="number"),
        Field("names", "Members", lambda r: r.names),
    ]
    member_field: Field[Member] = Field("member", "Name", lambda m: m.name, cell=_member_cell)
    group_field: Field[Any] = Field(
        "group", "Group", lambda x: group_name(x.group), cell=lambda x: Link(x.group, group_name(x.group))
    )
    sections = [
        Section(
            "by-region",
            "Balance by region",
            [Field("region", "Region", lambda r: r.label), *per_group, *totals],
            region_rows,
            intro=(
                "People, not rows: a person listed twice in a group counts once, and All groups counts each "
                "person once. A person who covers several regions counts in each."
            ),
        ),
        Section("roles", "Balance by role", [Field("role", "Role", lambda r: r.label), *per_group, *totals], role_rows),
        Section(
            "organisations",
            "Balance by organisation",
            [Field("organisation", "Organisation", lambda r: r.label), *per_group, *totals],
            organisations,
        ),
        Section(
            "empty-regions",
            "Regions with no member",
            [group_field, Field("region", "Region", lambda g: g.label)],
            gaps,
            empty="Every group has members from every region.",
        ),
        Section(
            "listed-twice",
            "Listed twice in one group",
            [
                Field("member", "Name", lambda r: r.name),
                Field("groups", "Group", lambda r: tuple(group_name(g) for g in r.groups)),
                Field("times", "Times", lambda r: r.times, sort_type="number"),
                Field("rows", "Rows of the table", lambda r: ", ".join(str(n) for n in r.rows)),
            ],
            twice,
            empty="Nobody is listed twice.",
            intro="Each person once, with the rows that list them: counted once in every balance above.",
        ),
        Section(
            "several-groups",
            "In more than one group",
            [
                Field("member", "Name", lambda r: r.name),
                Field("groups", "Groups", lambda r: tuple(group_name(g) for g in r.groups)),
                Field("times", "Rows", lambda r: r.times, sort_type="number"),
            ],
            in_groups,
            empty="Nobody is in two groups.",
        ),
        Section(
            "unrecognised",
            "Geography not recognised",
            [
                group_field,
                member_field,
                Field("geography", "Geography as written", lambda m: m.geography),
                Field("unrecognised", "Not recognised", lambda m: m.unrecognised),
            ],
            unknown,
            empty="Every geography was recognised.",
        ),
        Section(
            "members",
            "Members as read",
            [
                Field("group", "Group", lambda m: group_name(m.group)),
                member_field,
                Field("organisations", "Organisations", lambda m: m.organisations),
                Field("roles", "Roles", lambda m: m.roles),
                Field("covers", "Regions", lambda m: m.regions),
                Field("geography", "Geography as written", lambda m: m.geography),
            ],
            list(members),
            empty="No member tables were found.",
        ),
    ]
    findings = len(gaps) + len(twice) + len(in_groups) + len(unknown)
    persons = len(set(people(members)))
    summary = (
        f"audit_members: {plural(findings, 'finding')} ({plural(len(gaps), 'empty region')}, {len(twice)} listed "
        f"twice, {len(in_groups)} in several groups, "
        f"{plural(len(unknown), 'unrecognised geography', 'unrecognised geographies')}); "
        f"{plural(persons, 'person', 'people')} ({plural(len(members), 'row')}) in {plural(len(groups), 'group')}"
    )
    return Report("members", "Audit: working-group members", sections, findings, summary, tuple(notes))


def _member_cell(member: Member) -> Cell:
    """A member's name, linked to the user page the table links it to (posted reports link people)."""
    return Link(f"User:{member.user}", member.name) if member.user else Text(member.name)


def _organisations(members: Sequence[Member], groups: Sequence[str]) -> list[BalanceRow]:
    labels: dict[str, str] = {}
    for member in members:
        for organisation in member.organisations:
            labels.setdefault(" ".join(words(organisation)), organisation)
    keyed = lambda m: {" ".join(words(o)) for o in m.organisations}
    rows = balance(members, groups, sorted(labels.items(), key=lambda kv: kv[1].casefold()), keyed)
    return sorted(rows, key=lambda r: (-r.total, r.label.casefold()))
