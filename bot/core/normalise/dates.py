"""Dates: read what editors type into a date field and give ISO 8601 back.

The output has the precision the editor gave: ``2018``, ``2018-05`` or
``2018-05-05``. Editors copy dates from infoboxes of many wikis, so the
reader accepts date templates (``{{start date|2018|5|5}}``, ``{{dts|…}}``,
``{{Datum|25|08|2017}}``), linked parts (``[[18 September]] [[1972]]``, read
as the text a reader sees), ISO and day-first numeric forms, and month names
in the languages whose Wikipedias the infoboxes come from (from Babel's CLDR
data). Anything else is a :class:`~bot.core.normalise.Finding`, never an exception:
``invalid-date`` (unreadable, not a real day, or a range), ``ambiguous-date``
(``01/02/2020``) and ``approximate-date`` (``c. 2018``, kept at year precision).

Each textual form is one small regular expression over the short value (never
over a page) and one function that turns its match into a :class:`_Date`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from mwparserfromhell.nodes import HTMLEntity, Node, Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import Normalised, bad, finding, ok
from bot.core.schema import TextRules
from bot.core.textkeys import strip_diacritics
from bot.core.wikitext import parse, plain_text, positional, strip_noise, template_name
from bot.core.wording import Message, Month, say

MIN_YEAR, MAX_YEAR = 1000, 2999
"""Four-digit years only: old enough for a partner founded in 1088, and no
three-digit or five-digit numbers, which in a date field are typing mistakes."""

# Babel locales whose month names (wide and abbreviated, format and stand-alone)
# are accepted; de_AT adds "Jänner".
_LOCALES = ("en", "de", "de_AT", "fr", "es", "it", "pt", "nl", "pl", "af")
# Spellings CLDR lacks: old German abbreviations and common English ones.
_EXTRA_MONTHS = {"mrz": 3, "sept": 9, "dez": 12, "jän": 1, "feber": 2, "juill": 7, "setiembre": 9}

# Date templates, compared case-insensitively after MediaWiki's own title rules
# (``Start_date`` = ``Start date``). Their positional parameters are y|m|d or
# d|m|y; a template with one textual parameter ({{dts|5 May 2018}}) is read as text.
_DATE_TEMPLATES = frozenset(
    {
        "start date",
        "start date and age",
        "end date",
        "end date and age",
        "birth date",
        "birth date and age",
        "death date",
        "death date and age",
        "dts",
        "datum",
        "date",
        "start-date",
        "end-date",
        "birth-date",
        "death-date",
        "film date",
    }
)
_CIRCA_TEMPLATES = frozenset({"circa", "c.", "ca.", "approx", "approx."})

_YEAR = re.compile(r"\d{4}")
_NUMBER = re.compile(r"\d{1,2}")
_MONTH = r"([^\W\d_]+)\.?"
_ORDINAL = r"(?:\.|st|nd|rd|th|er|º|ª|°)?"
_PUNCTUATION = " .,;:!"
# "early 2018", "mid-2018", "spring 2018": the year, marked approximate.
_SEASONS = "early|mid|late|spring|summer|autumn|fall|winter|(?:beginning|start|end) of"
# "c. 2018", "c.2018", "circa 2018", "~2018": longer words first, so "ca" is not read as "c".
_APPROX_WORDS = (
    "circa|approximately|approx|aproximadamente|aprox|about|around|cca|ca|c|etwa|ungefähr|environ|vers|hacia"
)
_APPROX = re.compile(rf"~\s*|(?:{_APPROX_WORDS})(?:\.\s*|\s+)", re.IGNORECASE)
# Leading words that say when something began (or just "in"): they never change which
# date is meant. Words for an end ("until", "bis") are not removed: in a start date
# they would hide a mistake.
_PREFIX = re.compile(r"(?:since|from|in|seit|ab|im|depuis|dès|en|desde)\s+", re.IGNORECASE)
_DASHES = "-‐‑‒–—―−"
_RANGE_SEP = re.compile(rf"\s*[{_DASHES}/]\s*|\s+(?:to|until|till|through|bis|au|hasta)\s+", re.IGNORECASE)
_RANGE_EDGE = re.compile(rf"^\s*(?:[{_DASHES}]|(?:to|until|bis)\b)|(?:[{_DASHES}]|\b(?:to|until|bis))\s*$", re.I)
_ISO_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_PRESENT = frozenset(
    {
        "present",
        "now",
        "today",
        "date",
        "ongoing",
        "current",
        "heute",
        "aujourd'hui",
        "presente",
        "actualidad",
        "hoy",
        "oggi",
        "heden",
    }
)


@dataclass(frozen=True, slots=True)
class _Date:
    """A date as read, not yet checked: month and day are None below that precision."""

    year: int
    month: int | None = None
    day: int | None = None
    approx: bool = False


@dataclass(frozen=True, slots=True)
class _Ambiguous:
    """``A/B/YYYY`` with both A and B at most 12: day-first and month-first readings."""

    year: int
    a: int
    b: int


class _Range:
    """Two dates joined by a dash or "to": the editor meant start and end."""


_RANGE = _Range()
_Result = _Date | _Ambiguous | _Range | None


def normalise_date(item: Wikicode, rules: TextRules, *, range_fields: tuple[str, str] | None = None) -> Normalised:
    """Read one date value; see the module docstring for what is accepted.

    A blank item gives an empty :class:`Normalised` (the extractor reports
    missing fields). Exactly one date template wins over the text around it,
    the way an infobox shows ``{{start date|1997|5|16}} in Mexico City``;
    two date templates, or a template followed by a dash, are a range.
    """
    code = strip_noise(parse(item))
    shown = _shown(code)
    if not shown:
        return Normalised()
    nodes = _expand_circa(code.nodes)
    dated = [n for n in nodes if isinstance(n, Template) and _key(n) in _DATE_TEMPLATES]
    if len(dated) > 1:
        return _finish(_RANGE, shown, range_fields)
    if dated:
        rest = _text(Wikicode([n for n in nodes if n is not dated[0]]), rules)
        result = _read_template(dated[0])
        if _RANGE_EDGE.search(rest):
            result = _RANGE
        elif isinstance(result, _Date) and _APPROX.fullmatch(rest.strip() + " "):
            result = replace(result, approx=True)
        return _finish(result, shown, range_fields)
    return _finish(_read_text(_text(Wikicode(nodes), rules)), shown, range_fields)


def compare_dates(a: str, b: str) -> int | None:
    """Order two ISO dates of any precision: -1 if a is before b, 0 if equal, 1 if after.

    None when either is not an ISO date or when they overlap (``2018`` and
    ``2018-05``): an end in the same year as a monthly start is not "before".
    """
    ma = _ISO_VALUE.fullmatch(a.strip()) if isinstance(a, str) else None
    mb = _ISO_VALUE.fullmatch(b.strip()) if isinstance(b, str) else None
    if ma is None or mb is None:
        return None
    pa, pb = [tuple(int(g) for g in m.groups() if g is not None) for m in (ma, mb)]
    for x, y in zip(pa, pb):
        if x != y:
            return -1 if x < y else 1
    return 0 if len(pa) == len(pb) else None


# --- text -----------------------------------------------------------------


def _read_text(text: str) -> _Result:
    """Read a date from the plain text of a value (no templates left)."""
    text, approx = _strip_words(_tidy(text))
    result = _single(text) or _range_or_none(text)
    return replace(result, approx=True) if approx and isinstance(result, _Date) else result


def _tidy(text: str) -> str:
    """Drop trailing punctuation (``5 May 2018.``) and a trailing remark in brackets
    (``1916 (current location since 1997)``): the date comes first."""
    text = text.rstrip(_PUNCTUATION)
    if text.endswith(")") and text.rfind("(") > 0:
        text = text[: text.rfind("(")].rstrip(_PUNCTUATION)
    return text


def _strip_words(text: str) -> tuple[str, bool]:
    """Remove one leading "since"/"in"-like word, then "c."-like marks (True if one was there).

    Only words that cannot change which date is meant are removed; what is
    left must still be a whole date, so "since" never hides a range.
    """
    match = _PREFIX.match(text)
    if match and match.end() < len(text):
        text = text[match.end() :]
    match = _APPROX.match(text)
    if match and match.end() < len(text):
        return text[match.end() :], True
    return text, False


def _single(text: str) -> _Date | _Ambiguous | None:
    """The first pattern that matches the whole text, or None."""
    for pattern, build in _PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            result = build(*match.groups())
            if result is not None:
                return result
    return None


def _range_or_none(text: str) -> _Range | None:
    """``2010–2015``, ``May 2010 – June 2011``, ``1997–present``, ``2010-15``, ``2010–``."""
    for sep in _RANGE_SEP.finditer(text):
        left, right = text[: sep.start()], text[sep.end() :]
        if _range_end(left) and (not right or right.casefold() in _PRESENT or _range_end(right)):
            return _RANGE
    return None


def _range_end(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text) or _month(text.rstrip(".")) or isinstance(_single(text), _Date))


def _ymd(y: str, m: str | None = None, d: str | None = None) -> _Date | None:
    """Year, month (a number or a name) and day as typed; None if the month is no month name."""
    month = None
    if m:
        month = int(m) if m.isdecimal() else _month(m)
        if month is None:
            return None
    return _Date(int(y), month, int(d) if d else None)


def _iso(y: str, sep: str, m: str, d: str | None) -> _Date | None:
    """``2018-05``, ``2018-5-5``, ``2018/05/05``; but ``2010/11`` (a season) and
    ``2010-15`` (not month 15) are ranges of years, left for the range reader."""
    if d is None and (sep != "-" or int(m) > 12):
        return None
    return _ymd(y, m, d)


def _slashed(a: str, b: str, y: str) -> _Date | _Ambiguous:
    """``A/B/YYYY``: day-first or month-first is known only when one part is over 12.

    ``05/05/2018`` reads the same both ways, so it is not ambiguous.
    """
    first, second = int(a), int(b)
    if first == second or first > 12 or second > 12 or 0 in (first, second):
        return _Date(int(y), second, first) if first > 12 else _Date(int(y), first, second)
    return _Ambiguous(int(y), first, second)


_PATTERNS: tuple[tuple[re.Pattern[str], Callable[..., _Date | _Ambiguous | None]], ...] = (
    (re.compile(r"(\d{4})"), _ymd),
    (re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?"), _iso),
    (
        re.compile(rf"(\d{{1,2}}){_ORDINAL}\s*(?:of\s+|de\s+)?{_MONTH},?\s*(?:del?\s+)?(\d{{4}})", re.I),
        lambda d, m, y: _ymd(y, m, d),
    ),
    (re.compile(rf"{_MONTH}\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(\d{{4}})", re.I), lambda m, d, y: _ymd(y, m, d)),
    (re.compile(rf"{_MONTH},?\s*(?:del?\s+)?(\d{{4}})", re.I), lambda m, y: _ymd(y, m)),
    (re.compile(rf"(\d{{4}}),?\s+{_MONTH}\s+(\d{{1,2}})", re.I), _ymd),
    (re.compile(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})"), lambda d, m, y: _ymd(y, m, d)),
    (re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})"), lambda a, _, b, y: _slashed(a, b, y)),
    (re.compile(r"(\d{1,2})[/.](\d{4})"), lambda m, y: _ymd(y, m)),
    (re.compile(rf"(?:{_SEASONS})[\s-]*(\d{{4}})", re.I), lambda y: _Date(int(y), approx=True)),
)


# --- templates ------------------------------------------------------------


def _read_template(template: Template) -> _Result:
    """y|m|d when the first parameter is a year, d|m|y when the third is (Datum,
    ``{{dts|||1810}}``); a single textual parameter is read as text."""
    params = [" ".join(str(strip_noise(p)).split()) for p in positional(template)]
    filled = [p for p in params if p]
    if len(filled) == 1 and not _YEAR.fullmatch(filled[0]):
        return _read_text(filled[0])
    params += ["", "", ""]
    if _YEAR.fullmatch(params[0]):
        y, m, d = params[:3]
    elif _YEAR.fullmatch(params[2]):
        d, m, y = params[:3]
    else:
        return None
    if (d and not m) or (d and not d.isdecimal()):
        return None
    return _ymd(y, m or None, d or None)


def _expand_circa(nodes: list[Node]) -> list[Node]:
    """``{{circa|2018}}`` shows "c. 2018": replace it with that text."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Template) and _key(node) in _CIRCA_TEMPLATES:
            out.append(Text("c. "))
            values = positional(node)
            if values:
                out.extend(values[0].nodes)
        else:
            out.append(node)
    return out


