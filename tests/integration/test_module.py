"""Module:Partnerships on the real wiki: the Lua module and the Python bot read pages alike.

A registry of its own (template, module, list and count templates, pages and
prefix named after this test run) is deployed with the project's generator,
seeded with one shared corpus, and published by the update job:

* the examples (``examples/``), the registry fixtures (``tests/fixtures/registry/``),
* real infoboxes written by editors on other wikis (``tests/fixtures/wikitext/infobox/``,
  see its MANIFEST for sources and licences), their template renamed to ours,
* hostile values in every field.

Every page is then read by the module through ``action=expandtemplates`` (the
module's ``reading``, ``keys`` and ``pages`` functions return JSON) and
rendered through ``action=parse``; the bot's view is its own extraction and its
data page. Nothing is mocked: Pywikibot talks HTTP to MediaWiki 1.39, which runs
the module in Lua 5.1.
"""

from __future__ import annotations

import html
import json
import re
import secrets
import time
import urllib.parse
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import mwparserfromhell
import pytest

from bot.config import Pages, RegistryScope, load_settings
from bot.core.labels import field_label, value_label
from bot.core.messages import messages_for
from bot.core.normalise.country_table import load_country_table
from bot.core.params import find_templates, resolve_parameters
from bot.core.render.data import shard_of
from bot.core.schema import DEFAULT_SCHEMA_PATH, parse_schema
from bot.core.textkeys import match_key, param_key, title_key
from bot.jobs.deploy import DeployOptions, run_deploy
from bot.jobs.update import UpdateOptions, run_update
from bot.sources.offline import filename_for_title, title_from_filename
from tests.integration.test_browser import OUTPUT
from tests.integration.wikitools import after_jobs, edit, job_context

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIRS = (ROOT / "examples", ROOT / "tests" / "fixtures" / "registry")
REAL_INFOBOXES = ROOT / "tests" / "fixtures" / "wikitext" / "infobox"
HOSTILE = {
    "pipe": "a|b||c!!d",
    "table": "{{!}} class=x",
    "template": "{{Hacked}} {{#invoke:Foo|bar}}",
    "category": "[[Category:Hacked]] [[:Category:Visible]]",
    "file": "[[File:Example.png|thumb]]",
    "magic": "__NOTOC__ __NOINDEX__ ISBN 9780306406157",
    "html": "<script>alert(1)</script><div style='x'>unclosed",
    "bold": "'''unbalanced ''",
    "url": "https://spam.example.org/x and [https://spam.example.org label]",
    "entity": "&lt;b&gt; &#124; &amp;",
}


@dataclass
class Registry:
    prefix: str
    schema: Any
    settings: Any
    countries: Any
    titles: list[str]
    module: str
    list_template: str
    count_template: str
    reading: str

    def page(self, name: str) -> str:
        return f"{self.settings.registry.prefix}{name}"


def rename_templates(text: str, keys: frozenset[str], new: str, *, first_only: bool = False) -> str:
    """``text`` with every call of a template named in ``keys`` (or just the first template) renamed to ``new``."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    for template in code.filter_templates(recursive=False):
        name = title_key(str(template.name))
        if first_only or name in keys:
            template.name = new + ("\n" if str(template.name).endswith("\n") else "")
            if first_only:
                break
    return str(code)


def hostile_page(schema, value: str) -> str:
    lines = "\n".join(f"| {spec.name} = {value}" for spec in schema.fields)
    return f"{{{{{schema.template}\n{lines}\n}}}}\nA page with hostile values.\n"


def seed(local_wiki, folder: Path, pages: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for title, text in pages.items():
        (folder / filename_for_title(title)).write_text(text, encoding="utf-8")
    done = local_wiki.run_script("seed", "--dir", str(folder))
    assert done.returncode == 0, done.stderr


def deploy(wiki, registry_schema, settings) -> None:
    import io

    out = io.StringIO()
    report = run_deploy(
        job_context(wiki, schema=registry_schema, settings=settings, out=out), DeployOptions(force=True)
    )
    assert report.ok, out.getvalue()


def update(local_wiki, wiki, schema, settings) -> Any:
    """The update job, then MediaWiki's job queue (which renders the pages that show the data again)."""
    import io

    out = io.StringIO()
    report = run_update(job_context(wiki, schema=schema, settings=settings, out=out), UpdateOptions())
    assert report.ok, out.getvalue()
    done = local_wiki.run_script("run-jobs")
    assert done.returncode == 0, done.stderr
    return report


