"""``audit_fields -fix``: save the normalised pages through the one write path.

``-fix`` edits the partnership pages themselves, so each edit is a
whole-page :class:`bot.publish.PageUpdate` (``region=None``) whose text is
:func:`bot.core.fix.plan_fix` of the page as just read. Everything the publisher
guarantees holds: nothing is written unless the run page says yes;
``{{bots}}``/``{{nobots}}`` pages are skipped; protected and deleted pages
are reported; ``-simulate`` shows the diff and saves nothing; without
``-always`` every diff is shown and confirmed; and a page whose text is
already normal is not edited. One edit per page, with every change in it.

Why the publisher is wrapped (:class:`PinnedPages`) instead of used as is:
on an edit conflict the publisher re-reads the page and saves the *same*
body again. For a region that is right (the bot owns it); for a whole page
it would overwrite what the other editor just saved with a text derived
from the older revision. So:

* the publisher is served the very revision the fix was derived from (no
  second read), and MediaWiki detects a conflict against that revision;
* a conflict ends the publisher's attempt (it is turned into a failure, so
  the stale text is never sent twice);
* this module then re-reads the page and derives the fix again from the
  new text: the fix is re-applied on top of the other editor's change, as
  the publisher re-applies a region. A second conflict skips the page and
  says so, as the publisher does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from bot.core.fix import plan_fix
from bot.publish import PageUpdate, Publisher
from bot.core.schema import Schema
from bot.wiki import PageCopy, SaveResult

CONFLICT_TWICE = "edit conflict twice; someone is editing the page, run -fix again later"


class PinnedPages:
    """The wiki as the publisher sees it during ``-fix`` (see the module docstring)."""

    def __init__(self, wiki) -> None:
        self.wiki = wiki
        self.pinned: PageCopy | None = None
        self.conflicted = False

    def pin(self, copy: PageCopy) -> None:
        self.pinned, self.conflicted = copy, False

    def read_page(self, title: str) -> PageCopy:
        if self.pinned is not None and title == self.pinned.title:
            return self.pinned
        return self.wiki.read_page(title)

    def was_deleted(self, title: str) -> bool:
        return self.wiki.was_deleted(title)

    def save(self, copy: PageCopy, text: str, *, summary: str, content_model: str | None = None) -> SaveResult:
        result = self.wiki.save(copy, text, summary=summary, content_model=content_model)
        if result.status == "conflict":
            self.conflicted = True
            return SaveResult("failed", "edit conflict" + (f": {result.message}" if result.message else ""))
        return result


@dataclass(frozen=True, slots=True)
class FixOutcome:
    page: str
    status: str  # saved | simulated | unchanged | skipped
    reason: str = ""
    changes: int = 0


def apply_fixes(titles: Sequence[str], schema: Schema, *, wiki, run_page: str, simulate: bool, out,
                confirm=None) -> list[FixOutcome]:
    """Normalise each page in one edit; the outcome of every page, in order."""
    pinned = PinnedPages(wiki)
    publisher = Publisher(pinned, run_page=run_page, simulate=simulate, out=out, confirm=confirm)
    if not simulate and not publisher.allowed():
        return [FixOutcome(t, "skipped", publisher.stop_reason()) for t in titles]
    return [_fix_one(title, schema, pinned, publisher) for title in titles]


def _fix_one(title: str, schema: Schema, pinned: PinnedPages, publisher: Publisher) -> FixOutcome:
    for attempt in (1, 2):
        copy = pinned.wiki.read_page(title)
        if not copy.exists:
            return FixOutcome(title, "skipped", "the page no longer exists")
        plan = plan_fix(copy.text, schema)
        if not plan.changed:
            return FixOutcome(title, "unchanged", "nothing to normalise")
        pinned.pin(copy)
        outcome = publisher.publish(PageUpdate(copy.title, plan.text, plan.summary(schema.template), region=None))
        if not pinned.conflicted:
            return FixOutcome(copy.title, outcome.status, outcome.reason, len(plan.changes))
    return FixOutcome(title, "skipped", CONFLICT_TWICE, len(plan.changes))
