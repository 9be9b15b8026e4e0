"""The summarise job on an in-memory wiki: reading, publishing, no-op runs, and what stops it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from datetime import date

import pytest

from bot.config import ConfigPaths, ConsultationConfig, PublishSettings, Settings, load_configuration
from bot.core.discussion.conventions import WikiConventions
from bot.core.markers import begin_marker, end_marker
from bot.core.records import Snapshot
from bot.errors import ConsultationRulesError
from bot.jobs.context import JobContext
from bot.jobs.summarise import (
    SummariseReport,
    plan_summary,
    run_summarise,
    summarise_consultation,
    without_own_region,
)
from bot.wiki import PageCopy, SaveResult
from tests import support

PAGE = "Talk:Consultation"
TARGET = "Talk:Consultation/Summary"
TEXT = """Please answer below.

== What should change? ==
More training. [[User:Ana|Ana]] 12:34, 5 May 2019 (UTC)
:Agreed. [[User:Bo|Bo]] 08:00, 9 May 2019 (UTC)
A registry. [[User:Cy|Cy]] 10:00, 10 May 2019 (UTC)

== Anything else? ==
"""
B, E = begin_marker("summary"), end_marker("summary")


@dataclass
class Site:
    def username(self) -> str:
        return "Bot"


@dataclass
class MemoryWiki:
    """Pages in a dict; counts one request per call, like the batched read it stands in for."""

    pages: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    saves: list[str] = field(default_factory=list)
    requests: int = 0
    site: Site = field(default_factory=Site)
    key: str = "memory:test"

    def read_titles(self, titles):
        self.requests += 1
        found, problems = {}, {}
        for title in titles:
            real = self.redirects.get(title, title)
            if real in self.pages:
                found[title] = Snapshot(real, self.pages[real], 1)
            else:
                problems[title] = "the page does not exist"
        return found, problems

    def conventions(self, state_dir=None):
        # what a wiki's siteinfo says; the real read is tested on the local wiki
        return WikiConventions("en", ("User", "User talk"), ("Special",), ("Contributions",))

    def read_page(self, title):
        self.requests += 1
        return self._copy(title)

    def read_pages(self, titles):
        self.requests += 1
        return {title: self._copy(title) for title in titles}

    def _copy(self, title):
        if title not in self.pages:
            return PageCopy(title, False)
        text = self.pages[title]
        return PageCopy(title, True, text, revision=hash(text), bots_allowed="{{nobots}}" not in text)

    def was_deleted(self, title):
        return False

    def account(self):
        return "Bot"

    def has_right(self, right):
        return True

    def save(self, copy, text, *, summary, content_model=None):
        self.requests += 1
        self.pages[copy.title] = text
        self.saves.append(copy.title)
        return SaveResult("saved")


@pytest.fixture(scope="module")
def rules():
    return support.configuration().rules


def settings_for(*consultations: ConsultationConfig) -> Settings:
    return Settings(publish=PublishSettings(run_page="User:{user}/Run"), consultations=consultations)


CONSULTATION = ConsultationConfig(PAGE, TARGET, "summary", questions=("What should change?",))


def run(wiki, settings, rules, **kwargs) -> tuple[SummariseReport, str]:
    out = io.StringIO()
    config = replace(support.configuration(), settings=settings, rules=rules)
    report = run_summarise(JobContext.on(wiki, config, out, simulate=kwargs.pop("simulate", False), **kwargs))
    return report, out.getvalue()


def wiki_with(**pages) -> MemoryWiki:
    return MemoryWiki(pages={"User:Bot/Run": "yes", PAGE: TEXT, **pages})


def test_the_summary_page_is_created_and_a_second_run_makes_no_edit(rules):
    wiki = wiki_with()
    report, output = run(wiki, settings_for(CONSULTATION), rules)
    assert report.ok and report.edits == 1 and wiki.saves == [TARGET]
    assert B in wiki.pages[TARGET] and "| Ana\n" in wiki.pages[TARGET]
    assert "Talk:Consultation: 3 comments by 3 participants in 2 sections, 0 problems" in output
    again, _ = run(wiki, settings_for(CONSULTATION), rules)
    assert again.ok and again.edits == 0 and [o.status for o in again.outcomes] == ["unchanged"]
    assert wiki.saves == [TARGET]


def test_a_new_comment_changes_the_summary_on_the_next_run(rules):
    wiki = wiki_with()
    run(wiki, settings_for(CONSULTATION), rules)
    wiki.pages[PAGE] += "Me too. [[User:Dee|Dee]] 10:00, 11 May 2019 (UTC)\n"
    report, _ = run(wiki, settings_for(CONSULTATION), rules)
    assert report.edits == 1 and "| Dee\n" in wiki.pages[TARGET]


def test_the_run_ends_with_one_summary_line(rules):
    report, output = run(wiki_with(), settings_for(CONSULTATION), rules)
    assert output.splitlines()[-1] == report.line()
    assert report.line().startswith("summarise: 1 consultations (1 read), 3 comments, 0 problems, 1 edits, ")


def test_all_consultation_pages_are_read_in_one_request(rules):
    wiki = wiki_with(**{"Talk:Other": TEXT, "Talk:Third": TEXT})
    consultations = [
        CONSULTATION,
        ConsultationConfig("Talk:Other", "Talk:Other/S", "s"),
        ConsultationConfig("Talk:Third", "Talk:Third/S", "s"),
    ]
    calls = []
    original = wiki.read_titles
    wiki.read_titles = lambda titles: calls.append(list(titles)) or original(titles)
    report, _ = run(wiki, settings_for(*consultations), rules)
    assert calls == [[PAGE, "Talk:Other", "Talk:Third"]] and report.read == 3 and report.edits == 3


def test_simulate_shows_the_diff_and_saves_nothing(rules):
    wiki = wiki_with()
    report, output = run(wiki, settings_for(CONSULTATION), rules, simulate=True)
    assert wiki.saves == [] and report.edits == 0 and report.outcomes[0].status == "simulated"
    assert f"+++ {TARGET} (bot)" in output and "would create" in output


def test_a_run_page_that_does_not_say_yes_stops_every_write(rules):
    wiki = wiki_with(**{"User:Bot/Run": "no"})
    report, output = run(wiki, settings_for(CONSULTATION), rules)
    assert wiki.saves == [] and report.edits == 0 and "does not say 'yes'" in output


def test_a_missing_consultation_page_is_reported_and_the_others_still_publish(rules):
    wiki = wiki_with()
    missing = ConsultationConfig("Talk:Gone", "Talk:Gone/Summary", "summary")
    report, output = run(wiki, settings_for(missing, CONSULTATION), rules)
    assert not report.ok and report.unreadable == ["Talk:Gone"] and wiki.saves == [TARGET]
    assert "cannot read Talk:Gone: the page does not exist; its summary on Talk:Gone/Summary is left as it is" in output


def test_a_moved_consultation_is_followed_and_the_summary_links_to_the_new_title(rules):
    wiki = wiki_with(**{"Talk:Consultation 2019": TEXT})
    wiki.redirects["Talk:Old"] = "Talk:Consultation 2019"
    report, output = run(wiki, settings_for(ConsultationConfig("Talk:Old", TARGET, "summary")), rules)
    assert report.ok and "Talk:Old now redirects to Talk:Consultation 2019" in output
    assert "[[:Talk:Consultation 2019#What should change?|" in wiki.pages[TARGET]


def test_an_existing_target_without_markers_is_left_alone_and_reported(rules):
    wiki = wiki_with(**{TARGET: "A page someone wrote."})
    report, output = run(wiki, settings_for(CONSULTATION), rules)
    assert not report.ok and wiki.pages[TARGET] == "A page someone wrote."
    assert "skipped" in output and "markers" in output


def test_a_summary_on_the_consultation_page_itself_does_not_count_itself(rules):
    on_page = ConsultationConfig(PAGE, PAGE, "summary")
    wiki = wiki_with(**{PAGE: f"{B}\n{E}\n" + TEXT})
    first, _ = run(wiki, settings_for(on_page), rules)
    assert first.edits == 1 and wiki.pages[PAGE].endswith(TEXT)
    second, output = run(wiki, settings_for(on_page), rules)
    assert second.edits == 0 and second.comments == 3
    assert "3 comments by 3 participants in 2 sections, 0 problems" in output


def test_without_consultations_the_job_reads_nothing(rules):
    wiki = wiki_with()
    report, output = run(wiki, settings_for(), rules)
    assert report.ok and wiki.requests == 0 and "no consultations are configured" in output


def test_problems_are_printed_with_page_section_and_line(rules):
    wiki = wiki_with(**{PAGE: TEXT + "No date here. [[User:Eve|Eve]]\n"})
    window = ConsultationConfig(PAGE, TARGET, "summary", opens=date(2019, 5, 6))
    report, output = run(wiki, settings_for(window), rules)
    assert report.problems == 2 and report.comments == 2
    assert (
        "  Talk:Consultation, line 4 [What should change?]: a comment by Ana at 2019-05-05 12:34 UTC is outside"
        in output
    )
    assert "  Talk:Consultation, line 9 [Anything else?]: a signature of Eve with no timestamp" in output


def test_the_own_region_is_blanked_but_its_lines_are_kept():
    text = f"Top\n{B}\n''Updated''\n[[User:X|X]] 12:34, 5 May 2019 (UTC)\n{E}\nRest"
    assert without_own_region(text, "summary") == f"Top\n{B}\n\n\n{E}\nRest"
    assert without_own_region(f"{B}{B}{E}", "summary") == f"{B}{B}{E}"
    assert without_own_region("no markers", "summary") == "no markers"


def test_a_summary_placed_on_its_page_summarises_the_same(rules):
    plain = summarise_consultation(PAGE, TEXT, CONSULTATION, rules)
    body = plan_summary(plain, CONSULTATION).body
    with_region = f"{B}\n{body}{E}\n" + TEXT
    again = summarise_consultation(PAGE, with_region, CONSULTATION, rules)
    assert again.totals == plain.totals and [s.comments for s in again.sections] == [s.comments for s in plain.sections]


def test_the_page_update_names_target_marker_and_consultation(rules):
    update = plan_summary(summarise_consultation(PAGE, TEXT, CONSULTATION, rules), CONSULTATION)
    assert (update.title, update.region) == (TARGET, "summary")
    assert update.summary == "Consultation summary: 3 comments by 3 participants, 1 unanswered"
    assert "[[Talk:Consultation]]" in update.explanation and update.explanation.startswith("<!--")


def test_a_broken_consultations_file_stops_the_start_up_with_one_line(tmp_path):
    broken = tmp_path / "consultations.toml"
    broken.write_text("[votes\n", encoding="utf-8")
    with pytest.raises(ConsultationRulesError, match="not valid TOML"):
        load_configuration(ConfigPaths(consultations=broken))


def test_a_run_page_that_does_not_say_yes_exits_3(rules):
    report, _ = run(wiki_with(**{"User:Bot/Run": "no"}), settings_for(CONSULTATION), rules)
    assert report.stopped and report.exit_status == 3
