"""The one table engine: a table is a declaration, the engine writes the wikitext.

A :class:`Table` names its columns, its rows and (optionally) a caption and
footer rows; a :class:`Column` says how to turn a row into a :class:`Cell`
and, optionally, its sort value. Every table on the index, the overview and
the problems page (and the audit reports) is such a declaration, so this
module is the only place that writes table markup (``{|``, ``|+``, ``|-``,
``|``, ``!``, ``|}``), and the only place that turns a cell into wikitext.

A cell is one of:

* :class:`Text`: an editor's (or the bot's) text, always escaped
  (:func:`bot.core.render.escape.escape`) and cut to a length limit;
* :class:`Link`: a link the bot builds to a wiki page (see
  :func:`bot.core.render.escape.wikilink`);
* :class:`Number`: a count, linked to a page (and section) when not zero;
* :class:`Bar`: a proportional bar in plain inline CSS (no extension needed);
* :class:`Items`: several cells, one per line (``<br />`` between them).

Example::

    Table(
        columns=[Column("Name", lambda r: Link(r.page, r.name)),
                 Column("Problems", lambda r: Number(len(r.problems)), sort_type="number")],
        rows=records,
        caption="Partnerships",
    )
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Generic, TypeVar

from bot.core.render.escape import attribute, escape, shorten, wikilink

R = TypeVar("R")

TEXT_LIMIT = 500
"""Default longest text in a cell, in characters (longer text ends in ``…``)."""

BAR_COLOR = "#36c"
_COLOR = re.compile(r"^#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?$")
_WIDTH = re.compile(r"^\d+(?:\.\d+)?(?:em|ex|rem|px|%)$")
_CSS_CLASS = re.compile(r"^[A-Za-z0-9_ -]*$")
_SORT_TYPES = frozenset({"number", "text", "isoDate", "date", "currency", "IPAddress", "time", "url"})
_ALIGNS = frozenset({"left", "right", "center"})
_LEVELS = range(2, 7)


@dataclass(frozen=True, slots=True)
class Text:
    """Text shown as it reads: escaped, on one line, at most ``limit`` characters."""

    text: str
    limit: int | None = TEXT_LIMIT


@dataclass(frozen=True, slots=True)
class Link:
    """A link the bot builds to ``title`` (and ``fragment``), showing ``label``."""

    title: str
    label: str
    fragment: str | None = None


@dataclass(frozen=True, slots=True)
class Number:
    """A count; linked to ``title`` (and ``fragment``) when it is not zero."""

    value: int
    title: str | None = None
    fragment: str | None = None


@dataclass(frozen=True, slots=True)
class Bar:
    """A horizontal bar ``fraction`` (0 to 1) of the cell's width; none for 0."""

    fraction: Fraction
    color: str = BAR_COLOR


@dataclass(frozen=True, slots=True)
class Items:
    """Several cells shown one per line."""

    items: tuple[Cell, ...]


Cell = Text | Link | Number | Bar | Items


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: its header, how a row becomes a cell, and how it sorts.

    ``sort_value`` gives the cell's ``data-sort-value`` (what the reader's
    sortable table sorts by instead of the shown text); ``sort_type`` sets
    ``data-sort-type`` on the header (``number`` for counts and date keys).
    ``width`` is a CSS length (``8em``, ``20%``); ``align`` is ``left``,
    ``right`` or ``center``.
    """

    header: str
    value: Callable[[R], Cell]
    sort_value: Callable[[R], str | int | None] | None = None
    sort_type: str | None = None
    align: str | None = None
    width: str | None = None
    sortable: bool = True


@dataclass(frozen=True)
class Table(Generic[R]):
    """A table declaration. ``footer`` rows (totals) stay at the bottom when sorted."""

    columns: Sequence[Column[R]]
    rows: Sequence[R]
    caption: str | None = None
    css_class: str = "wikitable sortable"
    footer: Sequence[R] = ()


def percent(fraction: Fraction) -> int:
    """``fraction`` as a whole percentage, rounded half up, between 0 and 100."""
    fraction = min(max(Fraction(fraction), Fraction(0)), Fraction(1))
    return int(fraction * 100 + Fraction(1, 2))


def render_cell(cell: Cell, *, at_line_start: bool = True) -> str:
    """The wikitext of one cell's content (``at_line_start``: see :func:`escape`)."""
    if isinstance(cell, Text):
        return escape(shorten(cell.text, cell.limit), at_line_start=at_line_start)
    if isinstance(cell, Link):
        return wikilink(cell.title, cell.label, fragment=cell.fragment)
    if isinstance(cell, Number):
        text = str(int(cell.value))
        if cell.value and cell.title:
            return wikilink(cell.title, text, fragment=cell.fragment)
        return text
    if isinstance(cell, Bar):
        if not _COLOR.match(cell.color):
            raise ValueError(f"bar colour {cell.color!r} is not a CSS hex colour such as #36c")
        width = percent(cell.fraction)
        if not width:
            return ""
        return f'<div style="background:{cell.color};width:{width}%;height:0.8em"></div>'
    if isinstance(cell, Items):
        return "<br />".join(part for part in (render_cell(c) for c in cell.items) if part)
    raise TypeError(f"not a table cell: {cell!r}")