def _key(template: Template) -> str:
    return template_name(template).casefold()


# --- results --------------------------------------------------------------


def _finish(result: _Result, shown: str, range_fields: tuple[str, str] | None = None) -> Normalised:
    if isinstance(result, _Range):
        if range_fields is None:
            return bad("invalid-date", say("partnerships-problem-date-range-unnamed", shown))
        first, last = range_fields
        return bad("invalid-date", say("partnerships-problem-date-range", shown, first, last))
    if isinstance(result, _Ambiguous):
        y, a, b = result.year, result.a, result.b
        return bad(
            "ambiguous-date",
            say(
                "partnerships-problem-date-ambiguous",
                shown,
                str(a),
                Month(b),
                str(b),
                Month(a),
                str(y),
                f"{y}-{b:02d}-{a:02d}",
                f"{y}-{a:02d}-{b:02d}",
            ),
        )
    if result is None:
        return bad("invalid-date", say("partnerships-problem-date-unreadable", shown), _hint(None))
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        return bad(
            "invalid-date", say("partnerships-problem-date-year", shown, str(MIN_YEAR), str(MAX_YEAR)), _hint(None)
        )
    iso = _to_iso(result)
    if iso is None:
        return bad("invalid-date", say("partnerships-problem-date-unreal", shown), _hint(result))
    if result.approx:
        return Normalised(
            (iso,), (finding("approximate-date", say("partnerships-problem-date-approximate", shown, iso)),)
        )
    return ok(iso)


