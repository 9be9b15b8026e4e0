"""Deploy against the real local wiki: TemplateData, rendering, categories, idempotence, human edits.

The template itself is global: the module deploys the real pages once, exactly
as ``make demo`` does (the shipped settings, only the state and the run page are
the test's own), with -force so a stray edit on the test wiki cannot wedge the
suite; deploys are idempotent, so repeated and parallel runs agree. Tests that edit
the template, or need it in a known state, deploy a copy under their own
``page_prefix`` (``Template:Test/<test>-<hex>/Partnership``) with the same
generator, so they never disturb each other or the demo.
"""

from __future__ import annotations

import html
import io
import re
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import load_settings
from bot.core.markers import begin_marker, end_marker
from bot.core.onwiki import load_sources
from bot.jobs.deploy import DeployOptions, run_deploy
from bot.publish import PageUpdate, Publisher
from tests import support
from tests.integration.wikitools import after_jobs, edit, job_context

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MISSING = "Partnerships with missing information"
UNKNOWN = "Partnerships with unrecognised values"


def settings_for(state_dir: Path, prefix: str, *, own_main_page: bool = True):
    """The shipped settings with the test's own state and run page (and, own: a registry of its own).

    A registry of its own has its pages, its module and list templates and its
    scope under ``prefix``, so pages the test writes there are registry pages.
    """
    settings = load_settings(schema=support.schema())
    # English only: these tests count deploy's pages; the language versions are tests/integration/test_languages.py's.
    settings = replace(
        settings,
        pages=replace(settings.pages, languages=()),
        publish=replace(settings.publish, state_dir=str(state_dir), run_page=f"{prefix}Run"),
    )
    if own_main_page:
        settings = replace(
            settings,
            registry=replace(settings.registry, prefix=prefix),
            pages=replace(
                settings.pages,
                index=f"{prefix}Registry",
                overview=f"{prefix}Registry/Overview",
                problems=f"{prefix}Registry/Problems",
                data=f"{prefix}Registry.json",
                lists="",
                preload=f"{prefix}Registry/Preload",
            ),
            deploy=replace(
                settings.deploy,
                module=f"{prefix}Partnerships",
                list_template=f"{prefix}Partnerships list",
                count_template=f"{prefix}Partnerships count",
            ),
        )
    return settings


def deploy(wiki, schema, settings, *, simulate=False, **options):
    out = io.StringIO()
    report = run_deploy(
        job_context(wiki, schema=schema, settings=settings, out=out, simulate=simulate),
        DeployOptions(**options),
        sources=load_sources(),
    )
    return report, out.getvalue()


def eventually(check, *, seconds: float = 20.0):
    """``check()``'s first truthy result, retried for a while.

    MediaWiki writes a saved page's links tables and page properties (the
    categories, the TemplateData) in a deferred update that may finish just
    after the API has answered the save.
    """
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def parse(site, **params) -> dict:
    request = site.simple_request(
        action="parse", prop="text|categories", disablelimitreport="1", formatversion="2", **params
    )
    return request.submit()["parse"]


def categories(parsed: dict) -> set[str]:
    return {c["category"].replace("_", " ") for c in parsed["categories"]}


def infobox_rows(parsed: dict) -> dict[str, str]:
    """Label -> value text of the rendered infobox."""
    box = re.search(r'<table class="infobox.*?</table>', parsed["text"], re.S)
    assert box, "no infobox in the rendered page"
    rows = re.findall(r'<th scope="row"[^>]*>\s*(.*?)\s*</th>\s*<td[^>]*>\s*(.*?)\s*</td>', box.group(0), re.S)
    return {label: html.unescape(re.sub(r"<[^>]+>", "", value)).strip() for label, value in rows}


@pytest.fixture
def wiki(site):
    from bot.wiki import Wiki

    return Wiki.attach(site)


@pytest.fixture(scope="module")
def deployed(site, admin_site, pywikibot, tmp_path_factory, schema):
    """The real Template:Partnership, its redirects, doc, preload and the registry's main page, deployed."""
    from bot.wiki import Wiki

    prefix = f"Test/deploy-module-{secrets.token_hex(3)}/"
    edit(pywikibot, admin_site, f"{prefix}Run", "yes")
    settings = settings_for(tmp_path_factory.mktemp("deploy-state"), prefix, own_main_page=False)
    report, out = deploy(Wiki.attach(site), schema, settings, force=True)
    assert report.ok, out
    return settings


@pytest.fixture
def own(page_prefix, admin_site, pywikibot, tmp_path, schema):
    """A copy of the template and its pages under the test's prefix, with its own state and run page."""
    edit(pywikibot, admin_site, f"{page_prefix}Run", "yes")
    copy = replace(schema, template=f"{page_prefix}Partnership", redirects=(f"{page_prefix}Infobox partnership",))
    return copy, settings_for(tmp_path, page_prefix)


