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

Every word of the page is a message of ``i18n/`` (``partnerships-problems-*``),
in the language of the ``messages`` given (English without them, the page
byte for byte as it always was). Problems are worded from their message keys
and parameters (:mod:`bot.core.wording`); a problem without them (read back
from JSON) shows its stored English message. Parameter names and values stay
as the editor typed them: that is what the editor must find on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.config import Settings
from bot.core.messages import ENGLISH, Messages, messages_for
from bot.core.records import SEVERITIES, Problem, Record
from bot.core.render.common import collation_key, page_order, record_order
from bot.core.render.engine import Column, Link, Table, Text, heading, paragraph, render_table
from bot.core.schema import Schema
from bot.core.wording import word

VALUE_LIMIT = 200
SEVERITY_KEYS = {
    "error": "partnerships-problems-severity-error",
    "warning": "partnerships-problems-severity-warning",
    "info": "partnerships-problems-severity-info",
}


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


def problem_message(problem: Problem, messages: Messages) -> str:
    """The problem in the messages' language; a problem without sentences (read back from JSON) as stored."""
    if not problem.sentences or messages.language == ENGLISH:
        return problem.message
    return word(messages, problem.sentences)


def problem_table(problems: list[Problem], messages: Messages | None = None) -> Table[Problem]:
    m = messages or messages_for(ENGLISH)

    def severity(p: Problem) -> Text:
        key = SEVERITY_KEYS.get(p.severity)
        return Text(m(key) if key else p.severity)

    return Table(
        columns=[
            Column(m("partnerships-problems-column-severity"), severity),
            Column(
                m("partnerships-problems-column-parameter"),
                lambda p: Text(p.field if p.field is not None else m("partnerships-problems-whole-page")),
            ),
            Column(m("partnerships-problems-column-value"), lambda p: Text(p.value or "", limit=VALUE_LIMIT)),
            Column(m("partnerships-problems-column-problem"), lambda p: Text(problem_message(p, m))),
        ],
        rows=problems,
        css_class="wikitable",
    )


def summary_line(groups: list[tuple[str, list[Problem]]], messages: Messages | None = None) -> str:
    """``32 problems on 20 pages (5 errors, 17 warnings, 10 info).``

    Numbers are written as the language writes them (``1.234`` in German);
    without ``messages`` they are plain digits, as the English page has always had them.
    """
    m = messages or messages_for(ENGLISH)
    count: Callable[[int], int | str] = int if messages is not None else str
    problems = [p for _, items in groups for p in items]
    if not problems:
        return m("partnerships-problems-none")
    counts = [count(sum(1 for p in problems if p.severity == s)) for s in SEVERITIES]
    other = len(problems) - sum(1 for p in problems if p.severity in SEVERITIES)
    totals = (count(len(problems)), count(len(groups)))
    if other:
        return m("partnerships-problems-summary-other", *totals, *counts, count(other))
    return m("partnerships-problems-summary", *totals, *counts)


def outside_section(
    outside: Sequence[str], schema: Schema, settings: Settings, messages: Messages | None = None
) -> list[str]:
    """Pages that use the template but lie outside the registry's prefix: the registry does not list them."""
    if not outside:
        return []
    m = messages or messages_for(ENGLISH)
    note = m("partnerships-problems-outside-note", f"{{{{{schema.template}}}}}", settings.registry.prefix)
    table: Table[str] = Table(
        columns=[Column(m("partnerships-problems-outside-column-page"), lambda title: Link(title, title))],
        rows=list(outside),
        css_class="wikitable",
    )
    heading_text = Text(m("partnerships-problems-outside-heading"))
    return [heading(heading_text, level=2, anchor="outside"), paragraph(Text(note)), render_table(table)]


def render_problems(
    records: Iterable[Record],
    schema: Schema,
    settings: Settings,
    *,
    outside: Sequence[str] = (),
    messages: Messages | None = None,
) -> str:
    """The problems page's body (between the bot's markers); ``outside`` lists template users outside the scope.

    ``messages`` is the page's language (None: English). Every word of the
    page is a message; the problems are worded from their sentences, while
    parameter names and values stay as the editor typed them.
    """
    m = messages or messages_for(ENGLISH)
    groups = problems_by_page(records, schema)
    parts = [paragraph(Text(summary_line(groups, messages)))]
    parts += outside_section(outside, schema, settings, m)
    if groups:
        parts.append(paragraph(Text(m("partnerships-problems-guide"))))
    for page, problems in groups:
        parts.append(heading(Link(page, page), level=3))
        parts.append(render_table(problem_table(problems, m)))
    return "\n\n".join(parts) + "\n"
