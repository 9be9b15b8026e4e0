#!/usr/bin/env python3
"""Build ``config/languages.json`` from MediaWiki's own localisation files.

Run at build time only, on a machine with MediaWiki installed (Debian's
``mediawiki`` package puts it in ``/usr/share/mediawiki``); the bot reads
the JSON file it writes and never MediaWiki's files. For every language
MediaWiki has, it keeps what a signature is made of (see
``docs/consultations.md``, "Signatures in any language"):

* the signature's date format: the language's default ``both`` date format
  (``H:i, j F Y``, ``Y년 M월 j일 (D) H:i``, ``H\\hi\\m\\i\\n \\d\\e j \\d\\e F \\d\\e Y``),
  both ``dmy`` and ``mdy`` where MediaWiki lets the wiki choose;
* month names, their genitive forms and abbreviations, weekday names and
  abbreviations, and the digits the language writes (``۰۱۲…``);
* the time-zone labels the language prints (Arabic prints UTC as ``ت ع م``);
* the names and aliases of the User, User talk and Special namespaces and
  of Special:Contributions.

Values a language does not define come from its fallback languages, as
MediaWiki's LocalisationCache takes them. PHP reads the ``Messages*.php``
files (they are PHP arrays); the ``i18n/*.json`` files are read directly.

Usage: ``python scripts/build_languages.py [MEDIAWIKI_DIR] [OUTPUT]``
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MEDIAWIKI = Path("/usr/share/mediawiki")
DEFAULT_OUTPUT = ROOT / "config" / "languages.json"

NAMESPACES = {"-1": "special", "2": "user", "3": "user_talk"}
MONTHS = [
    "january", "february", "march", "april", "may_long", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
MONTH_ABBREVIATIONS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
WEEKDAY_ABBREVIATIONS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

# Dumps the variables of every Messages*.php file as one JSON object. The
# files refer to MediaWiki's namespace constants, defined here.
PHP = r"""
$constants = ['NS_MEDIA' => -2, 'NS_SPECIAL' => -1, 'NS_MAIN' => 0, 'NS_TALK' => 1, 'NS_USER' => 2,
  'NS_USER_TALK' => 3, 'NS_PROJECT' => 4, 'NS_PROJECT_TALK' => 5, 'NS_FILE' => 6, 'NS_FILE_TALK' => 7,
  'NS_MEDIAWIKI' => 8, 'NS_MEDIAWIKI_TALK' => 9, 'NS_TEMPLATE' => 10, 'NS_TEMPLATE_TALK' => 11,
  'NS_HELP' => 12, 'NS_HELP_TALK' => 13, 'NS_CATEGORY' => 14, 'NS_CATEGORY_TALK' => 15];
foreach ($constants as $name => $value) { define($name, $value); }
function read_messages($path) {
  $fallback = null; $rtl = null; $namespaceNames = []; $namespaceAliases = [];
  $namespaceGenderAliases = []; $specialPageAliases = []; $dateFormats = [];
  $defaultDateFormat = null; $digitTransformTable = null;
  include $path;
  return ['fallback' => $fallback, 'rtl' => $rtl, 'namespaceNames' => $namespaceNames,
    'namespaceAliases' => $namespaceAliases, 'namespaceGenderAliases' => $namespaceGenderAliases,
    'contributions' => $specialPageAliases['Contributions'] ?? null, 'dateFormats' => $dateFormats,
    'defaultDateFormat' => $defaultDateFormat, 'digitTransformTable' => $digitTransformTable];
}
$out = [];
foreach (glob($argv[1] . '/languages/messages/Messages*.php') as $path) {
  $code = strtolower(str_replace('_', '-', substr(basename($path, '.php'), 8)));
  $out[$code] = read_messages($path);
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_FORCE_OBJECT);
"""


def read_php(mediawiki: Path) -> dict[str, dict[str, Any]]:
    result = subprocess.run(
        ["php", "-d", "error_reporting=0", "-r", PHP, str(mediawiki)],
        check=True,
        capture_output=True,
        text=True,
    )
    data: dict[str, dict[str, Any]] = json.loads(result.stdout)
    return data


def read_i18n(mediawiki: Path, code: str) -> dict[str, str]:
    path = mediawiki / "languages" / "i18n" / f"{code}.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if isinstance(v, str)}


def chain(code: str, php: dict[str, dict[str, Any]]) -> list[str]:
    """``code`` and its fallbacks, ending with English, as MediaWiki orders them."""
    order = [code]
    fallback = (php.get(code) or {}).get("fallback") or ""
    for item in [f.strip() for f in str(fallback).split(",") if f.strip()]:
        if item not in order:
            order.append(item)
    if "en" not in order:
        order.append("en")
    return order


def first(values: list[Any]) -> Any:
    return next((v for v in values if v not in (None, "", [], {})), None)


def names_of(entry: dict[str, Any], number: str) -> list[str]:
    """A namespace's name, its gender forms and its aliases in one language file."""
    found: list[str] = []
    name = (entry.get("namespaceNames") or {}).get(number)
    if name:
        found.append(name)
    for value in ((entry.get("namespaceGenderAliases") or {}).get(number) or {}).values():
        found.append(value)
    for alias, target in (entry.get("namespaceAliases") or {}).items():
        if str(target) == number:
            found.append(alias)
    return [n.replace("_", " ") for n in found]


