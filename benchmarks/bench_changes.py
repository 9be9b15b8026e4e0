"""The change log on a large registry: what one update run adds to the time of publishing.

Builds N records (default 10,000), changes 2% of them (a status, a level, a
problem fixed, pages added, removed and moved) and times what the update job
does for its change log on every run: the entries of both registries, the
events between them, the log with its window, the page rendered. The
baseline is the same work with nothing changed (what most runs do).

    .venv/bin/python benchmarks/bench_changes.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.core.history import diff_entries, entry_of, record_changes
from bot.core.records import Problem, Record
from bot.core.render.changes import render_changes
from bot.core.schema import Role, Schema, load_schema

STATUSES = ("potential", "proposed", "active", "completed", "ended", "on-hold")
LEVELS = ("local", "national", "regional", "global", "thematic")


def registry(schema: Schema, n: int, rng: random.Random) -> list[Record]:
    status, level, title = (schema.role_name(r) or "" for r in (Role.STATUS, Role.LEVEL, Role.TITLE))
    records = []
    for i in range(n):
        values: dict[str, Any] = {f.name: (() if f.list else None) for f in schema.fields}
        values |= {title: f"Partnership {i}", status: rng.choice(STATUSES), level: rng.choice(LEVELS)}
        page = f"Partnerships/P{i}"
        problems = (Problem(page, status, "unknown-value", "warning", "Check it.", "x"),) if i % 7 == 0 else ()
        records.append(Record(page, i + 1, values, problems, title=f"Partnership {i}"))
    return records


def changed(schema: Schema, records: list[Record], rng: random.Random, share: float) -> list[Record]:
    status, level = schema.role_name(Role.STATUS) or "", schema.role_name(Role.LEVEL) or ""
    out = list(records)
    picks = rng.sample(range(len(out)), int(len(out) * share))
    for number, i in enumerate(picks):
        old = out[i]
        values = dict(old.values)
        kind = number % 5
        if kind == 0:
            values[status] = "ended"
        elif kind == 1:
            values[level] = "global" if values[level] != "global" else "local"
        elif kind == 2:
            out[i] = Record(old.page, old.revision, values, (), title=old.title)
            continue
        elif kind == 3:
            out[i] = Record(old.page + " (moved)", old.revision, values, old.problems, title=old.title)
            continue
        else:
            out[i] = Record(f"Partnerships/New {i}", 10**6 + i, values, (), title=f"New {i}")
            continue
        out[i] = Record(old.page, (old.revision or 0) + 10**6, values, old.problems, title=old.title)
    return out


def one_run(schema: Schema, old: list[Record], new: list[Record], ids: dict[str, int]) -> tuple[float, int]:
    settings = Settings()
    start = time.perf_counter()
    before = {r.page: entry_of(r, schema, ids.get(r.page)) for r in old}
    after = {r.page: entry_of(r, schema, ids.get(r.page)) for r in new}
    events = diff_entries(before, after, at="2026-03-14T10:00Z", times={}, fates={})
    log = record_changes(None, events, today=date(2026, 3, 14), days=90)
    render_changes(log, schema, settings)
    return time.perf_counter() - start, len(events)


def main(n: int = 10_000) -> dict[str, float]:
    schema = load_schema()
    rng = random.Random(14)
    old = registry(schema, n, rng)
    new = changed(schema, old, rng, 0.02)
    ids = {r.page: i for i, r in enumerate(old)}
    for r in new:  # a moved page keeps its id; a new page gets one of its own
        if r.page.endswith(" (moved)"):
            ids[r.page] = ids[r.page.removesuffix(" (moved)")]
        ids.setdefault(r.page, len(ids) + n)
    same_s, none = one_run(schema, old, old, ids)
    changed_s, events = one_run(schema, old, new, ids)
    everything = changed(schema, old, random.Random(15), 1.0)  # a burst: every record changes at once
    burst_s, burst = one_run(schema, old, everything, ids)
    figures = {
        "records": float(n),
        "events": float(events),
        "nochange_s": same_s,
        "changed_s": changed_s,
        "records_per_s": n / changed_s,
        "burst_events": float(burst),
        "burst_s": burst_s,
    }
    print(f"change log over {n:,} records:")
    print(f"  no change       {same_s:6.3f} s, {none} events")
    print(f"  2% changed      {changed_s:6.3f} s, {events} events ({n / changed_s:,.0f} records/s)")
    print(f"  all changed     {burst_s:6.3f} s, {burst} events")
    return figures


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
