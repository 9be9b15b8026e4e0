"""``summarise``: count the comments on consultation pages and post the summaries back."""

from __future__ import annotations

from typing import TextIO

from bot.cli.command import EXIT_FAILED, EXIT_OK, PROG, Command, confirmer, simulating
from bot.cli.options import Option, ParsedArgs, UsageError, is_generator_option
from bot.core.schema import load_schema

FORMATS = ("json", "table")


def _run_summarise(args: ParsedArgs, out: TextIO, err: TextIO) -> int:
    from bot.config import load_settings

    schema = load_schema(args["schema"] or None)
    settings = load_settings(schema=schema)
    if any(is_generator_option(a) for a in args.global_args):
        raise UsageError("summarise reads the consultations listed in config/bot.toml ([[consultations]]); "
                         "page generator options are for extract")
    source = str(args["source"])
    if source != "wiki":
        return _offline(source, str(args["format"] or "table"), schema, settings, out)
    if args["format"]:
        raise UsageError("-format is for offline sources (-source:dir:PATH or -source:dump:FILE); "
                         "on the wiki, summarise publishes (use -simulate to see the changes)")
    from bot.jobs.summarise import run_summarise
    from bot.wiki import connect

    wiki = connect(args.global_args)
    simulate = simulating(args.global_args)
    confirm = confirmer(out, always=bool(args["always"]), simulate=simulate)
    report = run_summarise(wiki, schema, settings, simulate=simulate, out=out, confirm=confirm)
    return EXIT_OK if report.ok else EXIT_FAILED


def _offline(source: str, fmt: str, schema, settings, out: TextIO) -> int:
    """Summarise every page of a folder or dump and print JSON or a table; nothing is published."""
    from bot.core.discussion import render_summary_table, summaries_to_json
    from bot.sources.offline import parse_source
    from bot.jobs.summarise import discussion_rules, find_consultation, summarise_consultation

    try:
        snapshots = parse_source(source)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    rules = discussion_rules(schema)
    summaries = [summarise_consultation(s.title, s.text, find_consultation(settings.consultations, s.title), rules)
                 for s in snapshots]
    if fmt == "json":
        out.write(summaries_to_json(summaries))
    else:
        out.write("\n".join(render_summary_table(s) for s in sorted(summaries, key=lambda s: s.page)))
    return EXIT_OK


COMMAND = Command(
    order=30,
    name="summarise",
    summary="Count the comments on consultation pages and post each summary back to the wiki.",
    description=(
        "Reads the consultation pages listed in config/bot.toml ([[consultations]]: page, target, marker, "
        "optional questions, opens and closes) in one request, counts comments, replies, participants, "
        "unanswered responses and votes per section as docs/consultations.md explains, and "
        "publishes each summary on its target page between the markers named 'marker', through the bot's one "
        "write path (run page, markers, no edit when nothing changed, conflicts, -simulate diffs). A target "
        "page that does not exist is created; one that exists needs the markers where the summary goes. "
        "With -source:dir:PATH or -source:dump:FILE nothing is published: every page of the source is "
        "summarised (with its questions and dates when config/bot.toml lists it) and printed as the spec's "
        "JSON (-format:json) or as a table (-format:table). Exit status 0 when every summary was published, "
        "unchanged or printed; 1 when a consultation page could not be read or a page was skipped."
    ),
    options=(
        Option("source", "where to read consultation pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
        Option("format", "output format for offline sources", value="FORMAT", choices=FORMATS, default=None),
        Option("always", "do not ask before saving (for scheduled runs)"),
        Option("schema", "schema file (for its text rules)", value="FILE", default=None),
    ),
    examples=(
        f"{PROG} summarise -source:dir:examples/consultations -format:table",
        f"{PROG} summarise -source:dir:examples/consultations -format:json",
        f"{PROG} summarise -source:dump:meta-consultations.xml.bz2 -format:json",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} summarise -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} summarise -always",
    ),
    run=_run_summarise,
)
