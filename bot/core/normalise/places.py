"""Countries and Wikimedia regions: the ``countries`` and ``regions`` fields.

A country item becomes its ISO 3166-1 alpha-2 code (``KE``); a region item
becomes a region id of the schema's ``region`` enumeration (``ssa``). The
data (each country's Wikimedia region, extra spellings, flag codes) lives in
``config/countries.toml``; names in other languages come from CLDR through
Babel, official names from pycountry. The table (:class:`CountryTable`) is
loaded once at start-up and passed in.

What an item may look like, and how it is read, in this order:

* a flag template (``{{flagicon|KEN}} Kenya``, ``{{flag|Kenya}}``, ``{{KEN}}``,
  ``{{NOR}} [[Stavanger]]``): the flag names the item's country and the rest
  of the item is ignored, as a reader sees the flag first;
* links: each link's target (without interwiki prefix, section or
  ``(disambiguation)``) is tried first, then its label, so
  ``[[United States|U.S.]]`` and ``[[w:Georgia (country)|Georgia]]`` work;
* the visible text (:func:`bot.core.wikitext.plain_text`): a name in any known
  language or an ISO code (``Kenya``, ``Kenia``, ``ke``, ``KEN``), compared
  without case, diacritics, punctuation or "the" (``The Gambia``);
* the same without parentheses (``Kenya (mainly Nairobi)``; but
  ``Nairobi (Kenya)`` is no country, only a hint);
* ``Kenya & Uganda`` / ``Kenya and Uganda``: several countries when every
  part is one (names such as ``Trinidad and Tobago`` are tried whole first).

The country table itself (data, names in every language, the lookup index)
is :mod:`bot.core.normalise.country_table`.

Anything else (``Nairobi``, ``[[Mexico City]]``) is an ``unknown-value``
finding whose message says why and suggests the closest country.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

from mwparserfromhell.nodes import Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.core.normalise import DID_YOU_MEAN, USE_ONE_OF, Normalised, bad, ok
from bot.core.normalise.country_table import CountryTable, country_key
from bot.core.schema import REGION_ENUM, RegionGroup, Schema
from bot.core.textkeys import closest, match_key
from bot.core.wikitext import link_target, parse, plain_text, positional, template_name, unique
from bot.core.wording import Country, Either, EnumLabel, Joined, say

_NON_WORD = re.compile(r"[^\w\s]|_")
_CODE_CHARS = " \t\n.,;:'\"()[]"
# Between two countries in one item: "Kenya & Uganda", "Kenya and Uganda",
# "Kenia y Uganda", "Kenya/Uganda". Only used when the whole item is no country.
_CONJUNCTION = re.compile(r"\s*[&/+]\s*|\s+(?:and|und|et|y|e|i|en|og|och|и)\s+", re.IGNORECASE)
_DISAMBIGUATION = re.compile(r"\s*\([^()]*\)\s*$")
# "Kenya (mainly Nairobi)": a parenthesis qualifies the country before it.
_PARENTHESES = re.compile(r"\([^()]*\)")
_INTERWIKI = re.compile(r"^:?(?:[a-z][a-z-]{0,11}):(?=.)", re.IGNORECASE)


# --- Countries ----------------------------------------------------------------


def normalise_country(item: Wikicode | str, schema: Schema, table: CountryTable) -> Normalised:
    """One item of the ``countries`` field -> its ISO alpha-2 code(s).

    ``values`` is ``("KE",)`` for one country, several codes for
    ``Kenya & Uganda`` or ``[[Kenya]] and [[Uganda]]``, and empty with one
    ``unknown-value`` finding when the item names no country.
    """
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
        named = Country(country, table.names.get(country, country))
        return bad("unknown-value", say("partnerships-problem-country-lower-case", shown, upper, named), value=raw)
    options = table.ambiguous.get(country_key(shown))
    if options:
        either = Either(tuple(_country(o, table) for o in options))
        return bad("unknown-value", say("partnerships-problem-country-ambiguous", shown, either), value=raw)
    if _region_of_text(shown, schema) is not None:
        return bad("unknown-value", say("partnerships-problem-country-is-region", shown), value=raw)
    sentences = [say("partnerships-problem-country-unknown", shown)]
    suggestions = _closest_countries(shown, table)
    if suggestions:
        sentences.append(say(DID_YOU_MEAN, Either(tuple(_country(c, table) for c in suggestions))))
    sentences.append(say("partnerships-problem-country-how"))
    return bad("unknown-value", *sentences, value=raw)


def _country(code: str, table: CountryTable) -> Country:
    """``Kenya (KE)``: how messages name a country (:meth:`CountryTable.label`), in any language."""
    return Country(code, table.names.get(code, code), coded=True)


def _phrases(text: str) -> list[str]:
    """The runs of up to four words inside ``text``, longest first: where to look for a name."""
    words = _NON_WORD.sub(" ", text).split()[:12]
    sizes = range(min(4, len(words) - 1), 0, -1)
    return [" ".join(words[start : start + size]) for size in sizes for start in range(len(words) - size + 1)]


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


def normalise_region(item: Wikicode | str, schema: Schema, table: CountryTable) -> Normalised:
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
    return _unknown_region(text or raw, raw, schema, table)


def _regions_found(shown: str, found: list[str | RegionGroup | None], raw: str, schema: Schema) -> Normalised:
    """The regions read from an item; a continent among them adds a ``broad-region`` finding."""
    regions = unique(r for f in found for r in ((f,) if isinstance(f, str) else f.regions if f else ()))
    if all(isinstance(f, str) for f in found):
        return ok(*regions)
    labels = Joined(tuple(_region_label(r, schema) for r in regions))
    return bad("broad-region", say("partnerships-problem-region-broad", shown, labels), value=raw, values=regions)


def _region_of_text(text: str, schema: Schema) -> str | RegionGroup | None:
    enum = schema.enums.get(REGION_ENUM)
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


def _region_label(region: str, schema: Schema, *, coded: bool = False) -> EnumLabel:
    for value in schema.enums[REGION_ENUM].values:
        if value.id == region:
            return EnumLabel(REGION_ENUM, region, value.label, coded)
    return EnumLabel(REGION_ENUM, region, region, coded)


def _unknown_region(shown: str, raw: str, schema: Schema, table: CountryTable) -> Normalised:
    enum = schema.enums.get(REGION_ENUM)
    ids = enum.ids if enum else ()
    country = table.lookup(shown) if shown else None
    if country:
        region = table.regions.get(country)
        if region:
            message = say("partnerships-problem-region-is-country-added", shown, _region_label(region, schema))
        else:
            message = say("partnerships-problem-region-is-country", shown)
        return bad("unknown-value", message, value=raw)
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
    sentences = [say("partnerships-problem-region-unknown", shown)]
    if suggestions:
        named = tuple(_region_label(s, schema, coded=True) if s in ids else s for s in suggestions)
        sentences.append(say(DID_YOU_MEAN, Either(named)))
    sentences.append(say(USE_ONE_OF, ", ".join(ids)))
    return bad("unknown-value", *sentences, value=raw)


def regions_of_countries(codes: Iterable[str], table: CountryTable) -> tuple[str, ...]:
    """The Wikimedia regions of countries, in order of first appearance, without duplicates.

    A record's regions are the ones its editors gave plus these. A code
    without a region (Antarctica) or unknown to the table adds nothing.
    """
    return unique(table.regions[c] for c in codes if c in table.regions)
