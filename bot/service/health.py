"""Health: one status line per job, in a local file and on the wiki.

Each job run ends with a :class:`JobStatus` (what happened, when it last
succeeded, pages read, edits, problems). The statuses are kept in
``<state_dir>/status.json`` (written atomically, like the rest of the
state) and, for people watching the wiki, on a status page: each job's line
sits between its own markers (``status-update``, ``status-update-full``,
``status-summarise``), so the lines can also live in a section of any page
that holds those markers. ``python -m bot status`` prints the same lines and
exits non-zero when a scheduled job's last success is older than twice its
interval: the one signal cron, systemd and Toolforge's mail pass on.

An unchanged line is written to the wiki again only after
``status_refresh`` minutes, so a bot running every 15 minutes does not edit
its status page 96 times a day to change a time stamp.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.core.markers import begin_marker, end_marker, stamped
from bot.core.render.escape import escape
from bot.publish import DEFAULT_EXPLANATION, Outcome, PageUpdate, Publisher
from bot.sources.state import load_state, save_state

STATUS_KEY = "job-status"
OUTCOMES = ("ok", "failed", "paused", "unavailable", "interrupted", "never")


def status_path(settings: Any) -> Path:
    """The local status file: ``status.json`` in ``[publish] state_dir``."""
    return Path(settings.publish.state_dir) / "status.json"


def region_for(job: str) -> str:
    """The marker name of a job's status line."""
    return f"status-{job}"


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


@dataclass(frozen=True)
class JobStatus:
    """The last run of one job, and its last success.

    ``outcome``: ok, failed, paused (the run page said no), unavailable (the
    job's code is not installed), interrupted (SIGTERM/SIGINT) or never.
    The counts are those of the last successful run.
    """

    job: str
    outcome: str = "never"
    message: str = ""
    last_start: datetime | None = None
    last_end: datetime | None = None
    last_success: datetime | None = None
    pages_read: int | None = None
    edits: int | None = None
    problems: int | None = None
    published: datetime | None = None  # when the wiki's status line last showed this status

    def line(self) -> str:
        """The status line: the same text in ``python -m bot status`` and on the wiki."""
        if self.outcome == "never":
            return f"{self.job}: never run"
        parts = [f"{self.job}: {self.outcome}"]
        if self.outcome != "ok":
            parts[0] += f" at {when(self.last_start)}" + (f" ({self.message})" if self.message else "")
        parts.append(f"last success {when(self.last_success)}")
        if self.last_success is not None:
            counts = [
                f"{value} {name}"
                for name, value in (("pages read", self.pages_read), ("edits", self.edits), ("problems", self.problems))
                if value is not None
            ]
            if counts:
                parts[-1] += ": " + ", ".join(counts)
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> JobStatus | None:
        """A status from the file, or None when the entry is damaged."""
        try:
            values: dict[str, Any] = {}
            for spec in fields(cls):
                value = data.get(spec.name)
                if value is not None and spec.name in ("last_start", "last_end", "last_success", "published"):
                    value = datetime.fromisoformat(value)
                values[spec.name] = value
            status = cls(**{k: v for k, v in values.items() if v is not None})
            return status if status.outcome in OUTCOMES and isinstance(status.job, str) else None
        except (TypeError, ValueError):
            return None


def is_stale(status: JobStatus | None, interval_minutes: int, now: datetime) -> bool:
    """True when a scheduled job has not succeeded within twice its interval."""
    if interval_minutes <= 0:
        return False
    if status is None or status.last_success is None:
        return True
    return now - status.last_success > timedelta(minutes=2 * interval_minutes)


