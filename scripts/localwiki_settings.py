"""The accounts and configuration files of the local test wiki.

Used by ``scripts/local_wiki.py``: pure functions that return file contents
(MediaWiki settings, Pywikibot's user-config.py and password file), so the
script only decides where they go. Standard library only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

BOT_USER, ADMIN_USER = "PartnershipsBot", "Admin"
NOVICE_USER = "PartnershipsNovice"
"""An ordinary account (no bot group, no editcontentmodel), for the tests of missing rights."""

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
    BotPasswordAccount(NOVICE_USER, "novice", BOT_GRANTS, "novice_botpassword"),
)

# Accounts created at install (and added to older installs at start): user, its credential key, bot group?
ACCOUNTS = (
    (BOT_USER, "bot_password", True),
    (NOVICE_USER, "novice_password", False),
)

PROJECT_SETTINGS_REQUIRE = "require __DIR__ . '/project-settings.php';  # added by scripts/local_wiki.py\n"
"""The one line install appends to LocalSettings.php; the settings themselves are rewritten by every `start`."""

EXTRA_SETTINGS = """<?php
# ---- written by scripts/local_wiki.py at every start; edit localwiki_settings.py, not this file ----
require __DIR__ . '/server.php';  # $wgServer, rewritten by every `start` (the port may change)
$wgMetaNamespace = 'Meta';  # the project namespace is called as on Meta-Wiki
# Lua as on Wikimedia wikis: LuaSandbox (Debian's php-luasandbox) with 10 s of CPU
# and 50 MB of Lua memory per page; the standalone interpreter when it is missing.
if ( extension_loaded( 'luasandbox' ) ) {
    $wgScribuntoDefaultEngine = 'luasandbox';
} else {
    $wgScribuntoDefaultEngine = 'luastandalone';
}
$wgScribuntoEngineConf['luasandbox']['cpuLimit'] = 10;
$wgScribuntoEngineConf['luasandbox']['memoryLimit'] = 50 * 1024 * 1024;
$wgScribuntoEngineConf['luastandalone']['luaPath'] = {lua};
$wgEnableBotPasswords = true;
$wgAPIMaxResultSize = 64 * 1024 * 1024;
$wgGroupPermissions['bot']['noratelimit'] = true;  # $wgRateLimits never slows the bot
$wgGroupPermissions['bot']['apihighlimits'] = true;
# As on Wikimedia wikis, changing a page's content model (creating the JSON data
# page in the main namespace) is for administrators and bots, not every account.
$wgGroupPermissions['user']['editcontentmodel'] = false;
$wgGroupPermissions['sysop']['editcontentmodel'] = true;
$wgGroupPermissions['bot']['editcontentmodel'] = true;
$wgMainCacheType = CACHE_NONE;  # sessions still use the DB (CACHE_ANYTHING falls back to it)
$wgCacheDirectory = __DIR__ . '/cache';
$wgShowExceptionDetails = true;
# An edit updates its own page's links tables (templatelinks, categorylinks)
# before the API answers; jobs for other pages run one per request.
$wgJobRunRate = 1;
$wgRunJobsAsync = false;
$wgEnableEmail = false;
$wgScribuntoEngineConf['luastandalone']['cpuLimit'] = 10;
$wgScribuntoEngineConf['luastandalone']['memoryLimit'] = 50 * 1024 * 1024;
# The editors Meta-Wiki has: VisualEditor (its template dialog shows the TemplateData,
# with Parsoid loaded from MediaWiki's vendor folder by VisualEditor itself) and the
# wikitext editor's toolbar; CodeEditor for modules. Loaded only when Debian ships them.
foreach ( [ 'VisualEditor', 'WikiEditor', 'CodeEditor' ] as $extension ) {
    if ( is_file( "$IP/extensions/$extension/extension.json" ) ) {
        wfLoadExtension( $extension );
    }
}
$wgDefaultUserOptions['visualeditor-enable'] = 1;
$wgDefaultUserOptions['usebetatoolbar'] = 1;
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
        **{key: secrets.token_hex(16) for _, key, _ in ACCOUNTS},
        **{account.key: secrets.token_hex(16) for account in BOT_PASSWORDS},
    }


def extra_settings(*, lua_path: str) -> str:
    """Return project-settings.php, which LocalSettings.php requires (rewritten by every `start`)."""
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
