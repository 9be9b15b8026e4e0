"""Category names the deployed pages use, checked before they reach the wiki."""

from __future__ import annotations

from bot.core.render.escape import is_safe_title
from bot.errors import ConfigError


def check_category(name: str) -> str:
    """``name`` when it can be a category's name, else the operator's mistake, in one line."""
    if not is_safe_title(name) or "|" in name:
        raise ConfigError(
            f"config/bot.toml: [deploy] gives '{name}', which is not a valid category name; "
            "change value_category or the schema's label"
        )
    return name