class History:
    """The statuses of all jobs, kept in ``path`` (in memory only when ``path`` is None: ``-simulate``)."""

    def __init__(
        self, path: Path | None, statuses: dict[str, JobStatus] | None = None, warning: str | None = None
    ) -> None:
        self.path = path
        self.statuses = statuses or {}
        self.warning = warning

    @classmethod
    def load(cls, path: Path) -> History:
        loaded = load_state(path, key=STATUS_KEY)
        statuses: dict[str, JobStatus] = {}
        jobs = loaded.data.get("jobs", {})
        if isinstance(jobs, dict):
            for name, entry in jobs.items():
                status = JobStatus.from_json(entry) if isinstance(entry, dict) else None
                if status is not None and status.job == name:
                    statuses[name] = status
        warning = loaded.warning if path.exists() else None  # a first run has no history, and that is fine
        return cls(
            path, statuses, warning.replace("reading every page", "job history starts afresh") if warning else None
        )

    def get(self, job: str) -> JobStatus | None:
        return self.statuses.get(job)

    def record(self, status: JobStatus) -> None:
        self.statuses[status.job] = status
        if self.path is not None:
            save_state(self.path, {"jobs": {n: s.to_json() for n, s in sorted(self.statuses.items())}}, key=STATUS_KEY)


def after_run(
    previous: JobStatus | None,
    job: str,
    *,
    outcome: str,
    message: str,
    start: datetime,
    end: datetime,
    counts: tuple[int | None, int | None, int | None] | None = None,
) -> JobStatus:
    """The new status of ``job``: the last success and its counts carry over from ``previous`` unless it succeeded."""
    base = previous or JobStatus(job)
    status = replace(base, outcome=outcome, message=message, last_start=start, last_end=end)
    if outcome == "ok":
        pages, edits, problems = counts or (None, None, None)
        status = replace(status, last_success=start, pages_read=pages, edits=edits, problems=problems)
    return status


def worth_publishing(previous: JobStatus | None, current: JobStatus, now: datetime, refresh_minutes: int) -> bool:
    """Whether the wiki's line should be rewritten: something a reader cares about changed, or it is old."""
    if previous is None or previous.published is None:
        return True
    if current.edits:
        return True
    if (previous.outcome, previous.pages_read, previous.problems) != (
        current.outcome,
        current.pages_read,
        current.problems,
    ):
        return True
    if current.outcome != "ok" and previous.message != current.message:
        return True
    return now - previous.published >= timedelta(minutes=refresh_minutes)


def wiki_line(status: JobStatus) -> str:
    """The status line as wikitext: editors' and the wiki's own text escaped, so it renders as written."""
    return "* " + escape(status.line())


def status_page_text(statuses: Iterable[JobStatus], clock: str) -> str:
    """A new status page: an explanation, then each job's line between its own markers."""
    parts = [DEFAULT_EXPLANATION]
    for status in statuses:
        name = region_for(status.job)
        parts.append(f"{begin_marker(name)}{stamped(wiki_line(status), clock)}{end_marker(name)}")
    return "\n".join(parts) + "\n"


def publish_status(publisher: Publisher, title: str, status: JobStatus, every_job: Iterable[JobStatus]) -> Outcome:
    """Write ``status`` to its region on ``title``; a missing page is created with every job's region.

    The page is created whole and only if it still does not exist
    (``expect_revision=0``), so two runs never create it twice. A page that
    exists without this job's markers is left alone and reported (a human
    removed them, or the lines live in a section of another page).
    """
    summary = f"Status: {status.job} {status.outcome}"
    copy = publisher.wiki.read_page(title)
    if not copy.exists:
        body = status_page_text(every_job, publisher.clock())
        return publisher.publish(PageUpdate(title, body, summary, expect_revision=0))
    return publisher.publish(PageUpdate(title, wiki_line(status), summary, region=region_for(status.job)))


def report(history: History, intervals: Mapping[str, int], now: datetime) -> tuple[list[str], bool]:
    """The ``status`` command's lines (one per job) and whether every scheduled job is healthy."""
    lines, healthy = [], True
    for job, minutes in intervals.items():
        status = history.get(job) or JobStatus(job)
        line = status.line()
        if minutes <= 0:
            line += " [not scheduled]"
        elif is_stale(status, minutes, now):
            healthy = False
            line += f" [STALE: no success within 2 x {minutes} min]"
        lines.append(line)
    return lines, healthy
