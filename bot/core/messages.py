"""Messages in the banana format of MediaWiki and its tools: ``i18n/<language>.json``.

Each file maps message keys to text (``$1`` for parameters,
``{{PLURAL:$1|one|other}}`` for counts); ``@metadata`` holds authors and
notes and is not a message. ``qqq.json`` documents each message for
translators and is not a language. Module:Partnerships gets every language
through ``Module:Partnerships/i18n.json`` (written by deploy) and falls back
to English for a key a language lacks; the bot's own pages (index,
overview, problems, summaries, edit summaries) use :class:`Messages`, which
follows the same rules, so a translator adds a language with one JSON file.

What the bot does as MediaWiki does:

* **Fallback**: a key missing in ``pt-br`` is looked up in ``pt``, then in
  English; a key English lacks (a bug, which ``tests/unit/test_messages.py``
  catches) shows as ``⧼key⧽``, MediaWiki's sign for a missing message,
  never as a blank.
* **PLURAL**: the forms are given in the order of the language's CLDR plural
  categories (zero, one, two, few, many, other; only those the language
  has), the last form standing for the rest, and ``{{PLURAL:$1|0=none|...}}``
  forms for exact numbers come first, as in MediaWiki's ``Language::convertPlural``.
  Arabic has six categories, German two.
* **Numbers** are formatted for the language (``1.234`` in German) by Babel
  from CLDR, the data MediaWiki's own formatting comes from.
* ``{{lc:$1}}``, ``{{lcfirst:$1}}`` and ``{{ucfirst:$1}}`` change the case of
  a label inside a sentence (English writes "By status", German "Nach Status").
* Parameters are inserted as given: the renderers escape the whole message
  as text (:class:`bot.core.render.engine.Text`), so a value typed by an
  editor never becomes markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from bot.errors import ConfigError

DOCUMENTATION = "qqq"
METADATA = "@metadata"
ENGLISH = "en"

_PARAMETER = re.compile(r"\$(\d+)")
_PLURAL = re.compile(r"\{\{\s*PLURAL:\s*([^|}]*)\|((?:[^{}]|\{\{[^{}]*\}\})*)\}\}", re.IGNORECASE)
_EXPLICIT = re.compile(r"^\s*(\d+)\s*=(.*)$", re.DOTALL)
_CASE = re.compile(r"\{\{\s*(lc|lcfirst|ucfirst)\s*:([^{}]*)\}\}", re.IGNORECASE)
_CATEGORY_ORDER = ("zero", "one", "two", "few", "many")


def read_messages(path: Path) -> dict[str, str]:
    """One language file's messages (without ``@metadata``); a broken file is the operator's mistake."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: the messages file is missing; restore it from git") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for k, v in data.items() if k != METADATA):
        raise ConfigError(f"{path}: must be one JSON object of message key -> text")
    return {key: value for key, value in data.items() if key != METADATA}


def load_messages(folder: Path) -> dict[str, dict[str, str]]:
    """Every language's messages, by language code (``qqq`` left out)."""
    languages = sorted(p for p in folder.glob("*.json") if p.stem != DOCUMENTATION)
    return {path.stem: read_messages(path) for path in languages}


