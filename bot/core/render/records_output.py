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


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    if display_width(text) > width:
        out, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            out.append(ch)
            used += w
        text = "".join(out) + "…"
    return text + " " * (width - display_width(text))


def aligned_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 40) -> str:
    """A plain, aligned text table for a terminal."""
    widths = [
        min(max_width, max([display_width(h), *(display_width(" ".join(r[i].split())) for r in rows)]))
        for i, h in enumerate(headers)
    ]
    lines = ["  ".join(_fit(h, w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(_fit(c, w) for c, w in zip(row, widths)).rstrip() for row in rows)
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
