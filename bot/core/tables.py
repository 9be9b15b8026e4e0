"""Wikitables as data: rows, cells and a grid with ``rowspan``/``colspan`` expanded.

Built on mwparserfromhell, which parses ``{| … |}`` into ``table``, ``tr``,
``th`` and ``td`` tag nodes with their attributes, including ``!!`` and
``||`` inline cells and cells with attributes (``| rowspan="2" | text``).
This module adds what MediaWiki does on top of that tree:

* **Captions.** mwparserfromhell reads ``|+ Caption`` as a cell whose text
  (or first attribute) starts with ``+``; here it becomes the caption.
* **Implicit first row.** Cells before the first ``|-`` form a row, as in
  MediaWiki.
* **Spans.** A cell with ``rowspan``/``colspan`` fills several grid
  positions, following the HTML table model (a cell never overlaps one
  placed earlier; spans past the last row are cut). Span values are read the
  way browsers read them: leading digits (``2``, ``"2"``, ``2;``), at least
  1, at most 1,000.
* **Attributes that are not attributes.** In ``| <span id="G"></span> | text``
  or ``| align=center <!--DE-->| 19`` MediaWiki treats everything before the
  single ``|`` as attributes and drops what is not one; the cell's content
  is what follows. mwparserfromhell does the same.
* **Unclosed tables.** MediaWiki closes a table left open at the end of the
  page; mwparserfromhell then leaves it as text. The page is re-read with the
  missing ``|}`` added.
* **Nested tables** are tables of their own (:func:`parse_tables` returns
  every table in page order, with its depth); in the outer table they are
  part of the cell that holds them.

Rows written by templates (``{{Chart row|…}}``) cannot be seen without
expanding the template on the wiki: they stay in the cell before them.

A cell keeps its wikitext and its plain text (as a reader sees it, see
:func:`bot.core.wikitext.plain_text`), so callers can read links and templates
in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.schema import TextRules
from bot.core.wikitext import link_target, parse, plain_text

MAX_SPAN = 1000
_SPAN = re.compile(r"^\s*[\"']?\s*(\d+)")
_LEFTOVER_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_CELL_MARKUP = frozenset({"|", "||", "!", "!!"})


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as written: its content, whether it is a header, and its spans."""

    text: str
    wikitext: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    attributes: Mapping[str, str] = field(default_factory=dict)
    links: tuple[str, ...] = ()

    def parsed(self) -> Wikicode:
        """The content parsed again (cells are frozen, so they keep text, not trees)."""
        return parse(self.wikitext)


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return bool(self.cells) and all(c.header for c in self.cells)


@dataclass(frozen=True)
class Table:
    """A wikitable: its caption, attributes, rows as written, and the expanded grid.

    ``grid[r][c]`` is the cell that covers row ``r``, column ``c`` (the same
    :class:`Cell` object in every position a spanning cell covers), or None
    where the row has no cell.
    """

    rows: tuple[Row, ...]
    caption: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    depth: int = 0

    @cached_property
    def grid(self) -> tuple[tuple[Cell | None, ...], ...]:
        return _grid(self.rows)

    @property
    def width(self) -> int:
        return len(self.grid[0]) if self.grid else 0

    def header_rows(self) -> int:
        """How many leading rows are header rows (every cell a ``!`` cell)."""
        count = 0
        for row in self.rows:
            if not row.is_header:
                break
            count += 1
        return count

    def headers(self) -> tuple[str, ...]:
        """One header per column: the texts of the leading header rows joined (``Charts DE``)."""
        grid = self.grid
        width = self.width
        names = []
        for column in range(width):
            parts: list[str] = []
            for row in grid[: self.header_rows()]:
                cell = row[column] if column < len(row) else None
                if cell is not None and cell.text and (not parts or parts[-1] != cell.text):
                    parts.append(cell.text)
            names.append(" ".join(parts))
        return tuple(names)

    def records(self) -> list[dict[str, Cell | None]]:
        """The rows after the header rows as ``{header: cell}``; a spanning cell fills every row it covers.

        Rows that are header rows themselves (sub-headings in the body) are
        left out; columns without a header are keyed by their number (``"3"``),
        and a header that repeats (a ``colspan`` header) gets `` 2``, `` 3`` ...
        """
        headers: list[str] = []
        for i, name in enumerate(self.headers()):
            key, n = name or str(i + 1), 2
            while key in headers:
                key, n = f"{name or i + 1} {n}", n + 1
            headers.append(key)
        out = []
        grid = self.grid
        for index in range(self.header_rows(), len(self.rows)):
            if self.rows[index].is_header:
                continue
            row = grid[index]
            out.append({h: (row[i] if i < len(row) else None) for i, h in enumerate(headers)})
        return out


def parse_tables(text: str | Wikicode, rules: TextRules | None = None) -> list[Table]:
    """Every wikitable in ``text``, nested ones included, in page order."""
    rules = rules or TextRules()
    code = parse(text)
    if _unparsed_table(code):
        code = parse(_closed(str(code)))
    return [_table(tag, depth, rules) for tag, depth in _table_tags(code, 0)]