def make_registry(local_wiki, site, admin_site, pywikibot, tmp_path: Path, *, shards: int = 1, corpus=True) -> Registry:
    """Deploy a registry of this run's own, seed the corpus, run the update job."""
    import tomllib

    from bot.wiki import Wiki

    tag = secrets.token_hex(3)
    prefix = f"Test/module-{tag}/"
    data = tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8"))
    data["template"] = {"name": f"Partnership module {tag}", "redirects": [f"Partnership module {tag} old"]}
    schema = parse_schema(data)
    base = load_settings(schema=schema)
    run_page = f"{prefix}Run"
    edit(pywikibot, admin_site, run_page, "yes")
    module = f"Partnerships module {tag}"
    settings = replace(
        base,
        registry=RegistryScope(namespaces=(0,), prefix=f"{prefix}P/"),
        pages=Pages(
            index=f"{prefix}Registry",
            overview=f"{prefix}Registry/Overview",
            problems=f"{prefix}Registry/Problems",
            data=f"{prefix}Registry.json",
            lists=f"{prefix}Registry/Lists",
            preload=f"{prefix}Registry/Preload",
            data_shards=shards,
        ),
        publish=replace(base.publish, run_page=run_page, state_dir=str(tmp_path / "state")),
        deploy=replace(
            base.deploy,
            category=f"Partnerships {tag}",
            value_category=f"Partnerships {tag} with {{field}} {{value}}",
            missing_category=f"Partnerships {tag} with missing information",
            unknown_category=f"Partnerships {tag} with unrecognised values",
            outside_category=f"Partnerships {tag} outside the registry",
            module=module,
            list_template=f"{module} list",
            count_template=f"{module} count",
        ),
    )
    countries = load_country_table(schema=schema)
    wiki = Wiki.attach(site)
    deploy(wiki, schema, settings)
    reading = f"Template:Partnership module {tag} reading"
    edit(pywikibot, admin_site, reading, f"{{{{#invoke:{module}|reading}}}}")
    pages: dict[str, str] = {}
    if corpus:
        original = parse_schema(tomllib.loads(DEFAULT_SCHEMA_PATH.read_text(encoding="utf-8")))
        for folder in CORPUS_DIRS:
            for path in sorted(folder.glob("*.wiki")):
                name = title_from_filename(path.name).removeprefix("Partnerships/")
                text = path.read_text(encoding="utf-8")
                pages[f"{prefix}P/{name}"] = rename_templates(text, original.template_keys, schema.template)
        for path in sorted(REAL_INFOBOXES.glob("*.wiki")):
            text = path.read_text(encoding="utf-8")
            pages[f"{prefix}P/Real {path.stem}"] = rename_templates(text, frozenset(), schema.template, first_only=True)
        for key, value in HOSTILE.items():
            pages[f"{prefix}P/Hostile {key}"] = hostile_page(schema, value)
    else:
        for n in range(12):
            pages[f"{prefix}P/Shard test {n}"] = (
                f"{{{{{schema.template}|name=Shard test {n}|partner=Org {n}|type=alliance|level=global"
                f"|status={'active' if n % 2 else 'ended'}|start=201{n % 10}}}}}"
            )
    seed(local_wiki, tmp_path / f"seed-{tag}", pages)
    update(local_wiki, wiki, schema, settings)
    return Registry(
        prefix, schema, settings, countries, sorted(pages), module, f"{module} list", f"{module} count", reading
    )


@pytest.fixture(scope="module")
def registry(local_wiki, site, admin_site, pywikibot, tmp_path_factory) -> Registry:
    return make_registry(local_wiki, site, admin_site, pywikibot, tmp_path_factory.mktemp("module"))


def expand(site, text: str, *, title: str, revid: int | None = None) -> str:
    params: dict[str, Any] = {"text": text, "title": title, "prop": "wikitext", "formatversion": "2"}
    if revid is not None:
        params["revid"] = str(revid)
    return site.simple_request(action="expandtemplates", **params).submit()["expandtemplates"]["wikitext"]


def parse(site, **params) -> dict:
    return site.simple_request(
        action="parse",
        prop="text|categories|templates|externallinks|properties|links",
        disablelimitreport="1",
        formatversion="2",
        **params,
    ).submit()["parse"]


