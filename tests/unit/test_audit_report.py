"""The audit scripts' shared machinery: report formats, options, errors, exit status, -post."""

from __future__ import annotations

import csv
import html
import io
import json
import subprocess
import sys
from pathlib import Path

import mwparserfromhell
import pytest

from bot.cli.audits import SCRIPTS
from bot.core.audits.report import Field, Report, Section, page_field, render
from bot.core.markers import begin_marker, end_marker
from bot.jobs.audits.context import Progress, confirmation
from bot.wiki import PageCopy, SaveResult

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def sample() -> Report:
    rows = [
        {"page": "P/A", "value": "{{x}}|[[y]]", "count": 3, "items": ("a", "b")},
        {"page": "P/B", "value": "=cmd()", "count": 0, "items": ()},
    ]
    fields = [
        page_field("page", "Page", lambda r: r["page"]),
        Field("value", "Value", lambda r: r["value"]),
        Field("count", "Count", lambda r: r["count"]),
        Field("items", "Items", lambda r: r["items"]),
    ]
    other = [Field("page", "Page", lambda r: r), Field("extra", "Extra", lambda r: r.upper())]
    return Report(
        "sample",
        "Sample audit",
        [
            Section("main", "Main", fields, rows),
            Section("other", "Other", other, ["x"]),
            Section("none", "Nothing", other, [], empty="Nothing here."),
        ],
        2,
        "sample: 2 findings",
        ("A note.",),
    )


def test_the_terminal_table_ends_with_the_summary_line():
    text = render(sample(), "table")
    assert text.splitlines()[-1] == "sample: 2 findings"
    assert "note: A note." in text and "Nothing here." in text and "a; b" in text


def test_csv_is_one_table_with_a_section_column_and_safe_cells():
    rows = list(csv.DictReader(io.StringIO(render(sample(), "csv"))))
    assert list(rows[0]) == ["section", "page", "value", "count", "items", "extra"]
    assert [r["section"] for r in rows] == ["main", "main", "other"]
    assert rows[1]["value"] == "'=cmd()" and rows[0]["items"] == "a; b" and rows[2]["extra"] == "X"


def test_json_keeps_numbers_and_lists():
    data = json.loads(render(sample(), "json"))
    assert data["findings"] == 2 and data["notes"] == ["A note."]
    assert data["sections"]["main"]["rows"][0] == {
        "page": "P/A",
        "value": "{{x}}|[[y]]",
        "count": 3,
        "items": ["a", "b"],
    }


def test_wikitext_goes_through_the_table_engine_and_editors_text_is_inert():
    text = render(sample(), "wiki")
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and [str(link.title) for link in code.filter_wikilinks()] == [":P/A", ":P/B"]
    assert "=== Main ===" in text and html.unescape(text.rstrip().splitlines()[-1]) == "sample: 2 findings"
    assert sample().region == "audit-sample"


def test_progress_is_printed_at_most_once_per_interval():
    err, now = io.StringIO(), [0.0]
    progress = Progress(err, "x", every=1.0, clock=lambda: now[0])
    progress(1, 10)
    now[0] = 1.5
    progress(5, 10)
    progress(6, 10)
    assert err.getvalue() == "x: 5 of 10\n"


def test_without_a_terminal_and_without_always_nothing_is_saved():
    err = io.StringIO()
    confirm = confirmation(err, always=False, simulate=False, stdin=io.StringIO("y\n"))
    assert confirm("P/A", "--- diff\n") is False and "add -always" in err.getvalue()
    assert confirmation(err, always=True, simulate=False) is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_each_diff_is_shown_and_asked_for():
    err = io.StringIO()
    confirm = confirmation(err, always=False, simulate=False, stdin=Terminal("y\nn\n"))
    assert confirm("P/A", "diff one\n") is True and confirm("P/B", "diff two\n") is False
    assert "diff one" in err.getvalue() and "Save P/B? [y/N]" in err.getvalue()


def run(name: str, *argv: str, **kwargs) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = SCRIPTS[name].main(list(argv), out=out, err=err, **kwargs)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_script_has_help_with_examples(name):
    code, out, _ = run(name, "-help")
    assert code == 0 and out.startswith(f"usage: scripts/{name}.py") and "examples:" in out
    assert out.count(f"scripts/{name}.py") >= 3 and "-source:" in out and "-format:" in out and "-post:" in out


