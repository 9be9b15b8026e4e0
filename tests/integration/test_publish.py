"""The one write path against the real wiki: markers, conflicts, exclusion, deletion, protection."""

from __future__ import annotations

import io
import json

import pytest

from bot.core.markers import begin_marker, end_marker
from bot.publish import PageUpdate, Publisher
from tests.integration.wikitools import edit

B, E = begin_marker("index"), end_marker("index")


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


def make_publisher(wiki, run_page: str, **kwargs) -> Publisher:
    return Publisher(wiki, run_page=run_page, out=io.StringIO(), **kwargs)


def text_of(pywikibot, site, title: str) -> str:
    return pywikibot.Page(site, title).get(force=True)


def test_a_new_page_is_created_and_a_second_run_makes_no_edit(wiki, page_prefix, run_page, pywikibot, site):
    update = PageUpdate(
        f"{page_prefix}Registry", '{| class="wikitable"\n|-\n| one\n|}', "Registry index: 1 added", region="index"
    )
    assert make_publisher(wiki, run_page).publish(update).status == "created"
    first = pywikibot.Page(site, update.title).latest_revision_id
    assert make_publisher(wiki, run_page).publish(update).status == "unchanged"
    assert pywikibot.Page(site, update.title).latest_revision_id == first


def test_human_text_around_the_markers_survives_runs_byte_for_byte(
    wiki, page_prefix, run_page, pywikibot, admin_site, site
):
    title = f"{page_prefix}Registry"
    before, after = "Intro ''by a human'' {{tl|x}}\n\n", "\n== Notes ==\nTrailing   spaces   \n[[Category:Human]]"
    edit(pywikibot, admin_site, title, f"{before}{B}\nold\n{E}{after}")
    for i in range(3):
        update = PageUpdate(title, f"row {i}", f"Registry index: run {i}", region="index")
        assert make_publisher(wiki, run_page).publish(update).status == "saved"
        text = text_of(pywikibot, site, title)
        assert text.startswith(before + B) and text.endswith(E + after) and f"row {i}" in text


def test_a_human_edit_between_read_and_save_is_kept(wiki, page_prefix, run_page, pywikibot, admin_site, site):
    from bot.wiki import Wiki

    title = f"{page_prefix}Registry"
    edit(pywikibot, admin_site, title, f"Top\n{B}{E}\nBottom")

    class HumanInTheMiddle(Wiki):
        """The real wiki; a human saves the page once, right before the bot's first save."""

        pending = True

        def save(self, copy, text, **kwargs):
            if self.pending:
                self.pending = False
                edit(pywikibot, admin_site, title, text_of(pywikibot, admin_site, title).replace("Top", "Human top"))
            return super().save(copy, text, **kwargs)

    racing = HumanInTheMiddle(site, wiki.counter)
    update = PageUpdate(title, "bot table", "Registry index: 1 added", region="index")
    assert make_publisher(racing, run_page).publish(update).status == "saved"
    text = text_of(pywikibot, site, title)
    assert text.startswith("Human top\n" + B) and "bot table" in text and text.endswith("\nBottom")


def test_run_page_not_yes_means_zero_edits(wiki, page_prefix, pywikibot, admin_site, site):
    run_page = f"{page_prefix}Run"
    edit(pywikibot, admin_site, run_page, "no")
    update = PageUpdate(f"{page_prefix}Registry", "x", "s", region="index")
    outcome = make_publisher(wiki, run_page).publish(update)
    assert outcome.status == "skipped" and "run page" in outcome.reason
    assert not pywikibot.Page(site, update.title).exists()


def test_nobots_pages_are_skipped(wiki, page_prefix, run_page, pywikibot, admin_site, site):
    title = f"{page_prefix}Registry"
    edit(pywikibot, admin_site, title, f"{{{{nobots}}}}\n{B}{E}")
    outcome = make_publisher(wiki, run_page).publish(PageUpdate(title, "x", "s", region="index"))
    assert outcome.status == "skipped" and "nobots" in outcome.reason
    assert text_of(pywikibot, site, title) == f"{{{{nobots}}}}\n{B}{E}"


def test_a_page_an_administrator_deleted_is_not_recreated(wiki, page_prefix, run_page, pywikibot, admin_site, site):
    title = f"{page_prefix}Registry"
    edit(pywikibot, admin_site, title, f"{B}{E}")
    pywikibot.Page(admin_site, title).delete(summary="not wanted", prompt=False)
    outcome = make_publisher(wiki, run_page).publish(PageUpdate(title, "x", "s", region="index"))
    assert outcome.status == "skipped" and "deleted" in outcome.reason
    assert not pywikibot.Page(site, title).exists()


def test_a_protected_page_is_reported(wiki, page_prefix, run_page, pywikibot, admin_site):
    title = f"{page_prefix}Registry"
    edit(pywikibot, admin_site, title, f"{B}{E}")
    pywikibot.Page(admin_site, title).protect(
        protections={"edit": "sysop", "move": "sysop"}, summary="test", prompt=False
    )
    outcome = make_publisher(wiki, run_page).publish(PageUpdate(title, "x", "s", region="index"))
    assert outcome.status == "skipped" and "protected" in outcome.reason


def test_the_data_page_is_created_with_the_json_content_model(wiki, page_prefix, run_page, pywikibot, site):
    title = f"{page_prefix}Registry.json"
    body = json.dumps({"version": 1, "records": []})
    update = PageUpdate(title, body, "Registry data: 0 partnerships", content_model="json")
    assert make_publisher(wiki, run_page).publish(update).status == "created"
    page = pywikibot.Page(site, title)
    assert page.content_model == "json" and json.loads(page.text) == {"version": 1, "records": []}
    assert make_publisher(wiki, run_page).publish(update).status == "unchanged"
