"""Operator mistakes against the real wiki: each prints exactly one line and exits with the documented status.

Every run here is a real ``python -m bot`` process with a Pywikibot
configuration of its own (a copy of the local wiki's, changed the way an
operator might get it wrong), so the terminal output is exactly what an
operator sees: one line on stderr, no traceback, no Pywikibot retry noise
(that goes to ``<state_dir>/logs/pywikibot.log``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.errors import EXIT_FAILED, EXIT_STOPPED
from tests.integration.wikitools import edit

ROOT = Path(__file__).resolve().parents[2]
NOVICE = "PartnershipsNovice"  # an account without the bot group or editcontentmodel (scripts/localwiki_settings.py)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_config(local_wiki: Any, tmp_path: Path, *, port: int | None = None, bad_password: bool = False) -> Path:
    """A copy of the local wiki's Pywikibot folder, without its login cookies."""
    folder = tmp_path / "pywikibot"
    shutil.copytree(local_wiki.pywikibot_dir, folder, ignore=shutil.ignore_patterns("*.lwp", "apicache*", "logs"))
    config = folder / "user-config.py"
    if port is not None:
        config.write_text(config.read_text().replace(f":{local_wiki.port}/", f":{port}/"), encoding="utf-8")
    if bad_password:
        passwords = folder / "user-password.py"
        text = re.sub(
            r"BotPassword\('bot', '[0-9a-f]+'\)", "BotPassword('bot', '" + "0" * 32 + "')", passwords.read_text()
        )
        passwords.write_text(text, encoding="utf-8")
        os.chmod(passwords, 0o600)
    return folder


