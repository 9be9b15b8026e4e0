"""audit_members: is each working group balanced across regions, roles and organisations?

The working-group pages are configuration (``[audits] member_pages``). On
each, the member tables are the wikitables (:mod:`bot.core.tables`) whose header
has a name column and at least one of organisation, role and geography
(:data:`COLUMNS`, matched by words: ``Organization / project`` is the
organisation). Every data row is a member; a ``rowspan`` cell counts for
every row it covers.

* **Geography** is read with the registry's own normalisers: each item
  (split at commas, semicolons and line breaks) is a Wikimedia region of the
  schema's ``region`` enumeration (``Central and Eastern Europe`` -> cee,
  ``West Africa`` -> ssa, ``Northern America`` -> north-america; a
  continent counts for each of its regions) or a country, which counts for
  its region (``Kenya`` -> ssa). Anything else is listed as not recognised.
* **Roles** are matched by the words of ``[audits.roles]`` (``Staff
  member`` -> staff); a role that matches none is ``other``.
* **Organisations** are split at commas and semicolons and compared without
  case, accents or punctuation.
* **People** are the same when their names are (case, accents and spacing
  aside) or when both link to the same user page. Every count is a count of
  people, not of rows: a person listed twice in one group counts once there
  (and is reported once, with both rows), and ``All groups`` counts each
  person once, however many groups list them.

Findings: regions with no member in a group (``global`` is not a region to
balance), members listed twice in one group, members in two groups, and
geographies that were not recognised.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from mwparserfromhell.nodes import Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise.country_table import CountryTable
from bot.core.normalise.places import normalise_country, normalise_region, regions_of_countries
from bot.core.normalise.users import canonical_user
from bot.core.records import Snapshot
from bot.core.schema import Schema
from bot.core.tables import Cell, Table, parse_tables
from bot.core.textkeys import strip_diacritics, title_key
from bot.core.wikitext import plain_text, positional, split_items, template_name, unique

# Which column of a member table holds what, by the words of its header (first match wins).
COLUMNS = {
    "person": tuple("name member members username person".split()),
    "organisation": tuple(
        "organization organisation organizations organisations affiliation affiliations project entity".split()
    ),
    "role": tuple(["role", "roles", "position", "function"]),
    "geography": tuple("geography region regions location country based".split()),
}
OTHER_ROLE = "other"
UNRECOGNISED = "unrecognised"
_NON_WORD = re.compile(r"[^\w]+|_")


@dataclass(frozen=True, slots=True)
class Member:
    group: str
    name: str
    user: str | None
    organisations: tuple[str, ...]
    roles: tuple[str, ...]
    role_text: str
    regions: tuple[str, ...]
    geography: str
    unrecognised: tuple[str, ...]
    row: int


@dataclass(frozen=True, slots=True)
class BalanceRow:
    """People per group with one value (a region, a role ...); ``total`` counts each person once."""

    id: str
    label: str
    counts: tuple[int, ...]
    names: tuple[str, ...]
    total: int


@dataclass(frozen=True, slots=True)
class Repeat:
    name: str
    groups: tuple[str, ...]
    times: int
    rows: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    group: str
    region: str
    label: str


def words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", strip_diacritics(text.casefold())).split()


def group_name(title: str) -> str:
    """``Strategy/…/Working Groups/Partnerships`` -> ``Partnerships``."""
    return title.rstrip("/").rsplit("/", 1)[-1]


def column_roles(headers: Sequence[str]) -> dict[str, int]:
    """Which column holds what: ``{"person": 0, "organisation": 1, ...}`` (first match wins)."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        header_words = set(words(header))
        for kind, keywords in COLUMNS.items():
            if kind not in found and header_words & set(keywords):
                found[kind] = index
                break
    return found


def is_member_table(table: Table) -> bool:
    roles = column_roles(table.headers())
    return "person" in roles and len(roles) >= 2


