"""Edit summaries for deploy: say what changed, in words a template editor reads in the history.

``Deploy from schema v1: parameters added: sdg, budget; status changed (suggested values); infobox code updated``

Parameter changes come from comparing the TemplateData on the wiki with the
new one; the other pages say what kind of change they got (or how many
lines), and a forced deploy names whose edits it replaces.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.onwiki.pages import OnwikiPage
from bot.core.onwiki.templatedata import read_templatedata
from bot.core.render.escape import shorten

LIMIT = 450  # MediaWiki keeps 500 bytes of a summary; leave room for multi-byte characters
ASPECTS = dict(
    label="label",
    description="help text",
    type="value type",
    aliases="aliases",
    required="required",
    suggested="suggested",
    suggestedvalues="suggested values",
    example="example",
    default="default",
)
"""TemplateData's keys, and how an edit summary names a change of each."""


@dataclass(frozen=True)
class ParameterChanges:
    """How the template's parameters changed between two TemplateData objects."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    order: bool = False

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.order)

    def words(self) -> list[str]:
        parts = []
        if self.added:
            parts.append(f"{_count(self.added, 'parameter')} added: {', '.join(self.added)}")
        if self.removed:
            parts.append(f"{_count(self.removed, 'parameter')} removed: {', '.join(self.removed)}")
        for name, aspects in self.changed:
            parts.append(f"{name} changed ({', '.join(aspects)})")
        if self.order and not (self.added or self.removed):
            parts.append("parameter order changed")
        return parts


def _count(names: Sequence[str], word: str) -> str:
    return f"{len(names)} {word}{'s' if len(names) != 1 else ''}"


def parameter_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> ParameterChanges | None:
    """The changes from ``old`` to ``new`` TemplateData; None when there was no readable old one."""
    if old is None or not isinstance(old.get("params"), dict):
        return None
    before, after = old["params"], new["params"]
    changed = []
    for name in after:
        if name in before:
            aspects = tuple(
                word for key, word in ASPECTS.items() if _norm(before[name], key) != _norm(after[name], key)
            )
            if aspects:
                changed.append((name, aspects))
    return ParameterChanges(
        added=tuple(n for n in after if n not in before),
        removed=tuple(n for n in before if n not in after),
        changed=tuple(changed),
        order=list(old.get("paramOrder") or []) != list(new.get("paramOrder") or []),
    )


def _norm(param: Any, key: str) -> Any:
    value = param.get(key) if isinstance(param, dict) else None
    if key in ("required", "suggested"):
        return bool(value)
    if key in ("aliases", "suggestedvalues"):
        return list(value or [])
    return value


def line_counts(old: str, new: str) -> str:
    added = removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("+ "):
            added += 1
        elif line.startswith("- "):
            removed += 1
    return f"+{added}/-{removed} lines"


def _outside_templatedata(text: str) -> str:
    start, end = text.find("<templatedata>"), text.find("</templatedata>")
    return text if start < 0 or end < 0 else text[:start] + text[end:]


def edit_summary(
    page: OnwikiPage,
    old_text: str | None,
    *,
    version: int,
    changes: ParameterChanges | None,
    overwrites: Sequence[str] = (),
) -> str:
    """The summary for saving ``page`` over ``old_text`` (None: the page is new)."""
    head = f"Deploy from schema v{version}"
    parts: list[str] = []
    if old_text is None:
        parts.append("new page")
    elif page.kind == "redirect":
        parts.append("redirect to " + page.text.split("[[", 1)[-1].split("]]", 1)[0])
    else:
        if page.kind in ("template", "doc", "preload") and changes:
            parts.extend(changes.words())
        if page.kind == "template":
            if changes is None and read_templatedata(page.text) != read_templatedata(old_text):
                parts.append("TemplateData rewritten")
            if _outside_templatedata(old_text).strip() != _outside_templatedata(page.text).strip():
                parts.append("infobox code updated")
        elif page.kind == "main":
            parts.append(f"instructions and create box updated ({line_counts(old_text, page.text)}); the index is kept")
        if not parts:
            parts.append(f"text updated ({line_counts(old_text, page.text)})")
    if overwrites:
        parts.append(f"replaces edits by {', '.join(overwrites)} (-force)")
    return shorten(f"{head}: {'; '.join(parts)}", LIMIT)
