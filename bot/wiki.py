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


    def read_page(self, title: str) -> PageCopy:
        import pywikibot

        page = pywikibot.Page(self.site, title)
        if not page.exists():
            return PageCopy(title, False, handle=page)
        return PageCopy(
            title=page.title(),
            exists=True,
            text=page.get(get_redirect=True),
            revision=page.latest_revision_id,
            content_model=page.content_model,
            bots_allowed=page.botMayEdit(),
            handle=page,
        )


    def was_deleted(self, title: str) -> bool:
        """True when the deletion log has an entry for the title (an administrator deleted it)."""
        for part in self.query({"list": "logevents", "letype": "delete", "letitle": title, "lelimit": "1"}):
            for event in part.get("logevents", []):
                if event.get("action") in ("delete", "delete_redir"):
                    return True
        return False


    def save(self, copy: PageCopy, text: str, *, summary: str, content_model: str | None = None) -> SaveResult:
        """Save ``text`` over ``copy``; a human edit since ``copy`` was read is an edit conflict.

        A page that existed is saved with ``nocreate`` and ``recreate=False``, so
        a page deleted in the meantime is not brought back; a new page is saved
        with ``createonly``, so a page created in the meantime is not overwritten
        (the caller checks the deletion log before creating anything).
        """
        from pywikibot import exceptions as pwb

        page = copy.handle
        kwargs: dict[str, Any] = {"text": text, "summary": summary, "minor": False, "bot": True}
        if copy.exists:
            # Conflicts are detected by revision id only. Pywikibot would send
            # basetimestamp too, and MediaWiki then "suppresses an edit conflict
            # with self" when no other user saved *after* that second: a human
            # edit within the same second as the bot's read would be overwritten.
            # basetimestamp=None keeps Pywikibot from adding it.
            kwargs.update(nocreate=True, recreate=False, baserevid=copy.revision, basetimestamp=None)
        else:
            # The caller checked the deletion log; Pywikibot's recreate=False would
            # refuse any page without a revision, including a brand-new one.
            kwargs.update(createonly=True, recreate=True)
        if content_model and content_model != copy.content_model:
            kwargs["contentmodel"] = content_model
        try:
            done = self.site.editpage(page, **kwargs)
        except pwb.EditConflictError as exc:
            return SaveResult("conflict", _one_line(exc))
        except (pwb.PageCreatedConflictError, pwb.ArticleExistsConflictError) as exc:
            return SaveResult("conflict", _one_line(exc))
        except (pwb.LockedPageError, pwb.LockedNoPageError, pwb.CascadeLockedPageError) as exc:
            return SaveResult("protected", _one_line(exc))
        except (pwb.NoCreateError, pwb.PageDeletedConflictError) as exc:
            return SaveResult("deleted", _one_line(exc))
        except pwb.Error as exc:
            return SaveResult("failed", _one_line(exc))
        if not done:
            return SaveResult("failed", "the wiki did not accept the edit")
        return SaveResult("saved", revision=page.latest_revision_id)


    def page_text(self, title: str) -> str | None:
        """The current text of a page, or None when it does not exist."""
        copy = self.read_page(title)
        return copy.text if copy.exists else None


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
