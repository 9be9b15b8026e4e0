"""audit_fields: every page with missing fields, unknown values, unreadable dates or unknown parameters.

The findings are the extractor's problems (:mod:`bot.core.extract`), so the
audit says exactly what the registry's problems page says, grouped three
ways: by problem (code and field, with page counts), by page (counts by
severity) and one row per problem. A fourth section lists the values that
``-fix`` can normalise (:mod:`bot.core.fix`); they are not findings (the
registry reads them fine), only a tidier spelling.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.audits.report import Field, Report, Section, page_field
from bot.core.fix import Change, FixPlan
from bot.core.records import SEVERITIES, Problem, Record
from bot.core.render.common import page_order, plural, severity_counts
from bot.core.render.problems import problems_by_page
from bot.core.schema import Schema

WHOLE_PAGE = "(whole page)"
CODE_MEANINGS = {
    "missing-required": "a required or suggested field is missing or empty",
    "unknown-value": "a value the bot does not recognise",
    "invalid-value": "a malformed web address, Wikidata id or user name",
    "invalid-date": "a date that cannot be read, or does not exist",
    "ambiguous-date": "a date that reads two ways (01/02/2020)",
    "approximate-date": "an approximate date (c. 2018)",
    "end-before-start": "the end date is before the start date",
    "broad-region": "a continent where a region was meant",
    "unknown-parameter": "a parameter the template does not know",
    "duplicate-parameter": "a parameter given twice",
    "no-template": "a page without the template",
    "multiple-templates": "more than one template on a page",
}


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    code: str
    field: str
    severity: str
    pages: int
    problems: int


@dataclass(frozen=True, slots=True)
class PageCounts:
    page: str
    errors: int
    warnings: int
    infos: int
    codes: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


@dataclass(frozen=True, slots=True)
class Fixable:
    page: str
    change: Change


def group_problems(problems: Iterable[Problem]) -> list[ProblemGroup]:
    """One row per (code, field): errors first, then by number of pages, then by name."""
    pages: dict[tuple[str, str, str], set[str]] = {}
    counts: Counter[tuple[str, str, str]] = Counter()
    for p in problems:
        key = (p.code, p.field if p.field is not None else WHOLE_PAGE, p.severity)
        pages.setdefault(key, set()).add(p.page)
        counts[key] += 1
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    rows = [
        ProblemGroup(code, field, severity, len(pages[(code, field, severity)]), counts[(code, field, severity)])
        for code, field, severity in pages
    ]
    return sorted(rows, key=lambda g: (rank.get(g.severity, 9), -g.pages, g.code, g.field))


def page_counts(records: Iterable[Record]) -> list[PageCounts]:
    rows = []
    for record in records:
        if record.problems:
            counts = severity_counts(record)
            codes = tuple(sorted({p.code for p in record.problems}))
            rows.append(PageCounts(record.page, counts["error"], counts["warning"], counts["info"], codes))
    return sorted(rows, key=lambda r: page_order(r.page))


def fixables(plans: Mapping[str, FixPlan]) -> list[Fixable]:
    return [Fixable(page, change) for page in sorted(plans, key=page_order) for change in plans[page].changes]


def fields_report(
    records: Sequence[Record],
    schema: Schema,
    *,
    plans: Mapping[str, FixPlan] = {},
    notes: Sequence[str] = (),
    extra: Sequence[Section[Any]] = (),
) -> Report:
    """The audit_fields report. ``plans`` (page -> :class:`FixPlan`) fills the ``-fix`` section."""
    ordered = [p for _, items in problems_by_page(records, schema) for p in items]
    groups = group_problems(ordered)
    pages = page_counts(records)
    fixes = fixables(plans)
    sections = [
        Section(
            "by-problem",
            "By problem",
            [
                Field("code", "Problem", lambda g: g.code),
                Field("field", "Parameter", lambda g: g.field),
                Field("severity", "Severity", lambda g: g.severity),
                Field("pages", "Pages", lambda g: g.pages, sort_type="number"),
                Field("problems", "Count", lambda g: g.problems, sort_type="number"),
                Field("meaning", "Meaning", lambda g: CODE_MEANINGS.get(g.code, "")),
            ],
            groups,
            empty="No problems.",
        ),
        Section(
            "by-page",
            "By page",
            [
                page_field("page", "Page", lambda r: r.page),
                Field("errors", "Errors", lambda r: r.errors, sort_type="number"),
                Field("warnings", "Warnings", lambda r: r.warnings, sort_type="number"),
                Field("infos", "Info", lambda r: r.infos, sort_type="number"),
                Field("codes", "Problems", lambda r: r.codes),
            ],
            pages,
            empty="No page has problems.",
        ),
        Section(
            "problems",
            "Every problem",
            [
                page_field("page", "Page", lambda p: p.page),
                Field("severity", "Severity", lambda p: p.severity),
                Field("field", "Parameter", lambda p: p.field if p.field is not None else WHOLE_PAGE),
                Field("code", "Problem", lambda p: p.code),
                Field("value", "Value as written", lambda p: p.value or ""),
                Field("message", "What to do", lambda p: p.message),
            ],
            ordered,
            empty="No problems.",
        ),
        Section(
            "fixable",
            "Values -fix can normalise",
            [
                page_field("page", "Page", lambda f: f.page),
                Field("parameter", "Parameter", lambda f: f.change.parameter),
                Field("value", "As written", lambda f: f.change.old),
                Field("normalised", "Normal form", lambda f: f.change.new if f.change.new else "(removed: repeated)"),
                Field("kind", "Change", lambda f: "rename parameter" if f.change.kind == "rename" else "value"),
            ],
            fixes,
            empty="Nothing to normalise.",
            intro="Not problems: spellings the registry reads fine, which -fix rewrites to their normal form.",
        ),
        *extra,
    ]
    counts = Counter(p.severity for p in ordered)
    fix_pages = len({f.page for f in fixes})
    summary = (
        f"audit_fields: {plural(len(ordered), 'finding')} on {len(pages)} of {plural(len(records), 'page')} "
        f"({plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, {counts['info']} info); "
        f"-fix can normalise {plural(len(fixes), 'value')} on {plural(fix_pages, 'page')}"
    )
    return Report("fields", "Audit: fields of partnership pages", sections, len(ordered), summary, tuple(notes))
