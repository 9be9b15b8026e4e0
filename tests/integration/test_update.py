"""The update job on the real wiki: what the published pages render to, the brake, the guards.

Each test gets a registry of its own: its own template name, page prefix,
published page titles, run page and state folder.
"""

from __future__ import annotations

import io
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.jobs.update import UpdateOptions, run_update
from bot.sources.offline import filename_for_title
from tests.integration.wikitools import job_context, own_registry

HOSTILE = {
    "pipe": "a|b||c!!d",
    "table": "{| class=x\n|-\n| injected\n|}",
    "leading": "- minus",
    "plus": "+ plus",
    "bang": "! bang",
    "template": "{{subst:Welcome}} {{#invoke:Foo|bar}} {{Hacked}}",
    "category": "[[Category:Hacked]] [[:Category:Visible]]",
    "file": "[[File:Example.png|thumb]]",
    "magic": "__NOTOC__ __FORCETOC__ __NOINDEX__",
    "signature": "~~~~ ~~~",
    "ref": "<ref>note</ref>",
    "comment": "before <!-- a comment --> after",
    "html": "<script>alert(1)</script><div style='x'>unclosed",
    "bold": "'''unbalanced ''",
    "url": "https://spam.example.org/x and [https://spam.example.org label]",
    "long": "x" * 5000,
}


@dataclass
class Registry:
    schema: object
    settings: object
    prefix: str

    def page(self, name: str) -> str:
        return f"{self.prefix}{name}"


@pytest.fixture
def registry(page_prefix, tmp_path, admin_site, pywikibot):
    schema, settings = own_registry(pywikibot, admin_site, page_prefix, tmp_path / "state")
    return Registry(schema, settings, page_prefix)


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


def partnership(registry: Registry, name: str, **values: str) -> str:
    fields = {
        "name": name,
        "partner": f"{name} Org",
        "type": "alliance",
        "level": "global",
        "status": "active",
        "start": "2019",
        **values,
    }
    body = "\n".join(f"| {k} = {v}" for k, v in fields.items())
    return f"{{{{{registry.schema.template}\n{body}\n}}}}\nText about {name}.\n"


def seed(local_wiki, tmp_path: Path, pages: dict[str, str]) -> None:
    folder = tmp_path / f"seed-{secrets.token_hex(3)}"
    folder.mkdir()
    for title, text in pages.items():
        (folder / filename_for_title(title)).write_text(text, encoding="utf-8")
    done = local_wiki.run_script("seed", "--dir", str(folder))
    assert done.returncode == 0, done.stderr


def update(wiki, registry: Registry, **options) -> tuple:
    out = io.StringIO()
    simulate = options.pop("simulate", False)
    report = run_update(
        job_context(wiki, schema=registry.schema, settings=registry.settings, out=out, simulate=simulate),
        UpdateOptions(**options),
    )
    return report, out.getvalue()


def parsed(site, title: str) -> dict:
    return site.simple_request(
        action="parse", page=title, prop="text|categories|templates|externallinks|properties", formatversion="2"
    ).submit()["parse"]


def data_rows(html: str) -> int:
    """Table rows with data cells (not the header) in rendered HTML."""
    return sum(1 for row in re.findall(r"<tr\b.*?</tr>", html, re.S) if "<td" in row)


def test_published_pages_render_one_row_per_record_and_nothing_else(local_wiki, wiki, site, registry, tmp_path):
    seed(
        local_wiki, tmp_path, {registry.page(f"P/Partner {i}"): partnership(registry, f"Partner {i}") for i in range(5)}
    )
    report, log = update(wiki, registry)
    assert report.ok and report.edits == 5, log
    index = parsed(site, registry.settings.pages.index)
    assert data_rows(index["text"]) == 5
    for title in (registry.settings.pages.index, registry.settings.pages.overview, registry.settings.pages.problems):
        page = parsed(site, title)
        assert page["categories"] == [] and page["templates"] == [] and page["externallinks"] == [], title
    data = json.loads(wiki.page_text(registry.settings.pages.data))
    assert [r["page"] for r in data["records"]] == [registry.page(f"P/Partner {i}") for i in range(5)]