# --- TemplateData ------------------------------------------------------------------


def test_after_deploy_templatedata_returns_exactly_the_schemas_parameters_aliases_and_values(deployed, site, schema):
    def fetch() -> dict:
        answer = site.simple_request(
            action="templatedata", titles="Template:Partnership", lang="en", formatversion="2"
        ).submit()
        (data,) = answer["pages"].values()
        return data

    def current() -> dict | None:
        data = fetch()
        aliases = {name: param["aliases"] for name, param in data["params"].items()}
        return data if aliases == {spec.name: list(spec.aliases) for spec in schema.fields} else None

    data = eventually(current) or fetch()
    assert list(data["params"]) == [spec.name for spec in schema.fields] == data["paramOrder"]
    assert data["format"] == "block"
    for spec in schema.fields:
        param = data["params"][spec.name]
        enum = schema.enums.get(spec.enum) if spec.enum else None
        assert param["aliases"] == list(spec.aliases), spec.name
        assert param.get("suggestedvalues", []) == ([v.label for v in enum.values] if enum else []), spec.name
        assert param["required"] is (spec.requirement == "required"), spec.name
        assert param["label"] == spec.label
    german = site.simple_request(
        action="templatedata", titles="Template:Partnership", lang="de", formatversion="2"
    ).submit()
    (data,) = german["pages"].values()
    assert data["params"]["start"]["label"] == "Beginn"  # VisualEditor's dialog, for a German editor


# --- Rendering and categories -------------------------------------------------------

SAMPLE = """{{Partnership
| name =
| title = Sample partnership
| partner = [[w:Kiwix|Kiwix]]
| kind = ally
| level = Global
| status = Ongoing
| start_date = 2018-05
| contact = Example User
| website = https://www.kiwix.org
}}
Text about the partnership."""


def test_a_sample_page_shows_its_values_as_typed_then_as_the_bot_read_them_and_lands_in_its_categories(
    own, wiki, site, admin_site, pywikibot, page_prefix, local_wiki
):
    from bot.jobs.update import UpdateOptions, run_update

    schema, settings = own
    deploy(wiki, schema, settings)
    title = f"{page_prefix}Sample"
    edit(pywikibot, admin_site, title, SAMPLE.replace("{{Partnership", "{{" + schema.template))
    parsed = parse(site, page=title)
    assert re.search(r'<th colspan="2"[^>]*>\s*Sample partnership', parsed["text"])
    assert infobox_rows(parsed) == {  # not checked by the bot yet: as typed
        "Partner": "Kiwix",
        "Type of relationship": "ally",
        "Level": "Global",
        "Status": "Ongoing",
        "Start date": "2018-05",
        "Contact": "Example User",
        "Website": "https://www.kiwix.org",
    }
    assert "has not checked this version" in parsed["text"]
    expected = {"Partnerships", "Partnerships with type Alliance", "Partnerships with status Active"}
    assert categories(parsed) == expected

    def linked() -> set[str]:
        return {c.title(with_ns=False) for c in pywikibot.Page(site, title).categories()}

    assert eventually(lambda: linked() == expected), linked()  # the links tables agree
    # MediaWiki's timestamps count seconds: a page rendered in the very second the data page is
    # written counts as rendered after it and is not rendered again. Readers do not edit that fast.
    time.sleep(1.1)
    assert run_update(job_context(wiki, schema=schema, settings=settings), UpdateOptions()).ok

    def checked() -> dict | None:
        page = parse(site, page=title)
        return page if "has not checked" not in page["text"] else None

    parsed = after_jobs(local_wiki, checked)  # MediaWiki renders the page again with the data
    assert parsed, "the infobox never showed the bot's values"
    assert infobox_rows(parsed) == {  # as the bot normalised them
        "Partner": "Kiwix",
        "Type of relationship": "Alliance",
        "Level": "Global",
        "Status": "Active",
        "Start date": "May 2018",
        "Contact": "Example User",
        "Website": "www.kiwix.org",
    }
    assert 'title="User:Example User' in parsed["text"] and "has not checked" not in parsed["text"]
    assert categories(parsed) == expected


