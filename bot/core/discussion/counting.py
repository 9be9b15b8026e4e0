"""Count a parsed discussion the way the spec defines: per section and in total.

Decisions where the spec is silent (each also in the lead's report):

* **Unanswered**: a reply answers the top-level response above it in its
  section (the thread it continues), so a top-level response is unanswered
  when no reply follows it before the next top-level response.
* **Participants** are listed in order of first appearance on the page;
  **first** and **last** are the earliest and latest times, wherever they
  stand (a reply inserted above older comments does not move them).
* **Comments without a time** (an ``{{unsigned}}`` without a readable date)
  count, but have no part in first and last.
* **Window**: opening and closing are inclusive; a date means the whole UTC
  day. Comments outside are reported and not counted; a comment without a
  time cannot be checked and counts, with a finding. The lead is listed when
  it has counted comments.
* **Guiding questions** match a section when their plain text is equal
  ignoring case, markup, punctuation and spacing. A matched section carries
  the question; a question no section matches is reported and listed after
  the page's sections with zero counts, so a summary shows every question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from bot.core.discussion.model import Comment, Discussion, Finding, Section
from bot.core.discussion.settings import VOTE_KINDS
from bot.core.schema import TextRules
from bot.core.wikitext import parse, plain_text


@dataclass(frozen=True, slots=True)
class Window:
    """The consultation's opening and closing (either may be open-ended).

    A :class:`datetime.date` covers the whole day in UTC; a naive
    :class:`datetime.datetime` is read as UTC.
    """

    opens: date | datetime | None = None
    closes: date | datetime | None = None

    def start(self) -> datetime | None:
        return _instant(self.opens, end=False)

    def end(self) -> datetime | None:
        return _instant(self.closes, end=True)

    def contains(self, moment: datetime) -> bool:
        start, end = self.start(), self.end()
        return (start is None or moment >= start) and (end is None or moment < end)

    def ends(self) -> tuple[str, str]:
        """The first and last day (ISO 8601), ``…`` for an open end."""
        return (_day(self.opens) or "…", _day(self.closes) or "…")

    def describe(self) -> str:
        opens, closes = self.ends()
        return f"{opens} to {closes}"


def _instant(value: date | datetime | None, *, end: bool) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment + timedelta(microseconds=1) if end else moment
    moment = datetime.combine(value, time(0, 0), tzinfo=UTC)
    return moment + timedelta(days=1) if end else moment


def _day(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True, slots=True)
class Votes:
    support: int = 0
    oppose: int = 0
    neutral: int = 0

    def as_dict(self) -> dict[str, int]:
        return {kind: getattr(self, kind) for kind in VOTE_KINDS}


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """A top-level response in brief: its author, time and first sentence (plain text)."""

    author: str
    time: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class SectionSummary:
    title: str
    comments: int
    top_level: int
    replies: int
    participants: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    unanswered: int
    votes: Votes
    digest: tuple[DigestEntry, ...]
    line: int = 0
    question: str | None = None
    page: str = ""
    """The page the section stands on, when the consultation has several pages (empty: the summary's)."""


@dataclass(frozen=True, slots=True)
class Totals:
    comments: int
    participants: int
    first: datetime | None
    last: datetime | None


@dataclass(frozen=True, slots=True)
class Summary:
    page: str
    sections: tuple[SectionSummary, ...]
    totals: Totals
    problems: tuple[Finding, ...] = ()


def summarise(
    discussion: Discussion,
    *,
    window: Window | None = None,
    questions: Sequence[str] | None = None,
    text_rules: TextRules | None = None,
) -> Summary:
    """The spec's per-section and total counts, with the parser's findings and the window's."""
    problems = list(discussion.findings)
    summaries: list[SectionSummary] = []
    counted_all: list[Comment] = []
    for section in discussion.sections:
        counted = _in_window(section, window, discussion.page, problems)
        if section.is_lead and not counted:
            continue
        counted_all.extend(counted)
        summaries.append(_section_summary(section, counted))
    if questions:
        summaries = _match_questions(summaries, questions, discussion.page, text_rules or TextRules(), problems)
    times = [c.time for c in counted_all if c.time is not None]
    totals = Totals(
        comments=sum(s.comments for s in summaries),
        participants=len(dict.fromkeys(c.author for c in counted_all)),
        first=min(times, default=None),
        last=max(times, default=None),
    )
    problems.sort(key=lambda p: p.line)
    return Summary(discussion.page, tuple(summaries), totals, tuple(problems))


def _in_window(section: Section, window: Window | None, page: str, problems: list[Finding]) -> list[Comment]:
    if window is None:
        return list(section.comments)
    kept = []
    for comment in section.comments:
        if comment.time is None:
            problems.append(
                Finding(
                    page,
                    section.title,
                    comment.line,
                    "undated-in-window",
                    f"a comment by {comment.author} has no time, so it cannot be checked against "
                    f"the consultation window ({window.describe()}); counted",
                    key="partnerships-summary-finding-undated-in-window",
                    params=(comment.author, *window.ends()),
                )
            )
            kept.append(comment)
        elif window.contains(comment.time):
            kept.append(comment)
        else:
            problems.append(
                Finding(
                    page,
                    section.title,
                    comment.line,
                    "outside-window",
                    f"a comment by {comment.author} at {comment.time:%Y-%m-%d %H:%M} UTC is outside "
                    f"the consultation window ({window.describe()}); not counted",
                    key="partnerships-summary-finding-outside-window",
                    params=(comment.author, f"{comment.time:%Y-%m-%d %H:%M}", *window.ends()),
                )
            )
    return kept


def _section_summary(section: Section, comments: list[Comment]) -> SectionSummary:
    tops: list[Comment] = []
    answered: set[int] = set()
    for comment in comments:
        if not comment.is_reply:
            tops.append(comment)
        elif tops:
            answered.add(len(tops) - 1)
    times = [c.time for c in comments if c.time is not None]
    tally = {kind: sum(1 for c in comments if c.vote == kind) for kind in VOTE_KINDS}
    return SectionSummary(
        title=section.title,
        comments=len(comments),
        top_level=len(tops),
        replies=len(comments) - len(tops),
        participants=tuple(dict.fromkeys(c.author for c in comments)),
        first=min(times, default=None),
        last=max(times, default=None),
        unanswered=len(tops) - len(answered),
        votes=Votes(**tally),
        digest=tuple(DigestEntry(c.author, c.time, c.digest) for c in tops),
        line=section.line,
        page=section.page,
    )


# ---------------------------------------------------------------- guiding questions


def question_key(text: str) -> str:
    """How a question and a heading (both already plain text) are compared.

    Case, punctuation and spacing are ignored: "1. What should change?" and
    "what should change" differ (the number is a word), "What should
    change ?" and "what should change" are equal.
    """
    plain = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def _match_questions(
    summaries: list[SectionSummary], questions: Sequence[str], page: str, rules: TextRules, problems: list[Finding]
) -> list[SectionSummary]:
    by_key: dict[str, str] = {}
    for question in questions:
        by_key.setdefault(question_key(plain_text(parse(question), rules)), question)
    matched: set[str] = set()
    result = []
    for summary in summaries:
        key = question_key(summary.title)
        if key in by_key:
            matched.add(key)
            summary = _with_question(summary, by_key[key])
        result.append(summary)
    for key, question in by_key.items():
        if key in matched:
            continue
        title = plain_text(parse(question), rules)
        problems.append(
            Finding(
                page,
                title,
                0,
                "question-without-section",
                f"no section heading matches the guiding question '{title}'; listed with zero counts",
                key="partnerships-summary-finding-question-without-section",
                params=(title,),
            )
        )
        result.append(SectionSummary(title, 0, 0, 0, (), None, None, 0, Votes(), (), 0, question))
    return result


def _with_question(summary: SectionSummary, question: str) -> SectionSummary:
    return replace(summary, question=question)
