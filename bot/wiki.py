"""The bot's one door to the wiki: the only module that uses Pywikibot's Site and Page.

Everything else in the bot works on plain data (:class:`bot.records.Snapshot`).
Reads are batched: the registry's scope is listed with one request per 5,000
pages and page texts are fetched 50 per request (500 with a bot account's
``apihighlimits``), never one request per page. Pywikibot is imported only
when a command actually talks to a wiki, because importing it reads
``user-config.py`` and creating a Site logs in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from bot.options import is_generator_option  # noqa: F401  (re-exported for jobs)
from bot.reading import Listed
from bot.records import Snapshot

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pywikibot


class WikiError(Exception):
    """The wiki cannot be used (no configuration, login refused, unreachable)."""


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
    handle: Any = None  # the pywikibot.Page, kept for the save


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


@dataclass
class Wiki:
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

    def listing(self, templates: Sequence[str], namespaces: Sequence[int]) -> list[Listed]:
        """Every page that uses one of ``templates``, with its page id and latest revision."""
        params: dict[str, Any] = {
            "generator": "transcludedin",
            "titles": "|".join(templates),
            "gtilimit": "max",
            "prop": "info",
        }
        if namespaces:
            params["gtinamespace"] = "|".join(str(n) for n in namespaces)
        found: dict[int, Listed] = {}
        for part in self.query(params):
            for page in part.get("pages", []):
                if "pageid" in page and "lastrevid" in page and page.get("ns", 0) >= 0:
                    found[page["pageid"]] = Listed(page["pageid"], page["title"], page["lastrevid"])
        return sorted(found.values(), key=lambda item: item.pageid)

    def fetch(self, pageids: Sequence[int]) -> tuple[list[tuple[int, Snapshot]], list[str]]:
        """The current text of pages by id, in batches; also the titles that failed to load."""
        snapshots: list[tuple[int, Snapshot]] = []
        failures: list[str] = []
        size = self.batch_size
        for start in range(0, len(pageids), size):
            batch = pageids[start:start + size]
            pages = self._revisions({"pageids": "|".join(str(p) for p in batch)})
            for pageid in batch:
                page = pages.get(pageid)
                snapshot = _snapshot(page) if page else None
                if snapshot is None:
                    failures.append(page.get("title", f"page id {pageid}") if page else f"page id {pageid}")
                else:
                    snapshots.append((pageid, snapshot))
        return snapshots, failures

    def read_scope(self, templates: Sequence[str], namespaces: Sequence[int]) -> tuple[list[tuple[int, Snapshot]], list[str]]:
        """A full read: every page using the templates, with text, in as few requests as the API allows."""
        params: dict[str, Any] = {
            "generator": "transcludedin",
            "titles": "|".join(templates),
            "gtilimit": str(self.batch_size),
        }
        if namespaces:
            params["gtinamespace"] = "|".join(str(n) for n in namespaces)
        pages = self._revisions(params)
        snapshots, failures = [], []
        for pageid, page in sorted(pages.items()):
            snapshot = _snapshot(page)
            if snapshot is None:
                failures.append(page.get("title", f"page id {pageid}"))
            else:
                snapshots.append((pageid, snapshot))
        return snapshots, failures

    def _revisions(self, params: dict[str, Any]) -> dict[int, dict[str, Any]]:
        """Pages with their latest revision's ids, timestamp and text, merged over continuations."""
        params = {**params, "prop": "revisions", "rvprop": "ids|timestamp|content", "rvslots": "main"}
        pages: dict[int, dict[str, Any]] = {}
        for part in self.query(params):
            for page in part.get("pages", []):
                if "pageid" not in page:
                    continue
                merged = pages.setdefault(page["pageid"], {})
                revisions = merged.get("revisions", [])
                merged.update(page)
                merged["revisions"] = revisions + page.get("revisions", [])
        return pages

    def generator_pages(self, args: Sequence[str]) -> tuple[list[tuple[int, Snapshot]], list[str]]:
        """Pages chosen with Pywikibot's generator options (``-cat:``, ``-page:`` ...), preloaded."""
        from pywikibot import pagegenerators

        factory = pagegenerators.GeneratorFactory(self.site)
        for arg in args:
            if not factory.handle_arg(arg):
                raise WikiError(f"unknown page generator option '{arg}'")
        generator = factory.getCombinedGenerator()
        if generator is None:
            return [], []
        pageids = []
        for page in generator:
            if page.exists():
                pageids.append(page.pageid)
        return self.fetch(list(dict.fromkeys(pageids)))


    def read_pages(self, titles: Sequence[str]) -> dict[str, PageCopy]:
        """Several pages with their text, latest revision and content model, in one request.

        Keys are the titles as given (MediaWiki's normalisation of a title,
        ``Foo_bar`` to ``Foo bar``, is followed). ``{{bots}}``/``{{nobots}}``
        is checked on the text (:mod:`bot.exclusion`), costing no request.
        """
        import pywikibot

        from bot.exclusion import bots_allowed

        copies: dict[str, PageCopy] = {}
        user = self.site.username() or ""
        for start in range(0, len(titles), 50):
            batch = list(dict.fromkeys(titles[start:start + 50]))
            found: dict[str, dict[str, Any]] = {}
            renamed: dict[str, str] = {}
            params = {"titles": "|".join(batch), "prop": "revisions|info", "rvprop": "ids|timestamp|content",
                      "rvslots": "main"}
            for part in self.query(params):
                for item in part.get("normalized", []):
                    renamed[item["from"]] = item["to"]
                for page in part.get("pages", []):
                    merged = found.setdefault(page["title"], {})
                    merged.update({k: v for k, v in page.items() if k != "revisions"})
                    merged.setdefault("revisions", []).extend(page.get("revisions", []))
            for title in batch:
                page = found.get(renamed.get(title, title), {})
                handle = pywikibot.Page(self.site, page.get("title", title))
                snapshot = _snapshot(page) if page else None
                if snapshot is None:
                    copies[title] = PageCopy(page.get("title", title), False, handle=handle)
                    continue
                copies[title] = PageCopy(
                    title=snapshot.title, exists=True, text=snapshot.text, revision=snapshot.revision,
                    content_model=page.get("contentmodel", "wikitext"),
                    bots_allowed=bots_allowed(snapshot.text, user), handle=handle,
                )
        return copies

    def read_page(self, title: str) -> PageCopy:
        """One page, as :meth:`read_pages` reads it."""
        return self.read_pages([title])[title]

    def history(self, title: str) -> Iterator[PageRevision]:
        """The page's revisions, newest first, 50 per request, fetched only as far as the caller reads.

        A hidden user name (revision deletion) reads as ``(hidden)``, so it
        never matches the bot's own name.
        """
        params = {"prop": "revisions", "titles": title, "rvprop": "ids|user|timestamp|comment", "rvlimit": "50"}
        for part in self.query(params):
            for page in part.get("pages", []):
                for rev in page.get("revisions", []):
                    user = "(hidden)" if rev.get("userhidden") else rev.get("user", "")
                    yield PageRevision(rev["revid"], user, rev.get("timestamp", ""), rev.get("comment", ""))

    def account(self) -> str:
        """The user name the bot is logged in as (what the page histories show)."""
        return self.site.user() or self.site.username()

    def was_deleted(self, title: str) -> bool:
        """True when the deletion log has an entry for the title (an administrator deleted it)."""
        for part in self.query({"list": "logevents", "letype": "delete", "letitle": title, "lelimit": "1"}):
            for event in part.get("logevents", []):
                if event.get("action") in ("delete", "delete_redir"):
                    return True
        return False


    def save(self, copy: PageCopy, text: str, *, summary: str, content_model: str | None = None) -> SaveResult:
        """Save ``text`` over ``copy``, in one request; a human edit since the read is a conflict.

        The edit goes through Pywikibot's request layer (login, token, maxlag,
        retries, ``-simulate``) but not ``APISite.editpage``, which looks the
        page up again before every save and resubmits after AbuseFilter
        warnings. The rules:

        * an existing page: ``nocreate`` (a page deleted meanwhile is not
          brought back) and ``baserevid`` only. With ``basetimestamp`` MediaWiki
          "suppresses an edit conflict with self" when no other user saved
          *after* that second, so a human edit in the same second as the
          bot's read would be overwritten;
        * a new page: ``createonly`` (a page created meanwhile is not
          overwritten); the caller has checked the deletion log;
        * edits are marked as bot edits only when the account has the ``bot``
          right (the BotPassword's high-volume grant).
        """
        from pywikibot import exceptions as pwb

        params: dict[str, Any] = {"action": "edit", "title": copy.title, "text": text, "summary": summary,
                                  "notminor": True, "token": self.site.tokens["csrf"]}
        if self.site.has_right("bot"):
            params["bot"] = True
        if copy.exists:
            params.update(nocreate=True, baserevid=copy.revision)
        else:
            params["createonly"] = True
        if content_model and content_model != copy.content_model:
            params["contentmodel"] = content_model
        try:
            result = self.site.simple_request(**params).submit()
        except pwb.APIError as exc:
            return SaveResult(_SAVE_ERRORS.get(exc.code, "failed"), _one_line(f"{exc.code}: {exc.info}"))
        except pwb.Error as exc:
            return SaveResult("failed", _one_line(exc))
        edit = result.get("edit", {})
        if edit.get("result") != "Success":
            reason = edit.get("warning") or edit.get("info") or edit.get("code") or "the wiki did not accept the edit"
            return SaveResult("failed", _one_line(str(reason)))
        return SaveResult("saved", revision=edit.get("newrevid") or copy.revision)

    def page_text(self, title: str) -> str | None:
        """The current text of a page, or None when it does not exist."""
        copy = self.read_page(title)
        return copy.text if copy.exists else None

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

    def read_titles(self, titles: Sequence[str]) -> tuple[dict[str, Snapshot], dict[str, str]]:
        """The current text of pages named by title, 50 (500) per request, following redirects.

        Returns the snapshots by the title as asked (the snapshot carries the
        page's real title: MediaWiki normalises ``talk:x`` to ``Talk:X`` and the
        request follows a redirect left by a page move), and for every title
        without one, why: it does not exist, it is not a valid title, or its
        text is hidden.
        """
        found: dict[str, Snapshot] = {}
        problems: dict[str, str] = {}
        wanted = list(dict.fromkeys(titles))
        size = self.batch_size
        for start in range(0, len(wanted), size):
            batch = wanted[start:start + size]
            params = {"titles": "|".join(batch), "redirects": "1", "prop": "revisions",
                      "rvprop": "ids|timestamp|content", "rvslots": "main"}
            renamed: dict[str, str] = {}
            pages: dict[str, dict[str, Any]] = {}
            for part in self.query(params):
                for entry in [*part.get("normalized", []), *part.get("redirects", [])]:
                    renamed[entry["from"]] = entry["to"]
                for page in part.get("pages", []):
                    merged = pages.setdefault(page.get("title", ""), {})
                    revisions = merged.get("revisions", [])
                    merged.update(page)
                    merged["revisions"] = revisions + page.get("revisions", [])
            for title in batch:
                final, seen = title, {title}
                while final in renamed and renamed[final] not in seen:
                    final = renamed[final]
                    seen.add(final)
                page = pages.get(final, {})
                snapshot = _snapshot(page) if "pageid" in page else None
                if snapshot is not None:
                    found[title] = snapshot
                elif page.get("invalid"):
                    problems[title] = f"not a valid page title ({page.get('invalidreason', 'invalid')})"
                elif page.get("missing") or not page:
                    problems[title] = "the page does not exist"
                else:
                    problems[title] = "its text cannot be read (hidden or unavailable)"
        return found, problems

    # --- Listings for the audits: titles only, batched, never one request per page ---

    def category_members(self, category: str) -> list[tuple[str, int]]:
        """(title, namespace) of every page in ``Category:<category>``, 5,000 per request.

        Pages only (``cmtype=page``): subcategories and files are not
        partnership pages. Membership is what the wiki's links tables say,
        so a category added by a template counts too.
        """
        prefix = self.site.namespaces[14].custom_name
        params = {"list": "categorymembers", "cmtitle": f"{prefix}:{category}", "cmtype": "page", "cmlimit": "max",
                  "cmprop": "title"}
        return [(m["title"], m["ns"]) for part in self.query(params) for m in part.get("categorymembers", [])]

    def pages_using(self, templates: Sequence[str]) -> list[tuple[str, int]]:
        """(title, namespace) of every page, in any namespace, that transcludes one of ``templates``."""
        params = {"generator": "transcludedin", "titles": "|".join(templates), "gtilimit": "max"}
        found: dict[str, int] = {}
        for part in self.query(params):
            for page in part.get("pages", []):
                if "pageid" in page and page.get("ns", 0) >= 0:
                    found[page["title"]] = page["ns"]
        return sorted(found.items())

    def prefix_titles(self, prefix: str, namespace: int = 0) -> list[str]:
        """Every title in ``namespace`` that starts with ``prefix`` (without the namespace name)."""
        params = {"list": "allpages", "apprefix": prefix, "apnamespace": str(namespace), "aplimit": "max"}
        return [p["title"] for part in self.query(params) for p in part.get("allpages", [])]

    def page_states(self, titles: Sequence[str]) -> dict[str, PageState]:
        """Existence, redirect flag and last edit time of many titles, 50 (500) per request.

        Keyed by the title as asked: MediaWiki normalises titles
        (``partnerships/x`` -> ``Partnerships/x``) and the answer is mapped back.
        An invalid title counts as not existing.
        """
        states: dict[str, PageState] = {}
        wanted = list(dict.fromkeys(titles))
        size = self.batch_size
        for start in range(0, len(wanted), size):
            batch = wanted[start:start + size]
            params = {"titles": "|".join(batch), "prop": "info|revisions", "rvprop": "timestamp"}
            renamed: dict[str, str] = {}
            pages: dict[str, dict[str, Any]] = {}
            for part in self.query(params):
                for entry in part.get("normalized", []):
                    renamed[entry["from"]] = entry["to"]
                for page in part.get("pages", []):
                    merged = pages.setdefault(page.get("title", ""), {})
                    revisions = merged.get("revisions", [])
                    merged.update(page)
                    merged["revisions"] = revisions + page.get("revisions", [])
            for title in batch:
                page = pages.get(renamed.get(title, title), {})
                if "pageid" not in page:
                    states[title] = PageState(False)
                    continue
                revisions = page.get("revisions") or [{}]
                states[title] = PageState(True, bool(page.get("redirect")), revisions[-1].get("timestamp"))
        return states


# API error codes of action=edit -> SaveResult status.
_SAVE_ERRORS = {
    "editconflict": "conflict",
    "articleexists": "conflict",
    "protectedpage": "protected",
    "cascadeprotected": "protected",
    "protectedtitle": "protected",
    "protectednamespace": "protected",
    "protectednamespace-interface": "protected",
    "customcssprotected": "protected",
    "customjsprotected": "protected",
    "customjsonprotected": "protected",
    "missingtitle": "deleted",
    "pagedeleted": "deleted",
}


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


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:299] + "…"


def pywikibot_dir() -> str | None:
    return os.environ.get("PYWIKIBOT_DIR")


def titles_with_namespace(site: Any, names: Iterable[str], namespace: int = 10) -> list[str]:
    """``Partnership`` -> ``Template:Partnership`` in the wiki's own namespace name."""
    prefix = site.namespaces[namespace].custom_name
    return [f"{prefix}:{name}" for name in names]
