"""Fixtures for tests that run against the local MediaWiki of ``scripts/local_wiki.py``.

Run them in their own pytest process, so that these fixtures can point
Pywikibot at the local wiki before anything imports it::

    .venv/bin/python -m pytest tests/integration

Fixtures:

``local_wiki`` (session)
    Starts the wiki (reusing one that already runs; stopping it at the end only
    if this session started it) and gives ``url``, ``api_url``,
    ``pywikibot_dir``, ``port`` and ``run_script(*args)``.
``pywikibot`` (session)
    The ``pywikibot`` module, imported after ``PYWIKIBOT_DIR`` is set. Test
    modules must not ``import pywikibot`` at the top: Pywikibot reads its
    configuration once, at import, and collection happens before fixtures run.
``site`` (session)
    ``PartnershipsBot``, logged in with its BotPassword (``bot`` group).
``admin_site`` (session)
    ``Admin`` (a sysop), logged in, for acting as a human: protect, delete,
    edit the interface. It is the same wiki reached as ``localhost``: Pywikibot
    keeps one cookie jar per process, so a second account on the same host
    would inherit the bot's session.
``page_prefix`` (function)
    A unique ``Test/<test name>-<random>/`` so tests never share pages.
"""

from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SCRIPT = REPO_ROOT / "scripts" / "local_wiki.py"
# The first start may install Debian packages; later ones take about a second.
SCRIPT_TIMEOUT = 900


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "integration: runs against the local MediaWiki started by scripts/local_wiki.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/integration, so ``-m "not integration"`` skips them all."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.integration)


def run_local_wiki(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``scripts/local_wiki.py`` with this interpreter and capture its output."""
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )


def parse_exports(text: str) -> dict[str, str]:
    """Read the ``export NAME=value`` lines that ``local_wiki.py env`` prints."""
    values = {}
    for line in text.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, value = words[1].split("=", 1)
            values[name] = value
    return values


@dataclass(frozen=True)
class LocalWiki:
    """A running local wiki, as ``scripts/local_wiki.py env`` describes it."""

    url: str
    api_url: str
    pywikibot_dir: Path
    port: int

    def run_script(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_local_wiki(*args)


def _failure(what: str, done: subprocess.CompletedProcess[str]) -> str:
    output = (done.stderr.strip() or done.stdout.strip() or "(no output)").splitlines()
    return f"scripts/local_wiki.py {what} failed (exit {done.returncode}): " + " / ".join(output[-3:])


@pytest.fixture(scope="session")
def local_wiki() -> Iterator[LocalWiki]:
    """Start the wiki, or reuse the running one; fail (never skip) when it cannot start."""
    was_running = run_local_wiki("status").returncode == 0
    started = run_local_wiki("start")
    if started.returncode != 0:
        pytest.fail(_failure("start", started), pytrace=False)
    exports = parse_exports(run_local_wiki("env").stdout)
    url = exports["LOCALWIKI_URL"]
    yield LocalWiki(
        url=url,
        api_url=f"{url}/api.php",
        pywikibot_dir=Path(exports["PYWIKIBOT_DIR"]),
        port=int(exports["LOCALWIKI_PORT"]),
    )
    if not was_running:
        run_local_wiki("stop")


@pytest.fixture(scope="session")
def pywikibot(local_wiki: LocalWiki) -> ModuleType:
    """Import Pywikibot configured for the local wiki."""
    loaded = sys.modules.get("pywikibot")
    if loaded is None:
        os.environ["PYWIKIBOT_DIR"] = str(local_wiki.pywikibot_dir)
        import pywikibot as loaded
    elif Path(loaded.config.base_dir).resolve() != local_wiki.pywikibot_dir.resolve():
        pytest.fail(
            f"pywikibot was imported with config dir {loaded.config.base_dir} before the integration "
            "fixtures ran; run tests/integration in its own pytest process, or first "
            'eval "$(python3 scripts/local_wiki.py env)"',
            pytrace=False,
        )
    return loaded


def _logged_in(pywikibot: ModuleType, family: str, user: str) -> Any:
    site = pywikibot.Site(family, family, user=user)
    try:
        site.login()
    except pywikibot.exceptions.Error as error:
        pytest.fail(f"cannot log in to the local wiki as {user}: {error}", pytrace=False)
    return site


@pytest.fixture(scope="session")
def site(pywikibot: ModuleType) -> Any:
    """The bot's site: PartnershipsBot@bot, with the bot flag and high API limits."""
    return _logged_in(pywikibot, "localwiki", "PartnershipsBot")


@pytest.fixture(scope="session")
def admin_site(pywikibot: ModuleType) -> Any:
    """A human administrator's site on the same wiki (see the module docstring)."""
    return _logged_in(pywikibot, "localwiki_admin", "Admin")


@pytest.fixture
def page_prefix(request: pytest.FixtureRequest) -> str:
    """Return ``Test/<test name>-<6 hex digits>/`` for the pages of one test."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", request.node.name).strip("-")[:80]
    return f"Test/{name}-{secrets.token_hex(3)}/"


@pytest.fixture
def run_page(page_prefix: str, admin_site: Any, pywikibot: ModuleType) -> str:
    """A run page of this test's own, saying ``yes`` (the bot writes only while it does)."""
    from tests.integration.wikitools import edit

    title = f"{page_prefix}Run"
    edit(pywikibot, admin_site, title, "yes")
    return title


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1400,1200",
)


@pytest.fixture
def browser(tmp_path):
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.fail(
            "chromium and chromedriver are missing: run `python scripts/local_wiki.py ensure-browser` as root",
            pytrace=False,
        )
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager try to download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
