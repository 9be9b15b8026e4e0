"""Value checks for ``config/bot.toml``: each returns the cleaned value or raises :class:`ConfigError`.

Part of :mod:`bot.config`. Every message names ``[section] key`` and says what to write instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from bot.config.settings import GROUP_NONE
from bot.errors import ConfigError

_TITLE_FORBIDDEN = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]|~~~|__")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?$")

# --- Value checks: each returns the cleaned value or raises ConfigError ------


def _where(section: str, key: str) -> str:
    return f"config/bot.toml: [{section}] {key}"


def _string(section: str, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{_where(section, key)} must be a string in quotes (got {value!r})")
    return value


def _title(section: str, key: str, value: Any) -> str:
    title = _string(section, key, value).strip()
    if not title or _TITLE_FORBIDDEN.search(title):
        raise ConfigError(f"{_where(section, key)} must be a page title without # < > [ ] | {{ }} (got {value!r})")
    return title


def _optional_title(section: str, key: str, value: Any) -> str:
    """A page title, or "" for none; ``{index}`` stands for the index's title."""
    if isinstance(value, str) and not value.strip():
        return ""
    return _index_title(section, key, value)


def _index_title(section: str, key: str, value: Any) -> str:
    """A page title in which ``{index}`` stands for the index's title (``{index}/Preload``)."""
    title = _string(section, key, value).strip()
    _title(section, key, title.replace("{index}", "Index"))
    return title


def _shards(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 64:
        raise ConfigError(f"{_where(section, key)} must be a whole number from 1 to 64, such as 1 (got {value!r})")
    return value


def _strings(section: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            f'{_where(section, key)} must be a list of non-empty strings, such as ["a", "b"] (got {value!r})'
        )
    if len(set(value)) != len(value):
        raise ConfigError(f"{_where(section, key)} lists a value twice: {value!r}")
    return tuple(v.strip() for v in value)


def _field_names(section: str, key: str, value: Any) -> tuple[str, ...]:
    """A list of field names (checked against the schema once it is loaded); [] for none."""
    if isinstance(value, list) and not value:
        return ()
    return _strings(section, key, value)


def _namespaces(section: str, key: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ConfigError(f"{_where(section, key)} must be a list of namespace numbers, such as [0] (got {value!r})")
    return tuple(value)


def _color(section: str, key: str, value: Any) -> str:
    color = _string(section, key, value)
    if not _COLOR.match(color):
        raise ConfigError(f'{_where(section, key)} must be a CSS hex colour such as "#36c" (got {value!r})')
    return color


def _columns(section: str, key: str, value: Any) -> tuple[str, ...]:
    columns = _strings(section, key, value)
    if not columns:
        raise ConfigError(
            f"{_where(section, key)} must name at least one column: fields of config/schema.toml, or problems"
        )
    return columns


def _group(section: str, key: str, value: Any) -> str:
    group = _string(section, key, value).strip()
    if not group:
        raise ConfigError(
            f'{_where(section, key)} must be "{GROUP_NONE}" or a field of config/schema.toml with an enumeration'
        )
    return group


Check = Callable[[str, str, Any], Any]


def _fraction(section: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise ConfigError(f"{_where(section, key)} must be a number from 0 to below 1, such as 0.2 (got {value!r})")
    return float(value)


def _run_page(section: str, key: str, value: Any) -> str:
    return _title(section, key, _string(section, key, value).replace("{user}", "USER")).replace("USER", "{user}")


def _folder(section: str, key: str, value: Any) -> str:
    folder = _string(section, key, value).strip()
    if not folder:
        raise ConfigError(f'{_where(section, key)} must name a folder, such as "state"')
    return folder


# A marker name goes inside an HTML comment (<!-- BEGIN partnerships-bot: NAME -->).
_MARKER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9 _.-]*[A-Za-z0-9])?$")


def _pages(section: str, key: str, value: Any) -> tuple[str, ...]:
    """One title (``page = "Talk:X"``) or a list (``page = ["Talk:X", "Talk:X/Archive 1"]``), main page first."""
    if isinstance(value, str):
        return (_title(section, key, value),)
    if not isinstance(value, list) or not value:
        raise ConfigError(
            f'{_where(section, key)} must be a page title or a list of titles, such as ["Talk:X", "Talk:X/Archive 1"]'
        )
    titles = tuple(_title(section, key, v) for v in value)
    if len(set(titles)) != len(titles):
        raise ConfigError(f"{_where(section, key)} lists a page twice: {value!r}")
    return titles


def _languages(section: str, key: str, value: Any) -> tuple[str, ...]:
    """A MediaWiki language code (``"ru"``) or a list of them; checked against config/languages.json later."""
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(
        isinstance(v, str) and re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)*", v.strip().lower()) for v in values
    ):
        raise ConfigError(f'{_where(section, key)} must be a wiki language code such as "ru" or a list of them')
    return tuple(v.strip().lower() for v in values)


