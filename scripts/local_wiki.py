#!/usr/bin/env python3
"""Run a throw-away MediaWiki on 127.0.0.1 for developing and testing the bot.

It uses Debian's ``mediawiki`` package (1.39 LTS) with SQLite, served by PHP's
built-in web server, and keeps everything under ``<repo>/.localwiki/``.

Examples:
  python3 scripts/local_wiki.py start         # install on first use, then serve
  eval "$(python3 scripts/local_wiki.py env)" # point Pywikibot at it
  python3 scripts/local_wiki.py seed          # load examples/ and onwiki/
  python3 scripts/local_wiki.py seed --dir tests/fixtures/pages
  python3 scripts/local_wiki.py status; python3 scripts/local_wiki.py stop
  LOCALWIKI_PORT=8081 python3 scripts/local_wiki.py reset

Exit codes: 0 ok, 1 failure, 2 missing packages (not root), 3 not running (status).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import localwiki_settings
import localwiki_xml
from localwiki_settings import ADMIN_USER, BOT_USER

REPO_ROOT = Path(__file__).resolve().parent.parent
MEDIAWIKI_DIR = Path("/usr/share/mediawiki")
PACKAGES = ("mediawiki", "php-cli", "php-sqlite3", "php-intl", "php-mbstring", "php-xml", "php-luasandbox", "lua5.1")
# Headless Chromium and its driver, for the end-to-end browser test of the published tables.
BROWSER_PACKAGES = ("chromium", "chromium-driver")
EXTENSIONS = ("ParserFunctions", "TemplateData", "Cite", "Scribunto", "InputBox")
SITE_NAME = "Local Meta"
DEFAULT_PORT = 8080
START_TIMEOUT = 30.0
# Folders seeded by default, in this order: the project's own on-wiki pages first, then
# the example registry pages, a sample consultation and a working-group page.
DEFAULT_SEED_DIRS = ("onwiki", "examples", "examples/consultations", "examples/working-groups", "examples/pages")
RUN_PAGE = ("User:PartnershipsBot/Run", "yes")
# Languages with a messages file (i18n/<code>.json; qqq.json documents them and is none).
I18N_DIR = REPO_ROOT / "i18n"


def lang_pages(folder: Path = I18N_DIR) -> list[tuple[str, str]]:
    """``MediaWiki:Lang`` (``en``) and ``MediaWiki:Lang/<code>`` for every language with messages.

    ``{{int:lang}}`` is the text of MediaWiki:Lang in the reader's interface
    language: the language code itself, as on Meta-Wiki, where templates (and
    Module:Partnerships) use it to speak the reader's language. A language
    without its subpage falls back as MediaWiki's messages do (``de-at`` to
    ``de``, most to ``en``).
    """
    codes = sorted(path.stem for path in folder.glob("*.json") if path.stem not in ("qqq", "en"))
    return [("MediaWiki:Lang", "en"), *((f"MediaWiki:Lang/{code}", code) for code in codes)]


class LocalWikiError(Exception):
    """A failure the operator can fix; printed as one line, never a traceback."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Layout:
    """Where the local wiki lives and which port it is served on."""

    root: Path
    port: int

    def path(self, name: str) -> Path:
        return self.root / name

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"


def say(message: str) -> None:
    print(f"local_wiki: {message}", flush=True)


def layout_from_env() -> Layout:
    raw = os.environ.get("LOCALWIKI_PORT", str(DEFAULT_PORT))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise LocalWikiError(f"LOCALWIKI_PORT={raw!r} is not a port number")
    return Layout(REPO_ROOT / ".localwiki", int(raw))


