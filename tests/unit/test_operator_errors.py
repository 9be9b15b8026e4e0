"""Every operator mistake that needs no wiki: one line on stderr, the documented exit status, in every command.

The mistakes that need the wiki (a stopped server, a wrong password, a
missing right, the run page) are proved on the real wiki in
tests/integration/test_operator_errors.py.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.audits import SCRIPTS
from bot.cli.main import COMMANDS, main
from bot.errors import EXIT_FAILED, EXIT_USAGE, OperatorError
from bot.paths import COUNTRIES_PATH, SCHEMA_PATH, SETTINGS_PATH

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def broken_copy(tmp_path: Path, original: Path, old: str, new: str) -> Path:
    text = original.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / original.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_every_subclass_says_its_exit_status():
    for cls in OperatorError.__subclasses__():
        assert cls.exit_status in (EXIT_FAILED, EXIT_USAGE), cls


def test_a_country_table_naming_a_region_the_schema_lacks_is_one_line_naming_the_line(tmp_path):
    broken = broken_copy(tmp_path, COUNTRIES_PATH, 'KE = { region = "ssa",', 'KE = { region = "sub-saharan",')
    code, out, err = run("extract", f"-source:dir:{EXAMPLES}", f"-country-table:{broken}")
    line = one_line(err)
    number = COUNTRIES_PATH.read_text(encoding="utf-8").split("\nKE = {")[0].count("\n") + 2
    assert code == EXIT_FAILED and out == ""
    assert line.startswith(f"python -m bot extract: {broken}:{number}: country KE has region 'sub-saharan'"), line


def test_a_country_table_that_is_not_toml_is_one_line(tmp_path):
    broken = broken_copy(tmp_path, COUNTRIES_PATH, "[territories]", "[territories")
    code, _, err = run("extract", f"-source:dir:{EXAMPLES}", f"-country-table:{broken}")
    assert code == EXIT_FAILED and "is not valid TOML" in one_line(err)


@pytest.mark.parametrize("command", ["extract", "update", "deploy", "summarise", "run", "status"])
def test_every_command_reads_the_settings_file_it_is_given(tmp_path, command):
    broken = broken_copy(tmp_path, SETTINGS_PATH, "brake = 0.2", "brake = 2")
    code, _, err = run(command, f"-settings:{broken}", "-source:dir:x" if command == "extract" else "-help:no")
    if command != "extract":  # -help:no is not an option: only proves the option list is shared
        assert code == EXIT_USAGE
        code, _, err = run(command, f"-settings:{broken}")
    assert code == EXIT_FAILED, err
    assert f"{broken}: [publish] brake must be a number from 0 to below 1" in one_line(err)


@pytest.mark.parametrize("command", ["extract", "update", "deploy", "summarise", "run", "status"])
def test_every_command_checks_the_schema_it_is_given(tmp_path, command):
    broken = broken_copy(tmp_path, SCHEMA_PATH, 'type = "date"', 'type = "daate"')
    code, _, err = run(command, f"-schema:{broken}")
    assert code == EXIT_FAILED and "has type 'daate'; use one of text, enum" in one_line(err)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_option_is_exit_2_in_every_command(command):
    code, _, err = run(command, "-frobnicate")
    assert code == EXIT_USAGE and "unknown option '-frobnicate'" in one_line(err)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_the_audit_scripts_share_the_options_and_the_exit_statuses(name, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    broken = broken_copy(tmp_path, SETTINGS_PATH, "brake = 0.2", "brake = 2")
    code = SCRIPTS[name].main([f"-settings:{broken}", f"-source:dir:{EXAMPLES}"], out=out, err=err)
    assert code == EXIT_FAILED and "[publish] brake" in one_line(err.getvalue())
    out, err = io.StringIO(), io.StringIO()
    assert SCRIPTS[name].main(["-frobnicate"], out=out, err=err) == EXIT_USAGE


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_help_lists_the_configuration_options_and_the_exit_statuses(command):
    code, out, _ = run(command, "-help")
    assert code == 0
    for option in ("-settings:FILE", "-schema:FILE", "-country-table:FILE"):
        assert option in out, (command, option)
    assert "3 stopped by the run page" in out


def bot_in(env: dict[str, str], cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYWIKIBOT")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=cwd,
        env={**environment, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_without_user_config_the_bot_stops_instead_of_editing_test_wikipedia(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    done = bot_in({"HOME": str(home)}, tmp_path, "update", "-simulate")
    line = one_line(done.stderr)
    assert done.returncode == EXIT_FAILED and done.stdout == ""
    assert "Pywikibot is not configured: no user-config.py" in line and "test.wikipedia.org" in line


def test_a_pywikibot_dir_without_user_config_is_named(tmp_path):
    empty = tmp_path / "pywikibot"
    empty.mkdir()
    done = bot_in({"HOME": str(tmp_path), "PYWIKIBOT_DIR": str(empty)}, tmp_path, "run", "-once", "-job:update")
    assert done.returncode == EXIT_FAILED
    assert f"PYWIKIBOT_DIR={empty} has no user-config.py" in one_line(done.stderr)


def test_a_user_config_that_names_no_wiki_is_refused(tmp_path):
    folder = tmp_path / "pywikibot"
    folder.mkdir()
    (folder / "user-config.py").write_text("put_throttle = 10\n", encoding="utf-8")
    done = bot_in({"HOME": str(tmp_path), "PYWIKIBOT_DIR": str(folder)}, tmp_path, "deploy", "-simulate")
    assert done.returncode == EXIT_FAILED and "names no wiki: set family and mylang" in one_line(done.stderr)
