"""The ``summarise`` job: post each consultation's summary back to the wiki.

One run: read every configured consultation page (``[[consultations]]`` in
``config/bot.toml``) in one batched request, parse and count each one
(:mod:`bot.core.discussion`), render the summary as wikitext
(:mod:`bot.core.render.consultation`) and publish it through the one write path
(:class:`bot.publish.Publisher`) between the consultation's markers on its
target page. The publisher brings the rules: the run page, markers (a
target page that exists without them is left alone and reported), no-op
detection (a second run with no new comment makes no edit), ``{{nobots}}``,
deleted pages, conflicts and ``-simulate`` diffs.

Decisions where the issue is silent:

* **The summary never counts itself.** When the bot's own region is on the
  consultation page (a summary at the top of a talk page), its content is
  blanked (line breaks kept, so line numbers stay right) before parsing.
* **A page that cannot be read** (it does not exist, the title is invalid)
  is reported and its summary is not touched; the run's status is then not
  ok. Other consultations are still published.
* **A moved page** (a redirect) is followed; the summary links to the page's
  new title.
* **No state file.** Every run reads the target pages: the publisher then
  repairs a region someone edited by hand, and "unchanged" costs one read
  per consultation.
* **Languages.** The summary is written in English to ``target`` and once
  per language of ``[pages] languages`` to ``target/<code>``
  (``…/Summary/de``), each between the consultation's markers through the
  same publisher (each its own no-op check). Every target, English or not,
  is the bot's own page: when a consultation page is also a summary's
  target (a summary at the top of a talk page, or a translation page
  ``Talk:X/de`` that holds the German summary), every summary region on it
  is blanked before reading, so no summary is ever counted as comments.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.config import ConsultationConfig, Pages
from bot.core.discussion import ConsultationSettings, Summary, Window, parse_discussion, summarise
from bot.core.discussion.merge import merge_discussions
from bot.core.discussion.settings import for_languages, with_wiki
from bot.core.markers import Region, find_region
from bot.core.messages import ENGLISH, Messages, messages_for
from bot.core.render.consultation import edit_summary, render_consultation
from bot.jobs.context import JobContext
from bot.publish import JobReport, PageUpdate

MAX_PROBLEMS_SHOWN = 50
"""Problems listed per page in the run's output (all of them are on the wiki)."""


@dataclass
class SummariseReport(JobReport):
    """What one run did; ``line()`` is the summary every run ends with."""

    consultations: int = 0
    read: int = 0
    comments: int = 0
    problems: int = 0
    unreadable: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return super().ok and not self.unreadable

    def line(self) -> str:
        return (
            f"summarise: {self.consultations} consultations ({self.read} read), {self.comments} comments, "
            f"{self.problems} problems, {self.edits} edits, {self.requests} requests, {self.seconds:.1f} s"
        )


# --------------------------------------------------------------------------- pure steps


def window_of(consultation: ConsultationConfig | None) -> Window | None:
    if consultation is None or (consultation.opens is None and consultation.closes is None):
        return None
    return Window(consultation.opens, consultation.closes)


def without_own_region(text: str, marker: str) -> str:
    """``text`` with the bot's region ``marker`` blanked (its line breaks kept).

    The summary lists names and times; on the consultation page itself it
    must not be read as part of the discussion. Broken markers are left as
    they are (the publisher refuses to write there anyway).
    """
    region = find_region(text, marker)
    if not isinstance(region, Region):
        return text
    content = region.content(text)
    return text[: region.start] + "\n" * content.count("\n") + text[region.end :]


def consultation_rules(rules: ConsultationSettings, consultation: ConsultationConfig | None) -> ConsultationSettings:
    """The reading rules with the consultation's own languages (``language =``) added."""
    return for_languages(rules, consultation.language) if consultation is not None else rules


def summarise_consultation(
    title: str, text: str, consultation: ConsultationConfig | None, rules: ConsultationSettings
) -> Summary:
    """Parse and count one consultation page, with its questions and window when configured."""
    return summarise_pages(title, [(title, text)], consultation, rules)


def summary_markers(
    consultations: Iterable[ConsultationConfig], title: str, languages: tuple[str, ...] = ()
) -> list[str]:
    """The markers of every summary written on ``title`` (English or a language version)."""
    return list(dict.fromkeys(c.marker for c in consultations if title in c.targets(languages)))


def summarise_pages(
    title: str,
    pages: Sequence[tuple[str, str]],
    consultation: ConsultationConfig | None,
    rules: ConsultationSettings,
    *,
    own_markers: Callable[[str], Iterable[str]] = lambda title: (),
) -> Summary:
    """Parse the pages of one consultation (title, text), merge them and count them as one.

    Each comment counts once (:mod:`bot.core.discussion.merge`); the bot's own
    region is blanked on every page before reading, and so is every region
    ``own_markers(page title)`` names (the summaries other consultations, or
    other languages, write on that page).
    """
    rules = consultation_rules(rules, consultation)
    discussions = []
    for page_title, text in pages:
        markers = [consultation.marker] if consultation is not None else []
        for marker in (*markers, *own_markers(page_title)):
            text = without_own_region(text, marker)
        discussions.append(parse_discussion(page_title, text, rules))
    discussion = merge_discussions(title, discussions)
    questions = consultation.questions if consultation is not None else ()
    return summarise(
        discussion, window=window_of(consultation), questions=questions or None, text_rules=rules.text_rules
    )


