"""Countries and Wikimedia regions: the ``countries`` and ``regions`` fields.

A country item becomes its ISO 3166-1 alpha-2 code (``KE``); a region item
becomes a region id of the schema's ``region`` enumeration (``ssa``). The
data (each country's Wikimedia region, extra spellings, flag codes) lives in
``config/countries.toml``; names in other languages come from CLDR through
Babel, official names from pycountry. The index over all of them is built
once, on first use, and cached (:func:`default_country_table`).

What an item may look like, and how it is read, in this order:

* a flag template (``{{flagicon|KEN}} Kenya``, ``{{flag|Kenya}}``, ``{{KEN}}``,
  ``{{NOR}} [[Stavanger]]``): the flag names the item's country and the rest
  of the item is ignored, as a reader sees the flag first;
* links: each link's target (without interwiki prefix, section or
  ``(disambiguation)``) is tried first, then its label, so
  ``[[United States|U.S.]]`` and ``[[w:Georgia (country)|Georgia]]`` work;
* the visible text (:func:`bot.wikitext.plain_text`): a name in any known
  language or an ISO code (``Kenya``, ``Kenia``, ``ke``, ``KEN``), compared
  without case, diacritics, punctuation or "the" (``The Gambia``);
* the same without parentheses (``Kenya (mainly Nairobi)``; but
  ``Nairobi (Kenya)`` is no country, only a hint);
* ``Kenya & Uganda`` / ``Kenya and Uganda``: several countries when every
  part is one (names such as ``Trinidad and Tobago`` are tried whole first).

Anything else (``Nairobi``, ``[[Mexico City]]``) is an ``unknown-value``
finding whose message says why and suggests the closest country.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.normalise import Normalised, bad, ok
from bot.schema import RegionGroup, Schema
from bot.textkeys import closest, match_key, strip_diacritics, title_key
from bot.wikitext import link_target, parse, plain_text, positional, template_name, unique

DEFAULT_COUNTRIES_PATH = Path(__file__).resolve().parents[2] / "config" / "countries.toml"

_NON_WORD = re.compile(r"[^\w\s]|_")
_WORD_ALIASES = {"st": "saint", "ste": "sainte"}
_CODE_CHARS = " \t\n.,;:'\"()[]"
# Between two countries in one item: "Kenya & Uganda", "Kenya and Uganda",
# "Kenia y Uganda", "Kenya/Uganda". Only used when the whole item is no country.
_CONJUNCTION = re.compile(r"\s*[&/+]\s*|\s+(?:and|und|et|y|e|i|en|og|och|и)\s+", re.IGNORECASE)
_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)\s*$")
# "Kenya (mainly Nairobi)": a parenthesis qualifies the country before it.
_PARENTHESES = re.compile(r"\([^()]*\)")
_INTERWIKI = re.compile(r"^:?(?:[a-z][a-z-]{0,11}):(?=.)", re.IGNORECASE)
_CACHE_LIMIT = 50_000


class CountryTableError(Exception):
    """``config/countries.toml`` is unusable; the message says what to fix."""


def country_key(text: str) -> str:
    """The key under which country names are compared.

    Case, diacritics, punctuation, white space and the word "the" are
    ignored, ``&`` reads as "and" and ``St``/``Ste`` as "Saint"/"Sainte":
    ``The Gambia`` = ``gambia``, ``Côte d’Ivoire`` = ``Cote d'Ivoire``,
    ``St. Lucia`` = ``Saint Lucia``. Unlike :func:`bot.textkeys.match_key`
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
    template names as :func:`bot.textkeys.title_key` gives them;
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

    def check(self, schema: Schema) -> None:
        """Raise :class:`CountryTableError` when a region is not in the schema's enumeration."""
        known = set(schema.enums["region"].ids) if "region" in schema.enums else set()
        wrong = sorted(f"{code} = {region!r}" for code, region in self.regions.items() if region not in known)
        if wrong:
            raise CountryTableError(f"countries: unknown region ids ({', '.join(wrong)}); use one of {', '.join(sorted(known))}")


# --- Loading ----------------------------------------------------------------


