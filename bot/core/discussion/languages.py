"""Signatures in any wiki language, from MediaWiki's own localisation data.

``~~~~`` ends a signature with the time in the wiki's content language:
MediaWiki formats it with the language's default ``both`` date format and
appends the zone in parentheses (``Parser::pstPass2``)::

    19:48, 3 February 2011 (UTC)                en   H:i, j F Y
    19h48min de 3 de fevereiro de 2011 (UTC)    pt   H\\hi\\m\\i\\n \\d\\e j \\d\\e F \\d\\e Y
    19:48, ngày 3 tháng 2 năm 2011 (UTC)        vi   H:i, "ngày" j "tháng" n "năm" Y
    2011년 2월 3일 (목) 19:48 (KST)              ko   Y년 M월 j일 (D) H:i
    ‏۳ فوریهٔ ۲۰۱۱، ساعت ۱۹:۴۸ (UTC)            fa   j xg Y، ساعت H:i (Persian digits)
    19:48، 3 فبراير 2011 (ت ع م)                 ar   H:i، j xg Y (UTC as Arabic prints it)

``config/languages.json`` holds, for every language MediaWiki has, those
formats, the month and weekday names they use, the language's digits, its
time-zone labels and the names of the User, User talk and Special
namespaces and of Special:Contributions (built from MediaWiki's files by
``scripts/build_languages.py``; nothing is read from MediaWiki at run time).
:func:`compile_format` turns a format into a regular expression for one
line of text, so a new language needs no code and no hand-kept table.

Format codes read (PHP's ``date`` letters as MediaWiki's ``sprintfDate``
writes them): ``d j`` day, ``F`` month name, ``xg`` genitive month name,
``M`` abbreviated month, ``m n`` month number, ``Y`` year, ``xkY`` Thai
solar year, ``H G`` hour, ``i`` minute, ``D l`` weekday (matched, not
checked), ``xn``/``xN`` raw digits; ``\\x`` and ``"…"`` are literal text.
Formats with other codes (Iranian, Hijri, Hebrew calendars, Roman numerals)
are left out; their wikis' signatures are still read by the generic patterns
in :mod:`bot.core.discussion.timestamps` when they use Gregorian dates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.errors import ConsultationRulesError
from bot.paths import LANGUAGES_PATH

_WORDS = ("months", "months_genitive", "months_short", "weekdays", "weekdays_short")
_SPACE = r"[\s\u200e\u200f\u061c]*"
_ZONE = r"\((?P<tz>[^()\n]{1,16}?)\)"
_THAI_ERA = 543


@dataclass(frozen=True, slots=True)
class Language:
    """What a language's signatures are made of (one entry of ``config/languages.json``)."""

    code: str
    formats: tuple[str, ...]
    months: tuple[str, ...]
    months_genitive: tuple[str, ...]
    months_short: tuple[str, ...]
    weekdays: tuple[str, ...]
    weekdays_short: tuple[str, ...]
    digits: str
    zones: Mapping[str, str]
    user: tuple[str, ...]
    user_talk: tuple[str, ...]
    special: tuple[str, ...]
    contributions: tuple[str, ...]
    rtl: bool = False


def languages_from_dict(data: Mapping[str, Any]) -> Mapping[str, Language]:
    """Check and freeze the parsed ``languages.json``."""
    found: dict[str, Language] = {}
    for code, entry in data.items():
        if code.startswith("_"):
            continue
        try:
            found[code] = Language(
                code=code,
                formats=tuple(entry["formats"]),
                **{key: tuple(entry[key]) for key in _WORDS},
                digits=str(entry.get("digits") or ""),
                zones=MappingProxyType({str(k): str(v) for k, v in (entry.get("zones") or {}).items()}),
                user=tuple(entry["user"]),
                user_talk=tuple(entry["user_talk"]),
                special=tuple(entry["special"]),
                contributions=tuple(entry["contributions"]),
                rtl=bool(entry.get("rtl")),
            )
        except (KeyError, TypeError) as exc:
            raise ConsultationRulesError(
                f"config/languages.json: the entry for '{code}' is damaged ({exc}); rebuild it with "
                "scripts/build_languages.py"
            ) from None
        for key in _WORDS:
            expected = 7 if key.startswith("weekdays") else 12
            if len(getattr(found[code], key)) != expected:
                raise ConsultationRulesError(
                    f"config/languages.json: '{code}' {key} needs {expected} names; rebuild it with "
                    "scripts/build_languages.py"
                )
    return MappingProxyType(found)


