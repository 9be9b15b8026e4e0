"""The logged-in site: :class:`Wiki`, and :func:`connect`, which makes one.

Part of :mod:`bot.wiki`. Pywikibot is imported only when a command actually
talks to a wiki, because importing it reads ``user-config.py`` and creating a
Site logs in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from bot.wiki.pages import PageAccess
from bot.wiki.reads import RegistryReads
from bot.wiki.types import RequestCounter, WikiError, _one_line


@dataclass
class Wiki(RegistryReads, PageAccess):
    """A logged-in site plus the request counter; all reads and writes go through it."""

    site: Any
    counter: RequestCounter = field(default_factory=RequestCounter)

    @classmethod
    def attach(cls, site: Any) -> "Wiki":
        """Wrap a logged-in Pywikibot site, counting the requests sent from now on."""
        from pywikibot.comms import http

        counter = RequestCounter()
        http.session.hooks.setdefault("response", []).append(counter)
        return cls(site, counter)

    @property
    def requests(self) -> int:
        return self.counter.count

    @property
    def key(self) -> str:
        """Names the wiki in state files: family and code."""
        return f"{self.site.family.name}:{self.site.code}"

    @property
    def batch_size(self) -> int:
        """Pages per content request: 500 with ``apihighlimits``, else 50."""
        return 500 if self.site.has_right("apihighlimits") else 50

    def query(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Run a query with its continuations, yielding each response's ``query`` part."""
        params = {"action": "query", "formatversion": "2", **params}
        while True:
            result = self.site.simple_request(**params).submit()
            yield result.get("query", {})
            if "continue" not in result:
                return
            params.update(result["continue"])

    def template_titles(self, names: Iterable[str]) -> list[str]:
        """``Partnership`` -> ``Template:Partnership``, in the wiki's own name for the namespace."""
        return titles_with_namespace(self.site, names)

    def account(self) -> str:
        """The user name the bot is logged in as (what the page histories show)."""
        return self.site.user() or self.site.username()

    def has_right(self, right: str) -> bool:
        """True when this session has the user right ``right`` (such as ``bot``).

        With a BotPassword, MediaWiki grants the account's group rights only
        as far as the password's grants allow: ``bot`` needs both membership
        of the bot group and the "High-volume editing" grant. Without it the
        edits are saved but not flagged as bot edits, and flood watchlists.
        """
        return bool(self.site.has_right(right))

    def read_only_reason(self) -> str | None:
        """Why the wiki refuses edits now (``$wgReadOnly``, a database switch-over), or None when it takes them.

        One request and no retries: it is asked right after a save failed
        through Pywikibot's retries, to tell a read-only wiki (every further
        save would wait as long, and fail) from a refusal of this one edit.
        A wiki that does not answer raises Pywikibot's error at once.
        """
        from pywikibot.data import api

        request = api.Request(site=self.site, parameters={"action": "query", "meta": "siteinfo",
                                                          "siprop": "general", "formatversion": "2"},
                              max_retries=0, use_get=True)
        general = request.submit().get("query", {}).get("general", {})
        if not general.get("readonly"):
            return None
        return str(general.get("readonlyreason") or "no reason given")


def connect(global_args: Sequence[str]) -> Wiki:
    """Create the site from Pywikibot's configuration and global options, and log in.

    Operator errors (no ``user-config.py``, unknown family, login refused,
    wiki unreachable) become :class:`WikiError` with one line that says what
    to fix.
    """
    try:
        import pywikibot
        from pywikibot import config
        from pywikibot.exceptions import Error as PywikibotError
    except RuntimeError as exc:  # Pywikibot raises this when user-config.py is missing
        raise WikiError(f"Pywikibot is not configured ({exc}); set PYWIKIBOT_DIR to a folder with user-config.py") from None
    try:
        pywikibot.handle_args(list(global_args))
        site = pywikibot.Site()
        wiki = Wiki.attach(site)
        site.login()
    except SystemExit as exc:
        raise WikiError(f"Pywikibot could not start (exit {exc.code}); check user-config.py in {config.base_dir}") from None
    except PywikibotError as exc:
        raise WikiError(f"cannot log in to the wiki: {_one_line(exc)}") from None
    except Exception as exc:  # requests' connection errors and the like
        raise WikiError(f"cannot reach the wiki: {_one_line(exc)}") from None
    if not site.logged_in():
        raise WikiError(f"not logged in to {site}: check the account and password file in {config.base_dir}")
    return wiki


def pywikibot_dir() -> str | None:
    return os.environ.get("PYWIKIBOT_DIR")


def titles_with_namespace(site: Any, names: Iterable[str], namespace: int = 10) -> list[str]:
    """``Partnership`` -> ``Template:Partnership`` in the wiki's own namespace name."""
    prefix = site.namespaces[namespace].custom_name
    return [f"{prefix}:{name}" for name in names]
