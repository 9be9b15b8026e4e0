"""Reading ``config/bot.toml``: which sections exist, and turning the file into :class:`Settings`.

Part of :mod:`bot.config`. A new section needs an entry in :data:`SECTIONS` (and a
dataclass in :mod:`bot.config.settings`); a list of tables (``[[consultations]]``)
needs an entry in :data:`ARRAYS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config.checks import (
    Check,
    _category,
    _category_pattern,
    _color,
    _columns,
    _count,
    _day,
    _days,
    _every,
    _field_names,
    _flag,
    _folder,
    _fraction,
    _group,
    _index_title,
    _languages,
    _marker,
    _message_language,
    _minutes,
    _months,
    _namespaces,
    _optional_page,
    _optional_title,
    _page_languages,
    _pages,
    _questions,
    _roles,
    _run_page,
    _shards,
    _similarity,
    _string,
    _strings,
    _title,
    _titles,
    _where,
)
from bot.config.settings import (
    CATEGORY_ROLES,
    DEFAULT_CONFIG_PATH,
    GROUP_NONE,
    INDEX_ROLES,
    OVERVIEW_BREAKDOWN_ROLES,
    OVERVIEW_CROSS_ROLES,
    OVERVIEW_GAP_ROLES,
    OVERVIEW_YEARS_ROLE,
    PROBLEMS_COLUMN,
    AuditSettings,
    ChangesSettings,
    ConsultationConfig,
    DeploySettings,
    IndexSettings,
    OverviewSettings,
    Pages,
    PublishSettings,
    RegistryScope,
    RemindersSettings,
    ScheduleSettings,
    Settings,
)
from bot.core.schema import Role, Schema, ValueType
from bot.core.tomlfile import read_toml
from bot.errors import ConfigError

SECTIONS: dict[str, tuple[type, dict[str, Check]]] = {
    "registry": (RegistryScope, {"namespaces": _namespaces, "prefix": _string}),
    "pages": (
        Pages,
        {
            "index": _title,
            "overview": _title,
            "problems": _title,
            "data": _title,
            "lists": _optional_title,
            "data_shards": _shards,
            "preload": _index_title,
            "changes": _title,
            "languages": _page_languages,
        },
    ),
    "index": (IndexSettings, {"columns": _columns, "group_by": _group}),
    "overview": (
        OverviewSettings,
        {
            "active_statuses": _strings,
            "ended_statuses": _field_names,
            "trends": _flag,
            "bar_color": _color,
            "cross": _field_names,
            "breakdowns": _field_names,
            "years": _string,
            "gaps": _field_names,
        },
    ),
    "publish": (
        PublishSettings,
        {"run_page": _run_page, "brake": _fraction, "state_dir": _folder, "docs_page": _optional_page},
    ),
    "schedule": (
        ScheduleSettings,
        {
            "every": _every,
            "time_limit": _minutes,
            "retry_after": _minutes,
            "lock_file": _folder,
            "status_page": _optional_page,
            "status_refresh": _minutes,
            "lease_page": _optional_page,
            "lease_minutes": _minutes,
            "instance": _string,
            "require_bot_right": _flag,
        },
    ),
    "audits": (
        AuditSettings,
        {
            "review_months": _months,
            "pending_months": _months,
            "pending_statuses": _strings,
            "category": _category,
            "member_pages": _titles,
            "name_similarity": _similarity,
            "legal_suffixes": _strings,
            "shared_domains": _strings,
            "roles": _roles,
        },
    ),
    "changes": (ChangesSettings, {"days": _days}),
    "reminders": (
        RemindersSettings,
        {
            "enabled": _flag,
            "review_months": _months,
            "problem_days": _days,
            "period_days": _days,
            "max_per_run": _count,
            "ping_contacts": _flag,
            "language": _message_language,
        },
    ),
    "deploy": (
        DeploySettings,
        {
            "category": _title,
            "category_fields": _field_names,
            "value_category": _category_pattern,
            "missing_category": _title,
            "unknown_category": _title,
            "outside_category": _title,
            "module": _title,
            "list_template": _title,
            "count_template": _title,
        },
    ),
}


# Lists of tables ([[name]] in TOML): the dataclass, its checks, and its required keys.
ARRAYS: dict[str, tuple[type, dict[str, Check], tuple[str, ...]]] = {
    "consultations": (
        ConsultationConfig,
        {
            "page": _pages,
            "target": _title,
            "marker": _marker,
            "questions": _questions,
            "opens": _day,
            "closes": _day,
            "language": _languages,
        },
        ("page", "target", "marker"),
    ),
}


def _array(name: str, value: Any) -> tuple[Any, ...]:
    """The entries of a ``[[name]]`` list of tables, each checked like a section.

    Messages name the entry by its position: ``[[consultations]] #2 marker ...``.
    """
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(f"config/bot.toml: '{name}' must be written as [[{name}]] tables, one per entry")
    cls, checks, required = ARRAYS[name]
    entries = []
    for number, entry in enumerate(value, start=1):
        try:
            unknown = sorted(set(entry) - set(checks))
            if unknown:
                raise ConfigError(f"{_where(name, unknown[0])} is not a known key; use one of {', '.join(checks)}")
            missing = [k for k in required if k not in entry]
            if missing:
                raise ConfigError(f"{_where(name, missing[0])} is missing; each [[{name}]] needs {', '.join(required)}")
            values = {k: checks[k](name, k, v) for k, v in entry.items()}
            build = getattr(cls, "from_entry", cls)
            entries.append(build(**values))
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(f"[{name}]", f"[[{name}]] #{number}", 1)) from None
    return tuple(entries)


def _check_consultations(settings: Settings) -> None:
    """Windows that close before they open, and two summaries sharing one pair of markers."""
    seen: dict[tuple[str, str], int] = {}
    for number, item in enumerate(settings.consultations, start=1):
        where = f"config/bot.toml: [[consultations]] #{number}"
        if item.opens and item.closes and item.closes < item.opens:
            raise ConfigError(f"{where} closes ({item.closes}) is before opens ({item.opens})")
        # The language versions (target/de ...) are the summary's pages as much as the target is.
        for target in item.targets(settings.pages.languages):
            if target in settings.own_pages:
                raise ConfigError(
                    f"{where} target {target!r} is a page of the registry ([pages]); give the summary its own page"
                )
            key = (target, item.marker)
            if key in seen and seen[key] != number:
                raise ConfigError(
                    f"{where} marker {item.marker!r} on {target!r} is already used by "
                    f"[[consultations]] #{seen[key]}; give each summary its own marker"
                )
            seen[key] = number


def parse_settings(data: dict[str, Any], *, schema: Schema) -> Settings:
    """Build :class:`Settings` from the parsed TOML document, checking every key against ``schema``.

    Keys left unset that name fields (the index's columns, the overview's
    tables, the deploy categories) are resolved from the fields' roles, so
    the settings returned name only fields the schema has.
    """
    parts: dict[str, Any] = {}
    for section, value in data.items():
        if section in ARRAYS:
            parts[section] = _array(section, value)
            continue
        if section not in SECTIONS:
            known = [*(f"[{s}]" for s in SECTIONS), *(f"[[{s}]]" for s in ARRAYS)]
            raise ConfigError(f"config/bot.toml: unknown section [{section}]; use one of {', '.join(known)}")
        cls, checks = SECTIONS[section]
        if not isinstance(value, dict):
            raise ConfigError(f"config/bot.toml: '{section}' must be a section ([{section}]), not a value")
        unknown = sorted(set(value) - set(checks))
        if unknown:
            raise ConfigError(f"{_where(section, unknown[0])} is not a known key; use one of {', '.join(checks)}")
        parts[section] = cls(**{k: checks[k](section, k, v) for k, v in value.items()})
    settings = resolve_roles(Settings(**parts), schema)
    if len(set(settings.pages.titles)) != len(settings.pages.titles):
        raise ConfigError("config/bot.toml: [pages] gives the same title to two pages; give each page its own title")
    _check_consultations(settings)
    check_against_schema(settings, schema)
    return settings


def _names(schema: Schema, roles: Sequence[Role]) -> tuple[str, ...]:
    return tuple(name for role in roles if (name := schema.role_name(role)) is not None)


def resolve_roles(settings: Settings, schema: Schema) -> Settings:
    """``settings`` with every unset field-naming key filled in from the schema's roles."""
    index, overview, deploy = settings.index, settings.overview, settings.deploy
    if not index.columns:
        index = replace(index, columns=(*_names(schema, INDEX_ROLES), PROBLEMS_COLUMN))
    cross = overview.cross if overview.cross is not None else _names(schema, OVERVIEW_CROSS_ROLES)
    overview = replace(
        overview,
        cross=cross if len(cross) == 2 else (),
        breakdowns=overview.breakdowns if overview.breakdowns is not None else _names(schema, OVERVIEW_BREAKDOWN_ROLES),
        years=overview.years if overview.years is not None else (schema.role_name(OVERVIEW_YEARS_ROLE) or ""),
        gaps=overview.gaps if overview.gaps is not None else _names(schema, OVERVIEW_GAP_ROLES),
    )
    if deploy.category_fields is None:
        deploy = replace(deploy, category_fields=_names(schema, CATEGORY_ROLES))
    return replace(settings, index=index, overview=overview, deploy=deploy)


