"""``audit_fields -fix``: save the normalised pages through the one write path.

``-fix`` edits the partnership pages themselves, so each edit is a
whole-page :class:`bot.publish.PageUpdate` whose text is *derived* from the
page: the publisher reads the page, calls :func:`bot.core.fix.plan_fix` on
the very text it saves over, and saves in one edit with every change in it.
Everything the publisher guarantees holds: nothing is written unless the
run page says yes; ``{{bots}}``/``{{nobots}}`` pages are skipped; protected
and deleted pages are reported; ``-simulate`` shows the diff and saves
nothing; without ``-always`` every diff is shown and confirmed; a page whose
text is already normal is not edited; the summary links to the bot's
documentation.

An edit conflict (someone saved the page between the read and the save)
is handled by the publisher's ``REAPPLY`` policy: it reads the page again
and derives the fix again from the new text, so the other editor's change
is kept and the fix applied on top; a second conflict skips the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.fix import plan_fix
from bot.core.normalise.country_table import CountryTable
from bot.core.schema import Schema
from bot.publish import Derived, JobReport, PageUpdate, Publisher


@dataclass(frozen=True, slots=True)
class FixOutcome:
    page: str
    status: str  # saved | simulated | unchanged | skipped
    reason: str = ""
    changes: int = 0


def fix_update(title: str, schema: Schema, countries: CountryTable, counts: dict[str, int]) -> PageUpdate:
    """The update that normalises page ``title``, derived from its text when it is saved.

    ``counts`` receives the number of changes of the text last derived.
    """

    def derive(text: str) -> Derived | None:
        plan = plan_fix(text, schema, countries)
        counts[title] = len(plan.changes)
        return Derived(plan.text, plan.summary(schema.template)) if plan.changed else None

    return PageUpdate(title, derive=derive)


def apply_fixes(
    titles: Sequence[str], publisher: Publisher, schema: Schema, countries: CountryTable
) -> list[FixOutcome]:
    """Normalise each page in one edit through ``publisher``; the outcome of every page, in order."""
    report = JobReport()
    counts: dict[str, int] = {}
    outcomes = publisher.publish_all([fix_update(t, schema, countries, counts) for t in titles], report)
    if report.stopped:
        return [FixOutcome(t, "skipped", report.stopped) for t in titles]
    return [
        FixOutcome(o.title, o.status, "nothing to normalise" if o.status == "unchanged" else o.reason, counts.get(t, 0))
        for t, o in zip(titles, outcomes)
    ]
