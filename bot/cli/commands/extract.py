"""``extract``: read partnership pages and print their records and problems."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.cli.command import EXIT_OK, PROG, Command
from bot.cli.options import Option, ParsedArgs, UsageError, is_generator_option
from bot.core.schema import load_schema

FORMATS = ("json", "csv", "table")


def _run_extract(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.core.extract import extract_many
    from bot.core.render.records_output import to_csv, to_json, to_table
    from bot.sources.offline import parse_source

    schema = load_schema(args["schema"] or None)
    source_spec = str(args["source"])
    if source_spec == "wiki":
        from bot.jobs.extract import wiki_snapshots

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


COMMAND = Command(
    order=10,
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

)
