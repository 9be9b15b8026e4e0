"""Reading the registry from the real local wiki: batches, incremental reads, moves, deletions.

Each test uses its own template (``Partnership test <random>``), so its scope
holds only the pages the test made, whatever else is on the wiki.
"""

from __future__ import annotations

import json
import math
import secrets
from pathlib import Path

import pytest

from bot.config import RegistryScope as Scope
from bot.core.extract import extract_many
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.sources.offline import DirSource, filename_for_title
from bot.sources.registry import read_registry
from tests import support

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def schema():
    """The real schema, but with a template name of this test's own."""
    import tomllib

    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    data["template"] = {"name": f"Partnership test {secrets.token_hex(3)}", "redirects": []}
    return parse_schema(data)


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


def page_text(schema, name: str, status: str = "active") -> str:
    return (
        f"{{{{{schema.template}\n| name = {name}\n| partner = {name} Org\n| type = alliance\n"
        f"| level = global\n| status = {status}\n| start = 2019\n}}}}\n\nSome text about {name}.\n"
    )


def seed(local_wiki, folder: Path, pages: dict[str, str]) -> None:
    """Load pages with the importer (much faster than editing them one by one)."""
    folder.mkdir(parents=True, exist_ok=True)
    for title, text in pages.items():
        (folder / filename_for_title(title)).write_text(text, encoding="utf-8")
    done = local_wiki.run_script("seed", "--dir", str(folder))
    assert done.returncode == 0, done.stderr


def test_a_full_read_of_n_pages_costs_at_most_n_over_50_plus_3_requests(
    local_wiki, wiki, schema, page_prefix, tmp_path
):
    n = 120
    seed(local_wiki, tmp_path / "pages", {f"{page_prefix}P{i:03d}": page_text(schema, f"P{i:03d}") for i in range(n)})
    before = wiki.requests
    result = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=tmp_path / "state.json", full=True)
    used = wiki.requests - before
    assert len(result.snapshots) == n and result.complete
    assert used <= math.ceil(n / 50) + 3, used


def test_an_incremental_run_rereads_only_the_pages_that_changed(
    local_wiki, wiki, schema, page_prefix, tmp_path, site, pywikibot
):
    titles = [f"{page_prefix}P{i}" for i in range(8)]
    seed(local_wiki, tmp_path / "pages", {t: page_text(schema, t[-2:]) for t in titles})
    state = tmp_path / "state.json"
    first = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)
    assert first.full and first.warning and len(first.snapshots) == 8

    before = wiki.requests
    unchanged = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)
    assert not unchanged.full and unchanged.fetched == 0 and len(unchanged.snapshots) == 8
    assert wiki.requests - before <= 2

    for title in titles[:3]:
        page = pywikibot.Page(site, title)
        page.text = page.text.replace("status = active", "status = ended")
        page.save(summary="test edit", minor=False)
    again = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)
    assert again.fetched == 3
    statuses = {s.title: ("status = ended" in s.text) for s in again.snapshots}
    assert [t for t in titles if statuses[t]] == titles[:3]


def test_a_deleted_page_disappears_and_a_moved_page_is_followed(
    local_wiki, wiki, schema, page_prefix, tmp_path, admin_site, pywikibot
):
    titles = [f"{page_prefix}Keep", f"{page_prefix}Delete", f"{page_prefix}Move"]
    seed(local_wiki, tmp_path / "pages", {t: page_text(schema, t.rsplit("/", 1)[1]) for t in titles})
    state = tmp_path / "state.json"
    read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)

    pywikibot.Page(admin_site, titles[1]).delete(summary="test", prompt=False)
    pywikibot.Page(admin_site, titles[2]).move(f"{page_prefix}Moved", summary="test", noredirect=False)
    result = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)
    assert sorted(s.title for s in result.snapshots) == sorted([titles[0], f"{page_prefix}Moved"])
    assert result.removed == (titles[1],)


def test_the_wiki_source_gives_the_same_records_as_a_folder_source(local_wiki, wiki, schema, page_prefix, tmp_path):
    examples = {s.title: s.text for s in DirSource(REPO / "examples")}
    pages = {
        page_prefix + title: text.replace("{{Partnership", "{{" + schema.template).replace(
            "{{Infobox partnership", "{{" + schema.template
        )
        for title, text in examples.items()
        if "{{" in text
    }
    folder = tmp_path / "pages"
    seed(local_wiki, folder, pages)
    from_wiki = list(
        extract_many(
            read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=tmp_path / "s.json").snapshots,
            schema,
            support.countries(),
        )
    )
    from_folder = list(extract_many(DirSource(folder), schema, support.countries()))
    strip = lambda records: json.dumps(
        sorted(({**r.as_dict(), "revision": None} for r in records), key=lambda d: d["page"])
    )
    in_scope = [r for r in from_folder if not any(p.code == "no-template" for p in r.problems)]
    assert strip(from_wiki) == strip(in_scope)
    assert all(r.revision for r in from_wiki)


def test_a_corrupt_state_file_means_a_full_read_with_a_warning(local_wiki, wiki, schema, page_prefix, tmp_path):
    seed(local_wiki, tmp_path / "pages", {f"{page_prefix}A": page_text(schema, "A")})
    state = tmp_path / "state.json"
    state.write_text("{not json", encoding="utf-8")
    result = read_registry(wiki, schema, Scope(namespaces=(), prefix=""), state_path=state)
    assert result.full and "corrupt" in result.warning and len(result.snapshots) == 1
    assert json.loads(state.read_text(encoding="utf-8"))["version"] == 1


def test_pages_outside_the_scope_are_never_fetched_again(local_wiki, wiki, schema, page_prefix, tmp_path):
    seed(
        local_wiki,
        tmp_path / "pages",
        {f"{page_prefix}In/A": page_text(schema, "A"), f"{page_prefix}Elsewhere": page_text(schema, "Elsewhere")},
    )
    scope = Scope(namespaces=(), prefix=f"{page_prefix}In/")
    state = tmp_path / "state.json"
    first = read_registry(wiki, schema, scope, state_path=state)
    assert [s.title for s in first.snapshots] == [f"{page_prefix}In/A"]
    again = read_registry(wiki, schema, scope, state_path=state)
    assert again.fetched == 0 and [s.title for s in again.snapshots] == [f"{page_prefix}In/A"]
