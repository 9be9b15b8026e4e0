"""The bot's subcommands, one module each; each defines ``COMMAND`` (see :mod:`bot.cli.command`).

Modules are discovered, so adding a command is adding a module here; a
command is named after its module (``status.py`` is ``python -m bot status``).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace

from bot.cli.command import Command


def discover() -> dict[str, Command]:
    """Every command in this package, in their declared order, then by name."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        command = getattr(module, "COMMAND", None)
        if isinstance(command, Command):
            found.append(replace(command, name=info.name))
    return {c.name: c for c in sorted(found, key=lambda c: (c.order, c.name))}
