"""The one write path: every page the project ever saves goes through :class:`Publisher`.

The rules, each learnt from a bot that broke a wiki:

* **Run page.** Nothing is written unless the run page (``User:<bot>/Run``)
  says ``yes``; anyone can stop the bot by editing it.
* **Markers.** The bot writes only between its BEGIN/END markers
  (:mod:`bot.core.markers`); everything else stays byte for byte. Missing,
  unbalanced or duplicated markers: the page is skipped and reported.
* **No-op.** When the region already holds the new content (the stamp
  aside), nothing is saved; the stamp changes only when the content does.
* **Exclusion.** ``{{bots}}``/``{{nobots}}`` are honoured; a new section
  (a message) also honours ``{{bots|optout=...}}``.
* **New sections** (``new_section``): a message goes at the end of the page
  with a hidden marker; a page that holds the marker is unchanged, so a
  message is never posted twice, not even after a crash between the save
  and the bot's note of it. ``add_region`` appends a region whose markers
  the page lacks (on a page the bot created) instead of skipping the page.
* **Deleted pages** are not recreated: a page an administrator deleted stays
  deleted. A page that never existed is created with the markers and a
  one-line explanation.
* **Conflicts**, by the update's :class:`OnConflict` policy. ``REAPPLY``
  (the default): a human edit between the bot's read and its save is kept;
  the bot re-reads the page, re-applies its region (or derives the whole
  page again from the new text, see ``derive``) and saves; after a second
  conflict it skips the page and reports it. ``GIVE_UP``: the page is
  skipped at once (``expect_revision`` implies it: a decision taken on what
  was read, such as the on-wiki lease or deploy, must not overrule a newer
  revision).
* **Protected pages** are reported once, not retried.
* **Rights.** Creating a page with another content model (the JSON data
  page) needs ``editcontentmodel``, which Wikimedia wikis withhold from
  ordinary accounts: without it the run stops with :class:`MissingRight`.
* **-simulate** shows the diff of every page that would change and saves
  nothing.
* **Summaries** end with the suffix from ``[publish] docs_page`` (a link to
  the bot's documentation): every edit names its task and leads a reader
  to the bot's documentation.
* **Signals.** Each save runs inside the configured ``save_guard``, which
  the scheduler uses to finish a save in flight before stopping.

Every caller gets its publisher from :func:`publisher_for`, so every edit
follows the same rules; nothing wraps the wiki to bend them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, TextIO

from bot.config.settings import PublishSettings
from bot.core.exclusion import messages_allowed
from bot.core.markers import (
    MarkerProblem,
    NewSection,
    append_region,
    explanation_line,
    new_page,
    splice,
    stamped,
    unchanged,
)
from bot.errors import EXIT_FAILED, EXIT_OK, EXIT_STOPPED, MissingRight
from bot.wiki.types import PageCopy, SaveResult

DEFAULT_EXPLANATION = explanation_line()
MAX_DIFF_LINES = 400

Confirm = Callable[[str, str], bool]
"""Asked before each save with the title and the diff; False skips the page ("not confirmed")."""


class WikiPages(Protocol):
    """What the publisher needs from :class:`bot.wiki.Wiki`."""

    def read_page(self, title: str) -> PageCopy: ...
    def read_pages(self, titles: Sequence[str]) -> dict[str, PageCopy]: ...
    def was_deleted(self, title: str) -> bool: ...
    def has_right(self, right: str) -> bool: ...
    def account(self) -> str: ...
    def save(self, copy: PageCopy, text: str, *, summary: str, content_model: str | None = None) -> SaveResult: ...


class OnConflict(StrEnum):
    """What a save that meets a newer revision does (see the module docstring)."""

    REAPPLY = "reapply"
    GIVE_UP = "give-up"


@dataclass(frozen=True, slots=True)
class Derived:
    """A whole page computed from its current text, and the summary that says what changed."""

    text: str
    summary: str


@dataclass(frozen=True)
class PageUpdate:
    """One page the bot wants to bring up to date.

    ``region`` names the marker pair to write between; None means the bot
    owns the whole page (the JSON data page, its templates), or, with
    ``derive``, that the page's own text is rewritten: ``derive`` is called
    with the text as read just before the save (and again after a conflict)
    and returns the new text with its summary, or None when there is
    nothing to change. ``expect_revision`` saves only over that very
    revision (0: the page must not exist). ``new_section`` appends ``body``
    as a new section instead (see :class:`NewSection`); ``add_region``
    appends the region when the page lacks its markers.
    """

    title: str
    body: str = ""
    summary: str = ""
    region: str | None = None
    content_model: str = "wikitext"
    explanation: str = DEFAULT_EXPLANATION
    on_conflict: OnConflict = OnConflict.REAPPLY
    expect_revision: int | None = None
    derive: Callable[[str], Derived | None] | None = None
    new_section: NewSection | None = None
    add_region: bool = False
    language: str = "en"
    """The page's language: its stamp line and, on a page the bot creates, the explanation are in it."""

    @property
    def policy(self) -> OnConflict:
        return OnConflict.GIVE_UP if self.expect_revision is not None else self.on_conflict


