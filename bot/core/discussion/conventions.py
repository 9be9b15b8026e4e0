"""What a wiki says of itself that matters for reading signatures.

MediaWiki's ``action=query&meta=siteinfo`` lists the wiki's content
language, its time zone, every namespace name and alias, and the aliases of
each special page. Signatures link the User and User talk namespaces under
any of their names (the Russian Wikipedia's ``[[У:X]]`` and ``[[ОУ:X]]`` are
aliases configured on that wiki only, in no language file), and
``Special:Contributions`` under any of its aliases. ``bot/wiki/`` reads
these once and caches them (see ``Wiki.conventions``); the pure parser gets
them as this frozen value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class WikiConventions:
    """A wiki's content language, namespace names, Contributions aliases and zone abbreviations.

    ``time_zones`` maps the abbreviations the wiki prints in signatures
    (``KST``, ``CET``, ``CEST``) to their offset from UTC in minutes.
    """

    language: str
    user_namespaces: tuple[str, ...] = ()
    special_namespaces: tuple[str, ...] = ()
    contributions_pages: tuple[str, ...] = ()
    time_zones: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    timezone: str = "UTC"

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "user_namespaces": list(self.user_namespaces),
            "special_namespaces": list(self.special_namespaces),
            "contributions_pages": list(self.contributions_pages),
            "time_zones": dict(self.time_zones),
            "timezone": self.timezone,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> WikiConventions:
        """Read :meth:`as_dict`'s form back (raises KeyError/TypeError/ValueError on damage)."""
        zones = {str(k): int(v) for k, v in dict(data.get("time_zones") or {}).items()}
        return cls(
            language=str(data["language"]),
            user_namespaces=tuple(str(n) for n in data.get("user_namespaces") or ()),
            special_namespaces=tuple(str(n) for n in data.get("special_namespaces") or ()),
            contributions_pages=tuple(str(n) for n in data.get("contributions_pages") or ()),
            time_zones=MappingProxyType(zones),
            timezone=str(data.get("timezone") or "UTC"),
        )
