"""What a subcommand is: a declaration that documents itself.

Each command module in :mod:`bot.cli.commands` defines ``COMMAND``, a
:class:`Command` (name, summary, options, examples, and the function that
runs it). ``-help`` is generated from it, and a test fails when a command
lacks help or examples (a habit taken from sqlite-utils).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable, Sequence, TextIO

from bot.cli.options import Option, ParsedArgs, option_help

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

PROG = "python -m bot"


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    options: tuple[Option, ...]
    examples: tuple[str, ...]
    run: Callable[[ParsedArgs, TextIO, TextIO], int]
    description: str = ""
    order: int = 50

    def help(self) -> str:
        text = [f"usage: {PROG} {self.name} [options] [global options]", "", self.summary]
        if self.description:
            text += ["", self.description]
        text += ["", "options:", option_help(self.options), "  -help                    show this help"]
        text += ["", "Pywikibot's global options (-simulate, -user:, -family:, -lang:, -dir: ...) are accepted too."]
        text += ["", "examples:", *(f"  {e}" for e in self.examples)]
        return "\n".join(text) + "\n"



def simulating(global_args: Sequence[str]) -> bool:
    """True when Pywikibot's global ``-simulate`` option was given."""
    return any(a == "-simulate" or a.startswith("-simulate:") for a in global_args)


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
