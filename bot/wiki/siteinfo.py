"""What the wiki says of itself: namespaces, aliases, language, time zone (cached).

Part of :mod:`bot.wiki`. Signatures link the User and User talk namespaces
under any of their names and aliases (``[[У:X]]``, ``[[ОУ:X]]`` exist on the
Russian Wikipedia only, configured there, in no language file) and
Special:Contributions under any of its aliases; the wiki's siteinfo lists
them all. Pywikibot already asks for the namespaces and their aliases when
it logs in (``site.namespaces``); the special page aliases and the time zone
come from ``siteinfo`` (one request at most, cached by Pywikibot too).

The result is cached in the state directory (``siteinfo-<family>-<code>.json``)
for :data:`MAX_AGE` so that scheduled runs do not ask again; a missing,
damaged or old cache is read anew, never an error.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.discussion.conventions import WikiConventions

MAX_AGE = 7 * 24 * 3600
"""Seconds a cached siteinfo is trusted (namespace names change rarely)."""
_NAMESPACES = {-1: "special", 2: "user", 3: "user"}


class SiteInfo:
    """The read method :class:`bot.wiki.Wiki` gets from this module."""

    site: Any

    @property
    def key(self) -> str:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def translated(self) -> Any:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def conventions(self, state_dir: Path | str | None = None) -> WikiConventions:
        """The wiki's language, namespace names and aliases, Contributions aliases and zone abbreviations."""
        cache = _cache_path(Path(state_dir), self.key) if state_dir else None
        if cache is not None:
            cached = _read_cache(cache)
            if cached is not None:
                return cached
        with self.translated():
            found = self._read_conventions()
        if cache is not None:
            _write_cache(cache, found)
        return found

    def _read_conventions(self) -> WikiConventions:
        site = self.site
        names: dict[str, list[str]] = {"special": [], "user": []}
        for number, group in _NAMESPACES.items():
            namespace = site.namespaces[number]
            for value in (namespace.custom_name, namespace.canonical_name, *namespace.aliases):
                if value and value not in names[group]:
                    names[group].append(str(value))
        contributions: list[str] = []
        for entry in site.siteinfo.get("specialpagealiases", []) or []:
            if entry.get("realname") == "Contributions":
                contributions.extend(str(alias) for alias in entry.get("aliases", []))
        general = site.siteinfo.get("general", {}) or {}
        zone = str(general.get("timezone") or "UTC")
        return WikiConventions(
            language=str(general.get("lang") or site.lang),
            user_namespaces=tuple(names["user"]),
            special_namespaces=tuple(names["special"]),
            contributions_pages=tuple(contributions) or ("Contributions",),
            time_zones=MappingProxyType(zone_abbreviations(zone, int(general.get("timeoffset") or 0))),
            timezone=zone,
        )


def zone_abbreviations(zone: str, offset: int) -> dict[str, int]:
    """The abbreviations a wiki in time zone ``zone`` prints in signatures, with their offsets in minutes.

    MediaWiki prints PHP's abbreviation of the local time (``KST``, ``CET`` in
    winter and ``CEST`` in summer); both of a year's are listed, from the
    time-zone database. A zone the database does not know keeps the wiki's
    current offset under its own name.
    """
    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return {zone.upper(): offset}
    found: dict[str, int] = {}
    year = datetime.now(UTC).year
    for month in (1, 7):
        moment = datetime(year, month, 15, 12, tzinfo=info)
        name, delta = moment.tzname(), moment.utcoffset()
        if name and delta is not None:
            found[name.upper()] = int(delta.total_seconds() // 60)
    return found


def _cache_path(state_dir: Path, key: str) -> Path:
    return state_dir / f"siteinfo-{key.replace(':', '-')}.json"


def _read_cache(path: Path) -> WikiConventions | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if time.time() - float(data["saved"]) > MAX_AGE:
            return None
        return WikiConventions.from_dict(data["conventions"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, conventions: WikiConventions) -> None:
    """Write atomically; a state directory that cannot be written only costs a request next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".siteinfo-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"saved": time.time(), "conventions": conventions.as_dict()}, out, ensure_ascii=False)
        os.replace(temporary, path)
    except OSError:
        return