def load_languages(path: Path = LANGUAGES_PATH) -> Mapping[str, Language]:
    """Read ``config/languages.json`` (an operator's error when it is missing or broken)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConsultationRulesError(f"languages: cannot read {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ConsultationRulesError(
            f"{path}: not valid JSON ({exc}); rebuild it with scripts/build_languages.py"
        ) from None
    if not isinstance(data, dict):
        raise ConsultationRulesError(f"{path}: expected one object of languages; rebuild it")
    return languages_from_dict(data)


def pick(languages: Mapping[str, Language], codes: Iterable[str]) -> tuple[Language, ...]:
    """The languages named by ``codes``; an unknown code is the operator's to fix."""
    picked: list[Language] = []
    for code in codes:
        key = code.strip().lower().replace("_", "-")
        if key not in languages:
            raise ConsultationRulesError(
                f"unknown wiki language '{code}': use a MediaWiki language code such as en, de, ru, fa, pt-br"
            )
        if languages[key] not in picked:
            picked.append(languages[key])
    return tuple(picked)


# ---------------------------------------------------------------- formats


@dataclass(frozen=True, slots=True)
class SignatureFormat:
    """One language's signature timestamp as a regular expression over one line.

    ``pattern`` has named groups ``day``, ``month`` or ``monthname``,
    ``year``, ``hour``, ``minute`` and ``tz``; ``months`` maps a case-folded
    month spelling to its number; ``digits`` maps the language's digits to
    ASCII; ``year_offset`` is subtracted from the year (543 for the Thai
    solar calendar); ``zones`` maps the zone labels the language prints to
    their abbreviation.
    """

    language: str
    source: str
    pattern: re.Pattern[str]
    months: Mapping[str, int]
    digits: Mapping[int, str]
    year_offset: int
    zones: Mapping[str, str]

    def number(self, text: str) -> int:
        return int(text.translate(self.digits))


@dataclass(frozen=True, slots=True)
class FormatMatch:
    """A timestamp a :class:`SignatureFormat` found, read or with the reason it cannot be."""

    start: int
    end: int
    time: datetime | None
    zone: str
    problem: str | None = None


def compile_formats(languages: Iterable[Language]) -> tuple[SignatureFormat, ...]:
    """Every usable signature format of ``languages``, in order (unusable ones are left out)."""
    compiled: list[SignatureFormat] = []
    for language in languages:
        for source in language.formats:
            found = compile_format(language, source)
            if found is not None and all(f.pattern.pattern != found.pattern.pattern for f in compiled):
                compiled.append(found)
    return tuple(compiled)


