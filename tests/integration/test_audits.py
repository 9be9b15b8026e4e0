"""The audit scripts end to end against the real local wiki, and -fix compared before and after.

The module seeds one registry of its own with the importer: the example
pages under ``Test/audits-<hex>/Partnerships/``, using a template name of
its own (so the wiki's other pages are never in its scope), plus pages
planted for each audit, and the two demo working-group pages. Each script
runs as a user runs it: ``scripts/<name>.py`` in a subprocess, with
``PYWIKIBOT_DIR`` pointing at the local wiki and ``-settings:``/``-schema:``
files naming the module's pages. ``-fix`` gets pages of its own (a second
scope), so the other audits read the same pages whatever order tests run in.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.core.fix import plan_fix
from bot.core.schema import DEFAULT_SCHEMA_PATH, load_schema
from bot.sources.offline import DirSource, filename_for_title
from tests import support

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TEMPLATE_USE = re.compile(r"\{\{\s*(?:Partnership|Infobox partnership)(?=\s*[|\n}])")
FIX_PAGES = ("CEE Spring", "Creative Commons", "Tel Aviv University", "Wikipedia Zero – Orange", "UNESCO", "UN Women")


@dataclass
class Seeded:
    prefix: str
    template: str
    folder: Path
    schema_file: Path
    settings_file: Path
    fix_settings_file: Path
    env: dict

    def title(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def run(self, script: str, *args: str, settings: Path | None = None) -> subprocess.CompletedProcess:
        command = [
            sys.executable,
            str(ROOT / "scripts" / f"{script}.py"),
            f"-settings:{settings or self.settings_file}",
            f"-schema:{self.schema_file}",
            *args,
        ]
        return subprocess.run(
            command, capture_output=True, text=True, env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL, timeout=600
        )


def missing_titles(api_url: str, titles: list[str]) -> list[str]:
    missing = []
    for start in range(0, len(titles), 50):
        query = urllib.parse.urlencode(
            {"action": "query", "format": "json", "formatversion": "2", "titles": "|".join(titles[start : start + 50])}
        )
        with urllib.request.urlopen(f"{api_url}?{query}", timeout=60) as answer:
            pages = json.load(answer)["query"]["pages"]
        missing += [p["title"] for p in pages if p.get("missing")]
    return missing


def seed(local_wiki, folder: Path, titles: list[str]) -> None:
    """Seed, and seed again until every page is there.

    ``local_wiki.py seed`` imports through one fixed file (``.localwiki/seed.xml``);
    when another test run seeds at the same moment, one import reads the other's
    half-written file and fails or imports the wrong pages. Seeding is idempotent,
    so trying again is safe.
    """
    for _ in range(4):
        done = local_wiki.run_script("seed", "--dir", str(folder))
        if done.returncode == 0 and not missing_titles(local_wiki.api_url, titles):
            return
    pytest.fail(f"could not seed the audit pages: {done.stderr.strip()[-300:]}", pytrace=False)


def own_template(text: str, template: str) -> str:
    return TEMPLATE_USE.sub("{{" + template, text)


@pytest.fixture(scope="module")
def seeded(local_wiki, tmp_path_factory) -> Seeded:
    prefix = f"Test/audits-{secrets.token_hex(3)}/"
    template = f"Partnership audit {secrets.token_hex(3)}"
    tmp = tmp_path_factory.mktemp("audits")
    folder = tmp / "pages"
    folder.mkdir()
    category = f"{prefix}Partnerships"
    pages: dict[str, str] = {}
    for snapshot in DirSource(EXAMPLES):
        # {{#translation:}} is "" on a base page where the Translate extension runs; the local wiki has none
        text = own_template(snapshot.text, template).replace("[[Category:Partnerships", f"[[Category:{category}")
        text = text.replace("{{#translation:}}", "")
        pages[prefix + snapshot.title] = text
    reg = f"{prefix}Partnerships/"
    pages.update(
        {
            # audit_stale: active, but ended last year; reviewed long ago
            f"{reg}Ended pilot": f"{{{{{template}|name=Ended pilot|partner=Pilot Org|type=collaboration|level=local|"
            f"status=active|end=2020-06|last_reviewed=2019-01-05}}}}\n[[Category:{category}]]",
            # audit_duplicates: UNESCO registered again, under another spelling
            f"{reg}UNESCO (Paris)": f"{{{{{template}|name=UNESCO in Paris|partner=Unesco|wikidata=Q7809|type=partnership|"
            f"level=global|status=active}}}}\n[[Category:{category}]]",
            f"{reg}OSM mapping": f"{{{{{template}|name=Mapping parties|partner=Open Street Map Foundation|type=alliance|"
            f"level=local|status=active}}}}\n[[Category:{category}]]",
            # audit_orphans: the template without the category; the template outside the scope;
            # a translation whose base page is gone; the registry's data page lists a page that is gone
            f"{reg}Hidden": f"{{{{{template}|name=Hidden|partner=X|type=alliance|level=global|status=active}}}}",
            f"{prefix}Drafts/Someone's draft": f"{{{{{template}|name=Draft|partner=Y|status=idea}}}}\n[[Category:{category}]]",
            f"{reg}Gone/de": f"{{{{{template}|name=Weg|partner=Z|status=active}}}}",
            f"{reg}Registry.json": json.dumps(
                {"version": 1, "records": [{"page": f"{reg}UNESCO"}, {"page": f"{reg}Deleted long ago"}]}
            ),
            # audit_members: the two demo working-group pages
            **{f"{prefix}WG/{s.title.rsplit('/', 1)[-1]}": s.text for s in DirSource(EXAMPLES / "working-groups")},
        }
    )
    fix = f"{prefix}Fix/Partnerships/"
    for snapshot in DirSource(EXAMPLES):
        name = snapshot.title.rsplit("/", 1)[-1]
        if name in FIX_PAGES:
            pages[fix + name] = own_template(snapshot.text, template).replace(
                "[[Category:Partnerships", f"[[Category:{category}"
            )
    pages[fix + "Excluded"] = "{{nobots}}\n" + f"{{{{{template}|name=Excluded|status=Ongoing|type=Alliance}}}}"
    for title, text in pages.items():
        (folder / filename_for_title(title)).write_text(text, encoding="utf-8")
    seed(local_wiki, folder, list(pages))

    schema_text = DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8")
    old = 'name = "Partnership"\nredirects = ["Infobox partnership", "Partnership infobox"]'
    assert old in schema_text
    schema_file = tmp / "schema.toml"
    schema_file.write_text(schema_text.replace(old, f'name = "{template}"\nredirects = []'), encoding="utf-8")

    def settings(scope: str, state: str) -> Path:
        path = tmp / f"{state}.toml"
        path.write_text(
            f"""[registry]