def eventually(check, *, seconds: float = 30.0):
    """``check()``'s first truthy result, retried for a while.

    When the data page changes, MediaWiki renders the pages that show it again
    through its job queue (here: one job per request), not at once.
    """
    import time

    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def current_revision(site, title: str) -> int:
    answer = site.simple_request(action="query", prop="info", titles=title, formatversion="2").submit()
    return int(answer["query"]["pages"][0]["lastrevid"])


def page_text(site, title: str) -> str:
    answer = site.simple_request(
        action="query", prop="revisions", rvprop="content", rvslots="main", titles=title, formatversion="2"
    ).submit()
    return answer["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]


def data_records(site, registry: Registry) -> dict[str, dict]:
    data = json.loads(page_text(site, registry.settings.pages.data))
    records = list(data.get("records", []))
    for shard in data.get("shards", []):
        records += json.loads(page_text(site, shard))["records"]
    return {r["page"]: r for r in records}


def reading_of(site, registry: Registry, title: str, text: str) -> dict | None:
    """What the module reads from the page's first template call, at the page's current revision."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    found = find_templates(code, registry.schema)
    if not found:
        return None
    call = found[0]
    call.name = registry.reading.removeprefix("Template:")
    return json.loads(expand(site, str(call), title=title, revid=current_revision(site, title)))


# --- How the module shows a value, in plain text -------------------------------------------

MONTHS = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def shown_date(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 1:
        return value
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def expected_shown(registry: Registry, name: str, value: Any) -> list[str]:
    spec = registry.schema.by_name[name]
    values = value if isinstance(value, list) else [value]
    out = []
    for v in values:
        if spec.enum and spec.enum in registry.schema.enums:
            labels = {e.id: e.label for e in registry.schema.enums[spec.enum].values}
            out.append(labels.get(v, v))
        elif spec.type == "country":
            out.append(registry.countries.names.get(v, v))
        elif spec.type == "url":
            out.append(re.sub(r"/$", "", re.sub(r"^https?://", "", v)))
        elif spec.type == "date":
            out.append(shown_date(v))
        else:
            out.append(re.sub(r"[\x00-\x1f\x7f]", " ", v))
    return out


def plain(fragment: str) -> list[str]:
    """The texts a row of the infobox shows, one per value."""
    parts = fragment.split("<br />")
    out = []
    for part in parts:
        part = re.sub(r"\[\[:?[^|\]]*\|([^\]]*)\]\]", r"\1", part)
        part = re.sub(r"^\[(?:https?:)?//\S+ (.*)\]$", r"\1", part)
        out.append(html.unescape(part))
    return out


# --- The shared corpus: Python and Lua agree ----------------------------------------------


def test_for_every_page_the_module_reads_the_parameters_the_bot_reads(site, registry):
    disagreements = []
    for title in registry.titles:
        text = page_text(site, title)
        reading = reading_of(site, registry, title, text)
        found = find_templates(mwparserfromhell.parse(text, skip_style_tags=True), registry.schema)
        if not found:
            assert reading is None
            continue
        python = resolve_parameters(found[0], registry.schema)
        lua = {field: item["name"] for field, item in (reading["fields"] or {}).items()}
        if lua != python.names:
            disagreements.append((title, python.names, lua))
    assert not disagreements, disagreements


def test_for_every_page_the_infobox_shows_the_bots_values_at_the_revision_it_read(site, registry):
    records = data_records(site, registry)
    title_field = registry.schema.role_name("title")
    checked = 0
    for title in registry.titles:
        record = records.get(title)
        if record is None:
            continue
        reading = reading_of(site, registry, title, page_text(site, title))
        assert reading["checked"] is True and reading["scope"] == "in", title
        checked += 1
        rows = reading["rows"] or {}
        expected_fields = {
            spec.name
            for spec in registry.schema.fields
            if spec.name != title_field and record.get(spec.name) not in (None, "", [])
        }
        assert set(rows) == expected_fields, title
        for name in expected_fields:
            assert plain(rows[name]) == expected_shown(registry, name, record[name]), (title, name, rows[name])
        heading = html.unescape(reading["heading"])
        assert heading == (record.get(title_field) or title.rsplit("/", 1)[-1]), title
    assert checked >= 30


def test_the_modules_text_keys_are_the_bots(site, registry):
    samples = {"Start_Date", " start date ", "START-DATE", "Partnerships/Ünïcode", "", "a|b", "x=y", "{{!}}"}
    for enum in registry.schema.enums.values():
        for value in enum.values:
            samples.update({value.id, value.label, *value.spellings})
    samples.update(registry.countries.names.values())
    samples.update(HOSTILE.values())
    samples = sorted(samples)
    answers = []
    for start in range(0, len(samples), 150):
        calls = "\n".join(
            f"{{{{#invoke:{registry.module}|keys|{urllib.parse.quote(s, safe='')}|7}}}}"
            for s in samples[start : start + 150]
        )
        answers += [json.loads(line) for line in expand(site, calls, title="Test").split("\n")]
    wrong = [
        (s, a)
        for s, a in zip(samples, answers)
        if (a["param"], a["match"], a["shard"]) != (param_key(s), match_key(s), shard_of(s, 7))
    ]
    assert not wrong, wrong[:10]


# --- Lists and counts ---------------------------------------------------------------------

FILTERS = [
    {"status": "active"},
    {"regions": "ssa"},
    {"regions": "Sub-Saharan Africa"},
    {"region": "ssa"},
    {"type": "alliance", "status": "active"},
    {"Type": "Alliance"},
    {"countries": "KE"},
    {"countries": "Kenya, Uganda"},
    {"start": "2019"},
    {"start": "2012"},
    {"end": "-"},
    {"end": "*"},
    {"regions": "-"},
    {"areas": "glam"},
    {"areas": "content, education"},
    {"level": "global", "relation": "external"},
    {"wikimedia": "Wikimedia Foundation"},
    {"partner": "Kiwix"},
    {"status": "ended"},
    {"wikidata": "Q936"},
    {"level": "regional", "areas": "content"},
]


def python_select(registry: Registry, records: dict[str, dict], filters: dict[str, str]) -> set[str]:
    """The pages a filter selects, by the documented rules, in Python."""
    schema = registry.schema
    chosen = set(records)
    for name, raw in filters.items():
        spec, _ = schema.param_index[param_key(name)]

        def wanted(item: str, spec=spec) -> str:
            item = item.strip()
            if spec.enum and spec.enum in schema.enums:
                return schema.enums[spec.enum].index[match_key(item)]
            if spec.type == "country":
                code = registry.countries.lookup(item)
                if code is None:
                    raise KeyError(item)
                return code
            return item.lower()

        try:
            values = {wanted(raw)} if raw not in ("-", "*") else {raw}
        except KeyError:
            values = {wanted(v) for v in raw.split(",")}
        keep = set()
        for page in chosen:
            value = records[page].get(spec.name)
            items = value if isinstance(value, list) else ([] if value in (None, "") else [value])
            if "*" in values:
                ok = bool(items)
            elif not items:
                ok = "-" in values
            elif spec.type == "date":
                ok = any(v.startswith(w) for v in items for w in values)
            elif spec.enum or spec.type == "country":
                ok = bool(set(items) & values)
            else:
                ok = bool({v.lower() for v in items} & values)
            if ok:
                keep.add(page)
        chosen = keep
    return chosen


def call(template: str, filters: dict[str, str]) -> str:
    return "{{" + template + "".join(f"|{k}={v}" for k, v in filters.items()) + "}}"


def test_each_list_holds_exactly_the_records_the_same_filter_selects_in_python(site, registry):
    records = data_records(site, registry)
    nonempty = 0
    for filters in FILTERS:
        expected = python_select(registry, records, filters)
        pages = json.loads(expand(site, call(f"#invoke:{registry.module}|pages", filters), title="Test"))
        assert set(pages) == expected, filters
        rendered = parse(site, text=call(registry.list_template, filters), title=f"{registry.prefix}Chapter")
        rows = [html.unescape(p) for p in re.findall(r'<tr data-page="([^"]*)"', rendered["text"])]
        assert rows == pages, filters  # the table lists them, in the module's order
        count = expand(site, call(registry.count_template, filters), title="Test")
        assert count == str(len(expected)), filters
        nonempty += bool(expected)
    assert nonempty >= 14


def test_a_list_is_a_sortable_table_with_the_index_columns_and_options(site, registry):
    rendered = parse(
        site, text=call(registry.list_template, {"status": "active", "sort": "-start", "limit": "3"}), title="Test"
    )
    assert 'class="wikitable sortable partnerships-list"' in rendered["text"]
    assert len(re.findall(r"<tr data-page=", rendered["text"])) <= 3
    assert "Showing 3 of" in rendered["text"]
    narrow = parse(site, text=call(registry.list_template, {"status": "active", "columns": "name, status"}), title="T")
    assert len(re.findall(r"<th", narrow["text"])) == 2


@pytest.mark.parametrize(
    "filters, words",
    [
        ({"colour": "red"}, ["no filter", "colour"]),
        ({"status": "sleeping"}, ["sleeping", "is not a value of Status", "active"]),
        ({"start": "spring"}, ["spring", "is not a date"]),
        ({"columns": "name, colour"}, ["no column", "colour"]),
        ({"sort": "colour"}, ["cannot sort by", "colour"]),
        ({"limit": "lots"}, ["limit must be a whole number", "lots"]),
        ({"regions": "{{Hacked}}[[Category:Hacked]]"}, ["is not a value of Regions"]),
    ],
)
def test_a_mistake_in_a_list_is_a_plain_error_on_the_page_never_a_script_error(site, registry, filters, words):
    rendered = parse(site, text=call(registry.list_template, filters), title=f"{registry.prefix}Chapter")
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered["text"]))
    assert 'class="error"' in rendered["text"] and "Script error" not in text and "scribunto" not in rendered["text"]
    assert all(w in text for w in words), text
    assert rendered["categories"] == []  # (a template the caller writes in a filter is the caller's own)


def test_hostile_values_listed_on_another_page_inject_nothing(site, registry):
    every = ",".join(["problems", *(spec.name for spec in registry.schema.fields)])
    rendered = parse(site, text=call(registry.list_template, {"columns": every}), title=f"{registry.prefix}Chapter")
    assert rendered["categories"] == []
    assert {t["title"] for t in rendered["templates"]} <= {
        f"Template:{registry.list_template}",
        f"Module:{registry.module}",
        f"Module:{registry.module}/schema.json",
        f"Module:{registry.module}/i18n.json",
        registry.settings.pages.data,
    }
    assert not {"notoc", "noindex"} & set(rendered["properties"])
    assert "<script" not in rendered["text"].replace("&lt;script", ""), "a tag got through"
    records = data_records(site, registry)
    websites = {r["website"] for r in records.values() if r.get("website")}
    for link in rendered["externallinks"]:  # only the websites the bot accepted, and Wikidata
        assert link in websites or link.startswith("https://www.wikidata.org/wiki/Q"), link
    assert not {link["title"] for link in rendered["links"]} & {"Hacked", "Category:Hacked", "File:Example.png"}
    rows = re.findall(r"<tr data-page=", rendered["text"])
    assert len(rows) == len(records)


# --- The infobox as readers see it ----------------------------------------------------------


def test_a_page_with_problems_says_so_in_its_infobox_and_links_to_them(local_wiki, site, registry):
    records = data_records(site, registry)
    title = next(t for t, r in sorted(records.items()) if r["problems"]["error"])

    def notice():
        text = parse(site, page=title)["text"]
        return re.search(r'class="partnership-notice partnership-notice-error"[^>]*>(.*?)</td>', text, re.S)

    notice = after_jobs(local_wiki, notice)
    assert notice, title
    assert "problem" in notice.group(1) and "error" in notice.group(1)
    anchor = urllib.parse.quote(title.replace(" ", "_"), safe="/:")
    assert f"{registry.settings.pages.problems.replace(' ', '_')}#{anchor}" in urllib.parse.unquote(
        notice.group(1)
    ) or "see what to fix" in notice.group(1)


def test_after_an_edit_the_infobox_shows_the_values_as_typed_until_the_bot_reads_it_again(
    local_wiki, site, admin_site, pywikibot, registry
):
    title = registry.page("Edited later")
    text = (
        f"{{{{{registry.schema.template}\n| Name = Edited later\n| partner = Org\n| type = ally\n"
        "| level = global\n| status = Ongoing\n| Start_Date = spring 2019\n}}"
    )
    edit(pywikibot, admin_site, title, text)
    before = parse(site, page=title)
    assert 'data-partnership-checked="no"' in before["text"] and "has not checked" in before["text"]
    assert "ally" in before["text"] and "spring 2019" in before["text"]  # as typed
    from bot.wiki import Wiki

    time.sleep(1.1)  # MediaWiki's timestamps count seconds (see test_deploy's sample page)
    update(local_wiki, Wiki.attach(site), registry.schema, registry.settings)

    def checked() -> dict | None:
        page = parse(site, page=title)
        return page if 'data-partnership-checked="yes"' in page["text"] else None

    after = after_jobs(local_wiki, checked)
    assert after, "the infobox never showed the bot's values"
    box = re.search(r"<table class=\"infobox.*?</table>", after["text"], re.S).group(0)
    assert 'data-partnership-checked="yes"' in box
    assert "Alliance" in box and "Active" in box and ">ally<" not in box and "Ongoing" not in box
    categories = {c["category"].replace("_", " ") for c in after["categories"]}
    assert f"Partnerships {registry.prefix.split('-')[-1].strip('/')} with status Active" in categories
    problems = parse(site, page=registry.settings.pages.problems)["text"]
    assert "Start_Date" in problems and "VisualEditor" in problems  # the spelling only the bot reads


def test_a_page_outside_the_prefix_is_told_so_and_listed_on_the_problems_page(
    local_wiki, site, admin_site, pywikibot, registry
):
    title = f"{registry.prefix}Stray partnership"
    edit(pywikibot, admin_site, title, f"{{{{{registry.schema.template}|name=Stray|partner=Org|type=alliance}}}}")
    rendered = parse(site, page=title)
    assert "not part of the registry" in rendered["text"]
    categories = {c["category"].replace("_", " ") for c in rendered["categories"]}
    assert categories == {registry.settings.deploy.outside_category}
    from bot.wiki import Wiki

    update(local_wiki, Wiki.attach(site), registry.schema, registry.settings)
    problems = parse(site, page=registry.settings.pages.problems)["text"]
    assert "Pages outside the registry" in problems and "Stray partnership" in problems


# --- The overview's drill-down -----------------------------------------------------------


def test_every_count_on_the_overview_opens_a_list_of_exactly_what_it_counts(local_wiki, site, registry):
    overview = page_text(site, registry.settings.pages.overview)
    links = re.findall(r"\[\[:([^#|\]]+)#([^|\]]+)\|(\d+)\]\]", overview)
    lists = registry.settings.pages.lists
    drill = [(page, fragment, int(n)) for page, fragment, n in links if page.startswith(lists)]
    assert len(drill) >= 20
    assert local_wiki.run_script("run-jobs").returncode == 0  # other tests changed the data since
    rendered: dict[str, str] = {}

    def rows(page: str, fragment: str) -> int:
        if page not in rendered:
            rendered[page] = parse(site, page=page)["text"]
        text = rendered[page]
        start = text.index(f'id="{fragment}"')
        nxt = re.search(r"<h[2-6]", text[start:])
        section = text[start : start + nxt.start()] if nxt else text[start:]
        return len(re.findall(r"<tr data-page=", section))

    def agree() -> list:
        rendered.clear()
        return [(p, f, n, rows(p, f)) for p, f, n in drill if rows(p, f) != n] or None

    after_jobs(local_wiki, lambda: agree() is None)
    wrong = agree()
    assert not wrong, wrong


# --- Shards ------------------------------------------------------------------------------------


def test_with_shards_each_infobox_reads_its_own_shard_and_lists_read_all(
    local_wiki, site, admin_site, pywikibot, tmp_path
):
    sharded = make_registry(local_wiki, site, admin_site, pywikibot, tmp_path, shards=3, corpus=False)
    data = json.loads(page_text(site, sharded.settings.pages.data))
    assert len(data["shards"]) == 3 and "records" not in data and data["count"] == 12
    for title in sharded.titles:
        reading = reading_of(site, sharded, title, page_text(site, title))
        assert reading["checked"] is True, title
    count = expand(site, call(sharded.count_template, {"status": "active"}), title="Test")
    assert count == "6"


# --- In the reader's language ---------------------------------------------------------------


def infobox(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """The infobox's HTML and its rows: field -> (label, value), as plain text."""
    box = re.search(r'<table class="infobox partnership-infobox".*?</table>', text, re.S).group(0)
    rows = re.findall(r'<tr data-field="([^"]+)"><th[^>]*>(.*?)</th>\s*<td[^>]*>(.*?)</td>', box, re.S)
    return box, {html.unescape(field): (text_of(label), text_of(value)) for field, label, value in rows}


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def shown_in(messages: Any, registry: Registry, name: str, value: Any) -> list[str]:
    """How the module shows a record's value in a language: labels, country names, dates."""
    spec = registry.schema.by_name[name]
    out = []
    for v in value if isinstance(value, list) else [value]:
        if spec.enum and spec.enum in registry.schema.enums:
            english = {e.id: e.label for e in registry.schema.enums[spec.enum].values}[v]
            out.append(value_label(messages, spec.enum, v, english))
        elif spec.type == "country":
            out.append(messages.country(v, registry.countries.names.get(v, v)))
        elif spec.type == "date" and "-" in v:
            parts = v.split("-")
            month = messages.month(int(parts[1]))
            out.append(f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])}. {month} {parts[0]}")
    return out


