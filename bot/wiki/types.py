"""The plain values that cross the wiki's door: pages as read, save results, errors.

Part of :mod:`bot.wiki`; nothing here talks to a wiki.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.core.records import Snapshot


@dataclass
class RequestCounter:
    """Counts the HTTP requests this process sends to the wiki.

    It hooks Pywikibot's ``requests`` session, so it sees real traffic
    (logins, retries and continuations included), not an estimate.
    """

    count: int = 0

    def __call__(self, response: Any, *args: Any, **kwargs: Any) -> Any:
        self.count += 1
        return response


@dataclass
class PageCopy:
    """A page as the bot read it before editing: the base for conflict detection."""

    title: str
    exists: bool
    text: str = ""
    revision: int | None = None
    content_model: str = "wikitext"
    bots_allowed: bool = True


@dataclass(frozen=True, slots=True)
class SaveResult:
    """What happened to one save: ``saved``, or why not (a value, never an exception)."""

    status: str  # saved | conflict | protected | deleted | exists | failed
    message: str = ""
    revision: int | None = None


@dataclass(frozen=True, slots=True)
class PageState:
    """Whether a title exists, is a redirect, and when it was last edited (ISO 8601, UTC)."""

    exists: bool
    redirect: bool = False
    timestamp: str | None = None


@dataclass(frozen=True, slots=True)
class PageRevision:
    """One revision in a page's history: who saved it, when, and with which summary."""

    revid: int
    user: str
    timestamp: str = ""
    comment: str = ""


def _snapshot(page: dict[str, Any]) -> Snapshot | None:
    """A snapshot from an API page object, or None when its text is not readable."""
    revisions = page.get("revisions") or []
    if page.get("missing") or not revisions:
        return None
    revision = revisions[-1]
    slot = revision.get("slots", {}).get("main", {})
    if slot.get("texthidden") or "content" not in slot:
        return None
    return Snapshot(page["title"], slot["content"], revision.get("revid"), revision.get("timestamp"))


def _one_line(exc: BaseException | str) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"