def _unparsed_table(code: Wikicode) -> bool:
    """True when a line starting with ``{|`` was left as text (mwparserfromhell gives up on unclosed tables)."""
    return any(re.search(r"(?:^|\n)[ :]*\{\|", node.value) for node in code.ifilter_text(recursive=True))


def _closed(text: str) -> str:
    """``text`` with a ``|}`` added for each table left open at the end (as MediaWiki closes them)."""
    depth = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" :")
        if stripped.startswith("{|"):
            depth += 1
        elif stripped.startswith("|}") and depth:
            depth -= 1
    return text + "\n|}" * depth if depth else text


def _table_tags(code: Wikicode, depth: int) -> Iterator[tuple[Tag, int]]:
    for node in code.nodes:
        if isinstance(node, Tag):
            if node.wiki_markup == "{|":
                yield node, depth
                if node.contents is not None:
                    yield from _table_tags(node.contents, depth + 1)
                continue
            if node.contents is not None:
                yield from _table_tags(node.contents, depth)
        elif isinstance(node, Template):  # tables passed as template parameters
            for param in node.params:
                yield from _table_tags(param.value, depth)


def _attributes(tag: Tag) -> dict[str, str]:
    out = {}
    for attribute in tag.attributes:
        name = str(attribute.name).strip().lower()
        if name and not name.startswith("<") and name != "+":
            out[name] = "" if attribute.value is None else str(attribute.value).strip()
    return out


def _span(value: str | None) -> int:
    match = _SPAN.match(value or "")
    return min(max(int(match.group(1)), 1), MAX_SPAN) if match else 1


def _template_text(code: Wikicode, rules: TextRules) -> str:
    """What a cell holding only templates probably shows: their positional parameters.

    The bot cannot expand templates offline. ``{{SortKeyName|José|Álvarez}}``,
    ``{{Lbs|Hunstanton}}``, ``{{u|Example}}`` and ``{{flag|Kenya}}`` all show
    (at least) their positional parameters, so a cell whose plain text is
    empty is read as those, rather than as nothing.
    """
    parts = []
    for template in code.ifilter_templates(recursive=False):
        for param in template.params:
            if not param.showkey:
                value = plain_text(param.value, rules)
                if value:
                    parts.append(value)
    return " ".join(parts)


def _cell(tag: Tag, rules: TextRules) -> Cell:
    contents = tag.contents if tag.contents is not None else Wikicode([])
    attributes = _attributes(tag)
    text = _LEFTOVER_TAG.sub("", plain_text(contents, rules)) or _template_text(contents, rules)
    links = tuple(link_target(link) for link in contents.ifilter_wikilinks(recursive=True))
    return Cell(
        text=" ".join(text.split()),
        wikitext=str(contents).strip(),
        header=tag.wiki_markup in ("!", "!!"),
        rowspan=_span(attributes.get("rowspan")),
        colspan=_span(attributes.get("colspan")),
        attributes=attributes,
        links=links,
    )


def _is_caption(tag: Tag) -> bool:
    """``|+ Caption`` or ``|+ style="…" | Caption``: a ``|`` cell directly in the table that starts with ``+``."""
    if tag.wiki_markup != "|":
        return False
    if tag.attributes and str(tag.attributes[0].name).strip() == "+":
        return True
    first = next(
        (n for n in (tag.contents.nodes if tag.contents is not None else []) if not isinstance(n, Comment)), None
    )
    return not tag.attributes and isinstance(first, Text) and first.value.startswith("+")


def _table(tag: Tag, depth: int, rules: TextRules) -> Table:
    rows: list[Row] = []
    loose: list[Cell] = []
    caption = None
    for node in tag.contents.nodes if tag.contents is not None else []:
        if not isinstance(node, Tag):
            continue
        if node.wiki_markup == "|-":
            if loose:
                rows.append(Row(tuple(loose)))
                loose = []
            cells = tuple(_cell(c, rules) for c in _cell_tags(node))
            rows.append(Row(cells, _attributes(node)))
        elif node.wiki_markup in _CELL_MARKUP:
            if caption is None and not rows and not loose and _is_caption(node):
                caption = _LEFTOVER_TAG.sub("", plain_text(node.contents or Wikicode([]), rules)).lstrip("+").strip()
                continue
            loose.append(_cell(node, rules))
    if loose:
        rows.append(Row(tuple(loose)))
    rows = [r for r in rows if r.cells]
    return Table(tuple(rows), caption or None, _attributes(tag), depth)


def _cell_tags(row: Tag) -> list[Tag]:
    return [
        n
        for n in (row.contents.nodes if row.contents is not None else [])
        if isinstance(n, Tag) and n.wiki_markup in _CELL_MARKUP
    ]


def _grid(rows: tuple[Row, ...]) -> tuple[tuple[Cell | None, ...], ...]:
    """Place every cell, skipping positions taken by cells from rows above (the HTML table model)."""
    taken: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, row in enumerate(rows):
        column = 0
        for cell in row.cells:
            while (r, column) in taken:
                column += 1
            for dr in range(min(cell.rowspan, len(rows) - r)):
                for dc in range(cell.colspan):
                    taken.setdefault((r + dr, column + dc), cell)
            column += cell.colspan
            width = max(width, column)
    return tuple(tuple(taken.get((r, c)) for c in range(width)) for r in range(len(rows)))
