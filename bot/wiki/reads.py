"""Reading the registry in batches: scope listings, page texts, generator options.

Part of :mod:`bot.wiki`: the methods of :class:`bot.wiki.Wiki` that read many
pages. The scope is listed with one request per 5,000 pages and texts are
fetched 50 per request (500 with a bot account's ``apihighlimits``), never
one request per page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from bot.core.records import Snapshot
from bot.errors import UsageError
from bot.sources.incremental import Listed
from bot.wiki.types import PageState, _snapshot


class RegistryReads:
    """Batched reads; mixed into :class:`bot.wiki.Wiki`, which supplies ``site``, ``query`` and ``batch_size``."""

    site: Any

    def query(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def translated(self) -> Any:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    @property
    def batch_size(self) -> int:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

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
            batch = pageids[start : start + size]
            pages = self._revisions({"pageids": "|".join(str(p) for p in batch)})
            for pageid in batch:
                page = pages.get(pageid)
                snapshot = _snapshot(page) if page else None
                if snapshot is None:
                    failures.append(page.get("title", f"page id {pageid}") if page else f"page id {pageid}")
                else:
                    snapshots.append((pageid, snapshot))
        return snapshots, failures

    def read_scope(
        self, templates: Sequence[str], namespaces: Sequence[int]
    ) -> tuple[list[tuple[int, Snapshot]], list[str]]:
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

        with self.translated():
            factory = pagegenerators.GeneratorFactory(self.site)
            for arg in args:
                if not factory.handle_arg(arg):
                    raise UsageError(f"unknown page generator option '{arg}'")
            generator = factory.getCombinedGenerator()
            if generator is None:
                return [], []
            pageids = []
            for page in generator:
                if page.exists():
                    pageids.append(page.pageid)
        return self.fetch(list(dict.fromkeys(pageids)))

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
            batch = wanted[start : start + size]
            params = {
                "titles": "|".join(batch),
                "redirects": "1",
                "prop": "revisions",
                "rvprop": "ids|timestamp|content",
                "rvslots": "main",
            }
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
        params = {
            "list": "categorymembers",
            "cmtitle": f"{prefix}:{category}",
            "cmtype": "page",
            "cmlimit": "max",
            "cmprop": "title",
        }
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

    def pages_by_id(self, pageids: Sequence[int]) -> dict[int, tuple[str, int] | None]:
        """The current title and latest revision of pages by id (None: no such page, it was deleted).

        A page keeps its id when it is moved, so this tells a page that left
        the registry because it was moved from one that was deleted: 50 (500)
        ids per request.
        """
        found: dict[int, tuple[str, int] | None] = {pageid: None for pageid in pageids}
        wanted = list(dict.fromkeys(pageids))
        size = self.batch_size
        for start in range(0, len(wanted), size):
            params = {"pageids": "|".join(str(p) for p in wanted[start : start + size]), "prop": "info"}
            for part in self.query(params):
                for page in part.get("pages", []):
                    if "pageid" in page and not page.get("missing") and "lastrevid" in page:
                        found[page["pageid"]] = (page["title"], page["lastrevid"])
        return found

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
            batch = wanted[start : start + size]
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