def test_a_page_without_a_required_field_lands_in_the_tracking_category(
    own, wiki, site, admin_site, pywikibot, page_prefix
):
    schema, settings = own
    deploy(wiki, schema, settings)
    title = f"{page_prefix}Incomplete"
    edit(
        pywikibot,
        admin_site,
        title,
        "{{" + schema.template + "|name=Incomplete|partner=TBD|type=partnership|level=local|status=active}}",
    )
    found = categories(parse(site, page=title))
    assert MISSING in found and "Partnerships with type Partnership" in found
    complete = "|name=X|partner=Y|type=partnership|level=local|status=active|success=500 images}}"
    assert MISSING not in categories(parse(site, title=title, text="{{" + schema.template + complete))


def test_an_unknown_value_goes_to_the_tracking_category_not_a_category_of_its_own(own, wiki, site, page_prefix):
    schema, settings = own
    deploy(wiki, schema, settings)
    text = "{{" + schema.template + "|name=X|partner=Y|type=strategic|level=local|status=Frozen}}"
    found = categories(parse(site, title=f"{page_prefix}Odd", text=text))
    assert UNKNOWN in found and not any("strategic" in c.lower() or "frozen" in c.lower() for c in found)


def test_the_redirects_render_the_same_infobox(own, wiki, site, page_prefix):
    schema, settings = own
    deploy(wiki, schema, settings)
    text = "{{" + schema.redirects[0] + "|name=Via redirect|partner=Y|type=coalition|level=local|status=done}}"
    parsed = parse(site, title=f"{page_prefix}Redirected", text=text)
    assert infobox_rows(parsed)["Status"] == "done"  # as typed: the bot has not read this text
    assert "Partnerships with status Completed" in categories(parsed)


def test_the_template_and_its_documentation_are_not_categorised(deployed, site):
    for title in ("Template:Partnership", "Template:Partnership/doc", deployed.pages.preload):
        parsed = parse(site, page=title)
        assert not any(c.startswith("Partnerships") for c in categories(parsed)), title
    assert "TemplateData" in parse(site, page="Template:Partnership")["text"]


def test_every_example_page_renders_an_infobox(deployed, site):
    checked = 0
    for path in sorted(EXAMPLES.glob("*.wiki")):
        text = path.read_text(encoding="utf-8")
        if not re.search(r"\{\{\s*(Partnership|Infobox partnership)\b", text):
            continue
        parsed = parse(site, title=urllib.parse.unquote(path.name[:-5]), text=text)
        assert '<table class="infobox' in parsed["text"], path.name
        assert "Template:Partnership (page does not exist)" not in parsed["text"], path.name
        assert "Partnerships" in categories(parsed), path.name
        checked += 1
    assert checked >= 15


def test_the_create_box_opens_the_editor_with_the_preload_under_the_prefix(deployed, site, local_wiki):
    form = re.search(r'<form name="createbox".*?</form>', parse(site, page=deployed.pages.index)["text"], re.S).group(0)
    fields = dict(re.findall(r'<input type="hidden" value="([^"]*)" name="([^"]*)"', form))
    fields = {name: html.unescape(value) for value, name in fields.items()}
    assert fields == {"action": "edit", "preload": "Partnerships/Registry/Preload", "prefix": "Partnerships/"}
    name = f"Box test {secrets.token_hex(3)}"
    url = f"{local_wiki.url}/index.php?" + urllib.parse.urlencode({**fields, "title": name})
    with urllib.request.urlopen(url, timeout=30) as response:
        page = response.read().decode("utf-8")
    assert f"Creating Partnerships/{name}" in html.unescape(page)
    editor = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
    assert editor.lstrip().startswith("<!-- Fill in what you know") and "{{Partnership\n| name" in editor
    assert "{{subst:#titleparts:{{subst:PAGENAME}}|1|-1}}" in editor  # the name, filled in on the first save
    assert "generated by the partnerships bot" not in editor  # the preload's own note stays on its page


# --- Deploying: idempotence, human edits, the index -------------------------------


def revision_ids(site, titles) -> dict[str, int]:
    answer = site.simple_request(action="query", titles="|".join(titles), prop="info", formatversion="2").submit()
    return {p["title"]: p.get("lastrevid") for p in answer["query"]["pages"]}


def test_a_second_deploy_makes_zero_edits(own, wiki, site):
    schema, settings = own
    first, out = deploy(wiki, schema, settings)
    assert first.ok and first.count("created") == 11, out
    titles = [o.title for o in first.outcomes]
    before = revision_ids(site, titles)
    second, out = deploy(wiki, schema, settings)
    assert second.ok and second.edits == 0 and second.count("unchanged") == 11, out
    assert revision_ids(site, titles) == before


