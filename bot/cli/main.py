"""The command line: a thin layer of subcommands over the library.

Commands are declared in :mod:`bot.cli.commands` (one module each). An
operator mistake (bad options, an unreadable source, a broken
configuration file, a wiki that cannot be reached or refuses the login) is
one :class:`bot.errors.OperatorError`: the run ends with its one line and
its exit status (:mod:`bot.errors`). Problems on pages are data and never
change the exit status.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from bot.cli.command import PROG, Command, Invocation
from bot.cli.commands import discover
from bot.cli.options import parse_args
from bot.errors import EXIT_OK, EXIT_USAGE, OperatorError

COMMANDS: dict[str, Command] = discover()
INTERRUPTED = 130


def usage() -> str:
    width = max(len(n) for n in COMMANDS)
    lines = [
        f"usage: {PROG} COMMAND [options]",
        "",
        "The partnerships bot: keeps the partnerships registry current.",
        "",
        "commands:",
    ]
    lines += [f"  {c.name:<{width}}  {c.summary}" for c in COMMANDS.values()]
    lines += ["", f"'{PROG} COMMAND -help' shows a command's options and examples."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one subcommand; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-help", "--help", "-h", "help"):
        out.write(usage())
        return EXIT_OK if argv else EXIT_USAGE
    name, rest = argv[0], argv[1:]
    command = COMMANDS.get(name)
    if command is None:
        err.write(f"{PROG}: unknown command '{name}'; commands: {', '.join(COMMANDS)}\n")
        return EXIT_USAGE
    if any(a in ("-help", "--help", "-h") for a in rest):
        out.write(command.help())
        return EXIT_OK
    try:
        return command.run(Invocation(name, parse_args(rest, command.all_options), out, err))
    except OperatorError as exc:
        err.write(f"{PROG} {name}: {exc}\n")
        return exc.exit_status
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        err.write(f"{PROG} {name}: interrupted\n")
        return INTERRUPTED
