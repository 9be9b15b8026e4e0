"""Shared test helpers: the schema, and parsed items as the extractor makes them."""

from __future__ import annotations

import pytest

from bot.core.schema import Schema, load_schema
from bot.core.wikitext import parse, strip_noise


@pytest.fixture(scope="session")
def schema() -> Schema:
    return load_schema()


def item(text: str):
    """A value as the extractor hands it to a normaliser: parsed, noise removed."""
    return strip_noise(parse(text))
