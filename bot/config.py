"""Load ``config/bot.toml`` into a frozen :class:`Settings`.

The file holds the bot's settings (never secrets): the registry's scope, the
titles of the pages the bot writes, the index's columns and grouping, and
the overview's options. Every section and key is optional (defaults below);
an unknown section or key, or a bad value, is an operator's error:
:func:`load_settings` raises :class:`ConfigError` with one line that names
the key and says what to fix.

A new section needs an entry in :data:`SECTIONS` (and a dataclass here).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

DEFAULT_CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "bot.toml"

PROBLEMS_COLUMN = "problems"
"""The index column that is not a schema field: the page's problem count."""

GROUP_NONE = "none"
DEFAULT_COLUMNS = (
    "name", "partner", "type", "level", "regions", "areas", "status",
    "start", "end", "last_reviewed", PROBLEMS_COLUMN,
)

_TITLE_FORBIDDEN = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]|~~~|__")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?$")


class ConfigError(Exception):
    """``config/bot.toml`` is unusable; the message says what to fix."""


@dataclass(frozen=True, slots=True)
class RegistryScope:
    """Pages in scope: transcluding the template, in these namespaces, under this prefix."""

    namespaces: tuple[int, ...] = (0,)
    prefix: str = "Partnerships/"


@dataclass(frozen=True, slots=True)
class Pages:
    """Titles of the pages the bot writes."""

    index: str = "Partnerships/Registry"
    overview: str = "Partnerships/Registry/Overview"
    problems: str = "Partnerships/Registry/Problems"
    data: str = "Partnerships/Registry.json"


@dataclass(frozen=True, slots=True)
class IndexSettings:
    """The index table: its columns (schema fields or ``problems``) and grouping.

    ``group_by`` is ``none`` or a field with an enumeration (``regions``,
    ``status``, ``type``, ...): one section per value, in the schema's order.
    """

    columns: tuple[str, ...] = DEFAULT_COLUMNS
    group_by: str = GROUP_NONE

    @property
    def grouped(self) -> bool:
        return self.group_by != GROUP_NONE


@dataclass(frozen=True, slots=True)
class OverviewSettings:
    """The overview: which statuses count as active (for the gaps table), bar colour."""

    active_statuses: tuple[str, ...] = ("active",)
    bar_color: str = "#36c"


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """How the bot writes: its run page, the brake, and where it keeps state.

    ``run_page`` may contain ``{user}``, the bot's account name. ``brake`` is
    the largest share of published index rows one run may remove (0.2: refuse
    when more than 20% would disappear) unless ``-force`` is given.
    """

    run_page: str = "User:{user}/Run"
    brake: float = 0.2
    state_dir: str = "state"

    def run_page_for(self, user: str) -> str:
        return self.run_page.replace("{user}", user)


@dataclass(frozen=True, slots=True)
class Settings:
    registry: RegistryScope = field(default_factory=RegistryScope)
    pages: Pages = field(default_factory=Pages)
    index: IndexSettings = field(default_factory=IndexSettings)
    overview: OverviewSettings = field(default_factory=OverviewSettings)
    publish: PublishSettings = field(default_factory=PublishSettings)

    @property
    def own_pages(self) -> frozenset[str]:
        """The pages the bot writes: a source must never read them as partnerships."""
        return frozenset({self.pages.index, self.pages.overview, self.pages.problems, self.pages.data})


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


