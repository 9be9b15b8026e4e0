"""One run of an audit script: its options, its source, the configuration, and the wiki when needed.

The command-line side (:mod:`bot.cli.audits`) parses the options and builds
an :class:`AuditRun`; the audits' wiring (:mod:`bot.jobs.audits.runs`)
only reads from it. Progress, notes, diffs and outcomes go to ``err`` so
that ``out`` stays clean for CSV and JSON.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from bot.config import Configuration
from bot.config.settings import Settings
from bot.core.normalise.country_table import CountryTable
from bot.core.schema import Schema
from bot.jobs.context import JobContext
from bot.publish import Confirm
from bot.wiki import Wiki

OptionValue = str | bool | None


class Progress:
    """Prints ``label: 5,000 of 10,000`` on stderr, at most once a second, only on long runs."""

    def __init__(
        self, err: TextIO, label: str, *, every: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.err, self.label, self.every, self.clock = err, label, every, clock
        self.last = clock()

    def __call__(self, done: int, total: int | None = None) -> None:
        now = self.clock()
        if now - self.last >= self.every:
            self.err.write(f"{self.label}: {done:,}" + (f" of {total:,}" if total else " so far") + "\n")
            self.err.flush()
            self.last = now


def confirmation(err: TextIO, *, always: bool, simulate: bool, stdin: TextIO | None = None) -> Confirm | None:
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
class AuditRun:
    """See the module docstring. ``job`` connects to the wiki (on first use) and makes publishers."""

    name: str
    options: Mapping[str, OptionValue]
    config: Configuration
    job: JobContext
    err: TextIO
    today: date
    generator_args: tuple[str, ...] = ()
    stdin: TextIO | None = None
    _confirm: Confirm | None = field(default=None, repr=False)

    @property
    def args(self) -> Mapping[str, OptionValue]:
        return self.options

    @property
    def source(self) -> str:
        return str(self.options.get("source") or "wiki")

    @property
    def schema(self) -> Schema:
        return self.config.schema

    @property
    def settings(self) -> Settings:
        return self.config.settings

    @property
    def countries(self) -> CountryTable:
        return self.config.countries

    @property
    def simulate(self) -> bool:
        return self.job.simulate

    def wiki(self) -> Wiki:
        """The wiki, connected on first use with Pywikibot's global options."""
        return self.job.wiki

    def progress(self, label: str) -> Progress:
        return Progress(self.err, f"{self.name}: {label}")

    def say(self, line: str) -> None:
        self.err.write(line + "\n")
        self.err.flush()

    def confirm(self) -> Confirm | None:
        return confirmation(self.err, always=bool(self.options.get("always")), simulate=self.simulate, stdin=self.stdin)
