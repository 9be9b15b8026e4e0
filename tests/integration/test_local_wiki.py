"""The local wiki offers what the bot relies on on Meta-Wiki.

Login with a BotPassword and the bot flag, templates and their TemplateData,
ParserFunctions and Lua, JSON pages, prompt links tables, an administrator who
can protect and delete, and ``local_wiki.py seed``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration


def api_get(api_url: str, **params: str) -> dict:
    query = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
    with urllib.request.urlopen(f"{api_url}?{query}", timeout=30) as response:
        return json.load(response)


def parsed_text(site: Any, wikitext: str) -> str:
    """Return what ``wikitext`` renders to, as plain text."""
    reply = site.simple_request(
        action="parse", text=wikitext, contentmodel="wikitext", prop="text", disablelimitreport=1, formatversion=2
    ).submit()
    return re.sub(r"<[^>]+>", "", reply["parse"]["text"]).strip()


def wiki_file(folder: Path, title: str, text: str) -> Path:
    """Write a seed file named as ``local_wiki.py seed`` expects (URL-encoded title)."""
    path = folder / (urllib.parse.quote(title, safe="") + ".wiki")
    path.write_text(text, encoding="utf-8")
    return path


def test_api_answers_with_mediawiki_1_39(local_wiki):
    general = api_get(local_wiki.api_url, action="query", meta="siteinfo")["query"]["general"]
    assert general["generator"].startswith("MediaWiki 1.39")
    assert general["server"] == local_wiki.url


def test_status_says_running_and_exits_0(local_wiki):
    done = local_wiki.run_script("status")
    assert done.returncode == 0
    assert "running at" in done.stdout


def test_start_refuses_a_second_port_while_running_with_one_clear_line(local_wiki, monkeypatch):
    monkeypatch.setenv("LOCALWIKI_PORT", str(local_wiki.port + 1))
    done = local_wiki.run_script("start")
    if done.returncode == 0:  # a bug: do not leave the second server running
        local_wiki.run_script("stop")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "already served on port" in done.stderr
    assert "Traceback" not in done.stderr


def test_bot_is_logged_in_with_the_bot_and_apihighlimits_rights(site):
    assert site.logged_in()
    assert site.user() == "PartnershipsBot"
    assert site.has_right("bot")
    assert site.has_right("apihighlimits")
    assert site.has_group("bot")
    assert not site.has_group("sysop")


def test_bot_creates_a_page_and_reads_it_back_with_its_revision_id(pywikibot, site, page_prefix):
    page = pywikibot.Page(site, page_prefix + "Hello")
    page.text = "Hello [[world]] & <b>ünïcode</b>"
    page.save(summary="integration test")

    fresh = pywikibot.Page(site, page_prefix + "Hello")
    assert fresh.text == "Hello [[world]] & <b>ünïcode</b>"
    assert fresh.latest_revision_id == page.latest_revision_id
    assert fresh.latest_revision.user == "PartnershipsBot"


def test_bot_edits_are_flagged_as_bot_edits(pywikibot, site, page_prefix):
    page = pywikibot.Page(site, page_prefix + "Flagged")
    page.text = "flagged"
    page.save(summary="integration test")
    changes = site.simple_request(
        action="query", list="recentchanges", rctitle=page.title(), rcprop="flags|ids", formatversion=2
    ).submit()
    assert [change["bot"] for change in changes["query"]["recentchanges"]] == [True]


def test_templatedata_api_answers_for_a_template(pywikibot, site, page_prefix):
    template = pywikibot.Page(site, f"Template:{page_prefix}Box")
    template.text = (
        "<includeonly>{{{name}}}</includeonly><noinclude><templatedata>"
        '{"params": {"name": {"type": "string", "required": true}}}'
        "</templatedata></noinclude>"
    )
    template.save(summary="integration test")
    reply = site.simple_request(action="templatedata", titles=template.title(), formatversion=2).submit()
    (data,) = reply["pages"].values()
    assert data["params"]["name"]["required"] is True


def test_parser_functions_evaluate(site):
    assert parsed_text(site, "{{#if:x|yes|no}}") == "yes"


def test_scribunto_runs_a_lua_module(pywikibot, site, page_prefix):
    module = pywikibot.Page(site, f"Module:{page_prefix}Hello")
    module.text = "local p = {}\nfunction p.hello(frame) return 'Hello ' .. frame.args[1] end\nreturn p"
    module.save(summary="integration test")
    assert module.content_model == "Scribunto"
    assert parsed_text(site, f"{{{{#invoke:{page_prefix}Hello|hello|Lua}}}}") == "Hello Lua"


def test_bot_creates_a_json_page_in_its_user_space(pywikibot, site, page_prefix):
    page = pywikibot.Page(site, f"User:PartnershipsBot/{page_prefix}data.json")
    page.text = '{"partners": [1, 2]}'
    page.save(summary="integration test")

    fresh = pywikibot.Page(site, page.title())
    assert fresh.content_model == "json"
    assert json.loads(fresh.text) == {"partners": [1, 2]}


def test_bot_creates_a_json_page_in_project_space_by_naming_the_model(pywikibot, site, page_prefix):
    page = pywikibot.Page(site, f"Project:{page_prefix}data.json")
    page.text = '{"partners": []}'
    page.save(summary="integration test", contentmodel="json")

    fresh = pywikibot.Page(site, page.title())
    assert fresh.title().startswith("Meta:")
    assert fresh.content_model == "json"


def test_a_transcluding_page_is_listed_by_embeddedin_right_after_the_edit(pywikibot, site, page_prefix):
    template = pywikibot.Page(site, f"Template:{page_prefix}Partnership")
    template.text = "<includeonly>{{{name|}}}</includeonly>"
    template.save(summary="integration test")
    page = pywikibot.Page(site, page_prefix + "Partner")
    page.text = f"{{{{{page_prefix}Partnership|name=OSM}}}}"
    page.save(summary="integration test")

    assert [p.title() for p in template.embeddedin()] == [page.title()]


def test_admin_protects_a_page_so_the_bot_cannot_edit_it_and_deletes_it(pywikibot, site, admin_site, page_prefix):
    page = pywikibot.Page(site, page_prefix + "Guarded")
    page.text = "first"
    page.save(summary="integration test")

    as_admin = pywikibot.Page(admin_site, page.title())
    as_admin.protect(summary="integration test", protections={"edit": "sysop", "move": "sysop"})
    refused = pywikibot.Page(site, page.title())
    refused.text = "second"
    with pytest.raises(pywikibot.exceptions.PageSaveRelatedError):
        refused.save(summary="integration test")

    as_admin.delete(summary="integration test", prompt=False)
    assert not pywikibot.Page(site, page.title()).exists()


def test_seed_loads_a_folder_and_skips_unchanged_pages(local_wiki, pywikibot, site, page_prefix, tmp_path):
    template_title = f"Template:{page_prefix}Card"
    partner_title = f"{page_prefix}Partner & Co"
    wiki_file(tmp_path, template_title, "<includeonly>[[Category:{{{name}}}]]</includeonly>\n")
    partner_file = wiki_file(tmp_path, partner_title, f"{{{{{page_prefix}Card|name=X}}}} <ref>ü & <</ref>\n")
    wiki_file(tmp_path, f"Module:{page_prefix}Seeded", "return {}\r\n")

    first = local_wiki.run_script("seed", "--dir", str(tmp_path))
    assert first.returncode == 0, first.stderr
    partner = pywikibot.Page(site, partner_title)
    assert partner.text == f"{{{{{page_prefix}Card|name=X}}}} <ref>ü & <</ref>"
    assert [p.title() for p in pywikibot.Page(site, template_title).embeddedin()] == [partner_title]
    assert pywikibot.Page(site, f"Module:{page_prefix}Seeded").content_model == "Scribunto"
    assert pywikibot.Page(site, "User:PartnershipsBot/Run").text == "yes"
    assert (
        pywikibot.Page(site, "MediaWiki:Lang").text == "en" and pywikibot.Page(site, "MediaWiki:Lang/ar").text == "ar"
    )

    again = local_wiki.run_script("seed", "--dir", str(tmp_path))
    assert again.returncode == 0, again.stderr
    # 3 files, the run page, and MediaWiki:Lang with a subpage per language of i18n/
    built_in = 1 + len([f for f in (Path(__file__).parents[2] / "i18n").glob("*.json") if f.stem != "qqq"])
    assert f"0 new, 0 changed, {3 + built_in} unchanged" in again.stdout
    assert pywikibot.Page(site, partner_title).latest_revision_id == partner.latest_revision_id

    partner_file.write_text("changed\n", encoding="utf-8")
    changed = local_wiki.run_script("seed", "--dir", str(tmp_path))
    assert changed.returncode == 0, changed.stderr
    fresh = pywikibot.Page(site, partner_title)
    assert fresh.text == "changed"
    assert fresh.latest_revision_id > partner.latest_revision_id
