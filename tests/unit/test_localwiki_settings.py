"""The local wiki's generated credentials (scripts/localwiki_settings.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import localwiki_settings


def test_passwords_never_start_with_a_dash_that_maintenance_scripts_read_as_options():
    for _ in range(500):
        creds = localwiki_settings.new_credentials()
        assert not any(value.startswith("-") for value in creds.values())


def test_bot_passwords_have_the_32_characters_mediawiki_requires():
    creds = localwiki_settings.new_credentials()
    for account in localwiki_settings.BOT_PASSWORDS:
        assert len(creds[account.key]) == 32
