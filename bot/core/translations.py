"""Pages under the Translate extension.

A translatable page ``Partnerships/X`` has language subpages ``Partnerships/X/de``,
``Partnerships/X/pt-br`` ... holding translations of the same partnership. They
are not separate partnerships: the registry reads the base page only. A page
is a language subpage when its last title segment is a language code that
MediaWiki knows; the check needs no other page, so it works on a streamed dump.
"""

from __future__ import annotations

from functools import cache

# MediaWiki language codes that are not plain CLDR locale identifiers.
_MEDIAWIKI_EXTRA = frozenset(
    {
        "zh-hans",
        "zh-hant",
        "zh-cn",
        "zh-tw",
        "zh-hk",
        "pt-br",
        "sr-ec",
        "sr-el",
        "be-tarask",
        "de-formal",
        "nl-informal",
        "en-gb",
        "en-ca",
        "es-formal",
        "hu-formal",
        "kk-cyrl",
        "kk-latn",
        "ku-latn",
        "ku-arab",
        "tg-cyrl",
        "crh-latn",
        "crh-cyrl",
        "gan-hans",
        "gan-hant",
        "sh",
        "simple",
        "als",
        "bat-smg",
        "map-bms",
        "roa-tara",
        "nds-nl",
        "zh-yue",
        "yue",
        "tokipona",
        "qqq",
    }
)


@cache
def language_codes() -> frozenset[str]:
    """Every language code a translation subpage may end with (lower case)."""
    from babel.localedata import locale_identifiers

    codes = {ident.lower().replace("_", "-") for ident in locale_identifiers()}
    codes |= {ident.split("_", 1)[0].lower() for ident in locale_identifiers()}
    return frozenset(codes | _MEDIAWIKI_EXTRA)


def is_translation_subpage(title: str) -> bool:
    """True for ``Base/xx`` where ``xx`` is a language code and ``Base`` is not empty.

    Translate always writes the code in lower case (``/pt-br``), so ``/UK`` or
    ``/IT`` at the end of a title are names, not translations.
    """
    base, sep, last = title.rpartition("/")
    return bool(sep and base.strip()) and last == last.lower() and last in language_codes()


def base_title(title: str) -> str:
    """The page a translation subpage translates (the title itself otherwise)."""
    return title.rpartition("/")[0] if is_translation_subpage(title) else title
