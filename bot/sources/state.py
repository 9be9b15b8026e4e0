"""The bot's state file, written atomically.

The state remembers what the bot has read (each page's id, title, revision
and text) so that the next run asks the wiki only for what changed. It is a
cache, never the truth: a missing, unreadable or corrupt state file means a
full read with one warning line, never a crash and never a blanked table.

Writes go to a temporary file in the same folder, are flushed to disk
(``fsync``) and then renamed over the old file: a crash at any moment leaves
either the old state or the new one, never half of each.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import StateError

STATE_VERSION = 1


@dataclass
class LoadedState:
    """What :func:`load_state` found: the data, or why it started empty."""

    data: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None

    @property
    def usable(self) -> bool:
        return self.warning is None and bool(self.data)


def load_state(path: Path, *, key: str) -> LoadedState:
    """Read the state for ``key`` (the site and scope it belongs to).

    A state written for another site or scope is as good as none: reading
    with it would mix two registries.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedState(warning=f"no state file at {path}: reading every page")
    except OSError as exc:
        return LoadedState(warning=f"cannot read state file {path} ({exc.strerror}): reading every page")
    try:
        data = json.loads(raw)
    except ValueError:
        return LoadedState(warning=f"state file {path} is corrupt (not JSON): reading every page")
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return LoadedState(warning=f"state file {path} has an unknown format: reading every page")
    if data.get("key") != key:
        return LoadedState(warning=f"state file {path} belongs to another wiki or scope: reading every page")
    return LoadedState(data=data)


def save_state(path: Path, data: dict[str, Any], *, key: str) -> None:
    """Write the state atomically (temporary file, fsync, rename)."""
    document = {"version": STATE_VERSION, "key": key, **{k: v for k, v in data.items() if k not in ("version", "key")}}
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except OSError as exc:
        raise StateError(f"cannot write state file {path}: {exc.strerror}") from None
