"""Talk-page wikitext -> :class:`~bot.discussion.model.Discussion`.

The rules are those of the spec (``consultations.md``), applied line by line
to the events :mod:`bot.discussion.scan` finds:

* A **comment** is a user link followed on the same line by a timestamp (the
  author is the last user link before the timestamp), or an
  ``{{unsigned}}``-style template.
* What the parser recognises as a signature but cannot count is a
  :class:`~bot.discussion.model.Finding`, never a guess: a timestamp with no
  user link before it on its line, a user link that ends a line (or follows a
  signature dash) with no timestamp after it, a timestamp that cannot be read,
  a date without a time of day, an ``{{unsigned}}`` without a user.
* Each of these also ends the text of the comment before it, so that the next
  comment's text (and first line) starts after it: the words of an undated
  signature never become the next comment's words.
* A comment's text runs from the line after the previous signature in its
  section (or the line after the heading) to the end of its signature; when
  two signatures share a line, the second comment's text starts right after
  the first signature.
"""

from __future__ import annotations

import bisect
import re

from mwparserfromhell.parser import ParserError

from bot.discussion.digest import digest_text
from bot.discussion.model import LEAD, Comment, Discussion, Finding, Section
from bot.discussion.scan import Event, scan
from bot.discussion.settings import ConsultationSettings
from bot.discussion.signatures import ends_with_signature_dash, fragment_has_words, plain_fragment
from bot.discussion.votes import read_line_start
from bot.wikitext import parse

_FINDING_TEXT = 200
# A wrapper tag (<small>, <span>) that starts this close before a signature's
# first user link is part of the signature ("<small>—Preceding unsigned comment added by").
_WRAPPER_REACH = 100


class _Page:
    """The page text with line arithmetic."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset."""
        return bisect.bisect_left(self.newlines, offset) + 1

    def line_start(self, line: int) -> int:
        return 0 if line <= 1 else (self.newlines[line - 2] + 1 if line - 2 < len(self.newlines) else len(self.text))

    def line_end(self, line: int) -> int:
        return self.newlines[line - 1] if line - 1 < len(self.newlines) else len(self.text)

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line):self.line_end(line)]


class _Boundary:
    """A signature, counted (a comment) or not (reported), in page order."""

    __slots__ = ("start", "end", "line", "author", "time", "counted")

    def __init__(self, start: int, end: int, line: int, author: str | None, time, counted: bool) -> None:
        self.start, self.end, self.line = start, end, line
        self.author, self.time, self.counted = author, time, counted


def parse_discussion(title: str, text: str, settings: ConsultationSettings) -> Discussion:
    """Read a talk page into sections, comments and findings. Never raises on page text."""
    try:
        code = parse(text)
    except ParserError as exc:  # mwparserfromhell's own internal error: report, do not crash
        return Discussion(title, (Section(LEAD, 0, 0, 1),),
                          (Finding(title, LEAD, 1, "unparseable-page", f"the page could not be parsed: {exc}"),))
    page = _Page(text)
    page_scan = scan(code, settings)
    headings = [e for e in page_scan.events if e.kind == "heading"]
    heading_starts = [h.start for h in headings]
    section_names = [LEAD, *(h.title for h in headings)]

    def section_of(offset: int) -> int:
        return bisect.bisect_right(heading_starts, offset)

    findings: list[Finding] = []

    def report(offset: int, code_: str, message: str, start: int | None = None, end: int | None = None) -> None:
        line = page.line_of(offset)
        shown = page.line_text(line) if start is None else text[start:end]
        findings.append(Finding(title, section_names[section_of(offset)], line, code_, message,
                                _shorten(shown.strip())))

    boundaries = _signatures(page, [e for e in page_scan.events if e.kind != "heading"], report)
    sections = _sections(page, headings, boundaries, page_scan.comment_spans, section_names, section_of, settings)
    findings.sort(key=lambda f: f.line)
    return Discussion(title, sections, tuple(findings))


def _signatures(page: _Page, events: list[Event], report) -> list[_Boundary]:
    """Pair user links with timestamps on each line; report what cannot be paired."""
    boundaries: list[_Boundary] = []
    pending: list[Event] = []
    current_line = 0

    def close_line() -> None:
        if pending and _dangling(page, pending):
            last = pending[-1]
            report(last.start, "signature-without-timestamp",
                   f"a signature of {last.user} with no timestamp after it on the line; not counted")
            boundaries.append(_Boundary(_signature_start(page, pending), last.end, page.line_of(last.start),
                                        last.user, None, counted=False))
        pending.clear()

    for event in events:
        line = page.line_of(event.start)
        if line != current_line:
            close_line()
            current_line = line
        if event.kind == "user":
            pending.append(event)
        elif event.kind == "unsigned":
            start = event.start
            if event.user is None:
                report(event.start, "unsigned-without-user", f"an unsigned template that names no user ({event.problem}); not counted",
                       event.start, event.end)
            elif event.problem:
                report(event.start, "unreadable-timestamp", f"the date of an unsigned template cannot be read: {event.problem}",
                       event.start, event.end)
            boundaries.append(_Boundary(start, event.end, line, event.user, event.time, counted=event.user is not None))
            pending.clear()
        elif event.kind == "timestamp":
            if event.stamp_kind == "timestamp" and pending:
                boundaries.append(_Boundary(_signature_start(page, pending), event.end, line, pending[-1].user,
                                            event.time, counted=True))
            else:
                if event.stamp_kind == "timestamp":
                    report(event.start, "timestamp-without-signature",
                           "a timestamp with no user link before it on the line; not counted")
                elif event.stamp_kind == "date-only":
                    report(event.start, "undated-signature",
                           f"{event.problem}{' after a signature of ' + pending[-1].user if pending else ''}; not counted")
                else:
                    report(event.start, "unreadable-timestamp", f"{event.problem}; not counted")
                start = _signature_start(page, pending) if pending else event.start
                boundaries.append(_Boundary(start, event.end, line, pending[-1].user if pending else None, None,
                                            counted=False))
            pending.clear()
    close_line()
    return boundaries


