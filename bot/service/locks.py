"""Never two runs at once: a file lock on one host, an on-wiki lease across hosts.

**The file lock** (:class:`FileLock`) is a file holding who runs (pid, host,
start time) under an exclusive ``flock``. The kernel drops a ``flock`` when
its process dies, however it dies (``SIGKILL``, out of memory), so a lock
left behind by a dead run never blocks the next one: the next run finds the
file unlocked but not empty, says in one log line that it takes over a stale
lock, and goes on. The file's contents are a second check for file systems
where ``flock`` is not shared (some NFS mounts): a holder named in the file
counts as alive while its process exists on this host (pid *and* start
time, so a recycled pid does not count), or, on another host, while the
file's heartbeat (its modification time, touched every :data:`BEAT`
seconds by a thread of the holder) is younger than :data:`STALE`. The file
is emptied, never deleted, on release: deleting a locked file lets a third
process lock a new one.

**The on-wiki lease** (:class:`WikiLease`) is for deployments where two
hosts could run the bot (a Toolforge job and an operator's server): a page
names the instance that may run and until when. It is written through the
one write path, with ``expect_revision`` so that of two instances deciding
on the same revision, only one save succeeds.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import getpass
import json
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.errors import LeaseError
from bot.publish import PageUpdate

Log = Callable[[str], None]

BEAT = 30.0
"""Seconds between the lock holder's heartbeats (a daemon thread touches the lock file)."""
STALE = 300.0
"""Seconds without a heartbeat after which another host's lock is stale: ten missed beats."""


class LockHeld(Exception):
    """Another run holds the lock or the lease; the message names it."""