def load_country_table(path: Path | str | None = None) -> CountryTable:
    """Read ``config/countries.toml`` and build the name index.

    Priority when two sources give one spelling to different countries:
    the file's ``[names]``, then the file's English names, then pycountry
    (names, official and common names), then the CLDR names of each locale
    in ``locales`` order. Takes about 0.1 s (Babel loads each locale).
    """
    import pycountry
    from babel import Locale, UnknownLocaleError

    data = _read(Path(path) if path else DEFAULT_COUNTRIES_PATH)
    countries = _table(data, "countries")
    names: dict[str, str] = {}
    regions: dict[str, str] = {}
    codes: dict[str, str] = {}
    for code, entry in countries.items():
        if not (isinstance(entry, dict) and len(code) == 2 and code.isascii() and code.isupper()):
            raise CountryTableError(f"countries: [countries] {code} must be a two-letter upper-case code with {{ region, name }}")
        names[code] = str(entry.get("name", code))
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
        raise CountryTableError(f"countries: [countries] has no entry for {', '.join(missing)}")

    index: dict[str, str] = {}

    def add(name: str, code: str) -> None:
        key = country_key(name)
        if key:
            index.setdefault(key, code)

    for name, code in _table(data, "names").items():
        if code not in names:
            raise CountryTableError(f"countries: [names] {name!r} points at unknown country {code!r}")
        add(name, code)
    for code, name in names.items():
        add(name, code)
    for country in iso:
        for attribute in ("name", "common_name", "official_name"):
            if hasattr(country, attribute):
                add(getattr(country, attribute), country.alpha_2)
    for locale in _strings(data, "locales"):
        try:
            territories = Locale.parse(locale).territories
        except (UnknownLocaleError, ValueError):
            raise CountryTableError(f"countries: Babel does not know the locale {locale!r} (in 'locales')") from None
        for code, name in territories.items():
            if code in names:
                add(name, code)

    ambiguous: dict[str, tuple[str, ...]] = {}
    for name, options in _table(data, "ambiguous").items():
        if not isinstance(options, list) or not all(o in names for o in options):
            raise CountryTableError(f"countries: [ambiguous] {name!r} must list known codes")
        ambiguous[country_key(name)] = tuple(options)
    flag_codes = {c: a2 for c, a2 in codes.items() if len(c) == 3}
    for code, a2 in _table(data, "flag_codes").items():
        if a2 not in names:
            raise CountryTableError(f"countries: [flag_codes] {code} points at unknown country {a2!r}")
        flag_codes.setdefault(code.upper(), a2)
    return CountryTable(
        names=names,
        regions=regions,
        index=index,
        codes=codes,
        flag_codes=flag_codes,
        ambiguous=ambiguous,
        upper_case_only=frozenset(c.upper() for c in _strings(data, "upper_case_only")),
        flag_templates=frozenset(title_key(t) for t in _strings(data, "flag_templates")),
        suggestions={country_key(name): code for code, name in names.items()},
    )


