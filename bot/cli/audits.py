"""The six audit scripts on the command line: their options, help and examples, and ``main``.

A script is a :class:`Script` declaration (name, summary, options,
examples, and the function of :mod:`bot.jobs.audits.runs` that makes its
report); :meth:`Script.main` does the rest the same way for all of them:

* ``-help`` prints the usage with examples;
* options are Pywikibot-style (:mod:`bot.cli.options`): Pywikibot's global
  options (``-simulate``, ``-user:``, ``-family:``, ``-lang:`` ...) go to
  Pywikibot when the script talks to a wiki; page generator options
  (``-cat:``, ``-page:`` ...) choose pages with ``-source:wiki``;
  ``-settings:``, ``-schema:`` and ``-country-table:`` name other configuration
  files, as for every command;
* the report goes to stdout in ``-format:`` (:mod:`bot.core.audits.report`);
  progress, notes, diffs and outcomes go to stderr, so stdout stays
  clean for ``csv`` and ``json``;
* the last line states the number of findings: the report's own last line
  for ``table`` and ``wiki``, a line on stderr for ``csv`` and ``json``;
* ``-post:PAGE`` publishes the wiki format between the markers
  ``audit-<name>`` (:mod:`bot.jobs.audits.posting`);
* an operator's mistake is one :class:`bot.errors.OperatorError` line, with
  the exit status every command uses (:data:`bot.errors.EXIT_STATUS_HELP`):
  0 when the audit ran, whatever it found.

``scripts/<name>.py`` only calls ``SCRIPTS[name].main()``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TextIO

from bot.cli.command import COMMON_OPTIONS, config_paths, simulating
from bot.cli.options import Option, option_help, parse_args
from bot.config import load_configuration
from bot.core.audits.report import FORMATS, Report, render
from bot.core.render.escape import is_safe_title
from bot.errors import EXIT_OK, EXIT_STATUS_HELP, OperatorError, UsageError
from bot.jobs.audits.context import AuditRun
from bot.jobs.audits.runs import run_duplicates, run_export, run_fields, run_members, run_orphans, run_stale
from bot.jobs.context import JobContext
from bot.wiki import Wiki
from bot.wiki.arguments import is_generator_option

WIKI = "PYWIKIBOT_DIR=.localwiki/pywikibot .venv/bin/python"
OFFLINE = ".venv/bin/python"
INTERRUPTED = 130

AUDIT_OPTIONS = (
    Option("source", "where to read pages from", value="wiki|dir:PATH|dump:FILE", default="wiki"),
    Option("format", "output format", value="FORMAT", choices=FORMATS, default="table"),
    Option("post", "also publish the report on this wiki page, between the markers audit-NAME", value="PAGE"),
    Option("always", "do not ask before saving"),
)


@dataclass(frozen=True)
class Script:
    """An audit script: what ``-help`` shows, and the function that makes its report."""

    name: str
    summary: str
    description: str
    options: tuple[Option, ...]
    examples: tuple[str, ...]
    run: Callable[[AuditRun], Report]
    generators: bool = True

    @property
    def all_options(self) -> tuple[Option, ...]:
        return (*AUDIT_OPTIONS, *self.options, *COMMON_OPTIONS)

    def help(self) -> str:
        generators = (
            ", and its page generator options (-cat:, -page:, -prefixindex: ...) with -source:wiki."
            if self.generators
            else "."
        )
        text = [
            f"usage: scripts/{self.name}.py [options] [global options]",
            "",
            self.summary,
            "",
            self.description,
            "",
            "options:",
            option_help(self.all_options),
            "  -help                    show this help",
            "",
            "Pywikibot's global options (-simulate, -user:, -family:, -lang:, -dir: ...) are accepted too" + generators,
            "An audit exits 0 whenever it ran, whatever it found. " + EXIT_STATUS_HELP,
            "",
            "examples:",
            *(f"  {e}" for e in self.examples),
        ]
        return "\n".join(text) + "\n"

    def main(
        self,
        argv: Sequence[str] | None = None,
        *,
        out: TextIO | None = None,
        err: TextIO | None = None,
        stdin: TextIO | None = None,
        connector: Callable[[], Wiki] | None = None,
        today: date | None = None,
    ) -> int:
        out, err = out or sys.stdout, err or sys.stderr
        argv = list(sys.argv[1:] if argv is None else argv)
        if any(a in ("-help", "--help", "-h") for a in argv):
            out.write(self.help())
            return EXIT_OK
        try:
            return self._main(argv, out, err, stdin, connector, today)
        except OperatorError as exc:
            hint = " (see -help)" if isinstance(exc, UsageError) else ""
            err.write(f"{self.name}: {exc}{hint}\n")
            return exc.exit_status
        except BrokenPipeError:
            return EXIT_OK
        except KeyboardInterrupt:
            err.write(f"{self.name}: interrupted\n")
            return INTERRUPTED

    def _main(
        self,
        argv: list[str],
        out: TextIO,
        err: TextIO,
        stdin: TextIO | None,
        connector: Callable[[], Wiki] | None,
        today: date | None,
    ) -> int:
        from bot.jobs.audits.posting import post

        args = parse_args(argv, self.all_options)
        if args["post"] and not is_safe_title(str(args["post"])):
            raise UsageError(f"-post:{args['post']} is not a page title")
        generator_args = tuple(a for a in args.global_args if is_generator_option(a))
        if generator_args and (not self.generators or str(args["source"]) != "wiki"):
            raise UsageError(
                "page generator options (-cat:, -page: ...) "
                + ("need -source:wiki" if self.generators else f"are not used by {self.name}")
            )
        config = load_configuration(config_paths(args))
        pywikibot_args = [a for a in args.global_args if not is_generator_option(a)]

        def connect() -> Wiki:
            from pathlib import Path

            from bot.wiki import connect as login

            log = Path(config.settings.publish.state_dir) / "logs" / "pywikibot.log"
            return login(pywikibot_args, log_file=log)

        job = JobContext(config, err, connector=connector or connect, simulate=simulating(args.global_args))
        run = AuditRun(
            self.name,
            args.options,
            config,
            job,
            err,
            today or datetime.now(UTC).date(),
            generator_args=generator_args,
            stdin=stdin,
        )
        report = self.run(run)
        out.write(render(report, str(args["format"])))
        out.flush()
        status = post(run, report, str(args["post"])) if args["post"] else EXIT_OK
        if args["format"] in ("csv", "json"):
            run.say(report.summary)
        return status


FIELDS = Script(
    name="audit_fields",
    summary=(
        "Pages with missing fields, unknown values, unreadable dates or unknown parameters; -fix normalises values."
    ),
    description=(
        "Reads the registry and lists every problem the bot finds, grouped by problem and by page, with counts, "
        "and the values that -fix can rewrite to their normal form: dates to ISO (5 May 2018 -> 2018-05-05), "
        "spellings to canonical ids (Ongoing -> active), country names to codes (Egypt -> EG), and unknown "
        "parameter names to the field they certainly stand for (stat = active -> status). -fix changes only "
        "those values in the {{Partnership}} template, keeping its layout byte for byte: one edit per page, "
        "each diff shown and confirmed unless -always; with -simulate nothing is saved."
    ),
    options=(Option("fix", "rewrite the values on the wiki pages (with -source:wiki)"),),
    examples=(
        f"{OFFLINE} scripts/audit_fields.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_fields.py -source:dir:examples -format:csv > fields.csv",
        f"{WIKI} scripts/audit_fields.py",
        f"{WIKI} scripts/audit_fields.py -fix -simulate",
        f"{WIKI} scripts/audit_fields.py -fix -page:Partnerships/UNESCO",
        f"{WIKI} scripts/audit_fields.py -post:Partnerships/Registry/Audits",
    ),
    run=run_fields,
)


STALE = Script(
    name="audit_stale",
    summary="Active partnerships past their end date, pending ones unchanged for long, entries not reviewed.",
    description=(
        "Three lists: partnerships whose status is active but whose end date has passed; potential or proposed "
        "ones whose page has not changed for more than [audits] pending_months; and entries whose last_reviewed "
        "date (else the page's last edit) is older than [audits] review_months (12). From the wiki or a dump the "
        "page's last edit is known; a folder of files has none, so only last_reviewed is used (the report says so). "
        "-contacts adds who to ask about what; 'python -m bot remind -simulate' shows the reminders the bot would "
        "post on those pages' talk pages (off until [reminders] enabled = true)."
    ),
    options=(
        Option("contacts", "add a list of the contacts of the stale pages, for follow-up"),
        Option("review", "months without review before an entry is listed", value="MONTHS"),
        Option("pending", "months without change before a pending partnership is listed", value="MONTHS"),
        Option("today", "check as of this date instead of today", value="YYYY-MM-DD"),
    ),
    examples=(
        f"{OFFLINE} scripts/audit_stale.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_stale.py -source:dir:examples -contacts -review:24",
        f"{WIKI} scripts/audit_stale.py -contacts",
        f"{WIKI} scripts/audit_stale.py -format:csv > stale.csv",
    ),
    run=run_stale,
)


DUPLICATES = Script(
    name="audit_duplicates",
    summary="The same partner registered more than once: equal Wikidata ids, website domains, near-equal names.",
    description=(
        "Pairs of pages that probably describe the same partner: the same Wikidata item, the same website domain "
        "(www. and subdomains ignored; shared hosts such as wikimedia.org skipped), or partner names that are "
        "near-equal once case, accents, punctuation and legal forms (Inc., e.V., Foundation, gGmbH, Stiftung, "
        "Fundación ...) are ignored, with a similarity score. Fast on large registries: names are compared "
        "through a word index and sorted neighbours, not every pair."
    ),
    options=(Option("threshold", "lowest name score reported (default [audits] name_similarity)", value="SCORE"),),
    examples=(
        f"{OFFLINE} scripts/audit_duplicates.py -source:dir:examples",
        f"{OFFLINE} scripts/audit_duplicates.py -source:dump:meta-pages.xml.bz2 -threshold:0.85",
        f"{WIKI} scripts/audit_duplicates.py -format:json",
    ),
    run=run_duplicates,
)


ORPHANS = Script(
    name="audit_orphans",
    summary=(
        "Pages that fell out of the registry: no template, outside the category or scope, gone, orphaned translations."
    ),
    description=(
        "Pages in the registry's category ([audits] category) without the template; pages with the template that "
        "are not in the category, or outside the namespaces and prefix the registry reads ([registry]); rows of "
        "the published registry (its data page, else its index page) whose page no longer exists or was moved; "
        "translation subpages whose base page is gone. From a folder or dump only what the pages' own text says "
        "is seen."
    ),
    options=(),
    examples=(
        f"{WIKI} scripts/audit_orphans.py",
        f"{OFFLINE} scripts/audit_orphans.py -source:dir:examples",
        f"{WIKI} scripts/audit_orphans.py -post:Partnerships/Registry/Audits -simulate",
    ),
    run=run_orphans,
    generators=False,
)


MEMBERS = Script(
    name="audit_members",
    summary="Balance of the working groups by region, role and organisation; empty regions; people listed twice.",
    description=(
        "Reads the member tables (Name | Organization / project | Role | Geography) of the working-group pages "
        "listed in [audits] member_pages (or -pages:), maps each geography to Wikimedia regions (West Africa -> "
        "Sub-Saharan Africa, Northern America -> North America, a country -> its region) and each role to "
        "[audits.roles], and reports the balance by region, role and organisation, the regions with no member, "
        "and members listed twice or in two groups."
    ),
    options=(Option("pages", "working-group pages to read instead of [audits] member_pages", value="TITLE|TITLE"),),
    examples=(
        f"{OFFLINE} scripts/audit_members.py -source:dir:examples/working-groups",
        f"{WIKI} scripts/audit_members.py",
        f"{WIKI} scripts/audit_members.py -pages:'Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships'",
    ),
    run=run_members,
    generators=False,
)


EXPORT = Script(
    name="export",
    summary="The registry as CSV or JSON (the extract JSON shape), from the wiki or an offline source.",
    description=(
        "Every page of the registry with its normalised record and problems: json is the shape of 'python -m bot "
        "extract' (page, revision, record, problems), csv has one row per page, table is for a terminal and wiki "
        "is the registry's index table."
    ),
    options=(),
    examples=(
        f"{OFFLINE} scripts/export.py -source:dir:examples -format:json > registry.json",
        f"{OFFLINE} scripts/export.py -source:dump:meta-pages.xml.bz2 -format:csv > registry.csv",
        f"{WIKI} scripts/export.py -format:csv > registry.csv",
    ),
    run=run_export,
)


SCRIPTS = {s.name: s for s in (FIELDS, STALE, DUPLICATES, ORPHANS, MEMBERS, EXPORT)}
