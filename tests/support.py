"""The project's own configuration, loaded once per test process (tests may share it; the bot never does)."""

from __future__ import annotations

from functools import cache

from bot.config import Configuration, load_configuration
from bot.config.settings import Settings
from bot.core.normalise.country_table import CountryTable
from bot.core.schema import Schema


@cache
def configuration() -> Configuration:
    return load_configuration()


def schema() -> Schema:
    return configuration().schema


def countries() -> CountryTable:
    return configuration().countries


def settings() -> Settings:
    return configuration().settings
