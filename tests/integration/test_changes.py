"""The change log on the real wiki: edits by people, then update runs, give exactly the expected lines."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from tests.integration import test_update as base
from tests.integration.wikitools import edit

# The update tests' own registry (a template, prefix, pages, run page and state of the test's own) and helpers.
registry, wiki = base.registry, base.wiki
partnership, seed, update = base.partnership, base.seed, base.update


def log_lines(wiki, registry) -> list[str]:
    """The change log's event lines, without the date and the diff link (both are checked apart)."""
    text = wiki.page_text(registry.settings.pages.changes) or ""
    lines = [html.unescape(line) for line in text.splitlines() if line.startswith("* ")]
    return [
        re.sub(r" \(\[\[:Special:Diff/[\d/]+\|diff\]\]\)$", "", re.sub(r"^\* \d{4}-\d\d-\d\d: ", "", line))
        for line in lines
    ]


def test_adds_status_changes_moves_and_removals_are_logged_once_each(
    local_wiki, wiki, site, admin_site, pywikibot, registry, tmp_path
):
    p = registry.page
    names = ("Alpha", "Beta", "Gamma", "Delta", "Epsilon", *(f"Filler {i}" for i in range(10)))  # under the brake
    seed(local_wiki, tmp_path, {p(f"P/{name}"): partnership(registry, name) for name in names})
    first, log = update(wiki, registry)
    assert first.ok and first.edits == 5, log
    assert log_lines(wiki, registry) == []  # a first run has nothing to compare with

    edit(pywikibot, admin_site, p("P/Zeta"), partnership(registry, "Zeta"))
    edit(pywikibot, admin_site, p("P/Beta"), partnership(registry, "Beta", status="ended"))
    pywikibot.Page(admin_site, p("P/Gamma")).move(p("P/Gamma moved"), summary="rename", noredirect=True)
    pywikibot.Page(admin_site, p("P/Delta")).delete(summary="test", prompt=False)
    edit(pywikibot, admin_site, p("P/Epsilon"), "No template any more.")
    pywikibot.Page(admin_site, p("P/Alpha")).move(p("Elsewhere/Alpha"), summary="out of scope", noredirect=True)

    second, log = update(wiki, registry)
    assert second.ok, log
    template = registry.schema.template
    assert sorted(log_lines(wiki, registry)) == sorted(
        [
            f"[[:{p('P/Zeta')}|Zeta]] added",
            f"[[:{p('P/Beta')}|Beta]]: Status changed from Active to Ended",
            f"Gamma moved from {p('P/Gamma')} to [[:{p('P/Gamma moved')}|{p('P/Gamma moved')}]]",
            "Delta removed: the page was deleted",
            f"[[:{p('P/Epsilon')}|Epsilon]] removed: the page no longer uses {{{{{template}}}}}",
            f"Alpha removed: the page was moved to [[:{p('Elsewhere/Alpha')}|{p('Elsewhere/Alpha')}]], outside the registry",
        ]
    )
    text = wiki.page_text(registry.settings.pages.changes)
    assert len(re.findall(r"Special:Diff/\d+/\d+\|diff", text)) >= 3  # status, move, template removed

    third, log = update(wiki, registry)
    assert third.ok and third.edits == 0, log
    assert len(log_lines(wiki, registry)) == 6

    # The state is a cache: without it, the data page gives back the log and the registry, and no event is invented.
    shutil.rmtree(Path(registry.settings.publish.state_dir))
    fourth, log = update(wiki, registry)
    assert fourth.ok and fourth.edits == 0, log
    assert len(json.loads(wiki.page_text(registry.settings.pages.data))["changes"]["events"]) == 6


def test_a_status_flip_flop_within_a_day_is_one_event(local_wiki, wiki, admin_site, pywikibot, registry, tmp_path):
    title = registry.page("P/Kappa")
    seed(local_wiki, tmp_path, {title: partnership(registry, "Kappa")})
    update(wiki, registry)
    edit(pywikibot, admin_site, title, partnership(registry, "Kappa", status="on hold"))
    update(wiki, registry)
    edit(pywikibot, admin_site, title, partnership(registry, "Kappa", status="active"))
    report, log = update(wiki, registry)
    assert report.ok, log
    assert log_lines(wiki, registry) == [f"[[:{title}|Kappa]]: Status changed to On hold and back to Active"]
