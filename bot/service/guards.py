"""Stopping a job safely: signals and the time limit.

``SIGTERM`` (Toolforge, systemd and ``kill`` stop a job with it) and
``SIGINT`` (Ctrl-C) become :class:`Interrupted`; the job's time limit
becomes :class:`JobTimeout`. Both are raised where the main thread happens
to be, *except inside a save*: :class:`Guard` defers them until the save
returns, so a save in flight is finished, never cut off, and no further save
starts. A second signal during that save abandons it. Both derive from ``BaseException`` so that no ``except Exception``
in Pywikibot or in a job swallows them.

The time limit uses ``SIGALRM`` (``setitimer``) in the main thread rather
than a watchdog thread: a thread cannot stop another thread in Python, while
an alarm interrupts even a read stuck in Pywikibot's retry waits. Each page
is saved whole or not at all by MediaWiki, the state is written atomically,
and the lock is released in ``finally`` blocks, so stopping between saves
leaves nothing half done.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Interrupted(BaseException):
    """``SIGTERM`` or ``SIGINT`` arrived: stop after the current save, release the lock, exit 0."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class JobTimeout(BaseException):
    """The job ran longer than its time limit."""

    def __init__(self, job: str, minutes: float) -> None:
        super().__init__(f"{job} reached its time limit of {minutes:g} min")
        self.job = job
        self.minutes = minutes


class Guard:
    """Raises stop requests at once, or right after the save in progress."""

    def __init__(self) -> None:
        self._depth = 0
        self._pending: BaseException | None = None

    def interrupt(self, exc: BaseException) -> None:
        """Called from a signal handler: raise ``exc`` now, or after the current save.

        A second SIGTERM/SIGINT during the same save abandons it (Ctrl-C twice):
        MediaWiki has then received the whole edit or none of it.
        """
        if self._depth:
            if self._pending is None:
                self._pending = exc
                return
            if not (isinstance(exc, Interrupted) and isinstance(self._pending, Interrupted)):
                return
            self._pending = None
        raise exc

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """A block that signals do not cut short (a save, the lock's release)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if not self._depth and self._pending is not None:
                pending, self._pending = self._pending, None
                raise pending

    def clear(self) -> None:
        """Forget a deferred time limit that fired as its job ended."""
        if isinstance(self._pending, JobTimeout):
            self._pending = None


@contextmanager
def handling_signals(guard: Guard) -> Iterator[None]:
    """Turn ``SIGTERM``/``SIGINT`` into :class:`Interrupted` through ``guard`` (main thread only)."""

    def handler(signum: int, frame: Any) -> None:
        guard.interrupt(Interrupted(signum))

    previous = {number: signal.signal(number, handler) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


@contextmanager
def time_limit(guard: Guard, job: str, seconds: float) -> Iterator[None]:
    """Raise :class:`JobTimeout` through ``guard`` when the block runs longer than ``seconds``."""
    if seconds <= 0:
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        guard.interrupt(JobTimeout(job, seconds / 60))

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        guard.clear()
