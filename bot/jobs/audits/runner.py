"""What every audit script shares: options, help, errors, output, ``-post``.

A script is a :class:`Script` declaration (name, summary, options,
examples, and a function from a :class:`Context` to a report); ``main``
does the rest the same way for all of them:

* ``-help`` prints the usage with examples;
* options are Pywikibot-style (:mod:`bot.cli.options`): Pywikibot's global
  options (``-simulate``, ``-user:``, ``-family:``, ``-lang:`` ...) go to
  Pywikibot when the script talks to a wiki; page generator options
  (``-cat:``, ``-page:`` ...) choose pages with ``-source:wiki``;
* the report goes to stdout in ``-format:`` (:mod:`bot.core.audits.report`);
  progress, notes, diffs and outcomes go to stderr, so stdout stays
  clean for ``csv`` and ``json``;
* the last line states the number of findings: the report's own last line
  for ``table`` and ``wiki``, a line on stderr for ``csv`` and ``json``;
* ``-post:PAGE`` publishes the wiki format between the markers
  ``audit-<name>`` through :class:`bot.publish.Publisher` (run page,
  markers, no-op detection, ``{{nobots}}``, conflicts, ``-simulate``);
* exit status: 0 when the audit ran, whatever it found; 2 for unusable
  options; 1 for an operator's error (unreadable source, broken config, no
  wiki), always with one line saying what to fix, and when ``-post`` was
  refused (run page, markers).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Sequence, TextIO

from bot.core.audits.report import FORMATS, Report, render, to_wiki
from bot.cli.command import simulating
from bot.config import ConfigError, Settings, load_settings
from bot.cli.options import Option, ParsedArgs, UsageError, is_generator_option, option_help, parse_args
from bot.core.render.escape import is_safe_title
from bot.core.schema import Schema, SchemaError, load_schema
from bot.sources.offline import SourceError
from bot.sources.state import StateError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

COMMON_OPTIONS = (
    Option("source", "where to read pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
    Option("format", "output format", value="FORMAT", choices=FORMATS, default="table"),
    Option("post", "also publish the report on this wiki page, between the markers audit-NAME", value="PAGE"),
    Option("always", "do not ask before saving"),
    Option("settings", "settings file instead of config/bot.toml", value="FILE"),
    Option("schema", "schema file instead of config/schema.toml", value="FILE"),
)


class Progress:
    """Prints ``label: 5,000 of 10,000`` on stderr, at most once a second, only on long runs."""

    def __init__(self, err: TextIO, label: str, *, every: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.err, self.label, self.every, self.clock = err, label, every, clock
        self.last = clock()

    def __call__(self, done: int, total: int | None = None) -> None:
        now = self.clock()
        if now - self.last >= self.every:
            self.err.write(f"{self.label}: {done:,}" + (f" of {total:,}" if total else " so far") + "\n")
            self.err.flush()
            self.last = now


def confirmation(err: TextIO, *, always: bool, simulate: bool, stdin: TextIO | None = None
                 ) -> Callable[[str, str], bool] | None:
    """Show each diff and ask before saving, unless ``-always`` or ``-simulate``.

    Unlike the scheduled job, an audit never saves unasked: without a
    terminal to ask on (stdin is not one) and without ``-always``, the page
    is not saved, and the line says how to save anyway.
    """
    if always or simulate:
        return None
    stdin = stdin or sys.stdin

    def confirm(title: str, change: str) -> bool:
        err.write(change)
        if not stdin.isatty():
            err.write(f"{title}: not saved: there is no terminal to confirm on; add -always to save without asking\n")
            return False
        err.write(f"Save {title}? [y/N] ")
        err.flush()
        return stdin.readline().strip().lower() in ("y", "yes")

    return confirm


@dataclass
class Context:
    """One run of a script: its options, output streams, schema and settings, and the wiki when needed."""

    script: "Script"
    args: ParsedArgs
    out: TextIO
    err: TextIO
    schema: Schema
    settings: Settings
    today: date
    stdin: TextIO | None = None
    connector: Callable[[Sequence[str]], object] | None = None
    _wiki: object = field(default=None, repr=False)

    @property
    def source(self) -> str:
        return str(self.args["source"])

    @property
    def generator_args(self) -> list[str]:
        return [a for a in self.args.global_args if is_generator_option(a)]

    @property
    def simulate(self) -> bool:
        return simulating(self.args.global_args)

    def wiki(self):
        """The wiki, connected on first use with Pywikibot's global options."""
        if self._wiki is None:
            connect = self.connector
            if connect is None:
                from bot.wiki import connect
            self._wiki = connect([a for a in self.args.global_args if not is_generator_option(a)])
        return self._wiki

    def progress(self, label: str) -> Progress:
        return Progress(self.err, f"{self.script.name}: {label}")

    def say(self, line: str) -> None:
        self.err.write(line + "\n")
        self.err.flush()

    def confirm(self) -> Callable[[str, str], bool] | None:
        return confirmation(self.err, always=bool(self.args["always"]), simulate=self.simulate, stdin=self.stdin)


