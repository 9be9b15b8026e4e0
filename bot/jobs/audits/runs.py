"""What each of the six audit scripts does: read its source, run its pure audit, return the report.

Each ``run_*`` function wires a source (:mod:`bot.jobs.audits.inputs`) to an
audit of :mod:`bot.core.audits` and returns the report; the command line
(:mod:`bot.cli.audits`) declares the scripts' options and help, and prints
or posts the report.
"""

from __future__ import annotations

from datetime import date

from bot.core.audits import duplicates, fields, members, members_report, orphans, stale
from bot.core.audits.report import Field, Report, Section, page_field
from bot.core.render.common import is_partnership, plural
from bot.core.schema import Role
from bot.errors import UsageError
from bot.jobs.audits.context import AuditRun
from bot.jobs.audits.fixing import FixOutcome
from bot.jobs.audits.inputs import Pages, member_pages, orphan_facts, read_pages, records_of


def _notes(pages: Pages) -> list[str]:
    return [f"Source: {pages.description}.", *pages.notes]


# --- audit_fields -----------------------------------------------------------------


def run_fields(ctx: AuditRun) -> Report:
    from bot.core.fix import plan_fix

    if ctx.args["fix"] and ctx.source != "wiki":
        raise UsageError("-fix edits pages on the wiki; it needs -source:wiki")
    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    texts = {s.title: s.text for s in pages.snapshots}
    plans = {
        r.page: plan
        for r in records
        if is_partnership(r)
        if (plan := plan_fix(texts[r.page], ctx.schema, ctx.countries)).changed
    }
    extra = []
    if ctx.args["fix"]:
        extra.append(_fix_section(ctx, sorted(plans)))
    return fields.fields_report(records, ctx.schema, plans=plans, notes=_notes(pages), extra=extra)


def _fix_section(ctx: AuditRun, titles: list[str]) -> Section[FixOutcome]:
    from bot.jobs.audits.fixing import apply_fixes

    ctx.say(f"fix: normalising {len(titles)} pages")
    publisher = ctx.job.publisher(out=ctx.err, confirm=ctx.confirm())
    outcomes = apply_fixes(titles, publisher, ctx.schema, ctx.countries)
    return Section(
        "fix",
        "What -fix did",
        [
            page_field("page", "Page", lambda o: o.page),
            Field("outcome", "Outcome", lambda o: o.status),
            Field("changes", "Changes", lambda o: o.changes, sort_type="number"),
            Field("reason", "Why", lambda o: o.reason),
        ],
        outcomes,
        empty="No page needed normalising.",
    )


# --- audit_stale ------------------------------------------------------------------


def _months(ctx: AuditRun, name: str, default: int) -> int:
    value = ctx.args[name]
    if value is None:
        return default
    if not str(value).isdigit() or not 1 <= int(value) <= 600:
        raise UsageError(f"-{name}:{value} must be a number of months from 1 to 600")
    return int(value)


def run_stale(ctx: AuditRun) -> Report:
    from dataclasses import replace

    today = ctx.today
    if ctx.args["today"]:
        try:
            today = date.fromisoformat(str(ctx.args["today"]))
        except ValueError:
            raise UsageError(f"-today:{ctx.args['today']} is not a date such as 2026-01-31") from None
    audit = ctx.settings.audits
    audit = replace(
        audit,
        review_months=_months(ctx, "review", audit.review_months),
        pending_months=_months(ctx, "pending", audit.pending_months),
    )
    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    notes = _notes(pages)
    if not pages.has_edit_times:
        reviewed = ctx.schema.role_name(Role.REVIEWED) or "review date"
        notes.append(
            f"A folder of files has no edit times: only {reviewed} is used, so pages without it "
            f"are listed as never reviewed, and pending partnerships are judged by {reviewed}."
        )
    edited = {s.title: s.timestamp for s in pages.snapshots}
    found, unjudged = stale.find_stale(
        records,
        ctx.schema,
        edited=edited,
        today=today,
        settings=audit,
        active_statuses=ctx.settings.overview.active_statuses,
    )
    return stale.stale_report(
        found,
        ctx.schema,
        records=sum(1 for r in records if is_partnership(r)),
        unjudged=unjudged,
        today=today,
        settings=audit,
        with_contacts=bool(ctx.args["contacts"]),
        notes=notes,
    )


# --- audit_duplicates ---------------------------------------------------------------


def run_duplicates(ctx: AuditRun) -> Report:
    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    audit = ctx.settings.audits
    threshold = audit.name_similarity
    if ctx.args["threshold"]:
        try:
            threshold = float(str(ctx.args["threshold"]))
        except ValueError:
            threshold = -1.0
        if not 0.5 <= threshold <= 1:
            raise UsageError(f"-threshold:{ctx.args['threshold']} must be a number from 0.5 to 1, such as 0.85")
    result = duplicates.find_duplicates(
        records,
        ctx.schema,
        suffixes=audit.legal_suffixes,
        threshold=threshold,
        shared_domains=audit.shared_domains,
        progress=ctx.progress("comparing names"),
    )
    return duplicates.duplicates_report(result, threshold=threshold, notes=_notes(pages))


# --- audit_orphans ------------------------------------------------------------------


def run_orphans(ctx: AuditRun) -> Report:
    facts, notes = orphan_facts(ctx)
    found = orphans.find_orphans(facts, ctx.settings.registry)
    return orphans.orphans_report(found, facts, notes=notes)


# --- audit_members ------------------------------------------------------------------


def run_members(ctx: AuditRun) -> Report:
    titles = ctx.settings.audits.member_pages
    if ctx.args["pages"]:
        titles = tuple(t.strip() for t in str(ctx.args["pages"]).split("|") if t.strip())
    snapshots, notes = member_pages(ctx, titles)
    listed, groups, empty = members.members_of(snapshots, ctx.schema, ctx.countries, ctx.settings.audits.roles)
    notes += [
        f"{title}: no member table (a wikitable with a Name column and a Role, Organization or Geography column)"
        for title in empty
        if title in titles
    ]
    return members_report.members_report(listed, groups, ctx.schema, ctx.settings.audits.roles, notes=notes)


# --- export ---------------------------------------------------------------------------


def run_export(ctx: AuditRun) -> Report:
    """The registry itself, in the shapes of ``python -m bot extract`` (and the index table for wiki)."""
    from bot.core.render.index import render_index
    from bot.core.render.records_output import to_csv, to_json, to_table

    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    partnerships = sum(1 for r in records if is_partnership(r))
    problems = sum(len(r.problems) for r in records)
    summary = (
        f"export: {plural(len(records), 'page')} exported ({partnerships} partnerships, {plural(problems, 'problem')})"
    )
    fmt = str(ctx.args["format"])
    rendered = {
        "json": lambda: to_json(records),
        "csv": lambda: to_csv(records, ctx.schema),
        "table": lambda: to_table(records, ctx.schema),
        "wiki": lambda: render_index(records, ctx.schema, ctx.settings),
    }
    wanted = {fmt, "wiki"} if ctx.args["post"] else {fmt}
    return Report(
        "export",
        "Registry export",
        [],
        len(records),
        summary,
        tuple(_notes(pages)),
        rendered={f: rendered[f]() for f in wanted},
    )
