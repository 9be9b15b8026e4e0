"""Several pages, one consultation: its archives and translations merged.

A consultation that outgrew its page continues on archive pages
(``…/Archive 1``), and a translated consultation has a page per language
(``…/fr``). ``page = [main, ...]`` in ``[[consultations]]`` names them all;
their discussions are merged here before counting, so the summary counts
each comment once, wherever it stands:

* **Sections** with the same title (after the archive bot moved half a
  thread, or the same question on two pages) are one section; the others
  follow in page order, the main page first. The lead of every page is the
  one lead.
* **Each comment counts once**: a comment that stands on two pages (copied
  to the archive before it was removed from the page) is the same comment
  when its section, author, time and words are the same. Two such comments
  on one page both count (a voter who pasted the same vote into two
  discussions at the same minute); comments without a time are never
  merged: nothing says they are the same.
* A merged section remembers the page it first appeared on, so the summary
  links it there (``Section.page``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.discussion.model import LEAD, Comment, Discussion, Finding, Section


def merge_discussions(title: str, discussions: Sequence[Discussion]) -> Discussion:
    """One discussion named ``title`` from the pages' discussions, in the order given."""
    if len(discussions) == 1 and discussions[0].page == title:
        return discussions[0]
    order: list[str] = []
    found: dict[str, tuple[Section, list[Comment]]] = {}
    seen: dict[tuple[str, str, str, str], str] = {}
    findings: list[Finding] = []
    for discussion in discussions:
        findings.extend(discussion.findings)
        for section in discussion.sections:
            if section.title not in found:
                order.append(section.title)
                found[section.title] = (replace(section, page=section.page or discussion.page), [])
            comments = found[section.title][1]
            for comment in section.comments:
                key = _identity(section.title, comment)
                if key is not None and seen.setdefault(key, discussion.page) != discussion.page:
                    continue  # the same comment on another page of the consultation
                comments.append(comment)
    if LEAD not in found:
        order.insert(0, LEAD)
        found[LEAD] = (Section(LEAD, 0, 0, 1, page=title), [])
    else:
        order.remove(LEAD)
        order.insert(0, LEAD)
    sections = []
    for index, name in enumerate(order):
        section, comments = found[name]
        renumbered = tuple(replace(c, section_index=index) for c in comments)
        sections.append(replace(section, index=index, comments=renumbered))
    return Discussion(title, tuple(sections), tuple(findings))


def _identity(section: str, comment: Comment) -> tuple[str, str, str, str] | None:
    if comment.time is None:
        return None
    return (section, comment.author, comment.time.isoformat(), " ".join(comment.body.split()))
