"""The command line: a thin layer of subcommands over the library.

Each subcommand is a :class:`Command` declaration (name, summary, options,
examples and the function that runs it), so ``-help`` is generated and a
test can check that every command documents itself. Operator mistakes (bad
options, an unreadable source, a broken schema) end the run with one line
and a non-zero exit status; problems on pages are data and never change the
exit status.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence, TextIO

from bot.options import Option, ParsedArgs, UsageError, is_generator_option, option_help, parse_args
from bot.schema import SchemaError, load_schema
from bot.config import ConfigError
from bot.sources import SourceError
from bot.state import StateError
from bot.wiki import WikiError

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

    def help(self) -> str:
        text = [f"usage: {PROG} {self.name} [options] [global options]", "", self.summary]
        if self.description:
            text += ["", self.description]
        text += ["", "options:", option_help(self.options), "  -help                    show this help"]
        text += ["", "Pywikibot's global options (-simulate, -user:, -family:, -lang:, -dir: ...) are accepted too."]
        text += ["", "examples:", *(f"  {e}" for e in self.examples)]
        return "\n".join(text) + "\n"


FORMATS = ("json", "csv", "table")


def _run_extract(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.extract import extract_many
    from bot.render.records_output import to_csv, to_json, to_table
    from bot.sources import parse_source

    schema = load_schema(args["schema"] or None)
    source_spec = str(args["source"])
    if source_spec == "wiki":
        from bot.jobs import wiki_snapshots

        state = Path(str(args["state"])) if args["state"] else None
        snapshots = wiki_snapshots(args.global_args, err=err, state_path=state, full=bool(args["full"]))
    else:
        if any(is_generator_option(a) for a in args.global_args):
            raise UsageError("page generator options (-cat:, -page: ...) need -source:wiki")
        try:
            snapshots = parse_source(source_spec)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    records = list(extract_many(snapshots, schema))
    fmt = args["format"]
    if fmt == "json":
        out.write(to_json(records))
    elif fmt == "csv":
        out.write(to_csv(records, schema))
    else:
        out.write(to_table(records, schema))
    return EXIT_OK


def _simulating(global_args: Sequence[str]) -> bool:
    return any(a == "-simulate" or a.startswith("-simulate:") for a in global_args)


def _ask(out: TextIO) -> Callable[[str, str], bool]:
    """Show the diff and ask before saving (interactive runs without -always)."""
    def confirm(title: str, change: str) -> bool:
        out.write(change)
        answer = input(f"Save {title}? [y/N] ").strip().lower()
        return answer in ("y", "yes")
    return confirm


def _run_update(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings
    from bot.update import UpdateOptions, run_update
    from bot.wiki import connect

    schema = load_schema(args["schema"] or None)
    settings = load_settings(schema=schema)
    if any(is_generator_option(a) for a in args.global_args):
        raise UsageError("update always reads the whole registry (config/bot.toml [registry]); page generator options are for extract")
    wiki = connect(args.global_args)
    options = UpdateOptions(simulate=_simulating(args.global_args), full=bool(args["full"]), force=bool(args["force"]))
    confirm = None if args["always"] or options.simulate or not sys.stdin.isatty() else _ask(out)
    report = run_update(wiki, schema, settings, options=options, out=out, confirm=confirm)
    return EXIT_OK if report.ok else EXIT_FAILED


COMMANDS: dict[str, Command] = {}


def register(command: Command) -> Command:
    COMMANDS[command.name] = command
    return command


register(Command(
    name="extract",
    summary="Read partnership pages and print their normalised records and problems.",
    description=(
        "Sources: 'wiki' (the pages in the registry's scope, see config/bot.toml), "
        "'dir:PATH' (a folder of .wiki files; the file name, URL-decoded, is the title) "
        "or 'dump:FILE' (a MediaWiki XML export, .xml/.xml.bz2/.xml.gz, streamed). "
        "Offline sources need no user-config.py and no network. Exit status 0 whenever "
        "the source was read, whatever problems the pages have."
    ),
    options=(
        Option("source", "where to read pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
        Option("format", "output format", value="FORMAT", choices=FORMATS, default="table"),
        Option("schema", "schema file", value="FILE", default=None),
        Option("full", "read every page again instead of only what changed since the last run"),
        Option("state", "state file for incremental reading", value="FILE", default=None),
    ),
    examples=(
        f"{PROG} extract -source:dir:examples -format:table",
        f"{PROG} extract -source:dir:examples -format:json > registry.json",
        f"{PROG} extract -source:dump:meta-pages.xml.bz2 -format:csv",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} extract -format:json",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} extract -cat:Partnerships -format:csv",
    ),
    run=_run_extract,
))


register(Command(
    name="update",
    summary="Bring the registry's index, overview, problems and data pages up to date.",
    description=(
        "Reads the registry (only what changed since the last run, unless -full), extracts the records and "
        "publishes the four pages named in config/bot.toml through the bot's one write path: only between its "
        "markers, only when the run page says 'yes', never when nothing changed, never from an incomplete read, "
        "and not when more than the configured share of the index would disappear (the brake) unless -force. "
        "Without -always, an interactive run shows each diff and asks before saving. Exit status 0 when every "
        "page was published or unchanged, 1 when the run refused or skipped a page (the log says why)."
    ),
    options=(
        Option("full", "read every page again and check every published page, even when nothing changed"),
        Option("force", "publish even when the brake would stop the run"),
        Option("always", "do not ask before saving (for scheduled runs)"),
        Option("schema", "schema file", value="FILE", default=None),
    ),
    examples=(
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -always",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} update -full -always",
    ),
    run=_run_update,
))


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
    except (SourceError, SchemaError, WikiError, StateError, ConfigError) as exc:
        err.write(f"{PROG} {name}: {exc}\n")
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
