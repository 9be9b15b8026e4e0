"""The pages deploy writes: sources and slots, the doc, the preload, the main page, summaries."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest

from bot.cli.main import main
from bot.config import RegistryScope, Settings, load_settings, parse_settings
from bot.core.markers import begin_marker, end_marker
from bot.core.onwiki import build_pages, load_sources, titles
from bot.core.onwiki.deploy_edit_summary import edit_summary, parameter_changes
from bot.core.onwiki.pages import SOURCE_DIR, SOURCES, fill, index_region
from bot.core.onwiki.templatedata import templatedata
from bot.errors import ConfigError, OnwikiSourceError
from tests import support

B, E = begin_marker("index"), end_marker("index")


@pytest.fixture(scope="module")
def pages(schema):
    return {
        page.kind if page.kind != "redirect" else page.title: page
        for page in build_pages(schema, Settings(), load_sources(), countries=support.countries())
    }


def test_every_page_is_built_in_deploy_order_with_the_template_first(schema):
    built = build_pages(schema, Settings(), load_sources(), countries=support.countries())
    assert [p.title for p in built] == [
        "Module:Partnerships/schema.json",
        "Module:Partnerships/i18n.json",
        "Module:Partnerships",
        "Module:Partnerships/doc",
        "Template:Partnership",
        "Template:Infobox partnership",
        "Template:Partnership infobox",
        "Template:Partnerships list",
        "Template:Partnerships count",
        "Template:Partnership/doc",
        "Partnerships/Registry/Preload",
        "Partnerships/Registry",
    ]
    wikitext = [p for p in built if p.content_model == "wikitext"]
    assert all(p.text.endswith("\n") and not p.text.endswith("\n\n") for p in wikitext)
    assert {p.title: p.content_model for p in built if p.content_model != "wikitext"} == {
        "Module:Partnerships/schema.json": "json",
        "Module:Partnerships/i18n.json": "json",
        "Module:Partnerships": "Scribunto",
    }


def test_onwiki_holds_no_wiki_files_so_the_seed_never_loads_a_second_copy():
    assert list(SOURCE_DIR.glob("*.wiki")) == []
    assert {p.name for p in SOURCE_DIR.glob("*.wikitext")} | {p.name for p in SOURCE_DIR.glob("*.lua")} == set(
        SOURCES.values()
    )


def test_pages_hold_nothing_the_wiki_rewrites_on_save(pages):
    """A pre-save transform would make every deploy an edit: no signatures, subst: or pipe tricks.

    (``subst:`` inside ``<includeonly>`` or ``<pre>`` is left alone: the preload's name.)
    """
    for page in pages.values():
        if page.content_model == "Scribunto":
            continue
        text = re.sub(r"<pre>.*?</pre>|<includeonly>.*?</includeonly>", "", page.text, flags=re.S)
        assert "~~~" not in text and "subst:" not in text, page.title
        assert not re.search(r"\[\[[^\]|]+\|\]\]", text), page.title


def test_the_redirects_point_at_the_template(pages):
    assert pages["Template:Infobox partnership"].text == "#REDIRECT [[Template:Partnership]]\n"


def test_the_template_includes_the_infobox_and_shows_the_doc_and_templatedata_only_on_its_page(pages):
    text = pages["template"].text
    assert text.startswith("<includeonly>{{#invoke:Partnerships|infobox}}</includeonly>")
    assert "{{Template:Partnership/doc}}" in text
    include = text[: text.index("</includeonly>")]
    assert "<templatedata>" not in include and "<noinclude>" not in include
    assert text.index("<templatedata>") > text.index("<noinclude>")


def test_the_doc_lists_every_parameter_alias_and_accepted_value(schema, pages):
    text = pages["doc"].text
    for spec in schema.fields:
        assert f"| {spec.name}\n" in text or f"| {spec.name} " in text, spec.name
        for alias in spec.aliases:
            assert alias in text
    for item in schema.enums["status"].values:
        assert f"| {item.label}\n" in text
    assert "[[:Category:Partnerships with status On hold|" in text
    assert "[[Category:" not in text


def test_the_doc_shows_the_example_as_code_and_rendered(schema, pages):
    text = pages["doc"].text
    assert text.count("| measures_of_success = 500 images uploaded to Commons in 2019") == 2
    assert "<pre>\n{{Partnership\n| name " in text


def test_the_preload_copies_only_the_skeleton_and_headings_into_a_new_page(schema, pages):
    text = pages["preload"].text
    included = text[text.index("<includeonly>") : text.index("</includeonly>")]
    assert "{{Partnership\n" in included and "== Background ==" in included
    prefilled = "{{subst:#titleparts:{{subst:PAGENAME}}|1|-1}}"
    assert re.search(r"\n\| name +=" + re.escape(" " + prefilled) + "\n", included)
    assert all(re.search(rf"\n\| {spec.name} +=\n", included) for spec in schema.fields if spec.name != "name")
    assert "<noinclude>" not in included and "generated" not in included
    assert "measures_of_success when type is partnership" in included


def test_the_main_page_has_the_create_box_instructions_and_the_index_markers(pages):
    text = pages["main"].text
    box = text[text.index("<inputbox>") : text.index("</inputbox>")]
    assert "type=create" in box and "preload=Partnerships/Registry/Preload" in box
    assert "prefix=Partnerships/" in box and "buttonlabel=Create a partnership page" in box
    assert text.count(B) == 1 and text.count(E) == 1 and text.index(B) < text.index(E)
    assert "{{Partnership|" not in text and "{{Partnership\n" not in text  # never a partnership itself
    assert "measures_of_success when type is partnership" in text


def test_the_create_box_has_no_prefix_when_the_registry_has_none(schema):
    settings = replace(Settings(), registry=RegistryScope(prefix=""))
    main = build_pages(schema, settings, load_sources(), countries=support.countries())[-1]
    assert "prefix=" not in main.text and "the registry's namespaces" in main.text


def test_the_index_the_update_job_wrote_is_carried_over_verbatim(schema):
    current = f"Old intro\n{B}\n''Updated by the bot: 2026-01-01 00:00 (UTC).''\n{{| table\n|}}\n{E}\nOld outro"
    main = build_pages(schema, Settings(), load_sources(), countries=support.countries(), current_main=current)[-1]
    assert f"{B}\n''Updated by the bot: 2026-01-01 00:00 (UTC).''\n{{| table\n|}}\n{E}" in main.text
    assert "Old intro" not in main.text and main.problem is None


def test_a_page_without_markers_gets_them_with_a_placeholder():
    assert index_region(None) == index_region("A page someone wrote") != ""
    assert "next update" in index_region(None)


def test_broken_markers_are_a_problem_and_the_page_falls_back_to_a_placeholder(schema):
    main = build_pages(
        schema, Settings(), load_sources(), countries=support.countries(), current_main=f"{B}a{E}{B}b{E}"
    )[-1]
    assert main.problem and "more than once" in main.problem
    assert main.text.count(B) == 1


def test_an_unknown_or_missing_slot_or_source_is_one_clear_line(tmp_path):
    with pytest.raises(OnwikiSourceError, match=r"onwiki/doc.wikitext uses unknown slot <<paramters>>"):
        fill("<<paramters>>", {"parameters": ""}, name="doc.wikitext")
    with pytest.raises(OnwikiSourceError, match=r"must contain <<index>>"):
        fill("no slot", {"index": ""}, name="registry.wikitext", required=("index",))
    with pytest.raises(OnwikiSourceError, match="missing"):
        load_sources(tmp_path)


def test_titles_follow_the_schema_and_settings(schema):
    names = titles(
        replace(schema, template="Box", redirects=("Old box",)),
        replace(Settings(), pages=replace(Settings().pages, index="Registry main")),
    )
    assert names.all == (
        "Module:Partnerships/schema.json",
        "Module:Partnerships/i18n.json",
        "Module:Partnerships",
        "Module:Partnerships/doc",
        "Template:Box",
        "Template:Old box",
        "Template:Partnerships list",
        "Template:Partnerships count",
        "Template:Box/doc",
        "Partnerships/Registry/Preload",
        "Registry main",
    )


def test_output_writes_the_pages_as_seedable_files_without_a_wiki(tmp_path):
    out = io.StringIO()
    code = main(["deploy", f"-output:{tmp_path}"], out=out, err=out)
    assert code == 0, out.getvalue()
    assert (tmp_path / "Template%3APartnership.wiki").read_text().startswith("<includeonly>")
    languages = load_settings(schema=support.schema()).pages.languages
    assert len(list(tmp_path.glob("*.wiki"))) == 12 + 2 * len(languages)  # a preload and a main page per language
    german = (tmp_path / "Partnerships%2FRegistry%2Fde.wiki").read_text(encoding="utf-8")
    assert german.startswith('<div lang="de" dir="ltr"') and "Partnerschaft hinzufügen" in german
    assert "preload=Partnerships/Registry/Preload/de" in german and "<!-- BEGIN partnerships-bot: index -->" in german
    assert "<!-- Trage ein" in (tmp_path / "Partnerships%2FRegistry%2FPreload%2Fde.wiki").read_text(encoding="utf-8")


def test_a_broken_source_stops_deploy_with_one_line_before_any_wiki_is_touched(tmp_path, monkeypatch):
    for kind, text in load_sources().items():
        (tmp_path / SOURCES[kind]).write_text(text.replace("<<parameters>>", "<<paramters>>"), encoding="utf-8")
    monkeypatch.setattr("bot.core.onwiki.pages.SOURCE_DIR", tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["deploy", "-simulate"], out=out, err=err) == 1
    assert err.getvalue().count("\n") == 1 and "doc.wikitext uses unknown slot <<paramters>>" in err.getvalue()


# --- Edit summaries ------------------------------------------------------------------


def test_a_summary_names_added_removed_and_changed_parameters(schema, pages):
    new = templatedata(schema)
    old = {"params": {k: dict(v) for k, v in new["params"].items() if k != "website"}, "paramOrder": []}
    old["params"]["gone"] = {"label": "Gone"}
    old["params"]["status"]["suggestedvalues"] = ["Active"]
    changes = parameter_changes(old, new)
    text = edit_summary(
        pages["template"], pages["template"].text.replace("|infobox}}", "|box}}"), version=1, changes=changes
    )
    assert text.startswith("Deploy from schema v1: ")
    assert "1 parameter added: website" in text and "1 parameter removed: gone" in text
    assert "status changed (suggested values)" in text and "infobox code updated" in text


def test_a_summary_says_new_page_redirect_or_how_many_lines(pages):
    assert edit_summary(pages["doc"], None, version=1, changes=None) == "Deploy from schema v1: new page"
    redirect = pages["Template:Infobox partnership"]
    assert "redirect to Template:Partnership" in edit_summary(redirect, "#REDIRECT [[X]]", version=1, changes=None)
    assert "+1/-0 lines" in edit_summary(
        pages["preload"],
        pages["preload"].text.replace("== Contacts ==\n", ""),
        version=1,
        changes=parameter_changes({"params": {}}, {"params": {}}),
    )
    assert "the index is kept" in edit_summary(pages["main"], "old", version=1, changes=None)


def test_a_forced_summary_names_whose_edits_it_replaces(pages):
    text = edit_summary(pages["doc"], "old", version=1, changes=None, overwrites=["Admin", "Someone"])
    assert text.endswith("replaces edits by Admin, Someone (-force)")


# --- [deploy] in config/bot.toml -------------------------------------------------------


def test_the_shipped_deploy_settings_load_and_name_the_categories(schema):
    deploy = load_settings(schema=schema).deploy
    assert deploy.category == "Partnerships" and deploy.category_fields == ("type", "status")
    assert deploy.value_category_for("status", "On hold") == "Partnerships with status On hold"


@pytest.mark.parametrize(
    "section, words",
    [
        ({"value_category": "Partnerships by status"}, ["[deploy] value_category", "{value}"]),
        ({"missing_category": "Bad [name]"}, ["[deploy] missing_category", "page title"]),
        ({"category_fields": ["areas"]}, ["[deploy] category_fields", "'areas'", "single-valued"]),
        ({"category_fields": ["budget"]}, ["[deploy] category_fields", "'budget'"]),
    ],
)
def test_a_mistake_in_the_deploy_section_is_one_line_naming_the_key(schema, section, words):
    with pytest.raises(ConfigError) as caught:
        parse_settings({"deploy": section}, schema=schema)
    assert "\n" not in str(caught.value) and all(word in str(caught.value) for word in words)
