"""The operator's configuration: ``config/bot.toml`` as frozen :class:`Settings`, and the whole set of files.

``config/bot.toml`` holds the bot's settings (never secrets): the registry's
scope, the titles of the pages the bot writes, the index's columns and
grouping, the overview's tables, publishing, consultations, audits, deploy
and the schedule. Every section and key is optional (defaults below); an
unknown section or key, or a bad value, is an operator's error:
:class:`bot.errors.ConfigError` with one line that names the key and says
what to fix.

* :mod:`bot.config.settings`: one frozen dataclass per section, with its defaults;
* :mod:`bot.config.checks`: value checks;
* :mod:`bot.config.loading`: the sections, :func:`load_settings`, and the
  checks against the schema (fields named by role are resolved there);
* :mod:`bot.config.configuration`: :func:`load_configuration`, which loads
  the schema, the country table, the settings and the consultation rules
  once and checks them against each other.

A new section needs a dataclass in ``settings`` and an entry in
``loading.SECTIONS``; a list of tables (``[[consultations]]``) an entry in
``loading.ARRAYS``.
"""

from bot.config.configuration import ConfigPaths, Configuration, load_configuration
from bot.config.loading import (
    ARRAYS,
    SECTIONS,
    check_against_schema,
    checked,
    load_settings,
    parse_settings,
    resolve_roles,
)
from bot.config.settings import (
    DEFAULT_CONFIG_PATH,
    GROUP_NONE,
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

__all__ = [
    "ARRAYS",
    "DEFAULT_CONFIG_PATH",
    "GROUP_NONE",
    "PROBLEMS_COLUMN",
    "SECTIONS",
    "AuditSettings",
    "ChangesSettings",
    "ConfigPaths",
    "Configuration",
    "ConsultationConfig",
    "DeploySettings",
    "IndexSettings",
    "OverviewSettings",
    "Pages",
    "PublishSettings",
    "RegistryScope",
    "RemindersSettings",
    "ScheduleSettings",
    "Settings",
    "check_against_schema",
    "checked",
    "load_configuration",
    "load_settings",
    "parse_settings",
    "resolve_roles",
]
