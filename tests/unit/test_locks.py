"""The file lock (one host) and the on-wiki lease (several hosts): never two runs at once."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from bot.errors import LeaseError
from bot.publish import PageUpdate, Publisher, publisher_for
from bot.service.locks import FileLock, Holder, LockHeld, WikiLease, parse_lease, process_alive, process_identity
from bot.wiki import PageCopy, SaveResult

ROOT = Path(__file__).resolve().parents[2]


def new_lock(path: Path, lines: list[str] | None = None, **kwargs) -> FileLock:
    return FileLock(path, stale_after=600, log=(lines.append if lines is not None else print), **kwargs)


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_a_second_lock_is_refused_naming_the_holder_and_released_locks_are_free(tmp_path):
    path = tmp_path / "state" / "run.lock"
    first = new_lock(path)
    first.acquire()
    holder = Holder.parse(path.read_text())
    assert holder.pid == os.getpid() and holder.started.endswith("UTC") and holder.host
    with pytest.raises(LockHeld) as held:
        new_lock(path).acquire()
    assert str(held.value).startswith(f"another run in progress (pid {os.getpid()} on ")
    first.release()
    assert path.read_text() == ""  # emptied, never deleted
    with new_lock(path) as second:
        assert second.held
    assert not second.held


def test_a_lock_left_by_a_dead_process_is_taken_over_with_a_log_line(tmp_path):
    path = tmp_path / "run.lock"
    import socket

    path.write_text(Holder(dead_pid(), socket.gethostname(), "2026-01-01 00:00:00 UTC").dump())
    lines: list[str] = []
    with new_lock(path, lines):
        assert Holder.parse(path.read_text()).pid == os.getpid()
    assert len(lines) == 1 and lines[0].startswith("taking over a stale lock from pid ")
    assert "that process is gone" in lines[0]


def test_a_recycled_pid_does_not_keep_a_stale_lock_alive(tmp_path):
    import socket

    path = tmp_path / "run.lock"
    path.write_text(Holder(os.getppid(), socket.gethostname(), "then", process="another-boot:1").dump())
    lines: list[str] = []
    with new_lock(path, lines):
        pass
    assert "stale lock" in lines[0]
    assert process_identity(os.getpid()) is not None
    assert process_alive(os.getpid(), process_identity(os.getpid()))
    assert not process_alive(os.getpid(), "another-boot:1") and not process_alive(0, None)


def test_another_hosts_lock_counts_while_its_heartbeat_is_fresh(tmp_path):
    path = tmp_path / "run.lock"
    path.write_text(Holder(123, "toolforge-pod-xyz", "2026-01-01 00:00:00 UTC").dump())
    with pytest.raises(LockHeld) as held:
        new_lock(path).acquire()
    assert "pid 123 on toolforge-pod-xyz" in str(held.value) and "last seen 0 min ago" in str(held.value)
    old = time.time() - 3600
    os.utime(path, (old, old))
    lines: list[str] = []
    with new_lock(path, lines):
        pass
    assert "not seen for 60 min" in lines[0]


def test_an_unreadable_lock_file_is_taken_over(tmp_path):
    path = tmp_path / "run.lock"
    path.write_text("garbage")
    lines: list[str] = []
    with new_lock(path, lines):
        pass
    assert lines == [f"lock file {path} is unreadable; taking it over"]


def test_the_heartbeat_touches_the_file(tmp_path):
    path = tmp_path / "run.lock"
    with new_lock(path) as lock:
        os.utime(path, (1, 1))
        lock.heartbeat()
        assert path.stat().st_mtime > 1000


def test_a_thread_beats_the_heartbeat_while_the_lock_is_held_and_stops_on_release(tmp_path):
    path = tmp_path / "run.lock"
    lock = new_lock(path, beat_every=0.01)
    lock.acquire()
    os.utime(path, (1, 1))
    deadline = time.monotonic() + 5
    while path.stat().st_mtime < 1000 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert path.stat().st_mtime > 1000
    lock.release()
    os.utime(path, (1, 1))
    time.sleep(0.05)
    assert path.stat().st_mtime == 1 and not lock.heartbeat()


def test_the_lock_is_released_when_the_block_raises(tmp_path):
    path = tmp_path / "run.lock"
    with pytest.raises(RuntimeError), new_lock(path):
        raise RuntimeError("job failed")
    assert path.read_text() == ""


HOLD = """
import sys
from bot.service.locks import FileLock
lock = FileLock(sys.argv[1], stale_after=600, log=print)
lock.acquire()
print("held", flush=True)
sys.stdin.read()
"""


def test_a_lock_held_by_another_process_blocks_until_it_is_killed(tmp_path):
    path = tmp_path / "run.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld) as held:
            new_lock(path).acquire()
        assert f"pid {holder.pid}" in str(held.value)
    finally:
        holder.send_signal(signal.SIGKILL)  # no chance to release: the kernel drops its flock
        holder.wait()
    lines: list[str] = []
    with new_lock(path, lines):
        pass
    assert lines and f"taking over a stale lock from pid {holder.pid}" in lines[0]


# --- The publisher's expect_revision (what the lease relies on) --------------------------


@dataclass
class Site:
    def username(self) -> str:
        return "PartnershipsBot"


@dataclass
class FakeWiki:
    pages: dict[str, str] = field(default_factory=lambda: {"User:PartnershipsBot/Run": "yes"})
    revisions: dict[str, int] = field(default_factory=dict)
    saves: list[str] = field(default_factory=list)
    before_save: list = field(default_factory=list)
    site: Site = field(default_factory=Site)

    def read_page(self, title: str) -> PageCopy:
        if title not in self.pages:
            return PageCopy(title, False)
        return PageCopy(title, True, self.pages[title], revision=self.revisions.setdefault(title, 1))

    def account(self) -> str:
        return "PartnershipsBot"

    def has_right(self, right: str) -> bool:
        return True

    def read_pages(self, titles):
        return {title: self.read_page(title) for title in titles}

    def was_deleted(self, title: str) -> bool:
        return False

    def save(self, copy: PageCopy, text: str, *, summary: str, content_model=None) -> SaveResult:
        if self.before_save:
            self.before_save.pop(0)()
        if (copy.title in self.pages) != copy.exists or (copy.exists and copy.revision != self.revisions[copy.title]):
            return SaveResult("conflict", "edit conflict")
        self.pages[copy.title] = text
        self.revisions[copy.title] = self.revisions.get(copy.title, 1) + 1
        self.saves.append(summary)
        return SaveResult("saved")


def publisher(wiki: FakeWiki) -> Publisher:
    return publisher_for(wiki, Settings().publish, simulate=False, out=io.StringIO())


def test_expect_revision_zero_creates_a_page_only_if_it_does_not_exist():
    wiki = FakeWiki()
    assert publisher(wiki).publish(PageUpdate("L", "one", "s", expect_revision=0)).status == "created"
    outcome = publisher(wiki).publish(PageUpdate("L", "two", "s", expect_revision=0))
    assert outcome.status == "skipped" and outcome.conflict and wiki.pages["L"] == "one"


def test_with_expect_revision_an_edit_conflict_is_final_not_merged():
    wiki = FakeWiki(pages={"User:PartnershipsBot/Run": "yes", "L": "old"})
    wiki.before_save.append(lambda: wiki.save(wiki.read_page("L"), "human", summary="human"))
    outcome = publisher(wiki).publish(PageUpdate("L", "bot", "s", expect_revision=1))
    assert outcome.conflict and wiki.pages["L"] == "human"


def test_every_summary_ends_with_the_link_to_the_bots_documentation():
    wiki = FakeWiki()
    publisher(wiki).publish(PageUpdate("P", "body", "Registry index: 1 added", region="index"))
    assert wiki.saves == ["Registry index: 1 added ([[User:PartnershipsBot|partnerships bot]])"]


# --- The on-wiki lease ---------------------------------------------------------------

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LEASE = "User:PartnershipsBot/Lease"


class Clock:
    def __init__(self) -> None:
        self.moment = T0

    def __call__(self) -> datetime:
        return self.moment


def lease(wiki: FakeWiki, instance: str, clock: Clock, lines: list[str] | None = None) -> WikiLease:
    return WikiLease(
        wiki,
        LEASE,
        instance=instance,
        minutes=120,
        publisher=lambda: publisher(wiki),
        log=(lines.append if lines is not None else print),
        clock=clock,
    )


def test_a_lease_held_by_another_instance_stops_this_one_until_it_expires():
    wiki, clock = FakeWiki(), Clock()
    lease(wiki, "toolforge", clock).acquire()
    assert parse_lease(wiki.pages[LEASE]).holder == "toolforge"
    assert parse_lease(wiki.pages[LEASE]).expires == T0 + timedelta(minutes=120)
    with pytest.raises(LockHeld) as held:
        lease(wiki, "backup-server", clock).acquire()
    assert str(held.value) == (
        "another run in progress: User:PartnershipsBot/Lease gives the lease to toolforge until 2026-03-01 14:00 UTC"
    )
    clock.moment += timedelta(minutes=121)
    lines: list[str] = []
    lease(wiki, "backup-server", clock, lines).acquire()
    assert parse_lease(wiki.pages[LEASE]).holder == "backup-server"
    assert lines == ["taking over the lease from toolforge, expired at 2026-03-01 14:00 UTC"]


def test_the_same_instance_takes_its_own_lease_again_and_renews_only_after_half_of_it():
    wiki, clock = FakeWiki(), Clock()
    first = lease(wiki, "toolforge", clock)
    first.acquire()
    lease(wiki, "toolforge", clock).acquire()  # the next cron run of the same deployment
    edits = len(wiki.saves)
    clock.moment += timedelta(minutes=50)
    first.renew()
    assert len(wiki.saves) == edits
    clock.moment += timedelta(minutes=20)
    first.renew()
    assert len(wiki.saves) == edits + 1
    assert parse_lease(wiki.pages[LEASE]).expires == T0 + timedelta(minutes=190)


def test_a_released_lease_can_be_taken_at_once():
    wiki, clock = FakeWiki(), Clock()
    held = lease(wiki, "toolforge", clock)
    held.acquire()
    held.release()
    lease(wiki, "backup-server", clock).acquire()
    assert parse_lease(wiki.pages[LEASE]).holder == "backup-server"


def test_two_instances_deciding_on_the_same_revision_cannot_both_win():
    wiki, clock = FakeWiki(), Clock()
    first, second = lease(wiki, "a", clock), lease(wiki, "b", clock)
    wiki.before_save.append(lambda: first.acquire())  # "a" saves between b's read and b's save
    with pytest.raises(LockHeld) as held:
        second.acquire()
    assert "at the same moment" in str(held.value) and parse_lease(wiki.pages[LEASE]).holder == "a"


def test_a_lease_page_the_bot_cannot_write_is_an_operator_error():
    wiki, clock = FakeWiki(pages={"User:PartnershipsBot/Run": "no"}), Clock()
    with pytest.raises(LeaseError) as error:
        lease(wiki, "toolforge", clock).acquire()
    assert "cannot write the lease page User:PartnershipsBot/Lease" in str(error.value)


def test_a_blanked_or_garbled_lease_page_holds_no_lease():
    assert parse_lease("") is None
    assert parse_lease("* holder: x\n* expires: someday") is None
    record = parse_lease("Some text\n* holder: toolforge\n* expires: 2026-03-01T14:00:00Z\n")
    assert record.holder == "toolforge" and record.expires == T0 + timedelta(hours=2)
    assert parse_lease(record.body()) == record and json.dumps(record.holder)
