"""Talk-page wikitext -> :class:`~bot.core.discussion.model.Discussion`.

The rules are those of the spec (``consultations.md``), applied line by line
to the events :mod:`bot.core.discussion.scan` finds:

* A **comment** is a user link followed on the same line by a timestamp (the
  author is the last user link before the timestamp), or an
  ``{{unsigned}}``-style template.
* What the parser recognises as a signature but cannot count is a
  :class:`~bot.core.discussion.model.Finding`, never a guess: a timestamp with no
  user link before it on its line, a user link that ends a line (or follows a
  signature dash) with no timestamp after it, a timestamp that cannot be read,
  a date without a time of day, an ``{{unsigned}}`` without a user.
* Each of these also ends the text of the comment before it, so that the next
  comment's text (and first line) starts after it: the words of an undated
  signature never become the next comment's words.
* A comment's text runs from the line after the previous signature in its
  section (or the line after the heading) to the end of its signature; when
  two signatures share a line, the second comment's text starts right after
  the first signature; when the previous signature stood inside a template
  parameter (``{{Discussion|comment=… ~~~~}}``), the text starts after that
  template, not with its closing ``}}``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.core.discussion.digest import digest_text
from bot.core.discussion.model import LEAD, Comment, Discussion, Finding, Section
from bot.core.discussion.scan import Event, scan
from bot.core.discussion.settings import ConsultationSettings
from bot.core.discussion.signatures import (
    ends_with_signature_dash,
    fragment_has_words,
    joins_signature_links,
    plain_fragment,
)
from bot.core.discussion.votes import INDENT_MARKS, read_line_start

_FINDING_TEXT = 200
# A wrapper tag (<small>, <span>) that starts this close before a signature's
# first user link is part of the signature ("<small>—Preceding unsigned comment added by").
_WRAPPER_REACH = 100
_SPACES = re.compile(r"\s+")


class _Page:
    """The page text with line arithmetic (lines are 1-based)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = _newlines(text)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def line_start(self, line: int) -> int:
        if line <= 1:
            return 0
        return self.newlines[line - 2] + 1 if line - 2 < len(self.newlines) else len(self.text)

    def line_end(self, line: int) -> int:
        return self.newlines[line - 1] if line - 1 < len(self.newlines) else len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]


def _newlines(text: str) -> list[int]:
    """Offsets of every line break (``str.find`` in a loop: far faster than a character loop)."""
    found = []
    position = text.find("\n")
    while position >= 0:
        found.append(position)
        position = text.find("\n", position + 1)
    return found


@dataclass(frozen=True, slots=True)
class _Signature:
    """A signature in page order: counted (a comment) or not (reported, but it still ends a text)."""

    start: int
    end: int
    line: int
    author: str | None
    time: datetime | None
    counted: bool
    container: int = 0
    template_end: int = 0


Report = Callable[..., None]


def parse_discussion(title: str, text: str, settings: ConsultationSettings) -> Discussion:
    """Read a talk page into sections, comments and findings. Never raises on page text."""
    page = _Page(text)
    page_scan = scan(text, settings)
    headings = [e for e in page_scan.events if e.kind == "heading"]
    heading_starts = [h.start for h in headings]
    names = [LEAD, *(h.title for h in headings)]

    def section_of(offset: int) -> int:
        return bisect.bisect_right(heading_starts, offset)

    findings: list[Finding] = []

    def report(
        offset: int,
        code_: str,
        message: str,
        *,
        span: tuple[int, int] | None = None,
        key: str = "",
        params: tuple[str, ...] = (),
    ) -> None:
        line = page.line_of(offset)
        shown = page.line_text(line) if span is None else text[span[0] : span[1]]
        section = names[section_of(offset)]
        findings.append(Finding(title, section, line, code_, message, _shorten(shown.strip()), key, params))

    for offset, error in page_scan.errors:
        report(
            offset,
            "unparseable-page",
            f"this part of the page could not be parsed: {error}",
            key="partnerships-summary-finding-unparseable-page",
        )
    signatures = _signatures(page, [e for e in page_scan.events if e.kind != "heading"], report)
    per_section = _comments(page, headings, signatures, page_scan.comment_spans, names, section_of, settings)
    levels = [0, *(h.level for h in headings)]
    lines = [1, *(page.line_of(h.start) for h in headings)]
    sections = tuple(Section(names[i], i, levels[i], lines[i], tuple(per_section[i])) for i in range(len(names)))
    findings.sort(key=lambda f: f.line)
    return Discussion(title, sections, tuple(findings))