def explanation(page: str, messages: Messages | None = None) -> str:
    """The comment at the top of a summary page the bot creates (in the summary's language)."""
    text = (messages or messages_for(ENGLISH))("partnerships-summary-explanation", page)
    return f"<!-- {text.replace('--', '- -')} -->"


def plan_summary(summary: Summary, consultation: ConsultationConfig, messages: Messages | None = None) -> PageUpdate:
    """The page update that publishes ``summary`` in one language (pure; English by default)."""
    m = messages or messages_for(ENGLISH)
    return PageUpdate(
        title=Pages.in_language(consultation.target, m.language),
        body=render_consultation(summary, window=window_of(consultation), messages=m),
        summary=edit_summary(summary, m),
        region=consultation.marker,
        explanation=explanation(summary.page, m),
        language=m.language,
    )


def plan_summaries(
    summary: Summary, consultation: ConsultationConfig, languages: Sequence[str] = ()
) -> list[PageUpdate]:
    """The English summary on ``target``, then one per language on ``target/<code>`` (pure)."""
    codes = [ENGLISH, *(code for code in dict.fromkeys(languages) if code != ENGLISH)]
    return [plan_summary(summary, consultation, messages_for(code)) for code in codes]


def find_consultation(consultations: Iterable[ConsultationConfig], title: str) -> ConsultationConfig | None:
    """The configured consultation whose main page is ``title`` (for offline sources), or None."""
    return next((c for c in consultations if c.page == title), None)


def is_more_page(consultations: Iterable[ConsultationConfig], title: str) -> bool:
    """True for an archive or translation of a configured consultation (summarised with its main page)."""
    return any(title in c.more_pages for c in consultations)


def problem_lines(summary: Summary, limit: int = MAX_PROBLEMS_SHOWN) -> list[str]:
    """The summary's problems for a terminal: page, section, line, message."""
    lines = []
    for problem in summary.problems[:limit]:
        where = f"line {problem.line}" if problem.line else "page"
        lines.append(f"  {summary.page}, {where} [{problem.section}]: {problem.message}")
    if len(summary.problems) > limit:
        lines.append(f"  ... and {len(summary.problems) - limit} more (all of them are listed on the summary)")
    return lines


# --------------------------------------------------------------------------- the job


def with_wiki_conventions(ctx: JobContext, rules: ConsultationSettings) -> ConsultationSettings:
    """The rules with what the wiki says of itself: its language, namespace names and aliases,
    Contributions aliases and time zones (siteinfo, cached in the state directory)."""
    conventions = ctx.wiki.conventions(ctx.state_dir)
    rules = with_wiki(rules, conventions)
    if conventions.language in rules.language_table:
        rules = for_languages(rules, [conventions.language])
    return rules


def run_summarise(ctx: JobContext) -> SummariseReport:
    """Summarise every configured consultation and publish the summaries; see the module docstring."""
    wiki, out = ctx.wiki, ctx.out
    settings, rules = ctx.config.settings, ctx.config.rules
    started, requests_before = time.monotonic(), wiki.requests
    report = SummariseReport(consultations=len(settings.consultations))
    languages = settings.pages.languages
    if not settings.consultations:
        out.write("no consultations are configured ([[consultations]] in config/bot.toml); nothing to do\n")
    else:
        pages = list(dict.fromkeys(p for c in settings.consultations for p in c.pages))
        out.write(f"reading {len(pages)} consultation page{'s' if len(pages) != 1 else ''}...\n")
        found, unreadable = wiki.read_titles(pages)
        report.read = len(found)
        rules = with_wiki_conventions(ctx, rules)
        updates: list[PageUpdate] = []
        for consultation in settings.consultations:
            missing = [p for p in consultation.pages if p not in found]
            if missing:
                why = unreadable.get(missing[0], "it could not be read")
                report.unreadable.append(missing[0])
                out.write(f"cannot read {missing[0]}: {why}; its summary on {consultation.target} is left as it is\n")
                continue
            for page in consultation.pages:
                if found[page].title != page:
                    out.write(
                        f"{page} now redirects to {found[page].title}; reading that page (update config/bot.toml)\n"
                    )
            snapshots = [found[p] for p in consultation.pages]
            summary = summarise_pages(
                snapshots[0].title,
                [(s.title, s.text) for s in snapshots],
                consultation,
                rules,
                own_markers=lambda title: summary_markers(settings.consultations, title, languages),
            )
            report.comments += summary.totals.comments
            report.problems += len(summary.problems)
            out.write(
                f"{summary.page}: {summary.totals.comments} comments by {summary.totals.participants} "
                f"participants in {len(summary.sections)} sections, {len(summary.problems)} problems\n"
            )
            for line in problem_lines(summary):
                out.write(line + "\n")
            updates.extend(plan_summaries(summary, consultation, languages))
        ctx.publisher().publish_all(updates, report)
    report.requests = wiki.requests - requests_before
    report.seconds = time.monotonic() - started
    out.write(report.line() + "\n")
    return report
