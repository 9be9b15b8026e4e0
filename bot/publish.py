"""The one write path: every page the project ever saves goes through :class:`Publisher`.

The rules, each learnt from a bot that broke a wiki:

* **Run page.** Nothing is written unless the run page (``User:<bot>/Run``)
  says ``yes``; anyone can stop the bot by editing it.
* **Markers.** The bot writes only between its BEGIN/END markers
  (:mod:`bot.core.markers`); everything else stays byte for byte. Missing,
  unbalanced or duplicated markers: the page is skipped and reported.
* **No-op.** When the region already holds the new content (the stamp
  aside), nothing is saved; the stamp changes only when the content does.
* **Exclusion.** ``{{bots}}``/``{{nobots}}`` are honoured.
* **Deleted pages** are not recreated: a page an administrator deleted stays
  deleted. A page that never existed is created with the markers and a
  one-line explanation.
* **Conflicts.** A human edit between the bot's read and its save is an edit
  conflict: the bot re-reads, re-applies its region on top of the human's
  text and saves; after a second conflict it skips the page and reports it.
* **Protected pages** are reported once, not retried.
* **-simulate** shows the diff of every page that would change and saves
  nothing.
* **Summaries** end with the ``summary_suffix`` (a link to the bot's
  documentation page, from ``[publish] docs_page``): every edit names its task
  and leads a reader to the bot's documentation.
* **Decisions on what was read.** A :class:`PageUpdate` with
  ``expect_revision`` is saved only over that very revision, and a conflict
  is final instead of being merged: the on-wiki lease decides from what it
  read, so writing over a newer revision would overrule another instance.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Protocol, Sequence, TextIO

from bot.core.markers import MarkerProblem, new_page, splice, stamped, unchanged
from bot.wiki import PageCopy, SaveResult

DEFAULT_EXPLANATION = ("<!-- This page is maintained by the partnerships bot. Edit freely outside the "
                       "bot's markers; changes between them are replaced on the next run. -->")
MAX_DIFF_LINES = 400


class WikiPages(Protocol):
    """What the publisher needs from :class:`bot.wiki.Wiki`."""

    def read_page(self, title: str) -> PageCopy: ...
    def read_pages(self, titles: Sequence[str]) -> dict[str, PageCopy]: ...
    def was_deleted(self, title: str) -> bool: ...
    def save(self, copy: PageCopy, text: str, *, summary: str, content_model: str | None = None) -> SaveResult: ...


@dataclass(frozen=True)
class PageUpdate:
    """One page the bot wants to bring up to date.

    ``region`` names the marker pair to write between; None means the bot
    owns the whole page (the JSON data page, where comments cannot exist).
    """

    title: str
    body: str
    summary: str
    region: str | None = None
    content_model: str = "wikitext"
    explanation: str = DEFAULT_EXPLANATION
    expect_revision: int | None = None  # save only over this revision (0: the page must not exist)


@dataclass(frozen=True)
class Outcome:
    """What happened to one page: saved, created, unchanged, simulated or skipped (why)."""

    title: str
    status: str
    reason: str = ""
    conflict: bool = False  # skipped because someone else wrote the page first (expect_revision)

    @property
    def edited(self) -> bool:
        return self.status in ("saved", "created")

    def line(self) -> str:
        return f"{self.title}: {self.status}" + (f" ({self.reason})" if self.reason else "")


@dataclass
class JobReport:
    """What one job run did with its pages; each job adds its own counts and ``line()``.

    ``ok`` is False when the job refused to publish (``refused`` says why) or
    skipped a page; scheduled runs exit non-zero then, so the operator hears of it.
    """

    outcomes: list[Outcome] = field(default_factory=list)
    refused: str | None = None
    requests: int = 0
    seconds: float = 0.0

    @property
    def edits(self) -> int:
        return sum(1 for o in self.outcomes if o.edited)

    @property
    def ok(self) -> bool:
        return self.refused is None and not any(o.status == "skipped" for o in self.outcomes)


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
            return json.loads(old) == json.loads(new)
        except ValueError:
            return False
    return old.strip() == new.strip()


def diff(old: str, new: str, title: str) -> str:
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{title} (now)", f"{title} (bot)", lineterm="", n=2))
    if len(lines) > MAX_DIFF_LINES:
        lines = lines[:MAX_DIFF_LINES] + [f"... {len(lines) - MAX_DIFF_LINES} more diff lines"]
    return "\n".join(lines) + "\n"


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")


class Publisher:
    """Brings pages up to date under the rules above; returns an :class:`Outcome` per page."""

    def __init__(self, wiki: WikiPages, *, run_page: str, simulate: bool = False, out: TextIO,
                 confirm: Callable[[str, str], bool] | None = None, clock: Callable[[], str] = utc_now,
                 summary_suffix: str = "") -> None:
        self.wiki = wiki
        self.run_page = run_page
        self.simulate = simulate
        self.out = out
        self.confirm = confirm
        self.clock = clock
        self.summary_suffix = summary_suffix
        self._allowed: bool | None = None
        self._read: dict[str, PageCopy] = {}

    def prefetch(self, titles: Sequence[str]) -> None:
        """Read the run page and the pages this run will publish in one request."""
        self._read.update(self.wiki.read_pages([self.run_page, *titles]))

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
        return f"the run page {self.run_page} does not say 'yes', so the bot writes nothing (edit it to 'yes' to start the bot)"

    def publish(self, update: PageUpdate) -> Outcome:
        if not self.simulate and not self.allowed():
            return Outcome(update.title, "skipped", self.stop_reason())
        for attempt in (1, 2):
            copy = self._current(update.title) if attempt == 1 else self.wiki.read_page(update.title)
            if update.expect_revision is not None and (copy.revision or 0) != update.expect_revision:
                return Outcome(update.title, "skipped", "the page changed since the bot read it", conflict=True)
            composed = self._compose(copy, update)
            if isinstance(composed, Outcome):
                return composed
            change = diff(copy.text, composed, update.title)
            if self.simulate:
                self.out.write(change)
                return Outcome(update.title, "simulated", "would " + ("edit" if copy.exists else "create"))
            if self.confirm is not None and not self.confirm(update.title, change):
                return Outcome(update.title, "skipped", "not confirmed")
            result = self.wiki.save(copy, composed, summary=update.summary + self.summary_suffix,
                                    content_model=update.content_model)
            if result.status == "saved":
                return Outcome(update.title, "saved" if copy.exists else "created")
            if result.status == "conflict" and update.expect_revision is not None:
                return Outcome(update.title, "skipped", _why(result), conflict=True)
            if result.status == "conflict" and attempt == 1:
                continue
            return Outcome(update.title, "skipped", _why(result))
        return Outcome(update.title, "skipped", "edit conflict twice")  # pragma: no cover - loop always returns

    def _compose(self, copy: PageCopy, update: PageUpdate) -> str | Outcome:
        """The new page text, or the outcome that says why there is none."""
        title = update.title
        if not copy.exists:
            if self.wiki.was_deleted(title):
                return Outcome(title, "skipped", "an administrator deleted this page; the bot does not recreate it")
            if update.region is None:
                return update.body
            return new_page(update.region, stamped(update.body, self.clock()), update.explanation)
        if not copy.bots_allowed:
            return Outcome(title, "skipped", "the page excludes this bot with {{bots}}/{{nobots}}")
        if update.region is None:
            if same_content(copy.text, update.body, update.content_model):
                return Outcome(title, "unchanged")
            return update.body
        if unchanged(copy.text, update.region, update.body):
            return Outcome(title, "unchanged")
        result = splice(copy.text, update.region, stamped(update.body, self.clock()))
        if isinstance(result, MarkerProblem):
            return Outcome(title, "skipped", f"{result.message}; the page was not edited")
        return result


def publisher_for(wiki, publish, *, simulate: bool, out: TextIO,
                  confirm: Callable[[str, str], bool] | None = None) -> Publisher:
    """The publisher a job uses: run page and summary suffix from ``[publish]`` (:class:`bot.config.PublishSettings`)."""
    user = wiki.site.username()
    return Publisher(wiki, run_page=publish.run_page_for(user), simulate=simulate, out=out, confirm=confirm,
                     summary_suffix=publish.summary_suffix(user))


def _why(result: SaveResult) -> str:
    reasons = {
        "conflict": "edit conflict twice; someone is editing the page, the next run will try again",
        "protected": "the page is protected; an administrator must unprotect it or give the bot the right",
        "deleted": "the page was deleted while the bot worked; it is not recreated",
    }
    text = reasons.get(result.status, "the wiki refused the edit")
    return f"{text}: {result.message}" if result.message else text