def role_ids(text: str, roles: Sequence[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
    """The role ids whose spellings appear (as whole words) in ``text``; ``other`` when none does."""
    have = words(text)
    joined = f" {' '.join(have)} "
    found = [
        role for role, spellings in roles if any(f" {' '.join(words(s))} " in joined for s in spellings if words(s))
    ]
    return tuple(found) or ((OTHER_ROLE,) if have else ())


def geography(cell: Cell | None, schema: Schema, countries: CountryTable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(region ids, items not recognised) of a geography cell."""
    if cell is None:
        return (), ()
    items = split_items(cell.parsed(), schema.text, commas=True)
    regions: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(items):
        found = _regions(items[i], schema, countries)
        if found is None and i + 1 < len(items):
            joined = _regions(Wikicode([*items[i].nodes, Text(", "), *items[i + 1].nodes]), schema, countries)
            if joined is not None:
                regions.extend(joined)
                i += 2
                continue
        if found is None:
            unknown.append(plain_text(items[i], schema.text) or str(items[i]).strip())
        else:
            regions.extend(found)
        i += 1
    return unique(regions), tuple(unknown)


def _regions(item: Wikicode, schema: Schema, table: CountryTable) -> tuple[str, ...] | None:
    result = normalise_region(item, schema, table)
    if result.values:
        return result.values
    countries = normalise_country(item, schema, table)
    if countries.values and not countries.findings:
        return regions_of_countries(countries.values, table)
    return None


def _cell_items(cell: Cell | None, schema: Schema) -> tuple[str, ...]:
    if cell is None:
        return ()
    return unique(
        t for t in (plain_text(i, schema.text) for i in split_items(cell.parsed(), schema.text, commas=True)) if t
    )


def _user(cell: Cell, schema: Schema) -> str | None:
    """The user page a name cell links to (``[[User:X|…]]``, ``[[m:User:X]]``, ``{{u|X}}``), if any."""
    user_templates = {title_key(t) for t in schema.text.user_templates}
    for template in cell.parsed().ifilter_templates(recursive=True):
        values = positional(template)
        if template_name(template) in user_templates and values and plain_text(values[0], schema.text):
            return canonical_user(plain_text(values[0], schema.text))
    namespaces = {n.casefold() for n in schema.text.user_namespaces}
    for target in cell.links:
        target = target.split("#", 1)[0]
        while ":" in target:
            prefix, rest = target.split(":", 1)
            if prefix.strip().casefold() in namespaces:
                return canonical_user(rest.split("/", 1)[0])
            if len(prefix) > 12:
                break
            target = rest
    return None


def read_members(
    snapshot: Snapshot, schema: Schema, countries: CountryTable, roles: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[list[Member], int]:
    """The members listed in the member tables of one working-group page, and how many tables there are."""
    members: list[Member] = []
    tables = [t for t in parse_tables(snapshot.text, schema.text) if is_member_table(t)]
    for table in tables:
        columns = column_roles(table.headers())
        previous: Cell | None = None
        for number, record in enumerate(table.records(), start=1):
            cells = list(record.values())

            def pick(kind: str, cells: list[Cell | None] = cells, columns: dict[str, int] = columns) -> Cell | None:
                return cells[columns[kind]] if kind in columns and columns[kind] < len(cells) else None

            name_cell = pick("person")
            if name_cell is None or not name_cell.text:
                previous = None
                continue
            role_cell = pick("role")
            role_text = role_cell.text if role_cell else ""
            regions, unknown = geography(pick("geography"), schema, countries)
            geo = pick("geography")
            member = Member(
                snapshot.title,
                name_cell.text,
                _user(name_cell, schema),
                _cell_items(pick("organisation"), schema),
                role_ids(role_text, roles),
                role_text,
                regions,
                geo.text if geo else "",
                unknown,
                number,
            )
            if name_cell is previous:  # a name with rowspan: one member over several rows
                members[-1] = _merged(members[-1], member)
            else:
                members.append(member)
            previous = name_cell
    return members, len(tables)


def _merged(first: Member, more: Member) -> Member:
    """One member whose name cell spans rows: the other cells of every row add up."""

    def both(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
        return unique([*a, *b])

    roles = both(first.roles, more.roles)
    if len(roles) > 1 and OTHER_ROLE in roles:
        roles = tuple(r for r in roles if r != OTHER_ROLE)
    return Member(
        first.group,
        first.name,
        first.user,
        both(first.organisations, more.organisations),
        roles,
        "; ".join(unique(t for t in (first.role_text, more.role_text) if t)),
        both(first.regions, more.regions),
        "; ".join(unique(t for t in (first.geography, more.geography) if t)),
        both(first.unrecognised, more.unrecognised),
        first.row,
    )


def people(members: Sequence[Member]) -> list[int]:
    """A person number per member: equal names, or links to one user page, are one person."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for i, member in enumerate(members):
        for key in (f"n:{' '.join(words(member.name))}", f"u:{member.user}" if member.user else None):
            if key is None:
                continue
            if key in first:
                parent[find(i)] = find(first[key])
            else:
                first[key] = i
    return [find(i) for i in range(len(members))]


def repeats(members: Sequence[Member]) -> tuple[list[Repeat], list[Repeat]]:
    """(listed twice in one group, once per person and group with the rows; listed in several groups)."""
    ids = people(members)
    by_person: dict[int, list[Member]] = {}
    for person, member in zip(ids, members):
        by_person.setdefault(person, []).append(member)
    twice, groups = [], []
    for listed in by_person.values():
        counts = Counter(m.group for m in listed)
        for group, times in counts.items():
            if times > 1:
                rows = tuple(sorted(m.row for m in listed if m.group == group))
                twice.append(Repeat(listed[0].name, (group,), times, rows))
        if len(counts) > 1:
            groups.append(Repeat(listed[0].name, tuple(sorted(counts, key=str.casefold)), len(listed)))
    key = lambda r: (words(r.name), r.groups)
    return sorted(twice, key=key), sorted(groups, key=key)


def balance(
    members: Sequence[Member],
    groups: Sequence[str],
    ids: Sequence[tuple[str, str]],
    values: Callable[[Member], Iterable[str]],
) -> list[BalanceRow]:
    """People per (id, group): ``values(member)`` gives a member's ids; a person listed twice counts once."""
    person = people(members)
    rows = []
    for value_id, label in ids:
        having = [i for i, m in enumerate(members) if value_id in values(m)]
        counts = tuple(len({person[i] for i in having if members[i].group == g}) for g in groups)
        firsts: dict[int, str] = {}
        for i in having:
            firsts.setdefault(person[i], members[i].name)
        names = tuple(sorted(set(firsts.values()), key=str.casefold))
        rows.append(BalanceRow(value_id, label, counts, names, len(firsts)))
    return rows


def members_of(
    snapshots: Iterable[Snapshot], schema: Schema, countries: CountryTable, roles: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[list[Member], list[str], list[str]]:
    """(members, groups with member tables, pages without one), pages in the given order."""
    members, groups, empty = [], [], []
    for snapshot in snapshots:
        found, tables = read_members(snapshot, schema, countries, roles)
        if tables:
            groups.append(snapshot.title)
            members.extend(found)
        else:
            empty.append(snapshot.title)
    return members, groups, empty
