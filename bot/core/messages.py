"""Messages in the banana format of MediaWiki and its tools: ``i18n/<language>.json``.

Each file maps message keys to text (``$1`` for parameters,
``{{PLURAL:$1|one|other}}`` for counts); ``@metadata`` holds authors and
notes and is not a message. ``qqq.json`` documents each message for
translators and is not a language. Module:Partnerships gets every language
through ``Module:Partnerships/i18n.json`` (written by deploy) and falls back
to English for a key a language lacks.
"""

from __future__ import annotations

import json
from pathlib import Path

from bot.errors import ConfigError

DOCUMENTATION = "qqq"
METADATA = "@metadata"


def read_messages(path: Path) -> dict[str, str]:
    """One language file's messages (without ``@metadata``); a broken file is the operator's mistake."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: the messages file is missing; restore it from git") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for k, v in data.items() if k != METADATA):
        raise ConfigError(f"{path}: must be one JSON object of message key -> text")
    return {key: value for key, value in data.items() if key != METADATA}


def load_messages(folder: Path) -> dict[str, dict[str, str]]:
    """Every language's messages, by language code (``qqq`` left out)."""
    languages = sorted(p for p in folder.glob("*.json") if p.stem != DOCUMENTATION)
    return {path.stem: read_messages(path) for path in languages}
