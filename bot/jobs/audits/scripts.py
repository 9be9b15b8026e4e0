"""The six audit scripts: what each reads, which pure audit it runs, and its help.

Each ``run`` function wires a source (:mod:`bot.jobs.audits.inputs`) to an audit
(pure) and returns the report; :mod:`bot.jobs.audits.runner` prints or posts it.
``scripts/<name>.py`` only calls ``SCRIPTS[name].main()``.
"""

from __future__ import annotations

from datetime import date

from bot.core.audits import duplicates, fields, members, orphans, stale
from bot.jobs.audits.inputs import member_pages, orphan_facts, read_pages, records_of
from bot.core.audits.report import Field, Report, Section, page_field
from bot.jobs.audits.runner import Context, Script
from bot.cli.options import Option, UsageError
from bot.core.render.common import is_partnership, plural

WIKI = "PYWIKIBOT_DIR=.localwiki/pywikibot .venv/bin/python"
OFFLINE = ".venv/bin/python"


def _notes(pages) -> list[str]:
    return [f"Source: {pages.description}.", *pages.notes]


# --- audit_fields -----------------------------------------------------------------


def run_fields(ctx: Context) -> Report:
    from bot.core.fix import plan_fix

    if ctx.args["fix"] and ctx.source != "wiki":
        raise UsageError("-fix edits pages on the wiki; it needs -source:wiki")
    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    texts = {s.title: s.text for s in pages.snapshots}
    plans = {r.page: plan for r in records if is_partnership(r)
             if (plan := plan_fix(texts[r.page], ctx.schema)).changed}
    extra = []
    if ctx.args["fix"]:
        extra.append(_fix_section(ctx, sorted(plans)))
    return fields.fields_report(records, ctx.schema, plans=plans, notes=_notes(pages), extra=extra)


def _fix_section(ctx: Context, titles: list[str]) -> Section:
    from bot.jobs.audits.fixing import apply_fixes

    wiki = ctx.wiki()
    outcomes = apply_fixes(titles, ctx.schema, wiki=wiki, run_page=ctx.settings.publish.run_page_for(wiki.site.username()),
                           simulate=ctx.simulate, out=ctx.err, confirm=ctx.confirm())
    for outcome in outcomes:
        ctx.say(f"fix: {outcome.page}: {outcome.status}" + (f" ({outcome.reason})" if outcome.reason else ""))
    return Section("fix", "What -fix did", [
        page_field("page", "Page", lambda o: o.page),
        Field("status", "Outcome", lambda o: o.status),
        Field("changes", "Changes", lambda o: o.changes, sort_type="number"),
        Field("reason", "Why", lambda o: o.reason),
    ], outcomes, empty="No page needed normalising.")


FIELDS = Script(
    name="audit_fields",
    summary="Pages with missing fields, unknown values, unreadable dates or unknown parameters; -fix normalises values.",
    description=(
        "Reads the registry and lists every problem the bot finds, grouped by problem and by page, with counts, "
        "and the values that -fix can rewrite to their normal form: dates to ISO (5 May 2018 -> 2018-05-05), "
        "spellings to canonical ids (Ongoing -> active), country names to codes (Egypt -> EG), and unknown "
        "parameter names to the field they certainly stand for (stat = active -> status). -fix changes only "
        "those values in the {{Partnership}} template, keeping its layout byte for byte: one edit per page, "
        "each diff shown and confirmed unless -always; with -simulate nothing is saved."),
    options=(Option("fix", "rewrite the values on the wiki pages (with -source:wiki)"),),
    examples=(
        f"{OFFLINE} scripts/audit_fields.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_fields.py -source:dir:examples -format:csv > fields.csv",
        f"{WIKI} scripts/audit_fields.py",
        f"{WIKI} scripts/audit_fields.py -fix -simulate",
        f"{WIKI} scripts/audit_fields.py -fix -page:Partnerships/UNESCO",
        f"{WIKI} scripts/audit_fields.py -post:Partnerships/Registry/Audits",
    ),
    run=run_fields,
)


# --- audit_stale ------------------------------------------------------------------


def _months(ctx: Context, name: str, default: int) -> int:
    value = ctx.args[name]
    if value is None:
        return default
    if not str(value).isdigit() or not 1 <= int(value) <= 600:
        raise UsageError(f"-{name}:{value} must be a number of months from 1 to 600")
    return int(value)


