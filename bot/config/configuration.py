"""Everything an operator configures, loaded once at start-up and checked against itself.

:func:`load_configuration` reads the four files in dependency order, each
checked against the ones before it, and returns one frozen
:class:`Configuration` that every command, audit and job is handed:

1. ``config/schema.toml`` (the template's fields and enumerations);
2. ``config/countries.toml`` (each country's region: every region id must be
   one of the schema's, or the line that names it is an operator error);
3. ``config/bot.toml`` (every field it names must be in the schema; unset
   keys that name fields are filled in from the fields' roles);
4. ``config/consultations.toml`` (how talk pages are read, with the schema's
   text rules).

Nothing is cached at module level: two configurations (a test's, the
operator's) never share state. A broken file raises its
:class:`bot.errors.OperatorError` subclass with one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.config.loading import load_settings
from bot.config.settings import Settings
from bot.core.discussion.settings import ConsultationSettings, load_consultation_settings
from bot.core.normalise.country_table import CountryTable, load_country_table
from bot.core.schema import Schema, load_schema


@dataclass(frozen=True)
class ConfigPaths:
    """Which files to read; None means the project's own file under ``config/``."""

    settings: Path | None = None
    schema: Path | None = None
    countries: Path | None = None
    consultations: Path | None = None


@dataclass(frozen=True, eq=False)
class Configuration:
    """The schema, the country table, the settings and the consultation rules, checked together."""

    schema: Schema
    countries: CountryTable
    settings: Settings
    rules: ConsultationSettings
    paths: ConfigPaths = ConfigPaths()


def load_configuration(paths: ConfigPaths = ConfigPaths()) -> Configuration:
    """Read and cross-check the configuration files (see the module docstring)."""
    schema = load_schema(paths.schema)
    countries = load_country_table(paths.countries, schema=schema)
    settings = load_settings(paths.settings, schema=schema)
    rules = load_consultation_settings(paths.consultations, text_rules=schema.text)
    return Configuration(schema, countries, settings, rules, paths)
