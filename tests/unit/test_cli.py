"""The command line: offline extract, formats, help and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "Partnerships%2FB.wiki").write_text(
        "{{Partnership|name=Bee|partner=B Org|type=ally|level=Global|status=Ongoing|start=5 May 2018}}",
        encoding="utf-8",
    )
    (tmp_path / "Partnerships%2FA.wiki").write_text("No template here.", encoding="utf-8")
    return tmp_path


def test_json_output_has_the_spec_shape_in_title_order(folder):
    code, out, err = run("extract", f"-source:dir:{folder}", "-format:json")
    assert code == 0, err
    data = json.loads(out)
    assert [d["page"] for d in data] == ["Partnerships/A", "Partnerships/B"]
    assert set(data[1]) >= {"page", "revision", "record", "problems"}
    assert data[1]["record"]["type"] == "alliance" and data[1]["record"]["start"] == "2018-05-05"
    assert data[0]["problems"][0]["code"] == "no-template"
    assert set(data[1]["problems"][0]) >= {"field", "code", "severity", "message", "value"}


def test_csv_output_has_one_row_per_page(folder):
    code, out, _ = run("extract", f"-source:dir:{folder}", "-format:csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["page"] for r in rows] == ["Partnerships/A", "Partnerships/B"]
    assert rows[1]["status"] == "active"


def test_table_output_ends_with_a_count_line(folder):
    code, out, _ = run("extract", f"-source:dir:{folder}", "-format:table")
    assert code == 0 and "Bee" in out and out.rstrip().endswith("problems")


def test_pywikibot_global_options_are_accepted_offline(folder):
    code, _, err = run("extract", f"-source:dir:{folder}", "-format:json", "-simulate", "-lang:meta", "-family:meta")
    assert code == 0, err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["extract", "-source:ftp:x"], "unknown source"),
        (["extract", "-format:xml", "-source:dir:."], "not one of"),
        (["extract", "-frobnicate"], "unknown option"),
        (["extract", "-format"], "needs a value"),
        (["frobnicate"], "unknown command"),
    ],
)
def test_unusable_arguments_give_one_line_and_exit_2(argv, message):
    code, _, err = run(*argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_an_unreadable_source_gives_one_line_and_exit_1(tmp_path):
    code, _, err = run("extract", f"-source:dir:{tmp_path / 'missing'}")
    assert code == 1 and "does not exist" in err and err.count("\n") == 1


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_documents_itself_with_examples(name):
    code, out, _ = run(name, "-help")
    assert code == 0 and "usage:" in out and "examples:" in out
    for option in COMMANDS[name].options:
        assert f"-{option.name}" in out


def test_the_module_runs_with_no_pywikibot_configuration(folder, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PYWIKIBOT_DIR": str(tmp_path / "empty"), "HOME": str(tmp_path)}
    (tmp_path / "empty").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "bot", "extract", f"-source:dir:{folder}", "-format:json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[1]["record"]["name"] == "Bee"
