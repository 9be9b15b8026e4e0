"""Markers and the publishing rules, on an in-memory wiki (the real one is in tests/integration)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.markers import begin_marker, end_marker, find_region, new_page, splice, stamped, unchanged, without_stamp
from bot.publish import PageUpdate, Publisher, run_page_allows
from bot.wiki import PageCopy, SaveResult

B, E = begin_marker("index"), end_marker("index")


def test_splice_replaces_only_the_region():
    text = f"Intro\n{B}\nold\n{E}\nOutro"
    assert splice(text, "index", "\nnew\n") == f"Intro\n{B}\nnew\n{E}\nOutro"


def test_missing_duplicated_and_unbalanced_markers_are_refused():
    assert find_region("no markers", "index").code == "missing-markers"
    assert find_region(f"{B}{E}{B}{E}", "index").code == "duplicated-markers"
    assert find_region(f"{B} only", "index").code == "unbalanced-markers"
    assert find_region(f"{E} before {B}", "index").code == "unbalanced-markers"


def test_the_stamp_is_ignored_when_comparing():
    content = stamped("{| table |}", "2026-01-01 00:00")
    assert without_stamp(content) == "{| table |}"
    assert unchanged(f"x{B}{content}{E}y", "index", "{| table |}")


# Text around the markers: anything a human may write, except the bot's own markers.
surrounding = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200).filter(
    lambda t: "partnerships-bot" not in t
)


@settings(max_examples=200, deadline=None)
@given(before=surrounding, after=surrounding, bodies=st.lists(st.text(max_size=50), min_size=20, max_size=20))
def test_human_text_around_the_markers_survives_20_runs_byte_for_byte(before, after, bodies):
    text = before + new_page("index", stamped("first", "t0"), "").lstrip("\n") + after
    prefix, suffix = text[: text.index(B)], text[text.index(E) + len(E) :]
    for i, body in enumerate(bodies):
        text = splice(text, "index", stamped(body, f"t{i}"))
        assert text.startswith(prefix + B) and text.endswith(E + suffix)


@dataclass
class MemoryWiki:
    """Pages in a dict; ``on_save`` lets a test act as a human between read and save."""

    pages: dict[str, str] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    protected: set[str] = field(default_factory=set)
    saves: list[str] = field(default_factory=list)
    on_save: list = field(default_factory=list)
    rights: set = field(default_factory=lambda: {"editcontentmodel"})

    def account(self):
        return "Bot"

    def has_right(self, right):
        return right in self.rights

    def read_page(self, title):
        if title not in self.pages:
            return PageCopy(title, False)
        text = self.pages[title]
        return PageCopy(title, True, text, revision=hash(text), bots_allowed="{{nobots}}" not in text)

    def read_pages(self, titles):
        return {t: self.read_page(t) for t in titles}

    def was_deleted(self, title):
        return title in self.deleted

    def save(self, copy, text, *, summary, content_model=None):
        if self.on_save:
            self.on_save.pop(0)(self)
        if copy.title in self.protected:
            return SaveResult("protected", "protected page")
        current = self.pages.get(copy.title)
        if (current is None) == copy.exists or (current is not None and current != copy.text):
            return SaveResult("conflict", "edit conflict")
        self.pages[copy.title] = text
        self.saves.append(copy.title)
        return SaveResult("saved")


def publisher(wiki, **kwargs):
    wiki.pages.setdefault("User:Bot/Run", "yes")
    return Publisher(wiki, run_page="User:Bot/Run", out=io.StringIO(), clock=lambda: "2026-11-22 10:00", **kwargs)


UPDATE = PageUpdate("Registry", "{| class=wikitable\n|}", "Registry index: 1 added (1 partnerships)", region="index")


def test_a_missing_page_is_created_with_markers_and_an_explanation():
    wiki = MemoryWiki()
    assert publisher(wiki).publish(UPDATE).status == "created"
    assert B in wiki.pages["Registry"] and "maintained by the partnerships bot" in wiki.pages["Registry"]


def test_a_second_run_with_the_same_content_makes_no_edit():
    wiki = MemoryWiki()
    publisher(wiki).publish(UPDATE)
    later = Publisher(wiki, run_page="User:Bot/Run", out=io.StringIO(), clock=lambda: "2030-01-01 00:00")
    assert later.publish(UPDATE).status == "unchanged" and wiki.saves == ["Registry"]


def test_the_run_page_must_say_yes():
    for text in ("no", "", "yes please", None):
        wiki = MemoryWiki()
        if text is not None:
            wiki.pages["User:Bot/Run"] = text
        outcome = Publisher(wiki, run_page="User:Bot/Run", out=io.StringIO()).publish(UPDATE)
        assert outcome.status == "skipped" and "run page" in outcome.reason and wiki.saves == []
    assert run_page_allows(" Yes\n")


def test_nobots_pages_are_skipped():
    wiki = MemoryWiki(pages={"Registry": f"{{{{nobots}}}}\n{B}{E}"})
    assert publisher(wiki).publish(UPDATE).status == "skipped" and wiki.saves == []


def test_a_deleted_page_is_not_recreated():
    wiki = MemoryWiki(deleted={"Registry"})
    outcome = publisher(wiki).publish(UPDATE)
    assert outcome.status == "skipped" and "deleted" in outcome.reason and "Registry" not in wiki.pages


def test_bad_markers_leave_the_page_alone():
    wiki = MemoryWiki(pages={"Registry": f"{B}\n{B}\n{E}"})
    outcome = publisher(wiki).publish(UPDATE)
    assert outcome.status == "skipped" and "more than once" in outcome.reason and wiki.saves == []


def test_a_protected_page_is_reported_not_retried():
    wiki = MemoryWiki(pages={"Registry": f"{B}{E}"}, protected={"Registry"})
    outcome = publisher(wiki).publish(UPDATE)
    assert outcome.status == "skipped" and "protected" in outcome.reason


def test_a_human_edit_between_read_and_save_is_kept_and_the_bot_applies_on_top():
    wiki = MemoryWiki(pages={"Registry": f"Top\n{B}{E}\nBottom"})
    wiki.on_save.append(lambda w: w.pages.__setitem__("Registry", w.pages["Registry"].replace("Top", "Human top")))
    assert publisher(wiki).publish(UPDATE).status == "saved"
    assert wiki.pages["Registry"].startswith("Human top\n" + B) and "{| class=wikitable" in wiki.pages["Registry"]


def test_a_second_conflict_skips_the_page():
    wiki = MemoryWiki(pages={"Registry": f"{B}{E}"})
    human = lambda w: w.pages.__setitem__("Registry", w.pages["Registry"] + "\nhuman")
    wiki.on_save.extend([human, human])
    outcome = publisher(wiki).publish(UPDATE)
    assert outcome.status == "skipped" and "conflict twice" in outcome.reason


def test_simulate_shows_the_diff_and_saves_nothing():
    wiki = MemoryWiki(pages={"Registry": f"{B}{E}"})
    out = io.StringIO()
    pub = Publisher(wiki, run_page="User:Bot/Run", simulate=True, out=out, clock=lambda: "t")
    assert pub.publish(UPDATE).status == "simulated" and wiki.saves == []
    assert "+{| class=wikitable" in out.getvalue()


def test_a_whole_page_update_replaces_the_page_and_detects_no_change():
    wiki = MemoryWiki()
    data = PageUpdate("Registry.json", '{"records": []}', "data", content_model="json")
    assert publisher(wiki).publish(data).status == "created"
    assert publisher(wiki).publish(data).status == "unchanged"


# --- A new section (a message) and a region added to a page the bot created ---------------------

from bot.core.markers import NewSection  # noqa: E402

MESSAGE = PageUpdate(
    "Talk:P", "Please check the page. ~~~~", "Reminder", new_section=NewSection("Please check P", "bot: reminder 1")
)


def test_a_new_section_goes_at_the_end_of_the_page_with_its_marker():
    wiki = MemoryWiki(pages={"Talk:P": "== Earlier ==\nA human comment.\n"})
    assert publisher(wiki).publish(MESSAGE).status == "saved"
    assert wiki.pages["Talk:P"] == (
        "== Earlier ==\nA human comment.\n\n== Please check P ==\n<!-- bot: reminder 1 -->\nPlease check the page. ~~~~\n"
    )


def test_a_new_section_on_a_missing_talk_page_creates_it_with_the_section_only():
    wiki = MemoryWiki()
    assert publisher(wiki).publish(MESSAGE).status == "created"
    assert wiki.pages["Talk:P"].startswith("== Please check P ==\n<!-- bot: reminder 1 -->")


def test_a_message_already_on_the_page_is_not_posted_again():
    wiki = MemoryWiki(pages={"Talk:P": "== Old ==\n<!-- bot: reminder 1 -->\nsigned and archived away\n"})
    outcome = publisher(wiki).publish(MESSAGE)
    assert outcome.status == "unchanged" and wiki.saves == []


def test_a_message_is_not_posted_on_a_page_that_excludes_the_bot_or_opts_out():
    for text in ("{{nobots}}", "{{bots|optout=all}}", "{{bots|optout=reminders}}"):
        wiki = MemoryWiki(pages={"Talk:P": text})
        update = PageUpdate("Talk:P", "x", "s", new_section=NewSection("H", "m", optout=("reminders",)))
        outcome = publisher(wiki).publish(update)
        assert outcome.status == "skipped" and outcome.excluded and wiki.saves == [], text


def test_a_human_comment_saved_meanwhile_stays_above_the_message():
    wiki = MemoryWiki(pages={"Talk:P": "== Earlier ==\n"})
    wiki.on_save.append(lambda w: w.pages.__setitem__("Talk:P", w.pages["Talk:P"] + "A reply.\n"))
    assert publisher(wiki).publish(MESSAGE).status == "saved"
    assert wiki.pages["Talk:P"].index("A reply.") < wiki.pages["Talk:P"].index("Please check P")


def test_a_missing_region_is_appended_only_when_the_update_asks_for_it():
    wiki = MemoryWiki(pages={"Audits": f"intro\n{begin_marker('audit-a')}x{end_marker('audit-a')}\n"})
    plain = PageUpdate("Audits", "report b", "b", region="audit-b")
    assert publisher(wiki).publish(plain).status == "skipped" and wiki.saves == []
    added = PageUpdate("Audits", "report b", "b", region="audit-b", add_region=True)
    assert publisher(wiki).publish(added).status == "saved"
    text = wiki.pages["Audits"]
    assert text.startswith(f"intro\n{begin_marker('audit-a')}x{end_marker('audit-a')}\n\n{begin_marker('audit-b')}")
    assert publisher(wiki).publish(added).status == "unchanged"