def date_formats(order: list[str], php: dict[str, dict[str, Any]]) -> list[str]:
    """The language's signature formats (``both``), the default first."""
    default = first([(php.get(c) or {}).get("defaultDateFormat") for c in order]) or "dmy or mdy"
    prefs = ["dmy", "mdy"] if default == "dmy or mdy" else [default]
    formats: list[str] = []
    for pref in prefs:
        value = first([((php.get(c) or {}).get("dateFormats") or {}).get(f"{pref} both") for c in order])
        if value and value not in formats:
            formats.append(value)
    return formats


def language(code: str, php: dict[str, dict[str, Any]], i18n: dict[str, dict[str, str]]) -> dict[str, Any]:
    order = chain(code, php)
    messages = [i18n.setdefault(c, {}) for c in order]

    def message(key: str) -> str:
        return str(first([m.get(key) for m in messages]) or "")

    def list_of(keys: list[str]) -> list[str]:
        return [message(k) for k in keys]

    namespaces: dict[str, list[str]] = {}
    for number, key in NAMESPACES.items():
        seen: list[str] = []
        for c in order:
            for name in names_of(php.get(c) or {}, number):
                if name not in seen:
                    seen.append(name)
        namespaces[key] = seen
    contributions: list[str] = []
    for c in order:
        aliases = (php.get(c) or {}).get("contributions") or {}
        for alias in aliases.values() if isinstance(aliases, dict) else aliases:
            if alias.replace("_", " ") not in contributions:
                contributions.append(alias.replace("_", " "))
    zones = {}
    for c in reversed(order):
        for key, value in i18n[c].items():
            if key.startswith("timezone-") and key not in ("timezone-local", "timezone-useoffset-placeholder"):
                zones[key[len("timezone-") :].upper()] = value
    digits = first([(php.get(c) or {}).get("digitTransformTable") for c in order])
    return {
        "rtl": bool(first([(php.get(c) or {}).get("rtl") for c in order])),
        "formats": date_formats(order, php),
        "months": list_of(MONTHS),
        "months_genitive": list_of([f"{m.replace('_long', '')}-gen" for m in MONTHS]),
        "months_short": list_of(MONTH_ABBREVIATIONS),
        "weekdays": list_of(WEEKDAYS),
        "weekdays_short": list_of(WEEKDAY_ABBREVIATIONS),
        "digits": "".join(digits.get(str(d), str(d)) for d in range(10)) if digits else "",
        "zones": {label: abbreviation for abbreviation, label in sorted(zones.items()) if label != abbreviation},
        "user": namespaces["user"],
        "user_talk": namespaces["user_talk"],
        "special": namespaces["special"],
        "contributions": contributions,
    }


def main(argv: list[str]) -> int:
    mediawiki = Path(argv[1]) if len(argv) > 1 else DEFAULT_MEDIAWIKI
    output = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    php = read_php(mediawiki)
    i18n = {code: read_i18n(mediawiki, code) for code in php}
    languages = {code: language(code, php, i18n) for code in sorted(php)}
    lines = [f"  {json.dumps(code)}: {json.dumps(entry, ensure_ascii=False)}" for code, entry in languages.items()]
    header = '  "_source": "MediaWiki 1.39 languages/messages and languages/i18n, by scripts/build_languages.py"'
    output.write_text("{\n" + ",\n".join([header, *lines]) + "\n}\n", encoding="utf-8")
    print(f"{output.name}: {len(languages)} languages, {output.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