def test_hostile_values_cannot_change_tables_transclude_categorise_or_sign(local_wiki, wiki, site, registry, tmp_path):
    pages = {
        registry.page(f"P/Hostile {key}"): partnership(
            registry,
            f"Hostile {key} {value}",
            partner=value,
            description=value,
            website=value,
            contact=value,
            start=value,
            areas=value,
        )
        for key, value in HOSTILE.items()
    }
    seed(local_wiki, tmp_path, pages)
    report, log = update(wiki, registry)
    assert report.ok, log
    index = parsed(site, registry.settings.pages.index)
    assert data_rows(index["text"]) == len(HOSTILE)
    for title in (registry.settings.pages.index, registry.settings.pages.overview, registry.settings.pages.problems):
        page = parsed(site, title)
        assert page["categories"] == [], title
        assert page["templates"] == [], title
        assert page["externallinks"] == [], title
        assert not page.get("properties"), title  # no __NOTOC__ & co.
        assert "<script" not in page["text"]
        text = wiki.page_text(title)
        assert "~~~~" not in text and "[[Category:" not in text and "{{" not in text


def test_an_unclosed_comment_hides_the_template_from_mediawiki_too(local_wiki, wiki, site, registry, tmp_path):
    # MediaWiki reads everything after an unclosed <!-- as a comment, so the
    # page no longer uses the template and is out of scope, for readers and bot alike.
    seed(
        local_wiki,
        tmp_path,
        {
            registry.page("P/Open comment"): partnership(registry, "Open", partner="<!-- oops"),
            registry.page("P/Fine"): partnership(registry, "Fine"),
        },
    )
    report, log = update(wiki, registry)
    assert report.ok and report.records == 1, log


def test_a_second_run_makes_no_edit_and_few_requests(local_wiki, wiki, registry, tmp_path):
    seed(
        local_wiki, tmp_path, {registry.page(f"P/Partner {i}"): partnership(registry, f"Partner {i}") for i in range(3)}
    )
    first, _ = update(wiki, registry)
    assert first.edits == 5
    second, log = update(wiki, registry)
    assert second.ok and second.edits == 0 and second.requests <= 3, log
    full, log = update(wiki, registry, full=True)
    assert full.ok and full.edits == 0, log
    assert all(o.status == "unchanged" for o in full.outcomes)


def test_the_brake_stops_a_run_that_would_drop_half_the_rows(
    local_wiki, wiki, site, admin_site, pywikibot, registry, tmp_path
):
    titles = [registry.page(f"P/Partner {i}") for i in range(10)]
    seed(local_wiki, tmp_path, {t: partnership(registry, t.rsplit("/", 1)[1]) for t in titles})
    first, _ = update(wiki, registry)
    assert first.ok
    published = wiki.page_text(registry.settings.pages.index)
    for title in titles[:5]:
        pywikibot.Page(admin_site, title).delete(summary="test", prompt=False)
    braked, log = update(wiki, registry)
    assert not braked.ok and braked.refused and "5 of 10" in braked.refused and braked.edits == 0, log
    assert wiki.page_text(registry.settings.pages.index) == published
    forced, log = update(wiki, registry, force=True)
    assert forced.ok and forced.edits == 5, log
    assert data_rows(parsed(site, registry.settings.pages.index)["text"]) == 5


def test_run_page_not_yes_means_zero_edits(local_wiki, wiki, admin_site, pywikibot, registry, tmp_path):
    seed(local_wiki, tmp_path, {registry.page("P/Partner"): partnership(registry, "Partner")})
    page = pywikibot.Page(admin_site, registry.settings.publish.run_page)
    page.text = "no"
    page.save(summary="stop the bot", bot=False)
    report, log = update(wiki, registry)
    assert report.edits == 0 and "run page" in log
    assert wiki.page_text(registry.settings.pages.index) is None


def test_simulate_shows_diffs_and_saves_nothing(local_wiki, wiki, registry, tmp_path):
    seed(local_wiki, tmp_path, {registry.page("P/Partner"): partnership(registry, "Partner")})
    report, log = update(wiki, registry, simulate=True)
    assert report.edits == 0 and all(o.status == "simulated" for o in report.outcomes)
    assert "Partner Org" in log and wiki.page_text(registry.settings.pages.index) is None
