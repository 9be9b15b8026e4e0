"""The country table: every country's Wikimedia region, and every name it goes by.

Part of :mod:`bot.core.normalise.places`. The data lives in ``config/countries.toml``
(each country's region, extra spellings, flag codes); names in other languages
come from CLDR through Babel, official names from pycountry. The table is built
once at start-up (:func:`load_country_table`, about 0.1 s), checked against the
schema (every region id must be one of its regions) and passed to whatever
needs it; there is no module-level copy. A broken file is an operator's error:
:class:`CountryTableError`, one line naming the line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.schema import Schema
from bot.core.textkeys import strip_diacritics, title_key
from bot.core.tomlfile import read_toml
from bot.errors import CountryTableError
from bot.paths import COUNTRIES_PATH

DEFAULT_COUNTRIES_PATH = COUNTRIES_PATH

_NON_WORD = re.compile(r"[^\w\s]|_")
_WORD_ALIASES = {"st": "saint", "ste": "sainte"}
_CODE_CHARS = " \t\n.,;:'\"()[]"
_CACHE_LIMIT = 50_000
TERRITORIES = "territories"
"""The section of ``config/countries.toml`` with one entry per ISO 3166-1 code: ``{ region, label }``."""


def country_key(text: str) -> str:
    """The key under which country names are compared.

    Case, diacritics, punctuation, white space and the word "the" are
    ignored, ``&`` reads as "and" and ``St``/``Ste`` as "Saint"/"Sainte":
    ``The Gambia`` = ``gambia``, ``Côte d’Ivoire`` = ``Cote d'Ivoire``,
    ``St. Lucia`` = ``Saint Lucia``. Unlike :func:`bot.core.textkeys.match_key`
    a final ``s`` is kept (``Comoros`` is not a plural).
    """
    text = strip_diacritics(text.casefold()).replace("&", " and ")
    return "".join(_WORD_ALIASES.get(w, w) for w in _NON_WORD.sub(" ", text).split() if w != "the")


@dataclass(frozen=True, eq=False)
class CountryTable:
    """Everything the bot knows about countries, built by :func:`load_country_table`.

    ``names``: alpha-2 -> short English name (for messages); ``regions``:
    alpha-2 -> Wikimedia region id (a country without a region is absent);
    ``index``: :func:`country_key` -> alpha-2; ``codes``: upper-case alpha-2
    and alpha-3 codes -> alpha-2; ``flag_codes``: alpha-3 plus IOC/FIFA codes
    -> alpha-2; ``ambiguous``: key -> the countries a name may stand for;
    ``upper_case_only``: codes that are also words; ``flag_templates``:
    template names as :func:`bot.core.textkeys.title_key` gives them;
    ``suggestions``: keys of English names -> alpha-2, for "did you mean".
    """

    names: Mapping[str, str]
    regions: Mapping[str, str]
    index: Mapping[str, str]
    codes: Mapping[str, str]
    flag_codes: Mapping[str, str]
    ambiguous: Mapping[str, tuple[str, ...]]
    upper_case_only: frozenset[str]
    flag_templates: frozenset[str]
    suggestions: Mapping[str, str] = field(default_factory=dict)
    _seen: dict[str, str | None] = field(default_factory=dict, init=False, repr=False)

    def lookup(self, text: str) -> str | None:
        """The alpha-2 code ``text`` names, or None.

        A code is only read when it is the whole text: ``IN`` is India but
        ``in`` is a word (see ``upper_case_only``); ``ke`` and ``KEN`` are
        Kenya. Results are remembered, since the same few values recur on
        every page.
        """
        try:
            return self._seen[text]
        except KeyError:
            pass
        code = self._lookup(text)
        if len(self._seen) >= _CACHE_LIMIT:
            self._seen.clear()
        self._seen[text] = code
        return code

    def _lookup(self, text: str) -> str | None:
        core = text.strip(_CODE_CHARS)
        if 2 <= len(core) <= 3 and core.isascii() and core.isalpha():
            upper = core.upper()
            if upper in self.codes:
                return self.codes[upper] if core == upper or upper not in self.upper_case_only else None
        key = country_key(text)
        if not key or key in self.ambiguous:
            return None
        return self.index.get(key)

    def flag_lookup(self, text: str) -> str | None:
        """A flag template's parameter: a flag code (``GER``, ``KEN``) or a country."""
        code = self.flag_codes.get(text.strip().upper())
        return code or self.lookup(text)

    def label(self, code: str) -> str:
        """``Kenya (KE)``: how messages name a country."""
        return f"{self.names.get(code, code)} ({code})"

    def check(self, schema: Schema, path: Path | str = DEFAULT_COUNTRIES_PATH) -> None:
        """Raise :class:`CountryTableError` naming the line of a region the schema does not define."""
        known = schema.region_ids
        for code, region in self.regions.items():
            if region not in known:
                where = _line_of(Path(path), code)
                raise CountryTableError(
                    f"{_shown(path)}{where}: country {code} has region {region!r}, which config/schema.toml does "
                    f"not define; use one of {', '.join(known)}"
                )


