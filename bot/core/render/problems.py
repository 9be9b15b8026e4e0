"""The problems page: every problem the bot found, for the editors who fix them.

A summary line first (N problems on M pages, and counts by severity), then
one level-3 section per page with problems, in page-title order (the same
collation as the index). The heading is the page's full title, linked to
the page; MediaWiki makes the title the section's anchor, which is what the
index's problem counts link to (``Problems#Partnerships/X``). Titles are
unique, so anchors are stable and never get a ``_2`` suffix.

Within a page, problems are ordered errors first, then warnings, then info;
within a severity, page-wide problems (no field) first, then by the field's
order in the schema, then unknown parameters by name; ties keep the order in
which the extractor found them. Each row names the parameter to edit, the
value as it was written (cut to :data:`VALUE_LIMIT` characters) and what to
do. Pages without the template are here too, though they are not in the
index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.config import Settings
from bot.core.records import SEVERITIES, Problem, Record
from bot.core.render.common import collation_key, page_order, plural, record_order
from bot.core.render.engine import Column, Link, Table, Text, heading, paragraph, render_table
from bot.core.schema import Schema

VALUE_LIMIT = 200
WHOLE_PAGE = "(whole page)"
NO_PROBLEMS = "No problems found."
GUIDE = (
    "Each section below is a page with problems. Each row names the parameter to look at, the value "
    "as it is written on the page, and what to change. Fix the page, and this list is updated on the next run."
)
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}


ProblemKey = tuple[int, tuple[int, int, tuple[str, str]], int]


def problem_order(schema: Schema) -> Callable[[tuple[int, Problem]], ProblemKey]:
    """Sort key for the problems of one page (see the module's docstring)."""
    severity_rank = {s: i for i, s in enumerate(SEVERITIES)}
    field_rank = {f.name: i for i, f in enumerate(schema.fields)}

    def key(item: tuple[int, Problem]) -> ProblemKey:
        position, problem = item
        where: tuple[int, int, tuple[str, str]]
        if problem.field is None:
            where = (0, 0, ("", ""))
        elif problem.field in field_rank:
            where = (1, field_rank[problem.field], ("", ""))
        else:
            where = (2, 0, collation_key(problem.field))
        return (severity_rank.get(problem.severity, len(SEVERITIES)), where, position)

    return key


def problems_by_page(records: Iterable[Record], schema: Schema) -> list[tuple[str, list[Problem]]]:
    """(page, problems) for every page with problems, pages and problems in order."""
    pages: dict[str, list[Problem]] = {}
    for record in sorted(records, key=record_order):
        if record.problems:
            pages.setdefault(record.page, []).extend(record.problems)
    key = problem_order(schema)
    return [(page, [p for _, p in sorted(enumerate(pages[page]), key=key)]) for page in sorted(pages, key=page_order)]


def problem_table(problems: list[Problem]) -> Table[Problem]:
    return Table(
        columns=[
            Column("Severity", lambda p: Text(SEVERITY_LABELS.get(p.severity, p.severity))),
            Column("Parameter", lambda p: Text(p.field if p.field is not None else WHOLE_PAGE)),
            Column("Value as written", lambda p: Text(p.value or "", limit=VALUE_LIMIT)),
            Column("Problem", lambda p: Text(p.message)),
        ],
        rows=problems,
        css_class="wikitable",
    )


def summary_line(groups: list[tuple[str, list[Problem]]]) -> str:
    """``32 problems on 20 pages (5 errors, 17 warnings, 10 info).``"""
    problems = [p for _, items in groups for p in items]
    if not problems:
        return NO_PROBLEMS
    counts = {s: sum(1 for p in problems if p.severity == s) for s in SEVERITIES}
    other = len(problems) - sum(counts.values())
    parts = [plural(counts["error"], "error"), plural(counts["warning"], "warning"), f"{counts['info']} info"]
    if other:
        parts.append(f"{other} other")
    return f"{plural(len(problems), 'problem')} on {plural(len(groups), 'page')} ({', '.join(parts)})."


OUTSIDE_HEADING = "Pages outside the registry"


def outside_section(outside: Sequence[str], schema: Schema, settings: Settings) -> list[str]:
    """Pages that use the template but lie outside the registry's prefix: the registry does not list them."""
    if not outside:
        return []
    prefix = settings.registry.prefix
    note = (
        f"These pages use {{{{{schema.template}}}}} but are not under {prefix}, so the registry does not list "
        f"them and their values are not checked. Move each to a title under {prefix} (or remove the template if "
        "the page is not a partnership)."
    )
    table: Table[str] = Table(
        columns=[Column("Page", lambda title: Link(title, title))], rows=list(outside), css_class="wikitable"
    )
    return [heading(Text(OUTSIDE_HEADING), level=2, anchor="outside"), paragraph(Text(note)), render_table(table)]


def render_problems(
    records: Iterable[Record], schema: Schema, settings: Settings, *, outside: Sequence[str] = ()
) -> str:
    """The problems page's body (between the bot's markers); ``outside`` lists template users outside the scope."""
    groups = problems_by_page(records, schema)
    parts = [paragraph(Text(summary_line(groups)))]
    parts += outside_section(outside, schema, settings)
    if groups:
        parts.append(paragraph(Text(GUIDE)))
    for page, problems in groups:
        parts.append(heading(Link(page, page), level=3))
        parts.append(render_table(problem_table(problems)))
    return "\n\n".join(parts) + "\n"