def test_a_human_edit_to_the_template_blocks_the_next_deploy_until_force(own, wiki, site, admin_site, pywikibot):
    schema, settings = own
    deploy(wiki, schema, settings)
    title = f"Template:{schema.template}"
    human = pywikibot.Page(admin_site, title).get(force=True).replace("== TemplateData ==", "== Template data ==")
    edit(pywikibot, admin_site, title, human, summary="shorter footer")
    report, out = deploy(wiki, schema, settings)
    outcome = next(o for o in report.outcomes if o.title == title)
    assert not report.ok and outcome.status == "skipped" and "edited by Admin" in outcome.reason
    assert "Admin" in out and '"shorter footer"' in out and f"--- {title} (now)" in out
    assert pywikibot.Page(site, title).get(force=True) == human
    forced, out = deploy(wiki, schema, settings, force=True)
    assert forced.ok and forced.edits == 1, out
    page = pywikibot.Page(site, title)
    assert "== TemplateData ==" in page.get(force=True)
    assert "; replaces edits by Admin (-force)" in next(iter(page.revisions(total=1))).comment
    assert deploy(wiki, schema, settings)[0].edits == 0


def test_redeploying_the_main_page_keeps_the_index_the_update_job_wrote(own, wiki, site, pywikibot):
    schema, settings = own
    deploy(wiki, schema, settings)
    main = settings.pages.index
    index = '{| class="wikitable"\n|-\n| the index\n|}'
    publisher = Publisher(wiki, run_page=settings.publish.run_page, out=io.StringIO())
    assert publisher.publish(PageUpdate(main, index, "Registry index: 1 added", region="index")).status == "saved"
    sources = {
        **load_sources(),
        "main": load_sources()["main"].replace("<<intro>>", "<<intro>> This is now the registry."),
    }
    report = run_deploy(job_context(wiki, schema=schema, settings=settings), DeployOptions(), sources=sources)
    assert report.ok and report.edits == 1
    text = pywikibot.Page(site, main).get(force=True)
    assert "This is now the registry" in text
    region = text[text.index(begin_marker("index")) : text.index(end_marker("index"))]
    assert "| the index" in region and "Updated by the bot" in region


def test_simulate_shows_the_diffs_and_writes_nothing(own, wiki, site, pywikibot):
    schema, settings = own
    report, out = deploy(wiki, schema, settings, simulate=True)
    assert report.count("simulated") == 11 and f"+++ Template:{schema.template} (bot)" in out
    assert not pywikibot.Page(site, f"Template:{schema.template}").exists()


def test_a_schema_change_is_deployed_with_a_summary_that_names_it(own, wiki, site, pywikibot):
    schema, settings = own
    deploy(wiki, schema, settings)
    fields = tuple(replace(s, aliases=(*s.aliases, "phase")) if s.name == "status" else s for s in schema.fields)
    changed = replace(schema, fields=fields)
    report, out = deploy(wiki, changed, settings)
    assert report.ok, out
    title = f"Template:{schema.template}"
    comment = next(iter(pywikibot.Page(site, title).revisions(total=1))).comment
    assert comment.startswith("Deploy from schema v1: status changed (aliases)")

    def aliases() -> list[str]:
        answer = site.simple_request(action="templatedata", titles=title, formatversion="2").submit()
        (data,) = answer["pages"].values()
        return data["params"]["status"]["aliases"]

    assert eventually(lambda: aliases() == ["state", "phase"]), aliases()
    parsed = parse(site, title=f"{schema.template}-sample", text="{{" + schema.template + "|phase=paused}}")
    assert infobox_rows(parsed)["Status"] == "paused"  # the module reads the new alias at once
    assert "Partnerships with status On hold" in categories(parsed)


# --- VisualEditor (loaded in the local wiki as on Meta-Wiki) --------------------------


def test_visualeditor_edits_the_infobox_as_a_template_and_its_search_never_offers_the_preload(
    deployed, site, admin_site, pywikibot, page_prefix
):
    title = f"{page_prefix}Visual"
    edit(pywikibot, admin_site, title, "{{Partnership|name=Visual|partner=Org|type=alliance}}\nText.")
    answer = site.simple_request(action="visualeditor", paction="parse", page=title, formatversion="2").submit()
    content = answer["visualeditor"]["content"]
    assert 'typeof="mw:Transclusion"' in content and "Partnership" in html.unescape(content)
    legacy = pywikibot.Page(admin_site, "Template:Partnership/preload")  # where deploy put it before issue 12
    if legacy.exists():
        legacy.delete(reason="moved out of the Template namespace", prompt=False)
    found = site.simple_request(
        action="query", generator="prefixsearch", gpssearch="Partnership", gpsnamespace="10", gpslimit="50"
    ).submit()
    titles = {page["title"] for page in found["query"]["pages"].values()}
    assert "Template:Partnership" in titles
    assert not any(t.endswith("/preload") or t.endswith("/Preload") for t in titles), titles  # VE hides only /doc