def _shown(path: Path | str) -> str:
    """The file as messages name it: relative to the project when it is the project's own."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(DEFAULT_COUNTRIES_PATH.parent.parent))
    except ValueError:
        return str(path)


def _line_of(path: Path, code: str) -> str:
    """``:123`` for the line that defines ``code`` under ``[territories]`` (empty when not found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    section = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
            if stripped == f"[{TERRITORIES}.{code}]":
                return f":{number}"
        elif section == f"[{TERRITORIES}]" and stripped.split("=", 1)[0].strip() == code:
            return f":{number}"
    return ""


# --- Loading ----------------------------------------------------------------


def load_country_table(path: Path | str | None = None, *, schema: Schema) -> CountryTable:
    """Read ``config/countries.toml``, build the name index and check the regions against ``schema``.

    Priority when two sources give one spelling to different countries:
    the file's ``[names]``, then the file's English names, then pycountry
    (names, official and common names), then the CLDR names of each locale
    in ``locales`` order. Takes about 0.1 s (Babel loads each locale).
    """
    import pycountry
    from babel import Locale, UnknownLocaleError

    path = Path(path) if path else DEFAULT_COUNTRIES_PATH
    where = _shown(path)
    data = _read(path)
    territories = _table(data, TERRITORIES, where)
    names: dict[str, str] = {}
    regions: dict[str, str] = {}
    codes: dict[str, str] = {}
    for code, entry in territories.items():
        if not (isinstance(entry, dict) and len(code) == 2 and code.isascii() and code.isupper()):
            raise CountryTableError(
                f"{where}{_line_of(path, code)}: [{TERRITORIES}] {code} must be a two-letter "
                "upper-case code with { region, label }"
            )
        names[code] = str(entry.get("label", code))
        if "region" in entry:
            regions[code] = str(entry["region"])
        codes[code] = code
        if "alpha3" in entry:
            codes[str(entry["alpha3"]).upper()] = code
    iso = [c for c in pycountry.countries if c.alpha_2 in names]
    for country in iso:
        codes.setdefault(country.alpha_3, country.alpha_2)
    missing = sorted({c.alpha_2 for c in pycountry.countries} - set(names))
    if missing:
        raise CountryTableError(f"{where}: [{TERRITORIES}] has no entry for {', '.join(missing)}")

    index: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = country_key(name)
        if key:
            index.setdefault(key, code)

    for name, code in _table(data, "names", where).items():
        if code not in names:
            raise CountryTableError(f"{where}: [names] {name!r} points at unknown country {code!r}")
        add(name, code)
    for code, name in names.items():
        add(name, code)
    for country in iso:
        for spelling in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if spelling:
                add(spelling, country.alpha_2)
    for locale in _strings(data, "locales", where):
        try:
            localised = Locale.parse(locale).territories
        except (UnknownLocaleError, ValueError):
            raise CountryTableError(f"{where}: Babel does not know the locale {locale!r} (in 'locales')") from None
        for code, name in localised.items():
            if code in names:
                add(str(name), str(code))

    ambiguous: dict[str, tuple[str, ...]] = {}
    for name, options in _table(data, "ambiguous", where).items():
        if not isinstance(options, list) or not all(o in names for o in options):
            raise CountryTableError(f"{where}: [ambiguous] {name!r} must list known codes")
        ambiguous[country_key(name)] = tuple(options)
    flag_codes = {c: a2 for c, a2 in codes.items() if len(c) == 3}
    for code, a2 in _table(data, "flag_codes", where).items():
        if a2 not in names:
            raise CountryTableError(f"{where}: [flag_codes] {code} points at unknown country {a2!r}")
        flag_codes.setdefault(code.upper(), a2)
    table = CountryTable(
        names=names,
        regions=regions,
        index=index,
        codes=codes,
        flag_codes=flag_codes,
        ambiguous=ambiguous,
        upper_case_only=frozenset(c.upper() for c in _strings(data, "upper_case_only", where)),
        flag_templates=frozenset(title_key(t) for t in _strings(data, "flag_templates", where)),
        suggestions={country_key(name): code for code, name in names.items()},
    )
    table.check(schema, path)
    return table


def _read(path: Path) -> dict[str, Any]:
    return read_toml(path, what=_shown(path), error=CountryTableError)


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CountryTableError(f"{where}: [{key}] must be a table")
    return value


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CountryTableError(f"{where}: '{key}' must be a list of strings")
    return value
