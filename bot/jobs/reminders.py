"""The ``reminders`` job: a short message on the talk page of each entry that needs a look.

Off unless ``[reminders] enabled = true``. One run: read the registry
(incrementally, like ``update``), find the pages due a reminder
(:func:`bot.core.reminders.due`), and post one message per page as a new
section on its talk page, through the one write path (run page,
``{{bots}}``/``{{nobots}}``, ``{{bots|optout=partnerships-reminders}}``,
``-simulate`` diffs, conflicts).

The rules that keep reminders from becoming spam:

* **At most one per page per period** (``period_days``): the state file
  (``<state_dir>/reminders.json``) remembers when each page was reminded,
  and the talk page's own hidden markers say so too, so a lost state does
  not mean a second message.
* **At most ``max_per_run`` per run**; the rest wait for the next run (the
  line says how many), pages decided before a crash first. ``-simulate``
  shows every message due, whatever the cap, unless ``-limit:`` is given.
* **Never twice, even after a crash.** Before each save the intent (the
  page and the day in its marker) is written to the state; after the save,
  the reminder is noted as sent. A run killed between the two finds the
  intent, and the publisher finds the marker already on the talk page: it
  is noted as sent, not posted again.
* **Both pages are asked.** A partnership page with ``{{nobots}}`` gets no
  reminder on its talk page either; a talk page that excludes the bot or
  opts out is skipped (not a failure of the run).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.core.exclusion import bots_allowed
from bot.core.extract import extract_many
from bot.core.markers import NewSection
from bot.core.messages import messages_for
from bot.core.reminders import OPTOUT, Due, due, first_seen, heading, marker, message, reminder_days, summary
from bot.core.render.common import page_order
from bot.jobs.context import JobContext
from bot.publish import JobReport, PageUpdate
from bot.sources.registry import read_registry
from bot.sources.state import load_state, save_state

SWITCHED_OFF = "switched off ([reminders] enabled = false in config/bot.toml)"


@dataclass(frozen=True)
class RemindersOptions:
    """``force``: run although switched off (``remind -simulate``); ``limit``: another cap for this run."""

    force: bool = False
    limit: int | None = None


@dataclass
class RemindersReport(JobReport):
    pages_read: int = 0
    due: int = 0
    already: int = 0
    excluded: int = 0
    waiting: int = 0
    switched_off: bool = False

    def line(self) -> str:
        if self.switched_off:
            return f"reminders: {SWITCHED_OFF}; nothing read or posted"
        return (
            f"reminders: {self.pages_read} pages read, {self.due} due, {self.edits} posted, "
            f"{self.already} already reminded, {self.excluded} excluded by their pages, {self.waiting} waiting "
            f"for the next run, {self.requests} requests, {self.seconds:.1f} s"
        )


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def run_reminders(ctx: JobContext, options: RemindersOptions = RemindersOptions()) -> RemindersReport:
    """One run of the reminders job; see the module docstring."""
    settings, schema = ctx.config.settings, ctx.config.schema
    config = settings.reminders
    report = RemindersReport()
    if not config.enabled and not options.force:
        report.switched_off = True
        ctx.out.write(report.line() + "\n")
        return report
    wiki, out = ctx.wiki, ctx.out
    started, requests_before = time.monotonic(), wiki.requests
    today = ctx.clock().date()
    read = read_registry(
        wiki,
        schema,
        settings.registry,
        state_path=ctx.state_dir / "registry.json",
        exclude=settings.own_pages,
    )
    report.pages_read = len(read.snapshots)
    if not read.complete:
        report.refused = "the read was incomplete (could not load: " + ", ".join(read.failures[:5]) + ")"
    else:
        _remind(ctx, read.snapshots, today, options, report)
    if report.refused:
        out.write(f"refused: {report.refused}; no reminder was posted\n")
    report.requests = wiki.requests - requests_before
    report.seconds = time.monotonic() - started
    out.write(report.line() + "\n")
    return report


def _remind(
    ctx: JobContext, snapshots: list[Any], today: date, options: RemindersOptions, report: RemindersReport
) -> None:
    settings, schema, wiki, out = ctx.config.settings, ctx.config.schema, ctx.wiki, ctx.out
    config = settings.reminders
    records = list(extract_many(snapshots, schema, ctx.config.countries))
    path = ctx.state_dir / "reminders.json"
    state = load_state(path, key=wiki.key).data
    sent: dict[str, str] = {k: str(v) for k, v in (state.get("sent") or {}).items()}
    pending: dict[str, str] = {k: str(v) for k, v in (state.get("pending") or {}).items()}
    seen = first_seen(records, state.get("errors") or {}, today)
    period = timedelta(days=config.period_days)

    def save() -> None:
        if not ctx.simulate:
            save_state(path, {"sent": sent, "pending": pending, "errors": seen}, key=wiki.key)

    def recent(day: date | None) -> bool:
        return day is not None and today - day < period

    found = due(
        records,
        schema,
        edited={s.title: s.timestamp for s in snapshots},
        errors_seen=seen,
        today=today,
        settings=config,
    )
    report.due = len(found)
    texts, user = {s.title: s.text for s in snapshots}, wiki.account()
    candidates: list[Due] = []
    for item in found:
        if item.page not in pending and recent(_day(sent.get(item.page))):
            report.already += 1
        elif not bots_allowed(texts.get(item.page, ""), user):
            report.excluded += 1
            out.write(f"  {item.page}: skipped (the partnership page excludes this bot with {{{{nobots}}}})\n")
        else:
            candidates.append(item)
    candidates.sort(key=lambda d: (d.page not in pending, page_order(d.page)))
    # -simulate shows every message (the cap decides only what one real run posts), unless -limit: is given.
    cap = options.limit or (max(len(candidates), 1) if ctx.simulate else config.max_per_run)
    todo, report.waiting = candidates[:cap], max(len(candidates) - cap, 0)
    if not todo:
        save()
        return
    publisher = ctx.publisher()
    talks = {item.page: wiki.talk_page(item.page) for item in todo}
    copies = publisher.prefetch(list(talks.values()))
    if not ctx.simulate and not publisher.allowed():
        report.stopped = publisher.stop_reason()
        out.write(report.stopped + "\n")
        save()
        return
    for item in todo:
        talk = talks[item.page]
        day = _day(pending.get(item.page)) or today
        earlier = [d for d in reminder_days(copies[talk].text) if recent(d) and d != day]
        if earlier:  # posted before, and the state forgot it
            sent[item.page] = max(earlier).isoformat()
            pending.pop(item.page, None)
            report.already += 1
            out.write(f"  {talk}: already reminded on {max(earlier).isoformat()}\n")
            continue
        say = messages_for(config.language)
        problems = settings.pages.in_language(settings.pages.problems, config.language)
        update = PageUpdate(
            talk,
            message(item, schema, problems_page=problems, ping=config.ping_contacts, messages=say),
            summary(item, say),
            new_section=NewSection(heading(item, say), marker(day), optout=(OPTOUT,)),
        )
        pending[item.page] = day.isoformat()
        save()  # the intent first: a crash after the save below cannot lead to a second message
        outcome = publisher.publish(update)
        out.write(f"  {outcome.line()}\n")
        if outcome.edited or outcome.status == "unchanged":
            sent[item.page] = day.isoformat()
        if outcome.status != "simulated":
            pending.pop(item.page, None)
        if outcome.status == "unchanged":
            report.already += 1
        elif outcome.excluded:
            report.excluded += 1
        else:
            report.outcomes.append(outcome)
        save()