def run_stale(ctx: Context) -> Report:
    from dataclasses import replace

    today = ctx.today
    if ctx.args["today"]:
        try:
            today = date.fromisoformat(str(ctx.args["today"]))
        except ValueError:
            raise UsageError(f"-today:{ctx.args['today']} is not a date such as 2026-01-31") from None
    audit = ctx.settings.audits
    audit = replace(audit, review_months=_months(ctx, "review", audit.review_months),
                    pending_months=_months(ctx, "pending", audit.pending_months))
    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    notes = _notes(pages)
    if not pages.has_edit_times:
        notes.append("A folder of files has no edit times: only last_reviewed is used, so pages without it "
                     "are listed as never reviewed, and pending partnerships are judged by last_reviewed.")
    edited = {s.title: s.timestamp for s in pages.snapshots}
    found, unjudged = stale.find_stale(records, edited=edited, today=today, settings=audit,
                                       active_statuses=ctx.settings.overview.active_statuses)
    return stale.stale_report(found, records=sum(1 for r in records if is_partnership(r)), unjudged=unjudged,
                              today=today, settings=audit, with_contacts=bool(ctx.args["contacts"]), notes=notes)


STALE = Script(
    name="audit_stale",
    summary="Active partnerships past their end date, pending ones unchanged for long, entries not reviewed.",
    description=(
        "Three lists: partnerships whose status is active but whose end date has passed; potential or proposed "
        "ones whose page has not changed for more than [audits] pending_months; and entries whose last_reviewed "
        "date (else the page's last edit) is older than [audits] review_months (12). From the wiki or a dump the "
        "page's last edit is known; a folder of files has none, so only last_reviewed is used (the report says so). "
        "-contacts adds who to ask about what."),
    options=(
        Option("contacts", "add a list of the contacts of the stale pages, for follow-up"),
        Option("review", "months without review before an entry is listed", value="MONTHS"),
        Option("pending", "months without change before a pending partnership is listed", value="MONTHS"),
        Option("today", "check as of this date instead of today", value="YYYY-MM-DD"),
    ),
    examples=(
        f"{OFFLINE} scripts/audit_stale.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_stale.py -source:dir:examples -contacts -review:24",
        f"{WIKI} scripts/audit_stale.py -contacts",
        f"{WIKI} scripts/audit_stale.py -format:csv > stale.csv",
    ),
    run=run_stale,
)


# --- audit_duplicates ---------------------------------------------------------------


def run_duplicates(ctx: Context) -> Report:
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
    result = duplicates.find_duplicates(records, suffixes=audit.legal_suffixes, threshold=threshold,
                                        shared_domains=audit.shared_domains, progress=ctx.progress("comparing names"))
    return duplicates.duplicates_report(result, threshold=threshold, notes=_notes(pages))


DUPLICATES = Script(
    name="audit_duplicates",
    summary="The same partner registered more than once: equal Wikidata ids, website domains, near-equal names.",
    description=(
        "Pairs of pages that probably describe the same partner: the same Wikidata item, the same website domain "
        "(www. and subdomains ignored; shared hosts such as wikimedia.org skipped), or partner names that are "
        "near-equal once case, accents, punctuation and legal forms (Inc., e.V., Foundation, gGmbH, Stiftung, "
        "Fundación ...) are ignored, with a similarity score. Fast on large registries: names are compared "
        "through a word index and sorted neighbours, not every pair."),
    options=(Option("threshold", "lowest name score reported (default [audits] name_similarity)", value="SCORE"),),
    examples=(
        f"{OFFLINE} scripts/audit_duplicates.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_duplicates.py -source:dump:meta-pages.xml.bz2 -threshold:0.85",
        f"{WIKI} scripts/audit_duplicates.py -format:json",
    ),
    run=run_duplicates,
)


# --- audit_orphans ------------------------------------------------------------------


def run_orphans(ctx: Context) -> Report:
    facts, notes = orphan_facts(ctx)
    found = orphans.find_orphans(facts, ctx.settings.registry)
    return orphans.orphans_report(found, facts, notes=notes)


