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
* **Times** are written ``2019-07-16 09:14`` (UTC) in every language, a
  form no signature parser mistakes for a signature and every reader can
  sort; the consultation's dates (a day, no time) are written as the
  language writes a date (CLDR's long form, ``5. Mai 2019``), in English as
  ``2019-05-05`` as before.
* **Languages.** Every word the bot writes is a message
  (``partnerships-summary-*`` in ``i18n/``), taken from the ``messages``
  given (English by default), with ``{{PLURAL:}}`` for counts and numbers
  formatted for the language (``1.234`` in German); what editors typed
  (section titles, names, first sentences, quoted lines) stays as typed.
  A summary in another language than English is wrapped in
  ``<div lang="…" dir="…">``, so an Arabic summary reads right to left
  on an English wiki.
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
from datetime import date, datetime

from babel import UnknownLocaleError
from babel.dates import format_date

from bot.core.discussion import LEAD, DigestEntry, Finding, SectionSummary, Summary, Window
from bot.core.messages import ENGLISH, Messages, messages_for
from bot.core.render.engine import Cell, Column, Link, Table, Text, paragraph, render_table
from bot.core.render.escape import attribute, is_safe_fragment

LEAD_LABEL = "Before the first heading"
"""How the text before the first heading (the spec's "(lead)") is named in the English summary
(``partnerships-summary-lead``)."""

_LINK = "\x00link\x00"
"""Stands for a link in a message until the message is split around it (see :func:`_with_link`)."""
PROBLEM_TEXT_LIMIT = 150
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def when(moment: datetime | None) -> str:
    """``2019-07-16 09:14`` (UTC), or empty."""
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


def day(value: date | datetime, messages: Messages) -> str:
    """A consultation's date as the language writes it (``2019-05-01`` in English, as before)."""
    if messages.language == ENGLISH:
        return str(value)
    locale = messages.language.replace("-", "_")
    try:
        shown = format_date(value, "long", locale=locale)
    except (UnknownLocaleError, ValueError):
        shown = value.isoformat()
    return f"{shown} {value:%H:%M}" if isinstance(value, datetime) else shown


def _english(messages: Messages | None) -> Messages:
    return messages if messages is not None else messages_for(ENGLISH)


def _numbers(messages: Messages, *values: int) -> str:
    """Counts joined with `` / `` (support / oppose / neutral), each formatted for the language."""
    return " / ".join(messages.number(v) for v in values)


def _with_link(text: str, link: Link) -> list[Cell]:
    """A message rendered with :data:`_LINK` for a parameter, as cells: the text around it and the link."""
    before, _, after = text.partition(_LINK)
    cells: list[Cell] = [Text(before, limit=None)] if before else []
    cells.append(link)
    if after:
        cells.append(Text(after, limit=None))
    return cells


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


def _label(section: SectionSummary, messages: Messages) -> str:
    if is_lead(section):
        return messages("partnerships-summary-lead")
    if is_placeholder(section):
        return messages("partnerships-summary-no-section", section.title)
    return section.title


def _rows(summary: Summary, anchors: list[str | None], messages: Messages) -> list[_Row]:
    return [
        _Row(
            _label(s, messages),
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


def _total(summary: Summary, messages: Messages) -> _Row:
    sections = summary.sections
    return _Row(
        messages("partnerships-summary-total"),
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


def _count(header: str, attribute: str, messages: Messages) -> Column[_Row]:
    """A count column; a count the language writes with separators (``1.234``) sorts by its value."""

    def sort(row: _Row) -> int | None:
        value: int = getattr(row, attribute)
        return value if messages.number(value) != str(value) else None

    return Column(
        header,
        lambda r: Text(messages.number(getattr(r, attribute))),
        sort_value=sort,
        sort_type="number",
        align="right",
    )


def _time_column(header: str, attribute: str) -> Column[_Row]:
    return Column(
        header,
        lambda r: Text(when(getattr(r, attribute))),
        sort_value=lambda r: _sort_time(getattr(r, attribute)),
        sort_type="number",
    )


def overview_table(summary: Summary, anchors: list[str | None], messages: Messages | None = None) -> str:
    """One row per section with the spec's counts, and a totals row."""
    m = _english(messages)
    page = summary.page

    def section_cell(row: _Row) -> Text | Link:
        return Link(row.page or page, row.label, fragment=row.fragment) if row.linked else Text(row.label)

    columns: list[Column[_Row]] = [
        Column(m("partnerships-summary-column-section"), section_cell, width="30%"),
        _count(m("partnerships-summary-column-comments"), "comments", m),
        _count(m("partnerships-summary-column-responses"), "top_level", m),
        _count(m("partnerships-summary-column-replies"), "replies", m),
        _count(m("partnerships-summary-column-unanswered"), "unanswered", m),
        _count(m("partnerships-summary-column-participants"), "participants", m),
    ]
    if any(s.votes.support or s.votes.oppose or s.votes.neutral for s in summary.sections):
        columns.append(
            Column(
                m("partnerships-summary-column-votes"),
                lambda r: Text(_numbers(m, r.support, r.oppose, r.neutral)),
                sort_value=lambda r: r.support - r.oppose,
                sort_type="number",
                align="center",
                width="8em",
            )
        )
    columns.append(_time_column(m("partnerships-summary-column-first"), "first"))
    columns.append(_time_column(m("partnerships-summary-column-last"), "last"))
    return render_table(Table(columns=columns, rows=_rows(summary, anchors, m), footer=[_total(summary, m)]))


def digest_table(
    summary: Summary, section: SectionSummary, anchor: str | None, messages: Messages | None = None
) -> str:
    """The section's top-level responses in brief, under a caption naming the section."""
    m = _english(messages)
    page = section.page or summary.page
    no_text, no_time = m("partnerships-summary-no-text"), m("partnerships-summary-no-time")
    columns: list[Column[DigestEntry]] = [
        Column(m("partnerships-summary-column-response"), lambda d: Text(d.text or no_text)),
        Column(m("partnerships-summary-column-by"), lambda d: Text(d.author), width="12em"),
        Column(
            m("partnerships-summary-column-when"),
            lambda d: Link(page, when(d.time) or no_time, fragment=anchor),
            width="10em",
        ),
    ]
    return render_table(Table(columns=columns, rows=section.digest, caption=_label(section, m), css_class="wikitable"))


def section_details(
    summary: Summary, section: SectionSummary, anchor: str | None, messages: Messages | None = None
) -> str:
    """A section's digest, participants and votes (empty when it has no response)."""
    if not section.digest:
        return ""
    m = _english(messages)
    lines = [digest_table(summary, section, anchor, m)]
    names = m("partnerships-summary-separator").join(section.participants)
    people = m("partnerships-summary-participants", len(section.participants), names)
    lines.append(paragraph(Text(people, limit=None)))
    votes = section.votes
    if votes.support or votes.oppose or votes.neutral:
        lines.append(m("partnerships-summary-votes", votes.support, votes.oppose, votes.neutral))
    return "\n\n".join(lines)


def finding_text(finding: Finding, messages: Messages) -> str:
    """What the bot found, in the language.

    English shows the parser's own sentence (the one the JSON output has,
    with the parser's reasons, such as an unknown month's name); other
    languages show the finding's message (``Finding.key``) with its
    parameters (the user, the time, the window), and the parser's sentence
    only for a finding without a message.
    """
    if messages.language == ENGLISH or not finding.key:
        return finding.message
    return messages(finding.key, *finding.params)


def problems_table(summary: Summary, anchors: list[str | None], messages: Messages | None = None) -> str:
    """What the bot could not count, or counted with a doubt, one row per finding."""
    m = _english(messages)
    headed = [(s.line, s.title, a) for s, a in zip(summary.sections, anchors) if a is not None]

    def where(finding: Finding) -> Text | Link:
        fragment = None
        for line, title, anchor in headed:
            if line <= finding.line and title == finding.section:
                fragment = anchor
        label = m("partnerships-summary-lead") if finding.section == LEAD else finding.section
        if finding.line == 0:
            return Text(label)
        return Link(finding.page or summary.page, label, fragment=fragment)

    columns = [
        Column(m("partnerships-summary-column-section"), where),
        Column(
            m("partnerships-summary-column-line"),
            lambda f: Text(m.number(f.line) if f.line else ""),
            align="right",
        ),
        Column(m("partnerships-summary-column-found"), lambda f: Text(finding_text(f, m))),
    ]
    if any(f.text for f in summary.problems):
        columns.append(
            Column(m("partnerships-summary-column-wikitext"), lambda f: Text(f.text, limit=PROBLEM_TEXT_LIMIT))
        )
    return render_table(Table(columns=columns, rows=summary.problems, css_class="wikitable"))


def intro(summary: Summary, window: Window | None, messages: Messages | None = None) -> str:
    """The line that says what is summarised, the totals and the window."""
    m = _english(messages)
    sections = summary.sections
    totals = summary.totals
    counts = (
        _LINK,
        totals.comments,
        sum(s.top_level for s in sections),
        sum(s.replies for s in sections),
        totals.participants,
    )
    if totals.first:
        text = m("partnerships-summary-intro-dated", *counts, when(totals.first), when(totals.last))
    else:
        text = m("partnerships-summary-intro", *counts)
    text += " " + m("partnerships-summary-intro-rules")
    lines = [paragraph(*_with_link(text, Link(summary.page, summary.page)))]
    if window is not None and (window.opens or window.closes):
        outside = sum(1 for p in summary.problems if p.code == "outside-window")
        dates = _dates(window, m)
        sentence = (
            m("partnerships-summary-window-outside", dates, outside)
            if outside
            else m("partnerships-summary-window-sentence", dates)
        )
        lines.append(paragraph(Text(sentence, limit=None)))
    return "\n\n".join(lines)


def _dates(window: Window, messages: Messages) -> str:
    if window.opens and window.closes:
        return messages("partnerships-summary-window-both", day(window.opens, messages), day(window.closes, messages))
    if window.opens:
        return messages("partnerships-summary-window-opens", day(window.opens, messages))
    assert window.closes is not None
    return messages("partnerships-summary-window-closes", day(window.closes, messages))


def render_consultation(summary: Summary, *, window: Window | None = None, messages: Messages | None = None) -> str:
    """The whole region: intro, overview, one digest per section, problems (English unless ``messages``)."""
    m = _english(messages)
    anchors = section_anchors(summary)
    parts = [intro(summary, window, m), overview_table(summary, anchors, m)]
    parts += [d for d in (section_details(summary, s, a, m) for s, a in zip(summary.sections, anchors)) if d]
    if summary.problems:
        parts.append(m("partnerships-summary-to-check", len(summary.problems)))
        parts.append(problems_table(summary, anchors, m))
    body = "\n\n".join(parts) + "\n"
    if m.language == ENGLISH:
        return body
    return f'<div lang="{attribute(m.language)}" dir="{m.direction}">\n{body}</div>\n'


def edit_summary(summary: Summary, messages: Messages | None = None) -> str:
    """``Consultation summary: 26 comments by 9 participants, 4 unanswered``."""
    unanswered = sum(s.unanswered for s in summary.sections)
    return _english(messages)(
        "partnerships-summary-edit", summary.totals.comments, summary.totals.participants, unanswered
    )
