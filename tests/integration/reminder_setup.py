"""The configuration of one reminders test: its own template, registry prefix, run page and state."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from typing import Any

from bot.config import Configuration, Pages, RegistryScope, RemindersSettings, load_settings
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from tests import support


def configuration(*, template: str, prefix: str, run_page: str, state_dir: str, **reminders: Any) -> Configuration:
    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    data["template"] = {"name": template, "redirects": []}
    schema = parse_schema(data)
    base = load_settings(schema=schema)
    settings = replace(
        base,
        registry=RegistryScope(namespaces=(), prefix=f"{prefix}P/"),
        pages=Pages(
            index=f"{prefix}Registry",
            overview=f"{prefix}Registry/Overview",
            problems=f"{prefix}Registry/Problems",
            data=f"{prefix}Registry.json",
            changes=f"{prefix}Registry/Changes",
        ),
        publish=replace(base.publish, run_page=run_page, state_dir=state_dir),
        reminders=RemindersSettings(enabled=True, **reminders),
    )
    return replace(support.configuration(), schema=schema, settings=settings)
