"""Scheduled operation against the real wiki: a server that dies mid-run, two runs at once,
a corrupt state file, SIGTERM, the lease and the status page.

Each test has a registry of its own (template name, page prefix, published pages,
run page, state folder, lock file), like tests/integration/test_update.py.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.core.markers import begin_marker, end_marker
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.service.guards import Guard
from bot.service.health import History, status_path
from bot.service.runner import Runner
from bot.service.schedule import schedule_of
from bot.service.scheduler import Operation, SystemClock
from bot.sources.state import load_state
from tests import support

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Registry:
    schema: object
    settings: object
    prefix: str
    template: str
    folder: Path

    def page(self, name: str) -> str:
        return f"{self.prefix}{name}"

    @property
    def state(self) -> Path:
        return Path(self.settings.publish.state_dir)

    @property
    def published(self) -> list[str]:
        pages = self.settings.pages
        return [pages.index, pages.overview, pages.problems, pages.data]


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture
def registry(page_prefix, tmp_path, admin_site, pywikibot) -> Registry:
    """A registry of the test's own, as objects (in-process runs) and as files (``python -m bot run``)."""
    template = f"Partnership test {secrets.token_hex(3)}"
    schema_text = DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8")
    schema_text = re.sub(
        r'(?m)^\[template\]\nname = "[^"]*"\nredirects = \[[^\]]*\]',
        f"[template]\nname = {toml_string(template)}\nredirects = []",
        schema_text,
    )
    (tmp_path / "schema.toml").write_text(schema_text, encoding="utf-8")
    schema = parse_schema(tomllib.loads(schema_text))
    assert schema.template == template
    run_page = f"{page_prefix}Run"
    page = pywikibot.Page(admin_site, run_page)
    page.text = "yes"
    page.save(summary="let the bot run", bot=False)
    state = tmp_path / "state"
    text = "\n".join(
        [
            "[registry]",
            "namespaces = []",
            f"prefix = {toml_string(page_prefix + 'P/')}",
            "[pages]",
            f"index = {toml_string(page_prefix + 'Registry')}",
            f"overview = {toml_string(page_prefix + 'Registry/Overview')}",
            f"problems = {toml_string(page_prefix + 'Registry/Problems')}",
            f"data = {toml_string(page_prefix + 'Registry.json')}",
            f"changes = {toml_string(page_prefix + 'Registry/Changes')}",
            'lists = ""',
            "[publish]",
            f"run_page = {toml_string(run_page)}",
            f"state_dir = {toml_string(str(state))}",
            "[schedule]",
            f"lock_file = {toml_string(str(state / 'run.lock'))}",
            f"status_page = {toml_string(page_prefix + 'Status')}",
            "[schedule.every]",
            "update-full = 0",
            "summarise = 0",
            "",
        ]
    )
    (tmp_path / "bot.toml").write_text(text, encoding="utf-8")
    settings = load_settings(tmp_path / "bot.toml", schema=schema)
    return Registry(schema, settings, page_prefix, template, tmp_path)


def partnership(registry: Registry, name: str) -> str:
    return (
        f"{{{{{registry.template}\n| name = {name}\n| partner = {name} Org\n| type = alliance\n"
        f"| level = global\n| status = active\n| start = 2019\n}}}}\nText about {name}.\n"
    )


def create(pywikibot, admin_site, registry: Registry, names: list[str]) -> None:
    """Editors create partnership pages (MediaWiki records the transclusions as each page is saved)."""
    for name in names:
        page = pywikibot.Page(admin_site, registry.page(f"P/{name}"))
        page.text = partnership(registry, name)
        page.save(summary="new partnership", bot=False, quiet=True)


def operation(wiki, registry: Registry, out: io.StringIO, err: io.StringIO) -> Operation:
    """What ``python -m bot run -once`` builds after connecting, with the wiki given."""
    history = History.load(status_path(registry.settings))
    config = replace(support.configuration(), schema=registry.schema, settings=registry.settings)
    schedule = schedule_of(registry.settings.schedule)
    runner = Runner(wiki, config, schedule, history, Guard(), out, err, SystemClock().now)
    return Operation(runner, schedule, SystemClock(), log=lambda line: out.write(line + "\n"))


