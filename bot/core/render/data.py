"""The data page: the whole normalised registry as JSON, for Module:Partnerships and tools.

Shape with one page (``[pages] data_shards = 1``, the default; ``version`` is
this page's format, ``schema_version`` the template schema's)::

    {
        "version": 2,
        "schema_version": 1,
        "generated_from": 20,
        "count": 19,
        "records": [
            {
                "page": "Partnerships/Wikimedia and OpenStreetMap",
                "revision": 12345,
                ...every field with a value, by its name: "..." (one value) or ["...", "..."]...,
                "problems": {"error": 0, "warning": 0, "info": 0},
                "codes": ["missing-required", ...]
            }
        ]
    }

* ``generated_from`` counts the pages read (every record given, including
  pages without the template); ``records`` holds the partnerships only, so a
  Lua module can use ``#data.records``; ``count`` is their number.
* **Shards.** A page holds at most 2 MB (``$wgMaxArticleSize``), about 3,000
  partnerships. With ``data_shards = N`` (N > 1) the data page holds no
  records but ``"shards": [title, ...]``, and the records are spread over N
  pages ``<data page without .json>/1.json`` ... ``/N.json``, each
  ``{"version": 2, "shard": i, "of": N, "records": [...]}``. A record's shard
  is :func:`shard_of` its page title, a hash that Module:Partnerships computes
  the same way, so an infobox loads only its own shard: an update then
  re-renders only the pages whose shard changed, not every page of the
  registry. Lists load every shard.
* Records are sorted by page title (code point order: the simplest order for
  other programs to reproduce); keys are in a fixed order: ``page``,
  ``revision``, the fields in schema order, ``problems`` (counts by
  severity), ``codes`` (the codes of its errors and warnings, once each,
  sorted: what Module:Partnerships needs for the tracking categories; a
  suggested field left empty is an ``info`` and never files a page as
  having missing information). **A field without a value is left out**
  (no ``null``, no ``[]``), and **a list field with one value holds it as
  a string** (``"glam"`` rather than ``["glam"]``; several stay a list): readers
  treat a missing key as empty and a string as a list of one. Lua turns
  every JSON array into a table that ``mw.loadJsonData`` wraps in a
  read-only proxy of its own when it is read, so one-value lists as strings
  keep Module:Partnerships' memory for 10,000 partnerships under
  Wikimedia's 50 MB (docs/lua-module.md has the figures).
* ``changes`` (when the update job passes its change log): the change log
  as data (:meth:`bot.core.history.ChangeLog.as_json`: ``since``, ``events``
  of the window, ``months`` before it). It is also what a run reads back
  when its state file is gone, so the change log survives the state.
* No timestamps of the run: the text is byte-identical when nothing changed.
* The text is written the way MediaWiki stores a JSON page (its pre-save
  transform re-encodes JSON with ``FormatJson::encode($value, "\\t",
  FormatJson::UTF8_OK)``; checked against MediaWiki 1.39): tab indentation,
  ``": "`` after keys,
  unescaped ``/`` and non-ASCII characters, ``<``, ``>`` and ``&`` as
  ``\\u003C``, ``\\u003E``, ``\\u0026``, U+2028 and U+2029 escaped, and no
  final newline. So the saved page equals what the bot rendered, and an
  unchanged registry is a no-op edit.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.config.settings import Pages
from bot.core.records import Record
from bot.core.render.common import is_partnership, severity_counts
from bot.core.schema import Schema

DATA_VERSION = 2
MAX_PAGE_BYTES = 2 * 1024 * 1024
"""MediaWiki's default ``$wgMaxArticleSize`` (2,048 KiB); a larger data page cannot be saved."""
RESERVED_KEYS = ("page", "revision", "problems", "codes")