def _to_iso(date: _Date) -> str | None:
    """The ISO string, or None when the month or day does not exist."""
    if date.month is None:
        return f"{date.year:04d}"
    if not 1 <= date.month <= 12:
        return None
    if date.day is None:
        return f"{date.year:04d}-{date.month:02d}"
    if not 1 <= date.day <= calendar.monthrange(date.year, date.month)[1]:
        return None
    return f"{date.year:04d}-{date.month:02d}-{date.day:02d}"


def _hint(date: _Date | None) -> Message:
    """Examples in the month the editor meant, when there was one (29 February 2020)."""
    y, m, last = 2018, 5, 5
    if date is not None and date.month is not None and 1 <= date.month <= 12:
        y, m, last = date.year, date.month, calendar.monthrange(date.year, date.month)[1]
    return say("partnerships-problem-date-hint", str(y), f"{m:02d}", f"{last:02d}", str(last), Month(m))


def _shown(code: Wikicode) -> str:
    """The value as the editor typed it (refs and comments gone), for messages."""
    text = " ".join(str(code).split())
    return text if len(text) <= 80 else text[:79] + "…"


def _entity(node: Node) -> str:
    """The character an HTML entity stands for (``&nbsp;`` -> a no-break space)."""
    return str(node.normalize()) if isinstance(node, HTMLEntity) else str(node)


