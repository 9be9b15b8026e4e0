"""Signature timestamps, as MediaWiki writes them in the wiki's language.

``~~~~`` ends a signature with the time in the content language's format,
followed by the zone in parentheses::

    12:34, 5 May 2018 (UTC)          English
    12:34, 5. Mai 2018 (CEST)        German (since 2005: "15. Feb. 2007")
    10:04, 6. Mär 2004 (CET)         German in 2004 (abbreviations without dot)
    5 mai 2018 à 12:34 (CEST)        French (date first, "à" before the time)
    12:34 5 may 2018 (UTC)           Spanish (no comma)

The patterns here accept the time before or after the date and any month
spelling; the month and the zone are then looked up in the configuration, so
that a new language needs only data. A string that looks like a timestamp
but cannot be read (an unknown month or zone, the 31st of February, a date
without a time of day) is returned with a reason instead of a time: the
caller reports it, never guesses. The functions work on one line of text at
a time (regular expressions over a short line, never over a page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.core.discussion.languages import read_match
from bot.core.discussion.settings import ConsultationSettings, month_key

# Characters that stand between the parts of a timestamp without changing it:
# no-break spaces (MediaWiki's French and many signatures) and the bidirectional
# marks right-to-left wikis put around timestamps. Each is replaced by one space,
# so positions in the line do not move.
_INVISIBLE = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200e": " ",
        "\u200f": " ",
        "\u061c": " ",
        "\u200b": " ",
    }
)

_TIME = r"(?P<h{n}>\d{{1,2}}):(?P<mi{n}>\d{{2}})"
_DATE = (
    r"(?P<d{n}>\d{{1,2}})(?:er|\.)?\s*(?:de\s+)?"
    r"(?P<mon{n}>[^\W\d_]{{3,}}\.?)\s*(?:de\s+)?(?P<y{n}>\d{{4}})"
)
_ZONE = r"\((?P<tz{n}>[A-Z]{{2,5}})\)"
_TIMESTAMP = re.compile(
    # time first: English, German, Spanish
    r"(?<![\d:])"
    + _TIME.format(n=1)
    + r"\s*,?\s*"
    + _DATE.format(n=1)
    + r"\s*"
    + _ZONE.format(n=1)
    # date first: French ("à"), and "at", "um", "a las"
    + r"|(?<![\d.])"
    + _DATE.format(n=2)
    + r"\s*(?:,|à|a\s+las|um|at|kl\.)?\s*"
    + _TIME.format(n=2)
    + r"\s*"
    + _ZONE.format(n=2)
    # a date with a zone but no time of day (SineBot's {{undated}} and hand-typed sigs)
    + r"|(?<![\d.:])"
    + _DATE.format(n=3)
    + r"\s*"
    + _ZONE.format(n=3)
)
# Anything else that ends like a signature: a time, a few characters, a zone;
# or a date in digits and a zone ("08.12.04 (CET)", "2018-05-05 (UTC)").
_LOOSE = re.compile(
    r"(?<![\d:])\d{1,2}:\d{2}(?!\d)[^()\n]{0,40}?\((?P<tz>[A-Z]{2,5})\)"
    r"|(?<![\d.])\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\s*\((?P<tz2>[A-Z]{2,5})\)"
)


@dataclass(frozen=True, slots=True)
class TimestampMatch:
    """One timestamp in a line: where it is, and its time or why it cannot be read.

    ``kind`` is ``timestamp`` (``time`` is set, in UTC), ``date-only`` (a date
    and zone but no time of day) or ``unreadable`` (``problem`` says why).
    """

    start: int
    end: int
    raw: str
    kind: str
    time: datetime | None = None
    problem: str | None = None


def find_timestamps(line: str, settings: ConsultationSettings) -> list[TimestampMatch]:
    """Every timestamp-like string in ``line``, in order.

    The signature formats of the wiki's languages are tried first
    (:mod:`bot.core.discussion.languages`), then the generic patterns above.
    """
    clean = line.translate(_INVISIBLE)
    found: list[TimestampMatch] = []
    blanked = list(clean)
    current = clean
    for fmt in settings.signature_formats:
        matched = False
        for match in fmt.pattern.finditer(current):
            matched = True
            read = read_match(fmt, match, settings.time_zones)
            raw = line[match.start() : match.end()]
            if read.time is not None:
                found.append(TimestampMatch(match.start(), match.end(), raw, "timestamp", time=read.time))
            else:
                found.append(TimestampMatch(match.start(), match.end(), raw, "unreadable", problem=read.problem))
            blanked[match.start() : match.end()] = " " * (match.end() - match.start())
        if matched:
            current = "".join(blanked)
    clean = current
    for match in _TIMESTAMP.finditer(clean):
        found.append(_read(match, line, settings))
        blanked[match.start() : match.end()] = " " * (match.end() - match.start())
    rest = "".join(blanked)
    for match in _LOOSE.finditer(rest):
        if (match.group("tz") or match.group("tz2")) in settings.time_zones:
            raw = line[match.start() : match.end()]
            problem = f"'{raw.strip()}' looks like a signature timestamp but its date cannot be read"
            found.append(TimestampMatch(match.start(), match.end(), raw, "unreadable", problem=problem))
    return sorted(found, key=lambda m: m.start)


def _read(match: re.Match[str], line: str, settings: ConsultationSettings) -> TimestampMatch:
    n = next(i for i in (1, 2, 3) if match.group(f"d{i}") is not None)
    raw = line[match.start() : match.end()]
    start, end = match.start(), match.end()
    month_name = match.group(f"mon{n}")
    month = settings.months.get(month_key(month_name))
    if month is None:
        problem = f"unknown month '{month_name}' in '{raw.strip()}'"
        return TimestampMatch(start, end, raw, "unreadable", problem=problem)
    zone = match.group(f"tz{n}")
    offset = settings.time_zones.get(zone.upper())
    if offset is None:
        return TimestampMatch(start, end, raw, "unreadable", problem=f"unknown time zone '{zone}' in '{raw.strip()}'")
    day, year = int(match.group(f"d{n}")), int(match.group(f"y{n}"))
    if n == 3:
        try:
            datetime(year, month, day)
        except ValueError:
            return TimestampMatch(start, end, raw, "unreadable", problem=f"'{raw.strip()}' is not a real date")
        return TimestampMatch(start, end, raw, "date-only", problem=f"'{raw.strip()}' has a date but no time of day")
    hour, minute = int(match.group(f"h{n}")), int(match.group(f"mi{n}"))
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return TimestampMatch(start, end, raw, "unreadable", problem=f"'{raw.strip()}' is not a real date and time")
    return TimestampMatch(start, end, raw, "timestamp", time=local - timedelta(minutes=offset))


def parse_date_parameter(text: str, settings: ConsultationSettings) -> TimestampMatch | None:
    """The date in an ``{{unsigned|user|date}}`` parameter, or None when there is none.

    Editors copy the date from the page history, often without the zone;
    the templates' documentation asks for UTC, so a date and time without a
    zone is read as UTC.
    """
    matches = find_timestamps(text, settings)
    if matches:
        return matches[0]
    if "(" in text:
        return None
    matches = find_timestamps(text.rstrip() + " (UTC)", settings)
    if not matches:
        return None
    match = matches[0]
    if match.problem:
        match = replace(match, problem=match.problem.replace(" (UTC)", ""))
    return match


def iso(time: datetime | None) -> str | None:
    """``2018-05-05T12:34:00Z``, the spec's form, or None."""
    return time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if time else None
