"""The deploy job on an in-memory wiki with page histories (the real wiki: tests/integration/test_deploy.py)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.markers import begin_marker, end_marker
from bot.core.onwiki import load_sources
from bot.jobs.context import JobContext
from bot.jobs.deploy import DeployOptions, edits_by_others, run_deploy
from bot.sources.state import load_state
from bot.wiki import PageCopy, PageRevision, SaveResult
from tests import support

BOT, HUMAN = "PartnershipsBot", "Admin"
RUN = "User:PartnershipsBot/Run"


class _Site:
    def username(self) -> str:
        return BOT


@dataclass
class HistoryWiki:
    """Pages with revisions by user; ``before_save`` lets a test act between deploy's read and its save."""

    revisions: dict[str, list[PageRevision]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    before_save: list = field(default_factory=list)
    saves: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    key: str = "memory:test"
    next_id: int = 100

    def edit(self, title: str, text: str, user: str, summary: str = "") -> int:
        self.next_id += 1
        self.revisions.setdefault(title, []).append(PageRevision(self.next_id, user, f"t{self.next_id}", summary))
        self.texts[self.next_id] = text
        return self.next_id

    def text(self, title: str) -> str | None:
        history = self.revisions.get(title)
        return self.texts[history[-1].revid] if history else None

    @property
    def site(self):
        return _Site()

    def account(self) -> str:
        return BOT

    def read_pages(self, titles):
        self.requests += 1
        return {title: self.read_page(title) for title in titles}

    def read_page(self, title: str) -> PageCopy:
        history = self.revisions.get(title)
        if not history:
            return PageCopy(title, False)
        return PageCopy(title, True, self.texts[history[-1].revid], revision=history[-1].revid)

    def was_deleted(self, title: str) -> bool:
        return False

    def has_right(self, right: str) -> bool:
        return True

    def history(self, title: str):
        return iter(reversed(self.revisions.get(title, [])))

    def save(self, copy: PageCopy, text: str, *, summary: str, content_model=None) -> SaveResult:
        if self.before_save:
            self.before_save.pop(0)(self)
        current = self.read_page(copy.title)
        if current.exists != copy.exists or current.revision != copy.revision:
            return SaveResult("conflict", "edit conflict")
        self.saves.append((copy.title, summary))
        return SaveResult("saved", revision=self.edit(copy.title, text, BOT, summary))


@pytest.fixture
def wiki():
    memory = HistoryWiki()
    memory.edit(RUN, "yes", HUMAN)
    return memory


@pytest.fixture
def settings(tmp_path):
    return replace(Settings(), publish=replace(Settings().publish, state_dir=str(tmp_path)))


def deploy(wiki, schema, settings, *, simulate=False, **options):
    out = io.StringIO()
    config = replace(support.configuration(), schema=schema, settings=settings)
    ctx = JobContext.on(wiki, config, out, simulate=simulate)
    report = run_deploy(ctx, DeployOptions(**options), sources=load_sources())
    return report, out.getvalue()


def test_edits_since_the_recorded_deploy_count_except_the_bots_own():
    history = [PageRevision(9, "Admin"), PageRevision(8, BOT), PageRevision(7, "Someone"), PageRevision(5, BOT)]
    assert [r.revid for r in edits_by_others(history, since=7, bot=BOT)] == [9]
    assert [r.revid for r in edits_by_others(history, since=5, bot=BOT)] == [9, 7]


def test_without_a_record_the_history_is_read_back_to_the_bots_last_edit():
    history = [PageRevision(9, "Admin"), PageRevision(8, BOT), PageRevision(7, "Someone")]
    assert [r.revid for r in edits_by_others(history, since=None, bot=BOT)] == [9]
    assert [r.revid for r in edits_by_others(history[2:], since=None, bot=BOT)] == [7]
    assert edits_by_others(iter(history[1:]), since=None, bot=BOT) == []


def test_the_first_deploy_creates_every_page_and_the_second_makes_no_edit(wiki, schema, settings):
    report, out = deploy(wiki, schema, settings)
    assert report.ok and report.count("created") == 12 and report.edits == 12
    assert all(
        summary == f"Deploy from schema v1: new page ([[User:{BOT}|partnerships bot]])" for _, summary in wiki.saves
    )
    recorded = load_state(Path(settings.publish.state_dir) / "deploy.json", key=wiki.key).data["pages"]
    assert set(recorded) == {title for title, _ in wiki.saves}
    again, out = deploy(wiki, schema, settings)
    assert again.ok and again.edits == 0 and again.count("unchanged") == 12
    assert "deploy: 12 pages (12 unchanged), 0 edits" in out


def test_a_human_edit_blocks_the_page_until_force_shows_the_diff_and_names_the_editor(wiki, schema, settings):
    deploy(wiki, schema, settings)
    template = "Template:Partnership"
    wiki.edit(template, wiki.text(template).replace("|infobox}}", "|infobox2}}"), HUMAN, "left please")
    report, out = deploy(wiki, schema, settings)
    assert not report.ok and report.edits == 0
    blocked = next(o for o in report.outcomes if o.title == template)
    assert blocked.status == "skipped" and "edited by Admin" in blocked.reason
    assert "Admin, t" in out and '"left please"' in out
    lines = out.splitlines()
    assert any(line.startswith("-") and "|infobox2}}" in line for line in lines)
    assert any(line.startswith("+") and "|infobox}}" in line for line in lines)
    assert "|infobox2}}" in wiki.text(template)
    forced, _ = deploy(wiki, schema, settings, force=True)
    assert forced.ok and forced.edits == 1 and "|infobox}}" in wiki.text(template)
    assert wiki.saves[-1][1].endswith("replaces edits by Admin (-force) ([[User:PartnershipsBot|partnerships bot]])")
    assert deploy(wiki, schema, settings)[0].edits == 0


def test_without_state_a_page_someone_else_wrote_is_not_overwritten(wiki, schema, settings):
    wiki.edit("Template:Partnership", "{{Some hand-made infobox}}", HUMAN)
    report, out = deploy(wiki, schema, settings)
    assert "Template:Partnership: edited by someone else" in out
    assert wiki.text("Template:Partnership") == "{{Some hand-made infobox}}"
    assert report.count("created") == 11


def test_the_update_jobs_own_edits_to_the_main_page_do_not_block_and_the_index_is_kept(wiki, schema, settings):
    deploy(wiki, schema, settings)
    main = "Partnerships/Registry"
    B, E = begin_marker("index"), end_marker("index")
    text = wiki.text(main)
    wiki.edit(
        main,
        text[: text.index(B) + len(B)] + "\n''Updated by the bot: now''\n{| index\n|}\n" + text[text.index(E) :],
        BOT,
    )
    sources = {**load_sources(), "main": load_sources()["main"].replace("<<intro>>", "<<intro>> THE END.")}
    out = io.StringIO()
    config = replace(support.configuration(), schema=schema, settings=settings)
    report = run_deploy(JobContext.on(wiki, config, out), DeployOptions(), sources=sources)
    assert report.ok and report.edits == 1
    assert "THE END." in wiki.text(main) and "{| index\n|}" in wiki.text(main)
    assert "the index is kept" in wiki.saves[-1][1]


def test_simulate_shows_the_diffs_and_writes_nothing(wiki, schema, settings):
    report, out = deploy(wiki, schema, settings, simulate=True)
    assert report.count("simulated") == 12 and wiki.saves == []
    assert "+++ Template:Partnership (bot)" in out
    assert not (Path(settings.publish.state_dir) / "deploy.json").exists()


def test_a_run_page_that_does_not_say_yes_stops_every_write(wiki, schema, settings):
    wiki.edit(RUN, "no", HUMAN)
    report, out = deploy(wiki, schema, settings)
    assert not report.ok and report.stopped and report.exit_status == 3 and "run page" in out and wiki.saves == []


def test_an_edit_while_deploy_works_is_never_overwritten(wiki, schema, settings):
    deploy(wiki, schema, settings)
    template = "Template:Partnership"
    wiki.edit(template, wiki.text(template) + "\nbot-looking change", BOT)  # e.g. an older deploy from elsewhere
    wiki.before_save.append(lambda w: w.edit(template, "human text", HUMAN))
    report, out = deploy(wiki, schema, settings)
    outcome = next(o for o in report.outcomes if o.title == template)
    assert outcome.status == "skipped" and "changed while deploy was working" in outcome.reason
    assert wiki.text(template) == "human text"


def test_broken_markers_on_the_main_page_stop_it_unless_forced(wiki, schema, settings):
    B, E = begin_marker("index"), end_marker("index")
    wiki.edit("Partnerships/Registry", f"{B}a{E}{B}b{E}", BOT)
    report, _ = deploy(wiki, schema, settings)
    outcome = next(o for o in report.outcomes if o.title == "Partnerships/Registry")
    assert outcome.status == "skipped" and "more than once" in outcome.reason
    forced, _ = deploy(wiki, schema, settings, force=True)
    assert forced.ok and wiki.text("Partnerships/Registry").count(B) == 1


def test_a_page_someone_creates_while_deploy_works_is_not_overwritten(wiki, schema, settings):
    wiki.before_save.append(lambda w: w.edit("Template:Partnership", "created by a human", HUMAN))
    report, _ = deploy(wiki, schema, settings)
    outcome = next(o for o in report.outcomes if o.title == "Template:Partnership")
    assert outcome.status == "skipped" and outcome.conflict
    assert wiki.text("Template:Partnership") == "created by a human" and report.count("created") == 11
