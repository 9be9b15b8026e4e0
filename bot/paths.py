"""Where the project's own files are: the configuration and the on-wiki sources.

Paths are relative to the checkout (or the installed source tree), never to
the working directory, so the bot finds its files wherever it is started.
Operators point at other files with ``-settings:``, ``-schema:`` and
``-country-table:``.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"
ONWIKI_DIR = PROJECT_ROOT / "onwiki"
I18N_DIR = PROJECT_ROOT / "i18n"

SETTINGS_PATH = CONFIG_DIR / "bot.toml"
SCHEMA_PATH = CONFIG_DIR / "schema.toml"
COUNTRIES_PATH = CONFIG_DIR / "countries.toml"
CONSULTATIONS_PATH = CONFIG_DIR / "consultations.toml"
LANGUAGES_PATH = CONFIG_DIR / "languages.json"
