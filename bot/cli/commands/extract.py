"""``extract``: read partnership pages and print their records and problems."""

from __future__ import annotations

from pathlib import Path

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option
from bot.errors import EXIT_OK, UsageError

FORMATS = ("json", "csv", "table")


def _run_extract(inv: Invocation) -> int:
    from bot.core.extract import extract_many
    from bot.core.render.records_output import to_csv, to_json, to_table
    from bot.sources.offline import parse_source

    config = inv.config
    source_spec = str(inv["source"])
    if source_spec == "wiki":
        from bot.jobs.extract import wiki_snapshots

        state = Path(str(inv["state"])) if inv["state"] else None
        snapshots = wiki_snapshots(
            inv.job_context(), inv.generator_args, err=inv.err, state_path=state, full=bool(inv["full"])
        )
    else:
        inv.refuse_generators("page generator options (-cat:, -page: ...) need -source:wiki")
        try:
            snapshots = list(parse_source(source_spec))
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    records = list(extract_many(snapshots, config.schema, config.countries))
    fmt = inv["format"]
    if fmt == "json":
        inv.out.write(to_json(records))
    elif fmt == "csv":
        inv.out.write(to_csv(records, config.schema))
    else:
        inv.out.write(to_table(records, config.schema))
    return EXIT_OK


COMMAND = Command(
    order=10,
    summary="Read partnership pages and print their normalised records and problems.",
    description=(
        "Sources: 'wiki' (the pages in the registry's scope, see config/bot.toml), "
        "'dir:PATH' (a folder of .wiki files; the file name, URL-decoded, is the title) "
        "or 'dump:FILE' (a MediaWiki XML export, .xml/.xml.bz2/.xml.gz, streamed). "
        "Offline sources need no user-config.py and no network. It exits 0 whenever "
        "the source was read, whatever problems the pages have."
    ),
    options=(
        Option("source", "where to read pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
        Option("format", "output format", value="FORMAT", choices=FORMATS, default="table"),
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
