"""The main job: keep the registry's index, overview, problems, data and change log pages current.

One run: read the registry (incrementally unless ``-full``), extract the
records, render the five pages, and publish them through the one write path
(:class:`bot.publish.Publisher`). Three guards stand before any write:

* an **incomplete read** (any page in scope failed to load) publishes
  nothing, because the missing pages would vanish from the tables;
* the **brake**: when the new index would lose more than the configured
  share of the rows published last time, or the read returned no
  partnerships at all, nothing is published unless ``-force``;
* **nothing changed**: when the rendered pages are exactly what the last run
  published, no page is even read (``-full`` checks every page anyway, which
  also repairs a region someone edited by hand).

The fifth page is the **change log** (:mod:`bot.jobs.changes`): the events
between the last publication and this one, added to the log the last
publication kept. It is saved in the state only when every page was
published, so a run that failed half-way finds the same events again and
never logs one twice.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.config import Settings
from bot.core.extract import extract_many
from bot.core.history import Change, ChangeLog
from bot.core.history.log import counts_of
from bot.core.messages import Messages, messages_for
from bot.core.records import Record
from bot.core.render.changes import render_changes
from bot.core.render.common import is_partnership
from bot.core.render.data import data_pages, too_large, with_shards
from bot.core.render.index import render_index
from bot.core.render.language import in_language
from bot.core.render.lists import lists_pages
from bot.core.render.overview import render_overview
from bot.core.render.problems import render_problems
from bot.core.render.registry_edit_summary import diff_summary, summary_text
from bot.core.schema import Schema
from bot.jobs.changes import new_change_log, previous_publication, state_extras
from bot.jobs.context import JobContext
from bot.publish import JobReport, PageUpdate
from bot.sources.registry import read_registry
from bot.sources.state import load_state, save_state


@dataclass(frozen=True)
class UpdateOptions:
    """``-full`` (read every page again and check every published page) and ``-force`` (past the brake)."""

    full: bool = False
    force: bool = False


@dataclass
class UpdateReport(JobReport):
    """What one run did; ``line()`` is the summary every run ends with."""

    pages_read: int = 0
    fetched: int = 0
    records: int = 0
    problems: int = 0

    def line(self) -> str:
        return (
            f"update: {self.pages_read} pages read ({self.fetched} fetched), {self.records} partnerships, "
            f"{self.problems} problems, {self.edits} edits, {self.requests} requests, {self.seconds:.1f} s"
        )


def digest(updates: list[PageUpdate]) -> str:
    """A fingerprint of everything a run would publish."""
    hasher = hashlib.sha256()
    for update in updates:
        hasher.update(update.title.encode() + b"\0" + update.body.encode() + b"\0")
    return hasher.hexdigest()


def record_map(records: list[Record]) -> dict[str, dict[str, Any]]:
    """Published records by page, as kept in the state for the next run's edit summaries."""
    return {r.page: {"record": r.as_dict()["record"], "problems": [p.as_dict() for p in r.problems]} for r in records}


def changes_summary(changes: list[Change], messages: Messages | None = None) -> str:
    """``Registry change log: 3 new events (2 added, 1 field)`` (kinds as the log names them)."""
    say = messages or messages_for()
    if not changes:
        return say("partnerships-edit-change-log-none")
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(counts_of(changes).items()))
    return say("partnerships-edit-change-log", len(changes), kinds)


def plan_pages(
    records: list[Record],
    previous: dict[str, dict[str, Any]],
    schema: Schema,
    settings: Settings,
    *,
    outside: Sequence[str] = (),
    log: ChangeLog | None = None,
    events: list[Change] | None = None,
    today: date | None = None,
) -> list[PageUpdate]:
    """The registry's pages with their bodies and edit summaries (pure).

    The index, the overview, the problems page (with ``outside``, the
    template's users outside the registry), the data page and its shards,
    the change log (without ``log``, none), and the lists pages the
    overview's counts link to. The index, overview, problems and change log
    come in English and in each of ``[pages] languages`` (``<title>/<code>``,
    see :mod:`bot.core.render.language`); the data and lists pages are
    language-neutral data and module calls.
    """
    current = record_map([r for r in records if is_partnership(r)])
    changes = diff_summary(previous, current)
    total = len(current)
    counts = (changes.added, changes.updated, changes.removed, total)
    problems = sum(len(r.problems) for r in records)
    problem_pages = sum(1 for r in records if r.problems)
    pages = settings.pages
    updates = []
    for language in ("en", *pages.languages):
        say = messages_for(language)
        updates += [
            PageUpdate(
                pages.in_language(pages.index, language),
                in_language(render_index(records, schema, settings, messages=say), say),
                summary_text("partnerships-edit-registry-index", *counts, messages=say),
                region="index",
                language=language,
            ),
            PageUpdate(
                pages.in_language(pages.overview, language),
                in_language(render_overview(records, schema, settings, today=today, messages=say), say),
                summary_text("partnerships-edit-registry-overview", *counts, messages=say),
                region="overview",
                language=language,
            ),
            PageUpdate(
                pages.in_language(pages.problems, language),
                in_language(render_problems(records, schema, settings, outside=outside, messages=say), say),
                say("partnerships-edit-problems-outside", problems, problem_pages, len(outside))
                if outside
                else say("partnerships-edit-problems", problems, problem_pages),
                region="problems",
                language=language,
            ),
        ]
    for title, text in data_pages(records, schema, pages, log.as_json() if log is not None else None):
        updates.append(
            PageUpdate(title, text, summary_text("partnerships-edit-registry-data", *counts), content_model="json")
        )
    if log is not None:
        for language in ("en", *pages.languages):
            say = messages_for(language)
            updates.append(
                PageUpdate(
                    pages.in_language(pages.changes, language),
                    in_language(render_changes(log, schema, settings, messages=say), say),
                    changes_summary(events or [], say),
                    region="changes",
                    language=language,
                )
            )
    for page in lists_pages(records, schema, settings):
        updates.append(PageUpdate(page.title, page.body, messages_for()("partnerships-edit-lists"), region="lists"))
    return updates


