"""Frozen data the discussion parser produces: sections, comments and findings.

A :class:`Discussion` is what one talk page says, read without judgement:
every section (the lead included, even when empty), every comment found by
its signature, and a :class:`Finding` for everything the parser saw but
could not read (a timestamp without a user, a signature without a date ...).
Counting and summarising happen later, in :mod:`bot.core.discussion.counting`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

LEAD = "(lead)"
"""The name of the text before the first heading."""


@dataclass(frozen=True, slots=True)
class Finding:
    """Something on the page the parser could not count, for an editor to check.

    ``line`` is 1-based; ``text`` is the line (or the part of it) concerned.
    ``message`` is the parser's English sentence (in the JSON output);
    ``key`` names the same finding as a message (``i18n/``) for the summary
    in other languages, with ``params`` for its ``$1``, ``$2`` ... (values
    from the page: a user, a time; never English words).
    """

    page: str
    section: str
    line: int
    code: str
    message: str
    text: str = ""
    key: str = ""
    params: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Comment:
    """One signed comment.

    ``time`` is in UTC, or None when only an ``{{unsigned}}`` template without a
    readable date signs it. ``line`` is the line of the signature. ``text`` runs
    from the line after the previous signature (or heading) to the end of this
    signature, as the spec defines; ``body`` is the same text without the
    signature (the comment's own words); ``first_line_text`` is the first
    non-blank line of ``text`` with HTML comments removed. ``is_reply`` follows
    the spec (indented first line, not the first comment of its section).
    ``vote`` is ``support``, ``oppose``, ``neutral`` or None; ``struck_vote``
    is a vote that was struck out and so does not count. ``first_line`` is
    the line number of ``first_line_text``; ``digest`` is the first sentence of
    ``body`` as plain text (see :mod:`bot.core.discussion.digest`).
    """

    author: str
    time: datetime | None
    section: str
    section_index: int
    line: int
    is_reply: bool
    vote: str | None
    first_line_text: str
    text: str
    body: str = ""
    struck_vote: str | None = None
    first_line: int = 0
    digest: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A section: the lead (index 0, level 0) or a top-level heading and what follows it."""

    title: str
    index: int
    level: int
    line: int
    comments: tuple[Comment, ...] = ()
    page: str = ""
    """The page the section stands on, when a consultation has several (empty: the discussion's page)."""

    @property
    def is_lead(self) -> bool:
        return self.index == 0


@dataclass(frozen=True, slots=True)
class Discussion:
    """A parsed talk page: its sections in page order and what could not be read."""

    page: str
    sections: tuple[Section, ...]
    findings: tuple[Finding, ...] = ()

    @property
    def comments(self) -> tuple[Comment, ...]:
        """Every comment in page order."""
        return tuple(c for s in self.sections for c in s.comments)