@cache
def _locale(language: str) -> Locale | None:
    """Babel's locale for a MediaWiki language code (``pt-br`` -> ``pt_BR``), or None when CLDR lacks it."""
    for candidate in (language.replace("-", "_"), language.split("-", 1)[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return None


def fallback_chain(language: str) -> tuple[str, ...]:
    """``pt-br`` -> (``pt-br``, ``pt``, ``en``): where a message is looked for, in order."""
    chain = [language]
    while "-" in chain[-1]:
        chain.append(chain[-1].rsplit("-", 1)[0])
    if ENGLISH not in chain:
        chain.append(ENGLISH)
    return tuple(chain)


def plural_index(language: str, number: float, count: int) -> int:
    """Which of ``count`` PLURAL forms a number takes in a language (the last form for the rest)."""
    locale = _locale(language)
    if locale is None:
        category = "one" if number == 1 else "other"
        tags: frozenset[str] = frozenset({"one"})
    else:
        category = locale.plural_form(number)
        tags = locale.plural_form.tags
    order = [c for c in _CATEGORY_ORDER if c in tags]
    position = order.index(category) if category in order else len(order)
    return min(position, count - 1)


def _number(text: str) -> float:
    cleaned = re.sub(r"[^\d.\-]", "", text)
    try:
        return float(cleaned)
    except ValueError:
        return 0.0


@dataclass(frozen=True)
class Messages:
    """The messages of one language, with MediaWiki's fallback (see the module docstring).

    ``catalogue`` is language -> key -> text (:func:`load_messages`).
    Calling the object gives a message: ``messages("partnerships-index-count", 12)``.
    """

    language: str
    catalogue: Mapping[str, Mapping[str, str]]

    def template(self, key: str) -> str | None:
        """The message's text before parameters, from the first language of the chain that has it."""
        for code in fallback_chain(self.language):
            text = self.catalogue.get(code, {}).get(key)
            if text:
                return text
        return None

    def __call__(self, key: str, *params: object) -> str:
        text = self.template(key)
        if text is None:
            return f"⧼{key}⧽"
        raw = [str(p) for p in params]

        def plural(match: re.Match[str]) -> str:
            number = _PARAMETER.sub(lambda m: _arg(raw, m), match.group(1)).strip()
            forms = _split_forms(match.group(2))
            for form in forms:
                explicit = _EXPLICIT.match(form)
                if explicit and _number(number) == float(explicit.group(1)):
                    return explicit.group(2)
            ordinary = [f for f in forms if not _EXPLICIT.match(f)] or [""]
            return ordinary[plural_index(self.language, _number(number), len(ordinary))]

        text = _PLURAL.sub(plural, text)
        shown = [self.number(p) if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in params]
        return _CASE.sub(_change_case, _PARAMETER.sub(lambda m: _arg(shown, m), text))

    def number(self, value: int | float) -> str:
        """A number as the language writes it (``1,234`` / ``1.234``)."""
        locale = _locale(self.language)
        return format_decimal(value, locale=locale) if locale is not None else str(value)

    def list(self, items: list[str], style: Literal["standard", "or"] = "standard") -> str:
        """Items joined as the language joins them (``a, b, and c``; ``style="or"``: ``a or b``), from CLDR."""
        from babel.lists import format_list

        if not items:
            return ""
        locale = _locale(self.language)
        return format_list(items, style=style, locale=locale) if locale is not None else ", ".join(items)

    @property
    def direction(self) -> str:
        """``rtl`` for Arabic, Persian, Hebrew ...; ``ltr`` otherwise."""
        locale = _locale(self.language)
        return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"

    def country(self, code: str, default: str) -> str:
        """A country's name in the language (CLDR), ``default`` (the English label) when CLDR lacks it."""
        locale = _locale(self.language)
        if self.language == ENGLISH or locale is None:
            return default
        return str(locale.territories.get(code.upper(), default))

    def month(self, number: int) -> str:
        """A month's name in the language (CLDR, the stand-alone wide form)."""
        locale = _locale(self.language) or Locale.parse("en")
        return str(locale.months["stand-alone"]["wide"][number])

    def language_name(self, code: str) -> str:
        """A language's name in this language (``de`` in French: ``allemand``)."""
        locale = _locale(self.language) or Locale.parse("en")
        target = _locale(code)
        if target is None:
            return code
        return str(target.get_display_name(locale) or code)


def _change_case(match: re.Match[str]) -> str:
    """``{{lc:…}}``, ``{{lcfirst:…}}`` and ``{{ucfirst:…}}``, as MediaWiki's messages have them.

    One difference: ``lcfirst`` keeps a word written in capitals (``GLAM``,
    ``URL``), so "By {{lcfirst:$1}}" never gives "By gLAM".
    """
    name, text = match.group(1).lower(), match.group(2)
    if name == "lc":
        return text.lower()
    if name == "ucfirst":
        return text[:1].upper() + text[1:]
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _arg(values: list[str], match: re.Match[str]) -> str:
    index = int(match.group(1)) - 1
    return values[index] if 0 <= index < len(values) else match.group(0)


def _split_forms(text: str) -> list[str]:
    """PLURAL forms split on ``|`` outside nested ``{{...}}``."""
    forms, depth, current = [], 0, []
    i = 0
    while i < len(text):
        if text.startswith("{{", i):
            depth += 1
            current.append("{{")
            i += 2
            continue
        if text.startswith("}}", i) and depth:
            depth -= 1
            current.append("}}")
            i += 2
            continue
        if text[i] == "|" and not depth:
            forms.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    forms.append("".join(current))
    return forms


@cache
def _catalogue(folder: str) -> Mapping[str, Mapping[str, str]]:
    return load_messages(Path(folder))


def messages_for(language: str = ENGLISH, folder: Path | None = None) -> Messages:
    """The project's messages (``i18n/``) in one language; the files are read once per process."""
    from bot.paths import I18N_DIR

    return Messages(language, _catalogue(str(folder or I18N_DIR)))
