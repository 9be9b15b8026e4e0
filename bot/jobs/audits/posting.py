"""``-post:PAGE``: an audit report published on the wiki, through the one write path.

The report's wiki format goes between the markers ``audit-<name>`` on the
page, like every region the bot writes: the run page, ``{{nobots}}``,
conflicts, ``-simulate`` diffs and the summary's link to the bot's
documentation all apply. Several audits can share one page, each between
its own markers:

* a page that does not exist is created with the report's markers;
* a page **the bot created** (its first revision is the bot's) that lacks
  this report's markers gets them appended at its end, so
  ``audit_stale -post:P`` after ``audit_fields -post:P`` adds a second region
  instead of being refused;
* on a page **someone else created**, the bot does not decide where a
  report goes: it says exactly which two lines to add, and where.

The exit status says whether it was written: 0 when saved, unchanged or not
confirmed at the terminal, 3 when the run page stopped it, 1 when the page
was refused (markers to add, protection).
"""

from __future__ import annotations

from bot.core.audits.report import Report, to_wiki
from bot.core.markers import MarkerProblem, begin_marker, end_marker, find_region
from bot.errors import EXIT_FAILED, EXIT_OK, EXIT_STOPPED
from bot.jobs.audits.context import AuditRun
from bot.publish import PageUpdate


def markers_to_add(title: str, region: str) -> str:
    """The message that says which markers to put on an existing page, and where."""
    return (
        f"{title} has no markers for this report, and the bot did not create that page, so it does not choose "
        f"where the report goes: add these two lines where it should appear, then run again:\n"
        f"  {begin_marker(region)}\n  {end_marker(region)}"
    )


def post(run: AuditRun, report: Report, title: str) -> int:
    """Publish the report's wiki format between its markers on ``title``; the exit status (see above)."""
    publisher = run.job.publisher(out=run.err, confirm=run.confirm())
    copy = publisher.prefetch([title])[title]
    if not run.simulate and not publisher.allowed():
        run.say(f"post: {title}: skipped ({publisher.stop_reason()})")
        return EXIT_STOPPED
    add = False
    found = find_region(copy.text, report.region) if copy.exists else None
    if isinstance(found, MarkerProblem) and found.code == "missing-markers":
        wiki = run.wiki()
        first = wiki.first_revision(title)
        add = first is not None and first.user == wiki.account()
        if not add:
            run.say(f"post: {markers_to_add(title, report.region)}")
            return EXIT_FAILED
    summary = f"{report.title}: {report.findings} findings"
    outcome = publisher.publish(PageUpdate(title, to_wiki(report), summary, region=report.region, add_region=add))
    run.say(f"post: {outcome.line()}" + (" (its region was added at the end of the page)" if add else ""))
    refused = outcome.status == "skipped" and outcome.reason != "not confirmed"
    return EXIT_FAILED if refused else EXIT_OK