def _strings(section: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{_where(section, key)} must be a list of non-empty strings, such as [\"a\", \"b\"] (got {value!r})")
    if len(set(value)) != len(value):
        raise ConfigError(f"{_where(section, key)} lists a value twice: {value!r}")
    return tuple(v.strip() for v in value)


def _namespaces(section: str, key: str, value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ConfigError(f"{_where(section, key)} must be a list of namespace numbers, such as [0] (got {value!r})")
    return tuple(value)


def _color(section: str, key: str, value: Any) -> str:
    color = _string(section, key, value)
    if not _COLOR.match(color):
        raise ConfigError(f"{_where(section, key)} must be a CSS hex colour such as \"#36c\" (got {value!r})")
    return color


def _columns(section: str, key: str, value: Any) -> tuple[str, ...]:
    columns = _strings(section, key, value)
    if not columns:
        raise ConfigError(f"{_where(section, key)} must name at least one column, such as [\"name\", \"status\"]")
    return columns


def _group(section: str, key: str, value: Any) -> str:
    group = _string(section, key, value).strip()
    if not group:
        raise ConfigError(f"{_where(section, key)} must be \"{GROUP_NONE}\" or a field with an enumeration, such as \"regions\"")
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
        raise ConfigError(f"{_where(section, key)} must name a folder, such as \"state\"")
    return folder


SECTIONS: dict[str, tuple[type, dict[str, Check]]] = {
    "registry": (RegistryScope, {"namespaces": _namespaces, "prefix": _string}),
    "pages": (Pages, {"index": _title, "overview": _title, "problems": _title, "data": _title}),
    "index": (IndexSettings, {"columns": _columns, "group_by": _group}),
    "overview": (OverviewSettings, {"active_statuses": _strings, "bar_color": _color}),
    "publish": (PublishSettings, {"run_page": _run_page, "brake": _fraction, "state_dir": _folder}),
}


def parse_settings(data: dict[str, Any], *, schema=None) -> Settings:
    """Build :class:`Settings` from the parsed TOML document, checking every key.

    With ``schema`` (a :class:`bot.schema.Schema`), the index columns, the
    grouping and the active statuses are also checked against its fields and
    enumerations.
    """
    parts: dict[str, Any] = {}
    for section, value in data.items():
        if section not in SECTIONS:
            raise ConfigError(f"config/bot.toml: unknown section [{section}]; use one of {', '.join(f'[{s}]' for s in SECTIONS)}")
        cls, checks = SECTIONS[section]
        if not isinstance(value, dict):
            raise ConfigError(f"config/bot.toml: '{section}' must be a section ([{section}]), not a value")
        unknown = sorted(set(value) - set(checks))
        if unknown:
            raise ConfigError(f"{_where(section, unknown[0])} is not a known key; use one of {', '.join(checks)}")
        parts[section] = cls(**{k: checks[k](section, k, v) for k, v in value.items()})
    settings = Settings(**parts)
    if len(settings.own_pages) != len(fields(Pages)):
        raise ConfigError("config/bot.toml: [pages] gives the same title to two pages; give each page its own title")
    if schema is not None:
        check_against_schema(settings, schema)
    return settings


def check_against_schema(settings: Settings, schema) -> None:
    """Raise :class:`ConfigError` when the settings name fields or values the schema lacks."""
    names = [f.name for f in schema.fields]
    for column in settings.index.columns:
        if column != PROBLEMS_COLUMN and column not in schema.by_name:
            raise ConfigError(f"{_where('index', 'columns')}: unknown column '{column}'; use fields of config/schema.toml "
                              f"({', '.join(names)}) or '{PROBLEMS_COLUMN}'")
    group = settings.index.group_by
    if group != GROUP_NONE:
        spec = schema.by_name.get(group)
        if spec is None or not spec.enum or spec.enum not in schema.enums:
            choices = [f.name for f in schema.fields if f.enum and f.enum in schema.enums]
            raise ConfigError(f"{_where('index', 'group_by')}: cannot group by '{group}'; use \"{GROUP_NONE}\" or one of {', '.join(choices)}")
    status = schema.enums.get("status")
    if status is not None:
        for value in settings.overview.active_statuses:
            if value not in status.ids:
                raise ConfigError(f"{_where('overview', 'active_statuses')}: '{value}' is not a status; use ids from config/schema.toml ({', '.join(status.ids)})")


def load_settings(path: Path | str | None = None, *, schema=None) -> Settings:
    """Read and check the settings file (default: ``config/bot.toml``)."""
    path = Path(path) if path else DEFAULT_CONFIG_PATH
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config: file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: {path} is not valid TOML: {exc}") from None
    try:
        return parse_settings(data, schema=schema)
    except ConfigError as exc:
        if path == DEFAULT_CONFIG_PATH:
            raise
        raise ConfigError(str(exc).replace("config/bot.toml", str(path), 1)) from None