def bot_run(registry: Registry, local_wiki, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYWIKIBOT_DIR": str(local_wiki.pywikibot_dir), "PYTHONUNBUFFERED": "1"}
    command = [
        sys.executable,
        "-m",
        "bot",
        "run",
        f"-settings:{registry.folder / 'bot.toml'}",
        f"-schema:{registry.folder / 'schema.toml'}",
        *args,
    ]
    return subprocess.Popen(
        command,
        cwd=registry.folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def region(text: str, name: str) -> str:
    """The content between a region's markers; asserts the markers are whole and appear once."""
    begin, end = begin_marker(name), end_marker(name)
    assert text.count(begin) == 1 and text.count(end) == 1 and text.index(begin) < text.index(end), text[:300]
    return text[text.index(begin) + len(begin) : text.index(end)]


def revisions(pywikibot, site, title: str) -> int:
    page = pywikibot.Page(site, title)
    return len(list(page.revisions())) if page.exists() else 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnServer:
    """A PHP server of the test's own, serving the local wiki (same settings, same database) on another port.

    The test stops *this* process in the middle of a run. Stopping the shared
    server on port 8080 instead would fail every other test session using
    the wiki at that moment, and ``local_wiki.py stop``/``start`` from two
    sessions race on its pid file.
    """

    def __init__(self, local_wiki, settings: Path | None = None) -> None:
        spec = importlib.util.spec_from_file_location("local_wiki_script", REPO / "scripts" / "local_wiki.py")
        sys.path.insert(0, str(REPO / "scripts"))
        script = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
        spec.loader.exec_module(script)
        self.docroot = script.MEDIAWIKI_DIR
        self.settings = settings or local_wiki.pywikibot_dir.parent / "LocalSettings.php"
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api.php"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "MW_CONFIG_FILE": str(self.settings), "PHP_CLI_SERVER_WORKERS": "2"}
        self.process = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.port}", "-t", str(self.docroot)],
            cwd=self.docroot,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.api}?action=query&meta=siteinfo&format=json", timeout=5).read()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"the test's own PHP server on port {self.port} did not answer")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process = None


@pytest.fixture
def own_server(local_wiki):
    server = OwnServer(local_wiki)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def own_site(pywikibot, server: OwnServer, monkeypatch):
    """The bot's site on the test's own server, with Pywikibot's retries (user-config's limits) kept short."""
    family = f"localwiki_{server.port}"
    pywikibot.config.family_files[family] = server.api
    site = pywikibot.Site(family, family, user="PartnershipsBot")
    site.login()
    monkeypatch.setattr(pywikibot.config, "max_retries", 2)
    monkeypatch.setattr(pywikibot.config, "retry_wait", 1)
    monkeypatch.setattr(pywikibot.config, "retry_max", 1)
    return site


