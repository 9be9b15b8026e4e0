"""Where page snapshots come from: a folder of ``.wiki`` files or an XML dump.

Sources yield :class:`bot.core.records.Snapshot` objects and know nothing about
templates. The wiki source lives in :mod:`bot.wiki`, the only module that
talks to a wiki. A source that cannot be read raises :class:`SourceError`
with one line for the operator; a single odd page never stops a source.
"""

from __future__ import annotations

import bz2
import gzip
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast
from urllib.parse import unquote
from xml.etree import ElementTree

from bot.core.records import Snapshot
from bot.errors import SourceError


def title_from_filename(name: str) -> str:
    """``Partnerships%2FOSM.wiki`` -> ``Partnerships/OSM`` (URL-decoded, no extension)."""
    stem = name[:-5] if name.endswith(".wiki") else name
    return unquote(stem).replace("_", " ").strip()


def filename_for_title(title: str) -> str:
    """The inverse of :func:`title_from_filename`: what ``seed`` and exports write."""
    from urllib.parse import quote

    return quote(title, safe=" ") + ".wiki"


@dataclass(frozen=True)
class DirSource:
    """Every ``*.wiki`` file directly in a folder, in file-name order.

    Files are read as UTF-8; a byte that is not UTF-8 becomes U+FFFD rather
    than stopping the run, so a stray Latin-1 file still yields its record.
    """

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    def describe(self) -> str:
        return f"folder {self.path}"

    def __iter__(self) -> Iterator[Snapshot]:
        if not self.path.is_dir():
            raise SourceError(f"cannot read folder '{self.path}': it does not exist or is not a folder")
        try:
            names = sorted(n for n in os.listdir(self.path) if n.endswith(".wiki"))
        except OSError as exc:
            raise SourceError(f"cannot read folder '{self.path}': {exc.strerror}") from None
        for name in names:
            try:
                text = (self.path / name).read_bytes().decode("utf-8", errors="replace")
            except OSError as exc:
                raise SourceError(f"cannot read '{self.path / name}': {exc.strerror}") from None
            yield Snapshot(title=title_from_filename(name), text=text.lstrip("\ufeff"))


def _open_dump(path: Path) -> IO[bytes]:
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")
    if path.suffix == ".gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def _local(tag: str) -> str:
    """``{http://www.mediawiki.org/xml/export-0.11/}page`` -> ``page``."""
    return tag.rpartition("}")[2]


@dataclass(frozen=True)
class DumpSource:
    """A MediaWiki XML export or dump (``.xml``, ``.xml.bz2``, ``.xml.gz``), streamed.

    Pages are read one at a time and their elements cleared, so memory stays
    flat whatever the dump's size. When a page holds several revisions (a
    full-history export), the last one in the file is the current one.
    """

    path: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    def describe(self) -> str:
        return f"dump {self.path}"

    def __iter__(self) -> Iterator[Snapshot]:
        if not self.path.is_file():
            raise SourceError(f"cannot read dump '{self.path}': no such file")
        try:
            with _open_dump(self.path) as handle:
                yield from self._pages(handle)
        except (OSError, EOFError, ElementTree.ParseError) as exc:
            raise SourceError(f"cannot read dump '{self.path}': {exc}") from None

    @staticmethod
    def _pages(handle: IO[bytes]) -> Iterator[Snapshot]:
        target = _DumpReader()
        parser = ElementTree.XMLParser(target=target)
        while chunk := handle.read(CHUNK):
            parser.feed(chunk)
            yield from target.take()
        parser.close()
        yield from target.take()


CHUNK = 1 << 16


class _DumpReader:
    """An expat target that keeps only what a snapshot needs: the page's title and its last revision.

    Nothing else of the dump is kept (no element tree is built), so memory
    stays flat whatever the dump's size. Elements are matched by their local
    name, so every export schema version reads alike.
    """

    def __init__(self) -> None:
        self.done: list[Snapshot] = []
        self.title: str | None = None
        self.revision: tuple[int | None, str | None, str] | None = None
        self.in_revision = False
        self.rev_id: int | None = None
        self.rev_time: str | None = None
        self.rev_text = ""
        self.buffer: list[str] = []

    def take(self) -> list[Snapshot]:
        done, self.done = self.done, []
        return done

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.buffer = []
        if _local(tag) == "revision":
            self.in_revision = True
            self.rev_id, self.rev_time, self.rev_text = None, None, ""

    def data(self, text: str) -> None:
        self.buffer.append(text)

    def end(self, tag: str) -> None:
        name, text = _local(tag), "".join(self.buffer)
        self.buffer = []
        if name == "title":
            self.title = text
        elif name == "id" and self.in_revision and self.rev_id is None:
            self.rev_id = int(text) if text.strip().isdigit() else None
        elif name == "timestamp" and self.in_revision:
            self.rev_time = text
        elif name == "text" and self.in_revision:
            self.rev_text = text
        elif name == "revision":
            self.in_revision = False
            self.revision = (self.rev_id, self.rev_time, self.rev_text)
        elif name == "page":
            if self.title is not None and self.revision is not None:
                self.done.append(
                    Snapshot(
                        title=self.title, text=self.revision[2], revision=self.revision[0], timestamp=self.revision[1]
                    )
                )
            self.title, self.revision = None, None

    def close(self) -> None:
        return None


Source = DirSource | DumpSource
"""An offline source: iterating it yields snapshots; ``describe()`` names it for reports."""


def parse_source(spec: str) -> Source:
    """``dir:PATH`` or ``dump:FILE`` -> a source; anything else is a usage error."""
    kind, sep, rest = spec.partition(":")
    if sep and kind == "dir" and rest:
        return DirSource(Path(rest))
    if sep and kind == "dump" and rest:
        return DumpSource(Path(rest))
    raise ValueError(f"unknown source '{spec}': use -source:dir:PATH, -source:dump:FILE or -source:wiki")