def run(cmd: list[str], *, what: str, env: dict[str, str] | None = None) -> str:
    """Run a command; on failure raise with the last lines of its output."""
    try:
        done = subprocess.run(
            cmd,
            env=env,
            cwd=MEDIAWIKI_DIR if MEDIAWIKI_DIR.is_dir() else None,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        raise LocalWikiError(f"{what} failed: {cmd[0]} is not installed") from None
    if done.returncode != 0:
        tail = " | ".join((done.stdout + done.stderr).strip().splitlines()[-3:])
        raise LocalWikiError(f"{what} failed (exit {done.returncode}): {tail}")
    return done.stdout


def php(layout: Layout, script: str, *args: str, what: str) -> str:
    """Run a MediaWiki maintenance script against the local wiki's settings."""
    env = {**os.environ, "MW_CONFIG_FILE": str(layout.path("LocalSettings.php"))}
    return run(["php", str(MEDIAWIKI_DIR / "maintenance" / script), *args], what=what, env=env)


def missing_packages(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    def installed(name: str) -> bool:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True)
        return done.returncode == 0 and done.stdout.endswith(" installed")

    try:
        return [name for name in packages if not installed(name)]
    except FileNotFoundError:
        raise LocalWikiError("dpkg-query not found: this script needs Debian or Ubuntu") from None


def ensure_packages(packages: tuple[str, ...] = PACKAGES) -> None:
    """Install missing Debian packages as root; otherwise say what to run (exit 2)."""
    missing = missing_packages(packages)
    if not missing:
        return
    install = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0:
        raise LocalWikiError(
            f"missing Debian packages {', '.join(missing)}; run: sudo apt-get update && "
            f"sudo DEBIAN_FRONTEND=noninteractive {install}",
            exit_code=2,
        )
    say(f"installing Debian packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update"], what="apt-get update", env=env)
    with services_not_started():
        run(shlex.split(install), what="apt-get install", env=env)


@contextlib.contextmanager
def services_not_started() -> Iterator[None]:
    """Keep apt from starting the Apache that ``mediawiki`` depends on.

    Debian's ``policy-rc.d`` convention: while the file exists and exits 101,
    package scripts may not start services. Without it, Apache would listen on
    port 80 on every address; the local wiki is served by PHP on 127.0.0.1 only.
    An existing policy file is left as it is.
    """
    policy = Path("/usr/sbin/policy-rc.d")
    if policy.exists():
        yield
        return
    policy.write_text("#!/bin/sh\n# written by scripts/local_wiki.py during apt-get install\nexit 101\n")
    policy.chmod(0o755)
    try:
        yield
    finally:
        policy.unlink(missing_ok=True)


def load_credentials(layout: Layout) -> dict[str, str]:
    """Return the accounts' passwords, generating them once (file mode 600)."""
    path = layout.path("credentials.json")
    if path.exists():
        creds = json.loads(path.read_text("utf-8"))
        # Older installs could draw a password starting with "-", which the
        # maintenance scripts read as options: such a set is drawn again.
        if not any(value.startswith("-") for value in creds.values()):
            fresh = localwiki_settings.new_credentials()
            if set(fresh) - set(creds):  # an account added since this install: give it a password
                creds = {**fresh, **creds}
                write_private(path, json.dumps(creds, indent=2) + "\n")
            return creds
    creds = localwiki_settings.new_credentials()
    write_private(path, json.dumps(creds, indent=2) + "\n")
    return creds


def write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)


def available_extensions() -> list[str]:
    folder = MEDIAWIKI_DIR / "extensions"
    found = [name for name in EXTENSIONS if (folder / name / "extension.json").is_file()]
    for name in sorted(set(EXTENSIONS) - set(found)):
        say(f"warning: extension {name} is not in {MEDIAWIKI_DIR}/extensions; skipping it")
    return found


def install(layout: Layout) -> None:
    """Create the SQLite wiki, its settings, the accounts and their BotPasswords."""
    for leftover in ("LocalSettings.php", "data", "accounts"):  # from an install that stopped half-way
        target = layout.path(leftover)
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    layout.path("cache").mkdir(parents=True, exist_ok=True)
    creds = load_credentials(layout)
    say(f"installing MediaWiki into {layout.root}")
    run(
        [
            "php",
            str(MEDIAWIKI_DIR / "maintenance" / "install.php"),
            "--dbtype=sqlite",
            f"--dbpath={layout.path('data')}",
            "--dbname=wiki",
            f"--server={layout.url}",
            "--scriptpath=",
            f"--confpath={layout.root}",
            f"--pass={creds['admin_password']}",
            "--skins=Vector",
            "--extensions=" + ",".join(available_extensions()),
            SITE_NAME,
            ADMIN_USER,
        ],
        what="install.php",
    )
    write_server_settings(layout)
    write_project_settings(layout)
    ensure_accounts(layout)
    layout.path("installed").write_text("ok\n", encoding="utf-8")


