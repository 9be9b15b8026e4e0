"""audit_stale: partnerships whose page no longer tells the truth.

Three questions, each answered from the record and the page's last edit:

* **ended**: the status is an active one (``[overview] active_statuses``)
  but the end date has passed. A date is over when its whole period is:
  ``2020`` ends on 31 December 2020, ``2020-05`` on 31 May.
* **pending**: the status is potential or proposed
  (``[audits] pending_statuses``) and the page has not changed for more than
  ``pending_months``. "Changed" is the page's last edit; a source without
  edit times (a folder of files) falls back to the review date, and a
  page with neither cannot be judged (it is counted in a note).
* **not reviewed**: the review date (else the page's last edit) is more
  than ``review_months`` old.

The fields are found by role (:class:`bot.core.schema.Role`): ``status``,
``end``, ``reviewed`` and ``contacts``; a question whose fields the schema
lacks is not asked, and the report says so. A review date of a month or a
year counts from its last day (``2018-05`` is read as 31 May 2018), the most
generous reading, but the report shows it as it was written (``2018-05``),
sorted by that last day. A page with neither date is listed as never reviewed.
Posted on the wiki, pages and contacts are links, and a judgement made from
the page's last edit links to that edit's diff.

Ages are whole months, counted the way people count them: from 15 March to
14 April is 0 months, to 15 April 1 month.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.config import AuditSettings
from bot.core.audits.report import Field, Report, Section, page_field, pages_field, users_field
from bot.core.records import Record
from bot.core.render.common import display_name, is_partnership, page_order, plural, values_of
from bot.core.render.engine import Cell, Link, Text
from bot.core.schema import Role, Schema

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
REASONS = {
    "ended": "Active, but the end date has passed",
    "pending": "Potential or proposed, and unchanged for long",
    "unreviewed": "Not reviewed for long",
}
NO_CONTACT = "(no contact)"


@dataclass(frozen=True, slots=True)
class StaleFinding:
    page: str
    name: str
    reason: str
    status: str | None
    basis: str
    since: str | None
    """The date the finding counts from, as written (``2018-05``, or the last edit's day)."""
    months: int | None
    contacts: tuple[str, ...]
    message: str
    until: str | None = None
    """The last day ``since`` covers (``2018-05`` -> ``2018-05-31``): what the finding was judged on, and sorts by."""
    revision: int | None = None


@dataclass(frozen=True, slots=True)
class ContactRow:
    contact: str
    pages: tuple[str, ...]
    reasons: tuple[str, ...]


def period_end(value: str | None) -> date | None:
    """The last day an ISO date of any precision covers (``2018`` -> 2018-12-31), or None."""
    match = _ISO.match(value or "")
    if not match:
        return None
    year, month, day = match.groups()
    try:
        if day:
            return date(int(year), int(month), int(day))
        if month:
            return date(int(year), int(month), calendar.monthrange(int(year), int(month))[1])
        return date(int(year), 12, 31)
    except ValueError:
        return None


def months_between(earlier: date, later: date) -> int:
    """Whole months from ``earlier`` to ``later`` (negative when ``later`` is earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def _single(record: Record, name: str | None) -> str | None:
    value = record.get(name) if name else None
    return value if isinstance(value, str) and value else None


@dataclass(frozen=True, slots=True)
class StaleFields:
    """The names of the fields the audit reads, by role (None: the schema has no such field)."""

    status: str | None
    end: str | None
    reviewed: str | None
    contacts: str | None

    @classmethod
    def of(cls, schema: Schema) -> StaleFields:
        return cls(
            schema.role_name(Role.STATUS),
            schema.role_name(Role.END),
            schema.role_name(Role.REVIEWED),
            schema.role_name(Role.CONTACTS),
        )

    def missing(self) -> list[str]:
        """The roles the schema gives to no field, as the notes name them."""
        return [
            role.value
            for role, name in (
                (Role.STATUS, self.status),
                (Role.END, self.end),
                (Role.REVIEWED, self.reviewed),
                (Role.CONTACTS, self.contacts),
            )
            if name is None
        ]


def find_stale(
    records: Iterable[Record],
    schema: Schema,
    *,
    edited: Mapping[str, str | None],
    today: date,
    settings: AuditSettings,
    active_statuses: Sequence[str],
) -> tuple[list[StaleFinding], int]:
    """The findings, and how many pending pages could not be judged (no edit time, no review date)."""
    names = StaleFields.of(schema)
    reviewed_name = names.reviewed or "review date"
    findings: list[StaleFinding] = []
    unjudged = 0
    for record in records:
        if not is_partnership(record):
            continue
        status = _single(record, names.status)
        contacts = values_of(record, names.contacts) if names.contacts else ()
        edit = period_end(edited.get(record.page))
        reviewed = period_end(_single(record, names.reviewed))

        def add(
            reason: str,
            basis: str,
            when: date | None,
            months: int | None,
            message: str,
            written: str | None = None,
            record: Record = record,
            status: str | None = status,
            contacts: tuple[str, ...] = contacts,
        ) -> None:
            findings.append(
                StaleFinding(
                    record.page,
                    display_name(record),
                    reason,
                    status,
                    basis,
                    written or (when.isoformat() if when else None),
                    months,
                    contacts,
                    message,
                    when.isoformat() if when else None,
                    record.revision,
                )
            )

        edit_day = (edited.get(record.page) or "")[:10] or None
        reviewed_written = _single(record, names.reviewed) if reviewed else None

        end = period_end(_single(record, names.end))
        if status in active_statuses and end is not None and end < today:
            add(
                "ended",
                names.end or "",
                end,
                months_between(end, today),
                f"The status is '{status}' but the end date ({_single(record, names.end)}) has passed: "
                f"update the status (completed, ended) or the end date.",
                _single(record, names.end),
            )
        if status in settings.pending_statuses:
            basis, when = ("last edit", edit) if edit else (reviewed_name, reviewed)
            written = edit_day if edit else reviewed_written
            if when is None:
                unjudged += 1
            elif months_between(when, today) > settings.pending_months:
                age = months_between(when, today)
                add(
                    "pending",
                    basis,
                    when,
                    age,
                    f"'{status}' since at least {written} ({age} months, {basis}): did it start, "
                    f"or should the status say ended or on hold?",
                    written,
                )
        basis, when = (reviewed_name, reviewed) if reviewed else ("last edit", edit)
        written = reviewed_written if reviewed else edit_day
        if when is None:
            add(
                "unreviewed",
                "none",
                None,
                None,
                f"No readable {reviewed_name} date (and the source has no edit times): check the page and set "
                f"|{reviewed_name}=.",
            )
        elif months_between(when, today) > settings.review_months:
            age = months_between(when, today)
            add(
                "unreviewed",
                basis,
                when,
                age,
                f"Last reviewed {written} ({age} months ago, from {basis}): check the page and update "
                f"|{reviewed_name}=.",
                written,
            )
    order = {r: i for i, r in enumerate(REASONS)}
    findings.sort(key=lambda f: (order[f.reason], -(f.months if f.months is not None else 10**6), page_order(f.page)))
    return findings, unjudged


def contact_rows(findings: Iterable[StaleFinding]) -> list[ContactRow]:
    """Who to ask about what: one row per contact, with their pages and the reasons."""
    pages: dict[str, dict[str, set[str]]] = {}
    for f in findings:
        for contact in f.contacts or (NO_CONTACT,):
            pages.setdefault(contact, {}).setdefault(f.page, set()).add(f.reason)
    rows = []
    for contact in sorted(pages, key=lambda c: (c == NO_CONTACT, c.casefold())):
        titles = tuple(sorted(pages[contact], key=page_order))
        reasons = tuple(sorted({r for p in titles for r in pages[contact][p]}, key=list(REASONS).index))
        rows.append(ContactRow(contact, titles, reasons))
    return rows


def _date_sort(finding: StaleFinding) -> str:
    """Dates of any precision sort by the last day they cover: ``2018-05`` as 20180531."""
    return (finding.until or "").replace("-", "") or "99999999"


def _basis_cell(finding: StaleFinding) -> Cell:
    """``last edit`` links to that edit's diff; other bases are text."""
    if finding.basis == "last edit" and finding.revision:
        return Link(f"Special:Diff/{finding.revision}", finding.basis)
    return Text(finding.basis)


def stale_report(
    findings: Sequence[StaleFinding],
    schema: Schema,
    *,
    records: int,
    unjudged: int,
    today: date,
    settings: AuditSettings,
    with_contacts: bool,
    notes: Sequence[str] = (),
) -> Report:
    names = StaleFields.of(schema)
    notes = list(notes)
    if unjudged:
        notes.append(
            f"{plural(unjudged, 'pending partnership')} could not be judged: the source has no edit times "
            f"and the page has no {names.reviewed or 'review'} date."
        )
    for role in names.missing():
        notes.append(
            f"config/schema.toml has no field with the role '{role}': the questions that need it are not asked."
        )
    status_key = names.status or "state"
    status_label = schema.by_name[names.status].label if names.status else "Status"
    contacts_key = names.contacts or "people"
    sections = []
    for reason, title in REASONS.items():
        rows = [f for f in findings if f.reason == reason]
        months = settings.pending_months if reason == "pending" else settings.review_months
        intro = None if reason == "ended" else f"More than {plural(months, 'month')} before {today.isoformat()}."
        sections.append(
            Section(
                reason,
                title,
                [
                    page_field("page", "Page", lambda f: f.page),
                    Field("title", "Name", lambda f: f.name),
                    Field(status_key, status_label, lambda f: f.status or ""),
                    Field("since", "Date", lambda f: f.since or "", sort_type="number", sort=_date_sort),
                    Field("basis", "From", lambda f: f.basis, cell=_basis_cell),
                    Field("months", "Months", lambda f: f.months, sort_type="number"),
                    users_field(contacts_key, "Contacts", lambda f: f.contacts),
                    Field("message", "What to do", lambda f: f.message),
                ],
                rows,
                empty="None.",
                intro=intro,
            )
        )
    if with_contacts:
        sections.append(
            Section(
                "contacts",
                "Contacts for follow-up",
                [
                    users_field("person", "Contact", lambda c: (c.contact,), placeholder=NO_CONTACT),
                    pages_field("pages", "Pages", lambda c: c.pages),
                    Field("reasons", "Why", lambda c: tuple(REASONS[r] for r in c.reasons)),
                ],
                contact_rows(findings),
                empty="Nobody to contact.",
            )
        )
    counts = {r: sum(1 for f in findings if f.reason == r) for r in REASONS}
    pages = len({f.page for f in findings})
    summary = (
        f"audit_stale: {plural(len(findings), 'finding')} on {pages} of {plural(records, 'partnership')} "
        f"({counts['ended']} ended but active, {counts['pending']} pending for long, "
        f"{counts['unreviewed']} not reviewed) as of {today.isoformat()}"
    )
    return Report("stale", "Audit: stale partnerships", sections, len(findings), summary, tuple(notes))