@dataclass(frozen=True)
class Script:
    """An audit script: what ``-help`` shows, and the function that makes its report."""

    name: str
    summary: str
    description: str
    options: tuple[Option, ...]
    examples: tuple[str, ...]
    run: Callable[[Context], Report]
    generators: bool = True

    @property
    def all_options(self) -> tuple[Option, ...]:
        return (*COMMON_OPTIONS, *self.options)

    def help(self) -> str:
        text = [f"usage: scripts/{self.name}.py [options] [global options]", "", self.summary, "", self.description,
                "", "options:", option_help(self.all_options), "  -help                    show this help", "",
                "Pywikibot's global options (-simulate, -user:, -family:, -lang:, -dir: ...) are accepted too"
                + (", and its page generator options (-cat:, -page:, -prefixindex: ...) with -source:wiki." if self.generators else "."),
                "Exit status: 0 when the audit ran, whatever it found; 1 when it could not run (the line says why) "
                "or -post was refused; 2 for unusable options.",
                "", "examples:", *(f"  {e}" for e in self.examples)]
        return "\n".join(text) + "\n"

    def main(self, argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None,
             stdin: TextIO | None = None, connector=None, today: date | None = None) -> int:
        out, err = out or sys.stdout, err or sys.stderr
        argv = list(sys.argv[1:] if argv is None else argv)
        if any(a in ("-help", "--help", "-h") for a in argv):
            out.write(self.help())
            return EXIT_OK
        try:
            args = parse_args(argv, self.all_options)
            if args["post"] and not is_safe_title(str(args["post"])):
                raise UsageError(f"-post:{args['post']} is not a page title")
            if self.generator_args_refused(args):
                raise UsageError("page generator options (-cat:, -page: ...) " +
                                 ("need -source:wiki" if self.generators else f"are not used by {self.name}"))
            schema = load_schema(args["schema"] or None)
            settings = load_settings(args["settings"] or None, schema=schema)
            ctx = Context(self, args, out, err, schema, settings, today or datetime.now(timezone.utc).date(),
                          stdin=stdin, connector=connector)
            report = self.run(ctx)
            out.write(render(report, str(args["format"])))
            out.flush()
            status = post(ctx, report) if args["post"] else EXIT_OK
            if args["format"] in ("csv", "json"):
                ctx.say(report.summary)
            return status
        except UsageError as exc:
            err.write(f"{self.name}: {exc} (see -help)\n")
            return EXIT_USAGE
        except OPERATOR_ERRORS as exc:
            err.write(f"{self.name}: {exc}\n")
            return EXIT_FAILED
        except BrokenPipeError:
            return EXIT_OK
        except KeyboardInterrupt:
            err.write(f"{self.name}: interrupted\n")
            return 130

    def generator_args_refused(self, args: ParsedArgs) -> bool:
        uses = any(is_generator_option(a) for a in args.global_args)
        return uses and (not self.generators or str(args["source"]) != "wiki")


def _operator_errors() -> tuple[type[Exception], ...]:
    from bot.core.normalise.places import CountryTableError
    from bot.wiki import WikiError

    return (SourceError, SchemaError, WikiError, StateError, ConfigError, CountryTableError)


OPERATOR_ERRORS = _operator_errors()


def post(ctx: Context, report: Report) -> int:
    """Publish the report's wiki format between its markers; 1 when the page was not written."""
    from bot.publish import PageUpdate, Publisher

    wiki = ctx.wiki()
    publisher = Publisher(wiki, run_page=ctx.settings.publish.run_page_for(wiki.site.username()),
                          simulate=ctx.simulate, out=ctx.err, confirm=ctx.confirm())
    summary = f"{report.title}: {report.findings} findings"
    outcome = publisher.publish(PageUpdate(str(ctx.args["post"]), to_wiki(report), summary, region=report.region))
    ctx.say(f"post: {outcome.line()}")
    refused = outcome.status == "skipped" and outcome.reason != "not confirmed"
    return EXIT_FAILED if refused else EXIT_OK
