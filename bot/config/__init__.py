"""Load ``config/bot.toml`` into a frozen :class:`Settings`.

The file holds the bot's settings (never secrets): the registry's scope, the
titles of the pages the bot writes, the index's columns and grouping, and
the overview's options. Every section and key is optional (defaults below);
an unknown section or key, or a bad value, is an operator's error:
:func:`load_settings` raises :class:`ConfigError` with one line that names
the key and says what to fix.

The package: :mod:`bot.config.settings` (one frozen dataclass per section,
with its defaults), :mod:`bot.config.checks` (value checks) and
:mod:`bot.config.loading` (the sections and :func:`load_settings`). A new
section needs a dataclass in ``settings`` and an entry in
``loading.SECTIONS``; a list of tables (``[[consultations]]``) an entry in
``loading.ARRAYS``.
"""

from bot.config.loading import ARRAYS, SECTIONS, check_against_schema, load_settings, parse_settings
from bot.config.settings import (
    DEFAULT_COLUMNS, DEFAULT_CONFIG_PATH, GROUP_NONE, JOB_NAMES, PROBLEMS_COLUMN, AuditSettings, ConfigError,
    ConsultationConfig, DeploySettings, IndexSettings, OverviewSettings, Pages, PublishSettings, RegistryScope,
    ScheduleSettings, Settings,
)

__all__ = [
    "ARRAYS", "DEFAULT_COLUMNS", "DEFAULT_CONFIG_PATH", "GROUP_NONE", "JOB_NAMES", "PROBLEMS_COLUMN", "SECTIONS",
    "AuditSettings", "ConfigError", "ConsultationConfig", "DeploySettings", "IndexSettings", "OverviewSettings",
    "Pages", "PublishSettings", "RegistryScope", "ScheduleSettings", "Settings",
    "check_against_schema", "load_settings", "parse_settings",
]
