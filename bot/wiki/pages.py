"""Single pages: reading them before an edit, their history, and saving.

Part of :mod:`bot.wiki`: the methods of :class:`bot.wiki.Wiki` that the one
write path (:mod:`bot.publish`) uses.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from bot.wiki.types import PageCopy, PageRevision, SaveResult, _one_line, _snapshot

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


class PageAccess:
    """Page reads and saves; mixed into :class:`bot.wiki.Wiki`, which supplies ``site`` and ``query``."""

    site: Any
    url: str

    def query(self, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def read_only_reason(self) -> str | None:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def translated(self) -> Any:
        raise NotImplementedError  # supplied by bot.wiki.Wiki

    def read_pages(self, titles: Sequence[str]) -> dict[str, PageCopy]:
        """Several pages with their text, latest revision and content model, in one request.

        Keys are the titles as given (MediaWiki's normalisation of a title,
        ``Foo_bar`` to ``Foo bar``, is followed). ``{{bots}}``/``{{nobots}}``
        is checked on the text (:mod:`bot.core.exclusion`), costing no request.
        """
        from bot.core.exclusion import bots_allowed

        copies: dict[str, PageCopy] = {}
        user = self.site.username() or ""
        for start in range(0, len(titles), 50):
            batch = list(dict.fromkeys(titles[start : start + 50]))
            found: dict[str, dict[str, Any]] = {}
            renamed: dict[str, str] = {}
            params = {
                "titles": "|".join(batch),
                "prop": "revisions|info",
                "rvprop": "ids|timestamp|content",
                "rvslots": "main",
            }
            for part in self.query(params):
                for item in part.get("normalized", []):
                    renamed[item["from"]] = item["to"]
                for page in part.get("pages", []):
                    merged = found.setdefault(page["title"], {})
                    merged.update({k: v for k, v in page.items() if k != "revisions"})
                    merged.setdefault("revisions", []).extend(page.get("revisions", []))
            for title in batch:
                page = found.get(renamed.get(title, title), {})
                snapshot = _snapshot(page) if page else None
                model = str(page.get("contentmodel", "wikitext"))
                if snapshot is None:  # a missing page: its model is the one its title would get
                    copies[title] = PageCopy(page.get("title", title), False, content_model=model)
                    continue
                copies[title] = PageCopy(
                    title=snapshot.title,
                    exists=True,
                    text=snapshot.text,
                    revision=snapshot.revision,
                    content_model=model,
                    bots_allowed=bots_allowed(snapshot.text, user),
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

    def first_revision(self, title: str) -> PageRevision | None:
        """The page's first revision (who created it), or None when the page does not exist; one request."""
        params = {
            "prop": "revisions",
            "titles": title,
            "rvprop": "ids|user|timestamp|comment",
            "rvlimit": "1",
            "rvdir": "newer",
        }
        for part in self.query(params):
            for page in part.get("pages", []):
                for rev in page.get("revisions", [])[:1]:
                    user = "(hidden)" if rev.get("userhidden") else rev.get("user", "")
                    return PageRevision(rev["revid"], user, rev.get("timestamp", ""), rev.get("comment", ""))
            return None  # one page was asked for: the answer is complete without continuing
        return None

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
          right (the BotPassword's high-volume grant);
        * a refusal of this one edit (an abuse filter, a blacklisted link, a
          protection) is a :class:`SaveResult`, and the job goes on; a wiki
          that is read-only or stopped answering is an operator error
          (:class:`bot.errors.WikiReadOnly`, :class:`bot.errors.WikiUnreachable`):
          after a failure that is not the wiki's answer, one quick question
          (:meth:`read_only_reason`) tells which, instead of waiting through the
          same retries for every further page.
        """
        from pywikibot import exceptions as pwb

        from bot.errors import WikiReadOnly

        with self.translated():  # the token and the rights may need a request of their own
            token = self.site.tokens["csrf"]
            flag = bool(self.site.has_right("bot"))
        params: dict[str, Any] = {
            "action": "edit",
            "title": copy.title,
            "text": text,
            "summary": summary,
            "notminor": True,
            "token": token,
        }
        if flag:
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
            if exc.code in ("readonly", "ReadOnlyError"):
                raise WikiReadOnly(
                    f"the wiki at {self.url} is in read-only mode ({exc.info}); nothing more was "
                    "written, the next run tries again"
                ) from None
            return SaveResult(_SAVE_ERRORS.get(exc.code, "failed"), _one_line(f"{exc.code}: {exc.info}"))
        except Exception as exc:
            if not type(exc).__module__.startswith(("pywikibot", "requests", "urllib3")):
                raise
            reason = self.read_only_reason()  # raises WikiUnreachable when the wiki does not answer
            if reason is not None:
                raise WikiReadOnly(
                    f"the wiki at {self.url} is in read-only mode ({reason}); nothing more was "
                    "written, the next run tries again"
                ) from None
            return SaveResult("failed", _one_line(exc))
        edit = result.get("edit", {})
        if edit.get("result") != "Success":
            reason = edit.get("warning") or edit.get("info") or edit.get("code") or "the wiki did not accept the edit"
            return SaveResult("failed", _one_line(str(reason)))
        return SaveResult("saved", revision=edit.get("newrevid") or copy.revision)

    def talk_page(self, title: str) -> str:
        """The title of the talk page of ``title``, in the wiki's own namespace names (no request).

        ``Partnerships/X`` -> ``Talk:Partnerships/X``; ``Project:X`` ->
        ``Project talk:X``. A talk page's own talk page is itself.
        """
        import pywikibot

        page = pywikibot.Page(self.site, title)
        return str(page.title() if page.isTalkPage() else page.toggleTalkPage().title())

    def page_text(self, title: str) -> str | None:
        """The current text of a page, or None when it does not exist."""
        copy = self.read_page(title)
        return copy.text if copy.exists else None