def ensure_accounts(layout: Layout) -> None:
    """Create the accounts and BotPasswords this install lacks (all of them on a new wiki).

    The file ``accounts`` lists those made, so an older install gains an
    account added since (the novice account of the rights tests) at its
    next ``start``, and nothing is created twice.
    """
    creds = load_credentials(layout)
    done_file = layout.path("accounts")
    done = set(done_file.read_text("utf-8").split()) if done_file.exists() else set()
    if not done and layout.path("installed").exists():
        done = {BOT_USER, ADMIN_USER, f"{BOT_USER}@bot", f"{ADMIN_USER}@admin"}  # made by installs before this file
    for user, key, bot in localwiki_settings.ACCOUNTS:
        if user not in done:
            say(f"creating account {user}")
            flags = ["--bot"] if bot else []
            php(layout, "createAndPromote.php", *flags, user, creds[key], what=f"createAndPromote.php for {user}")
            done.add(user)
    for account in localwiki_settings.BOT_PASSWORDS:
        name = f"{account.user}@{account.app}"
        if name not in done:
            say(f"creating BotPassword {name}")
            php(
                layout,
                "createBotPassword.php",
                f"--appid={account.app}",
                "--grants=" + ",".join(account.grants),
                account.user,
                creds[account.key],
                what=f"createBotPassword.php for {account.user}",
            )
            done.add(name)
    done_file.write_text("\n".join(sorted(done)) + "\n", encoding="utf-8")


def write_project_settings(layout: Layout) -> None:
    """Rewrite project-settings.php, and make LocalSettings.php require it (once)."""
    lua = shutil.which("lua5.1") or "/usr/bin/lua5.1"
    layout.path("project-settings.php").write_text(localwiki_settings.extra_settings(lua_path=lua), encoding="utf-8")
    local = layout.path("LocalSettings.php")
    text = local.read_text(encoding="utf-8")
    if localwiki_settings.PROJECT_SETTINGS_REQUIRE not in text:
        with local.open("a", encoding="utf-8") as handle:
            handle.write("\n" + localwiki_settings.PROJECT_SETTINGS_REQUIRE)


def write_server_settings(layout: Layout) -> None:
    layout.path("server.php").write_text(localwiki_settings.server_settings(layout.url), encoding="utf-8")


def write_pywikibot_config(layout: Layout) -> None:
    """Write user-config.py and user-password.py (mode 600, as Pywikibot demands)."""
    creds = load_credentials(layout)
    folder = layout.path("pywikibot")
    folder.mkdir(exist_ok=True)
    config, text = folder / "user-config.py", localwiki_settings.user_config(port=layout.port)
    if config.exists() and config.read_text("utf-8") != text:
        for cache in folder.glob("apicache*"):  # cached siteinfo names the old port
            shutil.rmtree(cache)
    config.write_text(text, encoding="utf-8")
    write_private(folder / "user-password.py", localwiki_settings.password_file(creds))


def api(layout: Layout, params: dict[str, str], *, timeout: float = 30.0) -> dict:
    """POST an API request; raise OSError or ValueError when the wiki does not answer."""
    data = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"}).encode()
    with urllib.request.urlopen(layout.api_url, data=data, timeout=timeout) as response:
        return json.load(response)


def query_wiki(layout: Layout, params: dict[str, str]) -> dict:
    """Like api(), but a wiki that stops answering is an operator's error."""
    try:
        return api(layout, params)
    except (OSError, ValueError) as error:
        raise LocalWikiError(
            f"the API at {layout.api_url} failed ({error}); server.log ends: {log_tail(layout)}"
        ) from None


def answering(layout: Layout) -> dict | None:
    """Return siteinfo if a wiki answers on the port, else None."""
    try:
        return api(layout, {"action": "query", "meta": "siteinfo", "siprop": "general|statistics"}, timeout=5)
    except (OSError, ValueError):
        return None


