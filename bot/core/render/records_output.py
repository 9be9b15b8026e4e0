"""The ``extract`` command's output formats: ``json``, ``csv`` and ``table``.

Records are always written in page-title order. JSON follows the spec's
shape exactly (``page``, ``revision``, ``record``, ``problems``); CSV has one
row per page with list values joined by ``; ``; the table is for reading in
a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence

from bot.core.records import Record
from bot.core.schema import Role, Schema

LIST_SEPARATOR = "; "


def sort_records(records: Iterable[Record]) -> list[Record]:
    return sorted(records, key=lambda r: r.page)


def to_json(records: Iterable[Record]) -> str:
    """A JSON array, one object per page, in title order (the spec's shape)."""
    return json.dumps([r.as_dict() for r in sort_records(records)], ensure_ascii=False, indent=1) + "\n"


def cell(value: object) -> str:
    """A field value as one line of text: lists joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    return str(value)


def to_csv(records: Iterable[Record], schema: Schema) -> str:
    """One row per page: page, revision, every field, and problem counts by severity."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [f.name for f in schema.fields]
    writer.writerow(["page", "revision", *names, "errors", "warnings", "infos"])
    for record in sort_records(records):
        counts = {s: sum(1 for p in record.problems if p.severity == s) for s in ("error", "warning", "info")}
        writer.writerow(
            [
                record.page,
                "" if record.revision is None else record.revision,
                *(_safe_csv(cell(record.get(n))) for n in names),
                counts["error"],
                counts["warning"],
                counts["info"],
            ]
        )
    return out.getvalue()


def _safe_csv(text: str) -> str:
    """Keep spreadsheet programs from running an editor's value as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


TABLE_ROLES = (Role.TITLE, Role.KIND, Role.LEVEL, Role.STATUS, Role.REGIONS, Role.START, Role.END)
"""The fields of the terminal table, by role (a role no field has is left out)."""


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def wrap(text: str, width: int) -> list[str]:
    """``text`` on lines of at most ``width`` terminal columns, broken between words.

    A word longer than a line is broken inside (a URL, a long title); white
    space runs become one space. Nothing is cut: every character is shown.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while display_width(word) > width:
            room = width - display_width(line) - (1 if line else 0)
            if room < 1:
                lines.append(line)
                line, room = "", width
            head, used = "", 0
            for ch in word:
                if used + display_width(ch) > room:
                    break
                head, used = head + ch, used + display_width(ch)
            line = f"{line} {head}" if line else head
            lines.append(line)
            line, word = "", word[len(head) :]
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def aligned_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 40) -> str:
    """A plain, aligned text table for a terminal; a cell wider than ``max_width`` wraps onto more lines.

    Long cells (a problem's "What to do", a list of members) are wrapped, never
    cut, so the advice is all there; a row of wrapped cells is followed by a
    blank line so the next row is easy to find.
    """
    widths = [
        min(max_width, max([display_width(h), *(display_width(" ".join(r[i].split())) for r in rows)]))
        for i, h in enumerate(headers)
    ]

    def block(cells: Sequence[str]) -> list[str]:
        wrapped = [wrap(c, w) for c, w in zip(cells, widths)]
        height = max(len(w) for w in wrapped)
        return [
            "  ".join(_pad(w[n] if n < len(w) else "", width) for w, width in zip(wrapped, widths)).rstrip()
            for n in range(height)
        ]

    lines = block(headers)
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        printed = block(row)
        if len(printed) > 1 and lines[-1] and lines[-1][:1] != "-":
            lines.append("")
        lines.extend(printed)
        if len(printed) > 1:
            lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def to_table(records: Iterable[Record], schema: Schema) -> str:
    """The registry as a readable terminal table, then a count line."""
    records = sort_records(records)
    columns = [name for role in TABLE_ROLES if (name := schema.role_name(role)) is not None]
    title = schema.role_name(Role.TITLE)
    rows = [
        [*(cell(r.get(c)) or (r.page if c == title else "") for c in columns), str(len(r.problems))] for r in records
    ]
    problems = sum(len(r.problems) for r in records)
    table = aligned_table([*(schema.by_name[c].label for c in columns), "Problems"], rows, max_width=34)
    return table + f"\n{len(records)} partnerships, {problems} problems\n"
