"""The logged-in site: :class:`Wiki`, and :func:`connect`, which makes one.

Part of :mod:`bot.wiki`. Pywikibot is imported only when a command actually
talks to a wiki, because importing it reads ``user-config.py`` and creating a
Site logs in.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import LoginFailed, MissingRight, PywikibotNotConfigured
from bot.wiki.door import check_user_config, quick, route_output, translated
from bot.wiki.pages import PageAccess
from bot.wiki.reads import RegistryReads
from bot.wiki.siteinfo import SiteInfo
from bot.wiki.types import RequestCounter


@dataclass
class Wiki(RegistryReads, PageAccess, SiteInfo):
    """A logged-in site plus the request counter; all reads and writes go through it."""

    site: Any
    counter: RequestCounter = field(default_factory=RequestCounter)
    url: str = ""
    log: Path | None = None

    @classmethod
    def attach(cls, site: Any, *, url: str = "", log: Path | None = None) -> Wiki:
        """Wrap a logged-in Pywikibot site, counting the requests sent from now on."""
        from pywikibot.comms import http

        counter = RequestCounter()
        http.session.hooks.setdefault("response", []).append(counter)
        return cls(site, counter, url or str(site.base_url(site.apipath())), log)

    def __post_init__(self) -> None:
        if not self.url:
            try:
                self.url = str(self.site.base_url(self.site.apipath()))
            except Exception:  # a site without a family path (never Pywikibot's real ones): messages say less
                self.url = ""

    def translated(self) -> Any:
        """A block whose Pywikibot exceptions become operator errors naming this wiki."""
        return translated(url=self.url, log=self.log)

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
            with self.translated():
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
        return str(self.site.user() or self.site.username())

    def has_right(self, right: str) -> bool:
        """True when this session has the user right ``right`` (such as ``bot``).

        With a BotPassword, MediaWiki grants the account's group rights only
        as far as the password's grants allow: ``bot`` needs both membership
        of the bot group and the "High-volume editing" grant. Without it the
        edits are saved but not flagged as bot edits, and flood watchlists.
        """
        with self.translated():
            return bool(self.site.has_right(right))

    def read_only_reason(self) -> str | None:
        """Why the wiki refuses edits now (``$wgReadOnly``, a database switch-over), or None when it takes them.

        One request and no retries: it is asked right after a save failed
        through Pywikibot's retries, to tell a read-only wiki (every further
        save would wait as long, and fail) from a refusal of this one edit.
        A wiki that does not answer raises :class:`bot.errors.WikiUnreachable` at once.
        """
        from pywikibot.data import api

        with self.translated():
            request = api.Request(
                site=self.site,
                parameters={"action": "query", "meta": "siteinfo", "siprop": "general", "formatversion": "2"},
                max_retries=0,
                use_get=True,
            )
            general = request.submit().get("query", {}).get("general", {})
        if not general.get("readonly"):
            return None
        return str(general.get("readonlyreason") or "no reason given")


def connect(global_args: Sequence[str], *, log_file: Path | None = None, need_rights: Sequence[str] = ()) -> Wiki:
    """Create the site from Pywikibot's configuration and global options, and log in.

    Every operator mistake becomes one :class:`bot.errors.OperatorError`
    (see :mod:`bot.wiki.door`): no ``user-config.py``, an unknown family, a
    refused login, a wiki that does not answer (reported with its host and
    port within seconds: connecting retries once, not ``max_retries``
    times), or a missing right of ``need_rights``. Pywikibot's own terminal
    output goes to ``log_file``.
    """
    folder = check_user_config(global_args)
    try:
        import pywikibot
        from pywikibot import config
    except Exception as exc:  # user-config.py itself raised (a typo in it), or the folder vanished
        raise PywikibotNotConfigured(
            f"Pywikibot cannot read {folder}/user-config.py: {' '.join(str(exc).split())[:200]}"
        ) from None

    log = route_output(log_file, global_args)
    previous = quick(config)
    try:
        with translated(log=log):
            try:
                pywikibot.handle_args(list(global_args))
            except SystemExit as exc:
                raise PywikibotNotConfigured(
                    f"Pywikibot could not start with the global options given "
                    f"(exit {exc.code}); check them and user-config.py in "
                    f"{config.base_dir}"
                ) from None
            site = pywikibot.Site()
            url = str(site.base_url(site.apipath()))
        with translated(url=url, log=log):
            wiki = Wiki.attach(site, url=url, log=log)
            site.login()
            if not site.logged_in():
                raise LoginFailed(
                    f"not logged in to {url}: check the account in user-config.py and its "
                    f"BotPassword in the password file in {config.base_dir}"
                )
            for right in need_rights:
                if not site.has_right(right):
                    raise MissingRight(missing_right_message(wiki.account(), right))
    finally:
        for key, value in previous.items():
            setattr(config, key, value)
    return wiki


RIGHT_GRANTS = {
    "bot": ("the bot group", "High-volume editing"),
    "editcontentmodel": ("a group with editcontentmodel (administrators on Wikimedia wikis)", "Edit existing pages"),
    "edit": ("a confirmed account", "Edit existing pages"),
    "createpage": ("a confirmed account", "Create, edit, and move pages"),
}


def missing_right_message(user: str, right: str, *, otherwise: str = "") -> str:
    """One line: which right is missing, and the group and BotPassword grant that give it (or ``otherwise``)."""
    group, grant = RIGHT_GRANTS.get(right, ("a group with it", "the matching grant"))
    text = (
        f"the account {user} lacks the '{right}' right: it needs {group} on the wiki and a BotPassword with "
        f"the '{grant}' grant (Special:BotPasswords)"
    )
    return f"{text}, or {otherwise}" if otherwise else text


def pywikibot_dir() -> str | None:
    return os.environ.get("PYWIKIBOT_DIR")


def titles_with_namespace(site: Any, names: Iterable[str], namespace: int = 10) -> list[str]:
    """``Partnership`` -> ``Template:Partnership`` in the wiki's own namespace name."""
    prefix = site.namespaces[namespace].custom_name
    return [f"{prefix}:{name}" for name in names]