def _attributes(pairs: Sequence[tuple[str, str | None]]) -> str:
    """``name="value"`` pairs. Values are escaped except ``style`` and ``class``,
    which the engine builds only from checked parts (see :func:`_check`)."""
    return " ".join(
        f'{name}="{value if name in ("style", "class") else attribute(value)}"'
        for name, value in pairs
        if value is not None
    )


def _line(marker: str, attributes: str, content: str) -> str:
    if attributes:
        return f"{marker} {attributes} | {content}".rstrip()
    return f"{marker} {content}".rstrip()


def _check(table: Table[Any]) -> None:
    if not _CSS_CLASS.match(table.css_class):
        raise ValueError(f"table class {table.css_class!r} may hold only letters, digits, '-', '_' and spaces")
    for column in table.columns:
        if column.sort_type is not None and column.sort_type not in _SORT_TYPES:
            raise ValueError(f"column {column.header!r}: unknown sort_type {column.sort_type!r}")
        if column.align is not None and column.align not in _ALIGNS:
            raise ValueError(f"column {column.header!r}: align must be left, right or center")
        if column.width is not None and not _WIDTH.match(column.width):
            raise ValueError(f"column {column.header!r}: width {column.width!r} is not a CSS length such as 8em")


def _style(column: Column[Any]) -> str | None:
    return f"text-align:{column.align}" if column.align else None


def _row(table: Table[R], row: R, *, sortable: bool) -> list[str]:
    lines = []
    for column in table.columns:
        sort = column.sort_value(row) if (sortable and column.sort_value) else None
        attrs = _attributes(
            [
                ("data-sort-value", None if sort is None else str(sort)),
                ("style", _style(column)),
            ]
        )
        lines.append(_line("|", attrs, render_cell(column.value(row))))
    return lines


def render_table(table: Table[R]) -> str:
    """The table as wikitext, from ``{|`` to ``|}`` (no trailing newline)."""
    _check(table)
    sortable = "sortable" in table.css_class.split()
    lines = [f'{{| class="{table.css_class}"' if table.css_class else "{|"]
    if table.caption:
        lines.append(f"|+ {escape(table.caption)}")
    lines.append("|-")
    for column in table.columns:
        classes = None if column.sortable or not sortable else "unsortable"
        width = f"width:{column.width}" if column.width else None
        attrs = _attributes(
            [
                ("class", classes),
                ("data-sort-type", column.sort_type if sortable else None),
                ("style", width),
            ]
        )
        lines.append(_line("!", attrs, escape(column.header)))
    for row in table.rows:
        lines.append("|-")
        lines.extend(_row(table, row, sortable=sortable))
    for row in table.footer:
        lines.append('|- class="sortbottom" style="font-weight:bold"')
        lines.extend(_row(table, row, sortable=False))
    lines.append("|}")
    return "\n".join(lines)


def heading(content: Cell, *, level: int = 2, anchor: str | None = None) -> str:
    """A section heading; ``anchor`` adds a fixed id (``<span id="…">``) to link to."""
    if level not in _LEVELS:
        raise ValueError(f"heading level {level} is not between 2 and 6")
    marks = "=" * level
    span = f'<span id="{attribute(anchor)}"></span>' if anchor else ""
    return f"{marks} {span}{render_cell(content)} {marks}"


def paragraph(*cells: Cell) -> str:
    """A line of text made of cells (text, links, numbers), joined without spaces."""
    return "".join(render_cell(c, at_line_start=i == 0) for i, c in enumerate(cells))


def bullet(*cells: Cell) -> str:
    """A list item (``* …``) made of cells; no cell can end the item or start another list."""
    return "* " + "".join(render_cell(c, at_line_start=False) for c in cells)