def port_in_use(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def server_pid(layout: Layout) -> int | None:
    """Return the pid in server.pid if that process is still our PHP server."""
    return server_process(layout)[0]


def running_port(layout: Layout) -> int | None:
    """Return the port our PHP server listens on, read from its command line."""
    return server_process(layout)[1]


def server_process(layout: Layout) -> tuple[int, int] | tuple[None, None]:
    try:
        pid = int(layout.path("server.pid").read_text().strip())
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        host, port = argv[argv.index("-S") + 1].rsplit(":", 1)
        return (pid, int(port)) if argv[0].endswith("php") and host == "127.0.0.1" else (None, None)
    except (OSError, ValueError, IndexError):
        return None, None


def alive(pid: int) -> bool:
    """Whether a process runs; a zombie waiting for init to reap it does not."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def start(layout: Layout) -> None:
    """Install if needed and serve the wiki; harmless when it already runs."""
    ensure_packages()
    layout.root.mkdir(exist_ok=True)
    fresh = not layout.path("installed").exists()
    if fresh:
        install(layout)
    else:
        say(f"wiki already installed in {layout.root}")
    live = running_port(layout)
    if live is not None and live != layout.port:
        raise LocalWikiError(f"the wiki is already served on port {live}; run `stop` first to use port {layout.port}")
    write_server_settings(layout)
    write_project_settings(layout)
    ensure_accounts(layout)
    write_pywikibot_config(layout)
    if live is not None and answering(layout):
        say(f"server already running (pid {server_pid(layout)})")
    else:
        if live is not None:
            stop(layout)
        if port_in_use(layout.port):
            raise LocalWikiError(f"port {layout.port} is used by another program; set LOCALWIKI_PORT")
        launch(layout)
    if fresh:
        # The bot writes only while its run page says "yes" (as on Meta-Wiki);
        # a new wiki gets that page at once, so `deploy` works before any seed.
        seed(layout, [])
    say(f"wiki at {layout.url}/index.php  (API {layout.api_url})")
    say(f"PYWIKIBOT_DIR={layout.path('pywikibot')}")


def launch(layout: Layout) -> None:
    """Start PHP's built-in server detached, then wait for the API to answer."""
    say(f"starting PHP server on 127.0.0.1:{layout.port} (log {layout.path('server.log')})")
    # Two workers, so one slow request (a Lua module, a job) does not block the next.
    env = {**os.environ, "MW_CONFIG_FILE": str(layout.path("LocalSettings.php")), "PHP_CLI_SERVER_WORKERS": "2"}
    with layout.path("server.log").open("ab") as log:
        server = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{layout.port}", "-t", str(MEDIAWIKI_DIR)],
            cwd=MEDIAWIKI_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    layout.path("server.pid").write_text(f"{server.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT
    problem = f"the API did not answer within {START_TIMEOUT:.0f} s"
    while time.monotonic() < deadline and server.poll() is None:
        try:
            api(layout, {"action": "query", "meta": "siteinfo"}, timeout=5)
            return
        except (urllib.error.HTTPError, ValueError) as error:  # PHP runs, but MediaWiki fails
            problem = f"the API answers with an error ({error})"
            break
        except OSError:  # not listening yet
            time.sleep(0.2)
    stop(layout, quiet=True)
    raise LocalWikiError(f"{problem}; server.log ends: {log_tail(layout)}")


def log_tail(layout: Layout) -> str:
    try:
        lines = layout.path("server.log").read_text("utf-8", "replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return " | ".join(lines[-3:]) or "(empty)"


def stop(layout: Layout, *, quiet: bool = False) -> None:
    """Stop the server's process group (the workers too); fine when none runs."""
    pid = server_pid(layout)
    if pid is None and not quiet:
        say("server not running")
    if pid is not None:
        if not quiet:
            say(f"stopping server (pid {pid})")
        try:
            os.killpg(pid, signal.SIGTERM)
            for _ in range(50):
                if not alive(pid):
                    break
                time.sleep(0.1)
            else:
                os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it ended by itself meanwhile
    # Remove the pid file only if it still names the server stopped here: a
    # `start` from another process may have written its own server's pid meanwhile.
    if server_pid(layout) in (pid, None):
        layout.path("server.pid").unlink(missing_ok=True)


def status(layout: Layout) -> int:
    port = running_port(layout)
    info = answering(Layout(layout.root, port)) if port else None
    if not info:
        say(f"stopped ({'installed' if layout.path('installed').exists() else 'not installed'})")
        return 3
    live = Layout(layout.root, port)
    pages = info["query"]["statistics"]["pages"]
    version = info["query"]["general"]["generator"]
    say(f"running at {live.url} (pid {server_pid(layout)}), {pages} pages, {version}")
    return 0


def reset(layout: Layout) -> None:
    stop(layout)
    if layout.root.exists():
        say(f"deleting {layout.root}")
        shutil.rmtree(layout.root)
    start(layout)


def seed(layout: Layout, folders: list[Path]) -> None:
    """Import the pages of folders of .wiki files, skipping pages whose text is unchanged."""
    start(layout)
    built_in = [RUN_PAGE, *lang_pages()]
    pages = [localwiki_xml.SeedPage(title, text, Path("(built in)")) for title, text in built_in]
    for folder in folders:
        shown = folder.relative_to(REPO_ROOT) if folder.is_relative_to(REPO_ROOT) else folder
        if not folder.is_dir():
            say(f"{shown}/ does not exist yet; skipping it")
            continue
        found = localwiki_xml.read_folder(folder)
        say(f"found {len(found)} .wiki files in {shown}/")
        pages.extend(found)
    clashes = localwiki_xml.find_duplicates(pages)
    if clashes:
        title, paths = next(iter(clashes.items()))
        files = ", ".join(map(str, paths))
        raise localwiki_xml.SeedError(f"{len(paths)} files name the page {title!r}: {files}")
    current = localwiki_xml.current_pages(lambda params: query_wiki(layout, params), [p.title for p in pages])
    plan = localwiki_xml.plan_import(pages, current)
    say(f"{plan.new} new, {plan.changed} changed, {plan.unchanged} unchanged pages")
    if not plan.pages:
        return
    now = dt.datetime.now(dt.UTC)
    # A file of this run's own: two seeds at once must not read each other's half-written export.
    handle, name = tempfile.mkstemp(prefix="seed-", suffix=".xml", dir=layout.root)
    dump = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(localwiki_xml.export_xml(plan.pages, moment=now))
        say(f"importing {len(plan.pages)} pages with importDump.php (links tables updated as it goes)")
        php(layout, "importDump.php", str(dump), what="importDump.php")
    finally:
        dump.unlink(missing_ok=True)
    say("rebuilding recent changes, running jobs, updating site statistics")
    php(layout, "rebuildrecentchanges.php", what="rebuildrecentchanges.php")
    php(layout, "runJobs.php", what="runJobs.php")
    php(layout, "initSiteStats.php", "--update", what="initSiteStats.php")


def run_jobs(layout: Layout) -> None:
    """Run every queued job: MediaWiki renders the pages that use a changed page again in jobs.

    On Meta-Wiki job runners do this within minutes of an edit; the built-in
    server here runs none in the background, so tests and the demo run them
    when they need pages that show the data page (infoboxes, lists) current.
    """
    # An edit queues its jobs in an update that runs after MediaWiki has answered
    # the request, so jobs of an edit made a moment ago may not be queued yet:
    # wait a little, and run the queue until it is empty (a few rounds at most).
    for _ in range(5):
        time.sleep(1)
        php(layout, "runJobs.php", "--maxtime=300", what="runJobs.php")
        left = php(layout, "showJobs.php", what="showJobs.php").strip()
        if left in ("", "0"):
            return


def print_env(layout: Layout) -> None:
    port = running_port(layout) or layout.port
    print(f"export PYWIKIBOT_DIR={shlex.quote(str(layout.path('pywikibot')))}")
    print(f"export LOCALWIKI_PORT={port}")
    print(f"export LOCALWIKI_URL={shlex.quote(Layout(layout.root, port).url)}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="local_wiki.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("start", help="install on first use, then serve the wiki (idempotent)")
    commands.add_parser("stop", help="stop the server")
    commands.add_parser("status", help="say whether it runs (exit 0) or not (exit 3)")
    commands.add_parser("reset", help="stop, delete .localwiki/ and start afresh")
    seeder = commands.add_parser(
        "seed",
        help="load folders of .wiki files (title = URL-decoded file name)",
        epilog="example: local_wiki.py seed --dir examples --dir onwiki",
    )
    seeder.add_argument(
        "--dir",
        dest="dirs",
        action="append",
        type=Path,
        metavar="DIR",
        help=f"folder to load (repeatable; default: {' and '.join(DEFAULT_SEED_DIRS)})",
    )
    commands.add_parser("env", help="print `export PYWIKIBOT_DIR=...` lines for eval")
    commands.add_parser(
        "run-jobs",
        help="run MediaWiki's job queue now (pages that show the data page are rendered again), as Meta's runners do",
    )
    commands.add_parser("ensure-browser", help="install headless Chromium and its driver (for the browser test)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        layout = layout_from_env()
        if args.command == "seed":
            folders = args.dirs or [REPO_ROOT / name for name in DEFAULT_SEED_DIRS]
            seed(layout, [folder.resolve() for folder in folders])
        elif args.command == "status":
            return status(layout)
        elif args.command == "env":
            print_env(layout)
        elif args.command == "ensure-browser":
            ensure_packages(BROWSER_PACKAGES)
        elif args.command == "run-jobs":
            run_jobs(layout)
        else:
            {"start": start, "stop": stop, "reset": reset}[args.command](layout)
    except (LocalWikiError, localwiki_xml.SeedError) as error:
        print(f"local_wiki: error: {error}", file=sys.stderr)
        return getattr(error, "exit_code", 1)
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