@pytest.mark.parametrize(
    "name, folder",
    [
        ("audit_fields", EXAMPLES),
        ("audit_stale", EXAMPLES),
        ("audit_duplicates", EXAMPLES),
        ("audit_orphans", EXAMPLES),
        ("audit_members", EXAMPLES / "working-groups"),
        ("export", EXAMPLES),
    ],
)
def test_every_script_runs_on_a_folder_and_its_last_line_states_the_findings(name, folder):
    code, out, err = run(name, f"-source:dir:{folder}")
    assert code == 0, err
    last = out.rstrip("\n").splitlines()[-1]
    assert last.startswith(f"{name}: ") and ("finding" in last or "exported" in last)
    code, out, err = run(name, f"-source:dir:{folder}", "-format:json")
    assert code == 0 and json.loads(out)
    assert err.rstrip("\n").splitlines()[-1].startswith(f"{name}: ")


def test_export_json_is_the_extract_shape(tmp_path):
    code, out, _ = run("export", f"-source:dir:{EXAMPLES}", "-format:json")
    data = json.loads(out)
    assert code == 0 and {"page", "revision", "record", "problems"} <= set(data[0])
    code, out, _ = run("export", f"-source:dir:{EXAMPLES}", "-format:csv")
    assert next(csv.reader(io.StringIO(out)))[:3] == ["page", "revision", "name"]