def rich_record(registry: Registry, records: dict[str, dict]) -> str:
    """An example page with enumeration values, countries and a written-out date."""
    return next(
        title
        for title, r in sorted(records.items())
        if r.get("countries")
        and r.get("status")
        and r.get("type")
        and "-" in (r.get("start") or "")
        and "Real " not in title
        and "Hostile" not in title
    )


def test_with_uselang_de_the_infobox_is_in_german_labels_values_countries_dates_and_notices(site, registry):
    de = messages_for("de")
    records = data_records(site, registry)
    title = rich_record(registry, records)
    box, rows = infobox(parse(site, page=title, uselang="de")["text"])
    assert 'lang="de"' in box and 'dir="ltr"' in box
    assert rows and {f: label for f, (label, _) in rows.items()} == {
        f: field_label(de, registry.schema.by_name[f]) for f in rows
    }
    english = {spec.label for spec in registry.schema.fields} - {field_label(de, s) for s in registry.schema.fields}
    assert not english & {label for label, _ in rows.values()}, "an English label in a German infobox"
    for name in ("type", "status", "countries", "start"):
        for expected in shown_in(de, registry, name, records[title][name]):
            assert expected in rows[name][1], (name, expected, rows[name])
    assert "Partnerschaftsregister" in box and "Partnerschafts-Bot" in box and "partnerships bot" not in box
    assert "⧼" not in box and "{{PLURAL" not in box


