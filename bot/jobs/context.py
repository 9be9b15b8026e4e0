"""What every job is handed: the configuration, the wiki, where to write, and how to publish.

A job is a function of a :class:`JobContext`. The command line builds one
per command, the scheduler one per run (with a save guard that finishes a
save before a signal stops the job), tests one per test. Nothing in a job
reads global state: the configuration was loaded once, at start-up
(:func:`bot.config.load_configuration`), and the wiki is connected on first
use through ``connector``, so an offline job never imports Pywikibot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.config import Configuration
from bot.publish import Confirm, Publisher, publisher_for
from bot.wiki import Wiki


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class JobContext:
    """One run of one job (see the module docstring). ``clock`` tells the time (UTC), for the jobs that date things."""

    config: Configuration
    out: TextIO
    connector: Callable[[], Wiki] | None = None
    simulate: bool = False
    confirm: Confirm | None = None
    save_guard: Callable[[], AbstractContextManager[None]] = nullcontext
    clock: Callable[[], datetime] = utc_now
    _wiki: Wiki | None = field(default=None, repr=False)

    @classmethod
    def on(cls, wiki: Wiki, config: Configuration, out: TextIO, **options: object) -> JobContext:
        """A context for an already connected wiki (tests, the scheduler)."""
        context = cls(config, out, **options)  # type: ignore[arg-type]
        context._wiki = wiki
        return context

    @property
    def wiki(self) -> Wiki:
        """The wiki, connected on first use."""
        if self._wiki is None:
            if self.connector is None:
                raise RuntimeError("this job was given no wiki to connect to")
            self._wiki = self.connector()
        return self._wiki

    @property
    def connected(self) -> bool:
        return self._wiki is not None

    @property
    def state_dir(self) -> Path:
        return Path(self.config.settings.publish.state_dir)

    def publisher(self, *, out: TextIO | None = None, confirm: Confirm | None = None) -> Publisher:
        """The one factory of publishers: the run page, the summary link, -simulate, the save guard."""
        return publisher_for(
            self.wiki,
            self.config.settings.publish,
            simulate=self.simulate,
            out=out or self.out,
            confirm=confirm if confirm is not None else self.confirm,
            save_guard=self.save_guard,
        )