def oversized(updates: Sequence[PageUpdate], settings: Settings) -> str | None:
    """Why the data pages cannot be saved (one is over MediaWiki's size limit), or None."""
    data = set(settings.pages.data_titles)
    big = too_large((u.title, u.body) for u in updates if u.title in data)
    if not big:
        return None
    title, size = big[0]
    return (
        f"{title} would be {size / 1048576:.1f} MB, over MediaWiki's limit of 2 MB; nothing was published "
        f"(raise [pages] data_shards in config/bot.toml, now {settings.pages.data_shards}, then run deploy and update)"
    )


def own_titles(settings: Settings) -> tuple[str, ...]:
    """The pages the update publishes, in publishing order (the lists pages aside: they follow the records)."""
    pages = settings.pages
    return (pages.index, pages.overview, pages.problems, *pages.translated, *pages.data_titles, pages.changes)


def published_data(copies: dict[str, Any], settings: Settings) -> str | None:
    """The data page as published, with its shards' records gathered into it (JSON text), or None."""
    copy = copies[settings.pages.data]

    def shard(title: str) -> str | None:
        found = copies.get(title)
        return found.text if found is not None and found.exists else None

    return with_shards(copy.text if copy.exists else None, shard)


def brake(new_count: int, previous: int | None, share: float) -> str | None:
    """Why publishing must stop, or None. ``previous`` is the row count published last time."""
    if new_count == 0:
        return "the read returned no partnerships; refusing to publish an empty registry (use -force if that is right)"
    if previous and new_count < previous * (1 - share):
        lost = previous - new_count
        return (
            f"{lost} of {previous} partnerships would disappear from the index (more than {share:.0%}); "
            f"nothing was published (check the wiki, then use -force if that is right)"
        )
    return None


def run_update(ctx: JobContext, options: UpdateOptions) -> UpdateReport:
    """One run of the update job; see the module docstring."""
    wiki, out = ctx.wiki, ctx.out
    schema, settings = ctx.config.schema, ctx.config.settings
    started, requests_before = time.monotonic(), wiki.requests
    report = UpdateReport()
    out.write("reading the registry...\n")
    read = read_registry(
        wiki,
        schema,
        settings.registry,
        state_path=ctx.state_dir / "registry.json",
        full=options.full,
        exclude=settings.own_pages,
    )
    if read.warning:
        out.write(f"warning: {read.warning}\n")
    records = list(extract_many(read.snapshots, schema, ctx.config.countries))
    report.pages_read, report.fetched = len(read.snapshots), read.fetched
    report.records = sum(1 for r in records if is_partnership(r))
    report.problems = sum(len(r.problems) for r in records)
    out.write(
        f"read {report.pages_read} pages ({read.fetched} fetched): {report.records} partnerships, "
        f"{report.problems} problems\n"
    )

    published_path = ctx.state_dir / "published.json"
    published = load_state(published_path, key=wiki.key).data
    if not read.complete:
        report.refused = (
            "the read was incomplete (could not load: " + ", ".join(read.failures[:5]) + "); nothing was published"
        )
    else:
        publisher = ctx.publisher()

        def data_page() -> str | None:
            """The data page as published, read with the other pages of the run (one request for them all)."""
            return published_data(publisher.prefetch(list(own_titles(settings))), settings)

        previous = previous_publication(published, schema, data_page=data_page)
        now = ctx.clock()
        log, events = new_change_log(
            wiki,
            previous,
            records,
            pageids=read.pageids,
            times={s.title: s.timestamp for s in read.snapshots},
            schema=schema,
            settings=settings,
            now=now,
        )
        updates = plan_pages(
            records,
            published.get("records", {}),
            schema,
            settings,
            outside=read.outside,
            log=log,
            events=events,
            today=now.date(),
        )
        fingerprint = digest(updates)
        if read.outside:
            out.write(
                f"{len(read.outside)} pages use the template outside the registry (listed on the problems page)\n"
            )
        if (too_big := oversized(updates, settings)) is not None:
            report.refused = too_big
        elif fingerprint == published.get("digest") and not options.full and not options.force:
            out.write("nothing changed since the last run: no page to check\n")
        else:
            stop = (
                None
                if options.force
                else brake(report.records, len(previous.entries) if previous.known else None, settings.publish.brake)
            )
            if stop:
                report.refused = stop
            else:
                publisher.publish_all(updates, report)
                if not ctx.simulate and report.ok:
                    save_state(
                        published_path,
                        {
                            "digest": fingerprint,
                            "records": record_map([r for r in records if is_partnership(r)]),
                            **state_extras(records, read.pageids, log),
                        },
                        key=wiki.key,
                    )
    if report.refused:
        out.write(f"refused: {report.refused}\n")
    report.requests = wiki.requests - requests_before
    report.seconds = time.monotonic() - started
    out.write(report.line() + "\n")
    return report
