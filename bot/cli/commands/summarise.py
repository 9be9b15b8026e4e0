"""``summarise``: count the comments on consultation pages and post the summaries back."""

from __future__ import annotations

from bot.cli.command import PROG, Command, Invocation
from bot.cli.options import Option
from bot.errors import EXIT_OK, UsageError

FORMATS = ("json", "table")


def _run_summarise(inv: Invocation) -> int:
    inv.refuse_generators(
        "summarise reads the consultations listed in config/bot.toml ([[consultations]]); "
        "page generator options are for extract"
    )
    source = str(inv["source"])
    if source != "wiki":
        return _offline(inv, source, str(inv["format"] or "table"))
    if inv["format"]:
        raise UsageError(
            "-format is for offline sources (-source:dir:PATH or -source:dump:FILE); "
            "on the wiki, summarise publishes (use -simulate to see the changes)"
        )
    from bot.jobs.summarise import run_summarise

    return run_summarise(inv.job_context(always=bool(inv["always"]))).exit_status


def _offline(inv: Invocation, source: str, fmt: str) -> int:
    """Summarise every page of a folder or dump and print JSON or a table; nothing is published."""
    from bot.core.discussion import render_summary_table, summaries_to_json
    from bot.core.discussion.settings import for_languages
    from bot.jobs.summarise import find_consultation, is_more_page, summarise_pages
    from bot.sources.offline import parse_source

    config = inv.config
    rules = for_languages(config.rules, _languages(inv.args.global_args))
    try:
        snapshots = list(parse_source(source))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    texts = {s.title: s.text for s in snapshots}
    consultations = config.settings.consultations
    summaries = []
    for snapshot in snapshots:
        if is_more_page(consultations, snapshot.title):
            continue  # an archive or translation: counted with its consultation's main page
        consultation = find_consultation(consultations, snapshot.title)
        titles = consultation.pages if consultation is not None else (snapshot.title,)
        pages = [(t, texts[t]) for t in titles if t in texts]
        summaries.append(summarise_pages(snapshot.title, pages, consultation, rules))
    if fmt == "json":
        inv.out.write(summaries_to_json(summaries))
    else:
        inv.out.write("\n".join(render_summary_table(s) for s in sorted(summaries, key=lambda s: s.page)))
    return EXIT_OK


def _languages(global_args: list[str]) -> list[str]:
    """The wiki language Pywikibot's ``-lang:CODE`` names, for reading offline pages' signatures."""
    return [a.split(":", 1)[1] for a in global_args if a.startswith("-lang:")]


COMMAND = Command(
    order=30,
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
        "JSON (-format:json) or as a table (-format:table); -lang:CODE reads signatures written in that wiki "
        "language too (on the wiki, its own language is read from the wiki). A consultation page that cannot "
        "be read makes the run fail (exit 1) after the others are published."
    ),
    options=(
        Option("source", "where to read consultation pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
        Option("format", "output format for offline sources", value="FORMAT", choices=FORMATS, default=None),
        Option("always", "do not ask before saving (for scheduled runs)"),
    ),
    examples=(
        f"{PROG} summarise -source:dir:examples/consultations -format:table",
        f"{PROG} summarise -source:dir:examples/consultations -format:json",
        f"{PROG} summarise -source:dir:ru-talk-pages -lang:ru -format:table",
        f"{PROG} summarise -source:dump:meta-consultations.xml.bz2 -format:json",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} summarise -simulate",
        f"PYWIKIBOT_DIR=.localwiki/pywikibot {PROG} summarise -always",
    ),
    run=_run_summarise,
)
