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
from bot.core.render.common import UNSPECIFIED_ID, UNSPECIFIED_LABEL, enum_field, partnerships
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
    return [*values, (UNSPECIFIED_ID, UNSPECIFIED_LABEL)]


def _section(level: int, label: str, values: Mapping[str, str], template: str) -> list[str]:
    return [heading(Text(label), level=level, anchor=anchor(values)), _call(values, template)]


def _page(settings: Settings, name: str, parts: list[str]) -> ListsPage:
    return ListsPage(f"{settings.pages.lists}/{name}", "\n\n".join([paragraph(Text(INTRO)), *parts]) + "\n")


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
    layout, template = settings.overview, settings.deploy.list_template
    pages = []
    if layout.cross:
        row, col = enum_field(schema, layout.cross[0]), enum_field(schema, layout.cross[1])
        if row is not None and col is not None:
            parts: list[str] = []
            for rid, rlabel in _values(row, schema):
                parts += _section(2, rlabel, {row.name: rid}, template)
                for cid, clabel in _values(col, schema):
                    parts += _section(3, f"{rlabel}: {clabel}", {row.name: rid, col.name: cid}, template)
            for cid, clabel in _values(col, schema):
                parts += _section(2, clabel, {col.name: cid}, template)
            pages.append(_page(settings, f"{row.name}-{col.name}", parts))
    for name in layout.breakdowns or ():
        spec = enum_field(schema, name)
        if spec is not None:
            parts = [p for vid, label in _values(spec, schema) for p in _section(2, label, {spec.name: vid}, template)]
            pages.append(_page(settings, spec.name, parts))
    spec_years = schema.by_name.get(layout.years) if layout.years else None
    if spec_years is not None:
        years = _years(partnerships(records), spec_years)
        parts = [
            p
            for year in [*years, UNSPECIFIED_ID]
            for p in _section(
                2, year if year != UNSPECIFIED_ID else UNSPECIFIED_LABEL, {spec_years.name: year}, template
            )
        ]
        pages.append(_page(settings, spec_years.name, parts))
    return pages


def count_target(values: Mapping[str, str], settings: Settings) -> tuple[str, str | None]:
    """(page, fragment) where a count of the partnerships with ``values`` (field -> id) is listed.

    A total (no values) is the whole registry: the index. Without lists
    pages, every count links to the index (to its section when the index is
    grouped by the count's field), as before lists pages existed.
    """
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
    if name in (layout.breakdowns or ()):
        return f"{pages.lists}/{name}", anchor(values)
    if name in cross:
        return f"{pages.lists}/{cross[0]}-{cross[1]}", anchor(values)
    if name == layout.years:
        return f"{pages.lists}/{name}", anchor(values)
    return pages.index, None