def settings_file(tmp_path: Path, prefix: str) -> Path:
    state = tmp_path / "state"
    lines = [
        "[registry]",
        f'prefix = "{prefix}P/"',
        "[pages]",
        f'index = "{prefix}Registry"',
        f'overview = "{prefix}Registry/Overview"',
        f'problems = "{prefix}Registry/Problems"',
        f'data = "{prefix}Registry.json"',
        'lists = ""',
        "[publish]",
        f'run_page = "{prefix}Run"',
        f"state_dir = {json.dumps(str(state))}",
        "[schedule]",
        f"lock_file = {json.dumps(str(state / 'run.lock'))}",
        f'status_page = "{prefix}Status"',
        "[[consultations]]",
        f'page = "{prefix}Consultation"',
        f'target = "{prefix}Consultation/Summary"',
        'marker = "summary"',
    ]
    path = tmp_path / "bot.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def bot(pywikibot_dir: Path, cwd: Path, *argv: str, script: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    env.update(PYWIKIBOT_DIR=str(pywikibot_dir), PYTHONPATH=str(ROOT), HOME=str(cwd))
    command = [sys.executable, str(ROOT / "scripts" / f"{script}.py")] if script else [sys.executable, "-m", "bot"]
    return subprocess.run(
        [*command, *argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )


def only_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr and "WARNING" not in done.stderr, done.stderr
    return lines[0]


@pytest.fixture
def setup(local_wiki, tmp_path, page_prefix, admin_site, pywikibot):
    """The test's own registry (one partnership under its prefix) and run page, as a settings file."""
    edit(pywikibot, admin_site, f"{page_prefix}Run", "yes")
    partnership = "{{Partnership|name=One|partner=Org|type=alliance|level=global|status=active}}"
    edit(pywikibot, admin_site, f"{page_prefix}P/One", partnership)
    return settings_file(tmp_path, page_prefix)


def test_a_stopped_wiki_is_one_line_with_its_host_and_port_and_the_noise_goes_to_the_log(local_wiki, tmp_path, setup):
    port = free_port()
    folder = copy_config(local_wiki, tmp_path, port=port)
    done = bot(folder, tmp_path, "update", f"-settings:{setup}")
    line = only_line(done)
    assert done.returncode == EXIT_FAILED and done.stdout == "", done.stdout
    assert f"the wiki at 127.0.0.1:{port} (http://127.0.0.1:{port}/api.php) does not answer" in line, line
    assert "connection refused" in line and "is it running" in line
    log = (tmp_path / "state" / "logs" / "pywikibot.log").read_text()
    assert "Connection refused" in log  # Pywikibot's retries and tracebacks, kept for the operator


def test_run_once_records_a_wiki_that_does_not_answer_and_status_reports_it(local_wiki, tmp_path, setup):
    folder = copy_config(local_wiki, tmp_path, port=free_port())
    done = bot(folder, tmp_path, "run", "-once", f"-settings:{setup}")
    assert done.returncode == EXIT_FAILED and "does not answer" in only_line(done)
    status = bot(folder, tmp_path, "status", f"-settings:{setup}")
    assert status.returncode == EXIT_FAILED
    assert re.search(r"^update: failed at .* \(the wiki at 127\.0\.0\.1:\d+ .*does not answer", status.stdout, re.M), (
        status.stdout
    )
    recorded = json.loads((tmp_path / "state" / "status.json").read_text())
    assert recorded["jobs"]["update"]["outcome"] == "failed"


def test_a_wrong_password_is_one_line_about_the_login_not_the_network(local_wiki, tmp_path, setup):
    folder = copy_config(local_wiki, tmp_path, bad_password=True)
    done = bot(folder, tmp_path, "summarise", "-simulate", f"-settings:{setup}")
    line = only_line(done)
    assert done.returncode == EXIT_FAILED and done.stdout == ""
    assert "refused the login" in line and "Incorrect username or password" in line, line
    assert "BotPassword" in line and "does not answer" not in line


def test_a_missing_bot_right_stops_run_with_one_line_and_is_on_the_status_page(
    local_wiki, tmp_path, setup, page_prefix, site, pywikibot
):
    folder = copy_config(local_wiki, tmp_path)
    done = bot(folder, tmp_path, "run", "-once", f"-user:{NOVICE}", f"-settings:{setup}")
    assert done.returncode == EXIT_FAILED
    assert (
        f"the account {NOVICE} lacks the 'bot' right: it needs the bot group on the wiki and a BotPassword with "
        "the 'High-volume editing' grant"
    ) in only_line(done)
    status = pywikibot.Page(site, f"{page_prefix}Status").get(force=True)
    assert "update&#58; failed" in status and "lacks the" in status


def test_a_missing_editcontentmodel_right_stops_update_before_its_first_save(
    local_wiki, tmp_path, setup, page_prefix, site, pywikibot
):
    folder = copy_config(local_wiki, tmp_path)
    done = bot(folder, tmp_path, "update", "-always", f"-user:{NOVICE}", f"-settings:{setup}")
    line = only_line(done)
    assert done.returncode == EXIT_FAILED
    assert f"the account {NOVICE} lacks the 'editcontentmodel' right, which creating {page_prefix}Registry.json" in line
    for title in ("Registry", "Registry/Overview", "Registry/Problems", "Registry.json"):
        assert not pywikibot.Page(site, f"{page_prefix}{title}").exists(), title


def test_a_run_page_that_says_no_is_exit_3_in_every_command(
    local_wiki, tmp_path, setup, page_prefix, admin_site, pywikibot
):
    edit(pywikibot, admin_site, f"{page_prefix}Run", "no")
    edit(
        pywikibot, admin_site, f"{page_prefix}Consultation", "== Q ==\nYes. [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)\n"
    )
    folder = copy_config(local_wiki, tmp_path)
    for argv in (["update", "-always"], ["summarise", "-always"], ["deploy", "-always"], ["run", "-once"]):
        done = bot(folder, tmp_path, *argv, f"-settings:{setup}")
        assert done.returncode == EXIT_STOPPED, (argv, done.stdout, done.stderr)
        assert "does not say 'yes'" in done.stdout + done.stderr, argv
    done = bot(
        folder,
        tmp_path,
        "-source:dir:" + str(ROOT / "examples" / "working-groups"),
        f"-post:{page_prefix}Audit",
        "-always",
        f"-settings:{setup}",
        script="audit_members",
    )
    assert done.returncode == EXIT_STOPPED, done.stderr