def test_a_wiki_stopped_in_the_middle_of_an_update_fails_cleanly_and_the_next_run_completes(
    own_server, pywikibot, admin_site, registry, monkeypatch
):
    from bot.wiki import Wiki

    site = own_site(pywikibot, own_server, monkeypatch)
    names = [f"Partner {i}" for i in range(4)]
    create(pywikibot, admin_site, registry, names)

    class StopsTheServer(Wiki):
        """The real wiki, whose server process is stopped right after the run's first save."""

        stopped = False

        def save(self, copy, text, **kwargs):
            result = super().save(copy, text, **kwargs)
            if not StopsTheServer.stopped and copy.title in registry.published:
                StopsTheServer.stopped = True
                own_server.stop()
            return result

    wiki = Wiki.attach(site)
    out, err = io.StringIO(), io.StringIO()
    code = operation(StopsTheServer(site, wiki.counter), registry, out, err).once(["update"])
    own_server.start()
    log = out.getvalue()
    assert StopsTheServer.stopped and code == 1, log
    assert "update: failed at" in log and "does not answer (connection refused: nothing listens there)" in log, log
    assert f"127.0.0.1:{own_server.port}" in log, log
    assert "failed: update" in log.splitlines()[-1]
    status = History.load(status_path(registry.settings)).get("update")
    assert status.outcome == "failed" and status.last_success is None

    # Nothing half-written: the one page saved holds one whole region; the others were not touched.
    index = pywikibot.Page(site, registry.settings.pages.index).get(force=True)
    assert "Partner 3" in region(index, "index")
    assert [revisions(pywikibot, site, t) for t in registry.published[1:]] == [0, 0, 0]
    # The state is intact: the read is kept, the publication is not recorded as done.
    read = load_state(
        registry.state / "registry.json", key=json.loads((registry.state / "registry.json").read_text())["key"]
    )
    assert read.usable and len(read.data["pages"]) == 4
    assert not (registry.state / "published.json").exists()

    # The wiki is back: the next run publishes the rest, and a clean full run finds nothing to change.
    out = io.StringIO()
    assert operation(Wiki.attach(site), registry, out, io.StringIO()).once(["update"]) == 0, out.getvalue()
    # The other three pages and the change log.
    assert "4 pages read (0 fetched)" in out.getvalue() and "4 edits" in out.getvalue(), out.getvalue()
    for title in registry.published[1:3]:
        region(pywikibot.Page(site, title).get(force=True), title.rsplit("/", 1)[1].lower())
    assert json.loads(pywikibot.Page(site, registry.settings.pages.data).get(force=True))["records"]
    full = replace(
        registry,
        settings=replace(
            registry.settings,
            schedule=replace(
                registry.settings.schedule, every=(("update-full", 1440), ("update", 0), ("summarise", 0))
            ),
        ),
    )
    out = io.StringIO()
    assert operation(Wiki.attach(site), full, out, io.StringIO()).once(["update-full"]) == 0
    assert ", 0 edits," in out.getvalue(), out.getvalue()


def test_a_read_only_wiki_fails_the_job_with_one_clear_line_and_writes_nothing(
    local_wiki, site, pywikibot, admin_site, registry, monkeypatch, tmp_path
):
    from bot.wiki import Wiki

    create(pywikibot, admin_site, registry, ["Alpha", "Beta"])
    maintenance = tmp_path / "ReadOnlySettings.php"
    maintenance.write_text(
        f"<?php\nrequire {json.dumps(str(local_wiki.pywikibot_dir.parent / 'LocalSettings.php'))};\n"
        "$wgReadOnly = 'Database maintenance (test)';\n",
        encoding="utf-8",
    )
    server = OwnServer(local_wiki, settings=maintenance)
    server.start()
    try:
        out = io.StringIO()
        code = operation(Wiki.attach(own_site(pywikibot, server, monkeypatch)), registry, out, io.StringIO()).once(
            ["update"]
        )
    finally:
        server.stop()
    log = out.getvalue()
    assert code == 1 and "update: failed at" in log, log
    assert "is in read-only mode (Database maintenance (test)); nothing more was written" in log, log
    assert log.count("the wiki refused the edit") == 0  # the job stopped at its first refused save
    assert [revisions(pywikibot, site, title) for title in registry.published] == [0, 0, 0, 0]
    out = io.StringIO()
    assert operation(Wiki.attach(site), registry, out, io.StringIO()).once(["update"]) == 0, out.getvalue()
    assert ", 5 edits," in out.getvalue(), out.getvalue()  # the four pages and the change log


def test_two_runs_started_together_only_one_does_the_work(local_wiki, site, admin_site, pywikibot, registry):
    create(pywikibot, admin_site, registry, ["Alpha", "Beta"])
    runs = [bot_run(registry, local_wiki, "-once"), bot_run(registry, local_wiki, "-once")]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    busy = [out for _, out, _ in results if "another run in progress" in out]
    worked = [out for _, out, _ in results if "[update] update: ok" in out]
    assert len(busy) == 1 and len(worked) == 1, results
    assert "nothing done" in busy[0] and "[update]" not in busy[0]
    assert [revisions(pywikibot, site, title) for title in registry.published] == [1, 1, 1, 1]
    status = pywikibot.Page(site, registry.page("Status")).get(force=True)
    assert "update&#58; ok" in region(status, "status-update")
    assert (registry.state / "run.lock").read_text() == ""


