"""The command line: a thin layer of subcommands over the library.

Commands are declared in :mod:`bot.cli.commands` (one module each). Operator
mistakes (bad options, an unreadable source, a broken schema or config, a
wiki that cannot be reached) end the run with one line and a non-zero exit
status; problems on pages are data and never change the exit status.
"""

from __future__ import annotations

import sys
from typing import Sequence, TextIO

from bot.cli.command import EXIT_FAILED, EXIT_OK, EXIT_USAGE, PROG, Command
from bot.cli.commands import discover
from bot.config import ConfigError
from bot.cli.options import UsageError, parse_args
from bot.core.schema import SchemaError
from bot.sources.offline import SourceError
from bot.sources.state import StateError
from bot.wiki import WikiError

COMMANDS: dict[str, Command] = discover()

# Errors an operator can cause: one line, exit 1.
OPERATOR_ERRORS: tuple[type[Exception], ...] = (SourceError, SchemaError, WikiError, StateError, ConfigError)


def usage() -> str:
    width = max(len(n) for n in COMMANDS)
    lines = [f"usage: {PROG} COMMAND [options]", "", "The partnerships bot: keeps the partnerships registry current.", "", "commands:"]
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
        args = parse_args(rest, command.options)
        return command.run(args, out, err)
    except UsageError as exc:
        err.write(f"{PROG} {name}: {exc}\n")
        return EXIT_USAGE
    except OPERATOR_ERRORS as exc:
        err.write(f"{PROG} {name}: {exc}\n")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