def _signatures(page: _Page, events: list[Event], report: Report) -> list[_Signature]:
    """Pair user links with timestamps on each line; report what cannot be paired."""
    signatures: list[_Signature] = []
    pending: list[Event] = []
    current_line = 0

    def close_line() -> None:
        if pending and _dangling(page, pending):
            last = pending[-1]
            report(
                last.start,
                "signature-without-timestamp",
                f"a signature of {last.user} with no timestamp after it on the line; not counted",
                key="partnerships-summary-finding-signature-without-timestamp",
                params=(last.user or "",),
            )
            signatures.append(
                _Signature(
                    _signature_start(page, pending), last.end, page.line_of(last.start), last.user, None, counted=False
                )
            )
        pending.clear()

    for event in events:
        line = page.line_of(event.start)
        if line != current_line:
            close_line()
            current_line = line
        if event.kind == "user":
            pending.append(event)
            continue
        if event.kind == "unsigned":
            if event.user is None:
                report(
                    event.start,
                    "unsigned-without-user",
                    f"an unsigned template that names no user ({event.problem}); not counted",
                    span=(event.start, event.end),
                    key="partnerships-summary-finding-unsigned-without-user",
                )
            elif event.problem:
                report(
                    event.start,
                    "unreadable-timestamp",
                    f"the date of an unsigned template cannot be read: {event.problem}",
                    span=(event.start, event.end),
                    key="partnerships-summary-finding-unsigned-unreadable-date",
                )
            signatures.append(
                _Signature(
                    event.start,
                    event.end,
                    line,
                    event.user,
                    event.time,
                    counted=event.user is not None,
                    container=event.container,
                    template_end=event.template_end,
                )
            )
        elif event.stamp_kind == "timestamp" and pending:
            signatures.append(
                _Signature(
                    _signature_start(page, pending),
                    event.end,
                    line,
                    pending[-1].user,
                    event.time,
                    counted=True,
                    container=event.container,
                    template_end=event.template_end,
                )
            )
        else:
            _report_timestamp(event, pending, report)
            start = _signature_start(page, pending) if pending else event.start
            signatures.append(
                _Signature(start, event.end, line, pending[-1].user if pending else None, None, counted=False)
            )
        pending.clear()
    close_line()
    return signatures


def _report_timestamp(event: Event, pending: list[Event], report: Report) -> None:
    if event.stamp_kind == "timestamp":
        report(
            event.start,
            "timestamp-without-signature",
            "a timestamp with no user link before it on the line; not counted",
            key="partnerships-summary-finding-timestamp-without-signature",
        )
    elif event.stamp_kind == "date-only":
        user = pending[-1].user if pending else None
        after = f" after a signature of {user}" if pending else ""
        report(
            event.start,
            "undated-signature",
            f"{event.problem}{after}; not counted",
            key="partnerships-summary-finding-undated-signature" if user else "partnerships-summary-finding-undated",
            params=(user,) if user else (),
        )
    else:
        report(
            event.start,
            "unreadable-timestamp",
            f"{event.problem}; not counted",
            key="partnerships-summary-finding-unreadable-timestamp",
        )


def _dangling(page: _Page, pending: list[Event]) -> bool:
    """Whether user links left on a line without a timestamp look like a signature.

    They do when nothing but punctuation and markup follows the last one on
    its line (``… --[[User:X|X]] ([[User talk:X|talk]])``) or when a signature
    dash stands before the first (``--[[User:X]] 24 October 2012``). A user
    named in the middle of a sentence is a mention, not a signature; so is a
    lone link to a user's subpage (``see [[User:Bot/Documentation|this]].``).
    """
    if all(event.subpage for event in pending):
        return False
    first, last = pending[0], pending[-1]
    tail = page.text[last.end : page.line_end(page.line_of(last.start))]
    before = page.text[page.line_start(page.line_of(first.start)) : first.start]
    return not fragment_has_words(tail) or ends_with_signature_dash(before)