def compile_format(language: Language, source: str) -> SignatureFormat | None:
    """The regular expression of ``source`` followed by `` (zone)``, or None for unsupported codes."""
    digit_chars = "0-9" + "".join(ch for ch in language.digits if not ch.isascii())
    digit = f"[{digit_chars}]"
    parts: list[str] = []
    months: dict[str, int] = {}
    year_offset = 0
    seen: set[str] = set()
    i = 0

    def group(name: str, body: str) -> str | None:
        if name in seen:
            return None  # a format that shows the day twice: not a signature format we can read
        seen.add(name)
        return f"(?P<{name}>{body})"

    def names(values: tuple[str, ...]) -> str:
        for number, value in enumerate(values, start=1):
            months.setdefault(_fold(value), number)
        return "|".join(re.escape(v) for v in sorted(set(values), key=len, reverse=True) if v)

    while i < len(source):
        ch = source[i]
        piece: str | None
        if ch == "\\" and i + 1 < len(source):
            piece, i = re.escape(source[i + 1]), i + 2
        elif ch == '"':
            end = source.find('"', i + 1)
            if end < 0:
                return None
            piece, i = _literal(source[i + 1 : end]), end + 1
        elif source.startswith("xkY", i):
            piece, i, year_offset = group("year", f"{digit}{{4}}"), i + 3, _THAI_ERA
        elif source.startswith("xg", i):
            piece, i = group("monthname", names(language.months_genitive)), i + 2
        elif source.startswith("xn", i) or source.startswith("xN", i):
            piece, i = "", i + 2  # raw digits: both digit sets are read anyway
        elif ch == "x":
            return None  # other calendars and numeral systems
        elif ch in "dj":
            piece, i = group("day", f"{digit}{{1,2}}"), i + 1
        elif ch in "mn":
            piece, i = group("month", f"{digit}{{1,2}}"), i + 1
        elif ch == "F":
            piece, i = group("monthname", names(language.months)), i + 1
        elif ch == "M":
            piece, i = group("monthname", names(language.months_short)), i + 1
        elif ch == "Y":
            piece, i = group("year", f"{digit}{{4}}"), i + 1
        elif ch in "HG":
            piece, i = group("hour", f"{digit}{{1,2}}"), i + 1
        elif ch == "i":
            piece, i = group("minute", f"{digit}{{2}}"), i + 1
        elif ch in "Dl":
            weekdays = language.weekdays_short if ch == "D" else language.weekdays
            piece, i = "(?:" + "|".join(re.escape(w) for w in weekdays if w) + ")", i + 1
        elif ch.isascii() and ch.isalpha():
            return None  # seconds, 12-hour clocks, ISO weeks ...: never in a signature format we read
        else:
            piece, i = _literal(ch), i + 1
        if piece is None:
            return None
        parts.append(piece)
    if not {"day", "year", "hour", "minute"} <= seen or not ({"month", "monthname"} & seen):
        return None
    for number, value in enumerate(language.months_short, start=1):
        months.setdefault(_fold(value), number)
    body = "".join(parts)
    pattern = re.compile(f"(?<![{digit_chars}]){body}{_SPACE}{_ZONE}", re.IGNORECASE)
    table = {ord(ch): str(n) for n, ch in enumerate(language.digits) if not ch.isascii()}
    return SignatureFormat(
        language.code, source, pattern, MappingProxyType(months), MappingProxyType(table), year_offset, language.zones
    )


def _literal(text: str) -> str:
    """Literal format text: spaces and direction marks match any (or no) white space."""
    out: list[str] = []
    for ch in text:
        if ch.isspace() or ch in "\u200e\u200f\u061c":
            if not out or out[-1] != _SPACE:
                out.append(_SPACE)
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _fold(name: str) -> str:
    return name.strip().rstrip(".").casefold()


def read_match(fmt: SignatureFormat, match: re.Match[str], time_zones: Mapping[str, int]) -> FormatMatch:
    """The UTC time of a match, or why it cannot be read (unknown zone, impossible date)."""
    raw = match.group(0).strip()
    label = " ".join(match.group("tz").split())
    zone = fmt.zones.get(label, label).upper()
    offset = time_zones.get(zone)
    if offset is None:
        offset = _numeric_offset(zone)
    if offset is None:
        return FormatMatch(match.start(), match.end(), None, zone, f"unknown time zone '{label}' in '{raw}'")
    groups = match.groupdict()
    if groups.get("monthname") is not None:
        month = fmt.months.get(_fold(groups["monthname"]), 0)
    else:
        month = fmt.number(groups["month"])
    try:
        local = datetime(
            fmt.number(groups["year"]) - fmt.year_offset,
            month,
            fmt.number(groups["day"]),
            fmt.number(groups["hour"]),
            fmt.number(groups["minute"]),
            tzinfo=UTC,
        )
    except ValueError:
        return FormatMatch(match.start(), match.end(), None, zone, f"'{raw}' is not a real date and time")
    return FormatMatch(match.start(), match.end(), local - timedelta(minutes=offset), zone)


def _numeric_offset(zone: str) -> int | None:
    """``+03``, ``-0430``, ``UTC+3``: the offsets PHP prints for zones without an abbreviation."""
    found = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?", zone)
    if not found:
        return None
    minutes = int(found.group(2)) * 60 + int(found.group(3) or 0)
    return minutes if found.group(1) == "+" else -minutes
