"""Load ``config/consultations.toml``: how talk-page wikitext is read.

Vote templates, namespaces, unsigned templates, month names and time zones
are data, so that a new wiki language or a new vote template needs no code.
A broken file is an operator's error: :func:`load_consultation_settings`
raises :class:`ConsultationRulesError` with one line that says what to fix.

Keys are stored the way they are compared: template names with
:func:`bot.core.textkeys.title_key` (MediaWiki: first letter case-insensitive,
``_`` equals a space), namespaces, tags, vote words and month names
case-folded (MediaWiki namespace names are case-insensitive; editors write
``[[benutzer:X]]`` and ``[[user:X]]``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.core.discussion.conventions import WikiConventions
from bot.core.discussion.languages import Language, SignatureFormat, compile_formats, load_languages, pick
from bot.core.schema import TextRules
from bot.core.textkeys import title_key
from bot.core.tomlfile import read_toml
from bot.errors import ConsultationRulesError
from bot.paths import CONSULTATIONS_PATH

DEFAULT_PATH = CONSULTATIONS_PATH
VOTE_KINDS = ("support", "oppose", "neutral")
"""The vote tallies the summary reports, in this order."""


def namespace_key(name: str) -> str:
    """``Benutzer_Diskussion`` -> ``benutzer diskussion`` (MediaWiki ignores case and ``_``)."""
    return " ".join(name.replace("_", " ").split()).casefold()


def month_key(name: str) -> str:
    """``Feb.`` -> ``feb``: month spellings are compared without case or trailing dot."""
    return name.strip().rstrip(".").casefold()


def word_key(text: str) -> str:
    """A bold vote word without case, surrounding punctuation or repeated spaces."""
    return " ".join(text.strip(" \t.,:;!?").split()).casefold()


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ConsultationSettings:
    """Everything the discussion parser needs to know about the wiki's conventions.

    Build it with :func:`load_consultation_settings` (from the TOML file) or
    :func:`make_settings` (from Python values, for tests and callers that
    keep configuration elsewhere).
    """

    user_namespaces: frozenset[str]
    special_namespaces: frozenset[str]
    contributions_pages: frozenset[str]
    unsigned_templates: frozenset[str]
    signature_wrappers: frozenset[str]
    outdent_templates: frozenset[str]
    quote_templates: frozenset[str]
    quote_tags: frozenset[str]
    hidden_tags: frozenset[str]
    strike_tags: frozenset[str]
    vote_templates: Mapping[str, str | None]
    vote_words: Mapping[str, str | None]
    months: Mapping[str, int]
    time_zones: Mapping[str, int]
    """Offsets from UTC in minutes, by upper-case zone name."""
    digest_length: int = 200
    text_rules: TextRules = field(default_factory=TextRules)
    signature_formats: tuple[SignatureFormat, ...] = ()
    """The signature timestamp formats of :attr:`languages`, tried before the generic patterns."""
    languages: tuple[str, ...] = ()
    """The wiki languages whose signatures, namespaces and zone labels are read."""
    language_table: Mapping[str, Language] = field(default_factory=lambda: MappingProxyType({}))
    """Every language MediaWiki has (``config/languages.json``), for :func:`for_languages`."""


def for_languages(settings: ConsultationSettings, codes: Iterable[str]) -> ConsultationSettings:
    """``settings`` that also read the signatures of the languages named by ``codes`` (``-lang:``,
    a consultation's ``language =``); an unknown code is an operator's error."""
    codes = [c for c in codes if c]
    if not codes:
        return settings
    return with_languages(settings, pick(settings.language_table, codes))


def with_languages(settings: ConsultationSettings, languages: Iterable[Language]) -> ConsultationSettings:
    """``settings`` that also read signatures written in ``languages``.

    Adds each language's User, User talk and Special namespace names (and
    aliases, gender forms), its name of Special:Contributions and its
    signature formats (see :mod:`bot.core.discussion.languages`).
    """
    chosen = tuple(language for language in languages if language.code not in settings.languages)
    if not chosen:
        return settings
    return replace(
        settings,
        user_namespaces=settings.user_namespaces
        | {namespace_key(n) for language in chosen for n in (*language.user, *language.user_talk)},
        special_namespaces=settings.special_namespaces
        | {namespace_key(n) for language in chosen for n in language.special},
        contributions_pages=settings.contributions_pages
        | {namespace_key(n) for language in chosen for n in language.contributions},
        signature_formats=(*settings.signature_formats, *compile_formats(chosen)),
        languages=(*settings.languages, *(language.code for language in chosen)),
    )


def with_wiki(settings: ConsultationSettings, conventions: WikiConventions) -> ConsultationSettings:
    """``settings`` that also read what one wiki says of itself (its siteinfo).

    The wiki's own namespace names and aliases (``[[У:X]]`` on the Russian
    Wikipedia), its aliases of Special:Contributions and the abbreviations
    of its time zone (``KST``) come on top of the configured ones.
    """
    zones = dict(settings.time_zones)
    for name, minutes in conventions.time_zones.items():
        zones.setdefault(name.upper(), minutes)
    return replace(
        settings,
        user_namespaces=settings.user_namespaces | {namespace_key(n) for n in conventions.user_namespaces},
        special_namespaces=settings.special_namespaces | {namespace_key(n) for n in conventions.special_namespaces},
        contributions_pages=settings.contributions_pages | {namespace_key(n) for n in conventions.contributions_pages},
        time_zones=_frozen(zones),
    )


def make_settings(
    *,
    user_namespaces: Iterable[str],
    special_namespaces: Iterable[str],
    contributions_pages: Iterable[str],
    unsigned_templates: Iterable[str],
    outdent_templates: Iterable[str],
    quote_templates: Iterable[str],
    quote_tags: Iterable[str],
    hidden_tags: Iterable[str],
    strike_tags: Iterable[str],
    votes: Mapping[str, Mapping[str, Iterable[str]]],
    months: Mapping[str, Iterable[str]],
    month_aliases: Mapping[str, int] | None = None,
    time_zones: Mapping[str, float],
    signature_wrappers: Iterable[str] = (),
    digest_length: int = 200,
    text_rules: TextRules | None = None,
) -> ConsultationSettings:
    """Check the values and store them as comparison keys.

    ``votes`` maps a kind (``support``, ``oppose``, ``neutral`` or ``none``
    for "recognised, not a vote") to ``{"templates": [...], "words": [...]}``;
    ``months`` maps a list name to twelve month spellings, January first.
    Raises :class:`ConsultationRulesError` on inconsistent data.
    """
    vote_templates: dict[str, str | None] = {}
    vote_words: dict[str, str | None] = {}
    for kind, entry in votes.items():
        if kind not in (*VOTE_KINDS, "none"):
            raise ConsultationRulesError(
                f"consultations: unknown vote kind '{kind}'; use one of {', '.join(VOTE_KINDS)} or none"
            )
        value = None if kind == "none" else kind
        for name in entry.get("templates", ()):
            _claim(vote_templates, title_key(str(name)), value, f"vote template '{name}'")
        for word in entry.get("words", ()):
            _claim(vote_words, word_key(str(word)), value, f"vote word '{word}'")
    month_index: dict[str, int] = {}
    for list_name, names in months.items():
        names = list(names)
        if len(names) != 12:
            raise ConsultationRulesError(
                f"consultations: month list '{list_name}' has {len(names)} names; it needs twelve, January first"
            )
        for number, name in enumerate(names, start=1):
            _claim(month_index, month_key(str(name)), number, f"month name '{name}'")
    for name, number in (month_aliases or {}).items():
        if not isinstance(number, int) or not 1 <= number <= 12:
            raise ConsultationRulesError(f"consultations: month alias '{name}' must be a number from 1 to 12")
        _claim(month_index, month_key(name), number, f"month alias '{name}'")
    zones: dict[str, int] = {}
    for name, hours in time_zones.items():
        if not isinstance(hours, (int, float)) or not -14 <= hours <= 14:
            raise ConsultationRulesError(f"consultations: time zone '{name}' needs an offset in hours from -14 to 14")
        zones[str(name).upper()] = round(hours * 60)
    if "UTC" not in zones:
        raise ConsultationRulesError("consultations: [timestamps.time_zones] must define UTC = 0")
    if not isinstance(digest_length, int) or digest_length < 20:
        raise ConsultationRulesError("consultations: [digest] max_length must be a whole number of at least 20")
    rules = text_rules or TextRules()
    return ConsultationSettings(
        user_namespaces=frozenset(namespace_key(n) for n in (*user_namespaces, *rules.user_namespaces)),
        special_namespaces=frozenset(namespace_key(n) for n in special_namespaces),
        contributions_pages=frozenset(namespace_key(n) for n in contributions_pages),
        unsigned_templates=frozenset(title_key(n) for n in unsigned_templates),
        signature_wrappers=frozenset(n.strip().lower() for n in signature_wrappers),
        outdent_templates=frozenset(title_key(n) for n in outdent_templates),
        quote_templates=frozenset(title_key(n) for n in quote_templates),
        quote_tags=frozenset(n.strip().lower() for n in quote_tags),
        hidden_tags=frozenset(n.strip().lower() for n in hidden_tags),
        strike_tags=frozenset(n.strip().lower() for n in strike_tags),
        vote_templates=_frozen(vote_templates),
        vote_words=_frozen(vote_words),
        months=_frozen(month_index),
        time_zones=_frozen(zones),
        digest_length=digest_length,
        text_rules=rules,
    )


def _claim(index: dict[str, Any], key: str, value: Any, what: str) -> None:
    """Add ``key`` unless it already means something else (a spelling must be unambiguous)."""
    if key in index and index[key] != value:
        raise ConsultationRulesError(
            f"consultations: {what} is listed twice with different meanings ({index[key]!r} and {value!r})"
        )
    index[key] = value


def _strings(data: dict[str, Any], key: str, where: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConsultationRulesError(f"consultations: [{where}] {key} must be a list of strings")
    return value


def settings_from_dict(
    data: dict[str, Any],
    *,
    text_rules: TextRules | None = None,
    language_table: Mapping[str, Language] | None = None,
) -> ConsultationSettings:
    """Build settings from the parsed TOML document (see ``config/consultations.toml``)."""
    sig = data.get("signatures", {})
    structure = data.get("structure", {})
    stamps = data.get("timestamps", {})
    votes = data.get("votes", {})
    months = stamps.get("months", {})
    if not isinstance(votes, dict) or not votes:
        raise ConsultationRulesError("consultations: the [votes.*] tables are missing")
    settings = make_settings(
        user_namespaces=_strings(sig, "user_namespaces", "signatures"),
        special_namespaces=_strings(sig, "special_namespaces", "signatures"),
        contributions_pages=_strings(sig, "contributions_pages", "signatures"),
        unsigned_templates=_strings(sig, "unsigned_templates", "signatures"),
        signature_wrappers=_strings(sig, "signature_wrappers", "signatures"),
        outdent_templates=_strings(structure, "outdent_templates", "structure"),
        quote_templates=_strings(structure, "quote_templates", "structure"),
        quote_tags=_strings(structure, "quote_tags", "structure"),
        hidden_tags=_strings(structure, "hidden_tags", "structure"),
        strike_tags=_strings(structure, "strike_tags", "structure"),
        votes={
            kind: {
                "templates": _strings(entry, "templates", f"votes.{kind}"),
                "words": _strings(entry, "words", f"votes.{kind}"),
            }
            for kind, entry in votes.items()
        },
        months={name: _strings(months, name, "timestamps.months") for name in months},
        month_aliases=stamps.get("month_aliases", {}),
        time_zones=stamps.get("time_zones", {}),
        digest_length=data.get("digest", {}).get("max_length", 200),
        text_rules=text_rules,
    )
    if language_table is None:
        return settings
    settings = replace(settings, language_table=language_table)
    return for_languages(settings, _strings(sig, "languages", "signatures"))


def load_consultation_settings(
    path: Path | str | None = None, *, text_rules: TextRules, languages_path: Path | None = None
) -> ConsultationSettings:
    """Read and check the consultations file (default: ``config/consultations.toml``).

    ``text_rules`` (how markup becomes plain text, and the registry's user
    namespaces) are the schema's (``schema.text``). The languages of
    ``[signatures] languages`` are read from ``config/languages.json``.
    """
    path = Path(path) if path else DEFAULT_PATH
    data = read_toml(path, what="consultations", error=ConsultationRulesError)
    table = load_languages(languages_path) if languages_path else load_languages()
    return settings_from_dict(data, text_rules=text_rules, language_table=table)