ORPHANS = Script(
    name="audit_orphans",
    summary="Pages that fell out of the registry: no template, outside the category or scope, gone, orphaned translations.",
    description=(
        "Pages in the registry's category ([audits] category) without the template; pages with the template that "
        "are not in the category, or outside the namespaces and prefix the registry reads ([registry]); rows of "
        "the published registry (its data page, else its index page) whose page no longer exists or was moved; "
        "translation subpages whose base page is gone. From a folder or dump only what the pages' own text says "
        "is seen."),
    options=(),
    examples=(
        f"{WIKI} scripts/audit_orphans.py",
        f"{OFFLINE} scripts/audit_orphans.py -source:dir:examples",
        f"{WIKI} scripts/audit_orphans.py -post:Partnerships/Registry/Audits -simulate",
    ),
    run=run_orphans,
    generators=False,
)


# --- audit_members ------------------------------------------------------------------


def run_members(ctx: Context) -> Report:
    titles = ctx.settings.audits.member_pages
    if ctx.args["pages"]:
        titles = tuple(t.strip() for t in str(ctx.args["pages"]).split("|") if t.strip())
    snapshots, notes = member_pages(ctx, titles)
    listed, groups, empty = members.members_of(snapshots, ctx.schema, ctx.settings.audits.roles)
    notes += [f"{title}: no member table (a wikitable with a Name column and a Role, Organization or "
              f"Geography column)" for title in empty if title in titles]
    return members.members_report(listed, groups, ctx.schema, ctx.settings.audits.roles, notes=notes)


MEMBERS = Script(
    name="audit_members",
    summary="Balance of the working groups by region, role and organisation; empty regions; people listed twice.",
    description=(
        "Reads the member tables (Name | Organization / project | Role | Geography) of the working-group pages "
        "listed in [audits] member_pages (or -pages:), maps each geography to Wikimedia regions (West Africa -> "
        "Sub-Saharan Africa, Northern America -> North America, a country -> its region) and each role to "
        "[audits.roles], and reports the balance by region, role and organisation, the regions with no member, "
        "and members listed twice or in two groups."),
    options=(Option("pages", "working-group pages to read instead of [audits] member_pages", value="TITLE|TITLE"),),
    examples=(
        f"{OFFLINE} scripts/audit_members.py -source:dir:examples/working-groups",
        f"{WIKI} scripts/audit_members.py",
        f"{WIKI} scripts/audit_members.py -pages:'Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships'",
    ),
    run=run_members,
    generators=False,
)


# --- export ---------------------------------------------------------------------------


def run_export(ctx: Context) -> Report:
    """The registry itself, in the shapes of ``python -m bot extract`` (and the index table for wiki)."""
    from bot.core.render.index import render_index
    from bot.core.render.records_output import to_csv, to_json, to_table

    pages = read_pages(ctx)
    records = records_of(ctx, pages)
    partnerships = sum(1 for r in records if is_partnership(r))
    problems = sum(len(r.problems) for r in records)
    summary = f"export: {plural(len(records), 'page')} exported ({partnerships} partnerships, {plural(problems, 'problem')})"
    fmt = str(ctx.args["format"])
    rendered = {
        "json": lambda: to_json(records),
        "csv": lambda: to_csv(records, ctx.schema),
        "table": lambda: to_table(records, ctx.schema),
        "wiki": lambda: render_index(records, ctx.schema, ctx.settings),
    }
    wanted = {fmt, "wiki"} if ctx.args["post"] else {fmt}
    return Report("export", "Registry export", [], len(records), summary, tuple(_notes(pages)),
                  rendered={f: rendered[f]() for f in wanted})


EXPORT = Script(
    name="export",
    summary="The registry as CSV or JSON (the extract JSON shape), from the wiki or an offline source.",
    description=(
        "Every page of the registry with its normalised record and problems: json is the shape of 'python -m bot "
        "extract' (page, revision, record, problems), csv has one row per page, table is for a terminal and wiki "
        "is the registry's index table."),
    options=(),
    examples=(
        f"{OFFLINE} scripts/export.py -source:dir:examples -format:json > registry.json",
        f"{OFFLINE} scripts/export.py -source:dump:meta-pages.xml.bz2 -format:csv > registry.csv",
        f"{WIKI} scripts/export.py -format:csv > registry.csv",
    ),
    run=run_export,
)

SCRIPTS = {s.name: s for s in (FIELDS, STALE, DUPLICATES, ORPHANS, MEMBERS, EXPORT)}