@dataclass(frozen=True)
class Outcome:
    """What happened to one page: saved, created, unchanged, simulated or skipped (why).

    ``revision`` is the page's revision after the outcome: the one the save
    made, or the one found unchanged (None when there is none).
    """

    title: str
    status: str
    reason: str = ""
    conflict: bool = False  # skipped because someone else wrote the page first
    revision: int | None = None
    excluded: bool = False  # skipped because the page asks bots to stay away ({{nobots}}, an opt-out)

    @property
    def edited(self) -> bool:
        return self.status in ("saved", "created")

    def line(self) -> str:
        return f"{self.title}: {self.status}" + (f" ({self.reason})" if self.reason else "")


@dataclass
class JobReport:
    """What one job run did with its pages; each job adds its own counts and ``line()``.

    ``ok`` is False when the job refused to publish (``refused`` says why),
    was stopped by the run page (``stopped``), or skipped a page;
    :attr:`exit_status` is what the command exits with (:mod:`bot.errors`).
    """

    outcomes: list[Outcome] = field(default_factory=list)
    refused: str | None = None
    stopped: str | None = None
    requests: int = 0
    seconds: float = 0.0

    @property
    def edits(self) -> int:
        return sum(1 for o in self.outcomes if o.edited)

    @property
    def ok(self) -> bool:
        return self.refused is None and self.stopped is None and not any(o.status == "skipped" for o in self.outcomes)

    @property
    def exit_status(self) -> int:
        if self.stopped is not None and self.refused is None:
            return EXIT_STOPPED
        return EXIT_OK if self.ok else EXIT_FAILED

    def line(self) -> str:
        return f"{len(self.outcomes)} pages, {self.edits} edits, {self.requests} requests, {self.seconds:.1f} s"


def run_page_allows(text: str | None) -> bool:
    """The run page allows edits when its text, trimmed, is ``yes`` (any case)."""
    return text is not None and text.strip().lower() == "yes"


def same_content(old: str, new: str, content_model: str) -> bool:
    """True when a whole-page update would change nothing.

    MediaWiki re-formats JSON pages when saving them (its pre-save transform
    pretty-prints), so JSON is compared by value, not by text.
    """
    if content_model == "json":
        try:
            return bool(json.loads(old) == json.loads(new))
        except ValueError:
            return False
    return old.strip() == new.strip()


