"""A consultation's summary as wikitext: the region the ``summarise`` job publishes.

The region holds, in this order:

1. one line that says what is summarised (a link to the consultation page),
   the totals and, when the consultation has dates, the window;
2. an overview table, one row per section in page order (guiding questions
   without a section last), with the counts the spec defines and a totals
   row; the votes column (support / oppose / neutral) appears only when
   someone voted;
3. per section with top-level responses, a digest table (caption: the
   section's title): each response's first sentence, its author and its
   time, the time linking to the response's section; then who took part and
   the vote tally;
4. what the bot could not count (or counted with a doubt), with the line
   number, so that an editor can fix a signature.

Decisions (also in ``docs/consultations.md``):

* **Links go to the section, not the comment.** MediaWiki 1.39 itself has
  no anchors for single comments (DiscussionTools' ``#c-…`` ids exist only
  where that extension runs, are computed at render time and changed format
  between versions). A digest entry therefore names the author and the
  time and links the time to ``[[Page#Section title|time]]``. The fragment
  is the section's plain title, which MediaWiki turns into the heading's
  id (spaces become ``_``); a title used twice gets ``_2``, ``_3`` ... in
  page order, ASCII letters compared without case, exactly as MediaWiki
  numbers duplicate headings. A title that cannot be a safe link fragment
  (it holds ``[``, ``{``, ``|``, ``''``, ``~~~``, a character reference or a
  ``%``-escape) links to the page without a fragment.
* **Names are text, not links.** Authors and participants are shown as
  escaped text: a summary full of user links next to times would look like
  signatures to archiving bots and to the bot's own parser, and links would
  make every participant's "What links here" list the summary.
* **Times** are written ``2019-07-16 09:14`` (UTC), a form no signature
  parser mistakes for a signature.
* **Everything an editor wrote** (section titles, first sentences, names,
  the lines quoted in problems) goes through the table engine's escaping
  (:func:`bot.core.render.escape.escape`): comment text can add no category,
  template, link, table syntax or signature to the summary.
* **No headings.** Section digests are table captions, so the summary adds
  no sections and no ids to the page it is on: placed at the top of the
  consultation page itself it cannot shift the anchors it links to.

Everything here is pure: the same summary gives byte-identical wikitext.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.core.discussion import LEAD, DigestEntry, Finding, SectionSummary, Summary, Window
from bot.core.render.common import plural
from bot.core.render.engine import Column, Link, Number, Table, Text, paragraph, render_table
from bot.core.render.escape import is_safe_fragment

LEAD_LABEL = "Before the first heading"
"""How the text before the first heading (the spec's "(lead)") is named in the summary."""

NO_TIME = "(no time)"
PROBLEM_TEXT_LIMIT = 150
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def when(moment: datetime | None) -> str:
    """``2019-07-16 09:14`` (UTC), or empty."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


def _sort_time(moment: datetime | None) -> str:
    return f"{moment:%Y%m%d%H%M}" if moment else "0"


def is_lead(section: SectionSummary) -> bool:
    return section.title == LEAD and section.line == 1


def is_placeholder(section: SectionSummary) -> bool:
    """A guiding question that no section matched (listed with zero counts, line 0)."""
    return section.line == 0


def section_anchors(summary: Summary) -> list[str | None]:
    """The link fragment of each section of ``summary`` (None: link to the page itself).

    Follows MediaWiki's numbering of duplicate headings (``Parser::finalizeHeadings``):
    the first ``Comments`` is ``Comments``, the next ``comments`` is
    ``comments_2``, in page order; only ASCII letters are compared without case.
    """
    used: set[str] = set()
    anchors: list[str | None] = []
    for section in summary.sections:
        if is_lead(section) or is_placeholder(section):
            anchors.append(None)
            continue
        anchor = "_".join(section.title.split())
        key = anchor.translate(_ASCII_LOWER)  # PHP's strtolower: ASCII only ("É" stays "É")
        if key in used:
            number = 2
            while f"{key}_{number}" in used:
                number += 1
            anchor, key = f"{anchor}_{number}", f"{key}_{number}"
        used.add(key)
        anchors.append(anchor if _linkable(anchor) else None)
    return anchors


def _linkable(fragment: str) -> bool:
    return bool(fragment) and is_safe_fragment(fragment) and not _PERCENT_ESCAPE.search(fragment)


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the overview table (a section, or the totals)."""

    label: str
    fragment: str | None
    linked: bool
    comments: int
    top_level: int
    replies: int
    unanswered: int
    participants: int
    support: int
    oppose: int
    neutral: int
    first: datetime | None
    last: datetime | None
    page: str = ""


def _label(section: SectionSummary) -> str:
    if is_lead(section):
        return LEAD_LABEL
    if is_placeholder(section):
        return f"{section.title} (no section yet)"
    return section.title


def _rows(summary: Summary, anchors: list[str | None]) -> list[_Row]:
    return [
        _Row(
            _label(s),
            anchor,
            not is_placeholder(s),
            s.comments,
            s.top_level,
            s.replies,
            s.unanswered,
            len(s.participants),
            s.votes.support,
            s.votes.oppose,
            s.votes.neutral,
            s.first,
            s.last,
            s.page if s.page != summary.page else "",
        )
        for s, anchor in zip(summary.sections, anchors)
    ]


def _total(summary: Summary) -> _Row:
    sections = summary.sections
    return _Row(
        "Total",
        None,
        False,
        summary.totals.comments,
        sum(s.top_level for s in sections),
        sum(s.replies for s in sections),
        sum(s.unanswered for s in sections),
        summary.totals.participants,
        sum(s.votes.support for s in sections),
        sum(s.votes.oppose for s in sections),
        sum(s.votes.neutral for s in sections),
        summary.totals.first,
        summary.totals.last,
    )


def _count(header: str, attribute: str) -> Column[_Row]:
    return Column(header, lambda r: Number(getattr(r, attribute)), sort_type="number", align="right")


def _time_column(header: str, attribute: str) -> Column[_Row]:
    return Column(
        header,
        lambda r: Text(when(getattr(r, attribute))),
        sort_value=lambda r: _sort_time(getattr(r, attribute)),
        sort_type="number",
    )


def overview_table(summary: Summary, anchors: list[str | None]) -> str:
    """One row per section with the spec's counts, and a totals row."""
    page = summary.page

    def section_cell(row: _Row) -> Text | Link:
        return Link(row.page or page, row.label, fragment=row.fragment) if row.linked else Text(row.label)

    columns: list[Column[_Row]] = [
        Column("Section", section_cell, width="30%"),
        _count("Comments", "comments"),
        _count("Responses", "top_level"),
        _count("Replies", "replies"),
        _count("Unanswered", "unanswered"),
        _count("Participants", "participants"),
    ]
    if any(s.votes.support or s.votes.oppose or s.votes.neutral for s in summary.sections):
        columns.append(
            Column(
                "Votes (support / oppose / neutral)",
                lambda r: Text(f"{r.support} / {r.oppose} / {r.neutral}"),
                sort_value=lambda r: r.support - r.oppose,
                sort_type="number",
                align="center",
                width="8em",
            )
        )
    for header, attribute in (("First comment", "first"), ("Last comment", "last")):
        columns.append(_time_column(header, attribute))
    return render_table(Table(columns=columns, rows=_rows(summary, anchors), footer=[_total(summary)]))


def digest_table(summary: Summary, section: SectionSummary, anchor: str | None) -> str:
    """The section's top-level responses in brief, under a caption naming the section."""
    page = section.page or summary.page
    columns: list[Column[DigestEntry]] = [
        Column("Response (first sentence)", lambda d: Text(d.text or "(no text)")),
        Column("By", lambda d: Text(d.author), width="12em"),
        Column("When (UTC)", lambda d: Link(page, when(d.time) or NO_TIME, fragment=anchor), width="10em"),
    ]
    return render_table(Table(columns=columns, rows=section.digest, caption=_label(section), css_class="wikitable"))


def section_details(summary: Summary, section: SectionSummary, anchor: str | None) -> str:
    """A section's digest, participants and votes (empty when it has no response)."""
    if not section.digest:
        return ""
    lines = [digest_table(summary, section, anchor)]
    people = f"Participants ({len(section.participants)}): {', '.join(section.participants)}."
    lines.append(paragraph(Text(people, limit=None)))
    votes = section.votes
    if votes.support or votes.oppose or votes.neutral:
        lines.append(f"Votes: {votes.support} support, {votes.oppose} oppose, {votes.neutral} neutral.")
    return "\n\n".join(lines)


def problems_table(summary: Summary, anchors: list[str | None]) -> str:
    """What the bot could not count, or counted with a doubt, one row per finding."""
    headed = [(s.line, s.title, a) for s, a in zip(summary.sections, anchors) if a is not None]

    def where(finding: Finding) -> Text | Link:
        fragment = None
        for line, title, anchor in headed:
            if line <= finding.line and title == finding.section:
                fragment = anchor
        label = LEAD_LABEL if finding.section == LEAD else finding.section
        if finding.line == 0:
            return Text(label)
        return Link(finding.page or summary.page, label, fragment=fragment)

    columns = [
        Column("Section", where),
        Column("Line", lambda f: Text(str(f.line) if f.line else ""), align="right"),
        Column("What the bot found", lambda f: Text(f.message)),
    ]
    if any(f.text for f in summary.problems):
        columns.append(Column("Wikitext", lambda f: Text(f.text, limit=PROBLEM_TEXT_LIMIT)))
    return render_table(Table(columns=columns, rows=summary.problems, css_class="wikitable"))


def intro(summary: Summary, window: Window | None) -> str:
    """The line that says what is summarised, the totals and the window."""
    sections = summary.sections
    totals = summary.totals
    tops = sum(s.top_level for s in sections)
    replies = sum(s.replies for s in sections)
    span = f", from {when(totals.first)} to {when(totals.last)}" if totals.first else ""
    lines = [
        paragraph(
            Text("Summary of "),
            Link(summary.page, summary.page),
            Text(
                f": {plural(totals.comments, 'comment')} ({plural(tops, 'response')}, "
                f"{plural(replies, 'reply', 'replies')}) by {plural(totals.participants, 'participant')}{span}. "
                "Times are in UTC. A comment counts when it is signed (a link to a user page and a time, or "
                "an unsigned template); each time links to the response's section.",
                limit=None,
            ),
        )
    ]
    if window is not None and (window.opens or window.closes):
        outside = sum(1 for p in summary.problems if p.code == "outside-window")
        note = (
            f"; {plural(outside, 'comment')} outside these dates {'is' if outside == 1 else 'are'} listed below "
            "and not counted"
            if outside
            else ""
        )
        lines.append(paragraph(Text(f"{_dates(window)}{note}.", limit=None)))
    return "\n\n".join(lines)


def _dates(window: Window) -> str:
    if window.opens and window.closes:
        return f"The consultation runs from {window.opens} to {window.closes}, both days included"
    if window.opens:
        return f"The consultation opened on {window.opens}"
    return f"The consultation closes at the end of {window.closes}"


def render_consultation(summary: Summary, *, window: Window | None = None) -> str:
    """The whole region: intro, overview, one digest per section, problems."""
    anchors = section_anchors(summary)
    parts = [intro(summary, window), overview_table(summary, anchors)]
    parts += [d for d in (section_details(summary, s, a) for s, a in zip(summary.sections, anchors)) if d]
    if summary.problems:
        parts.append(
            f"'''To check''' ({plural(len(summary.problems), 'item')}): signatures the bot could not "
            "count, comments outside the consultation's dates, questions without a section."
        )
        parts.append(problems_table(summary, anchors))
    return "\n\n".join(parts) + "\n"


def edit_summary(summary: Summary) -> str:
    """``Consultation summary: 26 comments by 9 participants, 4 unanswered``."""
    unanswered = sum(s.unanswered for s in summary.sections)
    return (
        f"Consultation summary: {plural(summary.totals.comments, 'comment')} by "
        f"{plural(summary.totals.participants, 'participant')}, {unanswered} unanswered"
    )