def test_with_uselang_ar_or_lang_ar_the_infobox_reads_right_to_left_in_arabic(site, registry):
    ar = messages_for("ar")
    records = data_records(site, registry)
    title = next(t for t, r in sorted(records.items()) if r["problems"]["error"] and r.get("status"))
    box, rows = infobox(parse(site, page=title, uselang="ar")["text"])
    assert 'lang="ar"' in box and 'dir="rtl"' in box and "float:left" in box
    assert {f: label for f, (label, _) in rows.items()} == {
        f: field_label(ar, registry.schema.by_name[f]) for f in rows
    }
    status = records[title]["status"]
    assert rows["status"][1] == shown_in(ar, registry, "status", status)[0] != status
    notice = re.search(r'class="partnership-notice[^"]*"[^>]*>(.*?)</td>', box, re.S).group(1)
    assert "بوت الشراكات" in notice and "{{PLURAL" not in notice and "⧼" not in notice

    typed = f"{{{{{registry.schema.template}|name=Unsaved|partner=Org|type=alliance|status=active|lang=ar}}}}"
    box, rows = infobox(parse(site, text=typed, title=registry.page("Unsaved"))["text"])
    assert 'lang="ar"' in box and 'dir="rtl"' in box
    assert rows["type"][0] == field_label(ar, registry.schema.by_name["type"])
    assert ar("partnerships-infobox-unchecked")[:20] in text_of(box)  # the notice, in Arabic


