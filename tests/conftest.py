"""Shared test helpers: the configuration, and parsed items as the extractor makes them."""

from __future__ import annotations

import pytest

from bot.config import Configuration
from bot.core.normalise.country_table import CountryTable
from bot.core.schema import Schema
from bot.core.wikitext import parse, strip_noise
from tests import support


@pytest.fixture(scope="session")
def schema() -> Schema:
    return support.schema()


@pytest.fixture(scope="session")
def countries() -> CountryTable:
    return support.countries()


@pytest.fixture(scope="session")
def config() -> Configuration:
    return support.configuration()


def item(text: str):
    """A value as the extractor hands it to a normaliser: parsed, noise removed."""
    return strip_noise(parse(text))