def test_a_folder_source_says_it_has_no_edit_times():
    _, out, _ = run("audit_stale", f"-source:dir:{EXAMPLES}", "-today:2026-06-01")
    assert "has no edit times: only last_reviewed is used" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["-nosuch"], "unknown option"),
        (["-format:xml"], "is not one of"),
        (["-source:dir:examples", "-cat:Partnerships"], "need -source:wiki"),
        (["-source:ftp:x"], "unknown source"),
        (["-source:dir:examples", "-post:Bad|title"], "is not a page title"),
    ],
)
def test_unusable_options_exit_2_with_one_line(argv, message):
    code, out, err = run("audit_fields", *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and not out


def test_fix_needs_the_wiki_and_a_script_that_reads_no_registry_refuses_generators():
    assert run("audit_fields", "-source:dir:examples", "-fix")[0] == 2
    code, _, err = run("audit_orphans", "-cat:Partnerships")
    assert code == 2 and "are not used by audit_orphans" in err


def test_operator_errors_exit_1_with_one_line(tmp_path):
    code, _, err = run("audit_fields", f"-source:dir:{tmp_path / 'missing'}")
    assert code == 1 and "cannot read folder" in err and len(err.strip().splitlines()) == 1
    bad = tmp_path / "bot.toml"
    bad.write_text("[audits]\nreview_months = 0\n", encoding="utf-8")
    code, _, err = run("audit_stale", f"-source:dir:{EXAMPLES}", f"-settings:{bad}")
    assert code == 1 and "review_months" in err


class FakeSite:
    def username(self) -> str:
        return "Bot"


class FakeWiki:
    """Just enough of bot.wiki.Wiki for -post: pages in memory."""

    def __init__(self) -> None:
        self.site = FakeSite()
        self.pages = {"User:Bot/Run": "yes"}
        self.creators: dict[str, str] = {}
        self.saves = 0

    def first_revision(self, title: str):
        from bot.wiki import PageRevision

        return PageRevision(1, self.creators.get(title, "Bot")) if title in self.pages else None

    def read_page(self, title: str) -> PageCopy:
        text = self.pages.get(title)
        return PageCopy(title, text is not None, text or "", 1 if text is not None else None)

    def read_pages(self, titles):
        return {title: self.read_page(title) for title in titles}

    def was_deleted(self, title: str) -> bool:
        return False

    def account(self) -> str:
        return "Bot"

    def has_right(self, right: str) -> bool:
        return True

    def save(self, copy, text, *, summary, content_model=None) -> SaveResult:
        self.creators.setdefault(copy.title, "Bot")
        self.summaries = [*getattr(self, "summaries", []), summary]
        self.pages[copy.title] = text
        self.saves += 1
        return SaveResult("saved")


def test_post_publishes_between_the_audits_markers_and_a_second_run_is_a_no_op():
    wiki = FakeWiki()
    connect = lambda: wiki
    argv = ["-source:dir:examples/working-groups", "-post:WG/Audit", "-always"]
    code, _, err = run("audit_members", *argv, connector=connect)
    assert code == 0 and "post: WG/Audit: created" in err
    assert wiki.summaries[0].endswith("([[User:Bot|partnerships bot]])")  # -post edits link the bot's docs too
    assert begin_marker("audit-members") in wiki.pages["WG/Audit"] and "Balance by region" in wiki.pages["WG/Audit"]
    code, _, err = run("audit_members", *argv, connector=connect)
    assert code == 0 and "post: WG/Audit: unchanged" in err and wiki.saves == 1


def test_post_on_a_page_someone_else_wrote_says_which_markers_to_add_and_edits_nothing():
    wiki = FakeWiki()
    wiki.pages["WG/Audit"] = "A page written by people."
    wiki.creators["WG/Audit"] = "Alice"
    code, _, err = run(
        "audit_members", "-source:dir:examples/working-groups", "-post:WG/Audit", "-always", connector=lambda: wiki
    )
    assert code == 1 and wiki.pages["WG/Audit"] == "A page written by people."
    assert "add these two lines" in err
    assert f"  {begin_marker('audit-members')}\n  {end_marker('audit-members')}" in err


def test_several_audits_posted_to_one_page_the_bot_created_each_get_their_region():
    wiki = FakeWiki()
    for script, folder in (("audit_members", "examples/working-groups"), ("audit_fields", "examples")):
        code, _, err = run(script, f"-source:dir:{folder}", "-post:WG/Audit", "-always", connector=lambda: wiki)
        assert code == 0, err
    text = wiki.pages["WG/Audit"]
    assert text.index(begin_marker("audit-members")) < text.index(end_marker("audit-members"))
    assert text.index(end_marker("audit-members")) < text.index(begin_marker("audit-fields"))
    assert end_marker("audit-fields") in text and wiki.saves == 2
    code, _, err = run("audit_fields", "-source:dir:examples", "-post:WG/Audit", "-always", connector=lambda: wiki)
    assert code == 0 and "unchanged" in err and wiki.saves == 2


def test_the_scripts_run_from_any_folder_with_their_shebang_interpreter(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_duplicates.py"), f"-source:dir:{EXAMPLES}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith("audit_duplicates: 0 findings")
    assert (ROOT / "scripts" / "audit_fields.py").read_text().startswith("#!/usr/bin/env python3\n")


def test_a_dump_carries_edit_times_so_stale_uses_them(tmp_path):
    dump = tmp_path / "pages.xml"
    dump.write_text(
        """<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">
<page><title>Partnerships/Idea</title><ns>0</ns><id>1</id>
<revision><id>7</id><timestamp>2020-01-01T00:00:00Z</timestamp>
<text>{{Partnership|name=Idea|partner=X|type=alliance|level=global|status=idea}}</text></revision></page>
</mediawiki>""",
        encoding="utf-8",
    )
    code, out, err = run("audit_stale", f"-source:dump:{dump}", "-format:json", "-today:2026-01-01")
    data = json.loads(out)
    assert code == 0 and not any("no edit times" in n for n in data["notes"])
    [pending] = data["sections"]["pending"]["rows"]
    assert (pending["page"], pending["basis"], pending["since"]) == ("Partnerships/Idea", "last edit", "2020-01-01")


def test_the_audits_section_of_the_settings_is_checked(schema):
    from bot.config import parse_settings
    from bot.errors import ConfigError

    settings = parse_settings(
        {
            "audits": {
                "category": "Category:Registry",
                "roles": {"staff": ["staff", "employee"]},
                "member_pages": ["WG/A"],
            }
        },
        schema=schema,
    )
    assert settings.audits.category == "Registry" and settings.audits.roles == (("staff", ("staff", "employee")),)
    for bad, key in (
        ({"pending_statuses": ["waiting"]}, "pending_statuses"),
        ({"name_similarity": 2}, "name_similarity"),
        ({"member_pages": ["A|B"]}, "member_pages"),
        ({"roles": ["staff"]}, "roles"),
    ):
        with pytest.raises(ConfigError, match=key):
            parse_settings({"audits": bad}, schema=schema)


def test_a_terminal_table_wraps_long_cells_instead_of_cutting_them():
    from bot.core.render.records_output import aligned_table, display_width

    advice = "Check the page and set |last_reviewed= to today's date, then tell the working group what changed."
    text = aligned_table(["Page", "What to do"], [["P/A", advice], ["P/B", "Nothing."]], max_width=30)
    lines = text.splitlines()
    assert all(display_width(line) <= 4 + 2 + 30 for line in lines)
    assert " ".join(" ".join(line[6:].split()) for line in lines[2:] if line.strip()).startswith(advice)
    assert "…" not in text and lines[2].startswith("P/A") and any(line.startswith("P/B") for line in lines)


def test_a_word_longer_than_the_column_is_broken_not_lost():
    from bot.core.render.records_output import wrap

    assert wrap("https://example.org/a/very/long/path", 10) == ["https://ex", "ample.org/", "a/very/lon", "g/path"]
    assert wrap("東京都の大学図書館", 6) == ["東京都", "の大学", "図書館"]
    assert wrap("", 5) == [""]