def diff(old: str, new: str, title: str) -> str:
    lines = list(
        difflib.unified_diff(old.splitlines(), new.splitlines(), f"{title} (now)", f"{title} (bot)", lineterm="", n=2)
    )
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... {len(lines) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(lines) + "\n"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M")


_REASONS = {
    "conflict": "edit conflict twice; someone is editing the page, the next run will try again",
    "protected": "the page is protected; an administrator must unprotect it or give the bot the right",
    "deleted": "the page was deleted while the bot worked; it is not recreated",
}


def _why(result: SaveResult) -> str:
    text = _REASONS.get(result.status, "the wiki refused the edit")
    return f"{text}: {result.message}" if result.message else text


class Publisher:
    """Brings pages up to date under the rules above; returns an :class:`Outcome` per page."""

    def __init__(
        self,
        wiki: WikiPages,
        *,
        run_page: str,
        out: TextIO,
        simulate: bool = False,
        confirm: Confirm | None = None,
        clock: Callable[[], str] = utc_now,
        summary_suffix: str = "",
        save_guard: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self.wiki = wiki
        self.run_page = run_page
        self.simulate = simulate
        self.out = out
        self.confirm = confirm
        self.clock = clock
        self.summary_suffix = summary_suffix
        self.save_guard = save_guard
        self._allowed: bool | None = None
        self._read: dict[str, PageCopy] = {}

    # --- reading -------------------------------------------------------------------------------

    def prefetch(self, titles: Sequence[str]) -> dict[str, PageCopy]:
        """Read the run page and the pages this run will publish in one request; returns the pages read.

        Pages already read and not yet published are not read again (a job
        that looked at one of its pages before publishing costs no request more).
        """
        wanted = [t for t in dict.fromkeys([self.run_page, *titles]) if t not in self._read]
        if wanted:
            self._read.update(self.wiki.read_pages(wanted))
        return {title: self._read[title] for title in titles}

    def _current(self, title: str) -> PageCopy:
        """The page as prefetched (first attempt), else read now."""
        return self._read.pop(title, None) or self.wiki.read_page(title)

    def allowed(self) -> bool:
        """Check the run page once per run (simulated runs write nothing and need no permission)."""
        if self._allowed is None:
            copy = self._current(self.run_page)
            self._allowed = run_page_allows(copy.text if copy.exists else None)
        return self._allowed

    def stop_reason(self) -> str:
        return (
            f"the run page {self.run_page} does not say 'yes', so the bot writes nothing "
            "(edit it to 'yes' to start the bot)"
        )

    # --- publishing ----------------------------------------------------------------------------

    def publish_all(self, updates: Sequence[PageUpdate], report: JobReport) -> list[Outcome]:
        """Publish ``updates`` in order after one batched read, adding the outcomes to ``report``.

        When the run page does not say yes, nothing is published and the
        report is marked stopped (exit status 3).
        """
        if not updates:
            return []
        copies = self.prefetch([u.title for u in updates])
        if not self.simulate and not self.allowed():
            report.stopped = self.stop_reason()
            self.out.write(report.stopped + "\n")
            return []
        if not self.simulate:  # a missing right stops the run before its first save, not half-way
            for update in updates:
                self._check_rights(copies[update.title], update)
        outcomes = []
        for update in updates:
            outcome = self.publish(update)
            outcomes.append(outcome)
            self.out.write(f"  {outcome.line()}\n")
        report.outcomes.extend(outcomes)
        return outcomes

    def publish(self, update: PageUpdate) -> Outcome:
        if not self.simulate and not self.allowed():
            return Outcome(update.title, "skipped", self.stop_reason())
        for attempt in (1, 2):
            copy = self._current(update.title) if attempt == 1 else self.wiki.read_page(update.title)
            if update.expect_revision is not None and (copy.revision or 0) != update.expect_revision:
                return Outcome(
                    update.title,
                    "skipped",
                    "the page changed since the bot read it",
                    conflict=True,
                    revision=copy.revision,
                )
            composed = self._compose(copy, update)
            if isinstance(composed, Outcome):
                return composed
            text, summary = composed
            change = diff(copy.text, text, update.title)
            if self.simulate:
                self.out.write(change)
                return Outcome(update.title, "simulated", "would " + ("edit" if copy.exists else "create"))
            if self.confirm is not None and not self.confirm(update.title, change):
                return Outcome(update.title, "skipped", "not confirmed")
            self._check_rights(copy, update)
            with self.save_guard():
                result = self.wiki.save(
                    copy, text, summary=summary + self.summary_suffix, content_model=update.content_model
                )
            if result.status == "saved":
                return Outcome(update.title, "saved" if copy.exists else "created", revision=result.revision)
            if result.status == "conflict" and (update.policy == OnConflict.GIVE_UP or attempt == 2):
                reason = _why(result) if update.policy == OnConflict.GIVE_UP else _REASONS["conflict"]
                return Outcome(update.title, "skipped", reason, conflict=update.policy == OnConflict.GIVE_UP)
            if result.status != "conflict":
                return Outcome(update.title, "skipped", _why(result))
        raise AssertionError("unreachable: the second attempt always returns")

    def _check_rights(self, copy: PageCopy, update: PageUpdate) -> None:
        if update.content_model != copy.content_model and not self.wiki.has_right("editcontentmodel"):
            action = "creating" if not copy.exists else "changing"
            raise MissingRight(
                f"the account {self.wiki.account()} lacks the 'editcontentmodel' right, which {action} "
                f"{update.title} with the {update.content_model} content model needs (Wikimedia wikis give it to "
                f"administrators only): ask an administrator to create the page with that model "
                f"(Special:ChangeContentModel), or to give the account the right"
            )

    def _compose(self, copy: PageCopy, update: PageUpdate) -> tuple[str, str] | Outcome:
        """The new page text and summary, or the outcome that says why there is none."""
        title = update.title
        if not copy.exists:
            if self.wiki.was_deleted(title):
                return Outcome(title, "skipped", "an administrator deleted this page; the bot does not recreate it")
            if update.derive is not None:
                return Outcome(title, "skipped", "the page no longer exists")
            if update.new_section is not None:
                return update.new_section.text(update.body), update.summary
            if update.region is None:
                return update.body, update.summary
            explanation = update.explanation
            if explanation == DEFAULT_EXPLANATION:
                explanation = explanation_line(update.language)
            content = stamped(update.body, self.clock(), update.language)
            return new_page(update.region, content, explanation), update.summary
        if not copy.bots_allowed:
            return Outcome(title, "skipped", "the page excludes this bot with {{bots}}/{{nobots}}", excluded=True)
        if update.new_section is not None:
            return self._section(copy, update, update.new_section)
        if update.derive is not None:
            derived = update.derive(copy.text)
            if derived is None or same_content(copy.text, derived.text, update.content_model):
                return Outcome(title, "unchanged", revision=copy.revision)
            return derived.text, derived.summary
        if update.region is None:
            if same_content(copy.text, update.body, update.content_model):
                return Outcome(title, "unchanged", revision=copy.revision)
            return update.body, update.summary
        if unchanged(copy.text, update.region, update.body):
            return Outcome(title, "unchanged", revision=copy.revision)
        content = stamped(update.body, self.clock(), update.language)
        result = splice(copy.text, update.region, content)
        if isinstance(result, MarkerProblem) and result.code == "missing-markers" and update.add_region:
            return append_region(copy.text, update.region, content), update.summary
        if isinstance(result, MarkerProblem):
            return Outcome(title, "skipped", f"{result.message}; the page was not edited")
        return result, update.summary

    def _section(self, copy: PageCopy, update: PageUpdate, section: NewSection) -> tuple[str, str] | Outcome:
        """The page with the message appended, or why not (already there, opted out)."""
        if section.comment in copy.text:
            return Outcome(update.title, "unchanged", "the message is already on the page", revision=copy.revision)
        if not messages_allowed(copy.text, section.optout):
            reason = "the page opts out of these messages with {{bots|optout=...}}"
            return Outcome(update.title, "skipped", reason, excluded=True)
        return section.append_to(copy.text, update.body), update.summary


def publisher_for(
    wiki: WikiPages,
    publish: PublishSettings,
    *,
    simulate: bool,
    out: TextIO,
    confirm: Confirm | None = None,
    save_guard: Callable[[], AbstractContextManager[None]] = nullcontext,
) -> Publisher:
    """The publisher every caller uses: run page and summary suffix from ``[publish]`` in ``config/bot.toml``."""
    user = wiki.account()
    return Publisher(
        wiki,
        run_page=publish.run_page_for(user),
        simulate=simulate,
        out=out,
        confirm=confirm,
        summary_suffix=publish.summary_suffix(user),
        save_guard=save_guard,
    )