def test_a_corrupt_state_file_means_a_full_rebuild_with_a_warning_never_a_blank_table(
    local_wiki, site, admin_site, pywikibot, registry
):
    create(pywikibot, admin_site, registry, ["Alpha", "Beta", "Gamma"])
    first = bot_run(registry, local_wiki, "-once")
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0 and "[update] update: ok" in out, out + err
    index_before = pywikibot.Page(site, registry.settings.pages.index).get(force=True)
    for name in ("registry.json", "published.json", "status.json"):
        (registry.state / name).write_text('{"version": 1, "key": "x", "pages": {"1": ', encoding="utf-8")
    second = bot_run(registry, local_wiki, "-once")
    out, err = second.communicate(timeout=300)
    assert second.returncode == 0, out + err
    assert "warning: state file" in out and "registry.json is corrupt (not JSON): reading every page" in out, out
    assert "job history starts afresh" in out
    assert "read 3 pages (3 fetched)" in out and "[update] update: ok" in out, out
    index = pywikibot.Page(site, registry.settings.pages.index).get(force=True)
    assert index == index_before and all(name in region(index, "index") for name in ("Alpha", "Beta", "Gamma"))
    assert load_state(
        registry.state / "registry.json", key=json.loads((registry.state / "registry.json").read_text())["key"]
    ).usable


def test_sigterm_stops_the_long_running_scheduler_releases_the_lock_and_exits_0(
    local_wiki, admin_site, pywikibot, registry
):
    create(pywikibot, admin_site, registry, ["Alpha"])
    run = bot_run(registry, local_wiki)
    killer = threading.Timer(240, run.kill)  # never hang the suite
    killer.start()
    try:
        lines = []
        for line in run.stdout:
            lines.append(line)
            if "[update] update: ok" in line:
                break
        assert (registry.state / "run.lock").read_text().strip(), "the lock is held while the bot runs"
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=60)
    finally:
        killer.cancel()
    assert run.returncode == 0, "".join(lines) + out + err
    assert "scheduler started as PartnershipsBot: update every 15 min" in "".join(lines)
    assert "stopped by SIGTERM" in out and (registry.state / "run.lock").read_text() == ""


def test_the_lease_keeps_a_second_host_out_and_a_racing_save_loses_on_the_wiki(site, pywikibot, registry):
    from bot.publish import publisher_for
    from bot.service.locks import LockHeld, WikiLease, parse_lease
    from bot.wiki import Wiki

    title = registry.page("Lease")
    wiki = Wiki.attach(site)

    def lease(instance: str, on: Wiki) -> WikiLease:
        return WikiLease(
            on,
            title,
            instance=instance,
            minutes=60,
            log=print,
            publisher=lambda: publisher_for(on, registry.settings.publish, simulate=False, out=io.StringIO()),
        )

    toolforge = lease("toolforge", wiki)
    toolforge.acquire()
    with pytest.raises(LockHeld) as held:
        lease("backup", wiki).acquire()
    assert f"{title} gives the lease to toolforge" in str(held.value)
    toolforge.release()

    class Racing(Wiki):
        """Another host takes the lease between this one's read and its save."""

        def save(self, copy, text, **kwargs):
            lease("toolforge", wiki).acquire()
            return super().save(copy, text, **kwargs)

    with pytest.raises(LockHeld) as lost:
        lease("backup", Racing(site, wiki.counter)).acquire()
    assert "at the same moment" in str(lost.value)
    assert parse_lease(pywikibot.Page(site, title).get(force=True)).holder == "toolforge"


def test_the_bot_account_has_the_bot_right_and_a_human_administrator_does_not(site, admin_site):
    from bot.wiki import Wiki

    assert Wiki(site).has_right("bot") and not Wiki(admin_site).has_right("bot")


def test_scheduled_edits_link_the_bots_documentation_in_their_summaries(site, admin_site, pywikibot, registry):
    from bot.wiki import Wiki

    create(pywikibot, admin_site, registry, ["Alpha"])
    assert operation(Wiki.attach(site), registry, io.StringIO(), io.StringIO()).once(["update"]) == 0
    for title in (registry.settings.pages.index, registry.page("Status")):
        comment = next(pywikibot.Page(site, title).revisions(total=1)).comment
        assert comment.endswith(" ([[User:PartnershipsBot|partnerships bot]])"), comment
