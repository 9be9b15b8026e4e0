"""The deploy job: bring the wiki pages the project owns up to date with the schema.

``python -m bot deploy`` writes ``Template:Partnership`` (with its
TemplateData), its redirects, ``/doc`` and ``/preload``, and the registry's
main page, built by :mod:`bot.core.onwiki` from ``config/schema.toml``,
``config/bot.toml`` and the sources in ``onwiki/``. It is run by hand after
reviewing the diff (``-simulate``), never scheduled. The rules:

* **No edit when a page matches.** Pages are compared as MediaWiki stores
  them (trailing white space aside); a second deploy makes no edit.
* **Someone else's edit stops the deploy of that page.** The bot records
  the revision it saved for each page in ``<state_dir>/deploy.json``. When
  anyone but the bot has edited the page since (or, without a record, since
  the bot's last edit of it, or ever), the page is not overwritten: the run
  shows the diff from the page to what deploy would write and names who
  edited it, so the change can be moved into ``onwiki/`` or the schema.
  ``-force`` overwrites, and the summary names whose edits it replaces. The
  bot's own edits (the ``update`` job's index on the main page) never count.
* **The index survives.** The main page is rebuilt around the region the
  ``update`` job wrote, carried over verbatim.
* **Every save goes through the one write path** (:class:`bot.publish.Publisher`:
  run page, ``{{nobots}}``, deleted pages, protection, ``-simulate`` diffs,
  the summary's link to the bot's documentation) as a whole-page update
  with ``expect_revision``: it is saved only over the very revision deploy
  examined (a page that did not exist must still not exist), and a conflict
  is final. An edit made while deploy works (by a human, or by the
  ``update`` job writing the index) is therefore never overwritten: the page
  is skipped and the next run looks again.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.core.onwiki import OnwikiPage, build_pages, load_sources, titles
from bot.core.onwiki.deploy_edit_summary import ParameterChanges, edit_summary, parameter_changes
from bot.core.onwiki.templatedata import read_templatedata, templatedata
from bot.jobs.context import JobContext
from bot.publish import JobReport, Outcome, PageUpdate, Publisher, diff, same_content
from bot.sources.state import load_state, save_state
from bot.wiki import PageCopy, PageRevision

STATE_FILE = "deploy.json"
SHOWN_EDITORS = 10


@dataclass(frozen=True)
class DeployOptions:
    """``-force``: overwrite pages that someone else edited since the bot's last deploy."""

    force: bool = False


@dataclass
class DeployReport(JobReport):
    """What one deploy did; ``line()`` is the summary the run ends with."""

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def line(self) -> str:
        counts = ", ".join(
            f"{self.count(s)} {s}" for s in ("created", "saved", "unchanged", "simulated", "skipped") if self.count(s)
        )
        return (
            f"deploy: {len(self.outcomes)} pages ({counts or 'none'}), {self.edits} edits, "
            f"{self.requests} requests, {self.seconds:.1f} s"
        )


def edits_by_others(
    history: Iterable[PageRevision], *, since: int | None, bot: str, limit: int = SHOWN_EDITORS + 1
) -> list[PageRevision]:
    """Revisions by anyone but ``bot`` after the bot's last deploy, newest first.

    ``history`` is newest first. With ``since`` (the revision deploy saved
    last time), every later revision counts except the bot's own. Without it
    (no state: a first deploy, or the state was lost), the history is read
    back to the bot's latest revision of the page; a page the bot never
    edited counts all its editors. At most ``limit`` are collected: enough
    to name them, without reading the whole history of an old page.
    """
    found = []
    for revision in history:
        if since is not None and revision.revid <= since:
            break
        if since is None and revision.user == bot:
            break
        if revision.user != bot:
            found.append(revision)
            if len(found) >= limit:
                break
    return found


def editors(revisions: Sequence[PageRevision]) -> list[str]:
    return list(dict.fromkeys(r.user for r in revisions))


