"""What a subcommand is: a declaration that documents itself, and the invocation it runs with.

Each command module in :mod:`bot.cli.commands` defines ``COMMAND``, a
:class:`Command` (name, summary, options, examples, and the function that
runs it). ``-help`` is generated from it, with the options every command
shares (:data:`COMMON_OPTIONS`) and the exit statuses every command uses
(:data:`bot.errors.EXIT_STATUS_HELP`); a test fails when a command lacks
help or examples (a habit taken from sqlite-utils).

A command's function gets an :class:`Invocation`: its parsed options, its
output streams, the configuration (loaded once, on first use, from the
files ``-settings:``, ``-schema:`` and ``-country-table:`` name), and a
:class:`bot.jobs.context.JobContext` for the jobs it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.cli.options import Option, ParsedArgs, option_help
from bot.config import ConfigPaths, Configuration, load_configuration
from bot.errors import EXIT_STATUS_HELP, UsageError
from bot.wiki.arguments import is_generator_option

if TYPE_CHECKING:
    from bot.jobs.context import JobContext
    from bot.wiki import Wiki

PROG = "python -m bot"

COMMON_OPTIONS = (
    Option("settings", "settings file instead of config/bot.toml", value="FILE"),
    Option("schema", "schema file instead of config/schema.toml", value="FILE"),
    Option("country-table", "country table instead of config/countries.toml", value="FILE"),
)
"""Options every command and audit script takes: the configuration files."""


@dataclass(frozen=True)
class Command:
    """A subcommand; it is named after its module in :mod:`bot.cli.commands` (``status.py`` is ``status``)."""

    summary: str
    options: tuple[Option, ...]
    examples: tuple[str, ...]
    run: Callable[[Invocation], int]
    description: str = ""
    order: int = 50
    name: str = ""

    @property
    def all_options(self) -> tuple[Option, ...]:
        return (*self.options, *COMMON_OPTIONS)

    def help(self) -> str:
        text = [f"usage: {PROG} {self.name} [options] [global options]", "", self.summary]
        if self.description:
            text += ["", self.description]
        text += ["", "options:", option_help(self.all_options), "  -help                    show this help"]
        text += [
            "",
            "Pywikibot's global options (-simulate, -user:, -family:, -lang:, -dir: ...) are accepted too.",
            EXIT_STATUS_HELP,
        ]
        text += ["", "examples:", *(f"  {e}" for e in self.examples)]
        return "\n".join(text) + "\n"


def simulating(global_args: list[str]) -> bool:
    """True when Pywikibot's global ``-simulate`` option was given."""
    return any(a == "-simulate" or a.startswith("-simulate:") for a in global_args)


def config_paths(args: ParsedArgs) -> ConfigPaths:
    def path(name: str) -> Path | None:
        value = args.options.get(name)
        return Path(str(value)) if value else None

    return ConfigPaths(settings=path("settings"), schema=path("schema"), countries=path("country-table"))


@dataclass
class Invocation:
    """One run of a command: what it was given, and what it needs, made on first use."""

    command: str
    args: ParsedArgs
    out: TextIO
    err: TextIO
    _config: Configuration | None = field(default=None, repr=False)

    def __getitem__(self, name: str) -> str | bool | None:
        return self.args[name]

    @property
    def config(self) -> Configuration:
        """The configuration, loaded and cross-checked once (an operator error when a file is broken)."""
        if self._config is None:
            self._config = load_configuration(config_paths(self.args))
        return self._config

    @property
    def simulate(self) -> bool:
        return simulating(self.args.global_args)

    @property
    def generator_args(self) -> list[str]:
        return [a for a in self.args.global_args if is_generator_option(a)]

    @property
    def pywikibot_args(self) -> list[str]:
        return [a for a in self.args.global_args if not is_generator_option(a)]

    def refuse_generators(self, why: str) -> None:
        """A :class:`UsageError` when page generator options were given to a command that cannot use them."""
        if self.generator_args:
            raise UsageError(why)

    def connect(self, need_rights: tuple[str, ...] = ()) -> Wiki:
        """Log in with Pywikibot's global options; its output goes to ``<state_dir>/logs/pywikibot.log``."""
        from bot.wiki import connect

        log = Path(self.config.settings.publish.state_dir) / "logs" / "pywikibot.log"
        return connect(self.pywikibot_args, log_file=log, need_rights=need_rights)

    def job_context(self, *, always: bool = False) -> JobContext:
        """The context a job of this command runs in: the wiki (connected on first use), -simulate, confirmation."""
        from bot.jobs.context import JobContext

        return JobContext(
            self.config,
            self.out,
            connector=self.connect,
            simulate=self.simulate,
            confirm=confirmer(self.out, always=always, simulate=self.simulate),
        )


def confirmer(out: TextIO, *, always: bool, simulate: bool) -> Callable[[str, str], bool] | None:
    """Ask before each save on an interactive terminal, unless ``-always`` or ``-simulate``.

    Scheduled runs have no terminal and never ask.
    """
    if always or simulate or not sys.stdin.isatty():
        return None

    def confirm(title: str, change: str) -> bool:
        out.write(change)
        answer = input(f"Save {title}? [y/N] ").strip().lower()
        return answer in ("y", "yes")

    return confirm