def _enum_fields(schema: Schema, *, single: bool = False) -> list[str]:
    return [f.name for f in schema.fields if f.enum and f.enum in schema.enums and not (single and f.list)]


def check_against_schema(settings: Settings, schema: Schema) -> None:
    """Raise :class:`ConfigError` when the settings name fields or values the schema lacks."""
    names = [f.name for f in schema.fields]
    for column in settings.index.columns:
        if column != PROBLEMS_COLUMN and column not in schema.by_name:
            raise ConfigError(
                f"{_where('index', 'columns')}: unknown column '{column}'; use fields of config/schema.toml "
                f"({', '.join(names)}) or '{PROBLEMS_COLUMN}'"
            )
    group = settings.index.group_by
    if group != GROUP_NONE and group not in _enum_fields(schema):
        raise ConfigError(
            f"{_where('index', 'group_by')}: cannot group by '{group}'; use \"{GROUP_NONE}\" or one of "
            f"{', '.join(_enum_fields(schema))}"
        )
    overview = settings.overview
    if overview.cross and len(overview.cross) != 2:
        raise ConfigError(
            f"{_where('overview', 'cross')} must name two fields with enumerations (rows, then columns), "
            f'such as ["{_enum_fields(schema)[0]}", "{_enum_fields(schema)[-1]}"], or be []'
        )
    for key, chosen in (("cross", overview.cross), ("breakdowns", overview.breakdowns), ("gaps", overview.gaps)):
        for name in chosen or ():
            if name not in _enum_fields(schema):
                raise ConfigError(
                    f"{_where('overview', key)}: '{name}' is not a field with an enumeration; use fields "
                    f"among {', '.join(_enum_fields(schema))}"
                )
    if overview.years:
        dates = [f.name for f in schema.fields if f.type == ValueType.DATE and not f.list]
        if overview.years not in dates:
            raise ConfigError(
                f"{_where('overview', 'years')}: '{overview.years}' is not a date field; use one of "
                f'{", ".join(dates)}, or "" for no table by year'
            )
    for name in settings.deploy.category_fields or ():
        if name not in _enum_fields(schema, single=True) or schema.by_name[name].type != ValueType.ENUM:
            choices = [f.name for f in schema.fields if f.type == ValueType.ENUM and not f.list]
            raise ConfigError(
                f"{_where('deploy', 'category_fields')}: '{name}' is not a single-valued enumeration; "
                f"use fields among {', '.join(choices)}"
            )
    status_field = schema.role(Role.STATUS)
    status = schema.enumeration(status_field) if status_field is not None else None
    if status_field is not None and status is not None:
        for key, what, values in (
            ("overview", "active_statuses", overview.active_statuses),
            ("overview", "ended_statuses", overview.ended_statuses),
            ("audits", "pending_statuses", settings.audits.pending_statuses),
        ):
            for value in values:
                if value not in status.ids:
                    raise ConfigError(
                        f"{_where(key, what)}: '{value}' is not a value of the field "
                        f"'{status_field.name}'; use ids from config/schema.toml ({', '.join(status.ids)})"
                    )


def checked(settings: Settings, schema: Schema) -> Settings:
    """``settings`` resolved against the schema's roles and checked (what renderers call first).

    Settings from :func:`load_settings` are already both; this makes a
    hand-built :class:`Settings` (a library user's, a test's) safe to render.
    """
    resolved = resolve_roles(settings, schema)
    check_against_schema(resolved, schema)
    return resolved


def load_settings(path: Path | str | None = None, *, schema: Schema) -> Settings:
    """Read and check the settings file (default: ``config/bot.toml``) against ``schema``."""
    path = Path(path) if path else DEFAULT_CONFIG_PATH
    data = read_toml(path, what="config", error=ConfigError)
    try:
        return parse_settings(data, schema=schema)
    except ConfigError as exc:
        if path == DEFAULT_CONFIG_PATH:
            raise
        raise ConfigError(str(exc).replace("config/bot.toml", str(path), 1)) from None
