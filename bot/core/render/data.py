"""The data page: the whole normalised registry as JSON, for Lua modules and tools.

Shape (``version`` is this page's format; ``schema_version`` the template
schema's)::

    {
        "version": 1,
        "schema_version": 1,
        "generated_from": 20,
        "records": [
            {
                "page": "Partnerships/Wikimedia and OpenStreetMap",
                "revision": 12345,
                ...every field of the schema, by its name: "..." or ["..."] for a list...,
                "problems": {"error": 0, "warning": 0, "info": 0}
            }
        ]
    }

* ``generated_from`` counts the pages read (every record given, including
  pages without the template); ``records`` holds the partnerships only, so a
  Lua module can use ``#data.records``.
* Records are sorted by page title (code point order: the simplest order for
  other programs to reproduce); keys are in a fixed order: ``page``,
  ``revision``, the fields in schema order, ``problems``. Every field is
  present: ``null`` or ``[]`` when absent (Lua's ``mw.text.jsonDecode``
  turns ``null`` into a missing key).
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
from collections.abc import Iterable, Mapping
from typing import Any

from bot.core.records import Record
from bot.core.render.common import is_partnership, severity_counts
from bot.core.schema import Schema

DATA_VERSION = 1
RESERVED_KEYS = ("page", "revision", "problems")

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
            data[spec.name] = [] if value is None else (list(value) if isinstance(value, tuple) else [value])
        else:
            data[spec.name] = value
    data["problems"] = severity_counts(record)
    return data


def registry_data(
    records: Iterable[Record], schema: Schema, changes: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The data page's value (before encoding); ``changes`` is the change log's data, if any."""
    records = list(records)
    rows = sorted(
        (r for r in records if is_partnership(r)),
        key=lambda r: (
            r.page,
            -1 if r.revision is None else r.revision,
            json.dumps(record_data(r, schema), ensure_ascii=False),
        ),
    )
    value: dict[str, Any] = {
        "version": DATA_VERSION,
        "schema_version": schema.version,
        "generated_from": len(records),
        "records": [record_data(r, schema) for r in rows],
    }
    if changes is not None:
        value["changes"] = dict(changes)
    return value


def encode_like_mediawiki(value: Any) -> str:
    """JSON text as MediaWiki's pre-save transform writes it (see the module docstring)."""
    text = json.dumps(value, ensure_ascii=False, indent="\t", separators=(",", ": "))
    for char, escaped in _PHP_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def render_data(records: Iterable[Record], schema: Schema, changes: Mapping[str, Any] | None = None) -> str:
    """The data page's whole content: the registry (and the change log's data, if given) as JSON text."""
    return encode_like_mediawiki(registry_data(records, schema, changes))
