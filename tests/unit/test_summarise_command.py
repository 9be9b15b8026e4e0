"""``python -m bot summarise`` offline: the spec's JSON, a table, folder and dump sources, one-line errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.core.discussion import summaries_to_json
from bot.jobs.summarise import find_consultation, summarise_consultation
from bot.sources.offline import DirSource

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "consultations"
DEMO = "Strategy/Wikimedia movement/2018-20/Working Groups/Partnerships/Consultation"
PAGE = (
    "== Q ==\nAn answer. [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)\n:A reply. [[User:Bo|Bo]] 13:00, 5 May 2019 (UTC)\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["summarise", *argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "Talk%3AB.wiki").write_text(PAGE, encoding="utf-8")
    (tmp_path / "Talk%3AA.wiki").write_text("== Empty ==\n", encoding="utf-8")
    return tmp_path


def test_json_is_exactly_summaries_to_json_of_the_example(config):
    code, out, err = run(f"-source:dir:{EXAMPLES}", "-format:json")
    assert code == 0, err
    settings, rules = config.settings, config.rules
    expected = summaries_to_json(
        summarise_consultation(s.title, s.text, find_consultation(settings.consultations, s.title), rules)
        for s in DirSource(EXAMPLES)
    )
    assert out == expected
    [page] = json.loads(out)
    assert page["page"] == DEMO and page["totals"]["comments"] == 26


def test_json_has_the_spec_keys_and_pages_in_title_order(folder):
    code, out, _ = run(f"-source:dir:{folder}", "-format:json")
    data = json.loads(out)
    assert code == 0 and [d["page"] for d in data] == ["Talk:A", "Talk:B"]
    assert list(data[1]) == ["page", "sections", "totals", "problems"]
    assert data[1]["sections"][0]["comments"] == 2 and data[1]["sections"][0]["replies"] == 1
    assert "question" not in data[1]["sections"][0]


def test_a_configured_consultation_is_summarised_with_its_questions_and_dates():
    code, out, _ = run(f"-source:dir:{EXAMPLES}", "-format:json")
    [page] = json.loads(out)
    assert code == 0 and sum("question" in s for s in page["sections"]) == 5
    assert [p["code"] for p in page["problems"]] == ["outside-window"]


def test_the_table_is_the_default_offline_format(folder):
    code, out, _ = run(f"-source:dir:{folder}")
    assert code == 0 and out.index("Talk:A") < out.index("Talk:B")
    assert "2 comments by 2 participants, 2019-05-05 12:34 to 2019-05-05 13:00" in out


def test_a_dump_is_read_like_a_folder(tmp_path):
    dump = tmp_path / "pages.xml"
    text = PAGE.replace("&", "&amp;").replace("<", "&lt;")
    dump.write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><page><title>Talk:B</title><ns>1</ns>'
        f"<id>7</id><revision><id>70</id><timestamp>2019-05-06T00:00:00Z</timestamp><text>{text}</text>"
        "</revision></page></mediawiki>",
        encoding="utf-8",
    )
    code, out, err = run(f"-source:dump:{dump}", "-format:json")
    assert code == 0, err
    assert json.loads(out)[0]["totals"]["comments"] == 2


@pytest.mark.parametrize(
    "argv, message",
    [
        (["-source:ftp:x"], "unknown source"),
        (["-format:xml", "-source:dir:."], "not one of"),
        (["-format:json"], "-format is for offline sources"),
        (["-cat:Consultations"], "page generator options are for extract"),
        (["-frobnicate"], "unknown option"),
    ],
)
def test_unusable_arguments_give_one_line_and_exit_2(argv, message):
    code, _, err = run(*argv)
    assert code == 2 and message in err and err.count("\n") == 1


def test_an_unreadable_folder_gives_one_line_and_exit_1(tmp_path):
    code, _, err = run(f"-source:dir:{tmp_path / 'missing'}", "-format:json")
    assert code == 1 and "does not exist" in err and err.count("\n") == 1


def test_help_names_the_options_and_the_wiki_examples():
    code, out, _ = run("-help")
    assert code == 0 and "-source:wiki|dir:PATH|dump:FILE" in out and "summarise -always" in out