# What PHP's json_encode escapes with JSON_HEX_TAG | JSON_HEX_AMP, and what
# FormatJson escapes afterwards (line and paragraph separators).
_PHP_ESCAPES = {"<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def record_data(record: Record, schema: Schema) -> dict[str, Any]:
    """One record as a JSON object: page, revision, every field, problem counts."""
    data: dict[str, Any] = {"page": record.page, "revision": record.revision}
    for spec in schema.fields:
        if spec.name in RESERVED_KEYS:
            raise ValueError(f"schema field '{spec.name}' clashes with a key of the data page; rename the field")
        value = record.get(spec.name)
        if spec.list:
            items = [] if value is None else (list(value) if isinstance(value, tuple) else [value])
            if len(items) == 1:
                data[spec.name] = items[0]
            elif items:
                data[spec.name] = items
        elif value is not None and value != "":
            data[spec.name] = value
    data["problems"] = severity_counts(record)
    data["codes"] = sorted({problem.code for problem in record.problems if problem.severity != "info"})
    return data


def _rows(records: Iterable[Record], schema: Schema) -> tuple[list[dict[str, Any]], int]:
    records = list(records)
    rows = sorted(
        (r for r in records if is_partnership(r)),
        key=lambda r: (
            r.page,
            -1 if r.revision is None else r.revision,
            json.dumps(record_data(r, schema), ensure_ascii=False),
        ),
    )
    return [record_data(r, schema) for r in rows], len(records)


def registry_data(
    records: Iterable[Record], schema: Schema, changes: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The data page's value (before encoding), every record on the one page; ``changes``: the change log's data."""
    rows, read = _rows(records, schema)
    value: dict[str, Any] = {
        "version": DATA_VERSION,
        "schema_version": schema.version,
        "generated_from": read,
        "count": len(rows),
        "records": rows,
    }
    if changes is not None:
        value["changes"] = dict(changes)
    return value


def shard_of(title: str, shards: int) -> int:
    """The shard (1..``shards``) that holds the record of page ``title``.

    A 32-bit polynomial hash of the title's UTF-8 bytes (``h = h * 31 + byte``,
    modulo 2**32), which Lua's floating-point numbers compute exactly too.
    """
    value = 0
    for byte in title.encode("utf-8"):
        value = (value * 31 + byte) % 4294967296
    return value % shards + 1


def data_pages(
    records: Iterable[Record], schema: Schema, pages: Pages, changes: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """(title, JSON text) of the data page and its shards (see the module docstring).

    The change log (``changes``) stays on the data page itself, never in a shard.
    """
    title, shards = pages.data, pages.data_shards
    if shards <= 1:
        return [(title, encode_like_mediawiki(registry_data(records, schema, changes)))]
    rows, read = _rows(records, schema)
    parts: list[list[dict[str, Any]]] = [[] for _ in range(shards)]
    for row in rows:
        parts[shard_of(row["page"], shards) - 1].append(row)
    manifest = {
        "version": DATA_VERSION,
        "schema_version": schema.version,
        "generated_from": read,
        "count": len(rows),
        "shards": list(pages.data_titles[1:]),
    }
    if changes is not None:
        manifest["changes"] = dict(changes)
    written = [(title, encode_like_mediawiki(manifest))]
    for number, part in enumerate(parts, start=1):
        shard = {"version": DATA_VERSION, "shard": number, "of": shards, "records": part}
        written.append((pages.shard_title(number), encode_like_mediawiki(shard)))
    return written


def with_shards(text: str | None, read: Callable[[str], str | None]) -> str | None:
    """The data page's JSON text with its shards' records gathered into ``records``.

    ``read(title)`` gives a shard page's text (None when it is missing). A
    data page without shards is returned as it is; anything unreadable gives
    None, so readers fall back as they do for a missing data page.
    """
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("shards"), list):
        return text
    records: list[Any] = []
    for title in data["shards"]:
        shard = read(str(title))
        try:
            records += json.loads(shard)["records"] if shard else []
        except (ValueError, KeyError, TypeError):
            return None
    return json.dumps({**data, "records": records}, ensure_ascii=False)


def too_large(pages: Iterable[tuple[str, str]]) -> list[tuple[str, int]]:
    """The pages over MediaWiki's size limit, with their size in bytes."""
    return [(title, size) for title, text in pages if (size := len(text.encode("utf-8"))) > MAX_PAGE_BYTES]


def encode_like_mediawiki(value: Any) -> str:
    """JSON text as MediaWiki's pre-save transform writes it (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent="\t", separators=(",", ": "))
    for char, escaped in _PHP_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def render_data(records: Iterable[Record], schema: Schema, changes: Mapping[str, Any] | None = None) -> str:
    """The data page's whole content: the registry (and the change log's data, if given) as JSON text."""
    return encode_like_mediawiki(registry_data(records, schema, changes))