def utc(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def process_identity(pid: int) -> str | None:
    """``<boot id>:<start time>`` of a process, which a recycled pid does not share; None without /proc."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return f"{boot}:{fields[19]}" if len(fields) > 19 else None


def process_alive(pid: int, identity: str | None) -> bool:
    """True when the process ``pid`` (with ``identity``, when both are known) still runs on this host."""
    if pid <= 0:
        return False
    current = process_identity(pid)
    if current is not None and identity is not None:
        return current == identity
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


@dataclass(frozen=True)
class Holder:
    """Who holds the file lock."""

    pid: int
    host: str
    started: str
    process: str | None = None

    @classmethod
    def this_process(cls, clock: Callable[[], float] = time.time) -> Holder:
        pid = os.getpid()
        return cls(pid, socket.gethostname(), utc(clock()), process_identity(pid))

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            return cls(int(data["pid"]), str(data["host"]), str(data["started"]), data.get("process"))
        except (ValueError, KeyError, TypeError):
            return None

    def dump(self) -> str:
        return json.dumps(asdict(self), sort_keys=True) + "\n"

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started}"


class FileLock:
    """An exclusive lock on ``path`` for the life of one run; see the module docstring."""

    def __init__(
        self,
        path: Path | str,
        *,
        log: Log,
        stale_after: float = STALE,
        beat_every: float | None = BEAT,
        clock: Callable[[], float] = time.time,
        host: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.stale_after = stale_after
        self.beat_every = beat_every
        self.log = log
        self.clock = clock
        self.host = host or socket.gethostname()
        self.holder: Holder | None = None
        self._fd: int | None = None
        self._mutex = threading.Lock()
        self._stop = threading.Event()

    def acquire(self) -> None:
        """Take the lock, or raise :class:`LockHeld` naming the run that has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    previous = Holder.parse(_read(fd))
                    raise LockHeld(
                        f"another run in progress ({previous.describe() if previous else 'holder unknown'}; "
                        f"lock file {self.path})"
                    ) from None
                self.log(f"warning: cannot lock {self.path} ({exc.strerror}); relying on the holder it names")
            self._take_over(fd)
        except BaseException:
            os.close(fd)
            raise
        self.holder = Holder(os.getpid(), self.host, utc(self.clock()), process_identity(os.getpid()))
        _write(fd, self.holder.dump())
        self._fd = fd
        if self.beat_every:
            self._stop.clear()
            threading.Thread(target=self._beat, name="lock-heartbeat", daemon=True).start()

    def _beat(self) -> None:
        """The heartbeat thread: touch the file every ``beat_every`` seconds while the lock is held."""
        while not self._stop.wait(self.beat_every):
            if not self.heartbeat():
                return

    def _take_over(self, fd: int) -> None:
        """Check the holder the file names (if any): refuse a live one, log the takeover of a dead one."""
        text = _read(fd)
        if not text.strip():
            return
        previous = Holder.parse(text)
        if previous is None:
            self.log(f"lock file {self.path} is unreadable; taking it over")
            return
        age = max(0.0, self.clock() - os.fstat(fd).st_mtime)
        if previous.host == self.host:
            if previous.pid != os.getpid() and process_alive(previous.pid, previous.process):
                raise LockHeld(f"another run in progress ({previous.describe()}; lock file {self.path})")
            self.log(f"taking over a stale lock from {previous.describe()}: that process is gone")
        elif age < self.stale_after:
            raise LockHeld(
                f"another run in progress ({previous.describe()}, last seen {age / 60:.0f} min ago; "
                f"lock file {self.path})"
            )
        else:
            self.log(f"taking over a stale lock from {previous.describe()}: not seen for {age / 60:.0f} min")

    def heartbeat(self) -> bool:
        """Show that the holder is alive (the file's modification time); False when the lock is not held."""
        with self._mutex:
            if self._fd is None:
                return False
            try:
                os.utime(self._fd)
            except OSError:
                return False
            return True

    def release(self) -> None:
        """Empty the file (if it still names this run) and unlock it; harmless when not held."""
        self._stop.set()
        with self._mutex:
            fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self.holder is not None and Holder.parse(_read(fd)) == self.holder:
                os.ftruncate(fd, 0)
                os.fsync(fd)
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()


def _read(fd: int) -> str:
    return os.pread(fd, 4096, 0).decode("utf-8", "replace")


def _write(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, text.encode("utf-8"), 0)
    os.fsync(fd)


# --- The on-wiki lease ---------------------------------------------------------

LEASE_TEXT = (
    "This page is the partnerships bot's lease: only the instance named here runs the bot until the "
    "time given, so that two hosts never run it at once. The bot writes this page; to hand over at "
    "once, change the time to one in the past."
)
_HOLDER = re.compile(r"^\*?\s*holder:\s*(?P<value>\S.*?)\s*$", re.M)
_EXPIRES = re.compile(r"^\*?\s*expires:\s*(?P<value>\S.*?)\s*$", re.M)


@dataclass(frozen=True)
class LeaseRecord:
    holder: str
    expires: datetime

    def body(self) -> str:
        return f"{LEASE_TEXT}\n* holder: {self.holder}\n* expires: {self.expires.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"


def parse_lease(text: str) -> LeaseRecord | None:
    """The lease a page holds, or None when it holds none (blank, or not in the bot's format)."""
    holder, expires = _HOLDER.search(text), _EXPIRES.search(text)
    if not holder or not expires:
        return None
    try:
        moment = datetime.fromisoformat(expires["value"].replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return LeaseRecord(holder["value"], moment)


def default_instance() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()}"


class WikiLease:
    """The lease on ``title`` for ``instance``: taken at start, renewed before jobs, released at a clean exit.

    ``publisher`` makes a fresh :class:`bot.publish.Publisher` (the run page
    is checked again each time). A lease held by another instance that has
    not expired stops this one with :class:`LockHeld`; any other failure to
    write it is a :class:`LeaseError`.
    """

    def __init__(
        self,
        wiki: Any,
        title: str,
        *,
        instance: str,
        minutes: int,
        publisher: Callable[[], Any],
        log: Log,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.wiki = wiki
        self.title = title
        self.instance = instance
        self.length = timedelta(minutes=minutes)
        self.publisher = publisher
        self.log = log
        self.clock = clock
        self.expires: datetime | None = None

    @property
    def held(self) -> bool:
        return self.expires is not None

    def acquire(self) -> None:
        self._take()

    def renew(self) -> None:
        """Take the lease, or extend it when less than half is left (so a job always ends inside it)."""
        now = self.clock()
        if self.expires is None or self.expires - now < self.length / 2:
            self._take()

    def release(self) -> None:
        """Hand the lease back (expiry now), if this instance still holds it."""
        if self.expires is None:
            return
        copy = self.wiki.read_page(self.title)
        current = parse_lease(copy.text) if copy.exists else None
        if current is None or current.holder != self.instance:
            return
        self._write(LeaseRecord(self.instance, self.clock()), copy.revision or 0, "released")
        self.expires = None

    def _take(self) -> None:
        copy = self.wiki.read_page(self.title)
        current = parse_lease(copy.text) if copy.exists else None
        now = self.clock()
        if current is not None and current.holder != self.instance and current.expires > now:
            raise LockHeld(
                f"another run in progress: {self.title} gives the lease to {current.holder} "
                f"until {current.expires:%Y-%m-%d %H:%M} UTC"
            )
        if current is not None and current.holder != self.instance:
            self.log(f"taking over the lease from {current.holder}, expired at {current.expires:%Y-%m-%d %H:%M} UTC")
        record = LeaseRecord(self.instance, now + self.length)
        self._write(record, copy.revision or 0, "held")
        self.expires = record.expires

    def _write(self, record: LeaseRecord, revision: int, what: str) -> None:
        summary = f"Lease {what} by {record.holder} until {record.expires:%Y-%m-%d %H:%M} UTC"
        outcome = self.publisher().publish(PageUpdate(self.title, record.body(), summary, expect_revision=revision))
        if outcome.conflict:
            raise LockHeld(f"another run in progress: it wrote {self.title} at the same moment")
        if outcome.status not in ("saved", "created", "unchanged"):
            raise LeaseError(f"cannot write the lease page {self.title}: {outcome.reason or outcome.status}")
