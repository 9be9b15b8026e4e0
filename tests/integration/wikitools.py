"""Small helpers for integration tests: acting as a human on the local wiki."""

from __future__ import annotations

from typing import Any


def edit(pywikibot: Any, site: Any, title: str, text: str, summary: str = "human edit") -> None:
    """Save ``text`` as a human would: not minor, not flagged as a bot edit."""
    page = pywikibot.Page(site, title)
    page.text = text
    page.save(summary=summary, minor=False, bot=False)