class _Deployment:
    """One run over the pages: the recorded revisions, the publisher, and what was saved."""

    def __init__(self, ctx: JobContext, options: DeployOptions, recorded: Mapping[str, int]) -> None:
        self.ctx, self.options, self.out = ctx, options, ctx.out
        self.recorded = recorded
        self.bot = ctx.wiki.account()
        self.publisher: Publisher = ctx.publisher()
        self.baselines: dict[str, int] = {}

    def deploy(self, page: OnwikiPage, copy: PageCopy, changes: ParameterChanges | None) -> Outcome:
        title = page.title
        if copy.exists and same_content(copy.text, page.text, page.content_model):
            if copy.revision is not None:
                self.baselines[title] = copy.revision
            return Outcome(title, "unchanged", revision=copy.revision)
        if page.problem and not self.options.force:
            return Outcome(title, "skipped", page.problem)
        others: list[PageRevision] = []
        if copy.exists:
            others = edits_by_others(self.ctx.wiki.history(title), since=self.recorded.get(title), bot=self.bot)
        names = editors(others)
        if others and not self.options.force:
            self._show_block(page, copy, others)
            return Outcome(
                title,
                "skipped",
                f"edited by {', '.join(names)} since the bot's last deploy; "
                "not overwritten: see the diff above, -force overwrites",
            )
        if others:
            self.out.write(f"{title}: overwriting edits by {', '.join(names)} (-force)\n")
        summary = edit_summary(
            page,
            copy.text if copy.exists else None,
            version=self.ctx.config.schema.version,
            changes=changes,
            overwrites=names,
        )
        # Saved only over the revision examined above (0: the page must still not exist); a conflict is final.
        update = PageUpdate(
            title,
            page.text,
            summary,
            region=None,
            expect_revision=copy.revision or 0,
            content_model=page.content_model,
        )
        outcome = self.publisher.publish(update)
        if outcome.conflict:
            return Outcome(
                title,
                "skipped",
                "the page changed while deploy was working; nothing was saved (run deploy again to see the change)",
                conflict=True,
            )
        if outcome.edited and outcome.revision is not None:
            self.baselines[title] = outcome.revision
        return outcome

    def _show_block(self, page: OnwikiPage, copy: PageCopy, others: Sequence[PageRevision]) -> None:
        since = self.recorded.get(page.title)
        where = f"revision {since}" if since is not None else "the bot's last edit of it"
        lines = [f"{page.title}: edited by someone else since the bot's last deploy ({where}):"]
        for revision in others[:SHOWN_EDITORS]:
            comment = f': "{revision.comment}"' if revision.comment else ""
            lines.append(f"  {revision.user}, {revision.timestamp} (revision {revision.revid}){comment}")
        if len(others) > SHOWN_EDITORS:
            lines.append("  ... and more")
        lines.append(
            "  Not overwritten. The diff from the page to what deploy would write follows; keep the change "
            "by moving it into onwiki/ or config/schema.toml, or run deploy -force to overwrite it."
        )
        self.out.write("\n".join(lines) + "\n" + diff(copy.text, page.text, page.title))


def run_deploy(ctx: JobContext, options: DeployOptions, sources: Mapping[str, str] | None = None) -> DeployReport:
    """Deploy every page; the report's ``ok`` is False when a page was skipped or the run refused."""
    wiki, out, schema, settings = ctx.wiki, ctx.out, ctx.config.schema, ctx.config.settings
    started, requests_before = time.monotonic(), wiki.requests
    report = DeployReport()
    sources = sources if sources is not None else load_sources()
    names = titles(schema, settings)
    state_path = ctx.state_dir / STATE_FILE
    recorded = load_state(state_path, key=wiki.key).data.get("pages", {})
    run = _Deployment(ctx, options, recorded)
    copies = run.publisher.prefetch(names.all)  # the run page and every page, in one request
    if not ctx.simulate and not run.publisher.allowed():
        report.stopped = run.publisher.stop_reason()
    else:
        main = copies[names.main]
        pages = build_pages(
            schema,
            settings,
            sources,
            countries=ctx.config.countries,
            current_main=main.text if main.exists else None,
            current_translations={
                code: copies[title].text if copies[title].exists else None
                for code, title in zip(settings.pages.languages, names.mains, strict=True)
            },
        )
        template = copies[names.template]
        changes = parameter_changes(read_templatedata(template.text) if template.exists else None, templatedata(schema))
        for page in pages:
            outcome = run.deploy(page, copies[page.title], changes)
            report.outcomes.append(outcome)
            out.write(f"  {outcome.line()}\n")
        if not ctx.simulate and run.baselines:
            save_state(state_path, {"pages": {**recorded, **run.baselines}}, key=wiki.key)
    if report.stopped:
        out.write(f"stopped: {report.stopped}\n")
    report.requests = wiki.requests - requests_before
    report.seconds = time.monotonic() - started
    out.write(report.line() + "\n")
    return report


def write_pages(pages: Iterable[OnwikiPage], folder: Path) -> list[Path]:
    """Write pages as ``.wiki`` files named by their URL-encoded title (what ``local_wiki.py seed`` reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for page in pages:
        path = folder / (urllib.parse.quote(page.title, safe="") + ".wiki")
        path.write_text(page.text, encoding="utf-8")
        written.append(path)
    return written