def _dangling(page: _Page, pending: list[Event]) -> bool:
    """Whether user links left on a line without a timestamp look like a signature.

    They do when nothing but punctuation and markup follows the last one on
    its line (``… --[[User:X|X]] ([[User talk:X|talk]])``) or when a signature
    dash stands before the first (``--[[User:X]] 24 October 2012``). A user
    named in the middle of a sentence is a mention, not a signature.
    """
    first, last = pending[0], pending[-1]
    line = page.line_of(last.start)
    tail = page.text[last.end:page.line_end(line)]
    before = page.text[page.line_start(page.line_of(first.start)):first.start]
    return not fragment_has_words(tail) or ends_with_signature_dash(before)


def _signature_start(page: _Page, pending: list[Event]) -> int:
    """Where the signature that ends with ``pending[-1]`` starts.

    Walk back over the user links before it while only punctuation and
    markup separate them (``[[User:X|X]] ([[User talk:X|talk]] •
    [[Special:Contributions/X|contribs]])``), then widen to an enclosing
    ``<small>``/``<span>`` that starts shortly before on the same line (the
    autosigned notes of SineBot and dewiki's "nicht signierter Beitrag").
    """
    index = len(pending) - 1
    while index > 0 and not fragment_has_words(page.text[pending[index - 1].end:pending[index].start]):
        index -= 1
    first = pending[index]
    start = first.start
    line_start = page.line_start(page.line_of(start))
    for wrapper in first.wrappers:
        if line_start <= wrapper < start and len(plain_fragment(page.text[wrapper:start])) <= _WRAPPER_REACH:
            return wrapper
    return start


def _sections(page: _Page, headings: list[Event], boundaries: list[_Boundary], comment_spans, section_names,
              section_of, settings: ConsultationSettings) -> tuple[Section, ...]:
    body_starts = [0, *(page.line_start(page.line_of(h.end) + 1) for h in headings)]
    per_section: list[list[Comment]] = [[] for _ in section_names]
    previous: _Boundary | None = None
    for boundary in boundaries:
        index = section_of(boundary.end - 1)
        if previous is not None and section_of(previous.end - 1) == index:
            if previous.line == boundary.line:
                text_start = previous.end
            else:
                text_start = page.line_start(previous.line + 1)
        else:
            text_start = body_starts[index]
        previous = boundary
        if not boundary.counted:
            continue
        text_start = min(text_start, boundary.start)
        visible = _without_comments(page.text, text_start, boundary.end, comment_spans)
        first_line, first_line_no = _first_line(visible, page, text_start)
        start = read_line_start(first_line, settings)
        body = _without_comments(page.text, text_start, boundary.start, comment_spans)
        is_reply = (start.indented or start.outdent) and bool(per_section[index])
        per_section[index].append(Comment(
            author=boundary.author or "",
            time=boundary.time,
            section=section_names[index],
            section_index=index,
            line=boundary.line,
            is_reply=is_reply,
            vote=start.vote,
            first_line_text=first_line,
            text=page.text[text_start:boundary.end],
            body=body,
            struck_vote=start.struck_vote,
            first_line=first_line_no,
            digest=digest_text(body, settings.text_rules, settings.digest_length),
        ))
    levels = [0, *(h.level for h in headings)]
    lines = [1, *(page.line_of(h.start) for h in headings)]
    return tuple(Section(section_names[i], i, levels[i], lines[i], tuple(per_section[i])) for i in range(len(section_names)))


def _without_comments(text: str, start: int, end: int, spans) -> str:
    """``text[start:end]`` with HTML comments removed (an empty string when end <= start)."""
    out: list[str] = []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= cursor or span_start >= end:
            continue
        out.append(text[cursor:max(cursor, span_start)])
        cursor = max(cursor, span_end)
    out.append(text[cursor:end])
    return "".join(out)


def _first_line(visible: str, page: _Page, text_start: int) -> tuple[str, int]:
    """The first non-blank line of a comment's text, and its line number (approximate after comments)."""
    first_line_no = page.line_of(text_start)
    for number, line in enumerate(visible.split("\n")):
        if line.strip():
            return line.rstrip(), first_line_no + number
    return "", first_line_no


_SPACES = re.compile(r"\s+")


def _shorten(text: str) -> str:
    text = _SPACES.sub(" ", text)
    return text if len(text) <= _FINDING_TEXT else text[:_FINDING_TEXT - 1] + "…"