@cache
def default_country_table() -> CountryTable:
    """The table from ``config/countries.toml``, built on first use and kept."""
    return load_country_table()


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise CountryTableError(f"countries: file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CountryTableError(f"countries: {path} is not valid TOML: {exc}") from None


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CountryTableError(f"countries: [{key}] must be a table")
    return value


def _strings(data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CountryTableError(f"countries: '{key}' must be a list of strings")
    return value


# --- Countries ----------------------------------------------------------------


def normalise_country(item: Wikicode | str, schema: Schema, *, table: CountryTable | None = None) -> Normalised:
    """One item of the ``countries`` field -> its ISO alpha-2 code(s).

    ``values`` is ``("KE",)`` for one country, several codes for
    ``Kenya & Uganda`` or ``[[Kenya]] and [[Uganda]]``, and empty with one
    ``unknown-value`` finding when the item names no country.
    """
    table = table or default_country_table()
    code = parse(item)
    nodes = code.nodes
    if len(nodes) == 1 and isinstance(nodes[0], Text):  # the common case: plain "Kenya" or "KE"
        text = " ".join(nodes[0].value.split())
    else:
        flag_text: str | None = None
        for template in code.ifilter_templates(recursive=True):
            found, argument = _flag(template, table, schema)
            if found:
                return ok(found)
            if argument is not None and flag_text is None:
                flag_text = argument
        linked = []
        for link in code.ifilter_wikilinks(recursive=True):
            found = table.lookup(_article(link_target(link)))
            if not found and link.text is not None:
                found = table.lookup(plain_text(link.text, schema.text))
            if found:
                linked.append(found)
        if linked:
            return ok(*unique(linked))
        text = plain_text(code, schema.text) or (flag_text or "")
    found = table.lookup(text) or table.lookup(_PARENTHESES.sub(" ", text))
    if found:
        return ok(found)
    parts = [p for p in _CONJUNCTION.split(text) if p.strip()]
    if len(parts) > 1:
        codes = [table.lookup(p) for p in parts]
        if all(codes):
            return ok(*unique(c for c in codes if c))
    return _unknown_country(text, str(code).strip(), schema, table)


def _flag(template: Template, table: CountryTable, schema: Schema) -> tuple[str | None, str | None]:
    """(country, flag argument) for a flag template; (None, None) for any other template.

    ``{{KEN}}``, ``{{GER}}``, ``{{DEU|#}}``: a template named by an upper-case
    alpha-3 or flag code. ``{{flagicon|KEN}}``, ``{{flagathlete|Name|KEN}}``:
    a flag template whose first positional parameter that names a country wins.
    """
    name = template_name(template)
    if name in table.flag_templates:
        texts = [plain_text(value, schema.text) for value in positional(template)]
        for text in texts:
            found = table.flag_lookup(text)
            if found:
                return found, text
        return None, next((t for t in texts if t), "")
    if len(name) == 3 and name.isupper() and name in table.flag_codes:
        return table.flag_codes[name], name
    return None, None


def _article(target: str) -> str:
    """``w:en:Georgia (country)#History`` -> ``Georgia``: the article a link names."""
    target = target.split("#", 1)[0]
    while True:
        stripped = _INTERWIKI.sub("", target, count=1)
        if stripped == target:
            break
        target = stripped
    return _DISAMBIGUATION.sub("", target).replace("_", " ")


def _unknown_country(text: str, raw: str, schema: Schema, table: CountryTable) -> Normalised:
    shown = text or raw
    core = shown.strip(_CODE_CHARS)
    upper = core.upper()
    if upper in table.codes and upper in table.upper_case_only:
        country = table.codes[upper]
        message = (f"'{shown}' is read as a word, not as a country code. "
                   f"Write {upper} in capitals if you mean {table.names.get(country, country)}.")
        return bad("unknown-value", message, raw)
    options = table.ambiguous.get(country_key(shown))
    if options:
        named = " or ".join(table.label(o) for o in options)
        return bad("unknown-value", f"'{shown}' could be {named}: write the name or two-letter code of the one you mean.", raw)
    if _region_of_text(shown, schema) is not None:
        message = (f"'{shown}' is a region, not a country: put it in the regions field, "
                   "or list the countries it covers here.")
        return bad("unknown-value", message, raw)
    hint = ""
    suggestions = _closest_countries(shown, table)
    if suggestions:
        hint = f" Did you mean {' or '.join(table.label(c) for c in suggestions)}?"
    message = (f"'{shown}' is not a country the bot recognises.{hint} "
               "Use a country name or its two-letter ISO code, such as Kenya or KE.")
    return bad("unknown-value", message, raw)


def _phrases(text: str) -> list[str]:
    """The runs of up to four words inside ``text``, longest first: where to look for a name."""
    words = _NON_WORD.sub(" ", text).split()[:12]
    sizes = range(min(4, len(words) - 1), 0, -1)
    return [" ".join(words[start:start + size]) for size in sizes for start in range(len(words) - size + 1)]


@lru_cache(maxsize=4096)
def _closest_countries(text: str, table: CountryTable) -> tuple[str, ...]:
    """Countries to suggest: those named inside the text, else near spellings.

    ``Wikimedia Kenya`` and ``Nairobi (Kenya)`` suggest Kenya; ``Keyna``
    suggests Kenya and ``Nigera`` both Nigeria and Niger. A near spelling
    must be close (ratio 0.75, so ``Mexico City`` suggests Mexico but
    ``Nairobi`` does not suggest Namibia) and within 0.1 of the best one.
    """
    inside = [found for phrase in _phrases(text) if (found := table.lookup(phrase))]
    if inside:
        return unique(inside)[:3]
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(country_key(text))
    scored = []
    for key, code in table.suggestions.items():
        matcher.set_seq1(key)
        if matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75:
            ratio = matcher.ratio()
            if ratio >= 0.75:
                scored.append((ratio, code))
    scored.sort(reverse=True)
    return unique(code for ratio, code in scored if ratio >= scored[0][0] - 0.1)[:3]


# --- Regions ------------------------------------------------------------------


def normalise_region(item: Wikicode | str, schema: Schema, *, table: CountryTable | None = None) -> Normalised:
    """One item of the ``regions`` field -> region id(s) of the schema's ``region`` enum.

    A continent (``Africa``) gives all the regions it covers, with a
    ``broad-region`` finding naming them, since the editor probably meant
    fewer. Links are read by their visible text, then their target.
    """
    code = parse(item)
    nodes = code.nodes
    if len(nodes) == 1 and isinstance(nodes[0], Text):  # the common case: plain "ssa" or "Africa"
        text = " ".join(nodes[0].value.split())
        candidates = [text]
    else:
        text = plain_text(code, schema.text)
        candidates = [text] + [_article(link_target(link)) for link in code.ifilter_wikilinks(recursive=True)]
    raw = str(code).strip()
    for candidate in candidates:
        found = _region_of_text(candidate, schema)
        if found is not None:
            return _regions_found(candidate, [found], raw, schema)
    parts = [p for p in _CONJUNCTION.split(text) if p.strip()]
    if len(parts) > 1:
        groups = [_region_of_text(p, schema) for p in parts]
        if all(g is not None for g in groups):
            return _regions_found(text, groups, raw, schema)
    return _unknown_region(text or raw, raw, schema, table or default_country_table())


def _regions_found(shown: str, found: list[str | RegionGroup | None], raw: str, schema: Schema) -> Normalised:
    """The regions read from an item; a continent among them adds a ``broad-region`` finding."""
    regions = unique(r for f in found for r in ((f,) if isinstance(f, str) else f.regions if f else ()))
    if all(isinstance(f, str) for f in found):
        return ok(*regions)
    labels = " + ".join(_region_label(r, schema) for r in regions)
    return bad("broad-region", f"'{shown}' was read as {labels}; name the region(s) you mean.", raw, *regions)


def _region_of_text(text: str, schema: Schema) -> str | RegionGroup | None:
    enum = schema.enums.get("region")
    if enum is None or not text.strip():
        return None
    found = enum.lookup(text)
    if found:
        return found
    key = match_key(text)
    for group in schema.region_groups:
        if any(match_key(s) == key for s in (group.name, *group.spellings)):
            return group
    return None


def _region_label(region: str, schema: Schema) -> str:
    for value in schema.enums["region"].values:
        if value.id == region:
            return value.label
    return region


def _unknown_region(shown: str, raw: str, schema: Schema, table: CountryTable) -> Normalised:
    enum = schema.enums.get("region")
    ids = enum.ids if enum else ()
    country = table.lookup(shown) if shown else None
    if country:
        region = table.regions.get(country)
        then = f" (its region, {_region_label(region, schema)}, is then added)" if region else ""
        message = f"'{shown}' is a country, not a region: put it in the countries field{then}."
        return bad("unknown-value", message, raw)
    spellings: dict[str, str] = {}
    for value in enum.values if enum else ():
        for spelling in (value.id, value.label, *value.spellings):
            spellings.setdefault(spelling, value.id)
    for group in schema.region_groups:
        spellings.setdefault(group.name, group.name)
    keyed = {match_key(s): region for s, region in spellings.items()}
    inside = [keyed[key] for phrase in _phrases(shown) if (key := match_key(phrase)) in keyed]
    near = closest(shown, spellings, key=match_key, n=3, cutoff=0.7)
    suggestions = unique(inside or [spellings[s] for s in near])
    hint = ""
    if suggestions:
        hint = " Did you mean " + " or ".join(
            f"{_region_label(s, schema)} ({s})" if s in ids else s for s in suggestions) + "?"
    message = f"'{shown}' is not a Wikimedia region.{hint} Use one of: {', '.join(ids)}."
    return bad("unknown-value", message, raw)


def regions_of_countries(codes: Iterable[str], *, table: CountryTable | None = None) -> tuple[str, ...]:
    """The Wikimedia regions of countries, in order of first appearance, without duplicates.

    A record's regions are the ones its editors gave plus these. A code
    without a region (Antarctica) or unknown to the table adds nothing.
    """
    table = table or default_country_table()
    return unique(table.regions[c] for c in codes if c in table.regions)
