"""``-post:PAGE``: an audit report published on the wiki, through the one write path.

The report's wiki format goes between the markers ``audit-<name>`` on the
page, like every region the bot writes: the run page, ``{{nobots}}``,
conflicts, ``-simulate`` diffs and the summary's link to the bot's
documentation all apply. The exit status says whether it was written: 0
when saved, unchanged or not confirmed at the terminal, 3 when the run
page stopped it, 1 when the page was refused (missing markers, protection).
"""

from __future__ import annotations

from bot.core.audits.report import Report, to_wiki
from bot.errors import EXIT_FAILED, EXIT_OK, EXIT_STOPPED
from bot.jobs.audits.context import AuditRun
from bot.publish import PageUpdate


def post(run: AuditRun, report: Report, title: str) -> int:
    """Publish the report's wiki format between its markers on ``title``; the exit status (see above)."""
    publisher = run.job.publisher(out=run.err, confirm=run.confirm())
    if not run.simulate and not publisher.allowed():
        run.say(f"post: {title}: skipped ({publisher.stop_reason()})")
        return EXIT_STOPPED
    summary = f"{report.title}: {report.findings} findings"
    outcome = publisher.publish(PageUpdate(title, to_wiki(report), summary, region=report.region))
    run.say(f"post: {outcome.line()}")
    refused = outcome.status == "skipped" and outcome.reason != "not confirmed"
    return EXIT_FAILED if refused else EXIT_OK