def _page_languages(section: str, key: str, value: Any) -> tuple[str, ...]:
    """The languages the registry pages are also written in: codes with a messages file in i18n/."""
    from bot.paths import I18N_DIR

    if isinstance(value, list) and not value:
        return ()
    codes = _languages(section, key, value)
    available = sorted(p.stem for p in I18N_DIR.glob("*.json") if p.stem not in ("qqq", "en"))
    for code in codes:
        if code == "en":
            raise ConfigError(f"{_where(section, key)}: English is the base page's language; list only the others")
        if not (I18N_DIR / f"{code}.json").exists():
            raise ConfigError(
                f'{_where(section, key)}: there is no i18n/{code}.json, so the pages cannot be written in "{code}" '
                f"(languages with messages: {', '.join(available) or 'none'}; a translator adds one with that file)"
            )
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{_where(section, key)} lists a language twice: {list(value)!r}")
    return codes


def _message_language(section: str, key: str, value: Any) -> str:
    """One language with a messages file in i18n/ (English included)."""
    from bot.paths import I18N_DIR

    (code,) = _languages(section, key, value) if isinstance(value, str) else (None,)
    if code is None:
        raise ConfigError(f'{_where(section, key)} must be one wiki language code such as "de"')
    if not (I18N_DIR / f"{code}.json").exists():
        available = sorted(p.stem for p in I18N_DIR.glob("*.json") if p.stem != "qqq")
        raise ConfigError(
            f"{_where(section, key)}: there is no i18n/{code}.json (languages with messages: {', '.join(available)})"
        )
    return code


def _marker(section: str, key: str, value: Any) -> str:
    name = _string(section, key, value).strip()
    if not _MARKER.match(name) or "--" in name:
        raise ConfigError(
            f"{_where(section, key)} must be a name of letters, digits, spaces, '-', '_' and '.', "
            f'such as "consultation-summary" (got {value!r})'
        )
    return name


def _day(section: str, key: str, value: Any) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise ConfigError(f"{_where(section, key)} must be a date such as 2019-07-15 (got {value!r})")


def _questions(section: str, key: str, value: Any) -> tuple[str, ...]:
    return _strings(section, key, value)


def _months(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 600:
        raise ConfigError(
            f"{_where(section, key)} must be a whole number of months from 1 to 600, such as 12 (got {value!r})"
        )
    return value


def _days(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
        raise ConfigError(
            f"{_where(section, key)} must be a whole number of days from 1 to 3650, such as 90 (got {value!r})"
        )
    return value


def _count(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10_000:
        raise ConfigError(f"{_where(section, key)} must be a whole number from 1 to 10000, such as 10 (got {value!r})")
    return value


def _similarity(section: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.5 <= value <= 1:
        raise ConfigError(f"{_where(section, key)} must be a number from 0.5 to 1, such as 0.9 (got {value!r})")
    return float(value)


def _category(section: str, key: str, value: Any) -> str:
    name = _title(section, key, value)
    return name.split(":", 1)[1].strip() if name.lower().startswith("category:") else name


def _titles(section: str, key: str, value: Any) -> tuple[str, ...]:
    return tuple(_title(section, key, v) for v in _strings(section, key, value))


def _roles(section: str, key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict) or not value:
        raise ConfigError(
            f"{_where(section, key)} must be a table of role = [spellings], "
            f'such as [{section}.roles] volunteer = ["volunteer"] (got {value!r})'
        )
    return tuple((str(role), _strings(section, f"{key}.{role}", spellings)) for role, spellings in value.items())


def _optional_page(section: str, key: str, value: Any) -> str:
    """A page title that may contain ``{user}``, or "" for none."""
    if isinstance(value, str) and not value.strip():
        return ""
    return _run_page(section, key, value)


def _minutes(section: str, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{_where(section, key)} must be a whole number of minutes, at least 1 (got {value!r})")
    return value


def _flag(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{_where(section, key)} must be true or false (got {value!r})")
    return value


def _every(section: str, key: str, value: Any) -> tuple[tuple[str, int], ...]:
    """``[schedule.every]``: minutes per job name (0: not scheduled); the names are checked against the jobs later."""
    if not isinstance(value, dict):
        raise ConfigError(f"{_where(section, key)} must be a table such as [{section}.{key}] update = 15")
    minutes = []
    for job, number in value.items():
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ConfigError(
                f"{_where(section, f'{key}.{job}')} must be a whole number of minutes "
                f"(0 to switch the job off; got {number!r})"
            )
        minutes.append((str(job), number))
    return tuple(minutes)


def _category_pattern(section: str, key: str, value: Any) -> str:
    pattern = _string(section, key, value).strip()
    if "{value}" not in pattern:
        raise ConfigError(
            f'{_where(section, key)} must contain {{value}}, such as "Partnerships with {{field}} {{value}}"'
        )
    _title(section, key, pattern.replace("{field}", "F").replace("{value}", "V"))
    return pattern