def _text(code: Wikicode, rules: TextRules) -> str:
    """Plain text; a value of only text and entities (the usual case) skips the full walk."""
    if all(isinstance(n, (Text, HTMLEntity)) for n in code.nodes):
        return " ".join("".join(n.value if isinstance(n, Text) else _entity(n) for n in code.nodes).split())
    return plain_text(code, rules)


# --- month names ----------------------------------------------------------


def _month(word: str) -> int | None:
    """The month a name or abbreviation stands for: any case, any accents, with or without a dot."""
    key = word.casefold().rstrip(".")
    table = _month_table()
    return table.get(key) or (table.get(strip_diacritics(key)) if not key.isascii() else None)


@cache
def _month_table() -> dict[str, int]:
    """Month names of :data:`_LOCALES` from Babel, built on first use.

    A spelling that two locales give to different months would be dropped
    rather than guessed (none does today; a test keeps watch).
    """
    from babel.dates import get_month_names

    months: dict[str, set[int]] = {}
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    months.setdefault(strip_diacritics(name.casefold()).rstrip("."), set()).add(number)
    for name, number in _EXTRA_MONTHS.items():
        months.setdefault(strip_diacritics(name), set()).add(number)
    return {key: numbers.pop() for key, numbers in months.items() if len(numbers) == 1}
