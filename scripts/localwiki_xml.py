"""Turn folders of ``.wiki`` files into a MediaWiki XML export for ``importDump.php``.

Used by ``scripts/local_wiki.py seed``: read the files, ask the wiki for the
current text of those pages, keep the ones that differ, and write them as
export XML. Standard library only; the API call is passed in.

A file's name, without ``.wiki`` and URL-decoded, is the page title, so
``Partnerships%2FOSM.wiki`` holds the page ``Partnerships/OSM`` (a slash cannot
appear in a file name). MediaWiki refuses titles with ``%`` followed by two hex
digits, so decoding cannot turn a real title into another one; a lone ``%``, as
in ``100%``, may stay as it is or be written ``%25``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

EXPORT_NS = "http://www.mediawiki.org/xml/export-0.11/"
SUFFIX = ".wiki"


class SeedError(ValueError):
    """The seed files or titles are wrong in a way the operator must fix."""


@dataclass(frozen=True)
class SeedPage:
    """One page to load: the title as the file names it, its text, its file."""

    title: str
    text: str
    source: Path


@dataclass(frozen=True)
class ExportPage:
    """One page of the export, with the title and namespace the wiki resolved."""

    title: str
    ns: int
    text: str


@dataclass(frozen=True)
class WikiPage:
    """A title as the wiki spells it, its namespace, and its current text (None: missing)."""

    title: str
    ns: int
    text: str | None


@dataclass(frozen=True)
class ImportPlan:
    """The pages to import and how many seed pages were new, changed or unchanged."""

    pages: list[ExportPage]
    new: int
    changed: int
    unchanged: int


def title_from_filename(path: Path) -> str:
    """Return the page title that a ``.wiki`` file stands for."""
    return urllib.parse.unquote(path.name[: -len(SUFFIX)])


def normalise_text(raw: str) -> str:
    """Return the text as MediaWiki stores it after a normal save.

    A save runs the pre-save transform, which turns CRLF into LF and strips
    trailing whitespace; an import does not, so we do it here. Otherwise a
    file ending in a newline would never compare equal to the saved page and
    every seed would add a revision. Control characters go too: an XML
    export cannot carry them.
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return "".join(ch for ch in text if ch in "\t\n" or ch >= " ")


def read_folder(folder: Path) -> list[SeedPage]:
    """Read the ``*.wiki`` files directly inside ``folder`` (not sub-folders), sorted."""
    return [
        SeedPage(title_from_filename(path), normalise_text(path.read_text("utf-8")), path)
        for path in sorted(folder.glob("*" + SUFFIX))
        if path.is_file()
    ]


def current_pages(query: Callable[[dict[str, str]], dict], titles: list[str]) -> dict[str, WikiPage]:
    """Ask the API (``formatversion=2``) for the current text of ``titles``, 50 at a time.

    The answer is keyed by the titles as given; the wiki may spell them
    otherwise (``Partnerships/osm`` becomes ``Partnerships/Osm``), and the
    export must use its spelling and namespace number.
    """
    result: dict[str, WikiPage] = {}
    for first in range(0, len(titles), 50):
        batch = titles[first : first + 50]
        params = {
            "action": "query",
            "prop": "revisions",
            "rvprop": "content",
            "rvslots": "main",
            "titles": "|".join(batch),
        }
        pages: dict[str, dict] = {}
        normalized: dict[str, str] = {}
        while True:  # a large answer comes in parts, continued like any query
            reply = query(params)
            if "error" in reply:
                raise SeedError(f"API error while reading pages: {reply['error'].get('info')}")
            answer = reply.get("query", {})
            normalized.update({n["from"]: n["to"] for n in answer.get("normalized", [])})
            for page in answer.get("pages", []):
                pages.setdefault(page["title"], {}).update(page)
            if "continue" not in reply:
                break
            params = {**params, **reply["continue"]}
        for title in batch:
            page = pages.get(normalized.get(title, title), {"invalid": True})
            if page.get("invalid") or page.get("ns", -1) < 0:
                reason = page.get("invalidreason", "not a page that can exist on this wiki")
                raise SeedError(f"invalid title {title!r}: {reason}")
            main = (page.get("revisions") or [{}])[0].get("slots", {}).get("main", {})
            result[title] = WikiPage(page["title"], page["ns"], main.get("content"))
    return result


def same_text(current: str | None, wanted: str, *, title: str) -> bool:
    """Whether the wiki already holds ``wanted``.

    JSON pages are compared as data: the wiki pretty-prints JSON on save.
    """
    if current is None:
        return False
    if current.rstrip() == wanted:
        return True
    if not title.endswith(".json"):
        return False
    try:
        return json.loads(current) == json.loads(wanted)
    except ValueError:
        return False


def plan_import(pages: list[SeedPage], current: dict[str, WikiPage]) -> ImportPlan:
    """Choose the pages whose text differs from the wiki.

    Importing only those keeps a second seed from adding revisions: the
    importer skips a revision only when one with the same timestamp and hash
    exists, and each seed uses a new timestamp.
    """
    export = [
        ExportPage(current[page.title].title, current[page.title].ns, page.text)
        for page in pages
        if not same_text(current[page.title].text, page.text, title=page.title)
    ]
    new = sum(1 for page in pages if current[page.title].text is None)
    return ImportPlan(export, new, len(export) - new, len(pages) - len(export))


def find_duplicates(pages: Iterable[SeedPage]) -> dict[str, list[Path]]:
    """Return titles that more than one file claims, with the files."""
    seen: dict[str, list[Path]] = {}
    for page in pages:
        seen.setdefault(page.title, []).append(page.source)
    return {title: paths for title, paths in seen.items() if len(paths) > 1}


def export_timestamp(moment: dt.datetime) -> str:
    """Format a moment the way export XML wants it (UTC, second precision)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _page_xml(page: ExportPage, *, timestamp: str, contributor: str, comment: str) -> str:
    """Render one ``<page>``.

    No ``<model>``/``<format>``: the importer then gives each title its default
    content model, so ``Module:`` pages become Lua and ``User:X/y.json`` JSON,
    as they would when created by an edit.
    """
    size = len(page.text.encode("utf-8"))
    return (
        "  <page>\n"
        f"    <title>{escape(page.title)}</title>\n"
        f"    <ns>{page.ns}</ns>\n"
        "    <revision>\n"
        f"      <timestamp>{timestamp}</timestamp>\n"
        f"      <contributor><username>{escape(contributor)}</username></contributor>\n"
        f"      <comment>{escape(comment)}</comment>\n"
        f'      <text xml:space="preserve" bytes="{size}">{escape(page.text)}</text>\n'
        "    </revision>\n"
        "  </page>\n"
    )


def export_xml(
    pages: Iterable[ExportPage],
    *,
    moment: dt.datetime,
    contributor: str = "Seed",
    comment: str = "Seeded by scripts/local_wiki.py",
) -> str:
    """Return a MediaWiki export (schema 0.11) with one revision per page.

    All revisions share ``moment``. The importer makes an imported revision the
    page's current one only when its timestamp is not older than the current
    revision, so callers pass "now".
    """
    stamp = export_timestamp(moment)
    body = "".join(_page_xml(page, timestamp=stamp, contributor=contributor, comment=comment) for page in pages)
    return f'<mediawiki xmlns={quoteattr(EXPORT_NS)} version="0.11" xml:lang="en">\n{body}</mediawiki>\n'