def test_a_list_is_in_the_language_of_its_lang_parameter_or_of_the_reader(site, registry):
    de = messages_for("de")
    columns = [registry.schema.by_name[c] for c in registry.settings.index.columns if c != "problems"]
    expected = [field_label(de, spec) for spec in columns] + [de("partnerships-column-problems")]
    for rendered in (
        parse(site, text=call(registry.list_template, {"status": "active", "lang": "de"}), title="Test"),
        parse(site, text=call(registry.list_template, {"status": "active"}), title="Test", uselang="de"),
    ):
        table = re.search(r'<table class="wikitable sortable partnerships-list".*?</table>', rendered["text"], re.S)
        assert table and 'lang="de"' in table.group(0) and 'dir="ltr"' in table.group(0)
        headers = [text_of(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", table.group(0), re.S)]
        assert headers == expected
        cells = {text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", table.group(0), re.S)}
        assert "Aktiv" in cells and "Active" not in cells
    count = expand(site, call(registry.count_template, {"status": "active", "lang": "de"}), title="Test")
    assert count == expand(site, call(registry.count_template, {"status": "active"}), title="Test")
    error = parse(site, text=call(registry.list_template, {"colour": "red", "lang": "de"}), title="Test")["text"]
    assert "Es gibt keinen Filter" in html.unescape(error) and 'lang="de"' in error


def test_a_language_without_messages_or_a_message_a_language_lacks_falls_back_to_english(
    site, admin_site, pywikibot, registry
):
    box, rows = infobox(parse(site, page=rich_record(registry, data_records(site, registry)), uselang="nl")["text"])
    assert {f: label for f, (label, _) in rows.items()} == {f: registry.schema.by_name[f].label for f in rows}
    assert "⧼" not in box and "partnerships bot" in box  # MediaWiki:Lang/nl is missing: {{int:lang}} says "en"

    # The module, deployed a second time with a German catalogue that lacks three messages.
    reduced = f"{registry.module} reduced"
    i18n = json.loads(page_text(site, f"Module:{registry.module}/i18n.json"))
    for key in ("partnerships-field-type", "partnerships-value-status-active", "partnerships-column-problems"):
        del i18n["de"][key]
    edit(
        pywikibot, admin_site, f"Module:{reduced}/schema.json", page_text(site, f"Module:{registry.module}/schema.json")
    )
    edit(pywikibot, admin_site, f"Module:{reduced}/i18n.json", json.dumps(i18n, ensure_ascii=False))
    edit(pywikibot, admin_site, f"Module:{reduced}", page_text(site, f"Module:{registry.module}"))
    text = parse(site, text=f"{{{{#invoke:{reduced}|list|status=active|lang=de}}}}", title="Test")["text"]
    headers = [text_of(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", text, re.S)]
    assert "Type of relationship" in headers and "Problems" in headers and "Ebene" in headers
    assert "Active" in {text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", text, re.S)} and "⧼" not in text


# --- As readers see it, in a browser ---------------------------------------------------------


def test_screenshots_of_an_infobox_with_problems_an_embedded_list_and_the_drill_down(
    browser,
    local_wiki,
    site,
    admin_site,
    pywikibot,
    registry,
):
    from selenium.webdriver.common.by import By

    def url(title: str) -> str:
        return f"{local_wiki.url}/index.php?title={urllib.parse.quote(title.replace(' ', '_'))}"

    OUTPUT.mkdir(parents=True, exist_ok=True)
    assert local_wiki.run_script("run-jobs").returncode == 0
    records = data_records(site, registry)
    troubled = next(t for t, r in sorted(records.items()) if r["problems"]["error"] and not t.endswith(")"))
    browser.get(url(troubled))
    box = browser.find_element(By.CSS_SELECTOR, "table.partnership-infobox")
    assert "problem" in box.find_element(By.CSS_SELECTOR, ".partnership-notice").text
    assert box.screenshot(str(OUTPUT / "infobox-with-problems.png"))

    chapter = f"{registry.prefix}Chapter page"
    edit(
        pywikibot,
        admin_site,
        chapter,
        "Our partnerships: {{" + registry.count_template + "|status=active}} active.\n\n"
        "{{" + registry.list_template + "|status=active|columns=name, partner, regions, start|sort=-start}}",
    )
    browser.get(url(chapter))
    table = browser.find_element(By.CSS_SELECTOR, "table.partnerships-list")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(rows) > 3
    assert browser.save_screenshot(str(OUTPUT / "embedded-list.png"))

    browser.get(url(registry.settings.pages.overview))
    link = browser.find_element(By.CSS_SELECTOR, f"a[href*='{urllib.parse.quote('Lists/status')}']")
    expected = int(link.text)
    link.click()
    fragment = urllib.parse.unquote(browser.current_url.split("#", 1)[1])
    heading = browser.find_element(By.ID, fragment)
    browser.execute_script("arguments[0].scrollIntoView()", heading)
    listed = browser.execute_script(
        """const start = document.getElementById(arguments[0]).closest('h2, h3');
        let node = start.nextElementSibling, rows = 0;
        while (node && !/^H[2-6]$/.test(node.tagName)) {
            rows += node.querySelectorAll('tr[data-page]').length; node = node.nextElementSibling;
        }
        return rows;""",
        fragment,
    )
    assert listed == expected
    assert browser.save_screenshot(str(OUTPUT / "overview-drill-down.png"))
