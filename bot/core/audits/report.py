"""An audit report is a declaration; one engine writes it as a terminal table, CSV, JSON or wikitext.

Each audit builds a :class:`Report`: a title, sections (each a list of rows
and the :class:`Field` objects that say how to show a row), notes about the
source (what it could not tell), the number of findings and the summary
line. The four formats follow from it:

* ``table``: for reading in a terminal (:func:`bot.core.render.records_output.aligned_table`);
* ``csv``: one table for spreadsheets: a ``section`` column, then every
  section's columns (empty where a section has no such column);
* ``json``: ``{"audit", "title", "findings", "notes", "sections": {key: {"title", "rows"}}}``
  with lists as lists and numbers as numbers;
* ``wiki``: a heading and a wikitable per section through the one table
  engine (:mod:`bot.core.render.engine`), so every editor's value is escaped;
  this is also what ``-post`` publishes.

The table and wiki formats end with the summary line; CSV and JSON stay
machine-readable (the command prints the summary line on stderr).
Everything is deterministic: audits sort their rows, and nothing here
adds a time.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from bot.core.render.engine import Cell, Column, Items, Link, Number, Table, Text, heading, paragraph, render_table
from bot.core.render.records_output import LIST_SEPARATOR, aligned_table

R = TypeVar("R")
FORMATS = ("table", "csv", "json", "wiki")


@dataclass(frozen=True)
class Field(Generic[R]):
    """One column: its key (CSV/JSON), its header, and the row's value.

    ``value`` gives plain data (a string, a number, a list of strings or
    None); ``cell`` optionally gives the wiki cell (a link, say), else the
    cell follows from the value (text, number, one line per list item).
    ``sort`` gives the wiki table's sort value when the shown value does not
    sort right (a date of any precision).
    """

    key: str
    header: str
    value: Callable[[R], Any]
    cell: Callable[[R], Cell] | None = None
    sort_type: str | None = None
    sort: Callable[[R], str | int | None] | None = None


@dataclass(frozen=True)
class Section(Generic[R]):
    key: str
    title: str
    fields: Sequence[Field[R]]
    rows: Sequence[R]
    empty: str = "None."
    intro: str | None = None


@dataclass(frozen=True)
class Report:
    """``rendered`` holds text a report brings in some formats itself (the export's
    records in the ``extract`` shapes); the engine renders every other format."""

    audit: str
    title: str
    sections: Sequence[Section[Any]]
    findings: int
    summary: str
    notes: Sequence[str] = field(default=())
    rendered: Mapping[str, str] = field(default_factory=dict)

    @property
    def region(self) -> str:
        """The marker name ``-post`` writes between: ``audit-fields``, ``audit-stale`` ..."""
        return self.audit if self.audit == "export" else f"audit-{self.audit}"


def _cell_of(field: Field[Any]) -> Callable[[Any], Cell]:
    """How a field's value is shown in a wiki table: its own cell function, else its value as text."""
    if field.cell is not None:
        return field.cell
    return lambda row: _cell(field.value(row))


def page_field(key: str, header: str, title: Callable[[Any], str]) -> Field[Any]:
    """A column of page titles, linked on the wiki."""
    return Field(key, header, title, cell=lambda r: Link(title(r), title(r)))


def pages_field(key: str, header: str, titles: Callable[[Any], Sequence[str]]) -> Field[Any]:
    """A column of several page titles, one link per line on the wiki."""
    return Field(key, header, lambda r: tuple(titles(r)), cell=lambda r: Items(tuple(Link(t, t) for t in titles(r))))


def users_field(key: str, header: str, names: Callable[[Any], Sequence[str]], *, placeholder: str = "") -> Field[Any]:
    """A column of user names, each linked to its user page on the wiki (``placeholder`` stays text)."""

    def cell(row: Any) -> Cell:
        return Items(tuple(Text(n) if n == placeholder else Link(f"User:{n}", n) for n in names(row)))

    return Field(key, header, lambda r: tuple(names(r)), cell=cell)


def text_of(value: Any) -> str:
    """A value as one line of text: lists joined, numbers as written, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(text_of(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, float):
        return round(value, 3)
    return value


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        return Text("yes" if value else "")
    if isinstance(value, int):
        return Number(value)
    if isinstance(value, (list, tuple)):
        return Items(tuple(Text(text_of(v)) for v in value))
    return Text(text_of(value))


def to_table(report: Report) -> str:
    lines = [report.title, "=" * len(report.title)]
    lines += [f"note: {note}" for note in report.notes]
    for section in report.sections:
        lines += ["", section.title, "-" * len(section.title)]
        if section.intro:
            lines.append(section.intro)
        if not section.rows:
            lines.append(section.empty)
            continue
        rows = [[text_of(f.value(r)) for f in section.fields] for r in section.rows]
        lines.append(aligned_table([f.header for f in section.fields], rows).rstrip("\n"))
    lines += ["", report.summary]
    return "\n".join(lines) + "\n"


def to_csv(report: Report) -> str:
    keys: list[str] = []
    for section in report.sections:
        keys += [f.key for f in section.fields if f.key not in keys]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", *keys])
    for section in report.sections:
        for row in section.rows:
            values = {f.key: _safe_csv(text_of(f.value(row))) for f in section.fields}
            writer.writerow([section.key, *(values.get(k, "") for k in keys)])
    return out.getvalue()


def _safe_csv(text: str) -> str:
    """Keep spreadsheet programs from running an editor's value as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_json(report: Report) -> str:
    data = {
        "audit": report.audit,
        "title": report.title,
        "findings": report.findings,
        "summary": report.summary,
        "notes": list(report.notes),
        "sections": {
            s.key: {"title": s.title, "rows": [{f.key: _json_value(f.value(r)) for f in s.fields} for r in s.rows]}
            for s in report.sections
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def to_wiki(report: Report) -> str:
    if "wiki" in report.rendered:
        return report.rendered["wiki"].rstrip("\n") + "\n\n" + paragraph(Text(report.summary)) + "\n"
    parts = [paragraph(Text(note)) for note in report.notes]
    for section in report.sections:
        parts.append(heading(Text(section.title), level=3))
        if section.intro:
            parts.append(paragraph(Text(section.intro)))
        if not section.rows:
            parts.append(paragraph(Text(section.empty)))
            continue
        columns: list[Column[Any]] = [
            Column(f.header, _cell_of(f), sort_type=f.sort_type, sort_value=f.sort) for f in section.fields
        ]
        parts.append(render_table(Table(columns=columns, rows=list(section.rows))))
    parts.append(paragraph(Text(report.summary)))
    return "\n\n".join(parts) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {"table": to_table, "csv": to_csv, "json": to_json, "wiki": to_wiki}


def render(report: Report, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`); ``table`` and ``wiki`` end with the summary line."""
    if fmt == "table" and "table" in report.rendered:
        return report.rendered["table"].rstrip("\n") + "\n\n" + report.summary + "\n"
    if fmt in report.rendered and fmt != "wiki":
        return report.rendered[fmt]
    return RENDERERS[fmt](report)
