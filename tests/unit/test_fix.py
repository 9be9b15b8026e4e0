"""-fix: normal forms written into the template, and nothing else touched; saved through the one write path."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from bot.core.extract import extract
from bot.core.fix import plan_fix, rename_target
from bot.core.records import Snapshot
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.core.wikitext import parse
from bot.jobs.audits.fixing import apply_fixes
from bot.publish import Publisher
from bot.sources.offline import DirSource
from bot.wiki import PageCopy, SaveResult
from tests import support

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*DirSource(ROOT / "examples"), *DirSource(ROOT / "tests" / "fixtures" / "registry")]


def fixed(text: str, schema) -> str:
    return plan_fix(text, schema, support.countries()).text


def test_dates_become_iso_and_the_reference_after_them_stays(schema):
    text = "{{Partnership\n| start = June 2009<ref>Licensing update.</ref>\n| last_reviewed = 2018-5-5\n}}"
    assert (
        fixed(text, schema)
        == "{{Partnership\n| start = 2009-06<ref>Licensing update.</ref>\n| last_reviewed = 2018-05-05\n}}"
    )


def test_spellings_become_labels_readers_understand_and_comments_stay(schema):
    text = "{{Partnership|status=Ongoing <!-- e.g. active -->|type=collab|level=worldwide}}"
    assert fixed(text, schema) == "{{Partnership|status=Active <!-- e.g. active -->|type=Collaboration|level=Global}}"


def test_a_value_written_as_its_id_or_its_label_stays(schema):
    for text in ("{{Partnership|status=active|type=Collaboration|regions=ssa|countries=KE, Uganda}}",):
        assert not plan_fix(text, schema, support.countries()).changed


def test_country_names_in_a_list_become_their_english_names_keeping_separators_and_comments(schema):
    text = "{{Partnership\n|countries=Kenia, Ouganda,TUN<!-- not complete -->\n}}"
    assert fixed(text, schema) == "{{Partnership\n|countries=Kenya, Uganda,Tunisia<!-- not complete -->\n}}"


def test_list_items_separated_by_br_and_bullets_are_normalised_one_by_one(schema):
    text = "{{Partnership\n| areas = tech<br>content\n| regions =\n* North Africa\n* West Africa\n}}"
    assert fixed(text, schema) == (
        "{{Partnership\n| areas = Technology<br>content\n| regions =\n* Middle East and North Africa\n"
        "* Sub-Saharan Africa\n}}"
    )


def test_a_region_with_a_comma_in_its_name_is_one_item(schema):
    text = "{{Partnership|regions=East, Southeast Asia and the Pacific, LAC}}"
    assert (
        fixed(text, schema)
        == "{{Partnership|regions=East, Southeast Asia and the Pacific, Latin America and the Caribbean}}"
    )


def test_a_repeated_item_is_removed_with_its_separator(schema):
    text = "{{Partnership|areas=education program, universities, GLAM}}"
    plan = plan_fix(text, schema, support.countries())
    assert plan.text == "{{Partnership|areas=Education, GLAM}}"
    assert "universities removed (repeated)" in plan.summary("Partnership")


def test_markup_and_templates_are_the_editors_choice_and_stay(schema):
    text = (
        "{{Partnership\n| start = {{start date|2011}}\n| countries = [[Kenya]], [[Nigeria|NG]]\n"
        "| status = '''Active'''\n| areas = {{ubl|GLAM-Wiki|tech}}\n}}"
    )
    assert not plan_fix(text, schema, support.countries()).changed


def test_values_the_normaliser_has_something_to_say_about_stay(schema):
    text = "{{Partnership|start=c. 2016|end=01/02/2020|regions=Europe|type=strategic|last_reviewed=31 February 2020}}"
    assert not plan_fix(text, schema, support.countries()).changed


def test_only_the_value_the_registry_reads_is_changed(schema):
    # The same name twice: MediaWiki shows the last; an alias loses to the canonical name.
    text = "{{Partnership|status=ongoing|status=Current|state=Ongoing}}"
    assert fixed(text, schema) == "{{Partnership|status=ongoing|status=Active|state=Ongoing}}"


def test_a_page_without_the_template_or_with_normal_values_is_unchanged(schema):
    for text in ("No template here.", "{{Partnership|status=active|start=2018-05|countries=KE}}"):
        plan = plan_fix(text, schema, support.countries())
        assert not plan.changed and plan.text == text


def test_only_the_first_template_is_fixed(schema):
    text = "{{Partnership|status=Ongoing}}\n{{Partnership|status=Ongoing}}"
    assert fixed(text, schema) == "{{Partnership|status=Active}}\n{{Partnership|status=Ongoing}}"


def test_an_unknown_parameter_is_renamed_when_its_value_fits_one_close_field_only(schema):
    text = "{{Partnership\n| stat = active\n| strat_date = {{start date|2015|3|21}}\n}}"
    plan = plan_fix(text, schema, support.countries())
    assert plan.text == "{{Partnership\n| status = active\n| start = {{start date|2015|3|21}}\n}}"
    assert [c.kind for c in plan.changes] == ["rename", "rename"]


def test_a_renamed_parameter_keeps_the_equals_signs_aligned(schema):
    text = "{{Partnership\n| name       = X\n| stat       = Ongoing\n| type       = alliance\n}}"
    assert fixed(text, schema) == "{{Partnership\n| name       = X\n| status     = Active\n| type       = alliance\n}}"


def test_a_name_only_the_bot_forgives_is_renamed_to_the_canonical_name(schema):
    text = "{{Partnership\n| Name       = X\n| Start_Date = 2019\n| type       = alliance\n}}"
    plan = plan_fix(text, schema, support.countries())
    assert plan.text == "{{Partnership\n| name       = X\n| start      = 2019\n| type       = alliance\n}}"
    assert [(c.kind, c.old, c.new) for c in plan.changes] == [
        ("rename", "Name", "name"),
        ("rename", "Start_Date", "start"),
    ]
    assert "|Name= renamed to |name=" in plan.summary("Partnership")


def test_a_forgiven_name_is_not_renamed_when_the_field_is_also_given_under_a_known_name(schema):
    assert not plan_fix("{{Partnership|start=2019|Start_Date=2020}}", schema, support.countries()).changed


def test_no_rename_when_the_field_is_already_given(schema):
    assert not plan_fix("{{Partnership|status=active|stat=active}}", schema, support.countries()).changed


def test_no_rename_for_a_blank_value_a_short_name_or_a_value_no_close_field_accepts(schema):
    for text in (
        "{{Partnership|strat_date=}}",
        "{{Partnership|st=active}}",
        "{{Partnership|stat=hello}}",
        "{{Partnership|1=active}}",
    ):
        assert not plan_fix(text, schema, support.countries()).changed, text


def test_no_rename_when_two_close_fields_accept_the_value():
    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    for entry in data["fields"]:
        if entry["name"] == "description":
            entry["aliases"] = ["summary", "notes"]
        if entry["name"] == "name":
            entry["aliases"] = ["title", "note"]
    schema = parse_schema(data)
    assert rename_target("notez", parse("some text"), schema, set(), support.countries()) is None
    assert rename_target("descripton", parse("some text"), schema, set(), support.countries()) == "description"


@pytest.mark.parametrize("snapshot", PAGES, ids=lambda s: s.title)
def test_a_fixed_page_reads_as_the_same_record_and_fixing_again_changes_nothing(snapshot, schema):
    plan = plan_fix(snapshot.text, schema, support.countries())
    again = plan_fix(plan.text, schema, support.countries())
    assert not again.changed and again.text == plan.text
    if not any(c.kind == "rename" for c in plan.changes):
        before, after = (
            extract(snapshot, schema, support.countries()),
            extract(Snapshot(snapshot.title, plan.text), schema, support.countries()),
        )
        assert dict(after.values) == dict(before.values)


def skeleton(value) -> list[str]:
    """What a value holds besides its plain text: comments, refs, tags, and its outer white space."""
    text = str(value)
    return [
        text[: len(text) - len(text.lstrip())],
        text[len(text.rstrip()) :],
        *(str(n) for n in value.nodes if type(n).__name__ != "Text"),
    ]


@pytest.mark.parametrize("snapshot", PAGES, ids=lambda s: s.title)
def test_every_byte_outside_the_changed_values_stays(snapshot, schema):
    from bot.core.params import find_templates

    plan = plan_fix(snapshot.text, schema, support.countries())
    before, after = parse(snapshot.text), parse(plan.text)
    old_templates, new_templates = find_templates(before, schema), find_templates(after, schema)
    if not old_templates:
        assert plan.text == snapshot.text
        return
    old, new = old_templates[0], new_templates[0]
    start = snapshot.text.index(str(old))
    assert plan.text[:start] == snapshot.text[:start]
    assert plan.text[start + len(str(new)) :] == snapshot.text[start + len(str(old)) :]
    renamed = {(c.old, c.new) for c in plan.changes if c.kind == "rename"}
    touched = {c.parameter for c in plan.changes if c.kind == "value"}
    assert len(old.params) == len(new.params)
    for a, b in zip(old.params, new.params):
        name_a, name_b = str(a.name).strip(), str(b.name).strip()
        assert name_a == name_b or (name_a, name_b) in renamed
        if str(a.value) != str(b.value):
            assert name_b in touched
            assert skeleton(a.value) == skeleton(b.value)


# --- Saving through the publisher ---------------------------------------------------


class FakeWiki:
    """Pages in memory, with revisions, {{nobots}}, and a hook that edits a page right before a save."""

    def __init__(self, pages: dict[str, str], *, run: str = "yes") -> None:
        self.pages = {"User:Bot/Run": run, **pages}
        self.revisions = {t: 1 for t in self.pages}
        self.saves: list[tuple[str, str]] = []
        self.before_save = None

    def read_page(self, title: str) -> PageCopy:
        if title not in self.pages:
            return PageCopy(title, False)
        text = self.pages[title]
        return PageCopy(title, True, text, self.revisions[title], bots_allowed="{{nobots}}" not in text)

    def read_pages(self, titles):
        return {title: self.read_page(title) for title in titles}

    def was_deleted(self, title: str) -> bool:
        return False

    def has_right(self, right: str) -> bool:
        return True

    def account(self) -> str:
        return "Bot"

    def save(self, copy: PageCopy, text: str, *, summary: str, content_model=None) -> SaveResult:
        if self.before_save:
            self.before_save(self)
        if self.revisions.get(copy.title) != copy.revision:
            return SaveResult("conflict", "the page changed")
        self.pages[copy.title] = text
        self.revisions[copy.title] += 1
        self.saves.append((copy.title, summary))
        return SaveResult("saved")


def run_fix(wiki: FakeWiki, titles, schema, **kwargs):
    publisher = Publisher(wiki, run_page="User:Bot/Run", out=io.StringIO(), **kwargs)
    return apply_fixes(titles, publisher, schema, support.countries())


def test_each_page_is_saved_once_with_every_change_in_the_summary(schema):
    wiki = FakeWiki({"P/A": "{{Partnership|status=Ongoing|start=5 May 2018}}", "P/B": "{{Partnership|status=active}}"})
    outcomes = run_fix(wiki, ["P/A", "P/B"], schema)
    assert [(o.page, o.status, o.changes) for o in outcomes] == [("P/A", "saved", 2), ("P/B", "unchanged", 0)]
    assert wiki.pages["P/A"] == "{{Partnership|status=Active|start=2018-05-05}}"
    assert wiki.saves == [
        ("P/A", "Normalise {{Partnership}}: status: Ongoing → Active; start: 5 May 2018 → 2018-05-05")
    ]


def test_a_human_edit_during_the_fix_is_kept_and_the_fix_is_applied_on_top(schema):
    wiki = FakeWiki({"P/A": "{{Partnership|status=Ongoing}}\nOld text."})

    def human(w):
        w.before_save = None
        w.pages["P/A"] = "{{Partnership|status=Ongoing|type=ally}}\nNew text by a human."
        w.revisions["P/A"] += 1

    wiki.before_save = human
    [outcome] = run_fix(wiki, ["P/A"], schema)
    assert outcome.status == "saved"
    assert wiki.pages["P/A"] == "{{Partnership|status=Active|type=Alliance}}\nNew text by a human."


def test_two_conflicts_skip_the_page_and_say_so(schema):
    wiki = FakeWiki({"P/A": "{{Partnership|status=Ongoing}}"})

    def human(w):
        w.revisions["P/A"] += 1

    wiki.before_save = human
    [outcome] = run_fix(wiki, ["P/A"], schema)
    assert outcome.status == "skipped" and outcome.reason.startswith("edit conflict twice")
    assert wiki.saves == []


def test_the_run_page_nobots_confirmation_and_simulate_are_honoured(schema):
    text = "{{Partnership|status=Ongoing}}"
    stopped = FakeWiki({"P/A": text}, run="no")
    assert run_fix(stopped, ["P/A"], schema)[0].status == "skipped" and not stopped.saves
    excluded = FakeWiki({"P/A": "{{nobots}}" + text})
    assert "nobots" in run_fix(excluded, ["P/A"], schema)[0].reason and not excluded.saves
    refused = FakeWiki({"P/A": text})
    assert run_fix(refused, ["P/A"], schema, confirm=lambda title, diff: False)[0].reason == "not confirmed"
    simulated = FakeWiki({"P/A": text}, run="no")
    assert run_fix(simulated, ["P/A"], schema, simulate=True)[0].status == "simulated" and not simulated.saves
    assert simulated.pages["P/A"] == text


def test_unbalanced_bold_does_not_hide_the_parameters_after_it(schema):
    """MediaWiki splits parameters before it reads bold and italic; so does -fix (as extract does)."""
    text = "{{Partnership\n| name = '''unbalanced ''\n| status = Ongoing\n| type = ally\n}}"
    assert fixed(text, schema) == "{{Partnership\n| name = '''unbalanced ''\n| status = Active\n| type = Alliance\n}}"