namespaces = [0]
prefix = "{scope}"
[pages]
index = "{scope}Registry"
overview = "{scope}Registry/Overview"
problems = "{scope}Registry/Problems"
data = "{scope}Registry.json"
changes = "{scope}Registry/Changes"
[publish]
state_dir = "{tmp / state}"
[audits]
category = "{category}"
member_pages = ["{prefix}WG/Partnerships", "{prefix}WG/Revenue Streams"]
""",
            encoding="utf-8",
        )
        return path

    env = {**os.environ, "PYWIKIBOT_DIR": str(local_wiki.pywikibot_dir)}
    return Seeded(prefix, template, folder, schema_file, settings(reg, "state"), settings(fix, "fix-state"), env)


def report(done: subprocess.CompletedProcess) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def rows(data: dict, section: str) -> list[dict]:
    return data["sections"][section]["rows"]


def test_audit_fields_reports_the_problems_of_the_seeded_pages(seeded):
    done = seeded.run("audit_fields", "-format:json")
    data = report(done)
    problems = {(r["page"].removeprefix(seeded.prefix), r["field"], r["code"]) for r in rows(data, "problems")}
    assert ("Partnerships/CEE Spring", "stat", "unknown-parameter") in problems
    assert ("Partnerships/Yahoo! hosting in Seoul", "end", "end-before-start") in problems
    # Kiwix has no template: on the wiki it is not in the registry's scope (audit_orphans finds it)
    assert not any(page == "Partnerships/Kiwix" for page, _, _ in problems)
    assert data["findings"] == len(rows(data, "problems"))
    assert done.stderr.rstrip().splitlines()[-1].startswith(f"audit_fields: {data['findings']} findings")


def test_audit_fields_as_a_table_ends_with_the_number_of_findings(seeded):
    done = seeded.run("audit_fields")
    assert done.returncode == 0, done.stderr
    assert re.match(r"audit_fields: \d+ findings on \d+ of \d+ pages", done.stdout.rstrip().splitlines()[-1])


def test_audit_stale_uses_the_pages_last_edit_from_the_wiki(seeded):
    data = report(seeded.run("audit_stale", "-format:json", "-contacts"))
    ended = [r["page"] for r in rows(data, "ended")]
    assert ended == [seeded.title("Partnerships/Ended pilot")]
    unreviewed = {r["page"].removeprefix(seeded.prefix): r for r in rows(data, "unreviewed")}
    assert unreviewed["Partnerships/Wikimedia and OpenStreetMap"]["basis"] == "last_reviewed"
    # pages without last_reviewed were just imported: their last edit is recent, so they are reviewed enough
    assert "Partnerships/UNESCO" not in unreviewed
    assert not any("no edit times" in n for n in data["notes"])
    assert rows(data, "contacts")


def test_audit_duplicates_finds_the_partner_registered_twice(seeded):
    data = report(seeded.run("audit_duplicates", "-format:json"))
    pairs = {
        (r["first"].removeprefix(seeded.prefix), r["second"].removeprefix(seeded.prefix)): r
        for r in rows(data, "pairs")
    }
    assert set(pairs) == {
        ("Partnerships/UNESCO", "Partnerships/UNESCO (Paris)"),
        ("Partnerships/OSM mapping", "Partnerships/Wikimedia and OpenStreetMap"),
    }
    assert pairs[("Partnerships/UNESCO", "Partnerships/UNESCO (Paris)")]["evidence"] == ["same Wikidata item Q7809"]
    osm = pairs[("Partnerships/OSM mapping", "Partnerships/Wikimedia and OpenStreetMap")]
    assert osm["evidence"] == ["near-equal names (1.00)"] and osm["score"] == 1.0


def test_audit_orphans_finds_every_kind_of_orphan(seeded):
    data = report(seeded.run("audit_orphans", "-format:json"))
    found = {
        (key, r["page"].removeprefix(seeded.prefix))
        for key, section in data["sections"].items()
        for r in section["rows"]
    }
    # the -fix tests' pages use the template too, in a scope of their own: outside this one
    fix_scope = {(k, page) for k, page in found if page.startswith(("Fix/", "Race/"))}
    assert {k for k, _ in fix_scope} <= {"out-of-scope"}
    assert found - fix_scope == {
        ("no-template", "Partnerships/Kiwix"),
        ("not-in-category", "Partnerships/Hidden"),
        ("out-of-scope", "Drafts/Someone's draft"),
        ("index-row-missing", "Partnerships/Deleted long ago"),
        ("translation-without-base", "Partnerships/Gone/de"),
    }


def test_audit_members_reads_the_working_group_pages(seeded):
    data = report(seeded.run("audit_members", "-format:json"))
    assert data["findings"] == 9
    assert [r["member"] for r in rows(data, "listed-twice")] == ["Daniel Okafor"]
    assert [r["member"] for r in rows(data, "several-groups")] == ["Sarah Lindqvist"]
    assert len(rows(data, "members")) == 15


def test_export_gives_the_extract_shape_from_the_wiki(seeded):
    done = seeded.run("export", "-format:json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert {"page", "revision", "record", "problems"} <= set(records[0])
    assert all(r["revision"] for r in records) and len(records) >= 22
    assert done.stderr.rstrip().splitlines()[-1].startswith(f"export: {len(records)} pages exported")


def test_post_publishes_the_report_between_markers_and_a_second_run_changes_nothing(seeded, site, pywikibot):
    page = seeded.title("Audits")
    simulated = seeded.run("audit_orphans", f"-post:{page}", "-simulate")
    assert simulated.returncode == 0 and "simulated" in simulated.stderr
    assert not pywikibot.Page(site, page).exists()
    first = seeded.run("audit_orphans", f"-post:{page}", "-always")
    assert first.returncode == 0 and f"post: {page}: created" in first.stderr
    text = pywikibot.Page(site, page).get(force=True)
    assert "<!-- BEGIN partnerships-bot: audit-orphans -->" in text and "Drafts/Someone" in text
    revision = pywikibot.Page(site, page).latest_revision_id
    second = seeded.run("audit_orphans", f"-post:{page}", "-always")
    assert f"post: {page}: unchanged" in second.stderr
    assert pywikibot.Page(site, page).latest_revision_id == revision


def test_several_audits_share_a_page_the_bot_created_and_a_human_page_gets_instructions(
    seeded, site, admin_site, pywikibot
):
    from tests.integration.wikitools import edit

    page = seeded.title("Shared audits")
    for script in ("audit_orphans", "audit_stale", "audit_orphans"):
        done = seeded.run(script, f"-post:{page}", "-always")
        assert done.returncode == 0, done.stderr
    text = pywikibot.Page(site, page).get(force=True)
    assert text.count("<!-- BEGIN partnerships-bot: audit-orphans -->") == 1
    assert text.index("<!-- END partnerships-bot: audit-orphans -->") < text.index(
        "<!-- BEGIN partnerships-bot: audit-stale -->"
    )
    human = seeded.title("Human audits")
    edit(pywikibot, admin_site, human, "Our notes. Reports go below.")
    refused = seeded.run("audit_stale", f"-post:{human}", "-always")
    assert refused.returncode == 1 and "add these two lines" in refused.stderr
    assert "<!-- BEGIN partnerships-bot: audit-stale -->" in refused.stderr
    assert pywikibot.Page(site, human).get(force=True) == "Our notes. Reports go below."


def fix_titles(seeded) -> list[str]:
    return [seeded.title(f"Fix/Partnerships/{name}") for name in (*FIX_PAGES, "Excluded")]


def texts(pywikibot, site, titles) -> dict[str, tuple[str, int]]:
    out = {}
    for title in titles:
        page = pywikibot.Page(site, title)
        out[title] = (page.get(force=True), page.latest_revision_id)
    return out


def test_fix_simulate_shows_the_diffs_and_saves_nothing(seeded, site, pywikibot):
    before = texts(pywikibot, site, fix_titles(seeded))
    done = seeded.run("audit_fields", "-fix", "-simulate", settings=seeded.fix_settings_file)
    assert done.returncode == 0, done.stderr
    assert "+| status = active" in done.stderr and "simulated" in done.stderr
    assert texts(pywikibot, site, fix_titles(seeded)) == before


def test_fix_changes_exactly_the_intended_values_and_leaves_every_other_byte(seeded, site, pywikibot):
    schema = load_schema(seeded.schema_file)
    titles = fix_titles(seeded)
    before = texts(pywikibot, site, titles)
    done = seeded.run("audit_fields", "-fix", "-always", "-format:json", settings=seeded.fix_settings_file)
    data = report(done)
    after = texts(pywikibot, site, titles)
    outcomes = {r["page"]: r["outcome"] for r in rows(data, "fix")}
    for title in titles:
        old, new = before[title][0], after[title][0]
        if title.endswith("Excluded"):  # {{nobots}}: left alone
            assert outcomes[title] == "skipped" and after[title] == before[title]
            continue
        assert outcomes[title] == "saved" and new == plan_fix(old, schema, support.countries()).text
        assert after[title][1] != before[title][1]
    cee = after[seeded.title("Fix/Partnerships/CEE Spring")][0]
    assert (
        "| status = active\n| start = {{start date|2015|3|21}}\n" in cee
        and "| regions = Central & Eastern Europe and Central Asia\n" in cee
    )
    tel_aviv = after[seeded.title("Fix/Partnerships/Tel Aviv University")][0]
    assert "| areas       = Education\n| status      = Active\n" in tel_aviv
    orange = after[seeded.title("Fix/Partnerships/Wikipedia Zero – Orange")][0]
    assert "|countries=Kenya, Uganda, Tunisia<!-- not complete -->\n" in orange and "|start=2012–2018\n" in orange

    again = report(seeded.run("audit_fields", "-fix", "-always", "-format:json", settings=seeded.fix_settings_file))
    assert {r["page"] for r in rows(again, "fixable")} == {seeded.title("Fix/Partnerships/Excluded")}
    assert texts(pywikibot, site, titles) == after


def test_a_human_edit_during_fix_is_kept_and_the_fix_is_applied_on_top(
    seeded, site, admin_site, pywikibot, local_wiki, tmp_path
):
    from bot.jobs.audits.fixing import apply_fixes
    from bot.publish import Publisher
    from bot.wiki import Wiki

    schema = load_schema(seeded.schema_file)
    title = seeded.title("Race/Partnerships/X")
    page = pywikibot.Page(admin_site, title)
    page.text = f"{{{{{seeded.template}\n| status = Ongoing\n| start = 5 May 2018\n}}}}\nOld text."
    page.save(summary="human edit", bot=False)

    class HumanInTheMiddle(Wiki):
        pending = True

        def save(self, copy, text, **kwargs):
            if self.pending:
                self.pending = False
                human = pywikibot.Page(admin_site, title)
                human.text = (
                    human.get(force=True)
                    .replace("Old text.", "New text by a human.")
                    .replace("| start = 5 May 2018", "| start = 6 May 2018")
                )
                human.save(summary="human edit in between", bot=False)
            return super().save(copy, text, **kwargs)

    wiki = Wiki.attach(site)
    racing = HumanInTheMiddle(site, wiki.counter)
    publisher = Publisher(racing, run_page="User:PartnershipsBot/Run", out=io.StringIO())
    [outcome] = apply_fixes([title], publisher, schema, support.countries())
    assert outcome.status == "saved"
    text = pywikibot.Page(site, title).get(force=True)
    assert text == f"{{{{{seeded.template}\n| status = Active\n| start = 2018-05-06\n}}}}\nNew text by a human."


def test_the_audit_listings_are_batched(seeded, site):
    from bot.wiki import Wiki

    wiki = Wiki.attach(site)
    titles = [seeded.title(f"Partnerships/Missing {i}") for i in range(120)] + [seeded.title("Partnerships/UNESCO")]
    before = wiki.requests
    states = wiki.page_states(titles)
    assert wiki.requests - before <= 1
    assert states[seeded.title("Partnerships/UNESCO")].exists and states[seeded.title("Partnerships/UNESCO")].timestamp
    assert not states[titles[0]].exists
    before = wiki.requests
    members = wiki.category_members(f"{seeded.prefix}Partnerships")
    assert wiki.requests - before == 1 and (seeded.title("Partnerships/Kiwix"), 0) in members
    before = wiki.requests
    assert seeded.title("Partnerships/Gone/de") in wiki.prefix_titles(f"{seeded.prefix}Partnerships/")
    assert wiki.requests - before == 1
