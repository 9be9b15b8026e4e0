"""The accounts and configuration files of the local test wiki.

Used by ``scripts/local_wiki.py``: pure functions that return file contents
(MediaWiki settings, Pywikibot's user-config.py and password file), so the
script only decides where they go. Standard library only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

BOT_USER, ADMIN_USER = "PartnershipsBot", "Admin"

# Grant names are the keys of $wgGrantPermissions. The bot flag only applies
# when the BotPassword has "highvolume": without it edits are silently
# unflagged. "editmycssjs" lets the bot edit its own User:PartnershipsBot/*.json
# pages, which MediaWiki gives the JSON model by their suffix.
BOT_GRANTS = ("basic", "highvolume", "editpage", "editprotected", "createeditmovepage", "editmycssjs")
ADMIN_GRANTS = BOT_GRANTS + ("editinterface", "editsiteconfig", "delete", "protect")


@dataclass(frozen=True)
class BotPasswordAccount:
    """A BotPassword ``user@app`` with its grants; ``key`` names its secret in credentials.json."""

    user: str
    app: str
    grants: tuple[str, ...]
    key: str


BOT_PASSWORDS = (
    BotPasswordAccount(BOT_USER, "bot", BOT_GRANTS, "bot_botpassword"),
    BotPasswordAccount(ADMIN_USER, "admin", ADMIN_GRANTS, "admin_botpassword"),
)

EXTRA_SETTINGS = """
# ---- added by scripts/local_wiki.py ----
require __DIR__ . '/server.php';  # $wgServer, rewritten by every `start` (the port may change)
$wgMetaNamespace = 'Meta';  # the project namespace is called as on Meta-Wiki
$wgScribuntoDefaultEngine = 'luastandalone';
$wgScribuntoEngineConf['luastandalone']['luaPath'] = {lua};
$wgEnableBotPasswords = true;
$wgAPIMaxResultSize = 64 * 1024 * 1024;
$wgGroupPermissions['bot']['noratelimit'] = true;  # $wgRateLimits never slows the bot
$wgGroupPermissions['bot']['apihighlimits'] = true;
$wgGroupPermissions['bot']['editcontentmodel'] = true;  # e.g. a JSON page in project space
$wgMainCacheType = CACHE_NONE;  # sessions still use the DB (CACHE_ANYTHING falls back to it)
$wgCacheDirectory = __DIR__ . '/cache';
$wgShowExceptionDetails = true;
# An edit updates its own page's links tables (templatelinks, categorylinks)
# before the API answers; jobs for other pages run one per request.
$wgJobRunRate = 1;
$wgRunJobsAsync = false;
$wgEnableEmail = false;
"""

USER_CONFIG = """\
# Written by scripts/local_wiki.py for the local test wiki; rewritten by `start`.
family = 'localwiki'
mylang = 'localwiki'  # a family made from an API URL has one site, coded as the family
family_files['localwiki'] = {api!r}
usernames['localwiki']['*'] = {bot!r}
# Pywikibot keeps one cookie jar per process, so a second account on the same
# host would send the bot's session cookies. The admin family reaches the same
# wiki as "localhost", which has cookies of its own.
family_files['localwiki_admin'] = {admin_api!r}
usernames['localwiki_admin']['*'] = {admin!r}
password_file = 'user-password.py'  # Pywikibot resolves it against this directory
put_throttle = 0
minthrottle = 0
maxthrottle = 1
write_maxlag = 5
max_retries = 3
retry_wait = 1
retry_max = 5
console_encoding = 'utf-8'
noisysleep = float('inf')
"""


def new_credentials() -> dict[str, str]:
    """Return fresh random passwords; a BotPassword must be exactly 32 characters.

    Hex only: a password is passed to maintenance scripts as a positional
    argument, and one starting with ``-`` (which token_urlsafe can produce)
    would be read as options.
    """
    return {
        "admin_password": secrets.token_hex(16),
        "bot_password": secrets.token_hex(16),
        **{account.key: secrets.token_hex(16) for account in BOT_PASSWORDS},
    }


def extra_settings(*, lua_path: str) -> str:
    """Return the lines appended to the LocalSettings.php that install.php wrote."""
    return EXTRA_SETTINGS.replace("{lua}", _php_string(lua_path))


def server_settings(url: str) -> str:
    """Return server.php, which sets $wgServer (links and the API's siteinfo use it)."""
    return f"<?php\n$wgServer = {_php_string(url)};\n"


def user_config(*, port: int) -> str:
    """Return Pywikibot's user-config.py for a wiki on 127.0.0.1:``port``."""
    return USER_CONFIG.format(
        api=f"http://127.0.0.1:{port}/api.php",
        admin_api=f"http://localhost:{port}/api.php",
        bot=BOT_USER,
        admin=ADMIN_USER,
    )


def password_file(credentials: dict[str, str]) -> str:
    """Return Pywikibot's user-password.py: one ``(user, BotPassword(app, secret))`` a line."""
    return "".join(
        f"({account.user!r}, BotPassword({account.app!r}, {credentials[account.key]!r}))\n" for account in BOT_PASSWORDS
    )


def _php_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
