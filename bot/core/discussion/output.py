"""Summaries as the spec's offline JSON, and as a table for a terminal.

The JSON object per page has exactly the spec's keys (``page``,
``sections``, ``totals``) plus ``problems``, the findings an editor should
check. A section object gains a ``question`` key only when guiding
questions were given. Times are ISO 8601 in UTC (``2018-05-05T12:34:00Z``)
or null. Output is deterministic: pages in title order, sections in page
order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bot.core.discussion.counting import SectionSummary, Summary
from bot.core.discussion.timestamps import iso
from bot.core.render.records_output import aligned_table


def section_to_json(section: SectionSummary) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": section.title,
        "comments": section.comments,
        "top_level": section.top_level,
        "replies": section.replies,
        "participants": list(section.participants),
        "first": iso(section.first),
        "last": iso(section.last),
        "unanswered": section.unanswered,
        "votes": section.votes.as_dict(),
        "digest": [{"author": d.author, "time": iso(d.time), "text": d.text} for d in section.digest],
    }
    if section.question is not None:
        data["question"] = section.question
    return data


def summary_to_json(summary: Summary) -> dict[str, Any]:
    """One page's summary in the spec's "Offline output" shape, plus ``problems``."""
    return {
        "page": summary.page,
        "sections": [section_to_json(s) for s in summary.sections],
        "totals": {
            "comments": summary.totals.comments,
            "participants": summary.totals.participants,
            "first": iso(summary.totals.first),
            "last": iso(summary.totals.last),
        },
        "problems": [p.as_dict() for p in summary.problems],
    }


def summaries_to_json(summaries: Iterable[Summary]) -> str:
    """The ``summarise`` command's offline output: a JSON array, one object per page, in title order."""
    ordered = sorted(summaries, key=lambda s: s.page)
    return json.dumps([summary_to_json(s) for s in ordered], ensure_ascii=False, indent=1) + "\n"


def render_summary_table(summary: Summary) -> str:
    """A page's summary for reading in a terminal: one row per section, totals, then problems."""
    headers = [
        "Section",
        "Comments",
        "Top",
        "Replies",
        "Unanswered",
        "Support",
        "Oppose",
        "Neutral",
        "People",
        "First",
        "Last",
    ]
    rows = [
        [
            s.title,
            str(s.comments),
            str(s.top_level),
            str(s.replies),
            str(s.unanswered),
            str(s.votes.support),
            str(s.votes.oppose),
            str(s.votes.neutral),
            str(len(s.participants)),
            _short(iso(s.first)),
            _short(iso(s.last)),
        ]
        for s in summary.sections
    ]
    lines = [summary.page, "", aligned_table(headers, rows, max_width=40).rstrip("\n"), ""]
    totals = summary.totals
    lines.append(
        f"{totals.comments} comments by {totals.participants} participants, "
        f"{_short(iso(totals.first)) or '-'} to {_short(iso(totals.last)) or '-'}"
    )
    if summary.problems:
        lines.append("")
        lines.append(f"{len(summary.problems)} problems:")
        for problem in summary.problems:
            where = f"line {problem.line}" if problem.line else "page"
            lines.append(f"  {where} [{problem.section}] {problem.message}")
            if problem.text:
                lines.append(f"      {problem.text}")
    return "\n".join(lines) + "\n"


def _short(value: str | None) -> str:
    """``2018-05-05T12:34:00Z`` -> ``2018-05-05 12:34`` for the table."""
    return value[:16].replace("T", " ") if value else ""