def _signature_start(page: _Page, pending: list[Event]) -> int:
    """Where the signature that ends with ``pending[-1]`` starts.

    Walk back over the user links before it while only brackets, bullets,
    bars, dashes and markup separate them (``[[User:X|X]] ([[User talk:X|talk]] •
    [[Special:Contributions/X|contribs]])``), then widen to an enclosing
    ``<small>``/``<span>`` that starts shortly before on the same line (the
    autosigned notes of SineBot and dewiki's "nicht signierter Beitrag").
    """
    index = len(pending) - 1
    while index > 0 and joins_signature_links(page.text[pending[index - 1].end : pending[index].start]):
        index -= 1
    first = pending[index]
    line_start = page.line_start(page.line_of(first.start))
    for wrapper in first.wrappers:
        lead_in = plain_fragment(page.text[wrapper : first.start])
        if line_start <= wrapper < first.start and len(lead_in) <= _WRAPPER_REACH:
            return wrapper
    return first.start


def _comments(
    page: _Page,
    headings: list[Event],
    signatures: list[_Signature],
    comment_spans: Sequence[tuple[int, int]],
    names: list[str],
    section_of: Callable[[int], int],
    settings: ConsultationSettings,
) -> list[list[Comment]]:
    """Cut each section's text at its signatures and build the counted comments."""
    body_starts = [0, *(page.line_start(page.line_of(h.end) + 1) for h in headings)]
    per_section: list[list[Comment]] = [[] for _ in names]
    previous: _Signature | None = None
    for signature in signatures:
        index = section_of(signature.end - 1)
        if previous is not None and section_of(previous.end - 1) == index:
            if previous.line == signature.line:
                text_start = previous.end
            else:
                text_start = page.line_start(previous.line + 1)
            if text_start < previous.template_end <= signature.start:
                text_start = previous.template_end
        else:
            text_start = body_starts[index]
        previous = signature
        if not signature.counted:
            continue
        text_start = min(text_start, signature.start)
        visible = _without_comments(page.text, text_start, signature.end, comment_spans)
        first_line, first_line_no = _first_line(visible, page.line_of(text_start))
        start = read_line_start(first_line, settings)
        vote, struck_vote = start.vote, start.struck_vote
        if vote is None and not start.indented and first_line_no < signature.line:
            # Unsigned words above a bulleted vote (a proposal's text, then "* {{support}} ~~~~"):
            # the vote is read at the start of the signature's own list item.
            own = _without_comments(page.text, page.line_start(signature.line), signature.end, comment_spans)
            if own[:1] in INDENT_MARKS:
                item = read_line_start(own, settings)
                vote, struck_vote = item.vote, item.struck_vote
        # a comment signed inside a template parameter: its words start with the parameter
        body_start = max(text_start, min(signature.container, signature.start))
        body = _without_comments(page.text, body_start, signature.start, comment_spans)
        is_reply = (start.indented or start.outdent) and bool(per_section[index])
        per_section[index].append(
            Comment(
                author=signature.author or "",
                time=signature.time,
                section=names[index],
                section_index=index,
                line=signature.line,
                is_reply=is_reply,
                vote=vote,
                first_line_text=first_line,
                text=page.text[text_start : signature.end],
                body=body,
                struck_vote=struck_vote,
                first_line=first_line_no,
                # only top-level responses are digested (the spec's digest lists them alone)
                digest="" if is_reply else digest_text(body, settings.text_rules, settings.digest_length),
            )
        )
    return per_section


def _without_comments(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> str:
    """``text[start:end]`` with HTML comments removed (empty when end <= start).

    A comment's line breaks stay, so that line numbers still count.
    """
    out: list[str] = []
    cursor = start
    first = bisect.bisect_left(spans, (start, start)) - 1  # the span before may still reach into the text
    for index in range(max(first, 0), len(spans)):
        span_start, span_end = spans[index]
        if span_start >= end:
            break
        if span_end <= cursor:
            continue
        out.append(text[cursor : max(cursor, span_start)])
        out.append("\n" * text.count("\n", max(cursor, span_start), min(span_end, end)))
        cursor = max(cursor, span_end)
    out.append(text[cursor:end])
    return "".join(out)


def _first_line(visible: str, first_line_no: int) -> tuple[str, int]:
    """The first non-blank line of a comment's text and its line number."""
    for number, line in enumerate(visible.split("\n")):
        if line.strip():
            return line.rstrip(), first_line_no + number
    return "", first_line_no


def _shorten(text: str) -> str:
    text = _SPACES.sub(" ", text)
    return text if len(text) <= _FINDING_TEXT else text[: _FINDING_TEXT - 1] + "…"
