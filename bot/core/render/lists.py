"""The lists pages: where each count of the overview leads, one page per overview table.

A count on the overview ("12 active partnerships in Sub-Saharan Africa")
links to a section of a lists page that holds exactly those partnerships.
The section's list is not written by the bot: it is a call of
``{{Partnerships list|…}}``, which Module:Partnerships draws from the data
page whenever the page is viewed, so the pages stay current without edits
and cost the bot nothing but their layout. The bot writes each page (between
its markers) only when the layout changes: a new field, value or year.

Pages (``[pages] lists``, default ``Partnerships/Registry/Lists``), one per
overview table, named after its fields:

* the cross table (``[overview] cross``, rows × columns): ``<lists>/<row>-<col>``
  with a section per row value (``regions-ssa``), a subsection per cell
  (``regions-ssa-type-alliance``), and a section per column value
  (``type-alliance``);
* each breakdown: ``<lists>/<field>`` with a section per value (``status-active``);
* the years table: ``<lists>/<field>`` with a section per year (``start-2019``).

Every value of a field has its section (an empty list says so), plus
``unspecified`` (the filter value ``-``: no value) when the overview can show
it, so anchors never move. :func:`count_target` says where a count links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.config import Settings, checked
from bot.core.records import Record
from bot.core.render.common import UNSPECIFIED_ID, enum_field, partnerships, unspecified_label
from bot.core.render.engine import Text, heading, paragraph
from bot.core.schema import FieldSpec, Schema

NO_VALUE = "-"
"""The filter value of ``{{Partnerships list}}`` for "no value given"."""
INTRO = (
    "Each list below is drawn by Module:Partnerships from the registry's data page each time this page is "
    "shown, so it is always as current as the data page. The overview's counts link to these sections."
)


@dataclass(frozen=True, slots=True)
class ListsPage:
    title: str
    body: str


def anchor(values: Mapping[str, str]) -> str:
    """Field -> value pairs as one anchor, in the given order: ``{a: x, b: y}`` -> ``a-x-b-y``."""
    return "-".join(f"{name}-{value}" for name, value in values.items())


def _call(values: Mapping[str, str], template: str) -> str:
    filters = "".join(f"|{name}={NO_VALUE if value == UNSPECIFIED_ID else value}" for name, value in values.items())
    return f"{{{{{template}{filters}}}}}"


def _values(spec: FieldSpec, schema: Schema) -> list[tuple[str, str]]:
    enum = schema.enumeration(spec)
    values = [(v.id, v.label) for v in enum.values] if enum is not None else []
    return [*values, (UNSPECIFIED_ID, unspecified_label(None))]


def _section(level: int, label: str, values: Mapping[str, str], template: str) -> list[str]:
    return [heading(Text(label), level=level, anchor=anchor(values)), _call(values, template)]


def _page(title: str, parts: list[str]) -> ListsPage:
    return ListsPage(title, "\n\n".join([paragraph(Text(INTRO)), *parts]) + "\n")


SPLIT_ABOVE = 1_000
"""Above this many partnerships, each value gets a lists page of its own (see :func:`split`)."""


def split(partnership_count: int) -> bool:
    """Whether each value gets its own lists page, rather than each table.

    A page of the cross table holds about 60 lists; with thousands of
    partnerships it would pass MediaWiki's 2 MB output limit and Lua's 10 s
    and 50 MB (measured: ``benchmarks/bench_module.py``, docs/lua-module.md),
    so a large registry gets one page per list (``Lists/status/status-active``,
    ``Lists/regions-type/regions-ssa-type-alliance``).
    """
    return partnership_count > SPLIT_ABOVE


def _years(records: Iterable[Record], spec: FieldSpec) -> list[str]:
    years = set()
    for record in records:
        value = record.get(spec.name)
        if isinstance(value, str) and value[:4].isdigit():
            years.add(value[:4])
    return sorted(years)


def lists_pages(records: Iterable[Record], schema: Schema, settings: Settings) -> list[ListsPage]:
    """The lists pages for the overview's tables (none when ``[pages] lists`` is "")."""
    settings = checked(settings, schema)
    if not settings.pages.lists:
        return []
    rows = partnerships(records)
    layout, template = settings.overview, settings.deploy.list_template
    tables: list[tuple[str, list[tuple[str, list[str]]]]] = []  # table name, its top sections (anchor, parts)

    def group(level: int, label: str, values: Mapping[str, str]) -> tuple[str, list[str]]:
        return anchor(values), _section(level, label, values, template)

    if layout.cross:
        row, col = enum_field(schema, layout.cross[0]), enum_field(schema, layout.cross[1])
        if row is not None and col is not None:
            groups = []
            for rid, rlabel in _values(row, schema):
                groups.append(group(2, rlabel, {row.name: rid}))
                for cid, clabel in _values(col, schema):
                    groups.append(group(3, f"{rlabel}: {clabel}", {row.name: rid, col.name: cid}))
            groups += [group(2, clabel, {col.name: cid}) for cid, clabel in _values(col, schema)]
            tables.append((f"{row.name}-{col.name}", groups))
    for name in layout.breakdowns or ():
        spec = enum_field(schema, name)
        if spec is not None:
            tables.append((spec.name, [group(2, label, {spec.name: vid}) for vid, label in _values(spec, schema)]))
    spec_years = schema.by_name.get(layout.years) if layout.years else None
    if spec_years is not None:
        years = [*_years(rows, spec_years), UNSPECIFIED_ID]
        labels = {UNSPECIFIED_ID: unspecified_label(None)}
        tables.append((spec_years.name, [group(2, labels.get(y, y), {spec_years.name: y}) for y in years]))
    base = settings.pages.lists
    if split(len(rows)):
        return [_page(f"{base}/{name}/{key}", parts) for name, groups in tables for key, parts in groups]
    return [_page(f"{base}/{name}", [p for _, parts in groups for p in parts]) for name, groups in tables]


def count_target(values: Mapping[str, str], settings: Settings, *, total: int = 0) -> tuple[str, str | None]:
    """(page, fragment) where a count of the partnerships with ``values`` (field -> id) is listed.

    A total (no values) is the whole registry: the index. Without lists
    pages, every count links to the index (to its section when the index is
    grouped by the count's field), as before lists pages existed. ``total``
    (the registry's partnerships) decides whether each value has a page of
    its own (:func:`split`).
    """
    page, fragment = _target(values, settings)
    if fragment is not None and page != settings.pages.index and split(total):
        page = f"{page}/{fragment}"
    return page, fragment


def _target(values: Mapping[str, str], settings: Settings) -> tuple[str, str | None]:
    """(page, fragment) with one lists page per table."""
    pages, layout = settings.pages, settings.overview
    if not values:
        return pages.index, None
    if not pages.lists:
        group = settings.index.group_by if settings.index.grouped else None
        return pages.index, values.get(group) if group else None
    names = list(values)
    cross = list(layout.cross or ())
    if len(names) == 2 and cross and set(names) == set(cross):
        ordered = {cross[0]: values[cross[0]], cross[1]: values[cross[1]]}
        return f"{pages.lists}/{cross[0]}-{cross[1]}", anchor(ordered)
    if len(names) != 1:
        return pages.index, None
    name = names[0]
    if name in (layout.breakdowns or ()) or name == layout.years:
        return f"{pages.lists}/{name}", anchor(values)
    if name in cross:
        return f"{pages.lists}/{cross[0]}-{cross[1]}", anchor(values)
    return pages.index, None
